// The API transaction meter's counters: one row per company, month and operation, upserted so every process adds to one
// count.

import type { Database } from '../store/database.ts';
import { p, sql } from '../store/sql.ts';
import type { TableSpec } from '../store/table-spec.ts';
import { monthOf, projectMonth, TIER1_MONTHLY_ALLOWANCE, type Projection } from './meter-rules.ts';
import { meterBufferOf, upsertCount } from './meter-buffer.ts';

/** Keyed by the company's id as clients write it (`demo`), so counts outlive a re-seed that renumbers companies. */
export const METER_TABLES: readonly TableSpec[] = [
  {
    name: 'lq_meter_count',
    scope: 'server',
    columns: [
      { name: 'company_id', kind: 'text', notNull: true, formerNames: ['company'] },
      { name: 'month', kind: 'text', notNull: true },
      { name: 'operation', kind: 'text', notNull: true },
      { name: 'transactions', kind: 'bigint', notNull: true },
    ],
    primaryKey: ['company_id', 'month', 'operation'],
    indexes: [],
  },
];

/**
 * Adds transactions per operation (e.g. `xml:query` 1, `xml:create` 3) to this
 * month's counters of a company: to this process's buffer when `db` has one
 * (written within a second, see meter-buffer.ts), else at once on `db` — a
 * worker's job transaction, so a job's count commits with it, exactly once.
 */
export async function addTransactions(
  db: Database,
  company: string,
  counts: ReadonlyMap<string, number>,
  now = Date.now(),
): Promise<void> {
  const buffer = meterBufferOf(db);
  if (buffer) return buffer.add(company, counts, now);
  const month = monthOf(now);
  for (const [operation, n] of [...counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (n > 0) await upsertCount(db, company.toLowerCase(), month, operation, n);
  }
}

export interface MeterReading extends Projection {
  readonly company: string;
  readonly month: string;
  /** Transactions per operation (`xml:readByQuery`, `rest:query`, …). */
  readonly byOperation: Readonly<Record<string, number>>;
}

export async function readMeter(
  db: Database,
  company: string,
  month = monthOf(Date.now()),
  now = Date.now(),
  allowance = TIER1_MONTHLY_ALLOWANCE,
): Promise<MeterReading> {
  const rows = await db.all<{
    operation: string;
    transactions: number | string;
  }>(sql`SELECT operation, transactions FROM lq_meter_count
    WHERE company_id = ${p(company.toLowerCase())} AND month = ${p(month)} ORDER BY operation`);
  const byOperation = Object.fromEntries(rows.map((r) => [r.operation, Number(r.transactions)]));
  const total = rows.reduce((n, r) => n + Number(r.transactions), 0);
  return { company: company.toLowerCase(), month, byOperation, ...projectMonth(total, month, now, allowance) };
}

/** Every company's total of one month, for /metrics. */
export async function meterTotals(db: Database, month: string): Promise<{ company: string; transactions: number }[]> {
  const rows = await db.all<{
    company: string;
    transactions: number | string;
  }>(sql`SELECT company_id AS company, SUM(transactions) AS transactions
    FROM lq_meter_count WHERE month = ${p(month)} GROUP BY company_id ORDER BY company_id`);
  return rows.map((r) => ({ company: r.company, transactions: Number(r.transactions) }));
}
