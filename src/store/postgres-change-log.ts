// The library API's reset on PostgreSQL: a trigger on every table writes each changed row's before and after images
// (JSONB) to lq_change_log, and lq_undo_changes() puts back only the rows a change touched, in one round trip.

import type { ChangeLog } from './change-log.ts';
import type { PostgresDatabase } from './postgres.ts';
import { sql } from './sql.ts';

interface Logged {
  readonly table: string;
  /** The primary key's columns with their SQL types, in key order. */
  readonly key: readonly { readonly name: string; readonly type: string }[];
  /** Sequences of serial columns as the checkpoint had them (setval's arguments). */
  readonly sequences: readonly { readonly name: string; readonly value: string; readonly called: boolean }[];
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;

/**
 * One table's undo, as static SQL inside lq_undo_changes() so that each session plans it once: delete every row a
 * change touched (by primary key, read from the images with jsonb_to_record, which converts only the key's columns),
 * then insert each key's row as its first change found it (none when the first change inserted it). The full row is
 * rebuilt by a LATERAL jsonb_populate_record: `(jsonb_populate_record(…)).*` would call it once per column.
 */
function undoBranch(t: Logged): string {
  const T = quote(t.table);
  const keyTypes = t.key.map((k) => `${quote(k.name)} ${k.type}`).join(', ');
  const k = (alias: string) => t.key.map((c) => `${alias}.${quote(c.name)}`).join(', ');
  const match = t.key.map((c) => `x.${quote(c.name)} = k.${quote(c.name)}`).join(' AND ');
  const sequences = t.sequences
    .map((s) => `\n      PERFORM setval(${literal(s.name)}, ${s.value}, ${s.called});`)
    .join('');
  return `
    WHEN ${literal(t.table)} THEN
      DELETE FROM ${T} x USING (SELECT DISTINCT ${k('r')} FROM lq_change_log l
          CROSS JOIN LATERAL (VALUES (l.old_row), (l.new_row)) v(j)
          CROSS JOIN LATERAL jsonb_to_record(v.j) AS r(${keyTypes})
          WHERE l.tbl = ${literal(t.table)} AND v.j IS NOT NULL) k
        WHERE ${match};
      INSERT INTO ${T} SELECT r.* FROM (
          SELECT DISTINCT ON (${k('k')}) l.old_row FROM lq_change_log l
          CROSS JOIN LATERAL jsonb_to_record(coalesce(l.old_row, l.new_row)) AS k(${keyTypes})
          WHERE l.tbl = ${literal(t.table)} ORDER BY ${k('k')}, l.id) f
        CROSS JOIN LATERAL jsonb_populate_record(NULL::${T}, f.old_row) r
        WHERE f.old_row IS NOT NULL;${sequences}`;
}

/** The triggers skip changes made while undoing (lq.restoring, local to the undo's transaction). */
function script(logged: readonly Logged[]): string {
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
DECLARE t text; n integer;
BEGIN
  SELECT count(*) INTO n FROM lq_change_log;
  IF n = 0 THEN RETURN 0; END IF;
  PERFORM set_config('lq.restoring', 'on', true);
  FOR t IN SELECT DISTINCT tbl FROM lq_change_log LOOP
    CASE t${logged.map(undoBranch).join('')}
    ELSE RAISE EXCEPTION 'table % is not in the change log''s checkpoint', t;
    END CASE;
  END LOOP;
  DELETE FROM lq_change_log;
  PERFORM set_config('lq.restoring', 'off', true);
  RETURN n;
END $fn$;
${logged
  .map(
    ({ table }) =>
      `DROP TRIGGER IF EXISTS lq_change ON ${quote(table)};\nCREATE TRIGGER lq_change AFTER INSERT OR UPDATE OR DELETE ON ${quote(table)} FOR EACH ROW EXECUTE FUNCTION lq_log_change();`,
  )
  .join('\n')}
`;
}

function dropScript(logged: readonly Logged[]): string {
  return `${logged.map(({ table }) => `DROP TRIGGER IF EXISTS lq_change ON ${quote(table)};`).join('\n')}
DROP TABLE IF EXISTS lq_change_log;
DROP FUNCTION IF EXISTS lq_undo_changes();
DROP FUNCTION IF EXISTS lq_log_change();
`;
}

/** Reads each table's primary key and serial sequences once, at the checkpoint, instead of on every undo. */
async function describe(db: PostgresDatabase, tables: readonly string[]): Promise<Logged[]> {
  const keys = await db.all<{ table_name: string; column_name: string; type: string }>(sql`
    SELECT c.relname AS table_name, a.attname AS column_name, format_type(a.atttypid, a.atttypmod) AS type
      FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
      CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS u(attnum, ord)
      JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = u.attnum
      WHERE i.indisprimary AND c.relnamespace = current_schema()::regnamespace
      ORDER BY c.relname, u.ord`);
  const sequences = await db.all<{ table_name: string; seq: string; value: string; called: boolean }>(sql`
    SELECT d.table_name, d.seq, coalesce(s.last_value, s.start_value)::text AS value, s.last_value IS NOT NULL AS called
      FROM (SELECT c.relname AS table_name, pg_get_serial_sequence(quote_ident(c.relname), a.attname) AS seq
              FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
              WHERE c.relkind = 'r' AND c.relnamespace = current_schema()::regnamespace) d
      JOIN pg_sequences s ON quote_ident(s.schemaname) || '.' || quote_ident(s.sequencename) = d.seq
      WHERE d.seq IS NOT NULL`);
  return tables.map((table) => {
    const key = keys.filter((k) => k.table_name === table).map((k) => ({ name: k.column_name, type: k.type }));
    if (!key.length) throw new Error(`table ${table} has no primary key: the change log needs one`);
    const seqs = sequences
      .filter((s) => s.table_name === table)
      .map((s) => ({ name: s.seq, value: s.value, called: s.called }));
    return { table, key, sequences: seqs };
  });
}

export async function postgresChangeLog(db: PostgresDatabase, tables: readonly string[]): Promise<ChangeLog> {
  const logged = await describe(db, tables);
  await db.execScript(script(logged));
  return {
    // One statement is its own transaction: the undo and lq.restoring (local to it) commit together.
    undo: async () => {
      await db.all(sql`SELECT lq_undo_changes() AS n`);
    },
    release: () => db.execScript(dropScript(logged)),
  };
}
