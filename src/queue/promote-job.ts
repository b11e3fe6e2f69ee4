// promote: a queued job takes a priority above every other queued job of its company, so it is claimed next.

import type { Database } from '../store/database.ts';
import { ident, p, sql } from '../store/sql.ts';
import { JOB_TABLE } from './job-tables.ts';
import { JOB_STATE } from './job-states.ts';

/**
 * Returns false when the job is not queued in that company. Claims order by
 * PRIORITY descending then TIMEQUEUED, so one above the company's highest puts
 * the job at the head; promoting twice keeps the latest promoted first.
 */
export async function promoteJob(db: Database, companyKey: number, jobId: string): Promise<boolean> {
  const queued = p(JOB_STATE.queued);
  return db.transaction(async (tx) => {
    const changed = await tx.run(sql`UPDATE o_jobqueuerecord
      SET priority = (SELECT COALESCE(MAX(q.priority), 0) + 1 FROM o_jobqueuerecord q WHERE q.company_key = ${p(companyKey)} AND q.state = ${queued})
      WHERE company_key = ${p(companyKey)} AND jobid = ${p(jobId)} AND state = ${queued}`);
    if (changed === 0) return false;
    // The claim orders by lq_job.claim_rank, the negated PRIORITY.
    await tx.run(sql`UPDATE ${ident(JOB_TABLE)} SET claim_rank = -(SELECT j.priority FROM o_jobqueuerecord j WHERE j.company_key = ${p(companyKey)} AND j.jobid = ${p(jobId)})
      WHERE company_key = ${p(companyKey)} AND job_id = ${p(jobId)}`);
    return true;
  });
}
