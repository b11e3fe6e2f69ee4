// Fault and latency injection rules: what they match, what they do, and how they are stored in the database every
// process reads.

import { randomBytes } from 'node:crypto';
import { LedgerqError } from '../errors.ts';
import type { Database } from '../store/database.ts';
import { p, sql } from '../store/sql.ts';
import type { TableSpec } from '../store/table-spec.ts';

/** What a request must be for a rule to fire; a null criterion matches anything. */
export interface FaultMatch {
  readonly protocol: 'xml' | 'rest' | null;
  /** XML function name (`query`, `readByQuery`) or REST operation (`query`, `read`, `list`, `create`, …); `/…` is a REST path prefix. */
  readonly operation: string | null;
  /** XML object name (VENDOR) or REST object (accounts-payable/vendor); compared without case. */
  readonly object: string | null;
  /** Company id (demo); compared without case. */
  readonly company: string | null;
}

/** Where an injected Intacct error is answered, as Intacct answers that kind of error. */
export type ErrorLevel = 'gateway' | 'control' | 'authentication' | 'result';

export type FaultEffect =
  | { readonly kind: 'error'; readonly errorNo: string; readonly description: string; readonly level: ErrorLevel }
  /** An HTTP status with an empty body or the HTML page a CDN (Cloudflare) sends. */
  | { readonly kind: 'status'; readonly status: number; readonly body: 'empty' | 'html' }
  /** The connection is destroyed without an answer. */
  | { readonly kind: 'drop' }
  | { readonly kind: 'delay'; readonly ms: number }
  /** A log-normal delay: half the requests wait less than `medianMs`; `sigma` spreads the tail. */
  | { readonly kind: 'lognormal-delay'; readonly medianMs: number; readonly sigma: number }
  /** The answer's body is sent at this many bytes per second. */
  | { readonly kind: 'slow-body'; readonly bytesPerSecond: number };

export interface FaultRule {
  readonly id: string;
  readonly match: FaultMatch;
  /** 0 < probability ≤ 1. */
  readonly probability: number;
  /** With the per-rule count of matching requests, decides which of them the rule fires on (same seed, same requests). */
  readonly seed: string;
  readonly effect: FaultEffect;
  readonly createdAt: number;
}

export const FAULT_RULE_TABLES: readonly TableSpec[] = [
  {
    name: 'lq_fault_rule',
    scope: 'server',
    columns: [
      { name: 'rule_id', kind: 'text', notNull: true },
      { name: 'created_at', kind: 'bigint', notNull: true },
      // The rule as JSON (match, probability, seed, effect): rules are read whole, never queried by field.
      { name: 'rule', kind: 'text', notNull: true },
    ],
    primaryKey: ['rule_id'],
    indexes: [],
  },
];

/** Intacct's own descriptions for the errors people inject most. */
const KNOWN_ERRORS: Readonly<Record<string, string>> = {
  XL03000006: 'Sign-in information is incorrect',
  BL01001973: 'Could not process the request',
  'GW-0010': 'Too many requests: the rate limit of this company was reached. Retry later.',
  XL03000009: 'Internal error',
};

/** XL03000006 is answered where sign-in failures are, GW- errors by the gateway (a control with its status alone), XL/PL control errors at the control, everything else in the function's result. */
export function levelOf(errorNo: string): ErrorLevel {
  if (errorNo.toUpperCase() === 'XL03000006') return 'authentication';
  if (/^GW-/i.test(errorNo)) return 'gateway';
  if (/^(XL03|PL04)/i.test(errorNo)) return 'control';
  return 'result';
}

export const INJECTABLE_STATUSES: readonly number[] = [429, 500, 502, 503, 504, 520, 521, 522, 523, 524];

/** `500ms`, `2s`, `1.5s` or a bare number of milliseconds. */
export function parseDuration(text: string | number, what: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s)?\s*$/i.exec(String(text));
  if (!m)
    throw new LedgerqError('config.invalid', `${what}: ${JSON.stringify(text)} is not a duration such as 500ms or 2s`);
  const ms = Number(m[1]) * (m[2]?.toLowerCase() === 's' ? 1000 : 1);
  if (ms > 10 * 60_000) throw new LedgerqError('config.invalid', `${what}: at most 10 minutes`);
  return Math.round(ms);
}

/** `xml:query`, `rest:query`, `rest:/objects/accounts-payable`, `xml`, `query` (either protocol). */
export function parseMatch(text: string | undefined): Pick<FaultMatch, 'protocol' | 'operation'> {
  if (text === undefined || text === '' || text === '*') return { protocol: null, operation: null };
  const m = /^(xml|rest)(?::(.*))?$/i.exec(text.trim());
  if (!m) return { protocol: null, operation: text.trim() };
  const op = m[2]?.trim();
  return {
    protocol: m[1]!.toLowerCase() as 'xml' | 'rest',
    operation: op === undefined || op === '' || op === '*' ? null : op,
  };
}

/** The admin API's body for a new rule (the CLI sends the same fields). */
export interface FaultRuleInput {
  readonly match?: string;
  readonly company?: string;
  readonly object?: string;
  readonly probability?: number | string;
  readonly seed?: string | number;
  readonly error?: string;
  readonly description?: string;
  readonly level?: string;
  readonly status?: number | string;
  readonly body?: string;
  readonly drop?: boolean;
  readonly delay?: string | number;
  /** Log-normal delay: median duration and sigma. */
  readonly delayMedian?: string | number;
  readonly delaySigma?: number | string;
  readonly slowBody?: number | string;
}

