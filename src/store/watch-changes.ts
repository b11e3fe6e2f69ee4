// Opens the change signal of the database at hand (SQLite: a version row read when data_version moves; PostgreSQL:
// LISTEN/NOTIFY on a connection of its own).

import type { ChangeSignal, WatchedTable } from './change-signal.ts';
import type { Database } from './database.ts';
import { PostgresDatabase } from './postgres.ts';
import { postgresChangeSignal } from './postgres-change-signal.ts';
import { SqliteDatabase } from './sqlite.ts';
import { sqliteChangeSignal } from './sqlite-change-signal.ts';

/** `name` (letters, digits, `_`) names the signal's triggers and channel; `tables` what raises it. */
export async function watchChanges(db: Database, name: string, tables: readonly WatchedTable[]): Promise<ChangeSignal> {
  if (!/^[a-z][a-z0-9_]*$/.test(name)) throw new Error(`refusing change signal name ${JSON.stringify(name)}`);
  for (const t of tables) if (!/^[a-z][a-z0-9_]*$/.test(t.table)) throw new Error(`refusing table ${t.table}`);
  if (db instanceof SqliteDatabase) return sqliteChangeSignal(db, name, tables);
  if (db instanceof PostgresDatabase) return postgresChangeSignal(db, name, tables);
  // Any other Database (a test's wrapper) gets no cache: every call is a change.
  let n = 0;
  return { generation: () => ++n, close: async () => {} };
}
