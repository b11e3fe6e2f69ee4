// The change signal on SQLite: triggers bump a version row in the same transaction as the change, and a reader reads
// that row only when something may have been written since it last looked: PRAGMA data_version moved (another
// process committed to the file; it never moves for this connection's own commits) or this connection wrote. The
// pragma is read from the connection's memory (no I/O); the version row is one indexed read.

import { type ChangeSignal, type WatchedTable, whenClause } from './change-signal.ts';
import type { SqliteDatabase } from './sqlite.ts';
import { p, sql } from './sql.ts';

const OPS = ['insert', 'update', 'delete'] as const;

/**
 * The version table is not part of the schema: a checkpoint's reset or a snapshot restore must never put it back (an
 * older version could then equal one a reader holds, hiding the change the restore itself is).
 */
function script(name: string, tables: readonly WatchedTable[]): string {
  const bump = `UPDATE lq_change_signal SET version = version + 1 WHERE name = '${name}';`;
  const out = [
    'CREATE TABLE IF NOT EXISTS lq_change_signal (name TEXT PRIMARY KEY, version INTEGER NOT NULL);',
    `INSERT OR IGNORE INTO lq_change_signal (name, version) VALUES ('${name}', 0);`,
  ];
  for (const t of tables) {
    for (const op of OPS) {
      const trigger = `lq_signal_${name}_${t.table}_${op}`;
      out.push(`DROP TRIGGER IF EXISTS "${trigger}";`);
      if (t.on.includes(op))
        out.push(
          `CREATE TRIGGER "${trigger}" AFTER ${op.toUpperCase()} ON "${t.table}"${whenClause(t, op)} BEGIN ${bump} END;`,
        );
    }
  }
  return out.join('\n');
}

export async function sqliteChangeSignal(
  db: SqliteDatabase,
  name: string,
  tables: readonly WatchedTable[],
): Promise<ChangeSignal> {
  // One transaction: another process starting at the same time never sees the triggers half replaced.
  await db.transaction((tx) => tx.execScript(script(name, tables)));
  const readVersion = async () =>
    Number(
      (await db.all<{ version: number }>(sql`SELECT version FROM lq_change_signal WHERE name = ${p(name)}`))[0]
        ?.version ?? -1,
    );
  let seen = `${db.dataVersion()}:${db.writes}`;
  let version = await readVersion();
  let generation = 0;
  let closed = false;
  return {
    generation() {
      if (closed) return ++generation;
      const stamp = `${db.dataVersion()}:${db.writes}`;
      if (stamp === seen) return generation;
      // The stamp is taken before the read, so a write landing during it moves the stamp again: it is read next time.
      return readVersion().then((v) => {
        seen = stamp;
        if (v !== version) {
          version = v;
          generation++;
        }
        return generation;
      });
    },
    async close() {
      closed = true;
    },
  };
}
