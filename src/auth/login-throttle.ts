// Failed-sign-in throttling for the XML gateway and the console: a growing delay per (name, client address), never a
// lockout, so nobody can lock others out by knowing a sender ID or a user name. Kept in the database so every
// ledgerq process sharing it paces the same attempts.

import { LedgerqError } from '../errors.ts';
import type { Database } from '../store/database.ts';
import { p, sql } from '../store/sql.ts';
import type { TableSpec } from '../store/table-spec.ts';

/**
 * The first five failures of a (name, address) pair within fifteen minutes cost nothing. From then on that pair's
 * attempts are spaced: each one waits its turn (the answer is held, then the password checked as usual), and every
 * further failure doubles the spacing, from one second up to thirty. An attempt whose turn would come more than
 * thirty seconds later is refused at once ("try again in N s"). A success clears the pair. Sessions and tokens are
 * never throttled, and failures from one address never slow another: a suite that tests its wrong-password handling
 * delays only its own next sign-in, by a second or two. Intacct documents no sender lockout. Its user lockout is a
 * company security policy, off unless a company sets it (user-lockout.ts, docs/security.md).
 */
export const THROTTLE = {
  freeFailures: 5,
  windowMs: 15 * 60_000,
  firstDelayMs: 1000,
  maxDelayMs: 30_000,
  maxHoldMs: 30_000,
} as const;

export const LOGIN_THROTTLE_TABLES: readonly TableSpec[] = [
  {
    name: 'lq_login_failure',
    scope: 'server',
    columns: [
      { name: 'subject', kind: 'text', notNull: true },
      { name: 'failures', kind: 'integer', notNull: true },
      { name: 'window_start', kind: 'bigint', notNull: true },
      { name: 'blocked_until', kind: 'bigint', notNull: true },
    ],
    primaryKey: ['subject'],
    indexes: [],
  },
];

/**
 * `sender:<id>@<address>` or `user:<company>/<user>@<address>`, case-folded as the logins themselves are matched. NUL
 * (which no login holds, and PostgreSQL text cannot store) becomes U+FFFD.
 */
export function throttleSubject(kind: 'sender' | 'user', address: string, ...parts: string[]): string {
  return `${kind}:${parts.map((x) => x.toLowerCase()).join('/')}@${address}`.replaceAll('\u0000', '\uFFFD');
}

/** A pair's throttle state as stored (numbers may come back as text from PostgreSQL's bigint). */
export interface ThrottleState {
  readonly failures: number | string | null;
  readonly window_start: number | string | null;
  readonly blocked_until: number | string | null;
}

function spacingMs(failures: number): number {
  return Math.min(THROTTLE.maxDelayMs, THROTTLE.firstDelayMs * 2 ** Math.max(0, failures - THROTTLE.freeFailures));
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Waits this attempt's turn when the pair is being throttled (`state`, when the caller read it with its own
 * statement, saves a read). Turns are reserved by compare-and-set on `blocked_until`, so concurrent attempts, from
 * any process, queue up instead of all going at once.
 */
export async function awaitTurn(
  db: Database,
  subject: string,
  describe: string,
  state?: ThrottleState | null,
): Promise<void> {
  let current = state === undefined ? await readState(db, subject) : state;
  for (let tries = 0; tries < 20; tries++) {
    const now = Date.now();
    const failures = Number(current?.failures ?? 0);
    if (!current || failures < THROTTLE.freeFailures || Number(current.window_start) < now - THROTTLE.windowMs) return;
    const previous = Number(current.blocked_until ?? 0);
    const turn = Math.max(previous, now);
    if (turn - now > THROTTLE.maxHoldMs) {
      throw new LedgerqError(
        'auth.login-throttled',
        `Too many failed sign-in attempts for ${describe}; try again in ${Math.ceil((turn - now) / 1000)} s`,
      );
    }
    const reserved = await db.run(sql`UPDATE lq_login_failure SET blocked_until = ${p(turn + spacingMs(failures))}
      WHERE subject = ${p(subject)} AND blocked_until = ${p(previous)}`);
    if (reserved > 0) {
      if (turn > now) await sleep(turn - now);
      return;
    }
    current = await readState(db, subject);
  }
  throw new LedgerqError('auth.login-throttled', `Too many concurrent sign-in attempts for ${describe}; try again`);
}

async function readState(db: Database, subject: string): Promise<ThrottleState | null> {
  const rows = await db.all<ThrottleState>(
    sql`SELECT failures, window_start, blocked_until FROM lq_login_failure WHERE subject = ${p(subject)}`,
  );
  return rows[0] ?? null;
}

/** Counts one failure (a new window when the last one is over). */
export async function recordFailure(db: Database, subject: string, now = Date.now()): Promise<void> {
  const cutoff = now - THROTTLE.windowMs;
  await db.run(sql`INSERT INTO lq_login_failure (subject, failures, window_start, blocked_until) VALUES (${p(subject)}, 1, ${p(now)}, 0)
    ON CONFLICT (subject) DO UPDATE SET
      failures = CASE WHEN lq_login_failure.window_start < ${p(cutoff)} THEN 1 ELSE lq_login_failure.failures + 1 END,
      window_start = CASE WHEN lq_login_failure.window_start < ${p(cutoff)} THEN ${p(now)} ELSE lq_login_failure.window_start END`);
}

export async function clearFailures(db: Database, subject: string): Promise<void> {
  await db.run(sql`DELETE FROM lq_login_failure WHERE subject = ${p(subject)}`);
}
