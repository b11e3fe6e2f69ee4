// Companies, entities, users, web-services senders and OAuth clients: creating them, finding them, removing a company
// whole.

import type { Database } from '../store/database.ts';
import { ident, p, type Sql, sql } from '../store/sql.ts';
import { companyKeyedTables, type TableSpec } from '../store/table-spec.ts';
import { hashPassword } from './passwords.ts';
import { signInCacheOf } from './sign-in-cache.ts';

export type ServiceLevel = 'standard' | 'premium';
export type UserRole = 'admin' | 'readonly';
export type UserStatus = 'active' | 'locked';

export interface Company {
  /** The company key: lq_company's serial, stored in every other table's company_key column. */
  readonly key: number;
  /** The company ID as clients sign in with it (`demo`). */
  readonly companyId: string;
  readonly name: string;
  readonly serviceLevel: ServiceLevel;
  readonly multiEntity: boolean;
}

export interface Entity {
  readonly entityId: string;
  readonly name: string;
  readonly private: boolean;
}

/**
 * The columns of lq_company a Company is read from, as `c_*` aliases of the table aliased `c`: sign-in and token checks
 * read the company in the same statement as the session or token, and every reader decodes it with companyFromRow.
 */
export const COMPANY_COLUMNS = sql`c.company_key AS c_company_key, c.company_id AS c_company_id, c.name AS c_name,
  c.service_level AS c_service_level, c.multi_entity AS c_multi_entity`;

/** A row holding COMPANY_COLUMNS (nullable where the company was outer-joined). */
export interface CompanyColumns {
  c_company_key: number | string | null;
  c_company_id: string | null;
  c_name: string | null;
  c_service_level: string | null;
  c_multi_entity: unknown;
}

/** The company a row's COMPANY_COLUMNS describe, or null when the join found none. */
export function companyFromRow(r: CompanyColumns): Company | null {
  if (r.c_company_key === null || r.c_company_id === null) return null;
  return {
    key: Number(r.c_company_key),
    companyId: r.c_company_id,
    name: r.c_name ?? '',
    serviceLevel: r.c_service_level as ServiceLevel,
    multiEntity: r.c_multi_entity === true || r.c_multi_entity === 1,
  };
}

async function readCompanies(db: Database, where: Sql): Promise<Company[]> {
  const rows = await db.all<CompanyColumns>(sql`SELECT ${COMPANY_COLUMNS} FROM lq_company c ${where}`);
  return rows.map((r) => companyFromRow(r)!);
}

function nowIso(): string {
  return `${new Date().toISOString().slice(0, 19)}Z`;
}

export async function createCompany(
  db: Database,
  c: { companyId: string; name: string; serviceLevel: ServiceLevel; multiEntity: boolean },
): Promise<Company> {
  await db.run(sql`INSERT INTO lq_company (company_id, name, service_level, multi_entity, created_at)
    VALUES (${p(c.companyId)}, ${p(c.name)}, ${p(c.serviceLevel)}, ${p(c.multiEntity)}, ${p(nowIso())})`);
  const found = await findCompany(db, c.companyId);
  if (!found) throw new Error(`company ${c.companyId} was not created`);
  return found;
}

/** Company ids are matched case-insensitively, as Intacct's login does. */
export async function findCompany(db: Database, companyId: string): Promise<Company | undefined> {
  return (await readCompanies(db, sql`WHERE LOWER(c.company_id) = ${p(companyId.toLowerCase())}`))[0];
}

/** The company of a key stored in other tables' company_key. */
export async function findCompanyByKey(db: Database, key: number): Promise<Company | undefined> {
  return (await readCompanies(db, sql`WHERE c.company_key = ${p(key)}`))[0];
}

export async function listCompanies(db: Database): Promise<Company[]> {
  return readCompanies(db, sql`ORDER BY c.company_key`);
}

