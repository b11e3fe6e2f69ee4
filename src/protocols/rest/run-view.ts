// The view service (POST /services/core/view): executes a stored user view through the query service, with the
// request's query parameters overriding the view's own.

import type { Catalog } from '../../catalog/catalog.ts';
import { LedgerqError } from '../../errors.ts';
import type { BindContext } from '../../query/bind.ts';
import type { Database } from '../../store/database.ts';
import { runRestQuery, type QueryResult } from './run-rest-query.ts';
import type { ViewCaller } from './user-view-store.ts';
import { requireUserView, USER_VIEW_OBJECT } from './user-views.ts';

type Json = Record<string, unknown>;

/**
 * Query-service parameters a request may give to override the view's (OpenAPI services.core.view lists
 * filterParameters, start and size; the View service tag says "Any parameters that you provide in the request body
 * override the same parameters defined in the view"). `object` is not among them: a view names its object.
 */
const OVERRIDES = ['fields', 'filters', 'filterExpression', 'filterParameters', 'orderBy', 'start', 'size'];

function invalid(message: string, field: string): LedgerqError {
  return new LedgerqError('parse.invalid-query', message, { field });
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The view's query with the request's parameters over it. filterParameters are merged one parameter at a time: seed
 * rest-query-service.txt:948, "the query service overrides the corresponding filterParameters section in an existing
 * view or adds a filterParameters section, if not already present". Every other parameter replaces the view's whole.
 */
export function overrideViewQuery(view: Json, request: Json): Json {
  const query: Json = { ...view };
  for (const k of OVERRIDES) {
    if (request[k] === undefined) continue;
    if (k === 'filterParameters' && isObject(request[k]) && isObject(view[k])) query[k] = { ...view[k], ...request[k] };
    else query[k] = request[k];
  }
  return query;
}

/** POST /services/core/view: `key` and `viewType` (services.core.view's required properties) and any overrides. */
export async function runView(
  db: Database,
  catalog: Catalog,
  body: unknown,
  caller: ViewCaller,
  ctx: BindContext,
  pageLimit?: { readonly default: number; readonly max: number; readonly cap?: number },
): Promise<QueryResult> {
  if (!isObject(body)) throw invalid('a view request is a JSON object with "key" and "viewType"', 'body');
  for (const k of Object.keys(body))
    if (k !== 'key' && k !== 'viewType' && !OVERRIDES.includes(k))
      throw invalid(
        `unknown view request property ${JSON.stringify(k)}; expected key, viewType, ${OVERRIDES.join(', ')}`,
        k,
      );
  const { key, viewType } = body;
  if (viewType === undefined || viewType === null)
    throw invalid('"viewType" is required: "user" or "system"', 'viewType');
  if (viewType !== 'user' && viewType !== 'system')
    throw invalid(`viewType must be "user" or "system", not ${JSON.stringify(viewType)}`, 'viewType');
  if (key === undefined || key === null || key === '') throw invalid('"key" is required: the key of the view', 'key');
  if (typeof key !== 'string') throw invalid('"key" must be a string, such as "540"', 'key');
  if (viewType === 'system') {
    // Intacct's system views are its own definitions per object (objects.core.system-view); ledgerq holds none of them
    // and does not invent any.
    throw new LedgerqError(
      'bind.not-allowed',
      `system views are not served by ledgerq (it has none of Intacct's system view definitions); execute a user view with viewType "user"`,
      { field: 'viewType' },
    );
  }
  const view = await requireUserView(db, caller, key);
  // An inactive object "cannot be used or referenced" (OpenAPI status schema).
  if (view.status === 'inactive')
    throw new LedgerqError('bind.not-allowed', `${USER_VIEW_OBJECT} ${key} is inactive and cannot be executed`, {
      field: 'key',
    });
  return runRestQuery(db, catalog, overrideViewQuery(view.query, body), ctx, pageLimit);
}
