// Where the emulator controls meet a request: the XML gateway's gate after sign-in, the REST caller's entry, and the
// hooks that release slots and slow bodies.

import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Company } from '../auth/tenancy.ts';
import { LedgerqError } from '../errors.ts';
import type { GatewayGate, GateVerdict } from '../protocols/xml/answer-request.ts';
import { renderRestError } from '../protocols/rest/rest-error.ts';
import { childText } from '../protocols/xml/xml-tree.ts';
import { el, textEl } from '../protocols/xml/xml-writer.ts';
import './request-annotations.ts';
import { acquireSlot, releaseSlot, type HeldSlot } from '../emulator/concurrency-slots.ts';
import {
  NO_FAULT,
  type EmulatorControls,
  type FaultDecision,
  type RequestFacts,
} from '../emulator/emulator-controls.ts';
import { describeRule, type FaultEffect } from '../emulator/fault-rules.ts';
import type { RequestLimits } from '../emulator/limit-settings.ts';

const REST_PREFIX = '/ia/api/v1';

/** The description Intacct's gateway gives a request over the company's concurrency limit. */
export function rateLimitDescription(limit: number): string {
  return `Rate limit exceeded: this company may have ${limit} request${limit === 1 ? '' : 's'} in flight at once. Retry after the current requests finish.`;
}

/** Per request: the reply (for REST effects), the slot to release, a slow-body rate, the REST caller's limits. */
interface RequestState {
  readonly reply: FastifyReply;
  entered: boolean;
  slowBody: number | null;
  limits: RequestLimits | null;
  /** Gives the concurrency slot back (once); null when none is held. */
  release: (() => Promise<void>) | null;
}

const states = new WeakMap<FastifyRequest, RequestState>();

/**
 * Frees the slot just before the answer is sent (the onSend hook), so a client
 * that sends its next request on receiving this answer never finds its own slot
 * still held; a connection closed without an answer (a drop) frees it on close.
 */
function releaseWhenDone(controls: EmulatorControls, req: FastifyRequest, reply: FastifyReply, slot: HeldSlot): void {
  let done: Promise<void> | null = null;
  const release = () =>
    (done ??= releaseSlot(controls.db, slot).catch((err: unknown) =>
      reply.log.warn({ err }, 'could not release a concurrency slot; it expires by itself'),
    ));
  stateOf(req, reply).release = release;
  reply.raw.once('close', () => void release());
}

function markFired(req: FastifyRequest, d: FaultDecision): void {
  if (d.fired.length === 0) return;
  req.lqFault = { id: d.fired.map((r) => r.id).join(','), description: d.fired.map(describeRule).join('; ') };
}

const CDN_TITLES: Readonly<Record<number, string>> = {
  500: 'Internal server error',
  502: 'Bad gateway',
  503: 'Service unavailable',
  504: 'Gateway time-out',
  520: 'Web server is returning an unknown error',
  521: 'Web server is down',
  522: 'Connection timed out',
  523: 'Origin is unreachable',
  524: 'A timeout occurred',
};

/** The body and type of an injected HTTP status, as a CDN in front of Intacct sends it. */
export function cdnAnswer(status: number, body: 'empty' | 'html', host: string): { contentType: string; body: string } {
  if (body === 'empty') return { contentType: 'text/plain; charset=UTF-8', body: '' };
  const title = `${host} | ${status}: ${CDN_TITLES[status] ?? 'Error'}`;
  return {
    contentType: 'text/html; charset=UTF-8',
    body:
      `<!DOCTYPE html>\n<html lang="en-US"><head><title>${title}</title></head><body><h1>Error ${status}</h1><p>${CDN_TITLES[status] ?? 'Error'}</p>` +
      `<p>${status === 524 || status === 522 ? 'The origin web server did not answer in time.' : 'The origin web server could not be reached.'}</p></body></html>\n`,
  };
}

function errorMessageXml(errorNo: string, description: string): string {
  return el(
    'errormessage',
    el(
      'error',
      textEl('errorno', errorNo) +
        textEl('description', description) +
        textEl('description2', '') +
        textEl('correction', ''),
    ),
  );
}

