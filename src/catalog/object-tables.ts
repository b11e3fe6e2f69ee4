// Each catalog object's table: typed columns, the company (and entity) key, and the indexes its reads need.

import {
  column,
  type ColumnKind,
  type ColumnSpec,
  type IndexSpec,
  index,
  type TableSpec,
} from '../store/table-spec.ts';
import { COMPANY_COLUMN, ENTITY_COLUMN, findField, storedFields } from './catalog.ts';
import type { CatalogObject, FieldType } from './types.ts';
import { uniqueIdColumn } from './unique-ids.ts';

/**
 * Every catalog type's storage class. Decimal and currency values are scaled
 * integers (10^scale) on both databases: SQLite has no decimal type, and
 * integer sums are exact on both.
 */
export function columnKindOf(type: FieldType): ColumnKind {
  switch (type) {
    case 'text':
    case 'enum':
      return 'text';
    case 'integer':
    case 'decimal':
    case 'currency':
      return 'bigint';
    case 'boolean':
      return 'boolean';
    case 'date':
      return 'date';
    case 'datetime':
      return 'datetime';
  }
}

/** Fields indexed beside keys and relationships: incremental sync and date-range queries. */
const INDEXED_FIELDS = ['WHENMODIFIED', 'WHENCREATED'];

export function objectTable(o: CatalogObject): TableSpec {
  const key = findField(o, o.keyField)!.column!;
  // Called company_id before 0.2.0.
  const columns: ColumnSpec[] = [column(COMPANY_COLUMN, 'integer', true, ['company_id'])];
  const hasEntityField = o.fields.some((f) => f.column === ENTITY_COLUMN);
  if (o.entityScoped && !hasEntityField) columns.push(column(ENTITY_COLUMN, 'text'));
  for (const f of storedFields(o)) columns.push(column(f.column!, columnKindOf(f.type), f.column === key));

  const indexed = new Set<string>([key]);
  const indexes: IndexSpec[] = [];
  const add = (c: string | null | undefined) => {
    if (!c || indexed.has(c)) return;
    indexed.add(c);
    // The key trails every index, so a filter on the column also reads rows in key order (the default order) without
    // a sort.
    indexes.push(index(o.table, [COMPANY_COLUMN, c, key]));
  };
  if (o.idField) add(findField(o, o.idField)?.column);
  for (const r of o.relationships) if (r.kind === 'many-to-one') add(findField(o, r.relatedBy.local)?.column);
  for (const name of INDEXED_FIELDS) add(findField(o, name)?.column);
  if (o.entityScoped) add(ENTITY_COLUMN);
  // Two racing creates of one VENDORID both pass the write path's check; this index lets only one commit.
  const uniqueId = uniqueIdColumn(o);
  if (uniqueId) indexes.push(index(o.table, [COMPANY_COLUMN, uniqueId], true));
  return { name: o.table, columns, primaryKey: [COMPANY_COLUMN, key], indexes, scope: 'company' };
}
