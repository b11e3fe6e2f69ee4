// REST object reads: GET /objects/{module}/{object} lists keys with href; GET …/{key} returns one record nested by
// path.

import { documentView, type Catalog } from '../../catalog/catalog.ts';
import type { CatalogObject } from '../../catalog/types.ts';
import { LedgerqError } from '../../errors.ts';
import { bindQuery, type BindContext } from '../../query/bind.ts';
import { queryRequest } from '../../query/ir/request.ts';
import { fieldNames } from '../../query/resolve-path.ts';
import { runQuery } from '../../query/run-query.ts';
import type { Database } from '../../store/database.ts';
import { REST_PAGE, splitDocumentType } from './lower-query.ts';
import { hrefNeedsDocumentType, restHref, restSelectValue, setNested, type JsonValue } from './rest-values.ts';
import { runRestQuery, type QueryResult } from './run-rest-query.ts';

/** The catalog object behind a REST name (`accounts-payable/vendor`, `order-entry/document-line::Sales Order`); 404 otherwise. */
export function restObject(catalog: Catalog, name: string): { object: CatalogObject; docparid: string | null } {
  const { object, docparid } = splitDocumentType(name);
  const o = catalog.objectByRest(object);
  if (!o)
    throw new LedgerqError(
      'bind.unknown-object',
      `${name} is not a known object (use module/object, e.g. accounts-payable/vendor)`,
      { object: name },
    );
  return { object: documentView(o, docparid), docparid };
}

function hasRestId(o: CatalogObject): boolean {
  return o.fields.some((f) => fieldNames(f, 'rest').includes('id'));
}

/** A start or size query parameter: digits, else the REST error; absent, the default. */
export function pageParam(v: unknown, name: string, dflt: number): number {
  if (v === undefined || v === '') return dflt;
  if (typeof v !== 'string' || !/^\d+$/.test(v))
    throw new LedgerqError('limit.out-of-range', `${name} must be a positive integer, not ${JSON.stringify(v)}`, {
      field: name,
    });
  return Number(v);
}

/** The list form of an object: key, id (where the object has one) and href, in key order, paged like the query service. */
export async function listObjectKeys(
  db: Database,
  catalog: Catalog,
  name: string,
  query: { start?: unknown; size?: unknown },
  ctx: BindContext,
): Promise<QueryResult> {
  const { object } = restObject(catalog, name);
  return runRestQuery(
    db,
    catalog,
    {
      object: name,
      fields: hasRestId(object) ? ['key', 'id', 'href'] : ['key', 'href'],
      orderBy: [{ key: 'asc' }],
      start: pageParam(query.start, 'start', 1),
      size: pageParam(query.size, 'size', REST_PAGE.default),
    },
    ctx,
  );
}

/** One record with every REST field, nested by path (`audit.createdDateTime` → audit.createdDateTime), plus its href. */
export async function readObject(
  db: Database,
  catalog: Catalog,
  name: string,
  key: string,
  ctx: BindContext,
): Promise<{ 'ia::result': Record<string, unknown>; 'ia::meta': { totalCount: 1; totalSuccess: 1; totalError: 0 } }> {
  const { object, docparid } = restObject(catalog, name);
  const notFound = () =>
    new LedgerqError('bind.unknown-record', `${name} has no record with key ${key}`, { object: name, field: 'key' });
  if (!/^\d{1,15}$/.test(key)) throw notFound();
  // writeOnly fields are "not intended for retrieval" (seed rest-query-service.txt:1607): a read leaves them out.
  const paths = object.fields
    .filter((f) => !f.writeOnly)
    .map((f) => fieldNames(f, 'rest')[0])
    .filter((x): x is string => x !== undefined);
  const request = queryRequest({
    object: object.restName!,
    naming: 'rest',
    docparid,
    select: paths.map((path) => ({ kind: 'field', path })),
    filter: { kind: 'compare', op: 'eq', path: 'key', value: key },
    limit: 1,
  });
  const bound = bindQuery(catalog, request, ctx);
  const page = await runQuery(db, bound);
  const row = page.rows[0];
  if (!row) throw notFound();
  const record: Record<string, unknown> = {};
  for (const [i, s] of bound.select.entries()) setNested(record, paths[i]!, restSelectValue(s, row[i]!));
  const docType = hrefNeedsDocumentType(object) ? (record.documentType as JsonValue) : null;
  record.href = restHref(object, record.key as JsonValue, docType);
  return { 'ia::result': record, 'ia::meta': { totalCount: 1, totalSuccess: 1, totalError: 0 } };
}
