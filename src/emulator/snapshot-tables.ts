// Which tables hold a company's state (what a snapshot copies and a reset empties), and the snapshot tables that mirror
// them.

import type { Catalog } from '../catalog/catalog.ts';
import type { Database } from '../store/database.ts';
import { migrate } from '../store/migrate.ts';
import { desiredSchema, indexName, type TableSpec } from '../store/schema.ts';

/** The list of a company's snapshots; their rows live in `lqs_<table>` beside each source table. */
export const SNAPSHOT_TABLES: readonly TableSpec[] = [
  {
    name: 'lq_snapshot',
    columns: [
      { name: 'id', kind: 'serial', notNull: true },
      // The company id as written (`demo`), so a snapshot outlives a re-seed that renumbers the company.
      { name: 'company', kind: 'text', notNull: true },
      { name: 'name', kind: 'text', notNull: true },
      { name: 'created_at_ms', kind: 'bigint', notNull: true },
      { name: 'row_count', kind: 'bigint', notNull: true },
    ],
    primaryKey: [],
    indexes: [{ name: 'ux_lq_snapshot_company_name', columns: ['company', 'name'], unique: true }],
  },
];

export const SNAPSHOT_PREFIX = 'lqs_';

/**
 * Tables with a company_id that are not the company's data: who is signed in
 * (sessions, tokens, login throttles, readMore cursors), the emulator's own
 * dials, and coordination rows. Restoring them would sign out clients mid-test, or undo a limit set
 * for the test; they are left as they are.
 */
const NOT_COMPANY_STATE: ReadonlySet<string> = new Set([
  'lq_session',
  'lq_oauth_token',
  'lq_login_failure',
  'lq_result_cursor',
  'lq_company_setting',
  // Coordination rows, not data: requests in flight (concurrency slots) and the queue's per-company claim lock.
  'lq_limit_slot',
  'lq_queue_company',
]);

/** Every table holding the company's rows by its integer company_id: the o_* objects, entities, users, links, the queue, counters. */
export function companyStateTables(catalog: Catalog): TableSpec[] {
  return desiredSchema(catalog).filter(
    (t) =>
      !t.name.startsWith(SNAPSHOT_PREFIX) &&
      !NOT_COMPANY_STATE.has(t.name) &&
      t.columns.some((c) => c.name === 'company_id' && c.kind === 'integer'),
  );
}

export function snapshotTableName(table: string): string {
  const name = `${SNAPSHOT_PREFIX}${table}`;
  // PostgreSQL cuts identifiers at 63 bytes; no source table comes near, but a silent cut would mix two tables' rows.
  if (name.length > 63) throw new Error(`snapshot table name ${name} is longer than 63 characters`);
  return name;
}

/** The source key without company_id: a snapshot holds one company, restored under its current key. */
export function rowKey(t: TableSpec): string[] {
  return t.primaryKey.filter((c) => c !== 'company_id');
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
  };
}

const ensured = new WeakMap<Database, Promise<unknown>>();

/**
 * Creates the snapshot tables on first use (and their new columns when custom
 * fields were added) through the migrator, so a database that never takes a
 * snapshot carries none of them.
 */
export function ensureSnapshotTables(db: Database, catalog: Catalog): Promise<unknown> {
  let done = ensured.get(db);
  if (!done) {
    done = migrate(db, companyStateTables(catalog).map(snapshotTableSpec));
    ensured.set(db, done);
    done.catch(() => ensured.delete(db));
  }
  return done;
}
