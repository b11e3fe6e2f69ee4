// The schema ledgerq wants: tenancy tables plus one table per catalog object, as data the migrator diffs against the
// database.

import { createHash } from 'node:crypto';
import { COMPANY_COLUMN, ENTITY_COLUMN, findField, storedFields, type Catalog } from '../catalog/catalog.ts';
import type { CatalogObject } from '../catalog/types.ts';
import { columnKindOf, type ColumnKind } from './dialect.ts';
import { OAUTH_TABLES } from '../auth/oauth.ts';
import { XML_GATEWAY_TABLES } from '../protocols/xml/gateway-tables.ts';
import { WRITE_TABLES } from '../writes/write-tables.ts';
import { uniqueIdColumn } from '../writes/unique-ids.ts';
import { JOB_TABLES } from '../jobs/job-tables.ts';
import { JOB_FILE_TABLES } from '../jobs/job-file-store.ts';
import { JOB_RESULT_TABLES } from '../jobs/job-result-tables.ts';
import { COMPANY_SETTINGS_TABLES } from '../emulator/company-settings.ts';
import { METER_TABLES } from '../emulator/meter-store.ts';
import { JOURNAL_TABLES } from '../emulator/journal-store.ts';
import { SNAPSHOT_TABLES } from '../emulator/snapshot-tables.ts';

export interface ColumnSpec {
  readonly name: string;
  readonly kind: ColumnKind;
  readonly notNull: boolean;
}

export interface IndexSpec {
  readonly name: string;
  readonly columns: readonly string[];
  readonly unique: boolean;
}

export interface TableSpec {
  readonly name: string;
  readonly columns: readonly ColumnSpec[];
  /** Empty when a `serial` column is the key. */
  readonly primaryKey: readonly string[];
  readonly indexes: readonly IndexSpec[];
}

const col = (name: string, kind: ColumnKind, notNull = false): ColumnSpec => ({ name, kind, notNull });

export function indexName(table: string, columns: readonly string[], unique = false): string {
  const name = `${unique ? 'ux' : 'ix'}_${table}_${columns.join('_')}`;
  if (name.length <= 60) return name;
  return `${name.slice(0, 48)}_${createHash('sha1').update(name).digest('hex').slice(0, 10)}`;
}

function index(table: string, columns: string[], unique = false): IndexSpec {
  return { name: indexName(table, columns, unique), columns, unique };
}

/** Companies, entities, users, web-services senders and OAuth clients. Sessions arrive with the XML gateway. */
export const TENANCY_TABLES: readonly TableSpec[] = [
  {
    name: 'lq_company',
    columns: [
      col('id', 'serial'),
      col('company_id', 'text', true),
      col('name', 'text', true),
      col('service_level', 'text', true),
      col('multi_entity', 'boolean', true),
      col('created_at', 'datetime', true),
    ],
    primaryKey: [],
    indexes: [index('lq_company', ['company_id'], true)],
  },
  {
    name: 'lq_entity',
    columns: [
      col('company_id', 'integer', true),
      col('entity_id', 'text', true),
      col('name', 'text', true),
      col('private', 'boolean', true),
    ],
    primaryKey: ['company_id', 'entity_id'],
    indexes: [],
  },
  {
    name: 'lq_user',
    columns: [
      col('company_id', 'integer', true),
      col('user_id', 'text', true),
      col('password_hash', 'text', true),
      col('role', 'text', true),
      col('status', 'text', true),
      // A user restricted to one entity logs into it and sees nothing else.
      col('entity_id', 'text'),
    ],
    primaryKey: ['company_id', 'user_id'],
    indexes: [],
  },
  {
    name: 'lq_sender',
    columns: [col('sender_id', 'text', true), col('password_hash', 'text', true), col('status', 'text', true)],
    primaryKey: ['sender_id'],
    indexes: [],
  },
  {
    name: 'lq_sender_company',
    columns: [col('sender_id', 'text', true), col('company_id', 'integer', true)],
    primaryKey: ['sender_id', 'company_id'],
    indexes: [],
  },
  {
    name: 'lq_oauth_client',
    columns: [col('client_id', 'text', true), col('secret_hash', 'text', true), col('name', 'text', true)],
    primaryKey: ['client_id'],
    indexes: [],
  },
  {
    name: 'lq_oauth_client_company',
    columns: [col('client_id', 'text', true), col('company_id', 'integer', true)],
    primaryKey: ['client_id', 'company_id'],
    indexes: [],
  },
];

/** Fields indexed beside keys and relationships: incremental sync and date-range queries. */
const INDEXED_FIELDS = ['WHENMODIFIED', 'WHENCREATED'];

export function objectTable(o: CatalogObject): TableSpec {
  const key = findField(o, o.keyField)!.column!;
  const columns: ColumnSpec[] = [col(COMPANY_COLUMN, 'integer', true)];
  const hasEntityField = o.fields.some((f) => f.column === ENTITY_COLUMN);
  if (o.entityScoped && !hasEntityField) columns.push(col(ENTITY_COLUMN, 'text'));
  for (const f of storedFields(o)) columns.push(col(f.column!, columnKindOf(f.type), f.column === key));

  const indexed = new Set<string>([key]);
  const indexes: IndexSpec[] = [];
  const add = (c: string | null | undefined) => {
    if (!c || indexed.has(c)) return;
    indexed.add(c);
    // The key trails every index, so a filter on the column also reads rows in key order (the default order) without a
    // sort.
    indexes.push(index(o.table, [COMPANY_COLUMN, c, key]));
  };
  if (o.idField) add(findField(o, o.idField)?.column);
  for (const r of o.relationships) if (r.kind === 'many-to-one') add(findField(o, r.relatedBy.local)?.column);
  for (const name of INDEXED_FIELDS) add(findField(o, name)?.column);
  if (o.entityScoped) add(ENTITY_COLUMN);
  // Two racing creates of one VENDORID both pass the write path's check; this index lets only one commit.
  const uniqueId = uniqueIdColumn(o);
  if (uniqueId) indexes.push(index(o.table, [COMPANY_COLUMN, uniqueId], true));
  return { name: o.table, columns, primaryKey: [COMPANY_COLUMN, key], indexes };
}

export function desiredSchema(catalog: Catalog): TableSpec[] {
  return [
    ...TENANCY_TABLES,
    ...catalog.objects.map(objectTable),
    ...OAUTH_TABLES,
    ...XML_GATEWAY_TABLES,
    ...JOB_TABLES,
    ...JOB_FILE_TABLES,
    ...JOB_RESULT_TABLES,
    ...WRITE_TABLES,
    ...COMPANY_SETTINGS_TABLES,
    ...METER_TABLES,
    ...JOURNAL_TABLES,
    ...SNAPSHOT_TABLES,
  ];
}
