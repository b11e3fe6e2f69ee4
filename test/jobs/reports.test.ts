// Stored reports: an XML <query> and a REST query JSON run offline; the stored rows equal the live query's, downloaded
// over HTTP and with the CLI; company-scoped.

import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findCompany, type Company } from '../../src/auth/tenancy.ts';
import { buildCatalog, type Catalog } from '../../src/catalog/catalog.ts';
import { jobResultCommand, reportCommand, showJobCommand } from '../../src/cli/jobs-command.ts';
import { reportHandler, STORED_REPORT_KIND } from '../../src/jobs/stored-report.ts';
import { startWorkerPool } from '../../src/queue/worker-pool.ts';
import { buildApp } from '../../src/server/app.ts';
import type { Database } from '../../src/store/database.ts';
import { p, sql } from '../../src/store/sql.ts';
import { BACKENDS, createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { envelope, postRaw } from '../xml/support/gateway-harness.ts';
import { seedDemo } from '../../src/app/seed.ts';
import { migrateSchema } from '../../src/app/schema.ts';

const run = promisify(execFile);
const BIN = new URL('../../bin/ledgerq.mjs', import.meta.url).pathname;

const XML_QUERY =
  `<query><object>APBILL</object><select><field>RECORDNO</field><field>VENDORID</field><field>VENDORNAME</field><field>TOTALDUE</field><field>WHENDUE</field><field>STATE</field></select>` +
  `<filter><greaterthanorequalto><field>RECORDNO</field><value>1</value></greaterthanorequalto></filter><orderby><order><field>VENDORID</field><ascending/></order></orderby><options><showprivate>true</showprivate></options><pagesize>100</pagesize></query>`;
const REST_QUERY = {
  object: 'accounts-payable/vendor',
  fields: ['id', 'name', 'totalDue', 'status', 'href'],
  filters: [{ $gt: { totalDue: '0' } }],
  orderBy: [{ name: 'asc' }],
  size: 10,
};

describe.each(BACKENDS)('stored reports on %s', (backend) => {
  let t: TestDatabase;
  let db: Database;
  let catalog: Catalog;
  let demo: Company;
  let app: FastifyInstance;
  let base: string;
  let tokens: Record<'demo' | 'demo2', string>;
  let tmp: string;

  const get = (path: string, company: 'demo' | 'demo2' = 'demo') =>
    fetch(`${base}${path}`, { headers: { authorization: `Bearer ${tokens[company]}` } });

  async function state(jobId: string): Promise<string> {
    return (
      await db.all<{ state: string }>(
        sql`SELECT state FROM o_jobqueuerecord WHERE company_key = ${p(demo.key)} AND jobid = ${p(jobId)}`,
      )
    )[0]!.state;
  }

  async function runUntilDelivered(jobId: string): Promise<void> {
    const pool = startWorkerPool({
      db,
      handlers: { [STORED_REPORT_KIND]: reportHandler({ catalog }) },
      concurrency: 1,
      pollMs: 20,
    });
    try {
      const deadline = Date.now() + 30_000;
      while ((await state(jobId)) !== 'Delivered') {
        if (Date.now() > deadline) throw new Error(`job ${jobId} is ${await state(jobId)}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    } finally {
      await pool.stop(5000);
    }
  }

  /** The gateway's answer to the query in a return format, every page joined (a report is the whole result). */
  async function gateway(format: 'csv' | 'json'): Promise<string> {
    let csv = '';
    const json: unknown[] = [];
    for (let offset = 0; ; offset += 2000) {
      const q = XML_QUERY.replace(
        '<showprivate>true</showprivate>',
        `<showprivate>true</showprivate><returnformat>${format}</returnformat>`,
      ).replace('<pagesize>100</pagesize>', `<pagesize>2000</pagesize><offset>${offset}</offset>`);
      const a = await postRaw(`${base}/ia/xml/xmlgw.phtml`, envelope(`<function controlid="q">${q}</function>`));
      let rows: number;
      if (format === 'json') {
        const page = JSON.parse(a.body) as unknown[];
        json.push(...page);
        rows = page.length;
      } else {
        csv += offset === 0 ? a.body : a.body.slice(a.body.indexOf('\n') + 1);
        rows = a.body.split('\n').length - 2;
      }
      if (rows < 2000) return format === 'json' ? JSON.stringify(json) : csv;
    }
  }

  beforeAll(async () => {
    t = await createTestDatabase(backend);
    db = t.db;
    catalog = buildCatalog();
    await migrateSchema(db, catalog);
    await seedDemo(db, catalog, { size: 'small', seed: 1 });
    demo = (await findCompany(db, 'demo'))!;
    app = buildApp({ db, catalog, bodyLimit: 10 * 1024 * 1024, logger: false });
    base = await app.listen({ host: '127.0.0.1', port: 0 });
    const token = async (username: string) => {
      const res = await fetch(`${base}/ia/api/v1/oauth2/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: 'ledgerq-demo',
          client_secret: 'ledgerq-demo',
          username,
        }),
      });
      return ((await res.json()) as { access_token: string }).access_token;
    };
    tokens = { demo: await token('admin@demo'), demo2: await token('admin@demo2') };
    tmp = mkdtempSync(join(tmpdir(), 'ledgerq-reports-'));
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await t?.drop();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('stores every row of an XML <query> (past its page size) and serves them as the gateway writes csv and json', async () => {
    const res = await fetch(`${base}/jobs/reports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.demo}`, 'content-type': 'application/json' },
      body: JSON.stringify({ query: XML_QUERY }),
    });
    expect(res.status).toBe(202);
    const { jobId } = (await res.json()) as { jobId: string };
    expect(await state(jobId)).toBe('Queued');
    expect((await get(`/jobs/${jobId}/result`)).status).toBe(409);
    await runUntilDelivered(jobId);

    const csv = await get(`/jobs/${jobId}/result?format=csv`);
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    const expectedCsv = await gateway('csv');
    expect(expectedCsv.split('\n').length).toBeGreaterThan(2001); // more rows than one chunk of the job, and than the query's page
    expect(await csv.text()).toBe(expectedCsv);
    expect(await (await get(`/jobs/${jobId}/result?format=json`)).json()).toEqual(JSON.parse(await gateway('json')));

    const shown = (await (await get(`/jobs/${jobId}`)).json()) as Record<string, unknown>;
    expect(shown).toMatchObject({
      jobId,
      jobType: 'Process & store report',
      state: 'Delivered',
      attempts: 1,
      error: null,
      user: 'admin',
    });
    expect(shown.result).toEqual({
      kind: 'report',
      naming: 'xml',
      labels: ['RECORDNO', 'VENDORID', 'VENDORNAME', 'TOTALDUE', 'WHENDUE', 'STATE'],
      rows: expectedCsv.split('\n').length - 2,
    });
    expect(shown.details).toMatch(/^2,\d{3} of 2,\d{3} rows stored$/);
  }, 60_000);

  it('stores a REST query JSON as ia::result writes it, downloads it with the CLI, and shows the job', async () => {
    const file = join(tmp, 'vendors.json');
    writeFileSync(file, JSON.stringify(REST_QUERY));
    let printed = '';
    const jobId = await reportCommand(db, catalog, { company: 'demo', query: readFileSync(file, 'utf8') }, (s) => {
      printed += s;
    });
    expect(printed).toBe(`${jobId}\n`);
    await runUntilDelivered(jobId);

    // The live query, paged through: the report holds all of its rows, not the first `size`.
    const live: unknown[] = [];
    for (let start = 1; ; start += 4000) {
      const r = await fetch(`${base}/ia/api/v1/services/core/query`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tokens.demo}`, 'content-type': 'application/json' },
        body: JSON.stringify({ ...REST_QUERY, size: 4000, start }),
      });
      const page = (await r.json()) as { 'ia::result': unknown[]; 'ia::meta': { next: number | null } };
      live.push(...page['ia::result']);
      if (page['ia::meta'].next === null) break;
    }
    expect(live.length).toBeGreaterThan(REST_QUERY.size);
    const http = await (await get(`/jobs/${jobId}/result?format=json`)).json();
    expect(http).toEqual(live);

    const cli = await run(
      process.execPath,
      [BIN, 'jobs', 'result', jobId, '--company', 'demo', '--db', t.url, '--format', 'json'],
      { cwd: tmp },
    );
    expect(JSON.parse(cli.stdout)).toEqual(live);
    const out = join(tmp, 'vendors.csv');
    await jobResultCommand(db, { company: 'demo', jobId, format: 'csv', out }, () => {});
    const lines = readFileSync(out, 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe('id,name,totalDue,status,href');
    expect(lines).toHaveLength(live.length + 1);
    expect(await (await get(`/jobs/${jobId}/result?format=csv`)).text()).toBe(readFileSync(out, 'utf8'));

    let shown = '';
    await showJobCommand(db, { company: 'demo', jobId }, (s) => {
      shown += s;
    });
    expect(shown).toMatch(/^JOBTYPE\s+Process & store report$/m);
    expect(shown).toMatch(/^STATE\s+Delivered$/m);
    expect(shown).toMatch(/^attempts\s+1 of 5$/m);
    expect(shown).toMatch(new RegExp(`^result\\s+${live.length} rows \\(id, name, totalDue, status, href\\)$`, 'm'));
  }, 60_000);

  it("answers 404 for another company's job, 401 without a token, and refuses a query that does not bind", async () => {
    const jobId = await reportCommand(db, catalog, { company: 'demo', query: XML_QUERY }, () => {});
    expect((await get(`/jobs/${jobId}`, 'demo2')).status).toBe(404);
    expect((await get(`/jobs/${jobId}/result`, 'demo2')).status).toBe(404);
    expect((await (await get(`/jobs/${jobId}`, 'demo2')).json())['ia::result']['ia::error']).toMatchObject({
      errorId: 'queue.unknown-job',
    });
    expect((await fetch(`${base}/jobs/${jobId}`)).status).toBe(401);
    expect((await get(`/jobs/${jobId}`)).status).toBe(200);
    const bad = await fetch(`${base}/jobs/reports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.demo}` },
      body: JSON.stringify({ query: { object: 'accounts-payable/vendor', fields: ['nosuchfield'] } }),
    });
    expect(bad.status).toBe(400);
    expect((await bad.json())['ia::result']['ia::error']).toMatchObject({ errorId: 'bind.unknown-field' });
  }, 60_000);
});
