// Runs claimed jobs: N loops in one process, each claiming, leasing, running a handler and recording its outcome; stops gracefully.

import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Database } from '../store/database.ts';
import { ident, p, sql } from '../store/sql.ts';
import { claimJob, type ClaimedJob } from './claim-job.ts';
import { DEFAULT_CONCURRENCY_LIMITS, type ConcurrencyLimits } from './concurrency-limits.ts';
import { failJob } from './fail-job.ts';
import { finishJob, JobInterrupted, recordCheckpoint } from './finish-job.ts';
import { PermanentJobError, type JobHandler } from './job-handler.ts';
import { JOB_TABLE } from './job-tables.ts';
import { recoverExpiredLeases } from './recover-expired-leases.ts';
import { releaseJob } from './release-job.ts';
import { renewLease } from './renew-lease.ts';
import { stopJob } from './stop-job.ts';

export interface WorkerPoolOptions {
  readonly db: Database;
  readonly handlers: Readonly<Record<string, JobHandler>>;
  readonly concurrency: number;
  /** 60 s by default; renewed every third of it, so a live worker never loses a lease to a slow statement. */
  readonly leaseMs?: number;
  /** Idle loops wait this long before claiming again (1 s by default). */
  readonly pollMs?: number;
  readonly limits?: ConcurrencyLimits;
  /** Delay before attempt n + 1 after attempt n failed. */
  readonly backoffMs?: (attempt: number) => number;
  readonly now?: () => number;
  /** Identifies this process's workers in lease_owner. */
  readonly name?: string;
  readonly onError?: (err: unknown, job: ClaimedJob | null) => void;
}

export interface WorkerStats { claimed: number; delivered: number; deferred: number; failed: number; cancelled: number; leasesRecovered: number }

export interface WorkerPool {
  readonly stats: Readonly<WorkerStats>;
  /** Stops claiming, lets running jobs finish for up to `graceMs`, then releases what is still held. */
  stop(graceMs?: number): Promise<void>;
}

export const DEFAULT_LEASE_MS = 60_000;

/** 10 s, 30 s, 90 s, … capped at an hour: a flaky callback gets minutes to recover, not seconds. */
export function defaultBackoffMs(attempt: number): number {
  return Math.min(10_000 * 3 ** (attempt - 1), 3_600_000);
}

export function startWorkerPool(options: WorkerPoolOptions): WorkerPool {
  const { db, handlers } = options;
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const pollMs = options.pollMs ?? 1000;
  const limits = options.limits ?? DEFAULT_CONCURRENCY_LIMITS;
  const backoff = options.backoffMs ?? defaultBackoffMs;
  const now = options.now ?? Date.now;
  const onError = options.onError ?? (() => {});
  const base = options.name ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const stats: WorkerStats = { claimed: 0, delivered: 0, deferred: 0, failed: 0, cancelled: 0, leasesRecovered: 0 };
  let stopping = false;
  const sleepers = new Set<() => void>();
  const held = new Map<string, { job: ClaimedJob; worker: string }>();
  let lastRecovery = 0;

  const sleep = (ms: number) => new Promise<void>((resolve) => {
    const done = () => { clearTimeout(t); sleepers.delete(done); resolve(); };
    const t = setTimeout(done, ms);
    sleepers.add(done);
  });

  async function runOne(job: ClaimedJob, worker: string): Promise<void> {
    const handler = handlers[job.kind];
    const key = `${job.companyPk}/${job.jobId}`;
    held.set(key, { job, worker });
    let leaseLost = false;
    const renew = setInterval(() => {
      renewLease(db, job.companyPk, job.jobId, worker, leaseMs, now()).then((ok) => { if (!ok) leaseLost = true; }, (e) => onError(e, job));
    }, Math.max(50, Math.floor(leaseMs / 3)));
    try {
      if (!handler) throw new PermanentJobError(`no handler for job kind ${job.kind}`);
      const stopRequestedOn = (h: Database) => async () => {
        const rows = await h.all<{ c: unknown }>(sql`SELECT cancel_requested AS c FROM ${ident(JOB_TABLE)} WHERE company_id = ${p(job.companyPk)} AND job_id = ${p(job.jobId)}`);
        return rows[0]?.c === true || rows[0]?.c === 1;
      };
      if (handler.mode === 'chunked') {
        const commitChunk = (fn: (tx: Database) => Promise<void>, checkpoint: string, details?: string) => db.transaction(async (tx) => {
          await fn(tx);
          await recordCheckpoint(tx, job.companyPk, job.jobId, worker, checkpoint, details);
        });
        const outcome = await handler.run({ job, tx: db, db, now, stopRequested: stopRequestedOn(db), checkpoint: job.checkpoint, commitChunk });
        if (leaseLost) throw new JobInterrupted('lease-lost');
        await db.transaction((tx) => finishJob(tx, job.companyPk, job.jobId, worker, now(), outcome ?? {}));
      } else {
        await db.transaction(async (tx) => {
          const noChunks = () => Promise.reject(new Error(`job kind ${job.kind} is not chunked`));
          const outcome = await handler.run({ job, tx, db, now, stopRequested: stopRequestedOn(tx), checkpoint: null, commitChunk: noChunks });
          if (leaseLost) throw new JobInterrupted('lease-lost');
          await finishJob(tx, job.companyPk, job.jobId, worker, now(), outcome ?? {});
        });
      }
      stats.delivered++;
    } catch (e) {
      if (e instanceof JobInterrupted) {
        // Lease lost: whoever holds the job now records its outcome. Stop requested: effects rolled back, the job ends Cancelled.
        if (e.reason === 'stop-requested' && (await stopJob(db, job.companyPk, job.jobId, worker, now()))) stats.cancelled++;
        return;
      }
      onError(e, job);
      const reason = e instanceof Error ? e.message : String(e);
      const retryAt = !(e instanceof PermanentJobError) && job.attempt < job.maxAttempts ? now() + backoff(job.attempt) : null;
      const state = await failJob(db, job.companyPk, job.jobId, worker, now(), reason, retryAt);
      if (state === 'Deferred') stats.deferred++;
      else if (state === 'Failed') stats.failed++;
    } finally {
      clearInterval(renew);
      held.delete(key);
    }
  }

  async function loop(index: number): Promise<void> {
    const worker = `${base}/${index}`;
    while (!stopping) {
      try {
        // Recovery is cheap but needs no more than one pass per few seconds across the pool.
        if (now() - lastRecovery >= Math.min(5000, leaseMs / 2)) {
          lastRecovery = now();
          stats.leasesRecovered += await recoverExpiredLeases(db, now());
        }
        const job = await claimJob(db, worker, leaseMs, limits, now());
        if (!job) { await sleep(pollMs); continue; }
        stats.claimed++;
        await runOne(job, worker);
      } catch (e) {
        onError(e, null);
        if (!stopping) await sleep(pollMs);
      }
    }
  }

  const loops = Array.from({ length: Math.max(0, options.concurrency) }, (_, i) => loop(i));
  let stopped: Promise<void> | null = null;
  return {
    stats,
    stop(graceMs = leaseMs / 2) {
      stopped ??= (async () => {
        stopping = true;
        for (const done of [...sleepers]) done();
        const all = Promise.all(loops);
        const timedOut = await Promise.race([all.then(() => false), new Promise<boolean>((r) => setTimeout(() => r(true), graceMs).unref())]);
        if (timedOut) {
          for (const { job, worker } of held.values()) await releaseJob(db, job.companyPk, job.jobId, worker).catch((e) => onError(e, job));
        }
      })();
      return stopped;
    },
  };
}
