// Lowers the legacy <readByQuery> function (object, fields, SQL-like query string, pagesize) into the query IR.

import { LedgerqError } from '../../errors.ts';
import { type Filter, queryRequest, type QueryRequest, type SelectItem } from '../../query/ir/request.ts';
import { parseReadByQuery } from './read-by-query-parser.ts';
import { childText, type XmlElement } from './xml-tree.ts';

/** seed: "Custom page size between 1 and 1000 items (Default: 100)". */
export const READ_BY_QUERY_PAGESIZE = { default: 100, max: 1000 } as const;

export interface ReadByQueryParts {
  readonly request: QueryRequest;
  /** Rows per page (readMore continues with the same size). */
  readonly pageSize: number;
  /** Rows the whole result may hold, from a `rownum` condition; null = no cap. */
  readonly rowLimit: number | null;
}

export function lowerReadByQuery(el: XmlElement): QueryRequest {
  return lowerReadByQueryParts(el).request;
}

/** `page`: the company's page size rule (emulator limits); Intacct's by default. */
export function lowerReadByQueryParts(
  el: XmlElement,
  page: { readonly default: number; readonly max: number; readonly cap?: number } = READ_BY_QUERY_PAGESIZE,
): ReadByQueryParts {
  const object = childText(el, 'object');
  if (!object) throw new LedgerqError('parse.invalid-query', '<readByQuery> needs an <object>');
  const fieldsText = childText(el, 'fields') ?? '*';
  // "To return all fields, omit the element or provide * for the value."
  const select: SelectItem[] =
    fieldsText === '' || fieldsText === '*'
      ? []
      : fieldsText
          .split(',')
          .map((f) => f.trim())
          .filter(Boolean)
          .map((path) => ({ kind: 'field', path }));
  const pageText = childText(el, 'pagesize');
  let pagesize: number = page.default;
  if (pageText !== undefined && pageText !== '') {
    if (!/^\d+$/.test(pageText) || Number(pageText) < 1 || Number(pageText) > page.max) {
      throw new LedgerqError(
        'limit.out-of-range',
        `<pagesize> must be an integer from 1 to ${page.max}, not ${JSON.stringify(pageText)}`,
        { field: 'pagesize' },
      );
    }
    pagesize = Math.min(Number(pageText), page.cap ?? page.max);
  }
  const condition = parseReadByQuery(childText(el, 'query') ?? '');
  // seed (readByQuery): "You cannot query on a field that is a join by foreign key." Paths across a relationship are
  // the query function's.
  for (const path of [...select.map((f) => (f.kind === 'field' ? f.path : '')), ...filterPaths(condition.filter)]) {
    if (path.includes('.'))
      throw new LedgerqError(
        'bind.not-allowed',
        `You cannot query on a field that is a join by foreign key: ${path} (use the query function for related fields)`,
        { field: path },
      );
  }
  const request = queryRequest({
    object,
    naming: 'xml',
    // Legacy strings spell enums and booleans by code: STATE = 'A', ONETIME = 'T'.
    spelling: 'code',
    select,
    filter: condition.filter,
    offset: condition.offset,
    limit: condition.limit === null ? pagesize : Math.min(pagesize, condition.limit),
    docparid: childText(el, 'docparid') || null,
  });
  return { request, pageSize: pagesize, rowLimit: condition.limit };
}

function filterPaths(f: Filter | null): string[] {
  if (!f) return [];
  switch (f.kind) {
    case 'and':
    case 'or':
      return f.items.flatMap(filterPaths);
    case 'not':
      return filterPaths(f.item);
    default:
      return [f.path];
  }
}
