// Counts API transactions in memory per company, month and operation, and adds them to the database in one transaction
// at most once a second.

import type { Database } from '../store/database.ts';
import { p, sql } from '../store/sql.ts';
import { monthOf } from './meter-rules.ts';
import { flushSiblings, shareBuffer, WriteBehindBuffer } from './write-behind.ts';

/** Counts of other processes reach the database within this long (docs/emulator-state.md). */
export const METER_FLUSH_MS = 1000;

interface Pending {
  company: string;
  month: string;
  operation: string;
  n: number;
}

/** One process's unflushed counts for one database. */
class MeterBuffer extends WriteBehindBuffer {
  private pending = new Map<string, Pending>();

  constructor(
    private readonly db: Database,
    onError: (err: unknown) => void,
  ) {
    super(METER_FLUSH_MS, onError);
  }

  add(company: string, counts: ReadonlyMap<string, number>, now: number): void {
    const month = monthOf(now);
    for (const [operation, n] of counts)
      if (n > 0) this.addRow({ company: company.toLowerCase(), month, operation, n });
    if (this.pending.size > 0) this.schedule();
  }

  private addRow(r: Pending): void {
    const key = `${r.company}\u0000${r.month}\u0000${r.operation}`;
    const row = this.pending.get(key);
    if (row) row.n += r.n;
    else this.pending.set(key, { ...r });
  }

  protected override async write(): Promise<void> {
    if (this.pending.size === 0) return;
    // Sorted, so concurrent flushers (and job transactions) lock the counter rows in one order.
    const rows = [...this.pending.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, r]) => r);
    this.pending = new Map();
    try {
      await this.db.transaction(async (tx) => {
        for (const r of rows) await upsertCount(tx, r.company, r.month, r.operation, r.n);
      });
    } catch (err) {
      // Nothing was added: keep the deltas for the next flush.
      for (const r of rows) this.addRow(r);
      if (this.users > 0) this.schedule();
      throw err;
    }
  }
}

const buffers = new WeakMap<Database, MeterBuffer>();

/** Adds `n` transactions of one operation to a counter row (the statement every count goes through). */
export async function upsertCount(
  db: Database,
  company: string,
  month: string,
  operation: string,
  n: number,
): Promise<void> {
  await db.run(sql`INSERT INTO lq_meter_count (company_id, month, operation, transactions)
    VALUES (${p(company)}, ${p(month)}, ${p(operation)}, ${p(n)})
    ON CONFLICT (company_id, month, operation) DO UPDATE SET transactions = lq_meter_count.transactions + excluded.transactions`);
}

/**
 * Buffers the meter of `db` in this process until the returned close function
 * runs (it flushes what is left). Several apps on one database share one buffer.
 */
export function openMeterBuffer(db: Database, onError: (err: unknown) => void = () => {}): () => Promise<void> {
  return shareBuffer(buffers, db, () => new MeterBuffer(db, onError)).close;
}

/** The buffer of `db`, if this process buffers its meter (a transaction handle has none). */
export function meterBufferOf(
  db: Database,
): { add(company: string, counts: ReadonlyMap<string, number>, now: number): void } | undefined {
  return buffers.get(db);
}

/** Writes the pending counts of `db`, this process's and its siblings' (`serve --processes N`), before a meter read. */
export async function flushMeter(db: Database): Promise<void> {
  await flushSiblings();
  await flushOwnMeter(db);
}

/** Writes this process's pending counts of `db`. */
export async function flushOwnMeter(db: Database): Promise<void> {
  await buffers.get(db)?.flush();
}
