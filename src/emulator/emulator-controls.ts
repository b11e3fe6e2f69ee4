// The emulator controls one process applies: company limits and fault rules read from the database again only when a
// change signal says they changed (or, without one, at most once a second), and the seeded decision of which rules
// fire.

import { createHash } from 'node:crypto';
import type { WatchedTable } from '../store/change-signal.ts';
import type { Database } from '../store/database.ts';
import { sql } from '../store/sql.ts';
import { listFaultRules, type FaultEffect, type FaultRule } from './fault-rules.ts';
import {
  requestLimits,
  resolveLimits,
  type LimitDefaults,
  type RequestLimits,
  type ResolvedLimit,
} from './limit-settings.ts';

/** Without a change signal, how long a process trusts what it read; a change made through another process applies within this. */
export const CONTROLS_CACHE_MS = 1000;

/** The tables the controls are read from: a change signal over them tells every process to read them again. */
export const CONTROLS_WATCHED: readonly WatchedTable[] = [
  { table: 'lq_company_setting', on: ['insert', 'update', 'delete'] },
  { table: 'lq_fault_rule', on: ['insert', 'update', 'delete'] },
];

/** The stamp of a change signal's cache (auth/sign-in-cache.ts `current`): null while there is none to trust. */
export type ChangeStamp = () => Promise<number | null>;

interface Snapshot {
  readonly at: number;
  /** The change stamp it was read under; null: read by the clock. */
  readonly stamp: number | null;
  readonly settings: ReadonlyMap<number, ReadonlyMap<string, string>>;
  readonly rules: readonly FaultRule[];
  /** RequestLimits per company, computed on first use. */
  readonly limits: Map<number, RequestLimits>;
}

/** What a request is, for matching fault rules. */
export interface RequestFacts {
  readonly protocol: 'xml' | 'rest';
  /** XML function names, or the one REST operation. */
  readonly operations: readonly string[];
  /** The REST path, for rules matching a path prefix. */
  readonly path?: string;
  readonly objects: readonly string[];
  readonly company: string;
}

/** The rules that fired on one request and what they add up to. */
export interface FaultDecision {
  readonly fired: readonly FaultRule[];
  /** Total injected delay (fixed and log-normal rules). */
  readonly delayMs: number;
  /** The first error, status or drop that fired: it replaces the answer. */
  readonly outcome: Extract<FaultEffect, { kind: 'error' | 'status' | 'drop' }> | null;
  readonly slowBodyBytesPerSecond: number | null;
}

export const NO_FAULT: FaultDecision = { fired: [], delayMs: 0, outcome: null, slowBodyBytesPerSecond: null };

/** Uniform numbers in [0, 1) from the rule's seed and the count of requests it matched: the same seed fires on the same requests. */
function seededUniforms(seed: string, n: number): [number, number, number] {
  const h = createHash('sha256').update(`${seed}\u0000${n}`).digest();
  return [h.readUInt32BE(0) / 2 ** 32, h.readUInt32BE(4) / 2 ** 32, h.readUInt32BE(8) / 2 ** 32];
}

function logNormalMs(medianMs: number, sigma: number, u1: number, u2: number): number {
  // Box-Muller: a standard normal from two uniforms.
  const z = Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
  return Math.round(medianMs * Math.exp(sigma * z));
}

