// Query rows as gateway records: one element per row named for the object, one child per selected column, in selection
// order.

import type { BoundSelect } from '../../query/ir/bound.ts';
import type { FieldValue } from '../../catalog/field-values.ts';
import { escapeText } from './xml-writer.ts';
import { selectFormatter } from './xml-values.ts';

export interface Columns {
  readonly labels: readonly string[];
  readonly selects: readonly BoundSelect[];
}

/** Each column's value writer, chosen once per answer rather than per value (the writers' hot loop). */
function columnFormatters(cols: Columns): ((v: FieldValue) => string)[] {
  return cols.selects.map(selectFormatter);
}

/** Empty values are written `<FIELD></FIELD>`, never left out (intacct-responses fact 21). */
export function recordsXml(tag: string, cols: Columns, rows: readonly (readonly FieldValue[])[]): string {
  const n = cols.labels.length;
  const opens = cols.labels.map((l) => `<${l}>`);
  const closes = cols.labels.map((l) => `</${l}>`);
  const format = columnFormatters(cols);
  const open = `<${tag}>`;
  const close = `</${tag}>`;
  let out = '';
  for (const row of rows) {
    out += open;
    for (let i = 0; i < n; i++) out += opens[i]! + escapeText(format[i]!(row[i] ?? null)) + closes[i]!;
    out += close;
  }
  return out;
}

/** query's returnformat json: a bare array of objects whose values are all strings (seed: "TOTALDUE": "3797"). */
export function recordsJson(cols: Columns, rows: readonly (readonly FieldValue[])[]): string {
  const format = columnFormatters(cols);
  return JSON.stringify(
    rows.map((row) => Object.fromEntries(cols.labels.map((l, i) => [l, format[i]!(row[i] ?? null)]))),
  );
}

const CSV_SPECIAL = /[",\r\n]/;

function csvCell(s: string): string {
  return CSV_SPECIAL.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * Each column's csv cell writer. Numbers, booleans and dates are written from digits, signs, points, slashes, colons,
 * letters and spaces (xml-values.ts), so only text and enum values are checked for a character that needs quoting.
 */
function csvFormatter(s: BoundSelect): (v: FieldValue) => string {
  const format = selectFormatter(s);
  const plain =
    s.kind === 'aggregate' ? s.fn === 'count' || s.fn === 'sum' || s.fn === 'avg' || plainType(s) : plainType(s);
  return plain ? format : (v) => csvCell(format(v));
}

function plainType(s: BoundSelect): boolean {
  const t = s.ref.field.type;
  return t !== 'text' && t !== 'enum';
}

/** query's returnformat csv: a header of the selected names, then rows; values holding commas are quoted (seed: 1010,"Ackman, Alice",3797). */
export function recordsCsv(cols: Columns, rows: readonly (readonly FieldValue[])[]): string {
  const n = cols.labels.length;
  const format = cols.selects.map(csvFormatter);
  const lines = new Array<string>(rows.length + 1);
  lines[0] = cols.labels.map(csvCell).join(',');
  // One cells array reused for every row: an array and a closure per row cost more than the text (bench/writers.ts).
  const cells = new Array<string>(n);
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    for (let i = 0; i < n; i++) cells[i] = format[i]!(row[i] ?? null);
    lines[r + 1] = cells.join(',');
  }
  return `${lines.join('\n')}\n`;
}
