// Failed-login throttling for the XML gateway: after repeated failures a sender or user is refused for a while, across
// every ledgerq process.

import type { Database } from '../store/database.ts';
import { p, sql } from '../store/sql.ts';
import type { TableSpec } from '../store/table-spec.ts';

/**
 * Five failures within fifteen minutes block the name for fifteen minutes.
 * Counting per name rather than per address stops password guessing spread
 * over many clients; the block is stored in the database so that a second
 * process behind the same load balancer does not grant fresh attempts.
 */
export const THROTTLE = { maxFailures: 5, windowMs: 15 * 60_000, blockMs: 15 * 60_000 } as const;

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

/** `sender:<id>` or `user:<company>/<user>`, case-folded as the logins themselves are matched. */
export function throttleSubject(kind: 'sender' | 'user', ...parts: string[]): string {
  return `${kind}:${parts.map((x) => x.toLowerCase()).join('/')}`;
}

export async function isBlocked(db: Database, subject: string, now = Date.now()): Promise<boolean> {
  const rows = await db.all<{ blocked_until: number | string }>(
    sql`SELECT blocked_until FROM lq_login_failure WHERE subject = ${p(subject)}`,
  );
  return rows.length > 0 && Number(rows[0]!.blocked_until) > now;
}

/** Counts one failure; returns true when this failure started a block. */
export async function recordFailure(db: Database, subject: string, now = Date.now()): Promise<boolean> {
  const cutoff = now - THROTTLE.windowMs;
  await db.run(sql`INSERT INTO lq_login_failure (subject, failures, window_start, blocked_until) VALUES (${p(subject)}, 1, ${p(now)}, 0)
    ON CONFLICT (subject) DO UPDATE SET
      failures = CASE WHEN lq_login_failure.window_start < ${p(cutoff)} THEN 1 ELSE lq_login_failure.failures + 1 END,
      window_start = CASE WHEN lq_login_failure.window_start < ${p(cutoff)} THEN ${p(now)} ELSE lq_login_failure.window_start END`);
  const changed =
    await db.run(sql`UPDATE lq_login_failure SET blocked_until = ${p(now + THROTTLE.blockMs)}, failures = 0, window_start = ${p(now)}
    WHERE subject = ${p(subject)} AND failures >= ${p(THROTTLE.maxFailures)}`);
  return changed > 0;
}

export async function clearFailures(db: Database, subject: string): Promise<void> {
  await db.run(sql`DELETE FROM lq_login_failure WHERE subject = ${p(subject)} AND blocked_until <= ${p(Date.now())}`);
}
