// XML gateway API sessions: created by getAPISession, bound to company, user and entity, stored in the database with a sliding timeout.

import { createHash, randomBytes } from 'node:crypto';
import { LedgerqError } from '../errors.ts';
import type { Database } from '../store/database.ts';
import { p, sql } from '../store/sql.ts';
import type { TableSpec } from '../store/schema.ts';

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
    columns: [
      { name: 'session_hash', kind: 'text', notNull: true },
      { name: 'company_id', kind: 'integer', notNull: true },
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
  readonly companyPk: number;
  readonly userId: string;
  readonly entityId: string | null;
  readonly lastUsedAt: number;
  readonly expiresAt: number;
}

export function hashSessionId(sessionId: string): string {
  return createHash('sha256').update(sessionId).digest('hex');
}

/** Intacct's session ids are opaque strings ending in `..`; ours keep that look. */
export async function createSession(
  db: Database,
  s: { companyPk: number; userId: string; entityId: string | null },
  now = Date.now(),
): Promise<{ sessionId: string; session: Session }> {
  const sessionId = `${randomBytes(24).toString('base64url')}..`;
  const hash = hashSessionId(sessionId);
  const expiresAt = now + SESSION_TIMEOUT_SECONDS * 1000;
  // Dead sessions are swept by whoever creates a new one, so the table stays small with no background job.
  await db.run(sql`DELETE FROM lq_session WHERE expires_at < ${p(now)}`);
  await db.run(sql`INSERT INTO lq_session (session_hash, company_id, user_id, entity_id, created_at, last_used_at, expires_at)
    VALUES (${p(hash)}, ${p(s.companyPk)}, ${p(s.userId)}, ${p(s.entityId)}, ${p(now)}, ${p(now)}, ${p(expiresAt)})`);
  return { sessionId, session: { hash, companyPk: s.companyPk, userId: s.userId, entityId: s.entityId, lastUsedAt: now, expiresAt } };
}

interface SessionRow { session_hash: string; company_id: number | string; user_id: string; entity_id: string | null; expires_at: number | string }

/** The live session with this id, its timeout slid forward; an unknown or expired id is refused as Intacct does. */
export async function useSession(db: Database, sessionId: string, now = Date.now()): Promise<Session> {
  const hash = hashSessionId(sessionId);
  const rows = await db.all<SessionRow>(sql`SELECT session_hash, company_id, user_id, entity_id, expires_at FROM lq_session WHERE session_hash = ${p(hash)}`);
  const row = rows[0];
  if (!row || Number(row.expires_at) <= now) {
    throw new LedgerqError('auth.invalid-session', row ? 'The session has expired; sign in again with getAPISession' : 'Invalid session: sign in again with getAPISession', {});
  }
  const expiresAt = now + SESSION_TIMEOUT_SECONDS * 1000;
  // GREATEST-free slide: a concurrent call that already slid further is never moved back.
  await db.run(sql`UPDATE lq_session SET last_used_at = ${p(now)}, expires_at = ${p(expiresAt)} WHERE session_hash = ${p(hash)} AND expires_at < ${p(expiresAt)}`);
  return { hash, companyPk: Number(row.company_id), userId: row.user_id, entityId: row.entity_id, lastUsedAt: now, expiresAt };
}

export async function endSession(db: Database, hash: string): Promise<void> {
  await db.run(sql`DELETE FROM lq_session WHERE session_hash = ${p(hash)}`);
}
