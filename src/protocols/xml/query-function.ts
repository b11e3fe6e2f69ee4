// The `query` function: lowered, bound and run by the query engine, answered as XML records or as bare JSON/CSV.

import { assertNever } from '../../errors.ts';
import { bindQuery } from '../../query/bind.ts';
import { selectLabel } from '../../query/labels.ts';
import { runQuery } from '../../query/run-query.ts';
import type { FunctionContext, FunctionOutcome } from './function-context.ts';
import { lowerXmlQuery } from './lower-query.ts';
import { recordsCsv, recordsJson, recordsXml } from './xml-records.ts';
import { el, emptyEl, type Attrs } from './xml-writer.ts';
import type { XmlElement } from './xml-tree.ts';

export async function runQueryFunction(ctx: FunctionContext, element: XmlElement): Promise<FunctionOutcome> {
  const { request, returnFormat } = lowerXmlQuery(element, ctx.limits?.query);
  const bound = bindQuery(ctx.catalog, request, {
    scope: ctx.caller.scope,
    now: ctx.now,
    maxInValues: ctx.limits?.inList,
  });
  const page = await runQuery(ctx.db, bound);
  const cols = { labels: bound.select.map((s) => selectLabel(s, 'xml')), selects: bound.select };
  switch (returnFormat) {
    case 'json':
      return { kind: 'bare', contentType: 'application/json; charset=UTF-8', body: recordsJson(cols, page.rows) };
    case 'csv':
      return { kind: 'bare', contentType: 'text/csv; charset=UTF-8', body: recordsCsv(cols, page.rows) };
    case 'xml':
      break;
    default:
      return assertNever(returnFormat);
  }
  const tag = bound.object.xmlName;
  // query's <data> carries offset and no resultId, in this order (intacct-responses fact 22).
  const attrs: Attrs = [
    ['listtype', tag],
    ['totalcount', page.totalCount],
    ['offset', request.offset],
    ['count', page.rows.length],
    ['numremaining', Math.max(0, page.totalCount - request.offset - page.rows.length)],
  ];
  return {
    kind: 'data',
    data: page.rows.length === 0 ? emptyEl('data', attrs) : el('data', recordsXml(tag, cols, page.rows), attrs),
  };
}
