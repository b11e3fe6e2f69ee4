// Lowers the XML gateway's <query> function into the query IR. The element has been checked against the seed's XSD
// first (function-schemas.ts): only names and values are left to refuse here.

import { InternalError, LedgerqError } from '../../errors.ts';
import {
  AGGREGATE_FNS,
  queryRequest,
  type AggregateFn,
  type CompareOp,
  type Filter,
  type OrderItem,
  type QueryRequest,
  type SelectItem,
} from '../../query/ir/request.ts';
import { child, childText, type XmlElement } from './xml-tree.ts';

export type ReturnFormat = 'xml' | 'json' | 'csv';

export interface XmlQuery {
  readonly request: QueryRequest;
  readonly returnFormat: ReturnFormat;
}

/** seed: "pagesize … between 1 and 2000 items (Default: 100)". */
export const XML_QUERY_PAGESIZE = { default: 100, max: 2000 } as const;

const COMPARE: Record<string, CompareOp> = {
  equalto: 'eq',
  notequalto: 'ne',
  lessthan: 'lt',
  lessthanorequalto: 'le',
  greaterthan: 'gt',
  greaterthanorequalto: 'ge',
};

function invalid(message: string, field?: string): LedgerqError {
  return new LedgerqError('parse.invalid-query', message, field ? { field } : {});
}

function fieldOf(op: XmlElement): string {
  const f = childText(op, 'field');
  if (!f) throw invalid(`<${op.name}> needs a <field>`);
  return f;
}

function valuesOf(op: XmlElement): string[] {
  return op.children.filter((c) => c.name === 'value').map((c) => c.text);
}

function lowerFilter(op: XmlElement): Filter {
  const name = op.name;
  if (name === 'and' || name === 'or') return { kind: name, items: op.children.map(lowerFilter) };
  const cmp = COMPARE[name];
  if (cmp) return { kind: 'compare', op: cmp, path: fieldOf(op), value: valuesOf(op)[0]! };
  switch (name) {
    case 'in':
    case 'notin':
      return { kind: 'in', negated: name === 'notin', path: fieldOf(op), values: valuesOf(op) };
    // The XSD has no notbetween.
    case 'between':
      return { kind: 'between', negated: false, path: fieldOf(op), values: valuesOf(op) };
    case 'like':
    case 'notlike':
      return { kind: 'like', negated: name === 'notlike', path: fieldOf(op), pattern: valuesOf(op)[0]! };
    case 'isnull':
    case 'isnotnull':
      return { kind: 'null', negated: name === 'isnotnull', path: fieldOf(op) };
    default:
      throw new InternalError(`<${name}> reached the query lowering unchecked`);
  }
}

function lowerSelectItem(el: XmlElement): SelectItem {
  const path = el.text.trim();
  if (!path) throw invalid(`<${el.name}> in <select> is empty`);
  if (el.name === 'field') return { kind: 'field', path };
  if ((AGGREGATE_FNS as readonly string[]).includes(el.name))
    return { kind: 'aggregate', fn: el.name as AggregateFn, path };
  throw new InternalError(`<${el.name}> reached the select lowering unchecked`);
}

function booleanOption(options: XmlElement | undefined, name: string): boolean {
  const v = options ? childText(options, name) : undefined;
  if (v === undefined || v === '') return false;
  if (v === 'true' || v === 'false') return v === 'true';
  throw invalid(`<${name}> must be true or false, not ${JSON.stringify(v)}`);
}

function integerElement(el: XmlElement, name: string, min: number, max: number, dflt: number): number {
  const v = childText(el, name);
  if (v === undefined || v === '') return dflt;
  if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) {
    throw new LedgerqError(
      'limit.out-of-range',
      `<${name}> must be an integer from ${min} to ${max}, not ${JSON.stringify(v)}`,
      { field: name },
    );
  }
  return Number(v);
}

/** `page`: the company's page size rule (emulator limits); Intacct's by default. */
export function lowerXmlQuery(
  el: XmlElement,
  page: { readonly default: number; readonly max: number; readonly cap?: number } = XML_QUERY_PAGESIZE,
): XmlQuery {
  const object = childText(el, 'object');
  if (!object) throw invalid('<query> needs an <object>');
  const select = (child(el, 'select')?.children ?? []).map(lowerSelectItem);
  // seed: "Under the filter element, only one top-level operator is allowed" (checked by the schema).
  const condition = child(el, 'filter')?.children[0];
  const filter: Filter | null = condition ? lowerFilter(condition) : null;

  const orderBy: OrderItem[] = [];
  const orderEl = child(el, 'orderby');
  for (const order of orderEl?.children ?? []) {
    const field = childText(order, 'field');
    if (!field) throw invalid('<order> needs a <field>');
    const target: SelectItem = select.find(
      (s) => s.kind === 'aggregate' && `${s.fn}.${s.path}`.toUpperCase() === field.toUpperCase(),
    ) ?? { kind: 'field', path: field };
    orderBy.push({ target, direction: child(order, 'descending') ? 'desc' : 'asc' });
  }

  const options = child(el, 'options');
  const format = (options ? childText(options, 'returnformat') : undefined)?.toLowerCase() || 'xml';
  if (format !== 'xml' && format !== 'json' && format !== 'csv')
    throw invalid(`<returnformat> must be xml, json or csv, not ${JSON.stringify(format)}`);

  return {
    returnFormat: format,
    request: queryRequest({
      object,
      naming: 'xml',
      select,
      filter,
      orderBy,
      offset: integerElement(el, 'offset', 0, Number.MAX_SAFE_INTEGER, 0),
      limit: Math.min(integerElement(el, 'pagesize', 1, page.max, page.default), page.cap ?? page.max),
      options: {
        caseInsensitive: booleanOption(options, 'caseinsensitive'),
        includePrivate: booleanOption(options, 'showprivate'),
        asOfDate: null,
      },
      docparid: childText(el, 'docparid') || null,
    }),
  };
}
