// Runs a bound query on a database: one page with its total, or every row as a stream of batches.

import type { Database } from '../store/database.ts';
import type { FieldValue } from '../store/values.ts';
import type { BoundQuery } from './ir/bound.ts';
import { compileQuery } from './sql/compile.ts';

export interface QueryPage {
  readonly rows: FieldValue[][];
  /** Rows (groups, with aggregates) matching in all, ignoring offset and limit. */
  readonly totalCount: number;
}

export async function runQuery(db: Database, q: BoundQuery): Promise<QueryPage> {
  const c = compileQuery(db.dialect, q);
  const [countRows, rows] = await Promise.all([db.all<{ n: unknown }>(c.count), db.all<Record<string, unknown>>(c.select)]);
  return { rows: rows.map((r) => c.decode(r)), totalCount: Number(countRows[0]?.n ?? 0) };
}

/** Every row of the query (offset and limit apply), in batches, never all in memory. */
export async function* streamQuery(db: Database, q: BoundQuery, batchSize = 1000): AsyncIterable<FieldValue[][]> {
  const c = compileQuery(db.dialect, q);
  for await (const batch of db.stream<Record<string, unknown>>(c.select, batchSize)) {
    yield batch.map((r) => c.decode(r));
  }
}
