// The REST object core/user-view: list, read, create, update and delete a company's stored queries, each private to
// the user who created it unless shared (isPublic). Names and shapes from Intacct's OpenAPI (objects.core.user-view).

import { LedgerqError } from '../../errors.ts';
import type { BindContext } from '../../query/bind.ts';
import { bindQuery } from '../../query/bind.ts';
import { requireWriteRole, type Writer } from '../../writes/write-record.ts';
import { lowerRestQuery, REST_PAGE } from './lower-query.ts';
import { refuseUnqueryableFields } from './queryable-fields.ts';
import { pageMeta, type QueryResult } from './run-rest-query.ts';
import {
  deleteUserView,
  findUserView,
  insertUserView,
  listUserViewKeys,
  updateUserView,
  userViewNameTaken,
  type StoredUserView,
  type UserViewValues,
  type ViewCaller,
} from './user-view-store.ts';
import { jsonBody } from './write-objects.ts';

export const USER_VIEW_OBJECT = 'core/user-view';
/** The API version a view is written at (viewVersion): ledgerq serves v1 only. */
const VIEW_VERSION = '1';

type Json = Record<string, unknown>;
type Meta = { totalCount: 1; totalSuccess: 1; totalError: 0 };
const ONE: Meta = { totalCount: 1, totalSuccess: 1, totalError: 0 };

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const href = (key: number) => `/objects/${USER_VIEW_OBJECT}/${key}`;
const reference = (key: number) => ({ key: String(key), id: String(key), href: href(key) });

/** Writable properties of objects.core.user-view; `key`, `id` and `href` name the view and are not changes. */
const WRITABLE = ['name', 'description', 'category', 'object', 'isPublic', 'context', 'query', 'metadata', 'status'];
const IDENTITY = ['key', 'id', 'href'];
/** Set by the server: the owner is the creator, audit is kept, viewVersion is the API version of the last write. */
const SERVER_SET = ['owner', 'audit', 'viewVersion'];
const METADATA_KEYS = ['frozenColumnCount', 'frozenColumnsCount', 'columns'];
const COLUMN_KEYS = ['id', 'textFormat', 'format'];

function invalid(field: string, message: string): LedgerqError {
  return new LedgerqError('write.invalid-value', `Invalid value for ${field}: ${message}`, {
    object: USER_VIEW_OBJECT,
    field,
  });
}

export function viewNotFound(key: string): LedgerqError {
  return new LedgerqError('bind.unknown-record', `${USER_VIEW_OBJECT} has no record with key ${key}`, {
    object: USER_VIEW_OBJECT,
    field: 'key',
  });
}

/** A view key as written in a path or a view-service body: digits only, else no view has it. */
export function parseViewKey(key: string): number {
  if (!/^\d{1,15}$/.test(key)) throw viewNotFound(key);
  return Number(key);
}

function text(body: Json, name: string, nullable: boolean): string | null | undefined {
  const v = body[name];
  if (v === undefined) return undefined;
  if (v === null && nullable) return null;
  if (typeof v !== 'string') throw invalid(name, `${name} is a string${nullable ? ' or null' : ''}`);
  return v;
}

/** A nullable text property: the body's value (null clears it), else what the view had. */
function nullableText(body: Json, name: string, kept: string | null): string | null {
  const v = text(body, name, true);
  return v === undefined ? kept : v;
}

/** metadata: UI settings, checked against the schema's properties and kept as sent. */
function checkMetadata(v: unknown): Json | null {
  if (v === null) return null;
  if (!isObject(v)) throw invalid('metadata', 'metadata is an object of frozenColumnCount and columns');
  for (const [k, x] of Object.entries(v)) {
    if (!METADATA_KEYS.includes(k)) throw invalid(`metadata.${k}`, `${k} is not a metadata property`);
    if ((k === 'frozenColumnCount' || k === 'frozenColumnsCount') && typeof x !== 'number')
      throw invalid(`metadata.${k}`, `${k} is a number`);
    if (k === 'columns') {
      if (!Array.isArray(x)) throw invalid('metadata.columns', 'columns is an array of {id, textFormat}');
      for (const c of x) {
        if (!isObject(c)) throw invalid('metadata.columns', 'each column is an object {id, textFormat}');
        for (const [ck, cv] of Object.entries(c)) {
          if (!COLUMN_KEYS.includes(ck)) throw invalid(`metadata.columns.${ck}`, `${ck} is not a column property`);
          if (typeof cv !== 'string') throw invalid(`metadata.columns.${ck}`, `${ck} is a string`);
        }
      }
    }
  }
  return v;
}

