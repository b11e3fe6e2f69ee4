// cancel: a waiting job ends at once as Cancelled; a running one is asked to stop at its next safe point.

import type { Database } from '../store/database.ts';
import { ident, p, sql } from '../store/sql.ts';
import { JOB_TABLE } from './job-tables.ts';
import { instantOf, JOB_STATE } from './job-states.ts';

/** `irrevocable`: the job is running past the point where its effects could be rolled back (see lq_job.irrevocable). */
export type CancelOutcome = 'cancelled' | 'stop-requested' | 'not-cancellable' | 'irrevocable';

/**
 * Queued and Deferred jobs are both waiting, so both end at once with their
 * finish time. A running job keeps running until its worker sees
 * cancel_requested; the worker then rolls its effects back and records
 * Cancelled itself, so no half-applied job is ever shown as cancelled.
 */
export async function cancelJob(
  db: Database,
  companyKey: number,
  jobId: string,
  nowMs: number,
): Promise<CancelOutcome> {
  return db.transaction(async (tx) => {
    const ended =
      await tx.run(sql`UPDATE o_jobqueuerecord SET state = ${p(JOB_STATE.cancelled)}, timefinished = ${p(instantOf(nowMs))}
      WHERE company_key = ${p(companyKey)} AND jobid = ${p(jobId)} AND state IN (${p(JOB_STATE.queued)}, ${p(JOB_STATE.deferred)})`);
    if (ended > 0) {
      await tx.run(
        sql`UPDATE ${ident(JOB_TABLE)} SET run_after = NULL, waiting = ${p(false)} WHERE company_key = ${p(companyKey)} AND job_id = ${p(jobId)}`,
      );
      return 'cancelled';
    }
    const running = await tx.all(
      sql`SELECT 1 AS one FROM o_jobqueuerecord WHERE company_key = ${p(companyKey)} AND jobid = ${p(jobId)} AND state = ${p(JOB_STATE.running)}`,
    );
    if (running.length === 0) return 'not-cancellable';
    // Jobs from the demo history have no queue row; the request is kept all the same (kind NULL is never claimed).
    // The upsert's WHERE is evaluated on the row as locked (PostgreSQL) or inside the one write (SQLite), so a worker
    // that marks its job irrevocable and a cancel cannot both win.
    const requested =
      await tx.run(sql`INSERT INTO ${ident(JOB_TABLE)} (company_key, job_id, attempts, max_attempts, cancel_requested, waiting)
      VALUES (${p(companyKey)}, ${p(jobId)}, 0, 0, ${p(true)}, ${p(false)})
      ON CONFLICT (company_key, job_id) DO UPDATE SET cancel_requested = ${p(true)}
      WHERE ${ident(JOB_TABLE)}.irrevocable IS NULL OR ${ident(JOB_TABLE)}.irrevocable = ${p(false)}`);
    return requested > 0 ? 'stop-requested' : 'irrevocable';
  });
}
