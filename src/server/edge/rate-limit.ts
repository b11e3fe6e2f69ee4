// Per-caller request limit of the REST API: a fixed one-minute window per (client, company, user), answered with 429
// and Retry-After.

import { LedgerqError } from '../../errors.ts';

/** What the edge counts each admitted request with: throws (or rejects with) limit.rate past the allowance. */
export interface RateCounter {
  take(caller: string): void | Promise<void>;
}

/** The refusal of a caller whose allowance is spent until `retryAfter` seconds from now. */
export function rateRefusal(perMinute: number, retryAfter: number): LedgerqError {
  return new LedgerqError('limit.rate', `more than ${perMinute} requests in a minute; retry after ${retryAfter} s`, {
    retryAfter,
  });
}

/**
 * Counted in memory, not in the database: a limit exists to shed load cheaply, and a database round trip per request
 * would cost more than the queries it protects. The processes of one `serve --processes N` count in their primary
 * (process-rate-limit.ts); with separate servers behind a balancer a caller gets up to N times the limit (README).
 */
export class RateLimiter implements RateCounter {
  private windowStart = 0;
  private readonly counts = new Map<string, number>();

  /** `perMinute` ≤ 0 turns the limit off. */
  constructor(
    readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one request of `caller`; throws limit.rate when the window's allowance is spent. */
  take(caller: string): void {
    const retryAfter = this.count(caller);
    if (retryAfter !== null) throw rateRefusal(this.perMinute, retryAfter);
  }

  /** Counts one request of `caller`: null when it is within the allowance, else the seconds until the window ends. */
  count(caller: string): number | null {
    if (this.perMinute <= 0) return null;
    const t = this.now();
    if (t - this.windowStart >= 60_000) {
      this.windowStart = t - (t % 60_000);
      this.counts.clear();
    }
    const n = (this.counts.get(caller) ?? 0) + 1;
    this.counts.set(caller, n);
    if (n <= this.perMinute) return null;
    return Math.max(1, Math.ceil((this.windowStart + 60_000 - t) / 1000));
  }
}
