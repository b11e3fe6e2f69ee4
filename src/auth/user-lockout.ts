// User lockout, Intacct's company security policy: after a company's maximum number of failed sign-in attempts a user
// is locked out until an administrator unlocks it (Sage Intacct Help, "Cannot log in: user locked out due to failed
// login attempts"; the user's status then reads locked out). In ledgerq it is a company setting, off unless an operator
// sets it, so the demo companies, whose credentials are public, never lock anyone out. The count is of consecutive
// failed passwords of an existing user, from any address; a success sets it back to zero. Intacct documents neither a
// default nor whether failures expire, so ledgerq has no default and never forgets a failure before a success (the
// stricter reading). The throttle (login-throttle.ts) paces failures the same way whether or not this is on.

import { LedgerqError } from '../errors.ts';
import type { Database } from '../store/database.ts';
import { p, sql } from '../store/sql.ts';
import type { Company } from './tenancy.ts';

/** lq_company_setting's name for the policy: a whole number of failures from 1 up; no row = no lockout. */
export const LOCKOUT_SETTING = 'security.lockoutAttempts';
export const MAX_LOCKOUT_ATTEMPTS = 1000;

/** The company's maximum of consecutive failed sign-ins, or null when lockout is off. */
export async function lockoutAttempts(db: Database, companyKey: number): Promise<number | null> {
  const rows = await db.all<{ value: string }>(
    sql`SELECT value FROM lq_company_setting WHERE company_key = ${p(companyKey)} AND name = ${p(LOCKOUT_SETTING)}`,
  );
  const n = Number(rows[0]?.value);
  return Number.isInteger(n) && n > 0 ? n : null;
}

/** Turns the policy on (`attempts`) or off (null). */
export async function setLockoutAttempts(db: Database, companyKey: number, attempts: number | null): Promise<void> {
  if (attempts === null) {
    await db.run(
      sql`DELETE FROM lq_company_setting WHERE company_key = ${p(companyKey)} AND name = ${p(LOCKOUT_SETTING)}`,
    );
    return;
  }
  if (!Number.isInteger(attempts) || attempts < 1 || attempts > MAX_LOCKOUT_ATTEMPTS)
    throw new LedgerqError(
      'admin.invalid-request',
      `lockoutAttempts is a whole number from 1 to ${MAX_LOCKOUT_ATTEMPTS}, or "off"`,
      { field: 'lockoutAttempts' },
    );
  await db.run(sql`INSERT INTO lq_company_setting (company_key, name, value) VALUES (${p(companyKey)}, ${p(LOCKOUT_SETTING)}, ${p(String(attempts))})
    ON CONFLICT (company_key, name) DO UPDATE SET value = EXCLUDED.value`);
}

/** One more failed password of an existing user; the company's maximum locks it (nothing when lockout is off). */
export async function countFailedPassword(db: Database, company: Company, userId: string): Promise<void> {
  const max = await lockoutAttempts(db, company.key);
  if (max === null) return;
  await db.run(sql`UPDATE lq_user SET failed_logins = COALESCE(failed_logins, 0) + 1,
      status = CASE WHEN COALESCE(failed_logins, 0) + 1 >= ${p(max)} THEN 'locked' ELSE status END
    WHERE company_key = ${p(company.key)} AND user_id = ${p(userId)}`);
}

/** A successful sign-in: the count starts again (one statement that changes nothing when it is already zero). */
export async function clearFailedPasswords(db: Database, company: Company, userId: string): Promise<void> {
  await db.run(sql`UPDATE lq_user SET failed_logins = 0
    WHERE company_key = ${p(company.key)} AND user_id = ${p(userId)} AND failed_logins > 0`);
}

/** An administrator's unlock: the user is active again with no failures counted. Returns whether it was locked. */
export async function unlockUser(db: Database, company: Company, userId: string): Promise<boolean> {
  const changed = await db.run(sql`UPDATE lq_user SET status = 'active', failed_logins = 0
    WHERE company_key = ${p(company.key)} AND LOWER(user_id) = ${p(userId.toLowerCase())} AND status = 'locked'`);
  return changed > 0;
}

export async function lockedUsers(db: Database, company: Company): Promise<string[]> {
  const rows = await db.all<{ user_id: string }>(
    sql`SELECT user_id FROM lq_user WHERE company_key = ${p(company.key)} AND status = 'locked' ORDER BY user_id`,
  );
  return rows.map((r) => r.user_id);
}