/** The XML gateway's gate: the company's limits, a concurrency slot when a limit is on, then the fault rules that match. */
export function xmlGate(controls: EmulatorControls, req: FastifyRequest, reply: FastifyReply): GatewayGate {
  return async ({ company, functions, offline }): Promise<GateVerdict> => {
    const names = functions.map((f) => f.name);
    req.lqOperation = `xml:${names.join(',')}`;
    const limits = await controls.limitsFor(company.key);
    // Offline requests are queued, not run here: they take no slot and no fault.
    if (offline) return { kind: 'pass', limits };
    if (limits.concurrency !== null) {
      const slot = await acquireSlot(controls.db, company.key, limits.concurrency);
      if (!slot)
        return {
          kind: 'refuse',
          level: 'gateway',
          status: 429,
          errorMessage: errorMessageXml('GW-0010', rateLimitDescription(limits.concurrency)),
        };
      releaseWhenDone(controls, req, reply, slot);
    }
    const objects = functions
      .map((f) => (f.element ? childText(f.element, 'object') : undefined))
      .filter((o): o is string => !!o);
    const d = await controls.decideFaults({ protocol: 'xml', operations: names, objects, company: company.companyId });
    if (d === NO_FAULT) return { kind: 'pass', limits };
    markFired(req, d);
    if (d.delayMs > 0) await sleep(d.delayMs);
    if (d.slowBodyBytesPerSecond !== null) stateOf(req, reply).slowBody = d.slowBodyBytesPerSecond;
    const e = d.outcome;
    if (e === null) return { kind: 'pass', limits };
    switch (e.kind) {
      case 'error':
        return {
          kind: 'refuse',
          level: e.level,
          status: e.errorNo.toUpperCase() === 'GW-0010' ? 429 : 200,
          errorMessage: errorMessageXml(e.errorNo, e.description),
        };
      case 'status': {
        // A 429 from Intacct's gateway is its GW-0010 answer; the 5xx come from the CDN in front of it.
        if (e.status === 429 && e.body === 'empty') {
          return {
            kind: 'refuse',
            level: 'gateway',
            status: 429,
            errorMessage: errorMessageXml('GW-0010', rateLimitDescription(limits.concurrency ?? 2)),
          };
        }
        const a = cdnAnswer(e.status, e.body, req.hostname);
        return { kind: 'answer', status: e.status, contentType: a.contentType, body: a.body };
      }
      case 'drop':
        reply.hijack();
        req.raw.socket?.destroy();
        return { kind: 'taken' };
    }
  };
}

function stateOf(req: FastifyRequest, reply: FastifyReply): RequestState {
  let s = states.get(req);
  if (!s) states.set(req, (s = { reply, entered: false, slowBody: null, limits: null, release: null }));
  return s;
}

/** An injected answer the REST error handler sends in place of an error body (see answerInjectedFault). */
export class InjectedAnswer extends Error {
  constructor(
    readonly answer:
      | { readonly kind: 'http'; readonly status: number; readonly contentType: string; readonly body: string }
      | { readonly kind: 'drop' },
  ) {
    super('injected fault');
    this.name = 'InjectedAnswer';
  }
}

/** Sends an injected REST answer; false for any other error, which the handler renders as usual. */
export function answerInjectedFault(err: unknown, req: FastifyRequest, reply: FastifyReply): boolean {
  if (!(err instanceof InjectedAnswer)) return false;
  const a = err.answer;
  if (a.kind === 'drop') {
    reply.hijack();
    req.raw.socket?.destroy();
    return true;
  }
  reply.code(a.status).type(a.contentType).send(a.body);
  return true;
}

/** The REST operation a path and method name: query, model, list, read, create, update, delete. */
export function restOperation(method: string, path: string): string {
  if (path === '/services/core/query') return 'query';
  if (path === '/services/core/model') return 'model';
  const m = /^\/objects\/[^/]+\/[^/]+(\/[^/]+)?$/.exec(path);
  if (m) {
    switch (method) {
      case 'GET':
        return m[1] ? 'read' : 'list';
      case 'POST':
        return 'create';
      case 'PATCH':
        return 'update';
      case 'DELETE':
        return 'delete';
    }
  }
  return path.startsWith('/oauth2/') ? 'token' : 'other';
}

