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
      { name: 'company_id', kind: 'integer', notNull: true },
      { name: 'policy_id', kind: 'text', notNull: true },
      { name: 'callback_url', kind: 'text', notNull: true },
    ],
    primaryKey: ['company_id', 'policy_id'],
    indexes: [],
  },
  {
    name: 'lq_callback_delivery',
    scope: 'company',
    columns: [
      { name: 'id', kind: 'serial', notNull: true },
      { name: 'company_id', kind: 'integer', notNull: true },
      { name: 'policy_id', kind: 'text', notNull: true },
      { name: 'job_id', kind: 'text', notNull: true },
      { name: 'received_at', kind: 'datetime', notNull: true },
      { name: 'body', kind: 'text', notNull: true },
    ],
    primaryKey: [],
    indexes: [{ name: 'ix_lq_callback_delivery_company_id', columns: ['company_id', 'id'], unique: false }],
  },
];

export async function findPolicyCallback(db: Database, companyPk: number, policyId: string): Promise<string | null> {
  const rows = await db.all<{ callback_url: string }>(
    sql`SELECT callback_url FROM lq_offline_policy WHERE company_id = ${p(companyPk)} AND policy_id = ${p(policyId)}`,
  );
  return rows[0]?.callback_url ?? null;
}

export async function savePolicy(
  db: Database,
  companyPk: number,
  policyId: string,
  callbackUrl: string,
): Promise<void> {
  await db.run(sql`INSERT INTO lq_offline_policy (company_id, policy_id, callback_url) VALUES (${p(companyPk)}, ${p(policyId)}, ${p(callbackUrl)})
    ON CONFLICT (company_id, policy_id) DO UPDATE SET callback_url = ${p(callbackUrl)}`);
}

/** What the built-in receiver kept for a company, oldest first. */
export async function listDeliveries(
  db: Database,
  companyPk: number,
): Promise<{ policy_id: string; job_id: string; received_at: string; body: string }[]> {
  return db.all(
    sql`SELECT policy_id, job_id, received_at, body FROM lq_callback_delivery WHERE company_id = ${p(companyPk)} ORDER BY id`,
  );
}
