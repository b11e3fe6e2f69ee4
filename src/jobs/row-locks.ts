// The one place the queue differs by database: PostgreSQL locks the rows a claim reads, SQLite's write transaction
// already excludes everyone.

import type { Database } from '../store/database.ts';
import { raw, type Sql } from '../store/sql.ts';

/**
 * `FOR UPDATE … SKIP LOCKED` lets concurrent claimers on PostgreSQL pass over
 * rows another claim holds instead of queuing behind it (graphile-worker and
 * pg-boss claim the same way). SQLite has no row locks and needs none: a
 * claim runs in BEGIN IMMEDIATE, which admits one writer at a time.
 */
export function skipLocked(db: Database, ofAlias?: string): Sql {
  if (db.dialect.name !== 'postgres') return raw('');
  return raw(ofAlias ? ` FOR UPDATE OF ${ofAlias} SKIP LOCKED` : ' FOR UPDATE SKIP LOCKED');
}
