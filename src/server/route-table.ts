// The routes an app serves, as Fastify registered them: recorded by an onRoute hook on the root before any route group,
// so a test can walk every route (the isolation test fails on a route it has no request for) without a hand-kept list.

import type { FastifyInstance, RouteOptions } from 'fastify';
import { type EdgeRoute, PUBLIC_ROUTE } from './edge/edge-state.ts';

export interface RouteEntry {
  readonly method: string;
  /** Fastify's pattern, with its prefix (`/ia/api/v1/objects/:module/:object/:key`). */
  readonly url: string;
  /** How the edge authenticates it; routes without a config are public. */
  readonly edge: EdgeRoute;
}

const tables = new WeakMap<FastifyInstance, RouteOptions[]>();

/** Call before the route groups: hooks added later see only the routes registered after them. */
export function recordRoutes(app: FastifyInstance): void {
  const routes: RouteOptions[] = [];
  tables.set(app, routes);
  app.addHook('onRoute', (route) => {
    routes.push(route);
  });
}

/**
 * Every method and URL the app serves. Read after the app is ready: a route group's own onRoute hook (the admin
 * scope's) may set the edge config after this one saw the route, so the config is read here, not when recorded.
 */
export function routeTable(app: FastifyInstance): RouteEntry[] {
  const out: RouteEntry[] = [];
  for (const r of tables.get(app) ?? []) {
    const methods = Array.isArray(r.method) ? r.method : [r.method];
    const edge = (r.config as { edge?: EdgeRoute } | undefined)?.edge ?? PUBLIC_ROUTE;
    for (const method of methods) out.push({ method, url: r.url, edge });
  }
  return out;
}
