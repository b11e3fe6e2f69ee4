// Records a failed attempt: Deferred with a retry time while attempts remain, else Failed with the reason in DETAILS.

import type { Database } from '../store/database.ts';
import { ident, p, sql } from '../store/sql.ts';
import { JOB_TABLE } from './job-tables.ts';
import { instantOf, JOB_STATE } from './job-states.ts';

/** DETAILS holds at most this much of a failure reason; the whole text stays in lq_job.error. */
const REASON_CHARS = 500;

/** Returns the state written, or null when the worker no longer held the job (nothing is written then). */
export async function failJob(
  db: Database,
  companyKey: number,
  jobId: string,
  worker: string,
  nowMs: number,
  reason: string,
  retryAtMs: number | null,
): Promise<'Deferred' | 'Failed' | null> {
  return db.transaction(async (tx) => {
    const held =
      await tx.run(sql`UPDATE ${ident(JOB_TABLE)} SET lease_owner = NULL, lease_until = NULL, error = ${p(reason)}, run_after = ${p(retryAtMs)},
      waiting = ${p(retryAtMs !== null)}
      WHERE company_key = ${p(companyKey)} AND job_id = ${p(jobId)} AND lease_owner = ${p(worker)}`);
    if (held === 0) return null;
    if (retryAtMs !== null) {
      await tx.run(
        sql`UPDATE o_jobqueuerecord SET state = ${p(JOB_STATE.deferred)} WHERE company_key = ${p(companyKey)} AND jobid = ${p(jobId)}`,
      );
      return JOB_STATE.deferred;
    }
    // The demo history writes failures the same way: "<details> - failed: <reason>".
    await tx.run(sql`UPDATE o_jobqueuerecord SET state = ${p(JOB_STATE.failed)}, timefinished = ${p(instantOf(nowMs))},
      details = COALESCE(details, '') || ${p(` - failed: ${reason.slice(0, REASON_CHARS)}`)}
      WHERE company_key = ${p(companyKey)} AND jobid = ${p(jobId)}`);
    return JOB_STATE.failed;
  });
}
