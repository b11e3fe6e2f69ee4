// A company's requests in flight, counted once across every process sharing the database: numbered slot rows, claimed
// and freed in one statement each.

import { randomBytes } from 'node:crypto';
import type { Database } from '../store/database.ts';
import { p, sql } from '../store/sql.ts';
import type { TableSpec } from '../store/table-spec.ts';

/**
 * Slots 1..N of each company. A slot is free when its `expires_at` (epoch ms)
 * has passed: a release sets it to 0, and a process that crashed holding one
 * loses it at its expiry. Why numbered rows rather than "insert if fewer than
 * N rows": counting and inserting in one PostgreSQL statement is racy (the
 * count reads a snapshot older than the lock it waited for), and doing it in
 * a locked transaction costs four round trips. Claiming one free row with
 * FOR UPDATE SKIP LOCKED re-checks the row after any wait, in one statement.
 */
export const CONCURRENCY_SLOT_TABLES: readonly TableSpec[] = [
  {
    name: 'lq_limit_slot',
    scope: 'company-session',
    columns: [
      { name: 'company_key', kind: 'integer', notNull: true, formerNames: ['company_id'] },
      { name: 'slot_no', kind: 'integer', notNull: true },
      { name: 'holder', kind: 'text', notNull: true },
      { name: 'expires_at', kind: 'bigint', notNull: true },
    ],
    primaryKey: ['company_key', 'slot_no'],
    indexes: [],
  },
];

/** A held slot is given up after this long even if its process never releases it (a crash). */
export const SLOT_LEASE_MS = 120_000;

export interface HeldSlot {
  readonly companyKey: number;
  readonly slotNo: number;
  readonly holder: string;
}

async function claimFreeSlot(
  db: Database,
  companyKey: number,
  limit: number,
  holder: string,
  now: number,
): Promise<number | null> {
  const rows = await db.all<{
    slot_no: number | string;
  }>(sql`UPDATE lq_limit_slot SET holder = ${p(holder)}, expires_at = ${p(now + SLOT_LEASE_MS)}
    WHERE company_key = ${p(companyKey)} AND slot_no = (
      SELECT slot_no FROM lq_limit_slot WHERE company_key = ${p(companyKey)} AND slot_no <= ${p(limit)} AND expires_at <= ${p(now)}
      ORDER BY slot_no LIMIT 1${db.dialect.skipLocked()})
    RETURNING slot_no`);
  return rows[0] ? Number(rows[0].slot_no) : null;
}

/** Makes sure slots 1..limit exist (a new limit, or a raised one), in one statement. */
async function addSlots(db: Database, companyKey: number, limit: number): Promise<void> {
  // `WHERE 1 = 1` keeps SQLite from reading ON CONFLICT as part of the SELECT.
  await db.run(sql`WITH RECURSIVE n(slot_no) AS (SELECT 1 UNION ALL SELECT slot_no + 1 FROM n WHERE slot_no < CAST(${p(limit)} AS INTEGER))
    INSERT INTO lq_limit_slot (company_key, slot_no, holder, expires_at)
    SELECT CAST(${p(companyKey)} AS INTEGER), slot_no, '', 0 FROM n WHERE 1 = 1
    ON CONFLICT (company_key, slot_no) DO NOTHING`);
}

/**
 * Takes one of the company's `limit` slots, or answers null when all are held.
 * One round trip when a slot is free; a refusal checks that the slots exist
 * (created on first use, or when the limit was raised) and tries once more:
 * a refusal costs three round trips, a grant one.
 */
export async function acquireSlot(
  db: Database,
  companyKey: number,
  limit: number,
  now = Date.now(),
): Promise<HeldSlot | null> {
  const holder = randomBytes(8).toString('hex');
  let slotNo = await claimFreeSlot(db, companyKey, limit, holder, now);
  if (slotNo === null) {
    // Another request may be adding the same rows at this moment: claim again whether or not this one added any.
    await addSlots(db, companyKey, limit);
    slotNo = await claimFreeSlot(db, companyKey, limit, holder, now);
  }
  return slotNo === null ? null : { companyKey, slotNo, holder };
}

/** Frees a slot; a no-op if its lease already ran out and someone else took it. */
export async function releaseSlot(db: Database, slot: HeldSlot): Promise<void> {
  await db.run(sql`UPDATE lq_limit_slot SET holder = ${p('')}, expires_at = ${p(0)}
    WHERE company_key = ${p(slot.companyKey)} AND slot_no = ${p(slot.slotNo)} AND holder = ${p(slot.holder)}`);
}

/** Slots held now (for `limits show`). */
export async function slotsInUse(db: Database, companyKey: number, now = Date.now()): Promise<number> {
  const rows = await db.all<{ n: number | string }>(
    sql`SELECT COUNT(*) AS n FROM lq_limit_slot WHERE company_key = ${p(companyKey)} AND expires_at > ${p(now)}`,
  );
  return Number(rows[0]?.n ?? 0);
}