/**
 * The view's query, checked as the query service checks a query (unknown properties, the object, every field, filter
 * and order), so a view that could not run is refused when it is saved.
 */
function checkQuery(v: unknown, ctx: BindContext, catalog: Writer['catalog']): Json {
  if (!isObject(v)) throw invalid('query', 'query is a query-service body such as {"object": …, "fields": […]}');
  const bound = bindQuery(catalog, lowerRestQuery(v, REST_PAGE).request, ctx);
  refuseUnqueryableFields(bound);
  return v;
}

/** A create or update body over the values it changes (the stored view's for an update, defaults for a create). */
function viewValues(body: Json, base: UserViewValues | null, w: Writer, ctx: BindContext, userKey: number | null) {
  for (const k of Object.keys(body)) {
    if (SERVER_SET.includes(k))
      throw new LedgerqError(
        'write.read-only-field',
        `${k} of a user view is set by the server and cannot be written`,
        {
          object: USER_VIEW_OBJECT,
          field: k,
        },
      );
    if (!WRITABLE.includes(k) && !IDENTITY.includes(k))
      throw new LedgerqError('write.unknown-field', `${k} is not a field of ${USER_VIEW_OBJECT}`, {
        object: USER_VIEW_OBJECT,
        field: k,
      });
  }
  // core-user-viewRequiredProperties: name and query on a create.
  for (const k of ['name', 'query'])
    if (base === null && (body[k] === undefined || body[k] === null || body[k] === ''))
      throw new LedgerqError('write.required-field', `${k} is required to create a user view`, {
        object: USER_VIEW_OBJECT,
        field: k,
      });
  const name = text(body, 'name', false);
  if (name !== undefined && name !== null && name.trim() === '') throw invalid('name', 'name cannot be empty');
  const query = body.query === undefined ? base!.query : checkQuery(body.query, ctx, w.catalog);
  const queryObject = query.object as string;
  const object = text(body, 'object', false);
  // objects.core.user-view.object: "Must match the `object` property in the `query` object."
  if (object !== undefined && object !== queryObject)
    throw invalid('object', `object ${JSON.stringify(object)} must match query.object ${JSON.stringify(queryObject)}`);
  const isPublic = body.isPublic;
  if (isPublic !== undefined && typeof isPublic !== 'boolean') throw invalid('isPublic', 'isPublic is true or false');
  const status = body.status;
  if (status !== undefined && status !== 'active' && status !== 'inactive')
    throw invalid('status', 'status is active or inactive');
  const context = text(body, 'context', false);
  if (context === '') throw invalid('context', 'context cannot be empty');
  const values: UserViewValues = {
    name: name ?? base!.name,
    description: nullableText(body, 'description', base?.description ?? null),
    category: nullableText(body, 'category', base?.category ?? null),
    object: queryObject,
    query,
    // "provide the entire metadata object": an update replaces it whole (OpenAPI, update-core-user-view-key).
    metadata: body.metadata === undefined ? (base?.metadata ?? null) : checkMetadata(body.metadata),
    context: context ?? base?.context ?? '__default',
    isPublic: (isPublic as boolean | undefined) ?? base?.isPublic ?? false,
    status: (status as 'active' | 'inactive' | undefined) ?? base?.status ?? 'active',
    viewVersion: VIEW_VERSION,
    modifiedByKey: userKey,
    modifiedAt: w.now,
  };
  return values;
}

async function refuseTakenName(w: Writer, name: string, exceptKey: number | null): Promise<void> {
  if (await userViewNameTaken(w.db, w.companyKey, name, exceptKey))
    throw new LedgerqError('write.duplicate-id', `A user view named ${JSON.stringify(name)} already exists`, {
      object: USER_VIEW_OBJECT,
      field: 'name',
    });
}

const callerOf = (w: Writer): ViewCaller => ({ companyKey: w.companyKey, userId: w.userId });

/** The view the caller may see, or not found (another company's, another user's private one, a missing key alike). */
export async function requireUserView(db: Writer['db'], caller: ViewCaller, key: string): Promise<StoredUserView> {
  const view = await findUserView(db, caller, parseViewKey(key));
  if (!view) throw viewNotFound(key);
  return view;
}

