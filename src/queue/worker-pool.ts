// Runs claimed jobs: one claimer per pool takes a batch of jobs per round trip, runs up to N at once with leases,
// records outcomes; stops gracefully.

import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Database } from '../store/database.ts';
import { ident, p, sql } from '../store/sql.ts';
import { claimJobs, type ClaimedJob } from './claim-job.ts';
import { DEFAULT_CONCURRENCY_LIMITS, type ConcurrencyLimits } from './concurrency-limits.ts';
import { failJob } from './fail-job.ts';
import { finishCommittedJob, finishJob, JobInterrupted, recordCheckpoint } from './finish-job.ts';
import { PermanentJobError, type JobHandler } from './job-handler.ts';
import { JOB_TABLE } from './job-tables.ts';
import { lazyTransaction } from './lazy-transaction.ts';
import { prepareQueue } from './prepare-queue.ts';
import { countLeaseExpiries, recordJobOutcome, type JobOutcomeLabel } from './queue-metrics.ts';
import { RECOVERY_BATCH, recoverExpiredLeases } from './recover-expired-leases.ts';
import { releaseJob } from './release-job.ts';
import { renewLease } from './renew-lease.ts';
import { stopJob } from './stop-job.ts';

export interface WorkerPoolOptions {
  readonly db: Database;
  readonly handlers: Readonly<Record<string, JobHandler>>;
  /** Jobs run at once. */
  readonly concurrency: number;
  /** 60 s by default; renewed every third of it, so a live worker never loses a lease to a slow statement. */
  readonly leaseMs?: number;
  /**
   * Jobs claimed ahead of free slots (0 by default): a busy pool then claims big batches and starts the next job at
   * once when one ends. Claimed jobs show In Progress and count against their company's lane limit while they wait.
   */
  readonly prefetch?: number;
  /** An idle pool waits this long before claiming again (1 s by default); a job ending wakes it at once. */
  readonly pollMs?: number;
  readonly limits?: ConcurrencyLimits;
  /** Delay before attempt n + 1 after attempt n failed. */
  readonly backoffMs?: (attempt: number) => number;
  readonly now?: () => number;
  /** Identifies this process's workers in lease_owner. */
  readonly name?: string;
  readonly onError?: (err: unknown, job: ClaimedJob | null) => void;
}

