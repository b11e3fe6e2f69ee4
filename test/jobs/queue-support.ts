// A migrated database with two companies, an effects table and an injected clock, for the queue tests; reset before
// each test.

import { buildCatalog } from '../../src/catalog/catalog.ts';
import { createCompany, type Company } from '../../src/auth/tenancy.ts';
import { enqueueJob, type NewJob } from '../../src/queue/enqueue-job.ts';
import type { Database } from '../../src/store/database.ts';
import { p, sql } from '../../src/store/sql.ts';
import { createTestDatabase, type Backend, type TestDatabase } from '../support/databases.ts';
import { migrateSchema } from '../../src/app/schema.ts';

export interface QueueFixture {
  readonly t: TestDatabase;
  readonly db: Database;
  readonly premium: Company;
  readonly standard: Company;
  readonly clock: { ms: number };
  enqueue(job?: Partial<NewJob>): Promise<string>;
  /** One row per applied effect: the job and the worker that applied it. */
  effects(): Promise<{ job_id: string; worker: string }[]>;
  job(jobId: string): Promise<{
    state: string;
    details: string;
    timestarted: string | null;
    timefinished: string | null;
    attempts: number;
    error: string | null;
  }>;
  reset(): Promise<void>;
}

/** The queue's clock starts on a fixed instant so TIMEQUEUED order is the enqueue order. */
export const T0 = Date.parse('2026-01-05T09:00:00Z');

export async function queueFixture(backend: Backend): Promise<QueueFixture> {
  const t = await createTestDatabase(backend);
  const db = t.db;
  await migrateSchema(db, buildCatalog());
  await db.execScript('CREATE TABLE test_effect (job_id TEXT NOT NULL, worker TEXT NOT NULL)');
  const premium = await createCompany(db, {
    companyId: 'qpremium',
    name: 'Premium Co',
    serviceLevel: 'premium',
    multiEntity: false,
  });
  const standard = await createCompany(db, {
    companyId: 'qstandard',
    name: 'Standard Co',
    serviceLevel: 'standard',
    multiEntity: false,
  });
  const clock = { ms: T0 };
  return {
    t,
    db,
    premium,
    standard,
    clock,
    enqueue: (job = {}) => {
      clock.ms += 1000;
      return enqueueJob(
        db,
        {
          companyKey: premium.key,
          jobType: 'Asynchronous API requests',
          kind: 'effect',
          lane: 'api',
          action: 'test',
          details: 'test job',
          userId: 'admin',
          payload: '{}',
          ...job,
        },
        clock.ms,
      );
    },
    effects: () => db.all(sql`SELECT job_id, worker FROM test_effect ORDER BY job_id`),
    job: async (jobId) => {
      const rows = await db.all<{
        state: string;
        details: string;
        timestarted: string | null;
        timefinished: string | null;
        attempts: number | string;
        error: string | null;
      }>(
        sql`SELECT j.state, j.details, j.timestarted, j.timefinished, l.attempts, l.error FROM o_jobqueuerecord j JOIN lq_job l ON l.company_key = j.company_key AND l.job_id = j.jobid WHERE j.jobid = ${p(jobId)}`,
      );
      const r = rows[0]!;
      return { ...r, attempts: Number(r.attempts) };
    },
    reset: async () => {
      await db.run(sql`DELETE FROM lq_job`);
      await db.run(sql`DELETE FROM o_jobqueuerecord`);
      await db.run(sql`DELETE FROM test_effect`);
      clock.ms = T0;
    },
  };
}
