// Query text as users save and paste it (the CLI, the console, stored reports): an XML <query> (alone or inside
// <function>), a <readByQuery>, or REST query JSON — one object, or an array as a batch.

import { LedgerqError } from '../errors.ts';
import type { QueryRequest } from '../query/ir/request.ts';
import { lowerRestQuery, type RestQuery } from './rest/lower-query.ts';
import { lowerReadByQuery } from './xml/lower-read-by-query.ts';
import { lowerXmlQuery } from './xml/lower-query.ts';
import { checkFunctionElement } from './xml/function-schemas.ts';
import { parseXml } from './xml/xml-tree.ts';

/** One lowered query, with how its rows are written: XML by select label, REST by the fields as written (href too). */
export type LoweredQueryText =
  | { readonly naming: 'xml'; readonly request: QueryRequest }
  | { readonly naming: 'rest'; readonly request: QueryRequest; readonly rest: RestQuery };

/** `field` names the request property the text came in, for the error's target (a report's `query`). */
export function lowerQueryText(text: string, field?: string): LoweredQueryText[] {
  const target = field ? { field } : {};
  const t = text.trim();
  if (t.startsWith('<')) {
    let el = parseXml(t);
    if (el.name === 'function' && el.children[0]) el = el.children[0];
    if (el.name === 'query' || el.name === 'readByQuery') checkFunctionElement(el);
    if (el.name === 'query') return [{ naming: 'xml', request: lowerXmlQuery(el).request }];
    if (el.name === 'readByQuery') return [{ naming: 'xml', request: lowerReadByQuery(el) }];
    throw new LedgerqError('parse.invalid-query', `<${el.name}> is not a query: use <query> or <readByQuery>`, target);
  }
  let json: unknown;
  try {
    json = JSON.parse(t);
  } catch (e) {
    throw new LedgerqError(
      'parse.malformed-json',
      `the query is neither XML nor valid JSON: ${(e as Error).message}`,
      target,
    );
  }
  return (Array.isArray(json) ? json : [json]).map((body) => {
    const rest = lowerRestQuery(body);
    return { naming: 'rest', request: rest.request, rest };
  });
}
