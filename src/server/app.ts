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
import { registerAdminApi } from './admin/admin-api.ts';

export interface AppContext {
  readonly db: Database;
  readonly catalog: Catalog;
  readonly bodyLimit: number;
  readonly logger?: Logger | false;
  /** REST API settings (rate limit, token lifetimes); defaults suit a demo. */
  readonly rest?: RestApiOptions;
  /** Bearer token of the admin API (/ledgerq/admin); null or absent disables it. */
  readonly adminToken?: string | null;
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

  registerRestApi(app, ctx, ctx.rest);
  registerXmlGateway(app, { db: ctx.db, catalog: ctx.catalog, bodyLimit: ctx.bodyLimit });
  registerCallbackReceiver(app, ctx.db);
  registerAdminApi(app, { db: ctx.db, catalog: ctx.catalog, token: ctx.adminToken ?? null });

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
    reply.code(status).send({ error: status === 500 ? 'internal' : (err.code ?? 'bad request'), message: status === 500 ? 'internal error' : err.message });
  });

  return app;
}
