// Sign-in facts kept in the process: a session's or token's company, user, rights and entity, a company's entities,
// a sender's password hash. Every request with a live session or token used to read them from the database; now it
// reads them here, and a change signal (store/change-signal.ts) drops them all whenever a row they come from changes,
// in this process or another.

import type { ChangeSignal, WatchedTable } from '../store/change-signal.ts';
import type { Database } from '../store/database.ts';

const ALL = ['insert', 'update', 'delete'] as const;

/**
 * The changes that can make a cached fact wrong. New sessions and tokens are not among them (nothing is cached for
 * an id before it exists), nor a session's sliding expiry moving forward (a cached deadline that passed is read
 * again, never trusted); shortening it is. A failed sign-in's first row for a (name, address) pair is: a sender is
 * cached only while its pair has no failures.
 */
export const SIGN_IN_WATCHED: readonly WatchedTable[] = [
  { table: 'lq_company', on: ALL },
  { table: 'lq_entity', on: ALL },
  { table: 'lq_user', on: ALL },
  { table: 'lq_sender', on: ALL },
  { table: 'lq_sender_company', on: ALL },
  { table: 'lq_session', on: ['update', 'delete'], updateWhen: 'NEW.expires_at < OLD.expires_at' },
  { table: 'lq_oauth_token', on: ['update', 'delete'] },
  { table: 'lq_login_failure', on: ['insert'] },
];

/** Entries per map; a full map is emptied (a flood of one-off sessions must not grow the process). */
const MAX_ENTRIES = 10_000;

/** A cache stamp: facts read under it may be kept only while it is still current. */
export type Stamp = number;

export class SignInCache {
  private signal: ChangeSignal | null = null;
  private generation: number | null = null;
  private stamp = 0;
  private readonly slots = new Map<symbol, Map<unknown, unknown>>();

  /** One kind of fact (each module that keeps some names its own slot), emptied with the rest. */
  slot<K, V>(id: symbol): Map<K, V> {
    let m = this.slots.get(id);
    if (!m) this.slots.set(id, (m = new Map()));
    return m as Map<K, V>;
  }

  /** Starts trusting what is kept: until then (and after close) every lookup reads the database. */
  follow(signal: ChangeSignal): void {
    this.signal = signal;
    this.generation = null;
    this.clear();
  }

  /** A write this process knows about (a library reset): forgets everything at once. */
  invalidate(): void {
    this.clear();
  }

  /**
   * Drops everything when the signal moved, and returns the stamp to keep facts under; null when nothing may be kept
   * (no signal yet). Facts read after this call may be kept with `keep` under the stamp it returned.
   */
  async current(): Promise<Stamp | null> {
    if (!this.signal) return null;
    const g = await this.signal.generation();
    if (g !== this.generation) {
      this.generation = g;
      this.clear();
    }
    return this.stamp;
  }

  /** Keeps `value` unless something was dropped since `stamp` (the facts may predate the change). */
  keep<K, V>(map: Map<K, V>, stamp: Stamp | null, key: K, value: V): void {
    if (stamp === null || stamp !== this.stamp) return;
    if (map.size >= MAX_ENTRIES) map.clear();
    map.set(key, value);
  }

  async close(): Promise<void> {
    const s = this.signal;
    this.signal = null;
    this.clear();
    await s?.close();
  }

  private clear(): void {
    this.stamp++;
    for (const m of this.slots.values()) m.clear();
  }
}

/**
 * The cache of the server process using `db`. Keyed by the Database object, so a transaction's handle (never
 * registered) always reads the database: what it reads may not be committed.
 */
const caches = new WeakMap<Database, SignInCache>();

export function attachSignInCache(db: Database, cache: SignInCache): void {
  caches.set(db, cache);
}

export function detachSignInCache(db: Database, cache: SignInCache): void {
  if (caches.get(db) === cache) caches.delete(db);
}

export function signInCacheOf(db: Database): SignInCache | undefined {
  return caches.get(db);
}