/** Only the owner changes or deletes a view; others may read and execute a shared one. */
async function requireOwnView(w: Writer, key: string): Promise<StoredUserView> {
  const view = await requireUserView(w.db, callerOf(w), key);
  if (view.ownerUserId.toLowerCase() !== w.userId.toLowerCase())
    throw new LedgerqError(
      'write.not-permitted',
      `User view ${key} belongs to ${view.ownerUserId}: only its owner can change or delete it`,
      { object: USER_VIEW_OBJECT, field: 'key' },
    );
  return view;
}

function userRef(key: number | null, id: string) {
  return key === null
    ? { key: null, id, href: null }
    : { key: String(key), id, href: `/objects/company-config/user/${key}` };
}

/** GET /objects/core/user-view/{key}: the view as objects.core.user-view describes it. */
export async function readUserView(
  db: Writer['db'],
  caller: ViewCaller,
  key: string,
): Promise<{ 'ia::result': Json; 'ia::meta': Meta }> {
  const v = await requireUserView(db, caller, key);
  return {
    'ia::result': {
      key: String(v.key),
      id: String(v.key),
      name: v.name,
      description: v.description,
      category: v.category,
      owner: userRef(v.ownerKey, v.ownerUserId),
      object: v.object,
      query: v.query,
      metadata: v.metadata,
      isPublic: v.isPublic,
      context: v.context,
      status: v.status,
      viewVersion: v.viewVersion,
      audit: {
        createdDateTime: v.createdAt,
        modifiedDateTime: v.modifiedAt,
        createdBy: v.ownerKey === null ? null : String(v.ownerKey),
        modifiedBy: v.modifiedByKey === null ? null : String(v.modifiedByKey),
      },
      href: href(v.key),
    },
    'ia::meta': ONE,
  };
}

/** GET /objects/core/user-view: key, id and href of each view the caller may see, paged like other lists. */
export async function listUserViews(
  db: Writer['db'],
  caller: ViewCaller,
  start: number,
  size: number,
): Promise<QueryResult> {
  // The bounds a list of any other object has (the query service's start and size).
  for (const [name, v, max] of [
    ['start', start, Number.MAX_SAFE_INTEGER],
    ['size', size, REST_PAGE.max],
  ] as const)
    if (v < 1 || v > max)
      throw new LedgerqError('limit.out-of-range', `${name} must be an integer from 1 to ${max}, not ${v}`, {
        field: name,
      });
  const { keys, total } = await listUserViewKeys(db, caller, start - 1, size);
  return { 'ia::result': keys.map(reference), 'ia::meta': pageMeta(total, start, size) };
}

/** POST /objects/core/user-view: a new view owned by the caller; 201 with its reference. */
export async function createUserView(
  w: Writer,
  ctx: BindContext,
  raw: unknown,
): Promise<{ 'ia::result': Json; 'ia::meta': Meta }> {
  const userKey = await requireWriteRole(w);
  const values = viewValues(jsonBody(raw), null, w, ctx, userKey);
  await refuseTakenName(w, values.name, null);
  let key: number;
  try {
    key = await insertUserView(w.db, { ...callerOf(w), ownerKey: userKey }, values);
  } catch (e) {
    // Two creates of one name at once: the unique index refuses the second, answered as the duplicate it is.
    await refuseTakenName(w, values.name, null);
    throw e;
  }
  return { 'ia::result': reference(key), 'ia::meta': ONE };
}

/** PATCH /objects/core/user-view/{key}: the given properties change; query and metadata are replaced whole. */
export async function patchUserView(
  w: Writer,
  ctx: BindContext,
  key: string,
  raw: unknown,
): Promise<{ 'ia::result': Json; 'ia::meta': Meta }> {
  const userKey = await requireWriteRole(w);
  const body = jsonBody(raw);
  const view = await requireOwnView(w, key);
  const values = viewValues(body, view, w, ctx, userKey);
  await refuseTakenName(w, values.name, view.key);
  try {
    await updateUserView(w.db, w.companyKey, view.key, values);
  } catch (e) {
    await refuseTakenName(w, values.name, view.key);
    throw e;
  }
  return { 'ia::result': reference(view.key), 'ia::meta': ONE };
}

/** DELETE /objects/core/user-view/{key}. */
export async function removeUserView(w: Writer, key: string): Promise<void> {
  await requireWriteRole(w);
  const view = await requireOwnView(w, key);
  await deleteUserView(w.db, w.companyKey, view.key);
}
