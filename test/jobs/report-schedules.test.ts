// Scheduled reports under an injected clock: jobs queued at exactly the cron instants, once each with two schedulers
// racing; missed instants; HTTP and the job run.

import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { addOAuthClient, addUser, createCompany, type Company } from '../../src/auth/tenancy.ts';
import { buildCatalog, type Catalog } from '../../src/catalog/catalog.ts';
import {
  addSchedule,
  listSchedules,
  startReportScheduler,
  type ReportScheduler,
} from '../../src/jobs/report-schedules.ts';
import {
  reportHandler,
  SCHEDULED_REPORT_KIND,
  type ReportPayload,
  type ReportResult,
} from '../../src/jobs/stored-report.ts';
import { startWorkerPool } from '../../src/queue/worker-pool.ts';
import { buildApp } from '../../src/server/app.ts';
import type { Database } from '../../src/store/database.ts';
import { p, sql } from '../../src/store/sql.ts';
import { BACKENDS, createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { migrateSchema } from '../../src/app/schema.ts';

const QUERY = '<query><object>VENDOR</object><select><field>VENDORID</field><field>NAME</field></select></query>';
const iso = (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}Z`;
const at = (s: string) => Date.parse(s);

describe.each(BACKENDS)('report schedules on %s', (backend) => {
  let t: TestDatabase;
  let db: Database;
  let catalog: Catalog;
  let company: Company;
  const clock = { ms: 0 };
  let schedulers: ReportScheduler[] = [];

  interface QueuedJob {
    jobid: string;
    timequeued: string;
    jobtype: string;
    details: string;
    dueAt: string;
    name: string;
  }
  async function jobs(): Promise<QueuedJob[]> {
    const rows = await db.all<{
      jobid: string;
      timequeued: string;
      jobtype: string;
      details: string;
      payload: string;
    }>(sql`SELECT j.jobid, j.timequeued, j.jobtype, j.details, l.payload
      FROM o_jobqueuerecord j JOIN lq_job l ON l.company_key = j.company_key AND l.job_id = j.jobid WHERE j.company_key = ${p(company.key)} ORDER BY j.timequeued, j.jobid`);
    return rows.map((r) => {
      const s = (JSON.parse(r.payload) as ReportPayload).schedule!;
      return {
        jobid: r.jobid,
        timequeued: `${new Date(String(r.timequeued)).toISOString().slice(0, 19)}Z`,
        jobtype: r.jobtype,
        details: r.details,
        dueAt: s.dueAt,
        name: s.name,
      };
    });
  }

  /** Sets the clock, then lets both schedulers run several passes at once (as two processes would). */
  async function advanceTo(ms: number): Promise<void> {
    clock.ms = ms;
    await Promise.all(schedulers.flatMap((s) => [s.tick(), s.tick()]));
    await new Promise((r) => setTimeout(r, 30)); // and their own loops tick too
  }

  beforeAll(async () => {
    t = await createTestDatabase(backend);
    db = t.db;
    catalog = buildCatalog();
    await migrateSchema(db, catalog);
    company = await createCompany(db, {
      companyId: 'sched',
      name: 'Schedules Co',
      serviceLevel: 'premium',
      multiEntity: false,
    });
    await addUser(db, company, { userId: 'admin', password: 'admin', role: 'admin' });
    await addOAuthClient(db, { clientId: 'sched-client', secret: 'sched-secret', name: 'test' }, [company]);
  }, 60_000);

  beforeEach(async () => {
    for (const s of schedulers) await s.stop();
    await db.run(sql`DELETE FROM lq_report_schedule`);
    await db.run(sql`DELETE FROM lq_job`);
    await db.run(sql`DELETE FROM o_jobqueuerecord`);
    schedulers = [0, 1].map(() => startReportScheduler({ db, now: () => clock.ms, intervalMs: 5 }));
  });

  afterAll(async () => {
    for (const s of schedulers) await s.stop();
    await t?.drop();
  });

  it('queues */15 * * * * at each quarter hour exactly once, never before it is due', async () => {
    clock.ms = at('2026-01-05T09:07:00Z');
    const s = await addSchedule(
      db,
      catalog,
      company.key,
      { name: 'quarterly', cron: '*/15 * * * *', query: QUERY, userId: 'admin' },
      clock.ms,
    );
    expect(s.nextRun).toBe('2026-01-05T09:15:00Z');
    const expected: string[] = [];
    for (let due = at('2026-01-05T09:15:00Z'); due <= at('2026-01-05T11:00:00Z'); due += 15 * 60_000) {
      await advanceTo(due - 1000);
      expect((await jobs()).map((j) => j.dueAt)).toEqual(expected);
      await advanceTo(due);
      expected.push(iso(due));
      await advanceTo(due + 7 * 60_000); // later passes in the same quarter queue nothing more
      const all = await jobs();
      expect(all.map((j) => j.dueAt)).toEqual(expected);
      expect(all.at(-1)!.timequeued).toBe(iso(due));
    }
    expect(expected).toHaveLength(8);
    const all = await jobs();
    expect(new Set(all.map((j) => j.jobtype))).toEqual(new Set(['Scheduled report']));
    expect((await listSchedules(db, company.key))[0]!.nextRun).toBe('2026-01-05T11:15:00Z');
  }, 60_000);

  it('queues a daily schedule in its time zone at 06:30 local each day, once', async () => {
    clock.ms = at('2026-03-27T00:00:00Z');
    await addSchedule(
      db,
      catalog,
      company.key,
      { name: 'daily', cron: '30 6 * * *', timezone: 'Europe/Paris', query: QUERY, userId: 'admin' },
      clock.ms,
    );
    // Paris moves to summer time on 29 March: 06:30 local is 05:30Z, then 04:30Z. The clock visits every third hour
    // and each expected instant and the second before it (when nothing may be queued yet).
    const expected = ['2026-03-27T05:30:00Z', '2026-03-28T05:30:00Z', '2026-03-29T04:30:00Z', '2026-03-30T04:30:00Z'];
    const steps = new Set<number>(expected.flatMap((e) => [at(e) - 1000, at(e)]));
    for (let ms = clock.ms; ms <= at('2026-03-31T00:00:00Z'); ms += 3 * 3_600_000) steps.add(ms);
    for (const ms of [...steps].sort((a, b) => a - b)) {
      await advanceTo(ms);
      expect((await jobs()).map((j) => j.dueAt)).toEqual(expected.filter((e) => at(e) <= ms));
    }
    const all = await jobs();
    expect(all.map((j) => j.dueAt)).toEqual(expected);
    expect(all.map((j) => j.timequeued)).toEqual(expected);
  }, 60_000);

  it('folds instants missed while no scheduler ran into one job for the latest', async () => {
    clock.ms = at('2026-01-05T09:07:00Z');
    await addSchedule(
      db,
      catalog,
      company.key,
      { name: 'missed', cron: '*/15 * * * *', query: QUERY, userId: 'admin' },
      clock.ms,
    );
    await advanceTo(at('2026-01-05T11:05:00Z'));
    const all = await jobs();
    expect(all.map((j) => j.dueAt)).toEqual(['2026-01-05T11:00:00Z']);
    expect(all[0]!.details).toMatch(/7 earlier instant\(s\) missed/);
    await advanceTo(at('2026-01-05T11:15:00Z'));
    expect((await jobs()).map((j) => j.dueAt)).toEqual(['2026-01-05T11:00:00Z', '2026-01-05T11:15:00Z']);
  }, 60_000);

  it('is managed over HTTP, and a due job runs the saved query', async () => {
    let app: FastifyInstance | undefined;
    try {
      app = buildApp({ db, catalog, bodyLimit: 1 << 20, logger: false });
      const base = await app.listen({ host: '127.0.0.1', port: 0 });
      const tok = await fetch(`${base}/ia/api/v1/oauth2/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: 'sched-client',
          client_secret: 'sched-secret',
          username: 'admin@sched',
        }),
      });
      const auth = {
        authorization: `Bearer ${((await tok.json()) as { access_token: string }).access_token}`,
        'content-type': 'application/json',
      };
      const bad = await fetch(`${base}/jobs/schedules`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ name: 'x', cron: 'every day', query: QUERY }),
      });
      expect(bad.status).toBe(400);
      expect((await bad.json())['ia::result']['ia::error']).toMatchObject({ errorId: 'queue.invalid-schedule' });
      const rest = { object: 'accounts-payable/vendor', fields: ['id', 'name'] };
      const made = await fetch(`${base}/jobs/schedules`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ name: 'hourly', cron: '0 * * * *', query: rest }),
      });
      expect(made.status).toBe(201);
      expect(
        (
          await fetch(`${base}/jobs/schedules`, {
            method: 'POST',
            headers: auth,
            body: JSON.stringify({ name: 'hourly', cron: '0 * * * *', query: rest }),
          })
        ).status,
      ).toBe(409);
      const listed = (await (await fetch(`${base}/jobs/schedules`, { headers: auth })).json()) as {
        schedules: { name: string; cron: string; timezone: string }[];
      };
      expect(listed.schedules.map((s) => [s.name, s.cron, s.timezone])).toEqual([['hourly', '0 * * * *', 'UTC']]);

      // The HTTP server's clock is the real one: move the injected clock past its next hour.
      await advanceTo(Math.ceil(Date.now() / 3_600_000) * 3_600_000);
      const [due] = await jobs();
      expect(due).toMatchObject({ name: 'hourly', jobtype: 'Scheduled report' });
      const pool = startWorkerPool({
        db,
        handlers: { [SCHEDULED_REPORT_KIND]: reportHandler({ catalog }) },
        concurrency: 1,
        pollMs: 20,
      });
      try {
        for (let i = 0; i < 200; i++) {
          const shown = (await (await fetch(`${base}/jobs/${due!.jobid}`, { headers: auth })).json()) as {
            state: string;
            result: ReportResult | null;
          };
          if (shown.state === 'Delivered') {
            expect(shown.result).toEqual({ kind: 'report', naming: 'rest', labels: ['id', 'name'], rows: 0 });
            break;
          }
          if (i === 199) throw new Error(`job is ${shown.state}`);
          await new Promise((r) => setTimeout(r, 50));
        }
      } finally {
        await pool.stop(5000);
      }
      expect(await (await fetch(`${base}/jobs/${due!.jobid}/result?format=json`, { headers: auth })).json()).toEqual(
        [],
      );
      expect((await fetch(`${base}/jobs/schedules/hourly`, { method: 'DELETE', headers: auth })).status).toBe(204);
      expect((await fetch(`${base}/jobs/schedules/hourly`, { method: 'DELETE', headers: auth })).status).toBe(404);
      expect(await listSchedules(db, company.key)).toEqual([]);
    } finally {
      await app?.close();
    }
  }, 60_000);
});
