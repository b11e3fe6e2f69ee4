// Which tables hold a company's state (what a snapshot copies and a reset empties), and the snapshot tables that mirror
// them.

import type { Database } from '../store/database.ts';
import { migrate } from '../store/migrate.ts';
import { indexName, type TableSpec } from '../store/table-spec.ts';

/** The list of a company's snapshots; their rows live in `lqs_<table>` beside each source table. */
export const SNAPSHOT_TABLES: readonly TableSpec[] = [
  {
    name: 'lq_snapshot',
    scope: 'server',
    columns: [
      { name: 'id', kind: 'serial', notNull: true },
      // The company id as written (`demo`), so a snapshot outlives a re-seed that renumbers the company.
      { name: 'company_id', kind: 'text', notNull: true, formerNames: ['company'] },
      { name: 'name', kind: 'text', notNull: true },
      { name: 'created_at_ms', kind: 'bigint', notNull: true },
      { name: 'row_count', kind: 'bigint', notNull: true },
    ],
    primaryKey: [],
    indexes: [{ name: 'ux_lq_snapshot_company_id_name', columns: ['company_id', 'name'], unique: true }],
  },
];

export const SNAPSHOT_PREFIX = 'lqs_';

/**
 * Every table holding the company's own rows (scope `company`): the o_* objects, entities, users, links, the queue,
 * counters. Sessions, tokens, cursors and the emulator's dials (scope `company-session`) are left as they are: restoring
 * them would sign clients out mid-test, or undo a limit set for the test.
 */
export function companyStateTables(schema: readonly TableSpec[]): TableSpec[] {
  return schema.filter((t) => t.scope === 'company' && !t.name.startsWith(SNAPSHOT_PREFIX));
}

export function snapshotTableName(table: string): string {
  const name = `${SNAPSHOT_PREFIX}${table}`;
  // PostgreSQL cuts identifiers at 63 bytes; no source table comes near, but a silent cut would mix two tables' rows.
  if (name.length > 63) throw new Error(`snapshot table name ${name} is longer than 63 characters`);
  return name;
}

/** The source key without company_key: a snapshot holds one company, restored under its current key. */
export function rowKey(t: TableSpec): string[] {
  return t.primaryKey.filter((c) => c !== 'company_key');
}

/**
 * A source table's mirror: the same columns (serials as plain integers) behind
 * a snapshot_id, indexed by it and the row key so restore finds each saved
 * row by key. A snapshot is written in key order, so the index is appended to.
 */
export function snapshotTableSpec(t: TableSpec): TableSpec {
  const name = snapshotTableName(t.name);
  const columns = ['snapshot_id', ...rowKey(t)];
  return {
    name,
    columns: [
      { name: 'snapshot_id', kind: 'integer', notNull: true },
      ...t.columns.map((c) => (c.kind === 'serial' ? { ...c, kind: 'integer' as const } : c)),
    ],
    primaryKey: [],
    indexes: [{ name: indexName(name, columns), columns, unique: false }],
    scope: 'server',
  };
}

const ensured = new WeakMap<Database, Promise<unknown>>();

/**
 * Creates the snapshot tables on first use (and their new columns when custom
 * fields were added) through the migrator, so a database that never takes a
 * snapshot carries none of them.
 */
export function ensureSnapshotTables(db: Database, schema: readonly TableSpec[]): Promise<unknown> {
  let done = ensured.get(db);
  if (!done) {
    done = migrate(db, companyStateTables(schema).map(snapshotTableSpec));
    ensured.set(db, done);
    done.catch(() => ensured.delete(db));
  }
  return done;
}