export async function addEntity(db: Database, company: Company, e: Entity): Promise<void> {
  await db.run(
    sql`INSERT INTO lq_entity (company_key, entity_id, name, private) VALUES (${p(company.key)}, ${p(e.entityId)}, ${p(e.name)}, ${p(e.private)})`,
  );
}

const ENTITIES = Symbol('entities');

/** Read on every request (the caller's scope): kept in the process's sign-in cache, which a change of lq_entity empties. */
export async function listEntities(db: Database, company: Company): Promise<Entity[]> {
  const cache = signInCacheOf(db);
  const stamp = cache ? await cache.current() : null;
  const kept = cache?.slot<number, readonly Entity[]>(ENTITIES);
  const hit = stamp === null ? undefined : kept?.get(company.key);
  if (hit) return [...hit];
  const rows = await db.all<{ entity_id: string; name: string; private: unknown }>(
    sql`SELECT entity_id, name, private FROM lq_entity WHERE company_key = ${p(company.key)} ORDER BY entity_id`,
  );
  const entities = rows.map((r) => ({
    entityId: r.entity_id,
    name: r.name,
    private: r.private === true || r.private === 1,
  }));
  if (cache && kept) cache.keep(kept, stamp, company.key, Object.freeze([...entities]));
  return entities;
}

export async function addUser(
  db: Database,
  company: Company,
  u: { userId: string; password: string; role: UserRole; status?: UserStatus; entityId?: string | null },
): Promise<void> {
  await db.run(sql`INSERT INTO lq_user (company_key, user_id, password_hash, role, status, entity_id)
    VALUES (${p(company.key)}, ${p(u.userId)}, ${p(hashPassword(u.password))}, ${p(u.role)}, ${p(u.status ?? 'active')}, ${p(u.entityId ?? null)})`);
}

/** A web-services sender (the `<senderid>` of XML requests), allowed to call the given companies. */
export async function addSender(
  db: Database,
  s: { senderId: string; password: string },
  companies: readonly Company[],
): Promise<void> {
  const exists = await db.all(sql`SELECT 1 FROM lq_sender WHERE sender_id = ${p(s.senderId)}`);
  if (exists.length === 0) {
    await db.run(
      sql`INSERT INTO lq_sender (sender_id, password_hash, status) VALUES (${p(s.senderId)}, ${p(hashPassword(s.password))}, ${p('active')})`,
    );
  }
  for (const c of companies) {
    await db.run(sql`INSERT INTO lq_sender_company (sender_id, company_key) VALUES (${p(s.senderId)}, ${p(c.key)})`);
  }
}

/** A REST OAuth2 client, allowed to obtain tokens for the given companies. */
export async function addOAuthClient(
  db: Database,
  cl: { clientId: string; secret: string; name: string },
  companies: readonly Company[],
): Promise<void> {
  const exists = await db.all(sql`SELECT 1 FROM lq_oauth_client WHERE client_id = ${p(cl.clientId)}`);
  if (exists.length === 0) {
    await db.run(
      sql`INSERT INTO lq_oauth_client (client_id, secret_hash, name) VALUES (${p(cl.clientId)}, ${p(hashPassword(cl.secret))}, ${p(cl.name)})`,
    );
  }
  for (const c of companies) {
    await db.run(
      sql`INSERT INTO lq_oauth_client_company (client_id, company_key) VALUES (${p(cl.clientId)}, ${p(c.key)})`,
    );
  }
}

/**
 * Removes a company with every row it owns, in every table of `schema` scoped to a company (objects, users, the
 * queue, sessions, cursors, dials …); senders and OAuth clients stay, unlinked, and the meter and journal keep their
 * history by company ID.
 */
export async function deleteCompany(db: Database, schema: readonly TableSpec[], company: Company): Promise<void> {
  await db.transaction(async (tx) => {
    for (const t of companyKeyedTables(schema))
      await tx.run(sql`DELETE FROM ${ident(t.name)} WHERE company_key = ${p(company.key)}`);
    await tx.run(sql`DELETE FROM lq_company WHERE company_key = ${p(company.key)}`);
  });
}
