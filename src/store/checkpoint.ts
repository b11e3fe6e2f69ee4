// Checkpoints of a whole database for the library API's reset: a memory SQLite database is copied whole (serialize,
// then a fresh connection over the bytes); PostgreSQL keeps a change log by triggers and undoes only what changed.

import { LedgerqError } from '../errors.ts';
import type { Database } from './database.ts';
import { PostgresDatabase } from './postgres.ts';
import { SqliteDatabase } from './sqlite.ts';
import { sql } from './sql.ts';

export interface Checkpoint {
  /** How the checkpoint restores: the whole database copied back, or the logged changes undone. */
  readonly method: 'memory-copy' | 'change-log';
  /** Brings the database back to the checkpoint (and keeps it as the checkpoint). */
  restore(): Promise<void>;
  /** The bytes of a memory copy, for a fork; null for a change log. */
  readonly bytes: Buffer | null;
  /** Stops keeping the checkpoint (PostgreSQL: drops the triggers and the log). */
  release(): Promise<void>;
}

/** `tables`: every table whose rows a restore brings back (the schema's tables; others are left as they are). */
export async function createCheckpoint(db: Database, tables: readonly string[]): Promise<Checkpoint> {
  if (db instanceof SqliteDatabase && db.inMemory) {
    const bytes = await db.serialize();
    return {
      method: 'memory-copy',
      bytes,
      restore: () => db.replaceContents(bytes),
      release: async () => {},
    };
  }
  if (db instanceof PostgresDatabase) {
    await db.execScript(changeLogScript(tables));
    return {
      method: 'change-log',
      bytes: null,
      restore: async () => {
        await db.transaction((tx) => tx.all(sql`SELECT lq_undo_changes() AS n`));
      },
      release: () => db.execScript(dropChangeLogScript(tables)),
    };
  }
  throw new LedgerqError(
    'config.invalid',
    `fast reset needs a memory SQLite database (sqlite::memory:) or PostgreSQL, not ${db.displayUrl}`,
  );
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * The log holds each changed row before (old_row) and after (new_row) as JSON; undoing walks it newest first,
 * deleting the row a change left (by primary key) and putting back the row it replaced. The triggers skip changes
 * made while undoing (lq.restoring, local to the transaction).
 */
function changeLogScript(tables: readonly string[]): string {
  return `
CREATE TABLE IF NOT EXISTS lq_change_log (id BIGSERIAL PRIMARY KEY, tbl TEXT NOT NULL, old_row JSONB, new_row JSONB);
DELETE FROM lq_change_log;
CREATE OR REPLACE FUNCTION lq_log_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF current_setting('lq.restoring', true) = 'on' THEN RETURN NULL; END IF;
  INSERT INTO lq_change_log (tbl, old_row, new_row) VALUES (TG_TABLE_NAME,
    CASE WHEN TG_OP <> 'INSERT' THEN to_jsonb(OLD) END, CASE WHEN TG_OP <> 'DELETE' THEN to_jsonb(NEW) END);
  RETURN NULL;
END $fn$;
CREATE OR REPLACE FUNCTION lq_undo_changes() RETURNS integer LANGUAGE plpgsql AS $fn$
DECLARE c record; keycols text; n integer := 0;
BEGIN
  PERFORM set_config('lq.restoring', 'on', true);
  FOR c IN SELECT * FROM lq_change_log ORDER BY id DESC LOOP
    IF c.new_row IS NOT NULL THEN
      SELECT string_agg(quote_ident(a.attname), ', ') INTO keycols
        FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
        WHERE i.indrelid = to_regclass(quote_ident(c.tbl)) AND i.indisprimary;
      IF keycols IS NULL THEN RAISE EXCEPTION 'table % has no primary key', c.tbl; END IF;
      EXECUTE format('DELETE FROM %I WHERE (%s) = (SELECT %s FROM jsonb_populate_record(NULL::%I, $1))',
        c.tbl, keycols, keycols, c.tbl) USING c.new_row;
    END IF;
    IF c.old_row IS NOT NULL THEN
      EXECUTE format('INSERT INTO %I SELECT * FROM jsonb_populate_record(NULL::%I, $1)', c.tbl, c.tbl) USING c.old_row;
    END IF;
    n := n + 1;
  END LOOP;
  DELETE FROM lq_change_log;
  PERFORM set_config('lq.restoring', 'off', true);
  RETURN n;
END $fn$;
${tables
  .map(
    (t) =>
      `DROP TRIGGER IF EXISTS lq_change ON ${quote(t)};\nCREATE TRIGGER lq_change AFTER INSERT OR UPDATE OR DELETE ON ${quote(t)} FOR EACH ROW EXECUTE FUNCTION lq_log_change();`,
  )
  .join('\n')}
`;
}

function dropChangeLogScript(tables: readonly string[]): string {
  return `${tables.map((t) => `DROP TRIGGER IF EXISTS lq_change ON ${quote(t)};`).join('\n')}
DROP TABLE IF EXISTS lq_change_log;
DROP FUNCTION IF EXISTS lq_undo_changes();
DROP FUNCTION IF EXISTS lq_log_change();
`;
}
