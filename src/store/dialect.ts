// What differs between SQLite and PostgreSQL, as one small interface; each database implements it in its own module.

import type { Sql, SqlDialect } from './sql.ts';
import type { ColumnKind } from './table-spec.ts';

export type DialectName = 'sqlite' | 'postgres';

export interface Dialect extends SqlDialect {
  readonly name: DialectName;
  /**
   * Column type for DDL. Text is compared byte-wise on both: PostgreSQL columns
   * get COLLATE "C" so ordering never depends on the server's locale.
   */
  columnType(kind: ColumnKind): string;
  /** Rows `{ table_name, column_name }` for every column of the current schema. */
  listColumns(): Sql;
  /** Rows `{ index_name, table_name }` for every index of the current schema. */
  listIndexes(): Sql;
  /** Serializes migrators across processes until the transaction ends (SQLite: BEGIN IMMEDIATE already does). */
  migrationLock(): Sql | null;
  /**
   * Relation locks one migration transaction may take (src/store/migrate.ts splits a larger migration into several
   * transactions): PostgreSQL's lock table is shared by the whole server and sized for 64 per connection by default.
   * Infinity on SQLite, which has no lock table and applies every migration in one transaction.
   */
  readonly migrationLockBudget: number;

  // Query compilation: each answers identically on both databases.
  /**
   * `expr` matches the pattern; case-sensitive on both (PostgreSQL LIKE with
   * escapes; SQLite GLOB, since its LIKE ignores case, and lq_glob for patterns
   * over GLOB's 50,000-byte limit). The SQL text never depends on the pattern.
   */
  likeMatch(expr: Sql, pattern: readonly LikePart[]): Sql;
  /** Whole seconds from `from` to `to` (ISO instants). */
  secondsBetween(from: Sql, to: Sql): Sql;
  /** SUM of a scaled-integer column as exact text (SQLite integers beyond 2^53 would reach JS as rounded numbers). */
  sumAsText(expr: Sql): Sql;
  /** A sortable average of a scaled-integer column. */
  averageForOrder(expr: Sql): Sql;
  /** LIMIT/OFFSET; a null limit means all rows. */
  limitOffset(limit: number | null, offset: number): Sql;
  /** The database's plan for a statement (EXPLAIN QUERY PLAN / EXPLAIN). */
  explain(statement: Sql): Sql;
  /** The rows an `explain` statement returned, as indented text lines. */
  planLines(rows: readonly Record<string, unknown>[]): string[];

  // Capabilities the queue and the limits need; nothing outside store/ asks which database it is.
  /**
   * Row locks a claim passes over instead of waiting for: ` FOR UPDATE [OF alias] SKIP LOCKED` on PostgreSQL (as
   * graphile-worker and pg-boss claim). Empty on SQLite, whose write transaction (BEGIN IMMEDIATE) already admits one
   * writer at a time.
   */
  skipLocked(ofAlias?: string): Sql;
  /**
   * Statements may change rows inside WITH and chain them with RETURNING (PostgreSQL): a claim or a finish is then one
   * round trip, and one statement is atomic without a transaction of its own. SQLite (false) runs the same steps as
   * separate in-process statements.
   */
  readonly writableCte: boolean;
  /**
   * Writers run concurrently inside transactions (PostgreSQL), so a count read before taking a lock may be stale and
   * must be read again under it. False on SQLite, where a write transaction excludes every other writer from its start.
   */
  readonly concurrentWriters: boolean;
  /** Fresh planner statistics for a table whose size changed by orders of magnitude (PostgreSQL ANALYZE), or null. */
  refreshStatistics(table: string): string | null;
  /** Bound parameters one statement may hold (SQLite 32,766; PostgreSQL 65,535): bulk statements split below it. */
  readonly maxParameters: number;
}

/** Pattern pieces the dialects render: literal text, `%` (any run), `_` (one character). */
export type LikePart =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'anyChars' }
  | { readonly kind: 'oneChar' };

export function quoteIdentifier(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`refusing identifier ${JSON.stringify(name)}`);
  return `"${name}"`;
}
