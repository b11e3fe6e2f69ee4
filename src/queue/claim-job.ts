// Claims the next jobs a worker pool may run: the fairest company first, then its highest priority and longest queued,
// within its lane limits.

import type { Database } from '../store/database.ts';
import { ident, join, p, sql, type Sql } from '../store/sql.ts';
import { laneLimit, type ConcurrencyLimits } from './concurrency-limits.ts';
import { JOB_TABLE, QUEUE_COMPANY_TABLE } from './job-tables.ts';
import { instantOf, JOB_STATE, type JobLane } from './job-states.ts';

export interface ClaimedJob {
  readonly companyKey: number;
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
  /** The lease owner this claim wrote: unique per claim, so a job taken back and claimed again never has two holders. */
  readonly owner: string;
}

interface CandidateCompany {
  company_key: number;
  company_id: string;
  service_level: string;
  last_claim_ms: number | string | null;
  running_api: number | string;
  running_report: number | string;
  setting_api: string | null;
  setting_report: string | null;
}

interface ClaimedRow {
  job_id: string;
  kind: string;
  payload: string | null;
  attempts: number | string;
  max_attempts: number | string;
  checkpoint: string | null;
  details: string;
}

const LANES: readonly JobLane[] = ['api', 'report'];

/** Running jobs hold a lease; ix_lq_job_lease_until finds them (as many as there are workers, whatever the queue's size). */
const runningIn = (
  lane: JobLane,
  company: Sql = sql`c.company_key`,
): Sql => sql`(SELECT COUNT(*) FROM ${ident(JOB_TABLE)} r
  WHERE r.lease_until IS NOT NULL AND r.company_key = ${company} AND r.lane = ${p(lane)})`;
const settingOf = (lane: JobLane): Sql =>
  sql`(SELECT s.value FROM lq_company_setting s WHERE s.company_key = c.company_key AND s.name = ${p(`queue.${lane}`)})`;

/**
 * Companies with waiting jobs, found by skipping through ix_lq_job_claim one company at a time (a loose index scan,
 * so 10,000 jobs of one company cost one index probe, not a scan), with their running jobs per lane, their lane
 * settings and when they were last served.
 */
function candidateCompanies(tx: Database): Promise<CandidateCompany[]> {
  const waiting = p(true);
  return tx.all<CandidateCompany>(sql`WITH RECURSIVE c(company_key) AS (
      SELECT MIN(company_key) FROM ${ident(JOB_TABLE)} WHERE waiting = ${waiting}
      UNION ALL
      SELECT (SELECT MIN(j.company_key) FROM ${ident(JOB_TABLE)} j WHERE j.waiting = ${waiting} AND j.company_key > c.company_key) FROM c WHERE c.company_key IS NOT NULL
    )
    SELECT c.company_key, co.company_id, co.service_level, q.last_claim_ms,
      ${runningIn('api')} AS running_api, ${runningIn('report')} AS running_report,
      ${settingOf('api')} AS setting_api, ${settingOf('report')} AS setting_report
    FROM c JOIN lq_company co ON co.company_key = c.company_key LEFT JOIN ${ident(QUEUE_COMPANY_TABLE)} q ON q.company_key = c.company_key
    WHERE c.company_key IS NOT NULL`);
}

/** A lane setting from lq_company_setting (`queue.api` = "2"), when it holds a whole number of zero or more. */
function settingLimit(value: string | null): number | null {
  if (value === null || !/^\s*\d+\s*$/.test(value)) return null;
  return Number(value);
}

function freeSlots(c: CandidateCompany, limits: ConcurrencyLimits): Record<JobLane, number> {
  const free = {} as Record<JobLane, number>;
  for (const lane of LANES) {
    const limit =
      settingLimit(lane === 'api' ? c.setting_api : c.setting_report) ??
      laneLimit(limits, c.company_id, c.service_level, lane);
    free[lane] = Math.max(0, limit - Number(lane === 'api' ? c.running_api : c.running_report));
  }
  return free;
}

/**
 * The company's queue lock, stamped with this claim's time (round robin reads it): claims for one company are
 * serialized on its lq_queue_company row, so two claims can never both fit under its lane limit. `wait` false passes
 * over a company another claim holds right now (SKIP LOCKED); a claim only ever waits for one such lock while
 * holding no other, so claims cannot deadlock.
 */
