// Runs REST query-service bodies (one query or a batch) and writes the seed's response shapes: ia::result rows and
// ia::meta paging.

import type { Catalog } from '../../catalog/catalog.ts';
import { LedgerqError } from '../../errors.ts';
import { bindQuery, type BindContext } from '../../query/bind.ts';
import { keyRange, keysetKey, pageFingerprint, PageBoundaries, withKeySelected } from '../../query/keyset-pages.ts';
import type { BoundQuery } from '../../query/ir/bound.ts';
import { runQuery, type QueryPage } from '../../query/run-query.ts';
import type { Database } from '../../store/database.ts';
import type { FieldValue } from '../../catalog/field-values.ts';
import { lowerRestQuery, REST_PAGE, type RestQuery } from './lower-query.ts';
import { refuseUnqueryableFields } from './queryable-fields.ts';
import { renderRestError, type RestError } from './rest-error.ts';
import { restHref, restSelectWriter, type JsonValue } from './rest-values.ts';

/** seed §Pagination: totalCount, start (1-based), pageSize, next and previous (null when there is none). */
export interface PageMeta {
  readonly totalCount: number;
  readonly start: number;
  readonly pageSize: number;
  readonly next: number | null;
  readonly previous: number | null;
}

export interface QueryResult {
  readonly 'ia::result': readonly Record<string, JsonValue>[];
  readonly 'ia::meta': PageMeta;
}

export interface BatchResult {
  readonly 'ia::result': readonly (
    | QueryResult
    | { readonly 'ia::result': RestError; readonly 'ia::meta': { totalCount: 1; totalSuccess: 0; totalError: 1 } }
  )[];
  readonly 'ia::meta': { readonly totalCount: number; readonly totalSuccess: number; readonly totalError: number };
}

/** ledgerq's cap on queries in one batch, so one request cannot hold a connection for minutes. */
export const MAX_BATCH = 100;

/**
 * The seed's paging arithmetic. `next` is the start of the following page
 * while rows remain (start 10, size 5 of 164 → 15); `previous` steps back one
 * page size but never before 1 (start 10, size 100 → 1; size 5 → 5), and is
 * null on the first page.
 */
export function pageMeta(totalCount: number, start: number, pageSize: number): PageMeta {
  return {
    totalCount,
    start,
    pageSize,
    next: start + pageSize <= totalCount ? start + pageSize : null,
    previous: start > 1 ? Math.max(1, start - pageSize) : null,
  };
}

/** Where this process's recent pages ended, so `next` (and `previous`) continue by key, not by OFFSET. */
const boundaries = new PageBoundaries();

/**
 * One page of a query: by keyset continuation when the page before it was served here, else by offset. Each page is a
 * fresh query (seed rest-query-service: "update the start ... and run the query again"): its rows are read anew, and
 * its total is counted anew whenever the page cannot tell it, unless the database has not changed since the page
 * before counted it (its change stamp reads the same: nothing committed in between, so the count would be the same
 * number). A walk of a million rows then counts them once, not once per page.
 */
async function readRestPage(db: Database, bound: BoundQuery): Promise<QueryPage> {
  const key = keysetKey(bound);
  if (!key) return runQuery(db, bound);
  const { query, keyIndex } = withKeySelected(bound, key);
  // The fingerprint (a compile and a hash) only when a boundary is looked up or a following page can exist: a first
  // page that ends the result, the common point read, needs neither.
  let fingerprint: string | undefined;
  const print = () => (fingerprint ??= pageFingerprint(db.dialect, bound));
  const now = Date.now();
  const before = bound.offset > 0 ? boundaries.get(print(), bound.offset, now) : undefined;
  // Read before the page's statements, so a total counted after it is at least as new as the stamp says. Only on
  // continued pages: a first page (most queries have no other) pays no extra statement.
  const stamp = before && db.changeStamp ? await db.changeStamp() : null;
  const knownTotal = before?.total && before.total.stamp === stamp ? before.total.count : undefined;
  const page = before
    ? await runQuery(db, bound, { rows: keyRange(query, key, before.key), atOffset: false, knownTotal })
    : await runQuery(db, bound, { rows: query, atOffset: true });
  const last = page.rows[page.rows.length - 1];
  const end = bound.offset + page.rows.length;
  if (last && end < page.totalCount)
    boundaries.set(
      print(),
      end,
      { key: last[keyIndex]!, ...(stamp === null ? {} : { total: { count: page.totalCount, stamp } }) },
      now,
    );
  return page;
}

