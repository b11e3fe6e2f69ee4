// The storage interface both database adapters implement.

import type { Dialect } from './dialect.ts';
import type { Sql, SqlValue } from './sql.ts';

export type Row = Record<string, unknown>;

export interface Database {
  readonly dialect: Dialect;
  /** The URL with any password removed, for logs and banners. */
  readonly displayUrl: string;
  all<T = Row>(query: Sql): Promise<T[]>;
  /** Runs a statement; returns the number of rows it changed. */
  run(query: Sql): Promise<number>;
  /** Runs DDL text written by ledgerq itself (no parameters). */
  execScript(script: string): Promise<void>;
  /** Runs `fn` in one transaction: everything it does commits, or nothing does. */
  transaction<T>(fn: (tx: Database) => Promise<T>): Promise<T>;
  /**
   * Runs bookkeeping writes in one transaction whose loss in a crash of the database server costs a repeated step at
   * most (a readMore cursor's position), and answers each one's changed row count: PostgreSQL commits it without
   * waiting for its WAL flush (synchronous_commit off for this transaction only). Absent inside a transaction, whose
   * commit decides for all its writes, and on SQLite, whose WAL commits at synchronous=NORMAL never wait for one
   * (runUnflushed in store/unflushed.ts runs them in a plain transaction there).
   */
  runUnflushed?(queries: readonly Sql[]): Promise<number[]>;
  /**
   * A reading that two moments share only when nothing was committed to the database in between (by any connection
   * or process) and this handle wrote nothing: a result computed after one reading still holds at a later equal one.
   * SQLite: PRAGMA data_version (never reused) with this connection's write count; PostgreSQL: the current snapshot
   * (xmin:xmax:in-progress ids; txid_current_snapshot, which every server version has), which a commit or a new
   * writing transaction changes. Absent inside a transaction.
   */
  changeStamp?(): Promise<string>;
  /**
   * Runs `fn` holding the migration lock, which excludes every other migrator of the database until `fn` ends, across
   * the transactions `fn` opens one after another. PostgreSQL: a session advisory lock on a connection of its own (a
   * lost connection or process releases it); inside a transaction, that transaction's own. SQLite: `fn(this)`, since
   * a write transaction (BEGIN IMMEDIATE) already excludes every other writer and the migrator uses one there.
   */
  migrationSession<T>(fn: (session: Database) => Promise<T>): Promise<T>;
  /** Bulk-loads encoded rows (SQLite: one prepared insert; PostgreSQL: COPY). */
  copyRows(table: string, columns: readonly string[], rows: Iterable<readonly SqlValue[]>): Promise<number>;
  /**
   * Inserts a batch of encoded rows in the fewest statements each database runs fastest: one multi-row INSERT on
   * SQLite (split at its parameter limit), COPY on PostgreSQL. A refused row fails the whole batch.
   */
  insertRows(table: string, columns: readonly string[], rows: readonly (readonly SqlValue[])[]): Promise<void>;
  /**
   * Reads a large result in batches without holding it whole: PostgreSQL through
   * a cursor on its own connection, SQLite through its own read connection (WAL
   * lets it read while the main connection writes).
   */
  stream<T = Row>(query: Sql, batchSize?: number): AsyncIterable<T[]>;
  ping(): Promise<void>;
  close(): Promise<void>;
}
