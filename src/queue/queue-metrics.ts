// The queue's Prometheus counters for this process's worker pools (prom-client's default registry): outcomes,
// durations, lease expiries.

import { Counter, Histogram, register } from 'prom-client';

export type JobOutcomeLabel = 'delivered' | 'failed' | 'deferred' | 'cancelled';

/** The same registry may be asked twice for a metric (tests build several pools), so an existing one is reused. */
function metric<T>(name: string, make: () => T): T {
  return (register.getSingleMetric(name) as T | undefined) ?? make();
}

const processed = metric(
  'ledgerq_jobs_processed_total',
  () =>
    new Counter({
      name: 'ledgerq_jobs_processed_total',
      help: 'Job attempts this process ended, by job kind and outcome (delivered, failed, deferred, cancelled)',
      labelNames: ['kind', 'outcome'] as const,
    }),
);

const duration = metric(
  'ledgerq_job_duration_seconds',
  () =>
    new Histogram({
      name: 'ledgerq_job_duration_seconds',
      help: 'Time from claim to outcome of the job attempts this process ran, by job kind and outcome',
      labelNames: ['kind', 'outcome'] as const,
      buckets: [0.001, 0.005, 0.025, 0.1, 0.5, 2.5, 10, 60, 300],
    }),
);

const leaseExpiries = metric(
  'ledgerq_job_lease_expiries_total',
  () =>
    new Counter({
      name: 'ledgerq_job_lease_expiries_total',
      help: 'Jobs this process took back because the worker running them stopped renewing its lease',
    }),
);

export function recordJobOutcome(kind: string, outcome: JobOutcomeLabel, seconds: number): void {
  processed.inc({ kind, outcome });
  duration.observe({ kind, outcome }, seconds);
}

export function countLeaseExpiries(n: number): void {
  if (n > 0) leaseExpiries.inc(n);
}
