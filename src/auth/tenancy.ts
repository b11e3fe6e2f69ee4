// Companies, entities, users, web-services senders and OAuth clients: creating them, finding them, removing a company
// whole.

import type { Catalog } from '../catalog/catalog.ts';
import type { Database } from '../store/database.ts';
import { ident, p, sql } from '../store/sql.ts';
import { hashPassword } from './passwords.ts';

export type ServiceLevel = 'standard' | 'premium';
export type UserRole = 'admin' | 'readonly';
export type UserStatus = 'active' | 'locked';

export interface Company {
  /** Internal key stored in every row's company_id. */
  readonly pk: number;
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

interface CompanyRow {
  id: number;
  company_id: string;
  name: string;
  service_level: string;
  multi_entity: unknown;
}

function toCompany(r: CompanyRow): Company {
  return {
    pk: Number(r.id),
    companyId: r.company_id,
    name: r.name,
    serviceLevel: r.service_level as ServiceLevel,
    multiEntity: r.multi_entity === true || r.multi_entity === 1,
  };
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
  const rows = await db.all<CompanyRow>(
    sql`SELECT id, company_id, name, service_level, multi_entity FROM lq_company WHERE LOWER(company_id) = ${p(companyId.toLowerCase())}`,
  );
  return rows[0] ? toCompany(rows[0]) : undefined;
}

export async function listCompanies(db: Database): Promise<Company[]> {
  return (
    await db.all<CompanyRow>(sql`SELECT id, company_id, name, service_level, multi_entity FROM lq_company ORDER BY id`)
  ).map(toCompany);
}

export async function addEntity(db: Database, company: Company, e: Entity): Promise<void> {
  await db.run(
    sql`INSERT INTO lq_entity (company_id, entity_id, name, private) VALUES (${p(company.pk)}, ${p(e.entityId)}, ${p(e.name)}, ${p(e.private)})`,
  );
}

export async function listEntities(db: Database, company: Company): Promise<Entity[]> {
  const rows = await db.all<{ entity_id: string; name: string; private: unknown }>(
    sql`SELECT entity_id, name, private FROM lq_entity WHERE company_id = ${p(company.pk)} ORDER BY entity_id`,
  );
  return rows.map((r) => ({ entityId: r.entity_id, name: r.name, private: r.private === true || r.private === 1 }));
}

export async function addUser(
  db: Database,
  company: Company,
  u: { userId: string; password: string; role: UserRole; status?: UserStatus; entityId?: string | null },
): Promise<void> {
  await db.run(sql`INSERT INTO lq_user (company_id, user_id, password_hash, role, status, entity_id)
    VALUES (${p(company.pk)}, ${p(u.userId)}, ${p(hashPassword(u.password))}, ${p(u.role)}, ${p(u.status ?? 'active')}, ${p(u.entityId ?? null)})`);
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
    await db.run(sql`INSERT INTO lq_sender_company (sender_id, company_id) VALUES (${p(s.senderId)}, ${p(c.pk)})`);
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
      sql`INSERT INTO lq_oauth_client_company (client_id, company_id) VALUES (${p(cl.clientId)}, ${p(c.pk)})`,
    );
  }
}

/** Removes a company with every row it owns, in every object table; senders and clients stay, unlinked. */
export async function deleteCompany(db: Database, catalog: Catalog, company: Company): Promise<void> {
  await db.transaction(async (tx) => {
    for (const o of catalog.objects) {
      await tx.run(sql`DELETE FROM ${ident(o.table)} WHERE company_id = ${p(company.pk)}`);
    }
    for (const table of [
      'lq_entity',
      'lq_user',
      'lq_sender_company',
      'lq_oauth_client_company',
      'lq_job',
      'lq_offline_policy',
      'lq_callback_delivery',
    ]) {
      await tx.run(sql`DELETE FROM ${ident(table)} WHERE company_id = ${p(company.pk)}`);
    }
    await tx.run(sql`DELETE FROM lq_company WHERE id = ${p(company.pk)}`);
  });
}
