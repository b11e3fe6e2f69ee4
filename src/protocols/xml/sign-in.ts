// Checks a gateway request's sender and its login or session, with failed-login throttling; yields who is calling and
// in which entity.

import { createHash } from 'node:crypto';
import {
  awaitTurn,
  clearFailures,
  recordFailure,
  type ThrottleState,
  throttleSubject,
} from '../../auth/login-throttle.ts';
import { signInCacheOf } from '../../auth/sign-in-cache.ts';
import { clearFailedPasswords, countFailedPassword } from '../../auth/user-lockout.ts';
import { verifyPassword } from '../../auth/passwords.ts';
import { resolveEntity, scopeFor } from '../../auth/scope.ts';
import { findCompany, type Company } from '../../auth/tenancy.ts';
import { useSession, type Session } from '../../auth/sessions.ts';
import { LedgerqError } from '../../errors.ts';
import type { Scope } from '../../query/ir/bound.ts';
import type { Database } from '../../store/database.ts';
import { p, sql } from '../../store/sql.ts';
import type { Authentication } from './envelope.ts';

/**
 * scrypt costs ~40 ms a check, and SDK clients sign in with the sender (and
 * often a login) on every request. Successful checks are remembered for a few
 * minutes, keyed by a hash of the stored hash and the password given, so a
 * changed password or a wrong one is never served from here.
 */
const VERIFIED_TTL_MS = 5 * 60_000;
const verified = new Map<string, number>();

function checkPassword(password: string, stored: string): boolean {
  const key = createHash('sha256').update(stored).update('\0').update(password).digest('hex');
  const until = verified.get(key);
  if (until !== undefined && until > Date.now()) return true;
  if (!verifyPassword(password, stored)) return false;
  if (verified.size > 10_000) verified.clear();
  verified.set(key, Date.now() + VERIFIED_TTL_MS);
  return true;
}

/** Intacct's one wording for every sign-in refusal, so a caller cannot tell which part was wrong. */
const SIGN_IN_INCORRECT = 'Sign-in information is incorrect';

const SENDERS = Symbol('senders');

/**
 * `address`: the client's address, which with the sender ID names whose failures pace whose attempts
 * (auth/login-throttle.ts). Runs on every gateway request: an active sender whose pair has no failures is kept in the
 * process's sign-in cache (the first failure's row, or any change of lq_sender, empties it), and a password that does
 * not match what is kept goes the whole way below, throttle included.
 */
export async function checkSender(db: Database, senderId: string, password: string, address: string): Promise<void> {
  const subject = throttleSubject('sender', address, senderId);
  const cache = signInCacheOf(db);
  const stamp = cache ? await cache.current() : null;
  const senders = cache?.slot<string, string>(SENDERS);
  const kept = stamp === null ? undefined : senders?.get(subject);
  if (kept !== undefined && checkPassword(password, kept)) return;
  // One statement for the sender and its throttle state.
  const rows = await db.all<{ password_hash: string; status: string } & ThrottleState>(
    sql`SELECT s.password_hash, s.status, f.failures, f.window_start, f.blocked_until
    FROM lq_sender s LEFT JOIN lq_login_failure f ON f.subject = ${p(subject)} WHERE s.sender_id = ${p(senderId)}`,
  );
  const row = rows[0];
  // Failures are only counted for senders that exist, so guesses at random names do not grow the table.
  const throttled = row && row.failures !== null;
  if (throttled) await awaitTurn(db, subject, `sender ${senderId} from ${address}`, row);
  if (row?.status !== 'active' || !checkPassword(password, row.password_hash)) {
    if (row) await recordFailure(db, subject);
    throw new LedgerqError(
      'auth.invalid-sender',
      // Intacct's text, verbatim (intacct-responses fact 15).
      `${senderId} is not a valid transport policy.`,
    );
  }
  if (throttled) await clearFailures(db, subject);
  else if (cache && senders) cache.keep(senders, stamp, subject, row.password_hash);
}

/** `authorized`, when the caller already read it (with the session), saves the lookup. */
export async function checkSenderCompany(
  db: Database,
  senderId: string,
  company: Company,
  authorized?: boolean,
): Promise<void> {
  const ok =
    authorized ??
    (
      await db.all(
        sql`SELECT 1 AS ok FROM lq_sender_company WHERE sender_id = ${p(senderId)} AND company_key = ${p(company.key)}`,
      )
    ).length > 0;
  if (!ok) {
    throw new LedgerqError(
      'auth.sender-not-authorized',
      `The sender ID '${senderId}' is not authorized to make Web Services requests to company ID '${company.companyId}'.`,
    );
  }
}

