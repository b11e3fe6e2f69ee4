// The library API's reset on a memory SQLite database: temporary triggers keep, for every row a change touches, the
// row as the checkpoint had it (or that it did not exist), and the undo puts back only those rows. Its cost follows the
// number of changed rows, not the size of the database (a whole copy of the small demo is about 20 MB).

import type { ChangeLog } from './change-log.ts';
import type { Database } from './database.ts';
import type { SqliteDatabase } from './sqlite.ts';
import { ident, join, p, type Sql, sql } from './sql.ts';

interface Logged {
  readonly table: string;
  readonly columns: readonly string[];
  /** The table's AUTOINCREMENT counter at the checkpoint; null when it had none yet; undefined without AUTOINCREMENT. */
  readonly sequence: number | null | undefined;
}

const oldRows = (table: string) => `lq_old_${table}`;
const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;
const q = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * One TEMP table per logged table holds the first image of each touched rowid (`INSERT OR IGNORE` keeps the first, the
 * one the checkpoint had; `lq_existed = 0` for a row the checkpoint did not have). The triggers are TEMP too: nothing
 * of the log is in the main database, so a serialized copy (fork) never carries it. ledgerq writes no `INSERT OR
 * REPLACE` and declares no foreign keys, so every change reaches a row trigger.
 */
function script(logged: readonly Logged[]): string {
  const out = ['CREATE TEMP TABLE IF NOT EXISTS lq_touched (tbl TEXT PRIMARY KEY);'];
  for (const { table, columns } of logged) {
    const cols = columns.map(q).join(', ');
    const olds = columns.map((c) => `OLD.${q(c)}`).join(', ');
    const log = `temp.${q(oldRows(table))}`;
    const touched = `INSERT OR IGNORE INTO temp.lq_touched VALUES (${literal(table)});`;
    out.push(
      `CREATE TEMP TABLE ${q(oldRows(table))} (lq_rowid INTEGER PRIMARY KEY, lq_existed INTEGER NOT NULL, ${cols});`,
      `CREATE TEMP TRIGGER ${q(`lq_ins_${table}`)} AFTER INSERT ON main.${q(table)} BEGIN ${touched}
        INSERT OR IGNORE INTO ${log} (lq_rowid, lq_existed) VALUES (NEW.rowid, 0); END;`,
      `CREATE TEMP TRIGGER ${q(`lq_upd_${table}`)} AFTER UPDATE ON main.${q(table)} BEGIN ${touched}
        INSERT OR IGNORE INTO ${log} (lq_rowid, lq_existed, ${cols}) VALUES (OLD.rowid, 1, ${olds});
        INSERT OR IGNORE INTO ${log} (lq_rowid, lq_existed) VALUES (NEW.rowid, 0); END;`,
      `CREATE TEMP TRIGGER ${q(`lq_del_${table}`)} AFTER DELETE ON main.${q(table)} BEGIN ${touched}
        INSERT OR IGNORE INTO ${log} (lq_rowid, lq_existed, ${cols}) VALUES (OLD.rowid, 1, ${olds}); END;`,
    );
  }
  return out.join('\n');
}

/** The statements that put one table back: remove every touched rowid, insert the rows the checkpoint had. */
function undoStatements(t: Logged): readonly Sql[] {
  const cols = join(
    t.columns.map((c) => sql`${ident(c)}`),
    ', ',
  );
  const log = sql`temp.${ident(oldRows(t.table))}`;
  const statements = [
    sql`DELETE FROM main.${ident(t.table)} WHERE rowid IN (SELECT lq_rowid FROM ${log})`,
    sql`INSERT INTO main.${ident(t.table)} (rowid, ${cols}) SELECT lq_rowid, ${cols} FROM ${log} WHERE lq_existed = 1`,
    sql`DELETE FROM ${log}`,
  ];
  // The AUTOINCREMENT counter goes back too, so ids handed out after a reset are those a fresh start hands out.
  if (t.sequence === null) statements.push(sql`DELETE FROM main.sqlite_sequence WHERE name = ${p(t.table)}`);
  else if (t.sequence !== undefined)
    statements.push(sql`UPDATE main.sqlite_sequence SET seq = ${p(t.sequence)} WHERE name = ${p(t.table)}`);
  return statements;
}

export async function sqliteChangeLog(db: SqliteDatabase, tables: readonly string[]): Promise<ChangeLog> {
  const wanted = new Set(tables);
  const columnRows = await db.all<{ table_name: string; column_name: string }>(db.dialect.listColumns());
  const columns = new Map<string, string[]>();
  for (const r of columnRows) {
    if (!wanted.has(r.table_name)) continue;
    const list = columns.get(r.table_name);
    if (list) list.push(r.column_name);
    else columns.set(r.table_name, [r.column_name]);
  }
  const autoincrement = new Set(
    (
      await db.all<{ name: string }>(
        sql`SELECT name FROM main.sqlite_master WHERE type = 'table' AND sql LIKE ${p('%AUTOINCREMENT%')}`,
      )
    ).map((r) => r.name),
  );
  const hasSequence = (await db.all(sql`SELECT 1 FROM main.sqlite_master WHERE name = 'sqlite_sequence'`)).length > 0;
  const sequences = new Map(
    hasSequence
      ? (await db.all<{ name: string; seq: number }>(sql`SELECT name, seq FROM main.sqlite_sequence`)).map((r) => [
          r.name,
          r.seq,
        ])
      : [],
  );
  const logged: Logged[] = [...columns].map(([table, cols]) => ({
    table,
    columns: cols,
    sequence: autoincrement.has(table) ? (sequences.get(table) ?? null) : undefined,
  }));
  const undo = new Map(logged.map((t) => [t.table, undoStatements(t)]));
  await db.execScript(script(logged));

  return {
    undo: () =>
      db.transaction(async (tx: Database) => {
        const touched = await tx.all<{ tbl: string }>(sql`SELECT tbl FROM temp.lq_touched`);
        for (const { tbl } of touched) for (const statement of undo.get(tbl)!) await tx.run(statement);
        if (touched.length) await tx.run(sql`DELETE FROM temp.lq_touched`);
      }),
    release: () =>
      db.execScript(
        [
          ...logged.flatMap(({ table }) => [
            `DROP TRIGGER IF EXISTS temp.${q(`lq_ins_${table}`)};`,
            `DROP TRIGGER IF EXISTS temp.${q(`lq_upd_${table}`)};`,
            `DROP TRIGGER IF EXISTS temp.${q(`lq_del_${table}`)};`,
            `DROP TABLE IF EXISTS temp.${q(oldRows(table))};`,
          ]),
          'DROP TABLE IF EXISTS temp.lq_touched;',
        ].join('\n'),
      ),
  };
}
