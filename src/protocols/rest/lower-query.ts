// Lowers a REST query-service body ({ object, fields, filters, filterExpression, filterParameters, orderBy, start, size
// }) into the query IR.

import { LedgerqError } from '../../errors.ts';
import {
  AGGREGATE_FNS,
  queryRequest,
  type AggregateFn,
  type CompareOp,
  type Filter,
  type Literal,
  type MatchMode,
  type OrderItem,
  type QueryRequest,
  type SelectItem,
} from '../../query/ir/request.ts';
import { parseFilterExpression } from './filter-expression.ts';

/** seed rest-query-service: size defaults to 100 and is at most 4,000. */
export const REST_PAGE = { default: 100, max: 4000 } as const;

const KNOWN_KEYS = new Set([
  'object',
  'fields',
  'filters',
  'filterExpression',
  'filterParameters',
  'orderBy',
  'start',
  'size',
]);
const COMPARE: Record<string, CompareOp> = { $eq: 'eq', $ne: 'ne', $lt: 'lt', $lte: 'le', $gt: 'gt', $gte: 'ge' };
const MATCH: Record<string, { mode: MatchMode; negated: boolean }> = {
  $contains: { mode: 'contains', negated: false },
  $notContains: { mode: 'contains', negated: true },
  $startsWith: { mode: 'startsWith', negated: false },
  $notStartsWith: { mode: 'startsWith', negated: true },
  $endsWith: { mode: 'endsWith', negated: false },
  $notEndsWith: { mode: 'endsWith', negated: true },
};
export const REST_OPERATORS = [
  ...Object.keys(COMPARE),
  '$in',
  '$notIn',
  '$between',
  '$notBetween',
  ...Object.keys(MATCH),
];

function invalid(message: string, details: Record<string, unknown> = {}): LedgerqError {
  return new LedgerqError('parse.invalid-query', message, details);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function literal(v: unknown, where: string): Literal {
  if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  throw invalid(`${where}: a value must be a string, number, boolean or null`, { field: where });
}

/** `sum:vendor.vendorDue` → aggregate; anything else is a field path. */
export function parseFieldSpec(spec: string): SelectItem {
  const m = /^([a-z]+):(.+)$/.exec(spec);
  if (m && (AGGREGATE_FNS as readonly string[]).includes(m[1]!))
    return { kind: 'aggregate', fn: m[1] as AggregateFn, path: m[2]! };
  if (m && !spec.startsWith('nsp::'))
    throw invalid(`${spec}: ${m[1]} is not an aggregate function; use count, sum, avg, min or max`, { field: spec });
  return { kind: 'field', path: spec };
}

function lowerCondition(c: unknown, index: number): Filter {
  const where = `filters[${index}]`;
  if (!isObject(c) || Object.keys(c).length !== 1)
    throw invalid(`${where} must be an object with one operator, such as {"$eq": {"status": "active"}}`, {
      filter: index + 1,
    });
  const [op, body] = Object.entries(c)[0]!;
  if (!REST_OPERATORS.includes(op))
    throw invalid(`${where}: ${op} is not an operator; use ${REST_OPERATORS.join(', ')}`, {
      filter: index + 1,
      operator: op,
    });
  if (!isObject(body) || Object.keys(body).length !== 1)
    throw invalid(`${where}: ${op} takes one field, such as {"${op}": {"id": "V-1"}}`, { filter: index + 1 });
  const [path, value] = Object.entries(body)[0]!;
  if (COMPARE[op]) {
    // The REST service reads null, or the string "null", in $eq/$ne as is (not) null.
    if ((op === '$eq' || op === '$ne') && (value === null || value === 'null'))
      return { kind: 'null', negated: op === '$ne', path };
    return { kind: 'compare', op: COMPARE[op]!, path, value: literal(value, path) };
  }
  if (MATCH[op]) {
    const m = MATCH[op]!;
    return { kind: 'match', mode: m.mode, negated: m.negated, path, value: literal(value, path) };
  }
  if (!Array.isArray(value))
    throw invalid(`${where}: ${op} takes an array of values for ${path}`, { filter: index + 1, field: path });
  const values = value.map((v) => literal(v, path));
  if (op === '$in' || op === '$notIn') return { kind: 'in', negated: op === '$notIn', path, values };
  return { kind: 'between', negated: op === '$notBetween', path, values };
}

function booleanParam(params: Record<string, unknown>, name: string, dflt: boolean): boolean {
  const v = params[name];
  if (v === undefined) return dflt;
  if (typeof v === 'boolean') return v;
  if (v === 'true' || v === 'false') return v === 'true';
  throw invalid(`filterParameters.${name} must be true or false`, { field: name });
}

function integerParam(body: Record<string, unknown>, name: string, min: number, max: number, dflt: number): number {
  const v = body[name];
  if (v === undefined || v === null) return dflt;
  const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max) {
    throw new LedgerqError(
      'limit.out-of-range',
      `${name} must be an integer from ${min} to ${max}, not ${JSON.stringify(v)}`,
      { field: name },
    );
  }
  return n;
}

