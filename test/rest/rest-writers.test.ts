// The REST query service's record writer chooses each column's writer once per answer (bench/writers.ts); this checks
// it, for random values of every catalog field type and for real lowered queries, against the per-value forms it
// replaces (restSelectValue and restHref: keys and ids as strings, seed rest-query-service "key": "527"; enum REST
// names; money as text except creditLimit, catalog README "Money"; aggregates count/sum/avg as strings, seed
// §Aggregate functions).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../../src/catalog/catalog.ts';
import type { FieldValue } from '../../src/catalog/field-values.ts';
import type { CatalogField } from '../../src/catalog/types.ts';
import { lowerRestQuery } from '../../src/protocols/rest/lower-query.ts';
import { restRecords, restRowWriter } from '../../src/protocols/rest/run-rest-query.ts';
import { restHref, restSelectValue, restSelectWriter } from '../../src/protocols/rest/rest-values.ts';
import { bindQuery } from '../../src/query/bind.ts';
import type { BoundSelect } from '../../src/query/ir/bound.ts';

const catalog = buildCatalog();
const ctx = { scope: { companyKey: 1, entity: { kind: 'all' as const } }, now: '2026-12-01T00:00:00Z' };

/** A stored value of the field's type, as the drivers answer it (integers as numbers or digit strings). */
function storedValue(field: CatalogField): fc.Arbitrary<FieldValue> {
  const text = fc.oneof(fc.string(), fc.constantFrom('a,b', 'say "hi"', '<&>', 'é€😀'));
  const decimal = fc
    .tuple(fc.integer({ min: -1e9, max: 1e9 }), fc.option(fc.stringMatching(/^[0-9]{1,6}$/), { nil: undefined }))
    .map(([i, f]) => (f === undefined ? String(i) : `${i}.${f}`));
  const date = fc.date({ min: new Date('1990-01-01'), max: new Date('2099-12-31'), noInvalidDate: true });
  const v: fc.Arbitrary<FieldValue> = (() => {
    switch (field.type) {
      case 'integer':
        return fc.oneof(fc.integer(), fc.integer().map(String));
      case 'decimal':
      case 'currency':
        return decimal;
      case 'date':
        return date.map((d) => d.toISOString().slice(0, 10));
      case 'datetime':
        return date.map((d) => `${d.toISOString().slice(0, 19)}Z`);
      case 'boolean':
        return fc.boolean();
      case 'enum':
        return (field.enumValues ?? []).length > 0
          ? fc.oneof(fc.constantFrom(...(field.enumValues ?? []).map((e) => e.xml)), text)
          : text;
      case 'text':
        return text;
    }
  })();
  return fc.option(v, { nil: null });
}

const restFields = catalog.objects
  .filter((o) => o.restName)
  .flatMap((object) => object.fields.filter((f) => f.restPath).map((field) => ({ object, field })));

describe('REST record writer', () => {
  it('a column writer chosen once writes what restSelectValue writes, for every field and aggregate', () => {
    const fns = [null, 'count', 'sum', 'avg', 'min', 'max'] as const;
    fc.assert(
      fc.property(
        fc
          .constantFrom(...restFields)
          .chain((f) => fc.tuple(fc.constant(f), storedValue(f.field), fc.constantFrom(...fns))),
        ([{ object, field }, v, fn]) => {
          const ref = { alias: 't', object, field, path: field.restPath! };
          const s: BoundSelect = fn === null ? { kind: 'field', ref } : { kind: 'aggregate', fn, ref };
          expect(restSelectWriter(s)(v)).toStrictEqual(restSelectValue(s, v));
        },
      ),
      { numRuns: 500 },
    );
  });

  // Real bodies through the lowering and binding, href among the fields (document lines name their document type).
  const bodies = [
    {
      object: 'accounts-payable/bill',
      fields: ['key', 'id', 'vendor.id', 'state', 'totalTxnAmount', 'createdDate', 'audit.modifiedDateTime', 'href'],
    },
    { object: 'accounts-payable/vendor', fields: ['href', 'id', 'name', 'status', 'creditLimit', 'totalDue'] },
    { object: 'order-entry/document-line', fields: ['id', 'href'] },
  ];

  for (const body of bodies)
    it(`records of ${body.object} equal the objects of each value written one at a time`, () => {
      const rest = lowerRestQuery(body);
      const bound = bindQuery(catalog, rest.request, ctx);
      const row = fc.tuple(...bound.select.map((s) => storedValue(s.ref.field)));
      fc.assert(
        fc.property(fc.array(row, { maxLength: 5 }), (rows) => {
          const plain = rows.map((r) =>
            Object.fromEntries(
              rest.fields.map((f, i) => {
                const k = rest.href && i > rest.href.position ? i - 1 : i;
                if (f === 'href' && rest.href) {
                  const docType = rest.href.documentTypeIndex === null ? null : r[rest.href.documentTypeIndex]!;
                  return [f, restHref(bound.object, r[rest.href.keyIndex]!, docType)];
                }
                return [f, restSelectValue(bound.select[k]!, r[k] ?? null)];
              }),
            ),
          );
          expect(restRecords(bound, rest, rows)).toStrictEqual(plain);
          expect(JSON.stringify(restRecords(bound, rest, rows))).toBe(JSON.stringify(plain));
          const write = restRowWriter(bound, rest);
          expect(rows.map((r) => write(r))).toStrictEqual(plain.map((p) => Object.values(p)));
        }),
      );
    });
});
