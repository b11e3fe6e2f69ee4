// `ledgerq serve --processes N`: a primary that prepares the database once, runs the job workers, and forks N server
// processes sharing one listening port (node:cluster); each worker process serves HTTP over the same database.

import cluster, { type Worker } from 'node:cluster';
import type { Logger } from 'pino';
import { buildCatalog } from '../catalog/catalog.ts';
import type { Config } from '../app/config.ts';
import { startJobWorkers } from '../jobs/run-workers.ts';
import type { Progress } from '../progress.ts';
import { openDatabase } from '../store/open.ts';
import { rateLimitFromEnv } from './app.ts';
import { RateLimiter } from './edge/rate-limit.ts';
import { PrimaryChannel, PrimaryRateCounter } from './process-channel.ts';
import {
  isLedgerqMessage,
  PROCESS_SETTINGS_ENV,
  type ProcessSettings,
  type ToPrimary,
  type ToWorker,
} from './process-messages.ts';
import { type AdminTokenInfo, adminTokenOf, forgetToken, prepareDatabase, startServer } from './serve.ts';

/** True in a process forked by `serve --processes N`'s primary. */
export function isServeWorker(): boolean {
  return cluster.isWorker && process.env[PROCESS_SETTINGS_ENV] !== undefined;
}

export interface PrimaryOptions {
  readonly processes: number;
  readonly seedDemo: boolean;
  readonly demoSeed: number;
  /** Job workers, run in the primary: one set for the whole server, as with one process. */
  readonly workers: number;
  readonly logger: Logger;
  readonly progress?: Progress;
}

/** What the primary knows once every worker listens: enough for the banner. */
export interface ProcessGroup {
  readonly url: string;
  readonly db: { readonly displayUrl: string };
  readonly seeded: boolean;
  readonly admin: AdminTokenInfo;
  readonly pids: () => readonly number[];
}

/** A worker that dies within this long of its start counts as a failed start; the backoff doubles per failed start. */
const HEALTHY_AFTER_MS = 10_000;
const RESTART_MIN_MS = 100;
const RESTART_MAX_MS = 10_000;
/** How long the primary waits for workers to finish their requests on a stop, and for siblings to flush. */
const STOP_GRACE_MS = 30_000;
const FLUSH_WAIT_MS = 5_000;

/**
 * Starts the primary: migrates and seeds once, forks `processes` workers and resolves once all listen. Workers that die
 * later are replaced (after a backoff while they keep dying at start); SIGINT/SIGTERM stop the workers (each finishes
 * its requests and writes its buffers), then the job workers, then the database.
 */
