// A job's transaction, begun on its first statement: a job that touches no data finishes with one atomic statement
// instead of BEGIN … COMMIT.

import type { Database, Row } from '../store/database.ts';
import type { Sql, SqlValue } from '../store/sql.ts';

export interface LazyTransaction {
  /** The handle the handler gets: its first statement opens the transaction. */
  readonly handle: Database;
  /**
   * Runs `last` in the transaction and commits, when one was opened; otherwise runs `alone` (which must be atomic
   * by itself) on the database. Either way, whatever the job did commits with what `last`/`alone` writes, or nothing does.
   */
  commit(last: (tx: Database) => Promise<void>, alone: () => Promise<void>): Promise<void>;
  /** Rolls back the transaction if one was opened. */
  rollback(): Promise<void>;
}

interface Open {
  readonly tx: Database;
  end(outcome: { commit: (tx: Database) => Promise<void> } | { error: unknown }): Promise<void>;
}

export function lazyTransaction(db: Database): LazyTransaction {
  let opened: Promise<Open> | null = null;

  function open(): Promise<Open> {
    opened ??= new Promise<Open>((resolveOpen, rejectOpen) => {
      let end!: (outcome: { commit: (tx: Database) => Promise<void> } | { error: unknown }) => void;
      const ended = new Promise<{ commit: (tx: Database) => Promise<void> } | { error: unknown }>((r) => {
        end = r;
      });
      let began = false;
      const finished = db.transaction(async (tx) => {
        began = true;
        resolveOpen({
          tx,
          end: (outcome) => {
            end(outcome);
            return finished;
          },
        });
        const outcome = await ended;
        if ('error' in outcome) throw outcome.error;
        await outcome.commit(tx);
      });
      // A failure to begin reaches the statement that asked; a failure after is the caller's of end().
      finished.catch((e) => {
        if (!began) rejectOpen(e);
      });
    });
    return opened;
  }

  const handle: Database = {
    get dialect() {
      return db.dialect;
    },
    get displayUrl() {
      return db.displayUrl;
    },
    async all<T = Row>(query: Sql): Promise<T[]> {
      return (await open()).tx.all<T>(query);
    },
    async run(query: Sql): Promise<number> {
      return (await open()).tx.run(query);
    },
    async execScript(script: string): Promise<void> {
      return (await open()).tx.execScript(script);
    },
    async transaction<T>(fn: (tx: Database) => Promise<T>): Promise<T> {
      return (await open()).tx.transaction(fn);
    },
    async migrationSession<T>(fn: (session: Database) => Promise<T>): Promise<T> {
      return (await open()).tx.migrationSession(fn);
    },
    async copyRows(table: string, columns: readonly string[], rows: Iterable<readonly SqlValue[]>): Promise<number> {
      return (await open()).tx.copyRows(table, columns, rows);
    },
    async insertRows(table: string, columns: readonly string[], rows: readonly (readonly SqlValue[])[]): Promise<void> {
      return (await open()).tx.insertRows(table, columns, rows);
    },
    async *stream<T = Row>(query: Sql, batchSize?: number): AsyncIterable<T[]> {
      yield* (await open()).tx.stream<T>(query, batchSize);
    },
    async ping(): Promise<void> {
      return (await open()).tx.ping();
    },
    async close(): Promise<void> {
      /* the job's transaction is the worker's to end */
    },
  };

  return {
    handle,
    async commit(last, alone) {
      if (opened === null) return alone();
      await (await opened).end({ commit: last });
    },
    async rollback() {
      if (opened === null) return;
      const o = await opened.catch(() => null);
      await o?.end({ error: new Error('rolled back') }).catch(() => undefined);
    },
  };
}
