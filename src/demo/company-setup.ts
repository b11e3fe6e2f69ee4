// The two demo tenants and their logins: created fresh on every seed, with credentials the README and banner print.

import {
  addEntity,
  addOAuthClient,
  addSender,
  addUser,
  createCompany,
  deleteCompany,
  findCompany,
  type Company,
  type ServiceLevel,
  type UserRole,
  type UserStatus,
} from '../auth/tenancy.ts';
import type { Catalog } from '../catalog/catalog.ts';
import type { Database } from '../store/database.ts';
import type { TableSpec } from '../store/table-spec.ts';
import { DEMO2_PLAN, DEMO_PLAN, type CompanyPlan } from './demo-context.ts';
import { removeLargeRows } from './large.ts';
import { BUILT_IN_RECEIVER, DEMO_POLICY_ID, savePolicy } from '../queue/offline-policies.ts';

interface DemoUser {
  readonly userId: string;
  readonly password: string;
  readonly role: UserRole;
  readonly status: UserStatus;
  /** The entity the user is restricted to; null = the whole company. */
  readonly entityId: string | null;
  readonly companies: readonly string[];
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

const companyOf = (p: CompanyPlan) => ({
  companyId: p.companyId,
  name: p.name,
  serviceLevel: p.serviceLevel as ServiceLevel,
  entities: p.entities.map((e) => ({ entityId: e.id, name: e.name, private: e.private })),
});

/** The logins a fresh demo accepts. A contract: docs, the banner and end-to-end tests rely on these exact values. */
export const DEMO_CREDENTIALS = deepFreeze({
  companies: [companyOf(DEMO_PLAN), companyOf(DEMO2_PLAN)],
  users: [
    {
      userId: 'admin',
      password: 'admin',
      role: 'admin',
      status: 'active',
      entityId: null,
      companies: ['demo', 'demo2'],
    },
    {
      userId: 'viewer',
      password: 'viewer',
      role: 'readonly',
      status: 'active',
      entityId: null,
      companies: ['demo', 'demo2'],
    },
    {
      userId: 'locked',
      password: 'locked',
      role: 'readonly',
      status: 'locked',
      entityId: null,
      companies: ['demo', 'demo2'],
    },
    { userId: 'usclerk', password: 'usclerk', role: 'readonly', status: 'active', entityId: 'US', companies: ['demo'] },
  ] satisfies DemoUser[] as readonly DemoUser[],
  sender: { senderId: 'ledgerq', password: 'ledgerq', companies: ['demo', 'demo2'] },
  oauthClient: {
    clientId: 'ledgerq-demo',
    secret: 'ledgerq-demo',
    name: 'ledgerq demo client',
    companies: ['demo', 'demo2'],
  },
});

export const DEMO_PLANS: readonly CompanyPlan[] = [DEMO_PLAN, DEMO2_PLAN];

/** Removes both demo companies (every row they own) and creates them again with their entities, users, sender and OAuth client. */
export async function recreateDemoCompanies(
  db: Database,
  catalog: Catalog,
  schema: readonly TableSpec[],
): Promise<Company[]> {
  const companies: Company[] = [];
  for (const plan of DEMO_PLANS) {
    const old = await findCompany(db, plan.companyId);
    if (!old) continue;
    await removeLargeRows(db, catalog, old);
    await deleteCompany(db, schema, old);
  }
  for (const plan of DEMO_PLANS) {
    const company = await createCompany(db, {
      companyId: plan.companyId,
      name: plan.name,
      serviceLevel: plan.serviceLevel,
      multiEntity: plan.entities.length > 0,
    });
    for (const e of plan.entities) await addEntity(db, company, { entityId: e.id, name: e.name, private: e.private });
    for (const u of DEMO_CREDENTIALS.users) {
      if (u.companies.includes(plan.companyId)) {
        await addUser(db, company, {
          userId: u.userId,
          password: u.password,
          role: u.role,
          status: u.status,
          entityId: u.entityId,
        });
      }
    }
    companies.push(company);
  }
  const { sender, oauthClient } = DEMO_CREDENTIALS;
  await addSender(db, { senderId: sender.senderId, password: sender.password }, companies);
  await addOAuthClient(
    db,
    { clientId: oauthClient.clientId, secret: oauthClient.secret, name: oauthClient.name },
    companies,
  );
  for (const company of companies) await savePolicy(db, company.key, DEMO_POLICY_ID, BUILT_IN_RECEIVER);
  return companies;
}
