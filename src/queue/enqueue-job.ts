// Puts a new job in the queue: its JOBQUEUERECORD row (what users see) and its lq_job row (what a worker needs), in one
// transaction.

import type { Database } from '../store/database.ts';
import { ident, join, p, sql } from '../store/sql.ts';
import { newJobId } from './job-id.ts';
import { JOB_TABLE } from './job-tables.ts';
import { instantOf, JOB_STATE, type JobLane } from './job-states.ts';

export interface NewJob {
  readonly companyKey: number;
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
  return (await enqueueJobs(db, [job], nowMs))[0]!;
}

/** Rows per INSERT when enqueueing in bulk: well under either database's limit on bound parameters. */
const ROWS_PER_INSERT = 500;
const ANALYZE_AFTER = 1000;

/** Enqueues many jobs in one transaction (a few multi-row INSERTs), all queued at `nowMs`; returns their JOBIDs. */
export async function enqueueJobs(db: Database, jobs: readonly NewJob[], nowMs: number): Promise<string[]> {
  const ids = jobs.map(() => newJobId());
  const queued = p(instantOf(nowMs));
  await db.transaction(async (tx) => {
    for (let from = 0; from < jobs.length; from += ROWS_PER_INSERT) {
      const batch = jobs.slice(from, from + ROWS_PER_INSERT);
      const shown = batch.map(
        (job, i) =>
          sql`(${p(job.companyKey)}, ${p(ids[from + i]!)}, ${queued}, ${p(job.jobType)}, ${p(job.action)}, ${p(job.details)}, ${p(job.userId)}, ${p(JOB_STATE.queued)}, ${p(job.priority ?? 0)})`,
      );
      await tx.run(
        sql`INSERT INTO o_jobqueuerecord (company_key, jobid, timequeued, jobtype, action, details, users, state, priority) VALUES ${join(shown, ', ')}`,
      );
      const work = batch.map(
        (job, i) =>
          sql`(${p(job.companyKey)}, ${p(ids[from + i]!)}, ${p(job.kind)}, ${p(job.lane)}, ${p(job.payload)}, 0, ${p(job.maxAttempts ?? DEFAULT_MAX_ATTEMPTS)}, ${p(false)}, ${p(true)}, ${p(-(job.priority ?? 0))}, ${p(nowMs)})`,
      );
      await tx.run(sql`INSERT INTO ${ident(JOB_TABLE)} (company_key, job_id, kind, lane, payload, attempts, max_attempts, cancel_requested, waiting, claim_rank, queued_ms)
        VALUES ${join(work, ', ')}`);
    }
  });
  // A bulk load can change lq_job's size by orders of magnitude: fresh statistics keep the claim on its index.
  const analyze = jobs.length >= ANALYZE_AFTER ? db.dialect.refreshStatistics(JOB_TABLE) : null;
  if (analyze) await db.execScript(analyze);
  return ids;
}
