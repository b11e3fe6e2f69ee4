// Checkpoints of a whole database for the library API's reset: SQLite (in memory) and PostgreSQL both keep a change log
// by triggers and undo only what changed; the memory database is also serialized once, for fork().

import { LedgerqError } from '../errors.ts';
import type { Database } from './database.ts';
import { PostgresDatabase } from './postgres.ts';
import { SqliteDatabase } from './sqlite.ts';
import { postgresChangeLog } from './postgres-change-log.ts';
import { sqliteChangeLog } from './sqlite-change-log.ts';

export interface Checkpoint {
  /** How the checkpoint restores: the logged changes undone (SQLite in memory and PostgreSQL alike). */
  readonly method: 'change-log';
  /** Brings the database back to the checkpoint (and keeps it as the checkpoint). */
  restore(): Promise<void>;
  /** The memory database's bytes at the checkpoint, for a fork; null on PostgreSQL. */
  readonly bytes: Buffer | null;
  /** Stops keeping the checkpoint: drops the triggers and the log. */
  release(): Promise<void>;
}

/** `tables`: every table whose rows a restore brings back (the schema's tables; others are left as they are). */
export async function createCheckpoint(db: Database, tables: readonly string[]): Promise<Checkpoint> {
  if (db instanceof SqliteDatabase && db.inMemory) {
    const bytes = await db.serialize();
    const log = await sqliteChangeLog(db, tables);
    return { method: 'change-log', bytes, restore: log.undo, release: log.release };
  }
  if (db instanceof PostgresDatabase) {
    const log = await postgresChangeLog(db, tables);
    return { method: 'change-log', bytes: null, restore: log.undo, release: log.release };
  }
  throw new LedgerqError(
    'config.invalid',
    `fast reset needs a memory SQLite database (sqlite::memory:) or PostgreSQL, not ${db.displayUrl}`,
  );
}
