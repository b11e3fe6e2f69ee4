// XML text helpers for the page: escaping, parsing the gateway's answers, and turning a <data> element into rows.

export function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The parsed document, or null when the text is not well-formed XML. */
export function parseXmlText(text: string): Document | null {
  const doc = new DOMParser().parseFromString(text, 'application/xml');
  return doc.getElementsByTagName('parsererror').length > 0 ? null : doc;
}

export type Row = Record<string, string>;

/** Each record under <data> becomes one row of its child elements' texts; nested elements are flattened with dots. */
export function rowsOf(data: Element | null): { columns: string[]; rows: Row[] } {
  const columns: string[] = [];
  const rows: Row[] = [];
  if (!data) return { columns, rows };
  const add = (row: Row, prefix: string, e: Element) => {
    for (const c of e.children) {
      const name = prefix + c.tagName;
      if (c.children.length > 0) {
        add(row, `${name}.`, c);
        continue;
      }
      if (!columns.includes(name)) columns.push(name);
      row[name] = c.textContent ?? '';
    }
  };
  for (const record of data.children) {
    const row: Row = {};
    add(row, '', record);
    rows.push(row);
  }
  return { columns, rows };
}
