// The gateway's record writers (records as XML, query's returnformat json and csv) are written as text for speed
// (bench/writers.ts); this checks them, for random values and names, against the plain forms they replace: JSON of the
// objects, the element per field, the quoted CSV cell (intacct-responses fact 21: empty values are written
// `<FIELD></FIELD>`; seed xml-query-and-readbyquery.txt: json values are strings, csv quotes values with commas).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../../src/catalog/catalog.ts';
import type { FieldValue } from '../../src/catalog/field-values.ts';
import { recordsCsv, recordsJson, recordsXml, type Columns } from '../../src/protocols/xml/xml-records.ts';
import { escapeText } from '../../src/protocols/xml/xml-writer.ts';
import { bareDecimal, formatSelectValue, selectFormatter } from '../../src/protocols/xml/xml-values.ts';
import type { BoundSelect } from '../../src/query/ir/bound.ts';

const catalog = buildCatalog();
const vendor = catalog.require('VENDOR');
const textFields = vendor.fields.filter((f) => f.type === 'text');

const columns = fc
  .uniqueArray(fc.constantFrom(...textFields), { minLength: 0, maxLength: 6, selector: (f) => f.xmlId })
  .chain((fields) =>
    // A name may be selected twice (the second time under the same label).
    fc.boolean().map((twice): Columns => {
      const chosen = twice && fields.length > 0 ? [...fields, fields[0]!] : fields;
      const selects: BoundSelect[] = chosen.map((field) => ({
        kind: 'field',
        ref: { alias: 't', object: vendor, field, path: field.xmlId },
      }));
      return { labels: chosen.map((f) => f.xmlId), selects };
    }),
  );
const text = fc.oneof(fc.string(), fc.constantFrom('a,b', 'say "hi"', 'x\ny', '<&>', '\u0001', 'é€😀'));
const table = columns.chain((cols) =>
  fc
    .array(fc.array(fc.option(text, { nil: null }), { minLength: cols.labels.length, maxLength: cols.labels.length }), {
      maxLength: 5,
    })
    .map((rows) => ({ cols, rows: rows as FieldValue[][] })),
);

const value = (cols: Columns, row: readonly FieldValue[], i: number) =>
  formatSelectValue(cols.selects[i]!, row[i] ?? null);

const fields = catalog.objects.flatMap((object) => object.fields.map((field) => ({ object, field })));
const decimal = fc
  .tuple(fc.integer({ min: -1e9, max: 1e9 }), fc.option(fc.stringMatching(/^[0-9]{1,6}$/), { nil: undefined }))
  .map(([i, f]) => (f === undefined ? String(i) : `${i}.${f}`));
const date = fc.date({ min: new Date('1990-01-01'), max: new Date('2099-12-31'), noInvalidDate: true });

/** The plain csv: every cell checked and quoted when it holds a quote, comma or line break. */
function plainCsv(cols: Columns, rows: readonly FieldValue[][]): string {
  const cell = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const lines = [
    cols.labels.map(cell).join(','),
    ...rows.map((row) => cols.labels.map((_, i) => cell(value(cols, row, i))).join(',')),
  ];
  return `${lines.join('\n')}\n`;
}