async function lockCompany(tx: Database, companyKey: number, wait: boolean, nowMs: number): Promise<boolean> {
  const stamp = sql`UPDATE ${ident(QUEUE_COMPANY_TABLE)} SET last_claim_ms = ${p(nowMs)}`;
  if (wait) return (await tx.run(sql`${stamp} WHERE company_key = ${p(companyKey)}`)) > 0;
  return (
    (await tx.run(
      sql`${stamp} WHERE company_key IN (SELECT company_key FROM ${ident(QUEUE_COMPANY_TABLE)} WHERE company_key = ${p(companyKey)}${tx.dialect.skipLocked()})`,
    )) > 0
  );
}

/**
 * Re-reads a locked company's running counts on PostgreSQL: the ones read before the lock may be stale. (SQLite's
 * claim transaction has excluded every other writer since before it read them.)
 */
async function recount(tx: Database, c: CandidateCompany): Promise<CandidateCompany> {
  if (!tx.dialect.concurrentWriters) return c;
  const company = sql`${p(c.company_key)}`;
  const rows = await tx.all<{ running_api: number | string; running_report: number | string }>(sql`SELECT
      ${runningIn('api', company)} AS running_api, ${runningIn('report', company)} AS running_report`);
  return { ...c, ...rows[0]! };
}

/** A company's next waiting jobs of one lane, in claim order: PRIORITY descending, then TIMEQUEUED, then JOBID. */
async function takeJobs(
  tx: Database,
  c: CandidateCompany,
  lane: JobLane,
  n: number,
  owner: string,
  leaseMs: number,
  nowMs: number,
): Promise<ClaimedRow[]> {
  const next = sql`SELECT company_key, job_id FROM ${ident(JOB_TABLE)}
    WHERE waiting = ${p(true)} AND company_key = ${p(c.company_key)} AND lane = ${p(lane)} AND kind IS NOT NULL AND cancel_requested = ${p(false)}
      AND (run_after IS NULL OR run_after <= ${p(nowMs)})
    ORDER BY claim_rank, queued_ms, job_id LIMIT ${p(n)}${tx.dialect.skipLocked()}`;
  const lease = sql`waiting = ${p(false)}, attempts = attempts + 1, lease_owner = ${p(owner)}, lease_until = ${p(nowMs + leaseMs)}, run_after = NULL`;
  const start = sql`state = ${p(JOB_STATE.running)}, timestarted = COALESCE(timestarted, ${p(instantOf(nowMs))})`;
  if (tx.dialect.writableCte) {
    // One round trip: pick (skipping rows other claims hold), lease, and show In Progress.
    return tx.all<ClaimedRow>(sql`WITH picked AS (${next}),
      claimed AS (UPDATE ${ident(JOB_TABLE)} l SET ${lease} FROM picked WHERE l.company_key = picked.company_key AND l.job_id = picked.job_id
        RETURNING l.job_id, l.kind, l.payload, l.attempts, l.max_attempts, l.checkpoint, l.claim_rank, l.queued_ms),
      shown AS (UPDATE o_jobqueuerecord j SET ${start} FROM claimed WHERE j.company_key = ${p(c.company_key)} AND j.jobid = claimed.job_id RETURNING j.jobid, j.details)
      SELECT claimed.job_id, claimed.kind, claimed.payload, claimed.attempts, claimed.max_attempts, claimed.checkpoint, COALESCE(shown.details, '') AS details
      FROM claimed LEFT JOIN shown ON shown.jobid = claimed.job_id
      ORDER BY claimed.claim_rank, claimed.queued_ms, claimed.job_id`);
  }
  // SQLite: the claim's write transaction already excludes every other writer; statements are in-process calls.
  const picked = await tx.all<{ job_id: string }>(next);
  if (picked.length === 0) return [];
  const ids = join(
    picked.map((r) => sql`${p(r.job_id)}`),
    ', ',
  );
  const claimed = await tx.all<Omit<ClaimedRow, 'details'>>(sql`UPDATE ${ident(JOB_TABLE)} SET ${lease}
    WHERE company_key = ${p(c.company_key)} AND job_id IN (${ids}) RETURNING job_id, kind, payload, attempts, max_attempts, checkpoint`);
  const shown = await tx.all<{ jobid: string; details: string | null }>(sql`UPDATE o_jobqueuerecord SET ${start}
    WHERE company_key = ${p(c.company_key)} AND jobid IN (${ids}) RETURNING jobid, details`);
  const details = new Map(shown.map((r) => [r.jobid, r.details ?? '']));
  const order = new Map(picked.map((r, i) => [r.job_id, i]));
  return claimed
    .map((r) => ({ ...r, details: details.get(r.job_id) ?? '' }))
    .sort((a, b) => order.get(a.job_id)! - order.get(b.job_id)!);
}

