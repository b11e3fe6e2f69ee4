// read and readByName: records by key (RECORDNO, JOBQUEUERECORD's JOBID, a custom object's id) or by name/ID, with a
// field list or `*`.

import type { CatalogObject } from '../../catalog/types.ts';
import { LedgerqError } from '../../errors.ts';
import { bindQuery } from '../../query/bind.ts';
import { queryRequest, type SelectItem } from '../../query/ir/request.ts';
import { selectLabel } from '../../query/labels.ts';
import { runQuery } from '../../query/run-query.ts';
import { requireObject, type FunctionContext, type FunctionOutcome } from './function-context.ts';
import { recordsCsv, recordsJson, recordsXml } from './xml-records.ts';
import { childText, type XmlElement } from './xml-tree.ts';
import { el, emptyEl } from './xml-writer.ts';

/** Intacct reads at most 100 keys per call, and `read` with no keys lists the first 100 records. */
export const MAX_READ_KEYS = 100;

function fieldList(text: string | undefined): SelectItem[] {
  if (text === undefined || text === '' || text === '*') return [];
  return text
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean)
    .map((path): SelectItem => ({ kind: 'field', path }));
}

function keyList(text: string | undefined, fn: string): string[] | null {
  if (text === undefined || text === '' || text === '*') return null;
  const keys = [
    ...new Set(
      text
        .split(',')
        .map((k) => k.trim())
        .filter(Boolean),
    ),
  ];
  if (keys.length > MAX_READ_KEYS)
    throw new LedgerqError('limit.too-many-values', `<${fn}> takes at most ${MAX_READ_KEYS} keys, got ${keys.length}`, {
      count: keys.length,
    });
  return keys.length === 0 ? null : keys;
}

async function readBy(
  ctx: FunctionContext,
  element: XmlElement,
  fn: 'read' | 'readByName',
  keyOf: (o: CatalogObject) => string,
): Promise<FunctionOutcome> {
  const o = requireObject(ctx, childText(element, 'object'), fn);
  const keys = keyList(childText(element, 'keys'), fn);
  // seed queue-administration (read): "returnFormat Optional string Data format for the response body: xml (default)
  // json csv", answered as query's are.
  const format = (childText(element, 'returnFormat') ?? 'xml').toLowerCase();
  if (format !== 'xml' && format !== '' && format !== 'json' && format !== 'csv')
    throw new LedgerqError(
      'parse.invalid-query',
      `<${fn}> returnFormat must be xml, json or csv, not ${JSON.stringify(format)}`,
    );
  const docparid = childText(element, 'docparid') || null;
  const request = queryRequest({
    object: o.xmlName,
    naming: 'xml',
    spelling: 'code',
    select: fieldList(childText(element, 'fields')),
    filter: keys ? { kind: 'in', negated: false, path: keyOf(o), values: keys } : null,
    limit: MAX_READ_KEYS,
    docparid: o.docparid ? docparid : null,
  });
  const bound = bindQuery(ctx.catalog, request, { scope: ctx.caller.scope, now: ctx.now });
  const page = await runQuery(ctx.db, bound);
  const tag = o.xmlName;
  const cols = { labels: bound.select.map((s) => selectLabel(s, 'xml')), selects: bound.select };
  if (format === 'json')
    return { kind: 'bare', contentType: 'application/json; charset=UTF-8', body: recordsJson(cols, page.rows) };
  if (format === 'csv')
    return { kind: 'bare', contentType: 'text/csv; charset=UTF-8', body: recordsCsv(cols, page.rows) };
  // read/readByName: UPPER-CASE listtype and record name, and only listtype and count (intacct-responses facts 19, 20).
  const attrs = [
    ['listtype', tag],
    ['count', page.rows.length],
  ] as const;
  return {
    kind: 'data',
    data: page.rows.length === 0 ? emptyEl('data', attrs) : el('data', recordsXml(tag, cols, page.rows), attrs),
  };
}

export function runRead(ctx: FunctionContext, element: XmlElement): Promise<FunctionOutcome> {
  return readBy(ctx, element, 'read', (o) => o.keyField);
}

export function runReadByName(ctx: FunctionContext, element: XmlElement): Promise<FunctionOutcome> {
  return readBy(ctx, element, 'readByName', (o) => o.idField ?? o.keyField);
}
