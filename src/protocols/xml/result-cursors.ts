// readByQuery result cursors (the resultId readMore continues): stored in the database, bound to their owner and
// company, expiring.

import { randomBytes } from 'node:crypto';
import type { Database } from '../../store/database.ts';
import { p, sql } from '../../store/sql.ts';
import type { TableSpec } from '../../store/table-spec.ts';
import { runUnflushed } from '../../store/unflushed.ts';

/** Idle lifetime of a resultId; each readMore extends it. */
export const CURSOR_TTL_MS = 30 * 60_000;

export const RESULT_CURSOR_TABLES: readonly TableSpec[] = [
  {
    name: 'lq_result_cursor',
    scope: 'company-session',
    columns: [
      { name: 'result_id', kind: 'text', notNull: true },
      // A session hash, or `login:<company>/<user>/<entity>` for requests signed in by login.
      { name: 'owner', kind: 'text', notNull: true },
      { name: 'company_key', kind: 'integer', notNull: true, formerNames: ['company_id'] },
      { name: 'object', kind: 'text', notNull: true },
      /** The lowered request (fields and condition) as JSON; each page re-runs it with a key range. */
      { name: 'request', kind: 'text', notNull: true },
      /** Largest key matching at the first page: rows inserted later lie above it and are never seen. */
      { name: 'key_high', kind: 'text', notNull: true },
      { name: 'last_key', kind: 'text', notNull: true },
      { name: 'total', kind: 'integer', notNull: true },
      { name: 'returned', kind: 'integer', notNull: true },
      { name: 'page_size', kind: 'integer', notNull: true },
      { name: 'created_at', kind: 'bigint', notNull: true },
      { name: 'expires_at', kind: 'bigint', notNull: true },
      // 1 while this is its owner's latest readByQuery on the object, the one readMore by object continues; a later
      // readByQuery on the object, answered in one page or not, sets it to 0 (NULL: a row from before the column).
      { name: 'latest_on_object', kind: 'integer', notNull: false },
    ],
    primaryKey: ['result_id'],
    indexes: [{ name: 'ix_lq_result_cursor_owner_object', columns: ['owner', 'object', 'created_at'], unique: false }],
  },
];

export interface ResultCursor {
  readonly resultId: string;
  readonly owner: string;
  readonly companyKey: number;
  readonly object: string;
  readonly request: string;
  readonly keyHigh: string;
  readonly lastKey: string;
  readonly total: number;
  readonly returned: number;
  readonly pageSize: number;
}

/** Opaque, unguessable, and shaped like Intacct's (`7765623332WU1hh8CoA4QAAHxI9i8AAAAA5`). */
function newResultId(): string {
  return randomBytes(18).toString('base64url').replace(/[-_]/g, 'x');
}

export async function createCursor(db: Database, c: Omit<ResultCursor, 'resultId'>, now = Date.now()): Promise<string> {
  const resultId = newResultId();
  // Expired cursors go when their own company opens another: a request touches no other company's rows, not even
  // dead ones (the isolation long run caught a demo request clearing demo2's).
  // Cursors are bookkeeping: one lost in a crash of the database server reads as expired (runUnflushed).
  await runUnflushed(db, [
    sql`DELETE FROM lq_result_cursor WHERE company_key = ${p(c.companyKey)} AND expires_at < ${p(now)}`,
    sql`INSERT INTO lq_result_cursor (result_id, owner, company_key, object, request, key_high, last_key, total, returned, page_size, created_at, expires_at, latest_on_object)
    VALUES (${p(resultId)}, ${p(c.owner)}, ${p(c.companyKey)}, ${p(c.object)}, ${p(c.request)}, ${p(c.keyHigh)}, ${p(c.lastKey)}, ${p(c.total)}, ${p(c.returned)}, ${p(c.pageSize)}, ${p(now)}, ${p(now + CURSOR_TTL_MS)}, ${p(1)})`,
  ]);
  return resultId;
}

const LATEST = sql`(latest_on_object IS NULL OR latest_on_object = 1)`;

/**
 * A readByQuery on an object is now its owner's latest there: readMore by object no longer continues an older one,
 * even when this one was answered whole and leaves no cursor. The older cursors stay readable by their resultId
 * ("Using the result ID ensures that your paged results are from the same originating readByQuery call",
 * xml-query-and-readbyquery.txt:1177). Read first, so the common case (no older cursor) writes nothing.
 */