/**
 * Fair sharing: among companies with waiting jobs and a free slot in a lane, the one running the fewest jobs goes
 * first, ties going to the one served least recently (round robin). One claim serves one company, so a company
 * with 10,000 queued jobs never delays another's single job by more than one claim.
 */
function fairOrder(companies: CandidateCompany[]): CandidateCompany[] {
  const running = (c: CandidateCompany) => Number(c.running_api) + Number(c.running_report);
  return [...companies].sort(
    (a, b) =>
      running(a) - running(b) ||
      Number(a.last_claim_ms ?? 0) - Number(b.last_claim_ms ?? 0) ||
      a.company_key - b.company_key,
  );
}

/**
 * Claims up to `max` jobs in one short transaction, all leased to `owner` and all of one company (the fairest one
 * that has a job ready). Rows without a kind (jobs ledgerq did not create) are never claimed. Returns [] when no
 * company has a job it may start now.
 */
export async function claimJobs(
  db: Database,
  owner: string,
  leaseMs: number,
  limits: ConcurrencyLimits,
  nowMs: number,
  max: number,
): Promise<ClaimedJob[]> {
  if (max <= 0) return [];
  return db.transaction(async (tx) => {
    const companies = fairOrder(
      (await candidateCompanies(tx)).filter((c) => LANES.some((lane) => freeSlots(c, limits)[lane] > 0)),
    );
    if (companies.length === 0) return [];
    // A company's first claim creates its lock row; in key order, so two first claims cannot wait on each other.
    const missing = companies.filter((c) => c.last_claim_ms === null).sort((a, b) => a.company_key - b.company_key);
    for (const c of missing) {
      await tx.run(
        sql`INSERT INTO ${ident(QUEUE_COMPANY_TABLE)} (company_key, last_claim_ms) VALUES (${p(c.company_key)}, 0) ON CONFLICT (company_key) DO NOTHING`,
      );
    }
    // Pass over companies other claims hold. When every one was held, wait for the fairest: this claim then holds no
    // other lock, so the wait cannot be part of a deadlock.
    let lockedAny = false;
    for (const c of companies) {
      if (!(await lockCompany(tx, c.company_key, false, nowMs))) continue;
      lockedAny = true;
      const jobs = await claimFrom(tx, await recount(tx, c), owner, leaseMs, limits, nowMs, max);
      if (jobs.length > 0) return jobs;
    }
    if (lockedAny || !(await lockCompany(tx, companies[0]!.company_key, true, nowMs))) return [];
    return claimFrom(tx, await recount(tx, companies[0]!), owner, leaseMs, limits, nowMs, max);
  });
}

async function claimFrom(
  tx: Database,
  c: CandidateCompany,
  owner: string,
  leaseMs: number,
  limits: ConcurrencyLimits,
  nowMs: number,
  max: number,
): Promise<ClaimedJob[]> {
  const free = freeSlots(c, limits);
  const jobs: ClaimedJob[] = [];
  for (const lane of LANES) {
    const n = Math.min(free[lane], max - jobs.length);
    if (n <= 0) continue;
    for (const r of await takeJobs(tx, c, lane, n, owner, leaseMs, nowMs)) {
      jobs.push({
        companyKey: c.company_key,
        companyId: c.company_id,
        jobId: r.job_id,
        kind: r.kind,
        payload: r.payload ?? '',
        attempt: Number(r.attempts),
        maxAttempts: Number(r.max_attempts),
        details: r.details,
        checkpoint: r.checkpoint ?? null,
        owner,
      });
    }
  }
  return jobs;
}

/** Claims one job (the next by the same rules), or null. */
export async function claimJob(
  db: Database,
  owner: string,
  leaseMs: number,
  limits: ConcurrencyLimits,
  nowMs: number,
): Promise<ClaimedJob | null> {
  return (await claimJobs(db, owner, leaseMs, limits, nowMs, 1))[0] ?? null;
}
