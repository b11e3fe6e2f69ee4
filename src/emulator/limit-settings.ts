// Intacct's limits on a dial: each limit's name, Intacct's value, how it is stored per company, and the effective
// limits of one company.

import { LedgerqError } from '../errors.ts';

/**
 * A page size rule of one read function: the page a request gets without
 * `pagesize`, the largest it may ask for (Intacct's maximum, or the company's
 * cap when loosened above it), and the most rows a page holds (the company's
 * cap). A request between the cap and the maximum is served `cap` rows, its
 * numremaining telling the rest: the SDK's readByQuery always asks for 1,000.
 */
export interface PageLimit {
  readonly default: number;
  readonly max: number;
  readonly cap: number;
}

/**
 * The limits, by the name the CLI, the admin API and ledgerq.config.json use.
 * `intacct` is Intacct's value (null: none, or by service level); `builtin` is
 * what ledgerq applies when neither the configuration nor the company says
 * otherwise. Concurrency is Intacct's 2 only when asked for: on by default it
 * would turn every parallel test and benchmark into GW-0010 answers.
 */
export const LIMITS = {
  concurrency: {
    setting: 'limit.concurrency',
    intacct: 2,
    builtin: null,
    about: 'requests of the company in flight at once (XML GW-0010 / REST 429 beyond)',
  },
  'page-size-query': {
    setting: 'limit.page-size-query',
    intacct: 2000,
    builtin: 2000,
    about: 'largest <pagesize> of query',
  },
  'page-default-query': {
    setting: 'limit.page-default-query',
    intacct: 100,
    builtin: 100,
    about: 'page of query without <pagesize>',
  },
  'page-size-read-by-query': {
    setting: 'limit.page-size-read-by-query',
    intacct: 1000,
    builtin: 1000,
    about: 'largest <pagesize> of readByQuery',
  },
  'page-default-read-by-query': {
    setting: 'limit.page-default-read-by-query',
    intacct: 100,
    builtin: 100,
    about: 'page of readByQuery without <pagesize>',
  },
  'page-size-rest': {
    setting: 'limit.page-size-rest',
    intacct: 4000,
    builtin: 4000,
    about: 'largest size of a REST query',
  },
  'page-default-rest': {
    setting: 'limit.page-default-rest',
    intacct: 100,
    builtin: 100,
    about: 'page of a REST query without size',
  },
  'session-timeout': {
    setting: 'limit.session-timeout',
    intacct: 3600,
    builtin: 3600,
    about: 'seconds an XML API session lives unused (sliding)',
  },
  'in-list': { setting: 'limit.in-list', intacct: 1000, builtin: 1000, about: 'values of one in / $in filter' },
  'async-request-size': {
    setting: 'limit.async-request-size',
    intacct: 500_000,
    builtin: 500_000,
    about: 'characters of an offline (policyid) request',
  },
  'queue-api': {
    setting: 'queue.api',
    intacct: null,
    builtin: null,
    about: 'offline API jobs the company runs at once (default: by service level)',
  },
  'queue-report': {
    setting: 'queue.report',
    intacct: null,
    builtin: null,
    about: 'offline report jobs the company runs at once (default: by service level)',
  },
} as const satisfies Record<string, { setting: string; intacct: number | null; builtin: number | null; about: string }>;

export type LimitName = keyof typeof LIMITS;
export const LIMIT_NAMES = Object.keys(LIMITS) as LimitName[];

/** A limit's value: a positive number, or off (no limit). */
export type LimitValue = number | 'off';

/** Limits from ledgerq.config.json (`"limits": { "concurrency": 2 }`): defaults for every company. */
export type LimitDefaults = Partial<Record<LimitName, LimitValue>>;

/** The queue lanes are read by the queue's claim, which takes numbers only. */
const NUMBER_ONLY: ReadonlySet<LimitName> = new Set(['queue-api', 'queue-report']);

export function isLimitName(name: string): name is LimitName {
  return Object.hasOwn(LIMITS, name);
}