export interface WorkerStats {
  claimed: number;
  delivered: number;
  deferred: number;
  failed: number;
  cancelled: number;
  leasesRecovered: number;
}

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
  const held = new Map<string, ClaimedJob>();
  const running = new Set<Promise<void>>();
  /** Claimed, not started yet (prefetch). */
  const buffer: { job: ClaimedJob; claimedAt: number }[] = [];
  const prefetch = Math.max(0, options.prefetch ?? 0);
  let lastRecovery = Number.NEGATIVE_INFINITY;
  let claims = 0;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(t);
        sleepers.delete(done);
        resolve();
      };
      const t = setTimeout(done, ms);
      sleepers.add(done);
    });
  const wake = () => {
    for (const done of [...sleepers]) done();
  };

  async function runOne(job: ClaimedJob, claimedAt: number): Promise<void> {
    const handler = handlers[job.kind];
    const worker = job.owner;
    // A prefetched job that waited a while has its lease renewed before it starts; a lost lease means another holder.
    if (now() - claimedAt > leaseMs / 3 && !(await renewLease(db, job.companyKey, job.jobId, worker, leaseMs, now())))
      return;
    const key = `${job.companyKey}/${job.jobId}`;
    held.set(key, job);
    const started = performance.now();
    let leaseLost = false;
    const renew = setInterval(
      () => {
        renewLease(db, job.companyKey, job.jobId, worker, leaseMs, now()).then(
          (ok) => {
            if (!ok) leaseLost = true;
          },
          (e) => onError(e, job),
        );
      },
      Math.max(50, Math.floor(leaseMs / 3)),
    );
    const record = (outcome: JobOutcomeLabel) => {
      stats[outcome]++;
      recordJobOutcome(job.kind, outcome, (performance.now() - started) / 1000);
    };
    try {
      if (!handler) throw new PermanentJobError(`no handler for job kind ${job.kind}`);
      const stopRequestedOn = (h: Database) => async () => {
        const rows = await h.all<{ c: unknown }>(
          sql`SELECT cancel_requested AS c FROM ${ident(JOB_TABLE)} WHERE company_key = ${p(job.companyKey)} AND job_id = ${p(job.jobId)}`,
        );
        return rows[0]?.c === true || rows[0]?.c === 1;
      };
      if (handler.mode === 'chunked') {
        const commitChunk = async (
          fn: (tx: Database) => Promise<void>,
          checkpoint: string | (() => string),
          details?: string,
          options?: { readonly irrevocable?: boolean },
        ) => {
          await db.transaction(async (tx) => {
            await fn(tx);
            await recordCheckpoint(
              tx,
              job.companyKey,
              job.jobId,
              worker,
              typeof checkpoint === 'string' ? checkpoint : checkpoint(),
              details,
              options?.irrevocable === true,
            );
          });
          // better-sqlite3 answers synchronously: without a turn of the event loop between chunks, a long job would
          // starve lease renewal, timers and the server's requests in this process until it ends.
          await new Promise<void>((resolve) => setImmediate(resolve));
        };
        const outcome = await handler.run({
          job,
          tx: db,
          db,
          now,
          stopRequested: stopRequestedOn(db),
          checkpoint: job.checkpoint,
          commitChunk,
        });
        if (leaseLost) throw new JobInterrupted('lease-lost');
        await finishCommittedJob(db, job.companyKey, job.jobId, worker, now(), outcome ?? {});
      } else {
        // The job's transaction begins with its first statement: a job that touched no data finishes in one statement.
        const tx = lazyTransaction(db);
        try {
          const noChunks = () => Promise.reject(new Error(`job kind ${job.kind} is not chunked`));
          const outcome = await handler.run({
            job,
            tx: tx.handle,
            db,
            now,
            stopRequested: stopRequestedOn(tx.handle),
            checkpoint: null,
            commitChunk: noChunks,
          });
          if (leaseLost) throw new JobInterrupted('lease-lost');
          await tx.commit(
            (open) => finishJob(open, job.companyKey, job.jobId, worker, now(), outcome ?? {}),
            () => finishCommittedJob(db, job.companyKey, job.jobId, worker, now(), outcome ?? {}),
          );
        } catch (e) {
          await tx.rollback();
          throw e;
        }
      }
      record('delivered');
    } catch (e) {
      if (e instanceof JobInterrupted) {
        // Lease lost: whoever holds the job now records its outcome. Stop requested: effects rolled back, the job ends
        // Cancelled.
        if (e.reason === 'stop-requested' && (await stopJob(db, job.companyKey, job.jobId, worker, now())))
          record('cancelled');
        return;
      }
      onError(e, job);
      const reason = e instanceof Error ? e.message : String(e);
      const retryAt =
        !(e instanceof PermanentJobError) && job.attempt < job.maxAttempts ? now() + backoff(job.attempt) : null;
      const state = await failJob(db, job.companyKey, job.jobId, worker, now(), reason, retryAt);
      if (state === 'Deferred') record('deferred');
      else if (state === 'Failed') record('failed');
    } finally {
      clearInterval(renew);
      held.delete(key);
    }
  }

  /** Starts claimed jobs while slots are free; a job that ends starts the next at once. */
  function startBuffered(): void {
    while (!stopping && running.size < concurrency && buffer.length > 0) {
      const { job, claimedAt } = buffer.shift()!;
      const run: Promise<void> = runOne(job, claimedAt)
        .catch((e) => onError(e, job))
        .finally(() => {
          running.delete(run);
          startBuffered();
          wake();
        });
      running.add(run);
    }
  }

  /** Takes back expired leases, a batch at a time, at most once per few seconds per pool. */
  async function recoverDue(): Promise<void> {
    if (now() - lastRecovery < Math.min(5000, leaseMs / 2)) return;
    lastRecovery = now();
    for (;;) {
      const n = await recoverExpiredLeases(db, now());
      stats.leasesRecovered += n;
      countLeaseExpiries(n);
      if (n < RECOVERY_BATCH) return;
    }
  }

  /**
   * One claimer per pool: it claims as many jobs as there are free slots in one transaction (all of one company, the
   * fairest), starts them, and claims again at once; it sleeps when nothing could be claimed or too few slots are
   * free, and a job that ends wakes it, since its slot (and its company's lane) is free again.
   */
  async function claimLoop(): Promise<void> {
    let prepared = false;
    while (!stopping) {
      try {
        if (!prepared) {
          await prepareQueue(db);
          prepared = true;
        }
        await recoverDue();
        const room = concurrency + prefetch - running.size - buffer.length;
        // While jobs run, wait until half the room is free: one claim then fills several, instead of one claim per job.
        const busy = running.size + buffer.length > 0;
        if (room <= 0 || (busy && room < Math.ceil((concurrency + prefetch) / 2))) {
          await sleep(pollMs);
          continue;
        }
        const claimedAt = now();
        const jobs = await claimJobs(db, `${base}/${++claims}`, leaseMs, limits, claimedAt, room);
        if (jobs.length === 0) {
          await sleep(pollMs);
          continue;
        }
        stats.claimed += jobs.length;
        for (const job of jobs) buffer.push({ job, claimedAt });
        startBuffered();
      } catch (e) {
        onError(e, null);
        if (!stopping) await sleep(pollMs);
      }
    }
    while (running.size > 0) await Promise.all([...running]);
  }

  const concurrency = Math.max(0, options.concurrency);
  const claimer = concurrency > 0 ? claimLoop() : Promise.resolve();
  let stopped: Promise<void> | null = null;
  return {
    stats,
    stop(graceMs = leaseMs / 2) {
      stopped ??= (async () => {
        stopping = true;
        wake();
        // Claimed but never started: back to the queue at once, their attempt not counted.
        for (const { job } of buffer.splice(0))
          await releaseJob(db, job.companyKey, job.jobId, job.owner).catch((e) => onError(e, job));
        const timedOut = await Promise.race([
          claimer.then(() => false),
          new Promise<boolean>((r) => setTimeout(() => r(true), graceMs).unref()),
        ]);
        // A claim that was under way when stop() began lands in the buffer after the release above.
        for (const { job } of buffer.splice(0))
          await releaseJob(db, job.companyKey, job.jobId, job.owner).catch((e) => onError(e, job));
        if (timedOut) {
          for (const job of held.values())
            await releaseJob(db, job.companyKey, job.jobId, job.owner).catch((e) => onError(e, job));
        }
      })();
      return stopped;
    },
  };
}
