// The one HTTP edge: every route declares how it authenticates and in which shape it answers errors, and these hooks
// build the principal, admit it (entity, rate limit, concurrency, faults), meter and journal it, and render every error.

import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { EmulatorControls } from '../../emulator/emulator-controls.ts';
import { LedgerqError } from '../../errors.ts';
import { renderInjectedRestError, renderRestError } from '../../protocols/rest/rest-error.ts';
import { gatewayFailureXml } from '../../protocols/xml/error-xml.ts';
import type { Database } from '../../store/database.ts';
import { type Admission, Admissions, type InjectedError } from './admission.ts';
import { EdgeState, PUBLIC_ROUTE } from './edge-state.ts';
import { registerJournal } from './journal.ts';
import { registerMeter } from './meter.ts';
import { requireAdminToken, tokenPrincipal } from './principal.ts';
import { type RateCounter, RateLimiter } from './rate-limit.ts';

export interface EdgeOptions {
  readonly db: Database;
  readonly controls: EmulatorControls;
  /** Requests per minute per caller (client or sender, company, user); 0 = no limit. Default 6000. */
  readonly rateLimitPerMinute: number;
  /** Counts requests in place of a limiter of this edge's own (`serve --processes N`: one count in the primary). */
  readonly rateLimiter?: RateCounter;
  /** The admin token the admin API and /metrics require; null disables them. */
  readonly adminToken: string | null;
}

/** An injected Intacct error on a JSON route: thrown by the edge, rendered by the error handler in the REST shape. */
class InjectedRestError extends Error {
  constructor(readonly injected: InjectedError) {
    super(injected.description);
    this.name = 'InjectedRestError';
  }
}

/** The REST operation a route's path and method name, for fault rules: `/objects/ap/bill` + GET is `list`. */
function faultFacts(req: FastifyRequest): { operations: string[]; path: string; objects: string[] } {
  const path = req.url.split('?')[0]!.replace(/^\/ia\/api\/v1(?=\/)/, '');
  const [, operation] = /^[a-z]+:(.*)$/.exec(req.lq.operation) ?? [];
  return { operations: [operation ?? req.lq.operation], path, objects: requestObjects(path, req.body) };
}

function requestObjects(path: string, body: unknown): string[] {
  const m = /^\/objects\/([^/]+\/[^/]+)/.exec(path);
  if (m) return [decodeURIComponent(m[1]!)];
  if (typeof body !== 'string' || body.trim() === '') return [];
  try {
    const parsed = JSON.parse(body) as unknown;
    const items = Array.isArray(parsed) ? parsed : [parsed];
    return items
      .map((q) =>
        q && typeof q === 'object' && typeof (q as { object?: unknown }).object === 'string'
          ? (q as { object: string }).object
          : '',
      )
      .filter(Boolean);
  } catch {
    return [];
  }
}

/** Sends a non-pass admission on a JSON route (a refusal or an injected error is thrown, for the error handler). */
function answerJson(a: Exclude<Admission, { kind: 'pass' }>, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  switch (a.kind) {
    case 'refuse':
      throw a.error;
    case 'inject':
      throw new InjectedRestError(a.error);
    case 'answer':
      return reply.code(a.status).type(a.contentType).send(a.body);
    case 'drop':
      reply.hijack();
      req.raw.socket?.destroy();
      return reply;
  }
}

/** A body sent at `bytesPerSecond`, in tenths of a second. */
function slowly(payload: string | Buffer, bytesPerSecond: number): Readable {
  const bytes = typeof payload === 'string' ? Buffer.from(payload) : payload;
  const step = Math.max(1, Math.round(bytesPerSecond / 10));
  return Readable.from(
    (async function* () {
      for (let i = 0; i < bytes.length; i += step) {
        if (i > 0) await sleep(Math.round((1000 * step) / bytesPerSecond));
        yield bytes.subarray(i, i + step);
      }
    })(),
  );
}

function sendJsonError(err: unknown, req: FastifyRequest, reply: FastifyReply): void {
  const r = err instanceof InjectedRestError ? renderInjectedRestError(err.injected) : renderRestError(err);
  if (r.status >= 500) req.log.error({ err }, 'request failed');
  if (r.status === 401) reply.header('www-authenticate', 'Bearer realm="ledgerq"');
  if (r.status === 429) {
    const retry = err instanceof LedgerqError ? Number(err.details.retryAfter ?? 1) : 1;
    reply.header('retry-after', String(retry));
  }
  reply.code(r.status).send(r.body);
}

/** Registers the edge on the root app and returns the admissions the XML gateway asks after its own sign-in. */
export function registerEdge(app: FastifyInstance, opts: EdgeOptions): Admissions {
  const admissions = new Admissions(opts.controls, opts.rateLimiter ?? new RateLimiter(opts.rateLimitPerMinute));
  app.decorateRequest('lq', null as unknown as EdgeState);
  app.addHook('onRequest', async (req) => {
    req.lq = new EdgeState(req.routeOptions.config?.edge ?? PUBLIC_ROUTE);
  });

  // After the body is read (fault rules match the objects a REST body names), before the handler.
  app.addHook('preHandler', async (req, reply) => {
    const { auth } = req.lq.route;
    if (auth === 'token') {
      const principal = await tokenPrincipal(opts.db, req);
      const a = await admissions.admit(req, reply, principal, { protocol: 'rest', ...faultFacts(req) });
      if (a.kind !== 'pass') return answerJson(a, req, reply);
    } else if (auth === 'admin') {
      requireAdminToken(req, opts.adminToken);
    } else if (auth === 'credentials') {
      const a = await admissions.applyFaults(req, { protocol: 'rest', company: '', ...faultFacts(req) });
      if (a.kind !== 'pass') return answerJson(a, req, reply);
    }
  });

  app.addHook('onSend', async (req, reply, payload) => {
    const s = req.lq;
    if (!s) return payload;
    if (s.release) await s.release();
    const bps = s.slowBody;
    if (!bps || (typeof payload !== 'string' && !Buffer.isBuffer(payload))) return payload;
    reply.removeHeader('content-length');
    return slowly(payload, bps);
  });
  registerMeter(app, opts.db);
  registerJournal(app, { db: opts.db });

  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split('?')[0]!;
    sendJsonError(
      new LedgerqError(
        'bind.unknown-record',
        `${req.method} ${path} is not an endpoint of ${path.startsWith('/ia/api/v1/') ? 'the REST API' : 'ledgerq'}`,
        { field: path },
      ),
      req,
      reply,
    );
  });

  app.setErrorHandler((err, req, reply) => {
    // Even a failure of the HTTP layer reaches an SDK as an Intacct answer: a 5xx would make it retry for 31 s
    // (protocol §1.3).
    if ((req.lq?.route.errors ?? 'json') === 'xml') {
      req.log.error({ err }, 'xml gateway request failed');
      reply.code(200).type('text/xml; charset=UTF-8').send(gatewayFailureXml(err));
      return;
    }
    sendJsonError(err, req, reply);
  });
  return admissions;
}
