// How many API transactions Intacct bills for a gateway function or a REST call (the rules and their sources are in
// docs/emulator-state.md).

/** Intacct performance tier 1: the monthly API transactions a subscription includes before overage (RKL eSolutions, "Sage Intacct API limits"). */
export const TIER1_MONTHLY_ALLOWANCE = 100_000;

/** A function of a gateway request as the meter sees it: its element name, its element (for record counts) and how it ended. */
export interface MeteredFunction {
  readonly name: string;
  readonly status: 'success' | 'failure' | 'aborted';
  /** Child elements of the function element: the records of a create or update. */
  readonly recordElements: number;
  /** The `<keys>` text of a generic delete, if any. */
  readonly keysText: string | null;
}

/** Functions that only sign in: Intacct bills the work done, not the session (assumption, see docs). */
const FREE_FUNCTIONS: ReadonlySet<string> = new Set(['getAPISession']);

/**
 * Transactions of one gateway function: each record written counts one (a
 * create of 3 records is 3; a bill's lines ride with their header), every
 * other function call counts one (query, readByQuery, each readMore, read, …).
 * Failed and rolled-back functions count nothing (assumption, see docs).
 */
export function xmlFunctionTransactions(fn: MeteredFunction): number {
  if (fn.status !== 'success' || FREE_FUNCTIONS.has(fn.name)) return 0;
  if (fn.name === 'create' || fn.name === 'update') return Math.max(1, fn.recordElements);
  if (fn.name === 'delete') return Math.max(1, (fn.keysText ?? '').split(',').filter((k) => k.trim() !== '').length);
  return 1;
}

/** REST paths that are not billed: the OAuth2 endpoints and the public API description. */
const FREE_REST_PATH = /\/oauth2\/|\/openapi\.json$/;

/**
 * Transactions of one REST call answered with a success: a query counts one,
 * a batch of N queries N, a read, create, update or delete one.
 */
export function restTransactions(path: string, status: number, body: unknown): number {
  if (status < 200 || status >= 300 || FREE_REST_PATH.test(path)) return 0;
  if (/\/services\/core\/query$/.test(path) && Array.isArray(body)) return body.length;
  return 1;
}

/** `YYYY-MM` of an instant, in UTC (Intacct bills calendar months). */
export function monthOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 7);
}

/** Fraction of the month `YYYY-MM` elapsed at `now` (1 for a past month). */
export function elapsedFraction(month: string, now: number): number {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const start = Date.UTC(y, m - 1, 1);
  const end = Date.UTC(y, m, 1);
  if (now >= end) return 1;
  if (now <= start) return 0;
  return (now - start) / (end - start);
}

export interface Projection {
  readonly transactions: number;
  readonly allowance: number;
  readonly elapsedFraction: number;
  /** Count so far scaled to the whole month (the count itself for a past month). */
  readonly projected: number;
  /** Transactions over the allowance at the projected pace (0 when under). */
  readonly projectedOverage: number;
}

export function projectMonth(
  transactions: number,
  month: string,
  now: number,
  allowance = TIER1_MONTHLY_ALLOWANCE,
): Projection {
  const f = elapsedFraction(month, now);
  const projected = f === 0 ? transactions : Math.round(transactions / f);
  return {
    transactions,
    allowance,
    elapsedFraction: Number(f.toFixed(6)),
    projected,
    projectedOverage: Math.max(0, projected - allowance),
  };
}