export async function supersedeObjectCursors(
  db: Database,
  object: string,
  owner: string,
  companyKey: number,
  now = Date.now(),
): Promise<void> {
  const live = await db.all<{ result_id: string }>(sql`SELECT result_id FROM lq_result_cursor
    WHERE object = ${p(object)} AND owner = ${p(owner)} AND company_key = ${p(companyKey)} AND expires_at >= ${p(now)}
      AND ${LATEST} LIMIT 1`);
  if (live.length === 0) return;
  await db.run(sql`UPDATE lq_result_cursor SET latest_on_object = ${p(0)}
    WHERE object = ${p(object)} AND owner = ${p(owner)} AND company_key = ${p(companyKey)} AND ${LATEST}`);
}

interface CursorRow {
  result_id: string;
  owner: string;
  company_key: number | string;
  object: string;
  request: string;
  key_high: string;
  last_key: string;
  total: number | string;
  returned: number | string;
  page_size: number | string;
}

function toCursor(r: CursorRow): ResultCursor {
  return {
    resultId: r.result_id,
    owner: r.owner,
    companyKey: Number(r.company_key),
    object: r.object,
    request: r.request,
    keyHigh: r.key_high,
    lastKey: r.last_key,
    total: Number(r.total),
    returned: Number(r.returned),
    pageSize: Number(r.page_size),
  };
}

const COLUMNS = sql`result_id, owner, company_key, object, request, key_high, last_key, total, returned, page_size`;

/** A live cursor by id, only for its own owner and company: another session's resultId reads as unknown. */
export async function findCursor(
  db: Database,
  resultId: string,
  owner: string,
  companyKey: number,
  now = Date.now(),
): Promise<ResultCursor | undefined> {
  const rows = await db.all<CursorRow>(sql`SELECT ${COLUMNS} FROM lq_result_cursor
    WHERE result_id = ${p(resultId)} AND owner = ${p(owner)} AND company_key = ${p(companyKey)} AND expires_at >= ${p(now)}
      AND returned < total`);
  return rows[0] ? toCursor(rows[0]) : undefined;
}

/** readMore by object: the cursor of the owner's latest readByQuery on it, used up or not; none when that one left none. */
export async function latestCursorFor(
  db: Database,
  object: string,
  owner: string,
  companyKey: number,
  now = Date.now(),
): Promise<ResultCursor | undefined> {
  const rows = await db.all<CursorRow>(sql`SELECT ${COLUMNS} FROM lq_result_cursor
    WHERE object = ${p(object)} AND owner = ${p(owner)} AND company_key = ${p(companyKey)} AND expires_at >= ${p(now)}
      AND ${LATEST}
    ORDER BY created_at DESC, result_id LIMIT 1`);
  return rows[0] ? toCursor(rows[0]) : undefined;
}

/**
 * Moves the cursor past a page. The WHERE on `returned` makes two concurrent
 * readMore calls on one resultId safe: only one advances, the other is told to retry.
 */
export async function advanceCursor(
  db: Database,
  c: ResultCursor,
  lastKey: string,
  returned: number,
  now = Date.now(),
): Promise<boolean> {
  // Unflushed: an advance lost in a crash of the database server serves its page again, never skips one.
  const [changed] = await runUnflushed(db, [
    sql`UPDATE lq_result_cursor SET last_key = ${p(lastKey)}, returned = ${p(returned)}, expires_at = ${p(now + CURSOR_TTL_MS)}
    WHERE result_id = ${p(c.resultId)} AND company_key = ${p(c.companyKey)} AND returned = ${p(c.returned)}`,
  ]);
  return changed! > 0;
}

/**
 * A used-up cursor stays until it expires, marked `returned = total`: its resultId is then invalid, and readMore by
 * object, which continues the latest readByQuery, finds it used up rather than falling back to an older one.
 */
export async function exhaustCursor(db: Database, c: Pick<ResultCursor, 'resultId' | 'companyKey'>): Promise<void> {
  await runUnflushed(db, [
    sql`UPDATE lq_result_cursor SET returned = total WHERE result_id = ${p(c.resultId)} AND company_key = ${p(c.companyKey)}`,
  ]);
}
