// Offline request policies per company: where the response of an asynchronous API request is POSTed.

import type { Database } from '../store/database.ts';
import { p, sql } from '../store/sql.ts';
import type { TableSpec } from '../store/table-spec.ts';

/**
 * The callback of the demo policy: instead of an HTTP POST, the response is
 * stored in lq_callback_delivery in the job's own transaction. A POST to this
 * same server would, on SQLite, wait for the very transaction sending it.
 */
export const BUILT_IN_RECEIVER = 'ledgerq:receiver';

/** Both demo companies have it, so asynchronous requests work right after `npm start`. */
export const DEMO_POLICY_ID = 'ledgerq-demo';

export const OFFLINE_POLICY_TABLES: readonly TableSpec[] = [
  {
    name: 'lq_offline_policy',
    scope: 'company',
    columns: [
      { name: 'company_key', kind: 'integer', notNull: true, formerNames: ['company_id'] },
      { name: 'policy_id', kind: 'text', notNull: true },
      { name: 'callback_url', kind: 'text', notNull: true },
    ],
    primaryKey: ['company_key', 'policy_id'],
    indexes: [],
  },
  {
    name: 'lq_callback_delivery',
    scope: 'company',
    columns: [
      { name: 'id', kind: 'serial', notNull: true },
      { name: 'company_key', kind: 'integer', notNull: true, formerNames: ['company_id'] },
      { name: 'policy_id', kind: 'text', notNull: true },
      { name: 'job_id', kind: 'text', notNull: true },
      { name: 'received_at', kind: 'datetime', notNull: true },
      { name: 'body', kind: 'text', notNull: true },
    ],
    primaryKey: [],
    indexes: [{ name: 'ix_lq_callback_delivery_company_key', columns: ['company_key', 'id'], unique: false }],
  },
];

export async function findPolicyCallback(db: Database, companyKey: number, policyId: string): Promise<string | null> {
  const rows = await db.all<{ callback_url: string }>(
    sql`SELECT callback_url FROM lq_offline_policy WHERE company_key = ${p(companyKey)} AND policy_id = ${p(policyId)}`,
  );
  return rows[0]?.callback_url ?? null;
}

export async function savePolicy(
  db: Database,
  companyKey: number,
  policyId: string,
  callbackUrl: string,
): Promise<void> {
  await db.run(sql`INSERT INTO lq_offline_policy (company_key, policy_id, callback_url) VALUES (${p(companyKey)}, ${p(policyId)}, ${p(callbackUrl)})
    ON CONFLICT (company_key, policy_id) DO UPDATE SET callback_url = ${p(callbackUrl)}`);
}

/** What the built-in receiver kept for a company, oldest first. */
export async function listDeliveries(
  db: Database,
  companyKey: number,
): Promise<{ policy_id: string; job_id: string; received_at: string; body: string }[]> {
  return db.all(
    sql`SELECT policy_id, job_id, received_at, body FROM lq_callback_delivery WHERE company_key = ${p(companyKey)} ORDER BY id`,
  );
}
