// Per-caller request limit of the REST API: a fixed one-minute window per (client, company, user), answered with 429
// and Retry-After.

import { LedgerqError } from '../../errors.ts';

/**
 * Counted in this process's memory, not in the database: a limit exists to
 * shed load cheaply, and a database round trip per request would cost more
 * than the queries it protects. With N processes behind a balancer a caller
 * gets up to N times the limit; the README says so.
 */
export class RateLimiter {
  private windowStart = 0;
  private readonly counts = new Map<string, number>();

  /** `perMinute` ≤ 0 turns the limit off. */
  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one request of `caller`; throws limit.rate when the window's allowance is spent. */
  take(caller: string): void {
    if (this.perMinute <= 0) return;
    const t = this.now();
    if (t - this.windowStart >= 60_000) {
      this.windowStart = t - (t % 60_000);
      this.counts.clear();
    }
    const n = (this.counts.get(caller) ?? 0) + 1;
    this.counts.set(caller, n);
    if (n > this.perMinute) {
      const retryAfter = Math.max(1, Math.ceil((this.windowStart + 60_000 - t) / 1000));
      throw new LedgerqError(
        'limit.rate',
        `more than ${this.perMinute} requests in a minute; retry after ${retryAfter} s`,
        { retryAfter },
      );
    }
  }
}
