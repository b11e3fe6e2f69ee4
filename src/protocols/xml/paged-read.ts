// readByQuery and readMore: a first page, then keyset continuation over a key range fixed at the first page, so a walk
// never repeats or skips a row.

import { documentView } from '../../catalog/catalog.ts';
import type { CatalogObject } from '../../catalog/types.ts';
import { LedgerqError } from '../../errors.ts';
import { bindQuery } from '../../query/bind.ts';
import type { BoundQuery } from '../../query/ir/bound.ts';
import { queryRequest, type Filter, type QueryRequest, type SelectItem } from '../../query/ir/request.ts';
import { selectLabel } from '../../query/labels.ts';
import { fieldNames } from '../../query/resolve-path.ts';
import { readRows, runQuery } from '../../query/run-query.ts';
import { baseKey, highestKey, keyRange } from '../../query/keyset-pages.ts';
import { decodeValue, type FieldValue } from '../../catalog/field-values.ts';
import { requireObject, type FunctionContext, type FunctionOutcome } from './function-context.ts';
import { lowerReadByQueryParts } from './lower-read-by-query.ts';
import {
  advanceCursor,
  createCursor,
  exhaustCursor,
  findCursor,
  latestCursorFor,
  supersedeObjectCursors,
  type ResultCursor,
} from './result-cursors.ts';
import { recordsXml } from './xml-records.ts';
import { childText, type XmlElement } from './xml-tree.ts';
import { el, emptyEl, type Attrs } from './xml-writer.ts';

/**
 * Why keyset and not offsets or a stored snapshot: an offset walk shifts when
 * rows are inserted (the seed warns of exactly this for query), and a snapshot
 * of 100,000 keys per resultId would bloat the database. Rows come in key
 * order; the cursor keeps the last key sent and the largest key that matched
 * at the first page. Each readMore reads `last < key <= high` (query/keyset-pages.ts,
 * the continuation REST `next` uses too), so rows inserted later (new keys lie
 * above `high`) never join the walk and no process-local state is needed: any
 * ledgerq process can serve the next page.
 */

interface StoredRequest {
  readonly object: string;
  readonly select: readonly SelectItem[];
  readonly filter: Filter | null;
  readonly docparid: string | null;
  /** The selection as the client asked for it; the key may be appended after it. */
  readonly visible: number;
}

function allFields(o: CatalogObject): SelectItem[] {
  return o.fields
    .filter((f) => fieldNames(f, 'xml').length > 0)
    .map((f): SelectItem => ({ kind: 'field', path: fieldNames(f, 'xml')[0]! }));
}

function requestOf(s: StoredRequest, offset: number, limit: number | null): QueryRequest {
  return queryRequest({
    object: s.object,
    naming: 'xml',
    spelling: 'code',
    select: s.select,
    filter: s.filter,
    offset,
    limit,
    docparid: s.docparid,
  });
}

/** Where the object's key is among the selected columns (readByQuery always selects it). */
function keyIndexOf(b: BoundQuery): number {
  return b.select.findIndex(
    (s) => s.kind === 'field' && s.ref.alias === 't0' && s.ref.field.xmlId === b.object.keyField,
  );
}

function keyText(v: FieldValue): string {
  return String(v);
}

/** readByQuery lists the object in lower case, fields in upper case (intacct-responses fact 19). */
function pageData(
  o: CatalogObject,
  bound: BoundQuery,
  visible: number,
  rows: FieldValue[][],
  total: number,
  remaining: number,
  resultId: string,
): string {
  const tag = o.xmlName.toLowerCase();
  const cols = {
    labels: bound.select.slice(0, visible).map((s) => selectLabel(s, 'xml')),
    selects: bound.select.slice(0, visible),
  };
  const attrs: Attrs = [
    ['listtype', tag],
    ['count', rows.length],
    ['totalcount', total],
    ['numremaining', remaining],
    ['resultId', resultId],
  ];
  return rows.length === 0 ? emptyEl('data', attrs) : el('data', recordsXml(tag, cols, rows), attrs);
}