export function parseLimitValue(name: LimitName, value: unknown, from: string): LimitValue {
  if (value === 'off' || value === false || value === null) {
    if (NUMBER_ONLY.has(name))
      throw new LedgerqError('config.invalid', `${from}: ${name} cannot be off; give the number of jobs`);
    return 'off';
  }
  const n = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1)
    throw new LedgerqError(
      'config.invalid',
      `${from}: ${name} must be a positive integer or "off", not ${JSON.stringify(value)}`,
    );
  return n;
}

export function parseLimitDefaults(raw: unknown, from: string): LimitDefaults {
  if (raw === undefined) return {};
  if (!raw || typeof raw !== 'object' || Array.isArray(raw))
    throw new LedgerqError('config.invalid', `${from}: limits must be an object such as {"concurrency": 2}`);
  const out: LimitDefaults = {};
  for (const [name, value] of Object.entries(raw)) {
    if (!isLimitName(name))
      throw new LedgerqError('config.invalid', `${from}: ${name} is not a limit (${LIMIT_NAMES.join(', ')})`);
    out[name] = parseLimitValue(name, value, `${from}.${name}`);
  }
  return out;
}

/** Where a company's value of a limit comes from. */
export type LimitSource = 'company' | 'config' | 'builtin';

export interface ResolvedLimit {
  readonly name: LimitName;
  /** null: off (or, for the queue lanes, the service level's default). */
  readonly value: number | null;
  readonly source: LimitSource;
  readonly intacct: number | null;
}

/** One company's value of each limit: its own setting row, else the configuration, else ledgerq's built-in value. */
export function resolveLimits(
  settings: ReadonlyMap<string, string> | undefined,
  defaults: LimitDefaults,
): ResolvedLimit[] {
  return LIMIT_NAMES.map((name): ResolvedLimit => {
    const spec = LIMITS[name];
    const stored = settings?.get(spec.setting);
    if (stored !== undefined) {
      const v = stored === 'off' ? 'off' : Number(stored);
      return {
        name,
        value: v === 'off' || !Number.isFinite(v) || v < 1 ? null : v,
        source: 'company',
        intacct: spec.intacct,
      };
    }
    const configured = defaults[name];
    if (configured !== undefined)
      return { name, value: configured === 'off' ? null : configured, source: 'config', intacct: spec.intacct };
    return { name, value: spec.builtin, source: 'builtin', intacct: spec.intacct };
  });
}

/** What the request path enforces, ready to use. */
export interface RequestLimits {
  /** null: no concurrency limit (no slot is taken, no database round trip). */
  readonly concurrency: number | null;
  readonly query: PageLimit;
  readonly readByQuery: PageLimit;
  readonly rest: PageLimit;
  readonly inList: number;
  /** Idle seconds before an XML API session dies (sliding). */
  readonly sessionTimeoutSeconds: number;
  /** Characters an offline (`<policyid>`) request may hold. */
  readonly asyncRequestChars: number;
}

const UNLIMITED = Number.MAX_SAFE_INTEGER;

function pageLimit(intacctMax: number, cap: number | null, dflt: number | null): PageLimit {
  const c = cap ?? UNLIMITED;
  return { max: Math.max(intacctMax, c), cap: c, default: Math.min(dflt ?? 100, c) };
}

export function requestLimits(resolved: readonly ResolvedLimit[]): RequestLimits {
  const v = (name: LimitName) => resolved.find((r) => r.name === name)!.value;
  return {
    concurrency: v('concurrency'),
    query: pageLimit(LIMITS['page-size-query'].intacct, v('page-size-query'), v('page-default-query')),
    readByQuery: pageLimit(
      LIMITS['page-size-read-by-query'].intacct,
      v('page-size-read-by-query'),
      v('page-default-read-by-query'),
    ),
    rest: pageLimit(LIMITS['page-size-rest'].intacct, v('page-size-rest'), v('page-default-rest')),
    inList: v('in-list') ?? UNLIMITED,
    asyncRequestChars: v('async-request-size') ?? UNLIMITED,
    // Off: a session lives as long as the database keeps it (a century).
    sessionTimeoutSeconds: v('session-timeout') ?? 100 * 365 * 86_400,
  };
}