function sameText(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

export function ruleMatches(rule: FaultRule, r: RequestFacts): boolean {
  const m = rule.match;
  if (m.protocol !== null && m.protocol !== r.protocol) return false;
  if (m.company !== null && !sameText(m.company, r.company)) return false;
  if (m.object !== null && !r.objects.some((o) => sameText(o, m.object!))) return false;
  if (m.operation !== null) {
    if (m.operation.startsWith('/')) return r.path?.startsWith(m.operation) === true;
    if (!r.operations.some((o) => sameText(o, m.operation!))) return false;
  }
  return true;
}

export class EmulatorControls {
  private snapshot: Snapshot | null = null;
  private loading: Promise<Snapshot> | null = null;
  /** Requests each rule matched in this process: the input of its seeded decision. */
  private readonly counters = new Map<string, number>();
  private changes: ChangeStamp | null = null;
  private loadingStamp: number | null = null;

  constructor(
    readonly db: Database,
    readonly limitDefaults: LimitDefaults = {},
  ) {}

  /** Forgets what was read, so this process applies a change it just made at once. */
  invalidate(): void {
    this.snapshot = null;
  }

  /** Reads again when `changes` moves instead of every second (the server's change signal over CONTROLS_WATCHED). */
  follow(changes: ChangeStamp): void {
    this.changes = changes;
    this.snapshot = null;
  }

  private async current(): Promise<Snapshot> {
    const stamp = this.changes ? await this.changes() : null;
    const s = this.snapshot;
    if (s && (stamp !== null ? s.stamp === stamp : s.stamp === null && Date.now() - s.at < CONTROLS_CACHE_MS)) return s;
    // One reload per stamp: requests arriving meanwhile wait for the same one; a newer stamp never takes an older read.
    if (this.loading && this.loadingStamp === stamp) return this.loading;
    const loading = this.load(stamp).finally(() => {
      if (this.loading === loading) this.loading = null;
    });
    this.loading = loading;
    this.loadingStamp = stamp;
    return loading;
  }

  private async load(stamp: number | null): Promise<Snapshot> {
    const at = Date.now();
    const [rows, rules] = await Promise.all([
      this.db.all<{ company_key: number | string; name: string; value: string }>(
        sql`SELECT company_key, name, value FROM lq_company_setting`,
      ),
      listFaultRules(this.db),
    ]);
    const settings = new Map<number, Map<string, string>>();
    for (const r of rows) {
      const companyKey = Number(r.company_key);
      let m = settings.get(companyKey);
      if (!m) settings.set(companyKey, (m = new Map()));
      m.set(r.name, r.value);
    }
    const live = new Set(rules.map((r) => r.id));
    for (const id of this.counters.keys()) if (!live.has(id)) this.counters.delete(id);
    this.snapshot = { at, stamp, settings, rules, limits: new Map() };
    return this.snapshot;
  }

  async limitsFor(companyKey: number): Promise<RequestLimits> {
    const s = await this.current();
    let l = s.limits.get(companyKey);
    if (!l)
      s.limits.set(companyKey, (l = requestLimits(resolveLimits(s.settings.get(companyKey), this.limitDefaults))));
    return l;
  }

  async resolvedLimits(companyKey: number): Promise<ResolvedLimit[]> {
    const s = await this.current();
    return resolveLimits(s.settings.get(companyKey), this.limitDefaults);
  }

  /** Whether any rule exists: requests skip the matching entirely when none does. */
  async hasRules(): Promise<boolean> {
    return (await this.current()).rules.length > 0;
  }

  /** Counts the request against every rule it matches and decides, from each rule's seed, which fire. */
  async decideFaults(r: RequestFacts): Promise<FaultDecision> {
    const { rules } = await this.current();
    if (rules.length === 0) return NO_FAULT;
    const fired: FaultRule[] = [];
    let delayMs = 0;
    let outcome: FaultDecision['outcome'] = null;
    let slow: number | null = null;
    for (const rule of rules) {
      if (!ruleMatches(rule, r)) continue;
      const n = (this.counters.get(rule.id) ?? 0) + 1;
      this.counters.set(rule.id, n);
      const [u0, u1, u2] = seededUniforms(rule.seed, n);
      if (rule.probability < 1 && u0 >= rule.probability) continue;
      const e = rule.effect;
      switch (e.kind) {
        case 'delay':
          delayMs += e.ms;
          break;
        case 'lognormal-delay':
          delayMs += logNormalMs(e.medianMs, e.sigma, u1, u2);
          break;
        case 'slow-body':
          slow = slow === null ? e.bytesPerSecond : Math.min(slow, e.bytesPerSecond);
          break;
        case 'error':
        case 'status':
        case 'drop':
          if (outcome !== null) continue; // only the first answer-replacing rule fires
          outcome = e;
          break;
      }
      fired.push(rule);
    }
    return fired.length === 0 ? NO_FAULT : { fired, delayMs, outcome, slowBodyBytesPerSecond: slow };
  }
}
