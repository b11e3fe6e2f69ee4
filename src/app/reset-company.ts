// Reset of one demo company: its state emptied and generated again from the seed, in one transaction, other companies
// untouched.

import { addEntity, addOAuthClient, addSender, addUser } from '../auth/tenancy.ts';
import type { Catalog } from '../catalog/catalog.ts';
import { DEMO_CREDENTIALS, writeDemoCompanyRecords } from '../demo/seed-demo.ts';
import { LedgerqError } from '../errors.ts';
import { BUILT_IN_RECEIVER, DEMO_POLICY_ID, savePolicy } from '../queue/offline-policies.ts';
import type { Database } from '../store/database.ts';
import { ident, p, sql } from '../store/sql.ts';
import { requireCompany } from '../emulator/snapshot-company.ts';
import { companyStateTables } from '../emulator/snapshot-tables.ts';
import { desiredSchema } from './schema.ts';

export interface ResetResult {
  readonly company: string;
  readonly seed: number;
  readonly millis: number;
}

/**
 * The company keeps its key, so sessions and tokens of its users stay valid,
 * and the sender and OAuth client keep their other companies. Only the small
 * demo is restored (a `--size large` seed's extra bills are not).
 */
export async function resetCompany(db: Database, catalog: Catalog, companyId: string, seed = 1): Promise<ResetResult> {
  const company = await requireCompany(db, companyId);
  const plan = DEMO_CREDENTIALS.companies.find((c) => c.companyId === company.companyId);
  if (!plan) {
    throw new LedgerqError(
      'admin.not-resettable',
      `only the demo companies (${DEMO_CREDENTIALS.companies.map((c) => c.companyId).join(', ')}) can be reset; take a snapshot of ${company.companyId} and restore it instead`,
      { company: companyId },
    );
  }
  const started = performance.now();
  await db.transaction(async (tx) => {
    for (const t of companyStateTables(desiredSchema(catalog)))
      await tx.run(sql`DELETE FROM ${ident(t.name)} WHERE company_key = ${p(company.key)}`);
    for (const e of plan.entities) await addEntity(tx, company, e);
    for (const u of DEMO_CREDENTIALS.users) {
      if (u.companies.includes(company.companyId))
        await addUser(tx, company, {
          userId: u.userId,
          password: u.password,
          role: u.role,
          status: u.status,
          entityId: u.entityId,
        });
    }
    const { sender, oauthClient } = DEMO_CREDENTIALS;
    await addSender(tx, { senderId: sender.senderId, password: sender.password }, [company]);
    await addOAuthClient(tx, { clientId: oauthClient.clientId, secret: oauthClient.secret, name: oauthClient.name }, [
      company,
    ]);
    await savePolicy(tx, company.key, DEMO_POLICY_ID, BUILT_IN_RECEIVER);
    await writeDemoCompanyRecords(tx, catalog, company.companyId, company.key, seed);
  });
  return { company: company.companyId, seed, millis: Math.round(performance.now() - started) };
}
