// Storage of REST user views (core/user-view): the table, and the company-scoped statements that read and write it.

import type { Database } from '../../store/database.ts';
import { p, sql, type Sql } from '../../store/sql.ts';
import { column, index, type TableSpec } from '../../store/table-spec.ts';

/**
 * A view's query and display settings are kept as the JSON the client sent (after validation), since a view is
 * answered and executed as that JSON; its key is numbered per company, as Intacct's keys are.
 */
export const USER_VIEW_TABLES: readonly TableSpec[] = [
  {
    name: 'lq_user_view',
    scope: 'company',
    columns: [
      column('company_key', 'integer', true),
      column('view_key', 'bigint', true),
      column('name', 'text', true),
      column('description', 'text'),
      column('category', 'text'),
      column('object_name', 'text', true),
      column('query_json', 'text', true),
      column('metadata_json', 'text'),
      column('context', 'text', true),
      column('is_public', 'boolean', true),
      column('status', 'text', true),
      column('view_version', 'text', true),
      column('owner_user_id', 'text', true),
      // The owner's USERINFO record number (owner.key, audit.createdBy), when the company lists its users there.
      column('owner_key', 'bigint'),
      column('modified_by_key', 'bigint'),
      column('created_at', 'text', true),
      column('modified_at', 'text', true),
    ],
    primaryKey: ['company_key', 'view_key'],
    // "Unique name for the user view" (OpenAPI objects.core.user-view.name): unique in the company.
    indexes: [index('lq_user_view', ['company_key', 'name'], true)],
  },
];

/** What a create or update writes: every column but the key, the owner and the creation time. */
export interface UserViewValues {
  readonly name: string;
  readonly description: string | null;
  readonly category: string | null;
  readonly object: string;
  readonly query: Record<string, unknown>;
  readonly metadata: Record<string, unknown> | null;
  readonly context: string;
  readonly isPublic: boolean;
  readonly status: 'active' | 'inactive';
  readonly viewVersion: string;
  readonly modifiedByKey: number | null;
  readonly modifiedAt: string;
}

/** A stored view as the handlers use it: JSON parsed back, booleans normalized across the two databases. */
export interface StoredUserView extends UserViewValues {
  readonly key: number;
  readonly ownerUserId: string;
  readonly ownerKey: number | null;
  readonly createdAt: string;
}

/** The caller a view is read or written for: a private view is its owner's alone. */
export interface ViewCaller {
  readonly companyKey: number;
  readonly userId: string;
}

interface Row {
  view_key: number | string;
  name: string;
  description: string | null;
  category: string | null;
  object_name: string;
  query_json: string;
  metadata_json: string | null;
  context: string;
  is_public: unknown;
  status: string;
  view_version: string;
  owner_user_id: string;
  owner_key: number | string | null;
  modified_by_key: number | string | null;
  created_at: string;
  modified_at: string;
}

const numberOrNull = (v: number | string | null): number | null => (v === null ? null : Number(v));

function fromRow(r: Row): StoredUserView {
  return {
    key: Number(r.view_key),
    name: r.name,
    description: r.description,
    category: r.category,
    object: r.object_name,
    query: JSON.parse(r.query_json) as Record<string, unknown>,
    metadata: r.metadata_json === null ? null : (JSON.parse(r.metadata_json) as Record<string, unknown>),
    context: r.context,
    isPublic: r.is_public === true || r.is_public === 1 || r.is_public === '1',
    status: r.status === 'inactive' ? 'inactive' : 'active',
    viewVersion: r.view_version,
    ownerUserId: r.owner_user_id,
    ownerKey: numberOrNull(r.owner_key),
    modifiedByKey: numberOrNull(r.modified_by_key),
    createdAt: r.created_at,
    modifiedAt: r.modified_at,
  };
}

/** The views of the company this caller may see: its own, and those shared with everyone. */
function visibleTo(caller: ViewCaller): Sql {
  return sql`company_key = ${p(caller.companyKey)} AND (is_public = ${p(true)} OR LOWER(owner_user_id) = ${p(caller.userId.toLowerCase())})`;
}

export async function findUserView(db: Database, caller: ViewCaller, key: number): Promise<StoredUserView | null> {
  const rows = await db.all<Row>(sql`SELECT * FROM lq_user_view WHERE ${visibleTo(caller)} AND view_key = ${p(key)}`);
  return rows[0] ? fromRow(rows[0]) : null;
}

