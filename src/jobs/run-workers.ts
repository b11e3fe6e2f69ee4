// `ledgerq worker`: a worker pool as its own process, sharing the database (one PostgreSQL for many machines) with the
// servers.

import type { Logger } from 'pino';
import type { Database } from '../store/database.ts';
import type { Catalog } from '../catalog/catalog.ts';
import { jobHandlers } from './job-handlers.ts';
import { startWorkerPool, type WorkerPool } from '../queue/worker-pool.ts';
import { startReportScheduler } from './report-schedules.ts';

/** A pool over the registered job kinds that logs its failures; `concurrency` 0 starts none and returns null. */
export function startJobWorkers(
  db: Database,
  catalog: Catalog,
  concurrency: number,
  logger: Logger | false,
): WorkerPool | null {
  if (concurrency <= 0) return null;
  const logError = (err: unknown) => {
    if (logger) logger.error({ err }, 'job failed with an internal error');
  };
  // LEDGERQ_JOB_LEASE_MS shortens how long a killed process's jobs stay held before another process takes them over
  // (the durability tests kill servers mid-job); the pool's default otherwise.
  const leaseMs = Number(process.env.LEDGERQ_JOB_LEASE_MS) || undefined;
  const pool = startWorkerPool({
    db,
    handlers: jobHandlers({ catalog, logError }),
    concurrency,
    ...(leaseMs ? { leaseMs } : {}),
    onError: (err, job) => {
      if (logger) logger.warn({ err, jobId: job?.jobId }, job ? 'job attempt failed' : 'worker loop error');
    },
  });
  // Wherever jobs run, due report schedules are queued too (each due instant once, however many processes).
  const scheduler = startReportScheduler({
    db,
    onError: (err) => {
      if (logger) logger.warn({ err }, 'report scheduler error');
    },
  });
  return { stats: pool.stats, stop: (graceMs) => scheduler.stop().then(() => pool.stop(graceMs)) };
}

/** Runs until SIGINT/SIGTERM, then stops claiming, lets running jobs finish for a while, and releases the rest. */
export async function runWorkerProcess(
  db: Database,
  catalog: Catalog,
  concurrency: number,
  logger: Logger,
): Promise<void> {
  const pool = startJobWorkers(db, catalog, concurrency, logger);
  logger.info(`${concurrency} job worker(s) on ${db.displayUrl}`);
  await new Promise<void>((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      logger.info(`${signal}: releasing jobs and stopping`);
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await pool?.stop();
  await db.close();
}