/** A lowered REST query, with where the computed `href` goes among the output columns. */
export interface RestQuery {
  readonly request: QueryRequest;
  /** The output columns as the client wrote them, `href` among them. */
  readonly fields: readonly string[];
  /**
   * `position` in the output columns, computed from the select item at `keyIndex` (and, for order-entry
   * lines, the document type at `documentTypeIndex`); null when href was not asked for.
   */
  readonly href: {
    readonly position: number;
    readonly keyIndex: number;
    readonly documentTypeIndex: number | null;
  } | null;
  /** Select items appended only to compute href (the key, the document type), not output. */
  readonly hiddenTail: number;
}

/**
 * Documents and their lines may name one transaction definition, Intacct style: `order-entry/document::Sales Order`,
 * `purchasing/document-line::PO Receiver` (the REST reference's document::{documentName} paths of order entry,
 * purchasing and inventory control).
 */
export function splitDocumentType(name: string): { object: string; docparid: string | null } {
  const m = /^((?:order-entry|purchasing|inventory-control)\/document(?:-line)?)::(.+)$/.exec(name);
  return m ? { object: m[1]!, docparid: m[2]! } : { object: name, docparid: null };
}

/** Document lines: their href names the document type (`/objects/order-entry/document-line::Contract%20Invoice/527`). */
export function isDocumentLine(restName: string): boolean {
  return /^(?:order-entry|purchasing|inventory-control)\/document-line$/.test(restName);
}

