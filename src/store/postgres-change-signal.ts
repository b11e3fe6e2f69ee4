// The change signal on PostgreSQL: triggers NOTIFY a channel (delivered at commit, to every listening connection of
// the database), and a dedicated connection LISTENs. A notification, a lost listener and a reconnection each move the
// generation; while the listener is down every call moves it, so nothing is trusted that could have been missed. This
// process's own writes are seen at once: after one, the next reader sends a query on the listener connection, and the
// server delivers a notification committed before that query ahead of its answer.

import pg from 'pg';
import { type ChangeSignal, type WatchedTable, whenClause } from './change-signal.ts';
import type { PostgresDatabase } from './postgres.ts';

const OPS = ['insert', 'update', 'delete'] as const;
const RECONNECT_MS = [50, 100, 250, 500, 1000];

/** NOTIFY alone, no row written: a version row updated by every change would serialize (and deadlock) writers. */
function script(name: string, tables: readonly WatchedTable[]): string {
  const out = [
    `CREATE OR REPLACE FUNCTION lq_signal_${name}() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM pg_notify('lq_signal_${name}', '');
  RETURN NULL;
END $fn$;`,
  ];
  for (const t of tables) {
    for (const op of OPS) {
      const trigger = `lq_signal_${name}_${op}`;
      out.push(`DROP TRIGGER IF EXISTS "${trigger}" ON "${t.table}";`);
      if (t.on.includes(op))
        out.push(
          `CREATE TRIGGER "${trigger}" AFTER ${op.toUpperCase()} ON "${t.table}" FOR EACH ROW${whenClause(t, op)} EXECUTE FUNCTION lq_signal_${name}();`,
        );
    }
  }
  return out.join('\n');
}

export async function postgresChangeSignal(
  db: PostgresDatabase,
  name: string,
  tables: readonly WatchedTable[],
): Promise<ChangeSignal> {
  await db.transaction(async (tx) => {
    const lock = db.dialect.migrationLock();
    if (lock) await tx.all(lock);
    await tx.execScript(script(name, tables));
  });
  const channel = `lq_signal_${name}`;
  let generation = 0;
  let listener: pg.Client | null = null;
  let closed = false;
  let attempt = 0;
  let seenWrites = db.writes;
  let retry: NodeJS.Timeout | null = null;
  let sync: Promise<void> | null = null;
  let syncFor = -1;

  const connect = async (): Promise<void> => {
    const client = new pg.Client({ connectionString: db.connectionString, keepAlive: true });
    const lost = () => {
      if (listener === client) listener = null;
      generation++;
      client.end().catch(() => {});
      if (!closed && retry === null) {
        retry = setTimeout(
          () => {
            retry = null;
            connect().catch(() => {});
          },
          RECONNECT_MS[Math.min(attempt++, RECONNECT_MS.length - 1)],
        );
        retry.unref();
      }
    };
    client.on('error', lost);
    client.on('end', lost);
    client.on('notification', () => {
      generation++;
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${channel}`);
    } catch {
      lost();
      return;
    }
    if (closed) {
      await client.end().catch(() => {});
      return;
    }
    attempt = 0;
    listener = client;
    // Whatever changed while nobody listened is unknown: the generation moves once more.
    generation++;
  };
  await connect();

  return {
    generation() {
      if (listener === null) return ++generation;
      const writes = db.writes;
      if (writes === seenWrites) return generation;
      // One query at a time on the listener: callers that wrote nothing newer share the one in flight.
      if (sync === null || syncFor < writes) {
        const l = listener;
        const mine = (sync ?? Promise.resolve()).then(() =>
          // A notification this process's own commit raised arrives before the answer to a query sent after it.
          l.query('SELECT 1').then(
            () => {
              if (seenWrites < writes) seenWrites = writes;
            },
            () => {
              generation++;
            },
          ),
        );
        sync = mine;
        syncFor = writes;
        void mine.finally(() => {
          if (sync === mine) sync = null;
        });
      }
      return sync.then(() => generation);
    },
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      const l = listener;
      listener = null;
      await l?.end().catch(() => {});
    },
  };
}
