// The HTTP application: routes and the one error handler. buildApp never listens, so tests can inject requests.

import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Catalog } from '../catalog/catalog.ts';
import { LedgerqError } from '../errors.ts';
import type { Database } from '../store/database.ts';
import { sql } from '../store/sql.ts';
import { registerRestApi, type RestApiOptions } from './rest-api.ts';
import { registerXmlGateway } from './xml-gateway.ts';
import { registerCallbackReceiver } from './callback-receiver.ts';
import { registerJobRoutes } from './job-routes.ts';
import { registerImportRoutes } from './import-routes.ts';
import { registerConsole } from './console.ts';
import { registerAdminApi } from './admin/admin-api.ts';
import { registerMetrics } from './metrics.ts';
import { EmulatorControls } from '../emulator/emulator-controls.ts';
import type { LimitDefaults } from '../emulator/limit-settings.ts';
import { registerEmulatorHooks } from './request-gates.ts';
import { registerRequestJournal } from './journal-plugin.ts';
import { registerRestMeter } from './meter-rest.ts';

export interface AppContext {
  readonly db: Database;
  readonly catalog: Catalog;
  readonly bodyLimit: number;
  readonly logger?: Logger | false;
  /** REST API settings (rate limit, token lifetimes); defaults suit a demo. */
  readonly rest?: RestApiOptions;
  /** Where DDS exports submitted over HTTP are written (config exportDir); by default read from the environment and config file. */
  readonly exportDir?: string;
  /** Bearer token of the admin API (/ledgerq/admin); null or absent disables it. */
  readonly adminToken?: string | null;
  /** Limits every company gets unless its own settings say otherwise (ledgerq.config.json `limits`). */
  readonly limits?: LimitDefaults;
}

export function buildApp(ctx: AppContext): FastifyInstance {
  const app = Fastify({
    loggerInstance: (ctx.logger || undefined) as FastifyBaseLogger | undefined,
    bodyLimit: ctx.bodyLimit,
    // Clients see a plain error shape; internals (stack traces) only reach the log.
    return503OnClosing: true,
  });

  app.get('/healthz', async (_req, reply) => {
    try {
      await ctx.db.ping();
      const [row] = await ctx.db.all<{ n: number | string }>(sql`SELECT COUNT(*) AS n FROM lq_company`);
      return { status: 'ok', database: ctx.db.dialect.name, companies: Number(row?.n ?? 0) };
    } catch (e) {
      reply.code(503);
      return { status: 'unavailable', database: ctx.db.dialect.name, error: (e as Error).message };
    }
  });

  registerRequestJournal(app, { db: ctx.db });
  registerRestMeter(app, ctx.db);
  // Emulator controls (limits, faults): read from the database by every process, applied on each request.
  const controls = new EmulatorControls(ctx.db, ctx.limits);
  registerEmulatorHooks(app, controls);
  registerRestApi(app, ctx, ctx.rest);
  registerXmlGateway(app, { db: ctx.db, catalog: ctx.catalog, bodyLimit: ctx.bodyLimit, controls });
  registerCallbackReceiver(app, ctx.db);
  registerJobRoutes(app, { db: ctx.db, catalog: ctx.catalog, exportDir: ctx.exportDir });
  registerImportRoutes(app, { db: ctx.db, catalog: ctx.catalog });
  registerConsole(app, { db: ctx.db, catalog: ctx.catalog });
  registerAdminApi(app, { db: ctx.db, catalog: ctx.catalog, token: ctx.adminToken ?? null, controls });
  registerMetrics(app, ctx.db);

  app.setNotFoundHandler((req, reply) => {
    reply.code(404).send({ error: 'not found', path: req.url });
  });

  app.setErrorHandler((err: Error & { statusCode?: number; code?: string }, req, reply) => {
    if (err instanceof LedgerqError) {
      reply.code(err.spec.restStatus).send({ error: err.code, message: err.message });
      return;
    }
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    if (status === 500) req.log.error({ err }, 'request failed');
    reply.code(status).send({
      error: status === 500 ? 'internal' : (err.code ?? 'bad request'),
      message: status === 500 ? 'internal error' : err.message,
    });
  });

  return app;
}