export async function startPrimary(config: Config, o: PrimaryOptions): Promise<ProcessGroup> {
  const catalog = buildCatalog(config.custom);
  const db = await openDatabase(config.db);
  let seeded: boolean;
  let admin: AdminTokenInfo;
  try {
    seeded = await prepareDatabase(db, catalog, o);
    admin = adminTokenOf(config, {});
  } catch (e) {
    await db.close().catch(() => {});
    throw e;
  }
  const jobs = startJobWorkers(db, catalog, o.workers, o.logger);
  const limiter = new RateLimiter(rateLimitFromEnv());
  const log = o.logger;
  let port = config.port;
  let url = '';
  let stopping = false;
  let failedStarts = 0;
  const restarts = new Set<NodeJS.Timeout>();
  const listening = new Set<Worker>();
  let started!: () => void;
  let failed!: (e: Error) => void;
  const ready = new Promise<void>((resolve, reject) => {
    started = resolve;
    failed = reject;
  });
  let isStarted = false;
  /** Flush requests sent to workers: the workers still to answer, and what to do when none is left. */
  const flushes = new Map<number, { left: Set<Worker>; done: () => void }>();
  let flushId = 0;

  const send = (w: Worker, m: ToWorker) => {
    if (w.isConnected()) w.send(m);
  };

  const flushOthers = (asker: Worker, re: number) => {
    const id = ++flushId;
    const left = new Set([...listening].filter((w) => w !== asker));
    const done = () => {
      if (!flushes.delete(id)) return;
      clearTimeout(timer);
      send(asker, { type: 'lq.answer', re });
    };
    const timer = setTimeout(done, FLUSH_WAIT_MS);
    flushes.set(id, { left, done });
    if (left.size === 0) return done();
    for (const w of left) send(w, { type: 'lq.flush-buffers', id });
  };

  const flushAnswered = (w: Worker, id: number) => {
    const f = flushes.get(id);
    if (!f) return;
    f.left.delete(w);
    if (f.left.size === 0) f.done();
  };

  const onMessage = (w: Worker, m: unknown) => {
    if (!isLedgerqMessage(m)) return;
    const msg = m as ToPrimary;
    switch (msg.type) {
      case 'lq.listening':
        listening.add(w);
        url = msg.url;
        port = Number(new URL(msg.url).port) || port;
        if (!isStarted && listening.size === o.processes) {
          isStarted = true;
          started();
        }
        return;
      case 'lq.failed':
        if (!isStarted) failed(new Error(msg.message));
        else log.error(`server process ${w.process.pid} could not start: ${msg.message}`);
        return;
      case 'lq.rate':
        send(w, { type: 'lq.answer', re: msg.id, retryAfter: limiter.count(msg.caller) });
        return;
      case 'lq.flush':
        flushOthers(w, msg.id);
        return;
      case 'lq.answer':
        flushAnswered(w, msg.re);
        return;
    }
  };

  const fork = () => {
    // Port 0 is shared while a worker holds the cluster's handle for it (the same key); a replacement asking for the
    // port it resolved to would make the primary bind a second socket there (EADDRINUSE). With none left, the port
    // the first workers got is asked for again, so the ready file's URL stays right.
    const settings: ProcessSettings = { adminToken: admin.token, port: listening.size > 0 ? config.port : port };
    const w = cluster.fork({ [PROCESS_SETTINGS_ENV]: JSON.stringify(settings) });
    const born = Date.now();
    w.on('message', (m: unknown) => onMessage(w, m));
    w.on('exit', (code, signal) => {
      listening.delete(w);
      for (const [id] of flushes) flushAnswered(w, id);
      if (stopping) return;
      const how = signal ? `signal ${signal}` : `code ${code}`;
      if (!isStarted) {
        failed(new Error(`a server process exited at start (${how})`));
        return;
      }
      failedStarts = Date.now() - born < HEALTHY_AFTER_MS ? failedStarts + 1 : 0;
      const delay = Math.min(RESTART_MAX_MS, RESTART_MIN_MS * 2 ** failedStarts);
      log.warn(`server process ${w.process.pid} exited (${how}); starting another in ${delay} ms`);
      const t = setTimeout(() => {
        restarts.delete(t);
        if (!stopping) fork();
      }, delay);
      restarts.add(t);
    });
  };

  const stopWorkers = async () => {
    stopping = true;
    for (const t of restarts) clearTimeout(t);
    const live = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined && !w.isDead());
    await Promise.all(
      live.map(
        (w) =>
          new Promise<void>((resolve) => {
            const kill = setTimeout(() => w.process.kill('SIGKILL'), STOP_GRACE_MS);
            w.once('exit', () => {
              clearTimeout(kill);
              resolve();
            });
            send(w, { type: 'lq.stop' });
          }),
      ),
    );
  };

  const closeAll = async () => {
    await stopWorkers();
    await jobs?.stop();
    await db.close();
    forgetToken(admin);
  };

  for (let i = 0; i < o.processes; i++) fork();
  try {
    await ready;
  } catch (e) {
    await closeAll().catch(() => {});
    throw e;
  }

  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      log.info(`${signal} again: exiting now`);
      for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGKILL');
      process.exit(1);
    }
    log.info(`${signal}: stopping the server processes (each finishes its requests in flight), then the database`);
    closeAll().then(
      () => {
        log.info('stopped');
        process.exit(0);
      },
      (e) => {
        log.error(`shutdown failed: ${(e as Error).message}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  return {
    url,
    db,
    seeded,
    admin,
    pids: () => [...listening].map((w) => w.process.pid ?? 0),
  };
}

/**
 * A worker of the primary: serves HTTP on the shared port, without migrating, seeding or running jobs (the primary
 * does), counting the rate limit in the primary. Stops on the primary's word or on its own SIGTERM; Ctrl-C's SIGINT,
 * sent to the whole terminal group, is left to the primary.
 */
export async function startServeWorker(config: Config, logger: Logger): Promise<void> {
  const settings = JSON.parse(process.env[PROCESS_SETTINGS_ENV] ?? '{}') as ProcessSettings;
  const channel = new PrimaryChannel();
  process.on('SIGINT', () => {});
  const perMinute = rateLimitFromEnv();
  let server: Awaited<ReturnType<typeof startServer>>;
  try {
    server = await startServer(
      { ...config, port: settings.port },
      {
        migrate: false,
        seedDemo: false,
        workers: 0,
        adminToken: settings.adminToken,
        logger,
        ...(perMinute > 0 ? { rateLimiter: new PrimaryRateCounter(perMinute, channel) } : {}),
      },
    );
  } catch (e) {
    channel.send({ type: 'lq.failed', message: (e as Error).message }, () => process.exit(1));
    return;
  }
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    server.close().then(
      () => process.exit(0),
      (e) => {
        logger.error(`shutdown failed: ${(e as Error).message}`);
        process.exit(1);
      },
    );
  };
  channel.serve(server.db, stop);
  process.on('SIGTERM', stop);
  channel.send({ type: 'lq.listening', url: server.url });
}
