// Admin routes of the limits on a dial: show a company's limits (and requests in flight), set or reset them.

import type { FastifyInstance } from 'fastify';
import { findCompany, type Company } from '../../auth/tenancy.ts';
import { slotsInUse } from '../../emulator/concurrency-slots.ts';
import {
  isLimitName,
  LIMIT_NAMES,
  LIMITS,
  parseLimitValue,
  type LimitName,
  type LimitValue,
} from '../../emulator/limit-settings.ts';
import { LedgerqError } from '../../errors.ts';
import type { Database } from '../../store/database.ts';
import { p, sql } from '../../store/sql.ts';
import type { AdminContext } from './admin-context.ts';

/** The company an admin request names (its `company` member or query parameter). */
export async function companyNamed(db: Database, id: unknown): Promise<Company> {
  if (typeof id !== 'string' || id.trim() === '')
    throw new LedgerqError('admin.invalid-request', 'company is required', { field: 'company' });
  const c = await findCompany(db, id.trim());
  if (!c) throw new LedgerqError('admin.unknown-company', `no company ${id}`, { field: 'company' });
  return c;
}

/** Parse errors of a setting are the admin client's mistake (400), not a configuration failure. */
function asRequestError<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof LedgerqError && e.code === 'config.invalid')
      throw new LedgerqError('admin.invalid-request', e.message);
    throw e;
  }
}

export interface LimitsBody {
  readonly company?: string;
  /** New values: a positive number or "off". */
  readonly set?: Record<string, unknown>;
  /** Limits to put back to the configuration's (or Intacct's) value. */
  readonly reset?: readonly string[];
}

export function registerLimitsRoutes(scope: FastifyInstance, ctx: AdminContext): void {
  const { db } = ctx;

  async function show(company: Company) {
    const resolved = ctx.controls ? await ctx.controls.resolvedLimits(company.key) : [];
    return {
      company: company.companyId,
      inFlight: await slotsInUse(db, company.key),
      limits: resolved.map((r) => ({
        name: r.name,
        value: r.value ?? 'off',
        source: r.source,
        intacct: r.intacct,
        about: LIMITS[r.name].about,
      })),
    };
  }

  scope.get('/limits', async (req) => show(await companyNamed(db, (req.query as Record<string, unknown>).company)));

  scope.put('/limits', async (req) => {
    const body = (req.body ?? {}) as LimitsBody;
    const company = await companyNamed(db, body.company);
    const set: [LimitName, LimitValue][] = Object.entries(body.set ?? {}).map(([name, value]) => {
      if (!isLimitName(name))
        throw new LedgerqError('admin.invalid-request', `${name} is not a limit (${LIMIT_NAMES.join(', ')})`, {
          field: name,
        });
      return [name, asRequestError(() => parseLimitValue(name, value, name))];
    });
    const reset = (body.reset ?? []).map((name) => {
      if (!isLimitName(name))
        throw new LedgerqError('admin.invalid-request', `${name} is not a limit (${LIMIT_NAMES.join(', ')})`, {
          field: name,
        });
      return name;
    });
    if (set.length === 0 && reset.length === 0)
      throw new LedgerqError('admin.invalid-request', 'nothing to change: give set and/or reset');
    await db.transaction(async (tx) => {
      for (const [name, value] of set) {
        await tx.run(sql`INSERT INTO lq_company_setting (company_key, name, value) VALUES (${p(company.key)}, ${p(LIMITS[name].setting)}, ${p(String(value))})
          ON CONFLICT (company_key, name) DO UPDATE SET value = EXCLUDED.value`);
      }
      for (const name of reset)
        await tx.run(
          sql`DELETE FROM lq_company_setting WHERE company_key = ${p(company.key)} AND name = ${p(LIMITS[name].setting)}`,
        );
    });
    // This process applies the change at once; the others when the change signal reaches them (milliseconds).
    ctx.controls?.invalidate();
    return show(company);
  });
}
