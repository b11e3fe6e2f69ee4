// Runs a bound query on a database: one page with its total, or every row as a stream of batches.

import type { Database } from '../store/database.ts';
import type { FieldValue } from '../catalog/field-values.ts';
import type { BoundQuery } from './ir/bound.ts';
// Statements come from the cache by request shape: a repeated shape only binds its values.
import { compileCachedQuery as compileQuery } from './sql/statement-cache.ts';

export interface QueryPage {
  readonly rows: FieldValue[][];
  /** Rows (groups, with aggregates) matching in all, ignoring offset and limit. */
  readonly totalCount: number;
}

/** Where a page's rows come from when not from the query itself. */
export interface PageSource {
  /** The statement read for the rows: the query with more columns, or a keyset continuation of it. */
  readonly rows: BoundQuery;
  /** True when `rows` starts at the query's offset by position (more columns only); false for a keyset continuation. */
  readonly atOffset: boolean;
  /** The query's total when the caller knows it still holds (counted on an unchanged database): no count is run. */
  readonly knownTotal?: number;
}

/**
 * The page first, then the count only when the page cannot tell the total: a
 * page shorter than its limit ends the result, so the total is its offset plus
 * its rows (a count over a million bills costs more than most pages).
 */
export async function runQuery(db: Database, q: BoundQuery, source?: PageSource): Promise<QueryPage> {
  const pageQuery = source?.rows ?? q;
  const p = compileQuery(db.dialect, pageQuery);
  const rows = (await db.all<Record<string, unknown>>(p.select)).map((r) => p.decode(r));
  const short = pageQuery.limit === null || rows.length < pageQuery.limit;
  if (short && (rows.length > 0 || q.offset === 0) && (source?.atOffset ?? true))
    return { rows, totalCount: q.offset + rows.length };
  if (source?.knownTotal !== undefined) return { rows, totalCount: source.knownTotal };
  // The query itself is compiled only now, when its count is needed (a page source reads another statement).
  const c = pageQuery === q ? p : compileQuery(db.dialect, q);
  const countRows = await db.all<{ n: unknown }>(c.count);
  return { rows, totalCount: Number(countRows[0]?.n ?? 0) };
}

/** The query's rows alone (offset and limit apply), no total: a walk's later pages. */
export async function readRows(db: Database, q: BoundQuery): Promise<FieldValue[][]> {
  const c = compileQuery(db.dialect, q);
  return (await db.all<Record<string, unknown>>(c.select)).map((r) => c.decode(r));
}

/** Every row of the query (offset and limit apply), in batches, never all in memory. */
export async function* streamQuery(db: Database, q: BoundQuery, batchSize = 1000): AsyncIterable<FieldValue[][]> {
  const c = compileQuery(db.dialect, q);
  for await (const batch of db.stream<Record<string, unknown>>(c.select, batchSize)) {
    yield batch.map((r) => c.decode(r));
  }
}
