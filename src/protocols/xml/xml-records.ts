// Query rows as gateway records: one element per row named for the object, one child per selected column, in selection
// order.

import type { BoundSelect } from '../../query/ir/bound.ts';
import type { FieldValue } from '../../catalog/field-values.ts';
import { el, textEl } from './xml-writer.ts';
import { formatSelectValue } from './xml-values.ts';

export interface Columns {
  readonly labels: readonly string[];
  readonly selects: readonly BoundSelect[];
}

/** Empty values are written `<FIELD></FIELD>`, never left out (intacct-responses fact 21). */
export function recordsXml(tag: string, cols: Columns, rows: readonly (readonly FieldValue[])[]): string {
  let out = '';
  for (const row of rows) {
    let inner = '';
    for (let i = 0; i < cols.labels.length; i++)
      inner += textEl(cols.labels[i]!, formatSelectValue(cols.selects[i]!, row[i] ?? null));
    out += el(tag, inner);
  }
  return out;
}

/** query's returnformat json: a bare array of objects whose values are all strings (seed: "TOTALDUE": "3797"). */
export function recordsJson(cols: Columns, rows: readonly (readonly FieldValue[])[]): string {
  return JSON.stringify(
    rows.map((row) =>
      Object.fromEntries(cols.labels.map((l, i) => [l, formatSelectValue(cols.selects[i]!, row[i] ?? null)])),
    ),
  );
}

function csvCell(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** query's returnformat csv: a header of the selected names, then rows; values holding commas are quoted (seed: 1010,"Ackman, Alice",3797). */
export function recordsCsv(cols: Columns, rows: readonly (readonly FieldValue[])[]): string {
  const lines = [cols.labels.map(csvCell).join(',')];
  for (const row of rows)
    lines.push(cols.labels.map((_, i) => csvCell(formatSelectValue(cols.selects[i]!, row[i] ?? null))).join(','));
  return `${lines.join('\n')}\n`;
}
