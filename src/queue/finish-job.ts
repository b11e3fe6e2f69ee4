// Marks a job Delivered inside the transaction that applied its effects, so effects and final state commit together or
// not at all.

import type { Database } from '../store/database.ts';
import { ident, p, sql } from '../store/sql.ts';
import { JOB_TABLE } from './job-tables.ts';
import { instantOf, JOB_STATE } from './job-states.ts';

/** Thrown inside the job's transaction so its effects roll back: the lease was lost, or a stop was requested. */
export class JobInterrupted extends Error {
  constructor(readonly reason: 'lease-lost' | 'stop-requested') {
    super(reason === 'lease-lost' ? "the job's lease expired and another worker took it" : 'cancel was requested');
    this.name = 'JobInterrupted';
  }
}

/**
 * The lq_job row is updated first: on PostgreSQL that locks it, so a
 * recovery or cancel racing this commit waits and then sees the job finished.
 * Checking the lease owner here is what makes a job's effects apply once even
 * when a slow worker and the worker that took its expired lease both run it.
 */
export async function finishJob(
  tx: Database,
  companyKey: number,
  jobId: string,
  worker: string,
  nowMs: number,
  outcome: { result?: string; details?: string },
): Promise<void> {
  const release = sql`UPDATE ${ident(JOB_TABLE)} SET lease_owner = NULL, lease_until = NULL, result = COALESCE(${p(outcome.result ?? null)}, result), error = NULL
    WHERE company_key = ${p(companyKey)} AND job_id = ${p(jobId)} AND lease_owner = ${p(worker)} AND cancel_requested = ${p(false)}`;
  const deliver = sql`state = ${p(JOB_STATE.delivered)}, timefinished = ${p(instantOf(nowMs))}
    ${outcome.details !== undefined ? sql`, details = ${p(outcome.details)}` : sql``}`;
  if (tx.dialect.writableCte) {
    // One round trip: the lq_job row is still updated (and locked) first.
    const done = await tx.run(sql`WITH held AS (${release} RETURNING job_id)
      UPDATE o_jobqueuerecord SET ${deliver} WHERE company_key = ${p(companyKey)} AND jobid IN (SELECT job_id FROM held)`);
    if (done === 0) await interrupted(tx, companyKey, jobId, worker);
    return;
  }
  if ((await tx.run(release)) === 0) await interrupted(tx, companyKey, jobId, worker);
  await tx.run(
    sql`UPDATE o_jobqueuerecord SET ${deliver} WHERE company_key = ${p(companyKey)} AND jobid = ${p(jobId)}`,
  );
}

/**
 * Finishes a job whose effects are already committed (a chunked job): on PostgreSQL the finish is one statement,
 * atomic without a transaction of its own (one round trip instead of three); SQLite's two run in one.
 */
export async function finishCommittedJob(
  db: Database,
  companyKey: number,
  jobId: string,
  worker: string,
  nowMs: number,
  outcome: { result?: string; details?: string },
): Promise<void> {
  if (db.dialect.writableCte) return finishJob(db, companyKey, jobId, worker, nowMs, outcome);
  return db.transaction((tx) => finishJob(tx, companyKey, jobId, worker, nowMs, outcome));
}

/** Why this worker may no longer finish the job: it still holds it (so a stop was requested), or it lost the lease. */
async function interrupted(tx: Database, companyKey: number, jobId: string, worker: string): Promise<never> {
  const rows = await tx.all<{ lease_owner: string | null }>(
    sql`SELECT lease_owner FROM ${ident(JOB_TABLE)} WHERE company_key = ${p(companyKey)} AND job_id = ${p(jobId)}`,
  );
  throw new JobInterrupted(rows[0]?.lease_owner === worker ? 'stop-requested' : 'lease-lost');
}

/**
 * A chunked job's checkpoint (and progress in DETAILS), written in the chunk's own transaction after the same
 * ownership check as finishJob: a chunk committed by a worker that lost its lease, or after a cancel, rolls back.
 */
export async function recordCheckpoint(
  tx: Database,
  companyKey: number,
  jobId: string,
  worker: string,
  checkpoint: string,
  details?: string,
  irrevocable = false,
): Promise<void> {
  const held =
    await tx.run(sql`UPDATE ${ident(JOB_TABLE)} SET checkpoint = ${p(checkpoint)}${irrevocable ? sql`, irrevocable = ${p(true)}` : sql``}
    WHERE company_key = ${p(companyKey)} AND job_id = ${p(jobId)} AND lease_owner = ${p(worker)} AND cancel_requested = ${p(false)}`);
  if (held === 0) {
    const rows = await tx.all<{ lease_owner: string | null }>(
      sql`SELECT lease_owner FROM ${ident(JOB_TABLE)} WHERE company_key = ${p(companyKey)} AND job_id = ${p(jobId)}`,
    );
    throw new JobInterrupted(rows[0]?.lease_owner === worker ? 'stop-requested' : 'lease-lost');
  }
  if (details !== undefined) {
    await tx.run(
      sql`UPDATE o_jobqueuerecord SET details = ${p(details)} WHERE company_key = ${p(companyKey)} AND jobid = ${p(jobId)}`,
    );
  }
}
