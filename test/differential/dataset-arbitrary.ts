// Random datasets: rows of the connected objects for two companies, in public and private entities, drawn from small
// shared domains.

import fc from 'fast-check';
import { COMPANY_COLUMN, ENTITY_COLUMN, storedFields, type Catalog } from '../../src/catalog/catalog.ts';
import type { CatalogObject } from '../../src/catalog/types.ts';
import type { Dataset, Row } from '../../src/query/evaluate.ts';
import type { FieldValue } from '../../src/catalog/field-values.ts';
import { uniqueIdColumn } from '../../src/catalog/unique-ids.ts';
import { COMPANIES, domainOf, ENTITIES, jobId, keyField, KEYS_PER_COMPANY, keyOffset, OBJECTS } from './domains.ts';

/** Up to this many rows per object and company: enough for duplicates and multiplied joins, few enough for matches. */
const MAX_ROWS = 6;

function rowArbitrary(o: CatalogObject, companyKey: number): fc.Arbitrary<Row> {
  const key = keyField(o);
  const columns: Record<string, fc.Arbitrary<FieldValue>> = { [COMPANY_COLUMN]: fc.constant(companyKey) };
  if (o.entityScoped) columns[ENTITY_COLUMN] = fc.option(fc.constantFrom(...ENTITIES), { freq: 3 });
  for (const f of storedFields(o)) {
    if (f.column === ENTITY_COLUMN) continue;
    columns[f.column!] =
      f === key
        ? fc
            .integer({ min: 1, max: KEYS_PER_COMPANY })
            .map((n) => (key.type === 'integer' ? n + keyOffset(companyKey) : jobId(companyKey, n)))
        : fc.option(fc.constantFrom(...domainOf(o, f)), { freq: 4 });
  }
  return fc.record(columns);
}

function objectRows(o: CatalogObject): fc.Arbitrary<Row[]> {
  const keyColumn = keyField(o).column!;
  // IDs are unique per company, as ledgerq's unique index (company_key, ID) keeps them: a repeated ID keeps its first
  // row.
  const idColumn = uniqueIdColumn(o);
  const uniqueIds = (rows: Row[]) =>
    idColumn
      ? rows.filter((r, i) => r[idColumn] == null || rows.findIndex((x) => x[idColumn] === r[idColumn]) === i)
      : rows;
  return fc
    .tuple(
      ...COMPANIES.map((c) =>
        fc.uniqueArray(rowArbitrary(o, c), { maxLength: MAX_ROWS, selector: (r) => r[keyColumn] }).map(uniqueIds),
      ),
    )
    .map((perCompany) => perCompany.flat());
}

export function datasetArbitrary(catalog: Catalog): fc.Arbitrary<Dataset> {
  const objects = OBJECTS.map((name) => catalog.require(name));
  return fc
    .tuple(...objects.map(objectRows))
    .map((tables) => Object.fromEntries(objects.map((o, i) => [o.table, tables[i]!])));
}

/** Columns a generated row of `o` has, in table order: company, entity (if scoped), then each stored field. */
export function datasetColumns(
  o: CatalogObject,
): { readonly column: string; readonly field: ReturnType<typeof storedFields>[number] | null }[] {
  return [
    { column: COMPANY_COLUMN, field: null },
    ...(o.entityScoped ? [{ column: ENTITY_COLUMN, field: null }] : []),
    ...storedFields(o)
      .filter((f) => f.column !== ENTITY_COLUMN)
      .map((f) => ({ column: f.column!, field: f })),
  ];
}
