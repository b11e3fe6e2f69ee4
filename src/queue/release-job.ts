// Gives a job back to the queue on graceful shutdown: Queued again, its attempt not counted, for any worker to take up
// at once.

import type { Database } from '../store/database.ts';
import { ident, p, sql } from '../store/sql.ts';
import { JOB_TABLE } from './job-tables.ts';
import { JOB_STATE } from './job-states.ts';

export async function releaseJob(db: Database, companyKey: number, jobId: string, worker: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const held =
      await tx.run(sql`UPDATE ${ident(JOB_TABLE)} SET lease_owner = NULL, lease_until = NULL, run_after = NULL, attempts = attempts - 1, waiting = ${p(true)}
      WHERE company_key = ${p(companyKey)} AND job_id = ${p(jobId)} AND lease_owner = ${p(worker)}`);
    if (held === 0) return false;
    await tx.run(
      sql`UPDATE o_jobqueuerecord SET state = ${p(JOB_STATE.queued)} WHERE company_key = ${p(companyKey)} AND jobid = ${p(jobId)}`,
    );
    return true;
  });
}