/** One page of the caller's visible views in key order, with how many there are in all. */
export async function listUserViewKeys(
  db: Database,
  caller: ViewCaller,
  offset: number,
  limit: number,
): Promise<{ keys: number[]; total: number }> {
  const count = await db.all<{ n: number | string }>(
    sql`SELECT COUNT(*) AS n FROM lq_user_view WHERE ${visibleTo(caller)}`,
  );
  const rows = await db.all<{ view_key: number | string }>(
    sql`SELECT view_key FROM lq_user_view WHERE ${visibleTo(caller)} ORDER BY view_key LIMIT ${p(limit)} OFFSET ${p(offset)}`,
  );
  return { keys: rows.map((r) => Number(r.view_key)), total: Number(count[0]?.n ?? 0) };
}

/** Whether another view of the company already has this name. */
export async function userViewNameTaken(
  db: Database,
  companyKey: number,
  name: string,
  exceptKey: number | null,
): Promise<boolean> {
  const rows = await db.all(
    sql`SELECT 1 AS x FROM lq_user_view WHERE company_key = ${p(companyKey)} AND name = ${p(name)} AND view_key <> ${p(exceptKey ?? 0)}`,
  );
  return rows.length > 0;
}

/**
 * The next view key of the company, from the same per-company counter the write path uses for record numbers (a row
 * per company and object name): the upsert makes two concurrent creates take distinct keys on both databases.
 */
async function nextViewKey(db: Database, companyKey: number): Promise<number> {
  const rows = await db.all<{ last_no: number | string }>(sql`
    INSERT INTO lq_record_counter (company_key, object_name, last_no)
    VALUES (${p(companyKey)}, ${p('core/user-view')},
      (SELECT COALESCE(MAX(view_key), 0) + 1 FROM lq_user_view WHERE company_key = ${p(companyKey)}))
    ON CONFLICT (company_key, object_name) DO UPDATE SET last_no = lq_record_counter.last_no + 1
    RETURNING last_no`);
  return Number(rows[0]!.last_no);
}

const json = (v: Record<string, unknown> | null): string | null => (v === null ? null : JSON.stringify(v));

export async function insertUserView(
  db: Database,
  owner: ViewCaller & { readonly ownerKey: number | null },
  v: UserViewValues,
): Promise<number> {
  return db.transaction(async (tx) => {
    const key = await nextViewKey(tx, owner.companyKey);
    await tx.run(sql`INSERT INTO lq_user_view (company_key, view_key, name, description, category, object_name,
      query_json, metadata_json, context, is_public, status, view_version, owner_user_id, owner_key, modified_by_key,
      created_at, modified_at)
      VALUES (${p(owner.companyKey)}, ${p(key)}, ${p(v.name)}, ${p(v.description)}, ${p(v.category)}, ${p(v.object)},
      ${p(JSON.stringify(v.query))}, ${p(json(v.metadata))}, ${p(v.context)}, ${p(v.isPublic)}, ${p(v.status)},
      ${p(v.viewVersion)}, ${p(owner.userId)}, ${p(owner.ownerKey)}, ${p(v.modifiedByKey)}, ${p(v.modifiedAt)},
      ${p(v.modifiedAt)})`);
    return key;
  });
}

export async function updateUserView(db: Database, companyKey: number, key: number, v: UserViewValues): Promise<void> {
  await db.run(sql`UPDATE lq_user_view SET name = ${p(v.name)}, description = ${p(v.description)},
    category = ${p(v.category)}, object_name = ${p(v.object)}, query_json = ${p(JSON.stringify(v.query))},
    metadata_json = ${p(json(v.metadata))}, context = ${p(v.context)}, is_public = ${p(v.isPublic)},
    status = ${p(v.status)}, view_version = ${p(v.viewVersion)}, modified_by_key = ${p(v.modifiedByKey)},
    modified_at = ${p(v.modifiedAt)}
    WHERE company_key = ${p(companyKey)} AND view_key = ${p(key)}`);
}

export async function deleteUserView(db: Database, companyKey: number, key: number): Promise<void> {
  await db.run(sql`DELETE FROM lq_user_view WHERE company_key = ${p(companyKey)} AND view_key = ${p(key)}`);
}
