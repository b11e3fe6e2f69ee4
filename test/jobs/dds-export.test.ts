// DDS exports of the small demo's bills: files equal the XML gateway's csv query row for row, changes-since, a crash
// between files resumed, cancel, HTTP submission.

import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findCompany, type Company } from '../../src/auth/tenancy.ts';
import { buildCatalog, storedFields, type Catalog } from '../../src/catalog/catalog.ts';
import { cancelJob } from '../../src/queue/cancel-job.ts';
import {
  DDS_EXPORT_KIND,
  DDS_JOB_TYPE,
  ddsExportHandler,
  exportObject,
  type DdsExportPayload,
  type DdsExportResult,
} from '../../src/jobs/dds-export.ts';
import { enqueueJob } from '../../src/queue/enqueue-job.ts';
import type { JobHandler } from '../../src/queue/job-handler.ts';
import { startWorkerPool } from '../../src/queue/worker-pool.ts';
import { buildApp } from '../../src/server/app.ts';
import type { Database } from '../../src/store/database.ts';
import { p, sql } from '../../src/store/sql.ts';
import { BACKENDS, createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { envelope, postRaw } from '../xml/support/gateway-harness.ts';
import { seedDemo } from '../../src/app/seed.ts';
import { migrateSchema } from '../../src/app/schema.ts';

/** The CSV lines of every file after their headers, in file order. */
function dataOf(dir: string, files: readonly { name: string }[]): { headers: string[]; body: string } {
  const headers: string[] = [];
  let body = '';
  for (const f of files) {
    const text = readFileSync(join(dir, f.name), 'utf8');
    const nl = text.indexOf('\n');
    headers.push(text.slice(0, nl));
    body += text.slice(nl + 1);
  }
  return { headers, body };
}

describe.each(BACKENDS)('DDS export on %s', (backend) => {
  let t: TestDatabase;
  let db: Database;
  let catalog: Catalog;
  let demo: Company;
  let app: FastifyInstance;
  let base: string;
  let exportDir: string;
  let fields: string[];

  /** The XML gateway's answer to the same query in returnformat csv, every page: header and rows. */
  async function gatewayCsv(filter = ''): Promise<{ header: string; body: string }> {
    let header = '';
    let body = '';
    for (let offset = 0; ; offset += 2000) {
      const q =
        `<query><object>APBILL</object><select>${fields.map((f) => `<field>${f}</field>`).join('')}</select>${filter}` +
        `<orderby><order><field>RECORDNO</field><ascending/></order></orderby><options><showprivate>true</showprivate><returnformat>csv</returnformat></options>` +
        `<pagesize>2000</pagesize><offset>${offset}</offset></query>`;
      const a = await postRaw(`${base}/ia/xml/xmlgw.phtml`, envelope(`<function controlid="q">${q}</function>`));
      expect(a.contentType).toMatch(/text\/csv/);
      const nl = a.body.indexOf('\n');
      header = a.body.slice(0, nl);
      const rows = a.body.slice(nl + 1);
      body += rows;
      if (rows.split('\n').length - 1 < 2000) return { header, body };
    }
  }

  async function runJobs(handler: JobHandler, until: () => Promise<boolean>): Promise<void> {
    const pool = startWorkerPool({
      db,
      handlers: { [DDS_EXPORT_KIND]: handler },
      concurrency: 1,
      pollMs: 20,
      backoffMs: () => 0,
    });
    try {
      const deadline = Date.now() + 30_000;
      while (!(await until())) {
        if (Date.now() > deadline) throw new Error('jobs did not finish');
        await new Promise((r) => setTimeout(r, 50));
      }
    } finally {
      await pool.stop(5000);
    }
  }

  async function job(
    jobId: string,
  ): Promise<{ state: string; details: string; attempts: number; result: string | null }> {
    const rows = await db.all<{
      state: string;
      details: string;
      attempts: unknown;
      result: string | null;
    }>(sql`SELECT j.state, j.details, l.attempts, l.result
      FROM o_jobqueuerecord j JOIN lq_job l ON l.company_key = j.company_key AND l.job_id = j.jobid WHERE j.company_key = ${p(demo.key)} AND j.jobid = ${p(jobId)}`);
    return { ...rows[0]!, attempts: Number(rows[0]!.attempts) };
  }

  async function enqueueExport(fileRows: number): Promise<string> {
    const payload: DdsExportPayload = {
      object: 'APBILL',
      mode: { kind: 'all' },
      fileRows,
      fields: [],
      baseDir: join(exportDir, 'demo', 'APBILL'),
    };
    return enqueueJob(
      db,
      {
        companyKey: demo.key,
        jobType: DDS_JOB_TYPE,
        kind: DDS_EXPORT_KIND,
        lane: 'report',
        action: 'Export APBILL',
        details: 'test',
        userId: 'admin',
        payload: JSON.stringify(payload),
      },
      Date.now(),
    );
  }

  beforeAll(async () => {
    t = await createTestDatabase(backend);
    db = t.db;
    catalog = buildCatalog();
    await migrateSchema(db, catalog);
    await seedDemo(db, catalog, { size: 'small', seed: 1 });
    demo = (await findCompany(db, 'demo'))!;
    fields = storedFields(catalog.require('APBILL')).map((f) => f.xmlId);
    exportDir = mkdtempSync(join(tmpdir(), 'ledgerq-dds-'));
    app = buildApp({ db, catalog, bodyLimit: 10 * 1024 * 1024, logger: false, exportDir });
    base = await app.listen({ host: '127.0.0.1', port: 0 });
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await t?.drop();
    if (exportDir) rmSync(exportDir, { recursive: true, force: true });
  });

  it('writes files of at most N rows whose rows equal the XML query in csv, row for row', async () => {
    const dir = join(exportDir, 'direct-all');
    const progress: number[] = [];
    const m = await exportObject(
      db,
      catalog,
      { companyKey: demo.key, object: 'APBILL', mode: { kind: 'all' }, fileRows: 500, fields: [], dir, batchRows: 300 },
      { onProgress: (done) => progress.push(done) },
    );
    const expected = await gatewayCsv();
    expect(m.rows).toBeGreaterThan(2000);
    expect(m.files.map((f) => f.rows)).toEqual([
      ...Array(Math.floor(m.rows / 500)).fill(500),
      ...(m.rows % 500 ? [m.rows % 500] : []),
    ]);
    expect(m.files.map((f) => f.name)).toEqual(m.files.map((_, i) => `APBILL_${String(i + 1).padStart(6, '0')}.csv`));
    const got = dataOf(dir, m.files);
    expect(new Set(got.headers)).toEqual(new Set([expected.header]));
    expect(got.body.split('\n').length - 1).toBe(m.rows);
    expect(got.body).toBe(expected.body);
    expect(progress.at(-1)).toBe(m.rows);
    // The manifest lists the files; no temporary file is left.
    expect(JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'))).toMatchObject({
      object: 'APBILL',
      rows: m.rows,
      files: m.files,
    });
    expect(readdirSync(dir).filter((n) => n.endsWith('.part'))).toEqual([]);
  }, 60_000);

  it('exports only rows changed since an instant', async () => {
    const stamps = (
      await db.all<{ w: string }>(
        sql`SELECT whenmodified AS w FROM o_apbill WHERE company_key = ${p(demo.key)} ORDER BY whenmodified`,
      )
    ).map((r) => String(r.w));
    const since = `${new Date(stamps[Math.floor(stamps.length / 2)]!).toISOString().slice(0, 19)}Z`;
    const dir = join(exportDir, 'direct-since');
    const m = await exportObject(db, catalog, {
      companyKey: demo.key,
      object: 'APBILL',
      mode: { kind: 'changes-since', since },
      fileRows: 400,
      fields: [],
      dir,
    });
    const d = new Date(since);
    const xmlInstant = `${String(d.getUTCMonth() + 1).padStart(2, '0')}/${String(d.getUTCDate()).padStart(2, '0')}/${d.getUTCFullYear()} ${since.slice(11, 19)}`;
    const expected = await gatewayCsv(
      `<filter><greaterthan><field>WHENMODIFIED</field><value>${xmlInstant}</value></greaterthan></filter>`,
    );
    expect(m.rows).toBeGreaterThan(0);
    expect(m.rows).toBeLessThan(stamps.length);
    expect(m.rows).toBe(stamps.filter((s) => new Date(s).getTime() > d.getTime()).length);
    expect(dataOf(dir, m.files).body).toBe(expected.body);
  }, 60_000);

  it('resumes after a crash between files with the next file: every row delivered once', async () => {
    const real = ddsExportHandler({ catalog });
    let crashed = false;
    const snapshots: Record<string, number> = {};
    let detailsAtCrash = '';
    // The first attempt dies right after its second file's checkpoint commits (the third file is under way as .part).
    const crashing: JobHandler = {
      ...real,
      run: (ctx) => {
        if (crashed) return real.run(ctx);
        let chunks = 0;
        return real.run({
          ...ctx,
          commitChunk: async (fn, cp, details) => {
            await ctx.commitChunk(fn, cp, details);
            if (++chunks === 2) {
              crashed = true;
              detailsAtCrash = (await job(ctx.job.jobId)).details;
              const dir = join(exportDir, 'demo', 'APBILL', ctx.job.jobId);
              for (const n of readdirSync(dir)) snapshots[n] = statSync(join(dir, n)).mtimeMs;
              throw new Error('simulated crash');
            }
          },
        });
      },
    };
    const jobId = await enqueueExport(500);
    await runJobs(crashing, async () => (await job(jobId)).state === 'Delivered');
    const j = await job(jobId);
    expect(j.attempts).toBe(2);
    expect(detailsAtCrash).toMatch(/^1,000 of 2,\d{3} rows exported$/);
    expect(j.details).toMatch(/rows exported in \d+ file\(s\)$/);
    const result = JSON.parse(j.result!) as DdsExportResult;
    const dir = join(exportDir, 'demo', 'APBILL', jobId);
    expect(result.dir).toBe(dir);
    // Files delivered before the crash were not rewritten; the rest equal the query exactly once.
    expect(Object.keys(snapshots).sort()).toEqual(['APBILL_000001.csv', 'APBILL_000002.csv']);
    for (const [n, mtime] of Object.entries(snapshots)) expect(statSync(join(dir, n)).mtimeMs).toBe(mtime);
    expect(dataOf(dir, result.manifest.files).body).toBe((await gatewayCsv()).body);
    expect(readdirSync(dir).sort()).toEqual([...result.manifest.files.map((f) => f.name), 'manifest.json'].sort());
  }, 60_000);

  it('stops at the next file when cancelled, ends Cancelled and removes the partial export', async () => {
    const real = ddsExportHandler({ catalog });
    let chunks = 0;
    const cancelling: JobHandler = {
      ...real,
      run: (ctx) =>
        real.run({
          ...ctx,
          commitChunk: async (fn, cp, details) => {
            await ctx.commitChunk(fn, cp, details);
            if (++chunks === 1)
              expect(await cancelJob(db, demo.key, ctx.job.jobId, Date.now())).not.toBe('not-cancellable');
          },
        }),
    };
    const jobId = await enqueueExport(500);
    await runJobs(cancelling, async () => (await job(jobId)).state === 'Cancelled');
    expect(chunks).toBe(1);
    expect(() => readdirSync(join(exportDir, 'demo', 'APBILL', jobId))).toThrow();
  }, 60_000);

  it('is submitted over HTTP with a bearer token, checked against DDS bounds, and its manifest downloaded', async () => {
    const tok = await fetch(`${base}/ia/api/v1/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: 'ledgerq-demo',
        client_secret: 'ledgerq-demo',
        username: 'admin@demo',
      }),
    });
    const token = ((await tok.json()) as { access_token: string }).access_token;
    const post = (body: unknown, auth = `Bearer ${token}`) =>
      fetch(`${base}/jobs/exports`, {
        method: 'POST',
        headers: { authorization: auth, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await post({ object: 'APBILL' }, 'Bearer nope')).status).toBe(401);
    const small = await post({ object: 'APBILL', fileRows: 500 });
    expect(small.status).toBe(400);
    expect((await small.json())['ia::result']['ia::error']).toMatchObject({ errorId: 'limit.out-of-range' });
    expect((await post({ object: 'NOSUCHOBJECT' })).status).toBe(404);
    const res = await post({ object: 'apbill', fields: ['RECORDNO', 'VENDORID', 'TOTALDUE'], fileRows: 10000 });
    expect(res.status).toBe(202);
    const { jobId } = (await res.json()) as { jobId: string };
    await runJobs(ddsExportHandler({ catalog }), async () => (await job(jobId)).state === 'Delivered');
    const shown = (await (
      await fetch(`${base}/jobs/${jobId}`, { headers: { authorization: `Bearer ${token}` } })
    ).json()) as { jobType: string; state: string; result: DdsExportResult };
    expect(shown).toMatchObject({ jobType: 'DDS job', state: 'Delivered' });
    expect(shown.result.dir).toBe(join(exportDir, 'demo', 'APBILL', jobId));
    const manifest = (await (
      await fetch(`${base}/jobs/${jobId}/result?format=json`, { headers: { authorization: `Bearer ${token}` } })
    ).json()) as { files: { name: string; rows: number }[]; fields: string[] };
    expect(manifest.fields).toEqual(['RECORDNO', 'VENDORID', 'TOTALDUE']);
    expect(manifest.files).toEqual([{ name: 'APBILL_000001.csv', rows: shown.result.manifest.rows }]);
    const csv = readFileSync(join(shown.result.dir, 'APBILL_000001.csv'), 'utf8');
    expect(csv.split('\n')[0]).toBe('RECORDNO,VENDORID,TOTALDUE');
  }, 60_000);
});
