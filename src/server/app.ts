// The HTTP application: the edge (auth, limits, faults, meter, journal, errors) and the route groups. buildApp never
// listens, so tests can inject requests.

import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import type { Logger } from 'pino';
import type { Catalog } from '../catalog/catalog.ts';
import { attachSignInCache, detachSignInCache, SIGN_IN_WATCHED, SignInCache } from '../auth/sign-in-cache.ts';
import { CONTROLS_WATCHED, EmulatorControls } from '../emulator/emulator-controls.ts';
import type { LimitDefaults } from '../emulator/limit-settings.ts';
import type { Database } from '../store/database.ts';
import { sql } from '../store/sql.ts';
import { watchChanges } from '../store/watch-changes.ts';
import { registerAdminApi } from './admin/admin-api.ts';
import { registerCallbackReceiver } from './callback-receiver.ts';
import { registerConsole } from './console.ts';
import { registerEdge } from './edge/edge-plugin.ts';
import type { RateCounter } from './edge/rate-limit.ts';
import { registerImportRoutes } from './import-routes.ts';
import { registerJobRoutes } from './job-routes.ts';
import { registerMetrics } from './metrics.ts';
import { type RestApiOptions, registerRestApi } from './rest-api.ts';
import { recordRoutes } from './route-table.ts';
import { registerXmlGateway } from './xml-gateway.ts';

/** Requests per minute per caller unless LEDGERQ_RATE_LIMIT (or the older LEDGERQ_REST_RATE_LIMIT) says otherwise. */
export const DEFAULT_RATE_LIMIT = 6000;

export function rateLimitFromEnv(): number {
  const v = process.env.LEDGERQ_RATE_LIMIT ?? process.env.LEDGERQ_REST_RATE_LIMIT;
  return v !== undefined && v !== '' ? Number(v) : DEFAULT_RATE_LIMIT;
}

export interface AppContext {
  readonly db: Database;
  readonly catalog: Catalog;
  readonly bodyLimit: number;
  readonly logger?: Logger | false;
  /** REST API settings (token lifetimes); defaults suit a demo. */
  readonly rest?: RestApiOptions;
  /** Requests per minute per caller on every company route (XML, REST, /jobs, the console's API); 0 = no limit. */
  readonly rateLimitPerMinute?: number;
  /** Where DDS exports submitted over HTTP are written (config exportDir); by default read from the environment and config file. */
  readonly exportDir?: string;
  /** Bearer token of the admin API (/ledgerq/admin); null or absent disables it. */
  readonly adminToken?: string | null;
  /** Limits every company gets unless its own settings say otherwise (ledgerq.config.json `limits`). */
  readonly limits?: LimitDefaults;
  /** The emulator controls' cache, when the caller must invalidate it itself (a library reset replaces the data). */
  readonly controls?: EmulatorControls;
  /** Counts requests against the rate limit instead of a limiter of this app's own (one count across processes). */
  readonly rateLimiter?: RateCounter;
}

export function buildApp(ctx: AppContext): FastifyInstance {
  const app = Fastify({
    loggerInstance: (ctx.logger || undefined) as FastifyBaseLogger | undefined,
    bodyLimit: ctx.bodyLimit,
    // Fastify's own two lines per request give way to one (logRequest below).
    logController: new LogController({ disableRequestLogging: true }),
    // Clients see a plain error shape; internals (stack traces) only reach the log.
    return503OnClosing: true,
  });

  logRequests(app);
  recordRoutes(app);

  app.get('/healthz', async (_req, reply) => {
    try {
      await ctx.db.ping();
      const [row] = await ctx.db.all<{ n: number | string }>(sql`SELECT COUNT(*) AS n FROM lq_company`);
      // pid: which process answered, when several serve one port (`serve --processes N`).
      return { status: 'ok', database: ctx.db.dialect.name, companies: Number(row?.n ?? 0), pid: process.pid };
    } catch (e) {
      reply.code(503);
      return { status: 'unavailable', database: ctx.db.dialect.name, error: (e as Error).message };
    }
  });

  // The edge first: its hooks and error handler wrap every route registered after it.
  const controls = ctx.controls ?? new EmulatorControls(ctx.db, ctx.limits);
  followChanges(app, ctx.db, controls);
  const admissions = registerEdge(app, {
    db: ctx.db,
    controls,
    rateLimitPerMinute: ctx.rateLimitPerMinute ?? rateLimitFromEnv(),
    rateLimiter: ctx.rateLimiter,
    adminToken: ctx.adminToken ?? null,
  });
  registerRestApi(app, ctx, ctx.rest);
  registerXmlGateway(app, { db: ctx.db, catalog: ctx.catalog, bodyLimit: ctx.bodyLimit, admissions });
  registerCallbackReceiver(app, ctx.db);
  registerJobRoutes(app, { db: ctx.db, catalog: ctx.catalog, exportDir: ctx.exportDir });
  registerImportRoutes(app, { db: ctx.db, catalog: ctx.catalog });
  registerConsole(app, { db: ctx.db, catalog: ctx.catalog });
  registerAdminApi(app, { db: ctx.db, catalog: ctx.catalog, controls });
  registerMetrics(app, ctx.db);
  return app;
}

/**
 * The process's sign-in cache and the emulator controls, trusted while the change signal over their tables stays put
 * (docs/PERFORMANCE.md, "Sign-in cache"). The signal starts with the app (triggers installed, PostgreSQL's listener
 * connected) and stops with it; until then every request reads the database.
 */
function followChanges(app: FastifyInstance, db: Database, controls: EmulatorControls): void {
  const cache = new SignInCache();
  attachSignInCache(db, cache);
  controls.follow(() => cache.current());
  app.addHook('onReady', async () => {
    try {
      cache.follow(await watchChanges(db, 'signin', [...SIGN_IN_WATCHED, ...CONTROLS_WATCHED]));
    } catch (err) {
      // A database without the schema (or that refuses triggers) still serves, reading sign-in facts every time.
      app.log.warn({ err }, 'sign-in cache off: the change signal could not start');
    }
  });
  app.addHook('onClose', async () => {
    detachSignInCache(db, cache);
    await cache.close();
  });
}

/** One line per answered request: method, URL, status and milliseconds (the fields repeat it for JSON logs). */
function logRequests(app: FastifyInstance): void {
  app.addHook('onResponse', async (req, reply) => {
    const ms = Math.round(reply.elapsedTime);
    const status = reply.statusCode;
    const fields = { method: req.method, url: req.url, status, ms };
    const line = `${req.method} ${req.url} ${status} ${ms}ms`;
    if (status >= 500) req.log.error(fields, line);
    else req.log.info(fields, line);
  });
}
