// A data table in a horizontally scrolling, focusable region, with optional sortable headers and a cell renderer.

import { h } from './dom.ts';
import type { Row } from './xml.ts';

export interface TableOptions {
  readonly caption: string;
  readonly columns: readonly string[];
  readonly rows: readonly Row[];
  /** Columns the user may sort by; clicking a header calls onSort. */
  readonly sort?: {
    readonly column: string;
    readonly descending: boolean;
    readonly sortable: readonly string[];
    onSort(column: string): void;
  };
  readonly cell?: (column: string, row: Row) => Node | string;
  readonly rowClass?: (row: Row) => string | null;
}

const NUMERIC = /^-?\d+(\.\d+)?$/;

export function dataTable(o: TableOptions): HTMLDivElement {
  const head = h(
    'tr',
    {},
    o.columns.map((c) => {
      const sort = o.sort;
      if (!sort?.sortable.includes(c)) return h('th', { scope: 'col' }, c);
      const current = sort.column === c;
      return h(
        'th',
        { scope: 'col', 'aria-sort': current ? (sort.descending ? 'descending' : 'ascending') : 'none' },
        h(
          'button',
          { type: 'button', onclick: () => sort.onSort(c), 'aria-label': `Sort by ${c}` },
          c,
          current ? (sort.descending ? ' ▼' : ' ▲') : '',
        ),
      );
    }),
  );
  const body = o.rows.map((r) =>
    h(
      'tr',
      { class: o.rowClass?.(r) ?? null },
      o.columns.map((c) => {
        const v = r[c] ?? '';
        return h('td', { class: NUMERIC.test(v) ? 'num' : null }, o.cell ? o.cell(c, r) : v);
      }),
    ),
  );
  // The wrapper scrolls sideways on narrow windows; it is focusable so the keyboard can scroll it too.
  return h(
    'div',
    { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': o.caption },
    h(
      'table',
      {},
      h('caption', { class: 'muted', style: 'text-align:left;padding:.3rem .5rem' }, o.caption),
      h('thead', {}, head),
      h(
        'tbody',
        {},
        body.length ? body : [h('tr', {}, h('td', { colspan: Math.max(1, o.columns.length) }, 'No rows.'))],
      ),
    ),
  );
}
