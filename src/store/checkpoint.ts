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
 * The log holds each changed row before (old_row) and after (new_row) as JSON; undoing works per table, in two
 * statements: delete every row a change touched (by primary key), insert each key's row as its first change found
 * it. A change of a primary key is logged as the row before and after, so both keys come back right. The triggers skip changes
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
DECLARE t text; keys text; xkeys text; rkeys text; n integer;
BEGIN
  PERFORM set_config('lq.restoring', 'on', true);
  SELECT count(*) INTO n FROM lq_change_log;
  FOR t IN SELECT DISTINCT tbl FROM lq_change_log LOOP
    SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum),
           string_agg('x.' || quote_ident(a.attname), ', ' ORDER BY a.attnum),
           string_agg('r.' || quote_ident(a.attname), ', ' ORDER BY a.attnum) INTO keys, xkeys, rkeys
      FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
      WHERE i.indrelid = to_regclass(quote_ident(t)) AND i.indisprimary;
    IF keys IS NULL THEN RAISE EXCEPTION 'table % has no primary key', t; END IF;
    -- Every row a logged change touched goes…
    EXECUTE format('DELETE FROM %I x WHERE (%s) IN (SELECT %s FROM lq_change_log l
        CROSS JOIN LATERAL (VALUES (l.old_row), (l.new_row)) v(j)
        CROSS JOIN LATERAL jsonb_populate_record(NULL::%I, v.j) r WHERE l.tbl = $1 AND v.j IS NOT NULL)',
      t, xkeys, rkeys, t) USING t;
    -- …and each comes back as the first change found it (none when the first change inserted it).
    EXECUTE format('INSERT INTO %I SELECT (jsonb_populate_record(NULL::%I, f.old_row)).* FROM (
        SELECT DISTINCT ON (%s) l.old_row FROM lq_change_log l
        CROSS JOIN LATERAL jsonb_populate_record(NULL::%I, coalesce(l.old_row, l.new_row)) r
        WHERE l.tbl = $1 ORDER BY %s, l.id) f WHERE f.old_row IS NOT NULL',
      t, t, rkeys, t, rkeys) USING t;
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