function restObjects(path: string, body: unknown): string[] {
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

function restFault(e: Extract<FaultEffect, { kind: 'error' | 'status' | 'drop' }>, host: string): Error {
  switch (e.kind) {
    case 'drop':
      return new InjectedAnswer({ kind: 'drop' });
    case 'status': {
      if (e.status === 429)
        return new LedgerqError('limit.rate', 'Too many requests: the rate limit was reached; retry after 1 s', {
          retryAfter: 1,
        });
      const a = cdnAnswer(e.status, e.body, host);
      return new InjectedAnswer({ kind: 'http', status: e.status, contentType: a.contentType, body: a.body });
    }
    case 'error': {
      // The REST service's own error body, with the injected number as its errorId.
      const code =
        e.level === 'authentication'
          ? 'auth.invalid-token'
          : e.errorNo.toUpperCase() === 'GW-0010'
            ? 'limit.rate'
            : 'parse.invalid-query';
      const r = renderRestError(new LedgerqError(code, e.description, { retryAfter: 1 }));
      const error = r.body['ia::result']['ia::error'];
      const body = {
        ...r.body,
        'ia::result': {
          'ia::error': { ...error, errorId: e.errorNo, details: error.details.map((d) => ({ ...d, code: e.errorNo })) },
        },
      };
      return new InjectedAnswer({
        kind: 'http',
        status: r.status,
        contentType: 'application/json; charset=utf-8',
        body: JSON.stringify(body),
      });
    }
  }
}

/**
 * Called by the REST caller once the token names the company: the company's
 * limits, a concurrency slot when a limit is on (429 beyond it), then the
 * fault rules that match. Throws what the REST error handler answers.
 */
export async function enterRestRequest(req: FastifyRequest, company: Company): Promise<void> {
  const s = states.get(req);
  const controls = controlsOf.get(req);
  if (!s || !controls || s.entered) return;
  s.entered = true;
  const limits = await controls.limitsFor(company.key);
  s.limits = limits;
  if (limits.concurrency !== null) {
    const slot = await acquireSlot(controls.db, company.key, limits.concurrency);
    if (!slot) throw new LedgerqError('limit.concurrency', rateLimitDescription(limits.concurrency), { retryAfter: 1 });
    releaseWhenDone(controls, req, s.reply, slot);
  }
  if (!(await controls.hasRules())) return;
  const path = req.url.slice(REST_PREFIX.length).split('?')[0]!;
  const facts: RequestFacts = {
    protocol: 'rest',
    operations: [restOperation(req.method, path)],
    path,
    objects: restObjects(path, req.body),
    company: company.companyId,
  };
  const d = await controls.decideFaults(facts);
  if (d === NO_FAULT) return;
  markFired(req, d);
  if (d.delayMs > 0) await sleep(d.delayMs);
  if (d.slowBodyBytesPerSecond !== null) s.slowBody = d.slowBodyBytesPerSecond;
  if (d.outcome !== null) throw restFault(d.outcome, req.hostname);
}

/** The REST caller's page size and IN-list limits, once enterRestRequest ran; undefined means Intacct's defaults. */
export function restLimits(req: FastifyRequest): RequestLimits | undefined {
  return states.get(req)?.limits ?? undefined;
}

/** Each request's controls, set by the root hook (REST routes live in their own Fastify scope). */
const controlsOf = new WeakMap<FastifyRequest, EmulatorControls>();

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

/** Root hooks: remember each REST request's reply for enterRestRequest, and send a slowed body when a rule asked for one. */
export function registerEmulatorHooks(app: FastifyInstance, controls: EmulatorControls): void {
  app.addHook('onRequest', async (req, reply) => {
    if (req.url.startsWith(`${REST_PREFIX}/`)) {
      controlsOf.set(req, controls);
      const path = req.url.slice(REST_PREFIX.length).split('?')[0]!;
      req.lqOperation = `rest:${restOperation(req.method, path)}`;
      stateOf(req, reply);
    }
  });
  app.addHook('onSend', async (req, reply, payload) => {
    const s = states.get(req);
    if (!s) return payload;
    if (s.release) await s.release();
    const bps = s.slowBody;
    if (!bps || (typeof payload !== 'string' && !Buffer.isBuffer(payload))) return payload;
    reply.removeHeader('content-length');
    return slowly(payload, bps);
  });
}
