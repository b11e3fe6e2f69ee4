// Ends a running job whose cancel was requested, after its worker rolled its effects back: Cancelled, with its finish
// time.

import type { Database } from '../store/database.ts';
import { ident, p, sql } from '../store/sql.ts';
import { JOB_TABLE } from './job-tables.ts';
import { instantOf, JOB_STATE } from './job-states.ts';

export async function stopJob(
  db: Database,
  companyKey: number,
  jobId: string,
  worker: string,
  nowMs: number,
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const held =
      await tx.run(sql`UPDATE ${ident(JOB_TABLE)} SET lease_owner = NULL, lease_until = NULL, run_after = NULL
      WHERE company_key = ${p(companyKey)} AND job_id = ${p(jobId)} AND lease_owner = ${p(worker)}`);
    if (held === 0) return false;
    await tx.run(sql`UPDATE o_jobqueuerecord SET state = ${p(JOB_STATE.cancelled)}, timefinished = ${p(instantOf(nowMs))}
      WHERE company_key = ${p(companyKey)} AND jobid = ${p(jobId)}`);
    return true;
  });
}