function effectOf(input: FaultRuleInput): FaultEffect {
  const given = [
    input.error !== undefined,
    input.status !== undefined,
    input.drop === true,
    input.delay !== undefined,
    input.delayMedian !== undefined,
    input.slowBody !== undefined,
  ].filter(Boolean).length;
  if (given !== 1)
    throw new LedgerqError(
      'config.invalid',
      'a fault rule has exactly one effect: error, status, drop, delay, delayMedian (+ delaySigma) or slowBody',
    );
  if (input.error !== undefined) {
    const errorNo = String(input.error).trim();
    if (!/^[A-Za-z0-9_.-]{1,40}$/.test(errorNo))
      throw new LedgerqError(
        'config.invalid',
        `error: ${JSON.stringify(input.error)} is not an error number such as XL03000006`,
      );
    const level = input.level ?? levelOf(errorNo);
    if (level !== 'gateway' && level !== 'control' && level !== 'authentication' && level !== 'result')
      throw new LedgerqError('config.invalid', 'level must be gateway, control, authentication or result');
    return {
      kind: 'error',
      errorNo,
      description: input.description ?? KNOWN_ERRORS[errorNo.toUpperCase()] ?? 'Injected error',
      level,
    };
  }
  if (input.status !== undefined) {
    const status = Number(input.status);
    if (!INJECTABLE_STATUSES.includes(status))
      throw new LedgerqError('config.invalid', `status must be one of ${INJECTABLE_STATUSES.join(', ')}`);
    const body = input.body ?? (status === 500 || status === 429 ? 'empty' : 'html');
    if (body !== 'empty' && body !== 'html') throw new LedgerqError('config.invalid', 'body must be empty or html');
    return { kind: 'status', status, body };
  }
  if (input.drop === true) return { kind: 'drop' };
  if (input.delay !== undefined) return { kind: 'delay', ms: parseDuration(input.delay, 'delay') };
  if (input.delayMedian !== undefined) {
    const sigma = Number(input.delaySigma ?? 0.5);
    if (!Number.isFinite(sigma) || sigma < 0 || sigma > 5)
      throw new LedgerqError('config.invalid', 'delaySigma must be a number from 0 to 5');
    return { kind: 'lognormal-delay', medianMs: parseDuration(input.delayMedian, 'delayMedian'), sigma };
  }
  const bps = Number(input.slowBody);
  if (!Number.isInteger(bps) || bps < 1)
    throw new LedgerqError('config.invalid', 'slowBody must be a positive number of bytes per second');
  return { kind: 'slow-body', bytesPerSecond: bps };
}

export function newFaultRule(input: FaultRuleInput, now = Date.now()): FaultRule {
  const probability = input.probability === undefined ? 1 : Number(input.probability);
  if (!Number.isFinite(probability) || probability <= 0 || probability > 1)
    throw new LedgerqError('config.invalid', 'probability must be a number in (0, 1]');
  const { protocol, operation } = parseMatch(input.match);
  const text = (v: string | undefined) => (v === undefined || v.trim() === '' ? null : v.trim());
  return {
    id: `f-${randomBytes(4).toString('hex')}`,
    match: { protocol, operation, object: text(input.object), company: text(input.company) },
    probability,
    seed: input.seed === undefined ? randomBytes(4).toString('hex') : String(input.seed),
    effect: effectOf(input),
    createdAt: now,
  };
}

export function describeEffect(e: FaultEffect): string {
  switch (e.kind) {
    case 'error':
      return `error ${e.errorNo} (${e.level})`;
    case 'status':
      return `HTTP ${e.status} (${e.body} body)`;
    case 'drop':
      return 'dropped connection';
    case 'delay':
      return `delay ${e.ms}ms`;
    case 'lognormal-delay':
      return `log-normal delay (median ${e.medianMs}ms, sigma ${e.sigma})`;
    case 'slow-body':
      return `slow body ${e.bytesPerSecond} B/s`;
  }
}

export function describeRule(r: FaultRule): string {
  const m = r.match;
  const what = `${m.protocol ?? '*'}:${m.operation ?? '*'}${m.object ? ` object ${m.object}` : ''}${m.company ? ` company ${m.company}` : ''}`;
  return `${r.id}: ${what} → ${describeEffect(r.effect)}${r.probability < 1 ? ` p=${r.probability} seed ${r.seed}` : ''}`;
}

export async function addFaultRule(db: Database, rule: FaultRule): Promise<void> {
  await db.run(
    sql`INSERT INTO lq_fault_rule (rule_id, created_at, rule) VALUES (${p(rule.id)}, ${p(rule.createdAt)}, ${p(JSON.stringify(rule))})`,
  );
}

export async function listFaultRules(db: Database): Promise<FaultRule[]> {
  const rows = await db.all<{ rule: string }>(sql`SELECT rule FROM lq_fault_rule ORDER BY created_at, rule_id`);
  return rows.map((r) => JSON.parse(r.rule) as FaultRule);
}

/** Removes one rule (true when it existed), or all of them with `id` undefined (the count removed). */
export async function removeFaultRules(db: Database, id?: string): Promise<number> {
  return id === undefined
    ? db.run(sql`DELETE FROM lq_fault_rule`)
    : db.run(sql`DELETE FROM lq_fault_rule WHERE rule_id = ${p(id)}`);
}