describe('record writers', () => {
  it('json equals JSON.stringify of the records as objects', () => {
    fc.assert(
      fc.property(table, ({ cols, rows }) => {
        const objects = rows.map((row) => Object.fromEntries(cols.labels.map((l, i) => [l, value(cols, row, i)])));
        expect(recordsJson(cols, rows)).toBe(JSON.stringify(objects));
        expect(JSON.parse(recordsJson(cols, rows))).toEqual(objects);
      }),
    );
  });

  it('xml writes one element per selected field, escaped, empty ones as <F></F>', () => {
    fc.assert(
      fc.property(table, ({ cols, rows }) => {
        const expected = rows
          .map(
            (row) =>
              `<VENDOR>${cols.labels.map((l, i) => `<${l}>${escapeText(value(cols, row, i))}</${l}>`).join('')}</VENDOR>`,
          )
          .join('');
        expect(recordsXml('VENDOR', cols, rows)).toBe(expected);
      }),
    );
  });

  it('csv writes a header and a line per record, quoting cells with quotes, commas or line breaks', () => {
    fc.assert(
      fc.property(table, ({ cols, rows }) => {
        expect(recordsCsv(cols, rows)).toBe(plainCsv(cols, rows));
      }),
    );
  });

  it('a column writer chosen once writes what formatSelectValue writes, for every field type of the catalog', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...fields),
        fc.integer(),
        decimal,
        date,
        fc.boolean(),
        text,
        (f, int, dec, d, b, t) => {
          const values: Record<string, FieldValue> = {
            integer: int,
            decimal: dec,
            currency: dec,
            date: d.toISOString().slice(0, 10),
            datetime: `${d.toISOString().slice(0, 19)}Z`,
            boolean: b,
            text: t,
            enum: t,
          };
          const s: BoundSelect = {
            kind: 'field',
            ref: { alias: 't', object: f.object, field: f.field, path: f.field.xmlId },
          };
          for (const v of [values[f.field.type]!, null]) expect(selectFormatter(s)(v)).toBe(formatSelectValue(s, v));
        },
      ),
    );
  });

  it('csv of columns of every field type quotes what the plain cell quotes (numbers and dates are not checked)', () => {
    const byType: Record<string, fc.Arbitrary<FieldValue>> = {
      integer: fc.oneof(fc.integer(), fc.integer().map(String)),
      decimal,
      currency: decimal,
      date: date.map((d) => d.toISOString().slice(0, 10)),
      datetime: date.map((d) => `${d.toISOString().slice(0, 19)}Z`),
      boolean: fc.boolean(),
      text,
      enum: text,
    };
    const fns = ['count', 'sum', 'avg', 'min', 'max'] as const;
    const table = fc
      .array(fc.tuple(fc.constantFrom(...fields), fc.option(fc.constantFrom(...fns), { nil: null })), {
        minLength: 1,
        maxLength: 6,
      })
      .chain((chosen) => {
        const selects = chosen.map(
          ([f, fn]): BoundSelect =>
            fn === null
              ? { kind: 'field', ref: { alias: 't', object: f.object, field: f.field, path: f.field.xmlId } }
              : { kind: 'aggregate', fn, ref: { alias: 't', object: f.object, field: f.field, path: f.field.xmlId } },
        );
        // count, sum and avg answer numbers whatever the field.
        const value = (s: BoundSelect) =>
          s.kind === 'aggregate' && s.fn !== 'min' && s.fn !== 'max' ? decimal : byType[s.ref.field.type]!;
        const cols: Columns = { labels: chosen.map(([f]) => f.field.xmlId), selects };
        return fc
          .array(fc.tuple(...selects.map((s) => fc.option(value(s), { nil: null }))), { maxLength: 5 })
          .map((rows) => ({ cols, rows: rows as FieldValue[][] }));
      });
    fc.assert(
      fc.property(table, ({ cols, rows }) => {
        expect(recordsCsv(cols, rows)).toBe(plainCsv(cols, rows));
      }),
      { numRuns: 500 },
    );
  });

  it('bareDecimal drops trailing zeros and a bare point, as Intacct writes amounts (intacct-responses fact 31)', () => {
    const plain = (x: string) => (x.includes('.') ? x.replace(/0+$/, '').replace(/\.$/, '') : x);
    fc.assert(
      fc.property(fc.stringMatching(/^-?[0-9]{0,5}(\.[0-9]{0,5})?$/), (x) => {
        expect(bareDecimal(x)).toBe(plain(x));
      }),
    );
    expect(['205375', '1679615.93', '1679615.930', '10.00', '100', '0.0'].map(bareDecimal)).toEqual([
      '205375',
      '1679615.93',
      '1679615.93',
      '10',
      '100',
      '0',
    ]);
  });
});
