// Per-company emulator settings (limits on a dial) kept in the database, so every process sharing it applies the same
// ones.

import type { Database } from '../store/database.ts';
import { p, sql } from '../store/sql.ts';
import type { TableSpec } from '../store/table-spec.ts';
import { CONCURRENCY_SLOT_TABLES } from './concurrency-slots.ts';
import { FAULT_RULE_TABLES } from './fault-rules.ts';

/**
 * One row per company and setting name; a missing row means Intacct's default.
 * Names in use: `queue.api` and `queue.report` (jobs of that lane a company
 * runs at once, read by the queue's claim), and the request-path limits the
 * emulator controls define (concurrency, page sizes, …). Values are text.
 */
export const COMPANY_SETTINGS_TABLES: readonly TableSpec[] = [
  {
    name: 'lq_company_setting',
    scope: 'company-session',
    columns: [
      { name: 'company_key', kind: 'integer', notNull: true, formerNames: ['company_id'] },
      { name: 'name', kind: 'text', notNull: true },
      { name: 'value', kind: 'text', notNull: true },
    ],
    primaryKey: ['company_key', 'name'],
    indexes: [],
  },
  // The emulator controls' own tables: concurrency slots (limits) and fault rules.
  ...CONCURRENCY_SLOT_TABLES,
  ...FAULT_RULE_TABLES,
];

export async function readCompanySettings(db: Database, companyKey: number): Promise<Map<string, string>> {
  const rows = await db.all<{ name: string; value: string }>(
    sql`SELECT name, value FROM lq_company_setting WHERE company_key = ${p(companyKey)}`,
  );
  return new Map(rows.map((r) => [r.name, r.value]));
}
