// The emulator's admin API under /ledgerq/admin: one bearer-token check, then the route groups of each control.

import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Catalog } from '../../catalog/catalog.ts';
import type { Database } from '../../store/database.ts';
import type { EmulatorControls } from '../../emulator/emulator-controls.ts';
import { ADMIN_ROUTES } from './admin-routes.ts';

export const ADMIN_PREFIX = '/ledgerq/admin';

export interface AdminContext {
  readonly db: Database;
  readonly catalog: Catalog;
  /** Requests must send `Authorization: Bearer <token>`; null disables the admin API. */
  readonly token: string | null;
  /** The request path's limits and faults: told to re-read after a change, so this process applies it at once. */
  readonly controls?: EmulatorControls;
}

/** A group of admin routes, registered inside the token-checked scope (paths relative to ADMIN_PREFIX). */
export type AdminRoutes = (scope: FastifyInstance, ctx: AdminContext) => void;

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function registerAdminApi(
  app: FastifyInstance,
  ctx: AdminContext,
  routes: readonly AdminRoutes[] = ADMIN_ROUTES,
): void {
  app.register(
    async (scope) => {
      scope.addHook('onRequest', async (req, reply) => {
        if (ctx.token === null) {
          return reply
            .code(503)
            .send({ error: 'admin.disabled', message: 'the admin API is disabled on this server (no admin token)' });
        }
        const m = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
        if (!m || !sameToken(m[1]!, ctx.token)) {
          return reply.code(401).send({
            error: 'admin.unauthorized',
            message:
              'send Authorization: Bearer <admin token> (LEDGERQ_ADMIN_TOKEN, or the token the server printed at start)',
          });
        }
      });
      for (const add of routes) add(scope, ctx);
    },
    { prefix: ADMIN_PREFIX },
  );
}
