// XML gateway API sessions: created by getAPISession, bound to company, user and entity, stored in the database with a
// sliding timeout.

import { createHash, randomBytes } from 'node:crypto';
import { LedgerqError } from '../errors.ts';
import { COMPANY_COLUMNS, type Company, type CompanyColumns, companyFromRow } from './tenancy.ts';
import type { Database } from '../store/database.ts';
import { signInCacheOf } from './sign-in-cache.ts';
import { p, sql } from '../store/sql.ts';
import type { TableSpec } from '../store/table-spec.ts';

/** Idle time after which a session dies; every call made on it pushes the deadline forward again. */
export const SESSION_TIMEOUT_SECONDS = 60 * 60;

/**
 * Only a hash of the session id is stored: a copy of the database (a backup, a
 * log of statements) then holds nothing a caller could sign in with.
 * Times are epoch milliseconds so both databases compare them the same way.
 */
export const SESSION_TABLES: readonly TableSpec[] = [
  {
    name: 'lq_session',
    scope: 'company-session',
    columns: [
      { name: 'session_hash', kind: 'text', notNull: true },
      { name: 'company_key', kind: 'integer', notNull: true, formerNames: ['company_id'] },
      { name: 'user_id', kind: 'text', notNull: true },
      { name: 'entity_id', kind: 'text', notNull: false },
      { name: 'created_at', kind: 'bigint', notNull: true },
      { name: 'last_used_at', kind: 'bigint', notNull: true },
      { name: 'expires_at', kind: 'bigint', notNull: true },
    ],
    primaryKey: ['session_hash'],
    indexes: [{ name: 'ix_lq_session_expires_at', columns: ['expires_at'], unique: false }],
  },
];

export interface Session {
  /** The hash under which the session is stored; cursors are bound to it. */
  readonly hash: string;
  readonly companyKey: number;
  readonly userId: string;
  readonly entityId: string | null;
  readonly lastUsedAt: number;
  /** The deadline the answer reports: last use plus the timeout. */
  readonly expiresAt: number;
  /** The deadline stored in the database, which slides lazily (see slideSlackMs); unknown when not read. */
  readonly storedExpiresAt?: number;
}

export function hashSessionId(sessionId: string): string {
  return createHash('sha256').update(sessionId).digest('hex');
}

/** Intacct's session ids are opaque strings ending in `..`; ours keep that look. */
export async function createSession(
  db: Database,
  s: { companyKey: number; userId: string; entityId: string | null },
  now = Date.now(),
  timeoutSeconds = SESSION_TIMEOUT_SECONDS,
): Promise<{ sessionId: string; session: Session }> {
  const sessionId = `${randomBytes(24).toString('base64url')}..`;
  const hash = hashSessionId(sessionId);
  const expiresAt = now + timeoutSeconds * 1000;
  const stored = expiresAt + slideSlackMs(timeoutSeconds);
  // Dead sessions are swept by whoever creates a new one in the same company, so the table stays small with no
  // background job and a sign-in touches no other company's rows.
  await db.run(sql`DELETE FROM lq_session WHERE company_key = ${p(s.companyKey)} AND expires_at < ${p(now)}`);
  await db.run(sql`INSERT INTO lq_session (session_hash, company_key, user_id, entity_id, created_at, last_used_at, expires_at)
    VALUES (${p(hash)}, ${p(s.companyKey)}, ${p(s.userId)}, ${p(s.entityId)}, ${p(now)}, ${p(now)}, ${p(stored)})`);
  return {
    sessionId,
    session: {
      hash,
      companyKey: s.companyKey,
      userId: s.userId,
      entityId: s.entityId,
      lastUsedAt: now,
      expiresAt,
      storedExpiresAt: stored,
    },
  };
}

/**
 * Sliding without a write per call: the stored deadline only moves when it has
 * fallen behind `now + timeout`, and is then written `slack` further, so a
 * session is written at most once per slack of use (once a minute at the
 * default hour) instead of on every request (an autocommitted UPDATE waits
 * for a disk flush on PostgreSQL). The rule: a session never dies before the
 * <sessiontimeout> its last answer reported (last use + timeout), and never
 * lives past it by more than the slack, timeout/60 capped at a minute
 * (17 ms for the emulator's 1 s timeouts).
 */
export function slideSlackMs(timeoutSeconds: number): number {
  return Math.min(60_000, Math.floor((timeoutSeconds * 1000) / 60));
}

/** The session row with its company and user read in the same statement (sign-in needs all three on every call). */
export interface SessionLookup {
  readonly session: Session;
  readonly company: Company | null;
  /** The session's user as stored now; null when it was removed. */
  readonly user: { user_id: string; status: string; role: string } | null;
  /** Whether the sender given is authorized for the session's company. */
  readonly senderAuthorized: boolean;
}

interface SessionRow extends CompanyColumns {
  session_hash: string;
  company_key: number | string;
  user_id: string;
  entity_id: string | null;
  expires_at: number | string;
  u_user_id: string | null;
  u_status: string | null;
  u_role: string | null;
  sc_sender: string | null;
}

/** A live session's facts as this process last read them; `storedExpiresAt` only ever moves forward here. */
interface CachedSession {
  readonly companyKey: number;
  readonly userId: string;
  readonly entityId: string | null;
  storedExpiresAt: number;
  readonly company: Company | null;
  readonly user: SessionLookup['user'];
  /** Whether each sender seen with this session may call its company. */
  readonly senders: ReadonlyMap<string, boolean>;
}

