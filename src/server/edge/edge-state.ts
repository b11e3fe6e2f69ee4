// What the edge knows of a request as it goes: the route's kind, the caller, the limits and fault that apply, and what
// the meter and journal record. One object per request (req.lq), never a module-level map.

import type { RequestLimits } from '../../emulator/limit-settings.ts';
import type { Principal } from './principal.ts';

/**
 * How a route authenticates, which decides what the edge does before its handler:
 * - `token`: a REST bearer token; the edge builds the principal, narrows it to X-IA-API-Param-Entity and admits it.
 * - `xml`: the XML gateway, which signs in from the request body and asks the edge to admit the caller itself.
 * - `credentials`: the caller proves itself in the body (OAuth2 token endpoints, console sign-in); faults apply.
 * - `admin`: the emulator's admin token; no company, no limits, no faults (the controls must stay reachable).
 * - `public`: health, the OpenAPI document and the console's static files; nothing applies.
 */
export type RouteAuth = 'token' | 'xml' | 'credentials' | 'admin' | 'public';

/** Which wire shape the route answers errors in: the gateway's XML, or the REST API's `ia::error` JSON. */
export type ErrorShape = 'xml' | 'json';

export interface EdgeRoute {
  readonly auth: RouteAuth;
  readonly errors: ErrorShape;
  /** The operation for fault rules, the meter and the journal (`rest:query`, `jobs:export`); XML names its functions. */
  readonly operation: string;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** How the edge treats this route; routes without it are public. */
    edge?: EdgeRoute;
  }
  interface FastifyRequest {
    /** Set by the edge's onRequest hook on every request. */
    lq: EdgeState;
  }
}

export const PUBLIC_ROUTE: EdgeRoute = { auth: 'public', errors: 'json', operation: 'public' };

export class EdgeState {
  /** `xml:readByQuery,create`, `rest:query`, `jobs:report`, once known. */
  operation: string;
  /** Who the request acts as, once signed in. */
  principal: Principal | null = null;
  /** The company ID, as soon as the credentials name one (a failed sign-in too), for the journal. */
  companyId: string | null = null;
  /** The company's limits, once admitted; null means Intacct's defaults. */
  limits: RequestLimits | null = null;
  /** The fault rules that fired, for the journal. */
  fault: { readonly id: string; readonly description: string } | null = null;
  /** Bytes per second of a slowed answer body, when a rule asked for one. */
  slowBody: number | null = null;
  /** API transactions to meter by operation, decided by the protocol (XML functions, a REST batch's queries). */
  transactions: Map<string, number> | null = null;
  /** Gives a held concurrency slot back (once); set while one is held. */
  release: (() => Promise<void>) | null = null;
  /** The principal was admitted (limits, slot, faults), so a second admission is a no-op. */
  admitted = false;
  readonly startedAt = Date.now();
  /** What the journal kept of the answer as it went out: its head, its length and the time it took. */
  sent: { readonly body: { readonly head: string; readonly length: number }; readonly durationMs: number } | null =
    null;

  constructor(readonly route: EdgeRoute) {
    this.operation = route.operation;
  }
}
