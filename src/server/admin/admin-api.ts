// The emulator's admin API under /ledgerq/admin: one bearer-token check, then the route groups of each control.

import type { FastifyInstance } from 'fastify';
import type { EdgeRoute } from '../edge/edge-state.ts';
import type { AdminContext, AdminRoutes } from './admin-context.ts';
import { ADMIN_ROUTES } from './admin-routes.ts';

export const ADMIN_PREFIX = '/ledgerq/admin';

/** Every admin route: the edge checks the admin token; no company, limits or faults apply to the controls. */
const ADMIN_ROUTE: EdgeRoute = { auth: 'admin', errors: 'json', operation: 'admin' };

export function registerAdminApi(
  app: FastifyInstance,
  ctx: AdminContext,
  routes: readonly AdminRoutes[] = ADMIN_ROUTES,
): void {
  app.register(
    async (scope) => {
      scope.addHook('onRoute', (route) => {
        route.config = { ...route.config, edge: ADMIN_ROUTE };
      });
      for (const add of routes) add(scope, ctx);
    },
    { prefix: ADMIN_PREFIX },
  );
}
