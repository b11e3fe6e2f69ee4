// Claims the next job a worker may run: highest priority, then longest queued, within its company's lane limit; leased to the worker.

import type { Database } from '../store/database.ts';
import { ident, p, sql } from '../store/sql.ts';
import { laneLimit, type ConcurrencyLimits } from './concurrency-limits.ts';
import { JOB_TABLE } from './job-tables.ts';
import { instantOf, JOB_STATE } from './job-states.ts';
import { skipLocked } from './row-locks.ts';

export interface ClaimedJob {
  readonly companyPk: number;
  readonly companyId: string;
  readonly jobId: string;
  readonly kind: string;
  readonly payload: string;
  /** This attempt's number, from 1. */
  readonly attempt: number;
  readonly maxAttempts: number;
  readonly details: string;
  /** What the last committed chunk of a chunked job recorded, or null. */
  readonly checkpoint: string | null;
}

interface Candidate {
  company_pk: number; company_id: string; service_level: string; jobid: string; kind: string; lane: string;
  payload: string; attempts: number; max_attempts: number; details: string | null; checkpoint: string | null;
}

/** Candidates read per claim: enough to step past companies at their limit without scanning the whole queue. */
const CANDIDATES = 32;

/**
 * One short transaction. A company's lane count is read after its lq_company
 * row is locked (SKIP LOCKED on PostgreSQL: a company another worker is
 * claiming for right now is passed over, never waited for, so two claims can
 * neither exceed its limit nor deadlock). Rows without a kind (jobs ledgerq
 * did not create) are never claimed.
 */
export async function claimJob(db: Database, worker: string, leaseMs: number, limits: ConcurrencyLimits, nowMs: number): Promise<ClaimedJob | null> {
  return db.transaction(async (tx) => {
    const waiting = [p(JOB_STATE.queued), p(JOB_STATE.deferred)] as const;
    const candidates = await tx.all<Candidate>(sql`SELECT c.id AS company_pk, c.company_id, c.service_level, j.jobid, l.kind, l.lane, l.payload, l.attempts, l.max_attempts, j.details, l.checkpoint
      FROM ${ident(JOB_TABLE)} l
      JOIN o_jobqueuerecord j ON j.company_id = l.company_id AND j.jobid = l.job_id
      JOIN lq_company c ON c.id = l.company_id
      WHERE j.state IN (${waiting[0]}, ${waiting[1]}) AND l.kind IS NOT NULL AND l.cancel_requested = ${p(false)}
        AND (l.run_after IS NULL OR l.run_after <= ${p(nowMs)})
      ORDER BY j.priority DESC, j.timequeued, j.jobid
      LIMIT ${p(CANDIDATES)}${skipLocked(tx, 'l')}`);
    const full = new Set<string>();
    for (const c of candidates) {
      const laneKey = `${c.company_pk}/${c.lane}`;
      if (full.has(laneKey)) continue;
      const locked = await tx.all(sql`SELECT id FROM lq_company WHERE id = ${p(c.company_pk)}${skipLocked(tx)}`);
      if (locked.length === 0) { full.add(laneKey); continue; }
      const running = await tx.all<{ n: number | string }>(sql`SELECT COUNT(*) AS n FROM ${ident(JOB_TABLE)} l
        JOIN o_jobqueuerecord j ON j.company_id = l.company_id AND j.jobid = l.job_id
        WHERE l.company_id = ${p(c.company_pk)} AND l.lane = ${p(c.lane)} AND j.state = ${p(JOB_STATE.running)}`);
      if (Number(running[0]!.n) >= laneLimit(limits, c.company_id, c.service_level, c.lane)) { full.add(laneKey); continue; }
      await tx.run(sql`UPDATE o_jobqueuerecord SET state = ${p(JOB_STATE.running)}, timestarted = COALESCE(timestarted, ${p(instantOf(nowMs))})
        WHERE company_id = ${p(c.company_pk)} AND jobid = ${p(c.jobid)}`);
      await tx.run(sql`UPDATE ${ident(JOB_TABLE)} SET attempts = attempts + 1, lease_owner = ${p(worker)}, lease_until = ${p(nowMs + leaseMs)}, run_after = NULL
        WHERE company_id = ${p(c.company_pk)} AND job_id = ${p(c.jobid)}`);
      return {
        companyPk: c.company_pk, companyId: c.company_id, jobId: c.jobid, kind: c.kind, payload: c.payload,
        attempt: Number(c.attempts) + 1, maxAttempts: Number(c.max_attempts), details: c.details ?? '', checkpoint: c.checkpoint ?? null,
      };
    }
    return null;
  });
}