export interface Caller {
  readonly company: Company;
  readonly userId: string;
  /** The entity signed into, or null at the top level. */
  readonly entityId: string | null;
  readonly scope: Scope;
  /** Present when the request signed in with a session id. */
  readonly session: Session | null;
  /** The user's role as read at sign-in: read-only users may read but not write. */
  readonly role: string;
}

interface UserRow {
  user_id: string;
  password_hash: string;
  status: string;
  entity_id: string | null;
  role: string;
}

async function findUser(db: Database, company: Company, userId: string): Promise<UserRow | undefined> {
  const rows = await db.all<UserRow>(
    sql`SELECT user_id, password_hash, status, entity_id, role FROM lq_user WHERE company_key = ${p(company.key)} AND LOWER(user_id) = ${p(userId.toLowerCase())}`,
  );
  return rows[0];
}

/** What sign-in starts from: the addressed company and, for a session id, the session with its user and the sender's authorization read alongside. */
export interface SignInTarget {
  readonly company: Company | undefined;
  readonly session: Session | null;
  /** Session requests only: the session's user as stored now (null: removed). */
  readonly sessionUser?: { readonly user_id: string; readonly status: string; readonly role: string } | null;
  /** Session requests only: whether the request's sender may call the session's company. */
  readonly senderAuthorized?: boolean;
}

/** The company a request addresses, found before the user is checked so the sender's authorization can be tested first. */
export async function companyOf(db: Database, auth: Authentication, senderId = ''): Promise<SignInTarget> {
  if (auth.kind === 'login')
    return { company: auth.companyId ? await findCompany(db, auth.companyId) : undefined, session: null };
  // One joined statement for session, company, user and sender authorization.
  const found = await useSession(db, auth.sessionId, senderId);
  return {
    company: found.company ?? undefined,
    session: found.session,
    sessionUser: found.user,
    senderAuthorized: found.senderAuthorized,
  };
}

export async function signIn(
  db: Database,
  auth: Authentication,
  company: Company | undefined,
  session: Session | null,
  /** The client's address: failed logins pace only that address's attempts at that user. */
  address: string,
  sessionUser?: SignInTarget['sessionUser'],
): Promise<Caller> {
  if (auth.kind === 'session') {
    if (!company || !session)
      throw new LedgerqError('auth.invalid-session', 'Invalid session: sign in again with getAPISession');
    const user = sessionUser !== undefined ? (sessionUser ?? undefined) : await findUser(db, company, session.userId);
    if (user?.status !== 'active')
      throw new LedgerqError('auth.invalid-session', 'Invalid session: its user can no longer sign in');
    return {
      company,
      userId: user.user_id,
      entityId: session.entityId,
      scope: await scopeFor(db, company, session.entityId),
      session,
      role: user.role,
    };
  }
  const subject = throttleSubject('user', address, auth.companyId, auth.userId);
  await awaitTurn(db, subject, `user ${auth.userId} from ${address}`);
  const user = company && auth.userId ? await findUser(db, company, auth.userId) : undefined;
  if (!company || !user || !checkPassword(auth.password, user.password_hash)) {
    if (user) await recordFailure(db, subject);
    if (company && user) await countFailedPassword(db, company, user.user_id);
    // Intacct's text, verbatim (intacct-responses fact 15).
    throw new LedgerqError('auth.invalid-login', SIGN_IN_INCORRECT);
  }
  if (user.status !== 'active')
    throw new LedgerqError(
      'auth.user-locked',
      `User ${user.user_id} is locked out of company ${company.companyId}; an administrator must unlock it`,
    );
  await clearFailures(db, subject);
  await clearFailedPasswords(db, company, user.user_id);
  const entityId = await resolveEntity(db, company, user.entity_id, auth.locationId, `User ${user.user_id}`);
  return {
    company,
    userId: user.user_id,
    entityId,
    scope: await scopeFor(db, company, entityId),
    session: null,
    role: user.role,
  };
}

/** Re-scopes a caller to another entity (getAPISession's `<locationid>`), with the same rules as a login. */
export async function rescopeCaller(db: Database, caller: Caller, entityId: string): Promise<Caller> {
  const user = await findUser(db, caller.company, caller.userId);
  if (!user) throw new LedgerqError('auth.invalid-session', 'Invalid session: its user can no longer sign in');
  const e = await resolveEntity(db, caller.company, user.entity_id, entityId, `User ${user.user_id}`);
  return { ...caller, entityId: e, scope: await scopeFor(db, caller.company, e) };
}
