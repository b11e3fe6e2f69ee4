// How many jobs of each lane one company may run at once, by service level, with per-company overrides.

import type { ServiceLevel } from '../auth/tenancy.ts';
import type { JobLane } from './job-states.ts';

export type LaneLimits = Readonly<Record<JobLane, number>>;

export interface ConcurrencyLimits {
  readonly byServiceLevel: Readonly<Record<ServiceLevel, LaneLimits>>;
  /** By company id (`demo`), overriding its service level's limits. */
  readonly byCompany?: Readonly<Record<string, LaneLimits>>;
}

/** As in Intacct: a standard company runs one API job and one report job at a time; premium companies may run more. */
export const DEFAULT_CONCURRENCY_LIMITS: ConcurrencyLimits = {
  byServiceLevel: { standard: { api: 1, report: 1 }, premium: { api: 4, report: 4 } },
};

export function laneLimit(limits: ConcurrencyLimits, companyId: string, serviceLevel: string, lane: string): number {
  const own =
    limits.byCompany?.[companyId] ?? limits.byServiceLevel[serviceLevel === 'premium' ? 'premium' : 'standard'];
  return own[lane === 'report' ? 'report' : 'api'];
}
