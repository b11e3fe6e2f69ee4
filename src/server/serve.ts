// Starts ledgerq: opens and migrates the database, seeds the demo companies into a new one, listens, and shuts down
// gracefully.

import type { FastifyInstance } from 'fastify';
import pino, { type Logger } from 'pino';
import { signInCacheOf } from '../auth/sign-in-cache.ts';
import { findCompany } from '../auth/tenancy.ts';
import { buildCatalog, type Catalog } from '../catalog/catalog.ts';
import type { Config } from '../app/config.ts';
import type { Progress } from '../progress.ts';
import type { Database } from '../store/database.ts';
import { openDatabase } from '../store/open.ts';
import { buildApp } from './app.ts';
import { EmulatorControls } from '../emulator/emulator-controls.ts';
import { startJobWorkers } from '../jobs/run-workers.ts';
import { adminTokenPath, generateAdminToken, removeAdminToken, writeAdminToken } from '../emulator/admin-token.ts';
import { seedDemo } from '../app/seed.ts';
import { migrateSchema } from '../app/schema.ts';
import type { RateCounter } from './edge/rate-limit.ts';

export interface StartOptions {
  /** Seed the small demo into a database that has no `demo` company (default true). */
  readonly seedDemo?: boolean;
  readonly demoSeed?: number;
  readonly logger?: Logger | false;
  readonly progress?: Progress;
  /** Job workers run in this process (`serve --workers N`); 0, the default here, runs none and jobs wait in the queue. */
  readonly workers?: number;
  /** The admin API's token; absent: config.adminToken, else one generated and written to the token file. null disables the admin API. */
  readonly adminToken?: string | null;
  /** An already open database to serve instead of opening config.db (the library's forks); closed with the server. */
  readonly database?: Database;
  /** Migrate (and seed) before serving (default true); a process of `serve --processes N` leaves it to its primary. */
  readonly migrate?: boolean;
  /** Counts requests against the rate limit in place of this process's own limiter (`serve --processes N`). */
  readonly rateLimiter?: RateCounter;
}

/** Where the admin token came from, for the banner. */
export interface AdminTokenInfo {
  readonly token: string | null;
  /** `generated` tokens are written to `file` (mode 0600) for `ledgerq admin` on this machine. */
  readonly source: 'given' | 'configured' | 'generated' | 'disabled';
  readonly file: string | null;
  /** Why the generated token could not be written, if it could not. */
  readonly fileError: string | null;
}

export interface RunningServer {
  readonly url: string;
  readonly app: FastifyInstance;
  readonly db: Database;
  readonly catalog: Catalog;
  /** True when this start seeded the demo companies. */
  readonly seeded: boolean;
  readonly admin: AdminTokenInfo;
  /**
   * Forgets cached limits, fault rules and sign-in facts, after the data under the server was replaced (a library
   * reset, whose undo runs inside a database function the write count does not see).
   */
  invalidateControls(): void;
  close(): Promise<void>;
}

/** `pretty`: one short line per request, for a terminal; `json`: pino's JSON lines, for files and log collectors. */
export type LogFormat = 'pretty' | 'json';

/** The format when none is asked for: readable on a terminal, JSON lines when stdout is a pipe or a file. */
export function defaultLogFormat(): LogFormat {
  return process.stdout.isTTY ? 'pretty' : 'json';
}

export function createLogger(level: string, format: LogFormat = defaultLogFormat()): Logger {
  if (format === 'json' || level === 'silent') return pino({ level });
  return pino({
    level,
    transport: {
      target: 'pino-pretty',
      options: {
        colorize: true,
        singleLine: true,
        translateTime: 'HH:MM:ss',
        // The request line's message already says method, URL, status and time.
        ignore: 'pid,hostname,reqId,req,res,method,url,status,ms,responseTime',
      },
    },
  });
}

export async function startServer(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  const catalog = buildCatalog(config.custom);
  const db = options.database ?? (await openDatabase(config.db));
  let app: FastifyInstance | undefined;
  let admin: AdminTokenInfo | undefined;
  try {
    const seeded = options.migrate === false ? false : await prepareDatabase(db, catalog, options);
    admin = adminTokenOf(config, options);
    const controls = new EmulatorControls(db, config.limits);
    app = buildApp({
      controls,
      db,
      catalog,
      bodyLimit: config.bodyLimit,
      logger: options.logger ?? false,
      adminToken: admin.token,
      limits: config.limits,
      exportDir: config.exportDir,
      rateLimiter: options.rateLimiter,
    });
    const address = await app.listen({ host: config.host, port: config.port });
    const url = listenUrl(address);
    const server = app;
    const workers = startJobWorkers(db, catalog, options.workers ?? 0, options.logger ?? false);
    let closing: Promise<void> | undefined;
    return {
      url,
      app: server,
      db,
      catalog,
      seeded,
      admin,
      invalidateControls: () => {
        controls.invalidate();
        signInCacheOf(db)?.invalidate();
      },
      close() {
        // In-flight requests finish (Fastify closes the listener first), then the database closes.
        // Workers stop first: they finish or release their jobs while the database is still open.
        closing ??= (workers?.stop() ?? Promise.resolve())
          .then(() => server.close())
          .then(() => db.close())
          .then(() => forgetToken(admin));
        return closing;
      },
    };
  } catch (e) {
    await app?.close().catch(() => {});
    await db.close().catch(() => {});
    forgetToken(admin);
    throw e;
  }
}

/** Migrates the schema and seeds the demo companies into a database without them; true when it seeded. */
export async function prepareDatabase(
  db: Database,
  catalog: Catalog,
  options: Pick<StartOptions, 'seedDemo' | 'demoSeed' | 'progress'>,
): Promise<boolean> {
  await migrateSchema(db, catalog);
  if (options.seedDemo === false || (await findCompany(db, 'demo'))) return false;
  await seedDemo(db, catalog, { size: 'small', seed: options.demoSeed ?? 1, progress: options.progress });
  return true;
}

/** A generated token dies with its server: its file goes too (unless another server wrote its own since). */
export function forgetToken(admin: AdminTokenInfo | undefined): void {
  if (admin?.file && admin.token) removeAdminToken(admin.file, admin.token);
}

export function adminTokenOf(config: Config, options: StartOptions): AdminTokenInfo {
  if (options.adminToken === null) return { token: null, source: 'disabled', file: null, fileError: null };
  if (options.adminToken !== undefined)
    return { token: options.adminToken, source: 'given', file: null, fileError: null };
  if (config.adminToken) return { token: config.adminToken, source: 'configured', file: null, fileError: null };
  const token = generateAdminToken();
  const file = adminTokenPath(config.db);
  const err = writeAdminToken(file, token);
  return { token, source: 'generated', file: err ? null : file, fileError: err ? err.message : null };
}

/** Fastify reports e.g. http://127.0.0.1:54321 or http://[::1]:7070; keep it as the client would type it. */
function listenUrl(address: string): string {
  return address.replace('http://0.0.0.0:', 'http://127.0.0.1:');
}

/** Closes the server on SIGINT/SIGTERM; a second signal exits at once. */
export function closeOnSignals(server: RunningServer, log: (msg: string) => void): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      log(`${signal} again: exiting now`);
      process.exit(1);
    }
    stopping = true;
    log(`${signal}: finishing requests in flight, then closing the database`);
    server.close().then(
      () => {
        log('stopped');
        process.exit(0);
      },
      (e) => {
        log(`shutdown failed: ${(e as Error).message}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