/** One writer per output column (`fields` order): a selected value, or href computed from the key. */
type RestColumn = (row: readonly FieldValue[]) => JsonValue;

/**
 * The output columns of a REST answer as the REST query service writes them: a value per `fields` entry as the client
 * wrote them, href computed where it was asked for from the key (and, for order-entry lines, the document type). Each
 * column's writer is chosen once per answer.
 */
function restColumns(bound: BoundQuery, rest: Pick<RestQuery, 'fields' | 'href'>): RestColumn[] {
  const out: RestColumn[] = [];
  const href = rest.href;
  let k = 0;
  for (const f of rest.fields) {
    if (f === 'href' && href) {
      const { keyIndex, documentTypeIndex } = href;
      out.push((row) =>
        restHref(bound.object, row[keyIndex]!, documentTypeIndex === null ? null : row[documentTypeIndex]!),
      );
    } else {
      const i = k++;
      const write = restSelectWriter(bound.select[i]!);
      out.push((row) => write(row[i] ?? null));
    }
  }
  return out;
}

/** The writer of a result row's values, a value per `fields` entry (stored reports write these as their own lines). */
export function restRowWriter(
  bound: BoundQuery,
  rest: Pick<RestQuery, 'fields' | 'href'>,
): (row: readonly FieldValue[]) => JsonValue[] {
  const columns = restColumns(bound, rest);
  return (row) => columns.map((write) => write(row));
}

/** Result rows as the `ia::result` records, keyed by the `fields` entries as the client wrote them. */
export function restRecords(
  bound: BoundQuery,
  rest: Pick<RestQuery, 'fields' | 'href'>,
  rows: readonly (readonly FieldValue[])[],
): Record<string, JsonValue>[] {
  const columns = restColumns(bound, rest);
  const names = rest.fields;
  const n = names.length;
  // An assignment to "__proto__" would set the prototype, where fromEntries defines a property.
  if (names.includes('__proto__'))
    return rows.map((row) => Object.fromEntries(columns.map((write, i) => [names[i]!, write(row)])));
  const out = new Array<Record<string, JsonValue>>(rows.length);
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    const record: Record<string, JsonValue> = {};
    for (let i = 0; i < n; i++) record[names[i]!] = columns[i]!(row);
    out[r] = record;
  }
  return out;
}

/** One query object → its rows and meta. Throws LedgerqError for anything wrong with it. */
export async function runRestQuery(
  db: Database,
  catalog: Catalog,
  body: unknown,
  ctx: BindContext,
  pageLimit: { readonly default: number; readonly max: number; readonly cap?: number } = REST_PAGE,
): Promise<QueryResult> {
  const rest = lowerRestQuery(body, pageLimit);
  const bound = bindQuery(catalog, rest.request, ctx);
  refuseUnqueryableFields(bound);
  const page = await readRestPage(db, bound);
  return {
    'ia::result': restRecords(bound, rest, page.rows),
    'ia::meta': pageMeta(page.totalCount, rest.request.offset + 1, rest.request.limit ?? REST_PAGE.default),
  };
}

/** A batch: a result per query in order; a failing query becomes its error and does not fail the others. */
export async function runRestBatch(
  db: Database,
  catalog: Catalog,
  bodies: readonly unknown[],
  ctx: BindContext,
  onError: (e: unknown) => void,
  pageLimit: { readonly default: number; readonly max: number; readonly cap?: number } = REST_PAGE,
): Promise<BatchResult> {
  if (bodies.length === 0)
    throw new LedgerqError('parse.invalid-query', 'a batch is a non-empty array of query objects', { field: 'body' });
  if (bodies.length > MAX_BATCH)
    throw new LedgerqError('limit.out-of-range', `a batch holds at most ${MAX_BATCH} queries, not ${bodies.length}`, {
      field: 'body',
    });
  const results: BatchResult['ia::result'][number][] = [];
  let failed = 0;
  // In sequence, not in parallel: a batch takes one connection's worth of work, like a single query.
  for (const body of bodies) {
    try {
      results.push(await runRestQuery(db, catalog, body, ctx, pageLimit));
    } catch (e) {
      onError(e);
      failed++;
      results.push(renderRestError(e).body);
    }
  }
  return {
    'ia::result': results,
    'ia::meta': { totalCount: bodies.length, totalSuccess: bodies.length - failed, totalError: failed },
  };
}
