// Takes back jobs whose worker stopped renewing its lease (it died or hung): Queued again, or Failed/Cancelled when
// that was their last chance.

import type { Database } from '../store/database.ts';
import { ident, p, sql } from '../store/sql.ts';
import { JOB_TABLE } from './job-tables.ts';
import { instantOf, JOB_STATE } from './job-states.ts';

interface Expired {
  company_key: number;
  job_id: string;
  attempts: number | string;
  max_attempts: number | string;
  cancel_requested: unknown;
}

/** Rows taken back per call; the worker pool calls again while it gets a full batch. */
export const RECOVERY_BATCH = 100;

/**
 * The dead worker's transaction was rolled back with its connection, so none
 * of the job's effects were applied: running it again applies them once.
 * Returns how many leases expired (the metrics count them).
 */
export async function recoverExpiredLeases(db: Database, nowMs: number): Promise<number> {
  return db.transaction(async (tx) => {
    const expired =
      await tx.all<Expired>(sql`SELECT l.company_key, l.job_id, l.attempts, l.max_attempts, l.cancel_requested FROM ${ident(JOB_TABLE)} l
      WHERE l.kind IS NOT NULL AND l.lease_until IS NOT NULL AND l.lease_until < ${p(nowMs)}
      ORDER BY l.lease_until LIMIT ${p(RECOVERY_BATCH)}${tx.dialect.skipLocked()}`);
    for (const e of expired) {
      const where = sql`company_key = ${p(e.company_key)} AND jobid = ${p(e.job_id)}`;
      const stopped = e.cancel_requested === true || e.cancel_requested === 1;
      const requeued = !stopped && Number(e.attempts) < Number(e.max_attempts);
      await tx.run(sql`UPDATE ${ident(JOB_TABLE)} SET lease_owner = NULL, lease_until = NULL, run_after = NULL, waiting = ${p(requeued)},
        error = ${p('the worker running it stopped renewing its lease')} WHERE company_key = ${p(e.company_key)} AND job_id = ${p(e.job_id)}`);
      if (stopped) {
        await tx.run(
          sql`UPDATE o_jobqueuerecord SET state = ${p(JOB_STATE.cancelled)}, timefinished = ${p(instantOf(nowMs))} WHERE ${where}`,
        );
      } else if (!requeued) {
        await tx.run(sql`UPDATE o_jobqueuerecord SET state = ${p(JOB_STATE.failed)}, timefinished = ${p(instantOf(nowMs))},
          details = COALESCE(details, '') || ${p(' - failed: the worker running its last attempt stopped')} WHERE ${where}`);
      } else {
        await tx.run(sql`UPDATE o_jobqueuerecord SET state = ${p(JOB_STATE.queued)} WHERE ${where}`);
      }
    }
    return expired.length;
  });
}
