// Whether the edge lets a signed-in request through: the rate limit, the company's limits and concurrency slot, then
// the fault rules that match. The answer is a decision; each wire shape renders it (xml-gateway.ts, edge-plugin.ts).

import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { acquireSlot, type HeldSlot, releaseSlot } from '../../emulator/concurrency-slots.ts';
import { type EmulatorControls, NO_FAULT, type RequestFacts } from '../../emulator/emulator-controls.ts';
import { describeRule, type FaultEffect } from '../../emulator/fault-rules.ts';
import { LedgerqError } from '../../errors.ts';
import type { Principal } from './principal.ts';
import type { RateCounter } from './rate-limit.ts';

/** An injected error: Intacct's number and text, at the level the rule names. */
export type InjectedError = Extract<FaultEffect, { kind: 'error' }>;

export type Admission =
  | { readonly kind: 'pass' }
  /** Refused by ledgerq's own rules (rate or concurrency limit): a registered error. */
  | { readonly kind: 'refuse'; readonly error: LedgerqError }
  /** A fault rule's Intacct error. */
  | { readonly kind: 'inject'; readonly error: InjectedError }
  /** A fault rule's HTTP answer (a CDN's 5xx page, an empty 429). */
  | { readonly kind: 'answer'; readonly status: number; readonly contentType: string; readonly body: string }
  /** A fault rule dropped the connection: nothing is sent. */
  | { readonly kind: 'drop' };

const PASS: Admission = { kind: 'pass' };

/** The description Intacct's gateway gives a request over the company's concurrency limit. */
export function rateLimitDescription(limit: number): string {
  return `Rate limit exceeded: this company may have ${limit} request${limit === 1 ? '' : 's'} in flight at once. Retry after the current requests finish.`;
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
  const why =
    status === 524 || status === 522
      ? 'The origin web server did not answer in time.'
      : 'The origin web server could not be reached.';
  return {
    contentType: 'text/html; charset=UTF-8',
    body: `<!DOCTYPE html>\n<html lang="en-US"><head><title>${title}</title></head><body><h1>Error ${status}</h1><p>${CDN_TITLES[status] ?? 'Error'}</p><p>${why}</p></body></html>\n`,
  };
}

export class Admissions {
  constructor(
    readonly controls: EmulatorControls,
    readonly limiter: RateCounter,
  ) {}

  /**
   * Admits `principal` for this request, once: counts it against the rate limit, takes a concurrency slot when the
   * company has a limit (given back just before the answer goes out), then applies the fault rules that match `facts`.
   * `offline` requests are queued rather than run here: they take no slot and no fault.
   */
  async admit(
    req: FastifyRequest,
    reply: FastifyReply,
    principal: Principal,
    facts: Omit<RequestFacts, 'company'>,
    offline = false,
  ): Promise<Admission> {
    const s = req.lq;
    if (s.admitted) return PASS;
    s.admitted = true;
    s.principal = principal;
    s.companyId = principal.company.companyId;
    try {
      await this.limiter.take(principal.caller);
    } catch (e) {
      if (e instanceof LedgerqError) return { kind: 'refuse', error: e };
      throw e;
    }
    const limits = await this.controls.limitsFor(principal.company.key);
    s.limits = limits;
    if (offline) return PASS;
    if (limits.concurrency !== null) {
      const slot = await acquireSlot(this.controls.db, principal.company.key, limits.concurrency);
      if (!slot) {
        return {
          kind: 'refuse',
          error: new LedgerqError('limit.concurrency', rateLimitDescription(limits.concurrency), { retryAfter: 1 }),
        };
      }
      this.releaseWhenDone(req, reply, slot);
    }
    return this.applyFaults(req, { ...facts, company: principal.company.companyId });
  }

  /** The fault rules alone, for routes whose caller proves itself in the body (the OAuth2 token endpoints). */
  async applyFaults(req: FastifyRequest, facts: RequestFacts): Promise<Admission> {
    if (!(await this.controls.hasRules())) return PASS;
    const d = await this.controls.decideFaults(facts);
    if (d === NO_FAULT) return PASS;
    if (d.fired.length > 0) {
      req.lq.fault = { id: d.fired.map((r) => r.id).join(','), description: d.fired.map(describeRule).join('; ') };
    }
    if (d.delayMs > 0) await sleep(d.delayMs);
    if (d.slowBodyBytesPerSecond !== null) req.lq.slowBody = d.slowBodyBytesPerSecond;
    const e = d.outcome;
    if (e === null) return PASS;
    switch (e.kind) {
      case 'error':
        return { kind: 'inject', error: e };
      case 'drop':
        return { kind: 'drop' };
      case 'status': {
        // A 429 is the gateway's own rate-limit answer; the 5xx come from the CDN in front of it.
        if (e.status === 429 && e.body === 'empty') {
          const limit = req.lq.limits?.concurrency ?? 2;
          return {
            kind: 'refuse',
            error: new LedgerqError('limit.rate', rateLimitDescription(limit), { retryAfter: 1 }),
          };
        }
        const a = cdnAnswer(e.status, e.body, req.hostname);
        return { kind: 'answer', status: e.status, contentType: a.contentType, body: a.body };
      }
    }
  }

  /**
   * Frees the slot just before the answer is sent (the edge's onSend hook), so a client that sends its next request
   * on receiving this answer never finds its own slot still held; a connection closed without an answer (a drop)
   * frees it on close.
   */
  private releaseWhenDone(req: FastifyRequest, reply: FastifyReply, slot: HeldSlot): void {
    let done: Promise<void> | null = null;
    const release = () =>
      (done ??= releaseSlot(this.controls.db, slot).catch((err: unknown) =>
        reply.log.warn({ err }, 'could not release a concurrency slot; it expires by itself'),
      ));
    req.lq.release = release;
    reply.raw.once('close', () => void release());
  }
}
