// Puts a new job in the queue: its JOBQUEUERECORD row (what users see) and its lq_job row (what a worker needs), in one transaction.

import type { Database } from '../store/database.ts';
import { ident, p, sql } from '../store/sql.ts';
import { newJobId } from './job-id.ts';
import { JOB_TABLE } from './job-tables.ts';
import { instantOf, JOB_STATE, type JobLane } from './job-states.ts';

export interface NewJob {
  readonly companyPk: number;
  /** One of the seed's job types ("Asynchronous API requests", "CSV import", …). */
  readonly jobType: string;
  /** The handler that runs it. */
  readonly kind: string;
  readonly lane: JobLane;
  readonly action: string;
  readonly details: string;
  readonly userId: string;
  readonly payload: string;
  readonly maxAttempts?: number;
  readonly priority?: number;
}

/** Five attempts: with the default backoff the last one starts about fifteen minutes after the first failure. */
export const DEFAULT_MAX_ATTEMPTS = 5;

export async function enqueueJob(db: Database, job: NewJob, nowMs: number): Promise<string> {
  const jobId = newJobId();
  await db.transaction(async (tx) => {
    await tx.run(sql`INSERT INTO o_jobqueuerecord (company_id, jobid, timequeued, jobtype, action, details, users, state, priority)
      VALUES (${p(job.companyPk)}, ${p(jobId)}, ${p(instantOf(nowMs))}, ${p(job.jobType)}, ${p(job.action)}, ${p(job.details)}, ${p(job.userId)}, ${p(JOB_STATE.queued)}, ${p(job.priority ?? 0)})`);
    await tx.run(sql`INSERT INTO ${ident(JOB_TABLE)} (company_id, job_id, kind, lane, payload, attempts, max_attempts, cancel_requested)
      VALUES (${p(job.companyPk)}, ${p(jobId)}, ${p(job.kind)}, ${p(job.lane)}, ${p(job.payload)}, 0, ${p(job.maxAttempts ?? DEFAULT_MAX_ATTEMPTS)}, ${p(false)})`);
  });
  return jobId;
}