/** `page`: the company's page size rule (emulator limits); Intacct's by default. */
export function lowerRestQuery(
  body: unknown,
  page: { readonly default: number; readonly max: number; readonly cap?: number } = REST_PAGE,
): RestQuery {
  if (!isObject(body)) throw invalid('a query is a JSON object with at least "object" and "fields"');
  for (const k of Object.keys(body))
    if (!KNOWN_KEYS.has(k))
      throw invalid(`unknown query property ${JSON.stringify(k)}; expected ${[...KNOWN_KEYS].join(', ')}`, {
        field: k,
      });
  if (typeof body.object !== 'string' || !body.object)
    throw invalid('"object" is required, as module/object (e.g. accounts-payable/vendor)', { field: 'object' });
  if (
    !Array.isArray(body.fields) ||
    body.fields.length === 0 ||
    !body.fields.every((f) => typeof f === 'string' && f)
  ) {
    throw invalid('"fields" is required: an array of field names (such as ["id", "name"])', { field: 'fields' });
  }
  const fields = body.fields as string[];
  // href is computed from the key, not a catalog field: it is output where asked, never filtered or sorted.
  const hrefPosition = fields.indexOf('href');
  if (fields.lastIndexOf('href') !== hrefPosition) throw invalid('"href" is listed twice in fields', { field: 'href' });
  const select = fields.filter((f) => f !== 'href').map(parseFieldSpec);
  // seed FAQ: "the query service does not support the use of an asterisk (*) to select all fields".
  if (select.some((s) => s.path === '*'))
    throw invalid('"*" is not supported in fields: list the fields to return', { field: '*' });
  const { object, docparid } = splitDocumentType(body.object);
  let href: RestQuery['href'] = null;
  let hiddenTail = 0;
  if (hrefPosition >= 0) {
    if (select.some((s) => s.kind === 'aggregate'))
      throw invalid('"href" cannot be combined with aggregate functions', { field: 'href' });
    const hidden = (path: string): number => {
      const at = select.findIndex((s) => s.kind === 'field' && s.path === path);
      if (at >= 0) return at;
      select.push({ kind: 'field', path });
      hiddenTail++;
      return select.length - 1;
    };
    const keyIndex = hidden('key');
    // Lines of documents are addressed under their document type:
    // /objects/order-entry/document-line::Contract%20Invoice/527.
    const documentTypeIndex = isDocumentLine(object) ? hidden('documentType') : null;
    href = { position: hrefPosition, keyIndex, documentTypeIndex };
  }

  const filters = body.filters === undefined ? [] : body.filters;
  if (!Array.isArray(filters)) throw invalid('"filters" must be an array', { field: 'filters' });
  const conditions = filters.map(lowerCondition);
  let filter: Filter | null = null;
  if (body.filterExpression !== undefined && body.filterExpression !== null && body.filterExpression !== '') {
    if (typeof body.filterExpression !== 'string')
      throw invalid('"filterExpression" must be a string such as "(1 and 2) or 3"', { field: 'filterExpression' });
    filter = parseFilterExpression(body.filterExpression, conditions);
  } else if (conditions.length > 0) {
    filter = conditions.length === 1 ? conditions[0]! : { kind: 'and', items: conditions };
  }

  const params = body.filterParameters === undefined ? {} : body.filterParameters;
  if (!isObject(params)) throw invalid('"filterParameters" must be an object', { field: 'filterParameters' });
  for (const k of Object.keys(params))
    if (!['asOfDate', 'caseSensitiveComparison', 'includePrivate'].includes(k))
      throw invalid(`unknown filter parameter ${JSON.stringify(k)}`, { field: k });
  const asOf = params.asOfDate;
  if (
    asOf !== undefined &&
    (typeof asOf !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(asOf) || Number.isNaN(Date.parse(asOf)))
  ) {
    throw invalid('filterParameters.asOfDate must be a date yyyy-mm-dd', { field: 'asOfDate' });
  }

  const orderBy: OrderItem[] = [];
  const order = body.orderBy === undefined ? [] : body.orderBy;
  if (!Array.isArray(order)) throw invalid('"orderBy" must be an array such as [{"id": "asc"}]', { field: 'orderBy' });
  for (const o of order) {
    if (!isObject(o) || Object.keys(o).length !== 1)
      throw invalid('each orderBy entry is one {"field": "asc" | "desc"}', { field: 'orderBy' });
    const [path, dir] = Object.entries(o)[0]!;
    if (dir !== 'asc' && dir !== 'desc')
      throw invalid(`orderBy ${path}: direction must be "asc" or "desc"`, { field: path });
    orderBy.push({ target: parseFieldSpec(path), direction: dir });
  }

  const start = integerParam(body, 'start', 1, Number.MAX_SAFE_INTEGER, 1);
  const request = queryRequest({
    object,
    naming: 'rest',
    docparid,
    select,
    filter,
    orderBy,
    offset: start - 1,
    limit: Math.min(integerParam(body, 'size', 1, page.max, page.default), page.cap ?? page.max),
    options: {
      caseInsensitive: !booleanParam(params, 'caseSensitiveComparison', true),
      includePrivate: booleanParam(params, 'includePrivate', false),
      asOfDate: (asOf as string | undefined) ?? null,
    },
  });
  return { request, fields, href, hiddenTail };
}
