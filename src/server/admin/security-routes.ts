// Admin routes of a company's security policy: user lockout after failed sign-ins (off unless set) and unlocking
// users (auth/user-lockout.ts).

import type { FastifyInstance } from 'fastify';
import type { Company } from '../../auth/tenancy.ts';
import { lockedUsers, lockoutAttempts, setLockoutAttempts, unlockUser } from '../../auth/user-lockout.ts';
import { LedgerqError } from '../../errors.ts';
import type { AdminContext } from './admin-context.ts';
import { companyNamed } from './limits-routes.ts';

export interface SecurityBody {
  readonly company?: string;
  /** Failed sign-ins that lock a user out: a whole number, or "off". */
  readonly lockoutAttempts?: unknown;
  /** Users to unlock. */
  readonly unlock?: unknown;
}

export function registerSecurityRoutes(scope: FastifyInstance, ctx: AdminContext): void {
  const { db } = ctx;
  const show = async (company: Company) => ({
    company: company.companyId,
    lockoutAttempts: (await lockoutAttempts(db, company.key)) ?? 'off',
    lockedUsers: await lockedUsers(db, company),
  });

  scope.get('/security', async (req) => show(await companyNamed(db, (req.query as Record<string, unknown>).company)));

  scope.put('/security', async (req) => {
    const body = (req.body ?? {}) as SecurityBody;
    const company = await companyNamed(db, body.company);
    const unlock = body.unlock ?? [];
    if (!Array.isArray(unlock) || !unlock.every((u) => typeof u === 'string'))
      throw new LedgerqError('admin.invalid-request', 'unlock is a list of user IDs', { field: 'unlock' });
    if (body.lockoutAttempts === undefined && unlock.length === 0)
      throw new LedgerqError('admin.invalid-request', 'nothing to change: give lockoutAttempts and/or unlock');
    if (body.lockoutAttempts !== undefined)
      await setLockoutAttempts(db, company.key, body.lockoutAttempts === 'off' ? null : Number(body.lockoutAttempts));
    for (const userId of unlock as string[]) {
      if (!(await unlockUser(db, company, userId)))
        throw new LedgerqError('admin.invalid-request', `user ${userId} of ${company.companyId} is not locked`, {
          field: 'unlock',
        });
    }
    return show(company);
  });
}
