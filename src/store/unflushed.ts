// Bookkeeping writes that need not wait for a flush to disk (Database.runUnflushed), on any database handle.

import type { Database } from './database.ts';
import type { Sql } from './sql.ts';

/** Each write's changed row count, all or none of them committed; unflushed where the handle can be. */
export async function runUnflushed(db: Database, queries: readonly Sql[]): Promise<number[]> {
  if (db.runUnflushed) return db.runUnflushed(queries);
  if (queries.length === 1) return [await db.run(queries[0]!)];
  return db.transaction(async (tx) => {
    const counts: number[] = [];
    for (const q of queries) counts.push(await tx.run(q));
    return counts;
  });
}
