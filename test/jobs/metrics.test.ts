// GET /metrics: queue depth counted in the database at scrape time, and this process's job outcomes, durations and
// lease expiries.

import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildCatalog } from '../../src/catalog/catalog.ts';
import { claimJob } from '../../src/queue/claim-job.ts';
import type { ConcurrencyLimits } from '../../src/queue/concurrency-limits.ts';
import { PermanentJobError, type JobHandler } from '../../src/queue/job-handler.ts';
import { startWorkerPool } from '../../src/queue/worker-pool.ts';
import { buildApp } from '../../src/server/app.ts';
import { METRICS_PATH } from '../../src/server/metrics.ts';
import { BACKENDS } from '../support/databases.ts';
import { queueFixture, type QueueFixture } from './queue-support.ts';

const WIDE: ConcurrencyLimits = {
  byServiceLevel: { standard: { api: 10, report: 10 }, premium: { api: 10, report: 10 } },
};

/** The value of one sample of the Prometheus text, by metric name and labels (0 when absent, as Prometheus reads it). */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  for (const line of text.split('\n')) {
    const m = /^([a-z_]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((l) => [l[1], l[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) return Number(m[3]);
  }
  return 0;
}

async function until(check: () => Promise<boolean>, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** /metrics shows the whole server, so the admin token guards it. */
const ADMIN = 'metrics-admin-token';

describe.each(BACKENDS)('GET /metrics on %s', (backend) => {
  let f: QueueFixture;
  let app: FastifyInstance;
  beforeAll(async () => {
    f = await queueFixture(backend);
    app = buildApp({ db: f.db, catalog: buildCatalog(), bodyLimit: 1024 * 1024, logger: false, adminToken: ADMIN });
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await f?.t.drop();
  });
  beforeEach(async () => {
    await f.reset();
  });

  const scrape = async () => {
    const res = await app.inject({ method: 'GET', url: METRICS_PATH, headers: { authorization: `Bearer ${ADMIN}` } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    return res.body;
  };

  it('reports queue depth by state and job type as the database holds it, whoever wrote it', async () => {
    await f.enqueue({ jobType: 'CSV import' });
    await f.enqueue({ jobType: 'CSV import' });
    const report = await f.enqueue({ jobType: 'Process & store report', lane: 'report' });
    // Another process could have claimed it: the depth is read from the database, not from this process's pools.
    await claimJob(f.db, 'elsewhere', 60_000, WIDE, f.clock.ms);
    const text = await scrape();
    expect(sample(text, 'ledgerq_queue_jobs', { state: 'Queued', job_type: 'CSV import' })).toBe(1);
    expect(sample(text, 'ledgerq_queue_jobs', { state: 'In Progress', job_type: 'CSV import' })).toBe(1);
    expect(sample(text, 'ledgerq_queue_jobs', { state: 'Queued', job_type: 'Process & store report' })).toBe(1);
    expect(report).toBeTruthy();
    // A state that emptied is no longer reported with its old count.
    await f.reset();
    expect(sample(await scrape(), 'ledgerq_queue_jobs', { state: 'Queued', job_type: 'CSV import' })).toBe(0);
  });

  it("counts the outcomes, durations and lease expiries of this process's pools", async () => {
    const before = await scrape();
    const ok: JobHandler = {
      lane: 'api',
      async run() {
        await new Promise((r) => setTimeout(r, 5));
      },
    };
    const broken: JobHandler = {
      lane: 'api',
      async run() {
        throw new PermanentJobError('bad payload');
      },
    };
    const flaky: JobHandler = {
      lane: 'api',
      async run() {
        throw new Error('callback answered 503');
      },
    };
    await f.enqueue({ kind: 'm-ok' });
    await f.enqueue({ kind: 'm-ok' });
    await f.enqueue({ kind: 'm-broken' });
    await f.enqueue({ kind: 'm-flaky', maxAttempts: 3 });
    // A job whose worker died: leased with a one-second lease that is never renewed.
    await f.enqueue({ kind: 'm-ok' });
    const dead = await claimJob(f.db, 'dead', 1000, WIDE, f.clock.ms);
    expect(dead).not.toBeNull();
    f.clock.ms += 5000;
    const pool = startWorkerPool({
      db: f.db,
      concurrency: 2,
      pollMs: 10,
      limits: WIDE,
      now: () => f.clock.ms,
      backoffMs: () => 60_000,
      handlers: { 'm-ok': ok, 'm-broken': broken, 'm-flaky': flaky },
    });
    try {
      await until(async () => pool.stats.delivered === 3 && pool.stats.failed === 1 && pool.stats.deferred === 1);
    } finally {
      await pool.stop();
    }
    const after = await scrape();
    const delta = (name: string, labels: Record<string, string> = {}) =>
      sample(after, name, labels) - sample(before, name, labels);
    expect(delta('ledgerq_jobs_processed_total', { kind: 'm-ok', outcome: 'delivered' })).toBe(3);
    expect(delta('ledgerq_jobs_processed_total', { kind: 'm-broken', outcome: 'failed' })).toBe(1);
    expect(delta('ledgerq_jobs_processed_total', { kind: 'm-flaky', outcome: 'deferred' })).toBe(1);
    expect(delta('ledgerq_job_lease_expiries_total')).toBe(1);
    expect(delta('ledgerq_job_duration_seconds_count', { kind: 'm-ok', outcome: 'delivered' })).toBe(3);
    // Each m-ok job waited 5 ms: none finished in the first bucket.
    expect(delta('ledgerq_job_duration_seconds_bucket', { kind: 'm-ok', outcome: 'delivered', le: '0.001' })).toBe(0);
    expect(delta('ledgerq_job_duration_seconds_bucket', { kind: 'm-ok', outcome: 'delivered', le: '+Inf' })).toBe(3);
  });
});