export async function runReadByQuery(ctx: FunctionContext, element: XmlElement): Promise<FunctionOutcome> {
  const parts = lowerReadByQueryParts(element, ctx.limits?.readByQuery);
  const o = requireObject(ctx, parts.request.object, 'readByQuery');
  const docparid = o.docparid ? parts.request.docparid : null;
  const asked = parts.request.select.length > 0 ? parts.request.select : allFields(documentView(o, docparid));
  const hasKey = asked.some((s) => s.path.toUpperCase() === o.keyField.toUpperCase());
  const stored: StoredRequest = {
    object: o.xmlName,
    select: hasKey ? asked : [...asked, { kind: 'field', path: o.keyField }],
    filter: parts.request.filter,
    // Document types only narrow documents and their lines; elsewhere Intacct ignores the element, and so do we.
    docparid,
    visible: asked.length,
  };
  const bindCtx = { scope: ctx.caller.scope, now: ctx.now, maxInValues: ctx.limits?.inList };
  const latest = () => supersedeObjectCursors(ctx.db, o.xmlName, ctx.owner, ctx.caller.company.key);
  const pageSize = parts.rowLimit === null ? parts.pageSize : Math.min(parts.pageSize, parts.rowLimit);
  const bound = bindQuery(ctx.catalog, requestOf(stored, parts.request.offset, pageSize), bindCtx);
  const key = baseKey(bound);
  // The key range is fixed first; the count and the first page both read inside it.
  const high = await highestKey(ctx.db, { ...bound, offset: 0 }, key);
  if (high === null) {
    await latest();
    return { kind: 'data', data: pageData(o, bound, stored.visible, [], 0, 0, '') };
  }
  const firstBound: BoundQuery = { ...keyRange(bound, key, null, high), offset: parts.request.offset };

  const page = await runQuery(ctx.db, firstBound);
  const matching = Math.max(0, page.totalCount - parts.request.offset);
  const total = parts.rowLimit === null ? matching : Math.min(matching, parts.rowLimit);
  const remaining = Math.max(0, total - page.rows.length);
  let resultId = '';
  await latest();
  if (remaining > 0 && page.rows.length > 0) {
    const last = page.rows[page.rows.length - 1]![keyIndexOf(firstBound)]!;
    resultId = await createCursor(ctx.db, {
      owner: ctx.owner,
      companyKey: ctx.caller.company.key,
      object: o.xmlName,
      request: JSON.stringify(stored),
      keyHigh: keyText(high),
      lastKey: keyText(last),
      total,
      returned: page.rows.length,
      pageSize: parts.pageSize,
    });
  }
  return { kind: 'data', data: pageData(o, firstBound, stored.visible, page.rows, total, remaining, resultId) };
}

function expired(id: string): LedgerqError {
  return new LedgerqError('limit.invalid-result-id', `Attempt to readMore with an invalid or expired resultId: ${id}`, {
    resultId: id,
  });
}

export async function runReadMore(ctx: FunctionContext, element: XmlElement): Promise<FunctionOutcome> {
  const resultId = childText(element, 'resultId');
  const objectName = childText(element, 'object');
  let cursor: ResultCursor | undefined;
  if (resultId) {
    cursor = await findCursor(ctx.db, resultId, ctx.owner, ctx.caller.company.key);
    if (!cursor) throw expired(resultId);
  } else if (objectName) {
    const o = requireObject(ctx, objectName, 'readMore');
    cursor = await latestCursorFor(ctx.db, o.xmlName, ctx.owner, ctx.caller.company.key);
    // The latest readByQuery used up ends readMore by object: an older one is not continued.
    if (!cursor || cursor.returned >= cursor.total)
      throw new LedgerqError(
        'limit.invalid-result-id',
        `There are no more ${o.xmlName} results to read: call readByQuery first`,
        { object: o.xmlName },
      );
  } else {
    throw new LedgerqError('parse.invalid-query', '<readMore> needs a <resultId> or an <object>');
  }
  const o = ctx.catalog.object(cursor.object);
  if (!o) throw expired(cursor.resultId);
  const stored = JSON.parse(cursor.request) as StoredRequest;
  const want = Math.min(cursor.pageSize, cursor.total - cursor.returned);
  const base = bindQuery(ctx.catalog, requestOf(stored, 0, want), { scope: ctx.caller.scope, now: ctx.now });
  const key = baseKey(base);
  const bound = keyRange(base, key, decodeValue(key.field, cursor.lastKey), decodeValue(key.field, cursor.keyHigh));
  // Only the page is read: the total was fixed at the first page.
  const rows = await readRows(ctx.db, bound);
  const returned = cursor.returned + rows.length;
  // Rows deleted since the first page leave the walk short: it ends when a page comes back short.
  const remaining = rows.length < want ? 0 : Math.max(0, cursor.total - returned);
  if (remaining === 0) {
    await exhaustCursor(ctx.db, cursor);
  } else {
    const advanced = await advanceCursor(ctx.db, cursor, keyText(rows[rows.length - 1]![keyIndexOf(bound)]!), returned);
    if (!advanced)
      throw new LedgerqError(
        'limit.invalid-result-id',
        `Another readMore on resultId ${cursor.resultId} ran at the same time; call readMore again`,
        { resultId: cursor.resultId },
      );
  }
  return { kind: 'data', data: pageData(o, bound, stored.visible, rows, cursor.total, remaining, cursor.resultId) };
}