const SESSIONS = Symbol('sessions');

function lookupOf(hash: string, c: CachedSession, senderAuthorized: boolean, now: number): SessionLookup {
  return {
    session: {
      hash,
      companyKey: c.companyKey,
      userId: c.userId,
      entityId: c.entityId,
      lastUsedAt: now,
      expiresAt: now + SESSION_TIMEOUT_SECONDS * 1000,
      storedExpiresAt: c.storedExpiresAt,
    },
    company: c.company,
    user: c.user,
    senderAuthorized,
  };
}

/**
 * The live session with this id; an unknown or expired id is refused as Intacct does.
 * Nothing is written here: the caller slides the session with slideSession once it
 * knows the company's timeout. The returned session reports the slid values.
 * Served from the process's sign-in cache while its stored deadline is ahead: past it the row is read again (another
 * process may have slid it further), so an expired session is never taken from the cache.
 */
export async function useSession(
  db: Database,
  sessionId: string,
  senderId: string,
  now = Date.now(),
): Promise<SessionLookup> {
  const hash = hashSessionId(sessionId);
  const cache = signInCacheOf(db);
  const stamp = cache ? await cache.current() : null;
  const sessions = cache?.slot<string, CachedSession>(SESSIONS);
  const hit = stamp === null ? undefined : sessions?.get(hash);
  const known = hit?.senders.get(senderId);
  if (hit && known !== undefined && hit.storedExpiresAt > now) return lookupOf(hash, hit, known, now);
  const rows = await db.all<SessionRow>(sql`SELECT s.session_hash, s.company_key, s.user_id, s.entity_id, s.expires_at,
      ${COMPANY_COLUMNS}, u.user_id AS u_user_id, u.status AS u_status, u.role AS u_role, sc.sender_id AS sc_sender
    FROM lq_session s
    LEFT JOIN lq_company c ON c.company_key = s.company_key
    LEFT JOIN lq_user u ON u.company_key = s.company_key AND LOWER(u.user_id) = LOWER(s.user_id)
    LEFT JOIN lq_sender_company sc ON sc.company_key = s.company_key AND sc.sender_id = ${p(senderId)}
    WHERE s.session_hash = ${p(hash)}`);
  const row = rows[0];
  if (!row || Number(row.expires_at) <= now) {
    throw new LedgerqError(
      'auth.invalid-session',
      row
        ? 'The session has expired; sign in again with getAPISession'
        : 'Invalid session: sign in again with getAPISession',
      {},
    );
  }
  const senderAuthorized = row.sc_sender !== null;
  const facts: CachedSession = {
    companyKey: Number(row.company_key),
    userId: row.user_id,
    entityId: row.entity_id,
    storedExpiresAt: Number(row.expires_at),
    company: companyFromRow(row),
    user: row.u_user_id === null ? null : { user_id: row.u_user_id, status: row.u_status!, role: row.u_role! },
    senders: new Map([...(hit?.senders ?? []), [senderId, senderAuthorized]]),
  };
  if (cache && sessions) cache.keep(sessions, stamp, hash, facts);
  return lookupOf(hash, facts, senderAuthorized, now);
}

/** A deadline this process just wrote: the cached session keeps it (never moving back). */
function cachedSlide(db: Database, hash: string, storedExpiresAt: number): void {
  const c = signInCacheOf(db)?.slot<string, CachedSession>(SESSIONS).get(hash);
  if (c && c.storedExpiresAt < storedExpiresAt) c.storedExpiresAt = storedExpiresAt;
}

/**
 * Slides a session just used to a timeout (Intacct's hour, or a company's own under
 * the emulator limits), writing only when the stored deadline no longer covers
 * `now + timeout` or overshoots it by more than the slack (a shortened timeout).
 */
export async function slideSession(
  db: Database,
  session: Session,
  timeoutSeconds: number,
  now = Date.now(),
): Promise<Session> {
  const expiresAt = now + timeoutSeconds * 1000;
  const slack = slideSlackMs(timeoutSeconds);
  const stored = session.storedExpiresAt;
  if (stored !== undefined && stored >= expiresAt && stored <= expiresAt + slack)
    return { ...session, lastUsedAt: now, expiresAt };
  const target = expiresAt + slack;
  if (stored !== undefined && stored < expiresAt) {
    // A concurrent call that already slid further is never moved back.
    await db.run(
      sql`UPDATE lq_session SET last_used_at = ${p(now)}, expires_at = ${p(target)} WHERE session_hash = ${p(session.hash)} AND expires_at < ${p(target)}`,
    );
    cachedSlide(db, session.hash, target);
  } else {
    // A shorter deadline: the trigger on lq_session drops every process's cached sessions.
    await db.run(
      sql`UPDATE lq_session SET last_used_at = ${p(now)}, expires_at = ${p(target)} WHERE session_hash = ${p(session.hash)}`,
    );
  }
  return { ...session, lastUsedAt: now, expiresAt, storedExpiresAt: target };
}

export async function endSession(db: Database, hash: string): Promise<void> {
  await db.run(sql`DELETE FROM lq_session WHERE session_hash = ${p(hash)}`);
}
