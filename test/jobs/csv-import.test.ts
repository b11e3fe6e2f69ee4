// CSV import jobs on real databases: row errors with their lines, idempotent re-runs, resume after a crashed chunk,
// cancel, HTTP and CLI.

import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addOAuthClient, addUser, createCompany, type Company } from '../../src/auth/tenancy.ts';
import { buildCatalog, type Catalog } from '../../src/catalog/catalog.ts';
import { cancelJob } from '../../src/queue/cancel-job.ts';
import {
  CSV_IMPORT_KIND,
  csvImportErrors,
  csvImportHandler,
  csvImportStatus,
  submitCsvImport,
  type ImportStatus,
} from '../../src/jobs/csv-import.ts';
import type { JobContext, JobHandler } from '../../src/queue/job-handler.ts';
import { startWorkerPool, type WorkerPool } from '../../src/queue/worker-pool.ts';
import { buildApp } from '../../src/server/app.ts';
import { p, sql } from '../../src/store/sql.ts';
import { createRecord } from '../../src/writes/write-record.ts';
import { BACKENDS, createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { migrateSchema } from '../../src/app/schema.ts';

const WIDE = { byServiceLevel: { standard: { api: 100, report: 100 }, premium: { api: 100, report: 100 } } };
const BIN = new URL('../../bin/ledgerq.mjs', import.meta.url).pathname;
const HEADER = 'VENDORID,NAME,CREDITLIMIT,PAYMENTPRIORITY,TERMNAME';

/** `n` good vendor rows with IDs `<prefix>-1` …, one per line after the header. */
function goodRows(prefix: string, n: number): string[] {
  return Array.from(
    { length: n },
    (_, i) =>
      `${prefix}-${i + 1},Vendor ${prefix} ${i + 1},${(i % 97) + 0.5},${['high', 'normal', 'low'][i % 3]},${i % 2 ? 'Net 30' : ''}`,
  );
}

async function until<T>(read: () => Promise<T>, done: (v: T) => boolean, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (done(v)) return v;
    if (Date.now() > end) throw new Error(`timed out waiting: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const finished = (s: ImportStatus) => !['Queued', 'In Progress', 'Deferred'].includes(s.state);

describe.each(BACKENDS)('CSV import jobs on %s', (backend) => {
  let t: TestDatabase;
  let catalog: Catalog;
  let co: Company;
  let other: Company;
  const pools: WorkerPool[] = [];

  const pool = (
    handler: JobHandler = csvImportHandler({ catalog }),
    extra: { now?: () => number; backoffMs?: () => number } = {},
  ) => {
    const wp = startWorkerPool({
      db: t.db,
      handlers: { [CSV_IMPORT_KIND]: handler },
      concurrency: 1,
      pollMs: 20,
      limits: WIDE,
      ...extra,
    });
    pools.push(wp);
    return wp;
  };
  const submit = (csv: string, chunkRows = 250, company = co) =>
    submitCsvImport(t.db, catalog, {
      companyKey: company.key,
      userId: 'admin',
      entityId: null,
      object: 'VENDOR',
      fileName: 'vendors.csv',
      csv,
      chunkRows,
    });
  const waitFor = (jobId: string) => until(() => csvImportStatus(t.db, co.key, jobId), finished);
  const vendors = (prefix: string) =>
    t.db.all<{ vendorid: string; name: string; whenmodified: unknown; recordno: unknown; creditlimit: unknown }>(
      sql`SELECT vendorid, name, whenmodified, recordno, creditlimit FROM o_vendor WHERE company_key = ${p(co.key)} AND vendorid LIKE ${p(`${prefix}-%`)} ORDER BY vendorid`,
    );

  beforeAll(async () => {
    t = await createTestDatabase(backend);
    catalog = buildCatalog();
    await migrateSchema(t.db, catalog);
    co = await createCompany(t.db, {
      companyId: 'imp',
      name: 'Import Co',
      serviceLevel: 'premium',
      multiEntity: false,
    });
    other = await createCompany(t.db, {
      companyId: 'imp2',
      name: 'Other Co',
      serviceLevel: 'premium',
      multiEntity: false,
    });
    for (const c of [co, other]) {
      await addUser(t.db, c, { userId: 'admin', password: 'admin', role: 'admin' });
      await addUser(t.db, c, { userId: 'viewer', password: 'viewer', role: 'readonly' });
    }
    await addOAuthClient(t.db, { clientId: 'ledgerq-demo', secret: 'ledgerq-demo', name: 'demo' }, [co, other]);
    const writer = {
      db: t.db,
      catalog,
      companyKey: co.key,
      entityId: null,
      userId: 'admin',
      now: '2026-01-05T09:00:00Z',
      naming: 'xml' as const,
    };
    await createRecord(
      writer,
      catalog.require('APTERM'),
      new Map([[catalog.require('APTERM').fields.find((f) => f.xmlId === 'NAME')!, 'Net 30']]),
    );
  }, 60_000);
  afterAll(async () => {
    for (const wp of pools) await wp.stop(1000);
    await t?.drop();
  });

  it('writes the good rows and lists each bad line with its reason; a re-run changes nothing', async () => {
    const V = catalog.require('VENDOR');
    const field = (id: string) => V.fields.find((f) => f.xmlId === id)!;
    // An existing record the file changes: an update, not a duplicate.
    await createRecord(
      {
        db: t.db,
        catalog,
        companyKey: co.key,
        entityId: null,
        userId: 'admin',
        now: '2026-01-05T09:00:00Z',
        naming: 'xml',
      },
      V,
      new Map([
        [field('VENDORID'), 'A-5'],
        [field('NAME'), 'Old name'],
      ]),
    );
    const good = goodRows('A', 400);
    // Line numbers: the header is line 1, good[i] is line i + 2 until the bad rows are spliced in.
    const lines = [
      HEADER,
      ...good.slice(0, 200),
      'A-BAD1,Bad credit,abc,high,', // wrong type
      'A-BAD2,,5,high,', // missing required NAME
      'A-BAD3,Bad term,5,high,Net 99', // reference to no APTERM
      'A-7,Second A-7,5,high,', // duplicate ID within the file
      'A-BAD4,Too,few', // wrong column count
      'A-BAD5,Bad enum,5,asap,', // enum value in no spelling
      '"A-ML","Multi', // a quoted field over two lines: a good row on lines 208-209
      'line name",1,low,',
      ...good.slice(200),
      'A-BIG,Too big,123456789012345678901234567890,high,',
    ]; // accepted by the write path, refused by the database (line 410)
    const csv = `${lines.join('\n')}\n`;
    const wp = pool();
    const { jobId, state } = await submit(csv);
    expect(state).toBe('Queued');
    const s = await waitFor(jobId);
    expect(s.state).toBe('Delivered');
    expect(s.rows).toEqual({ total: 408, rows: 408, written: 401, created: 400, updated: 1, unchanged: 0, errors: 7 });
    expect(s.details).toBe('vendors.csv: 408 rows: 401 written (400 created, 1 updated), 0 unchanged, 7 errors');

    const stored = await vendors('A');
    expect(stored).toHaveLength(401);
    expect(stored.find((v) => v.vendorid === 'A-5')!.name).toBe('Vendor A 5');
    expect(stored.find((v) => v.vendorid === 'A-7')!.name).toBe('Vendor A 7');
    expect(stored.find((v) => v.vendorid === 'A-ML')!.name).toBe('Multi\nline name');

    const errors = parse(await csvImportErrors(t.db, co.key, jobId), { columns: true }) as Record<string, string>[];
    expect(errors.map((e) => [e.VENDORID, e.LINE])).toEqual([
      ['A-BAD1', '202'],
      ['A-BAD2', '203'],
      ['A-BAD3', '204'],
      ['A-7', '205'],
      ['A-BAD4', '206'],
      ['A-BAD5', '207'],
      ['A-BIG', '410'],
    ]);
    expect(errors[0]).toMatchObject({ NAME: 'Bad credit', CREDITLIMIT: 'abc', PAYMENTPRIORITY: 'high', TERMNAME: '' });
    expect(errors[0]!.ERROR).toMatch(/CREDITLIMIT.*abc/);
    expect(errors[1]!.ERROR).toBe('Required field NAME of VENDOR is missing');
    expect(errors[2]!.ERROR).toMatch(/TERMNAME 'Net 99'.*no APTERM/);
    expect(errors[3]!.ERROR).toBe("duplicate VENDORID 'A-7' in the file: first on line 8");
    expect(errors[4]).toMatchObject({
      VENDORID: 'A-BAD4',
      NAME: 'Too',
      CREDITLIMIT: 'few',
      ERROR: 'wrong number of columns: the header has 5, this row has 3',
    });
    expect(errors[5]!.ERROR).toMatch(/PAYMENTPRIORITY/);
    expect(errors[6]!.ERROR).toMatch(/^the database refused the row: /);

    // The same file again: every good row is already there and equal, so nothing is written and WHENMODIFIED stays.
    const again = await submit(csv);
    const s2 = await waitFor(again.jobId);
    expect(s2.rows).toEqual({ total: 408, rows: 408, written: 0, created: 0, updated: 0, unchanged: 401, errors: 7 });
    expect(await vendors('A')).toEqual(stored);
    expect(await csvImportErrors(t.db, co.key, again.jobId)).toBe(await csvImportErrors(t.db, co.key, jobId));
    await wp.stop(1000);
  }, 120_000);

  it('an update may name as parent a vendor created on an earlier line of its chunk, a create one on a later line not', async () => {
    const V = catalog.require('VENDOR');
    const field = (id: string) => V.fields.find((f) => f.xmlId === id)!;
    const w = { db: t.db, catalog, companyKey: co.key, entityId: null, userId: 'admin', now: '2026-01-05T09:00:00Z' };
    await createRecord(
      { ...w, naming: 'xml' },
      V,
      new Map([
        [field('VENDORID'), 'F-OLD'],
        [field('NAME'), 'Old'],
      ]),
    );
    // Creates wait for the chunk's batched INSERT; the update on line 3 needs F-NEW stored before it runs.
    const csv = 'VENDORID,NAME,PARENTID\nF-NEW,New,\nF-OLD,Old,F-NEW\nF-KID,Kid,F-LATE\nF-LATE,Late,\n';
    const wp = pool();
    const s = await waitFor((await submit(csv)).jobId);
    await wp.stop(1000);
    expect(s.rows).toMatchObject({ created: 2, updated: 1, errors: 1 });
    const parents = await t.db.all<{ vendorid: string; parentid: string | null }>(
      sql`SELECT vendorid, parentid FROM o_vendor WHERE company_key = ${p(co.key)} AND vendorid LIKE 'F-%' ORDER BY vendorid`,
    );
    expect(parents).toEqual([
      { vendorid: 'F-LATE', parentid: null },
      { vendorid: 'F-NEW', parentid: null },
      { vendorid: 'F-OLD', parentid: 'F-NEW' },
    ]);
  }, 60_000);

  it('fails the whole job on an unknown or read-only header column, or malformed CSV, writing nothing', async () => {
    const wp = pool();
    const unknown = await submit(`VENDORID,NAME,COLOUR\nH-1,x,red\n`);
    const readOnly = await submit(`VENDORID,NAME,TOTALDUE\nH-2,x,5\n`);
    const unclosed = await submit(`VENDORID,NAME\nH-3,fine\nH-4,"no closing quote\nH-5,x\n`, 1);
    const s1 = await waitFor(unknown.jobId);
    const s2 = await waitFor(readOnly.jobId);
    const s3 = await waitFor(unclosed.jobId);
    expect(s3.state).toBe('Failed');
    expect(s3.error).toMatch(/^the file is not valid CSV, nothing was imported: .*line/i);
    expect(s1.state).toBe('Failed');
    expect(s1.error).toBe('column 3 (COLOUR) of the header: COLOUR is not a field of VENDOR');
    expect(s2.error).toMatch(/TOTALDUE of VENDOR is read-only/);
    expect(await vendors('H')).toEqual([]);
    await wp.stop(1000);
  }, 60_000);

  it('resumes after a chunk that crashed half-way: committed chunks are not applied again, the crashed one is applied once', async () => {
    const csv = [HEADER, ...goodRows('R', 500)].join('\n');
    const real = csvImportHandler({ catalog });
    let calls = 0;
    // Attempt 1 dies inside its fourth chunk, after that chunk's rows were written in its transaction.
    const crashing: JobHandler = {
      ...real,
      run: (ctx: JobContext) =>
        real.run({
          ...ctx,
          commitChunk: (fn, checkpoint, details) =>
            ctx.commitChunk(
              async (tx) => {
                await fn(tx);
                if (++calls === 4) throw new Error('simulated crash');
              },
              checkpoint,
              details,
            ),
        }),
    };
    const a = pool(crashing, { backoffMs: () => 3_600_000 });
    const { jobId } = await submit(csv, 50);
    await until(
      () => csvImportStatus(t.db, co.key, jobId),
      (s) => s.state === 'Deferred',
    );
    await a.stop(1000);
    expect((await vendors('R')).length).toBe(150);
    expect((await csvImportStatus(t.db, co.key, jobId)).rows.rows).toBe(150);

    // Attempt 2, in another pool whose clock is past the retry time: starts from the checkpoint of chunk 3.
    let resumedFrom: string | null = 'unset';
    const b = pool(
      {
        ...real,
        run: (ctx) => {
          resumedFrom = ctx.checkpoint;
          return real.run(ctx);
        },
      },
      { now: () => Date.now() + 7_200_000 },
    );
    const s = await waitFor(jobId);
    await b.stop(1000);
    expect(resumedFrom).toBe(JSON.stringify({ done: 150, chunk: 3 }));
    expect(s.state).toBe('Delivered');
    expect(s.rows).toMatchObject({ rows: 500, created: 500, errors: 0 });
    const rows = await vendors('R');
    expect(rows).toHaveLength(500);
    expect(new Set(rows.map((r) => r.vendorid)).size).toBe(500);
    const chunks = await t.db.all<{ chunk: number | string }>(
      sql`SELECT chunk FROM lq_job_chunk WHERE company_key = ${p(co.key)} AND job_id = ${p(jobId)} ORDER BY chunk`,
    );
    expect(chunks.map((c) => Number(c.chunk))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  }, 120_000);

  it('shows its progress while it runs: rows done of rows total, in DETAILS and the status counts', async () => {
    const wp = pool();
    // 3,000 rows in chunks of 50: enough chunks that a 25 ms poll sees the import midway, however fast it runs.
    const { jobId } = await submit([HEADER, ...goodRows('P', 3000)].join('\n'), 50);
    // Polled on a timer: on SQLite this also shows the import lets timers and I/O run between chunks.
    const seen: ImportStatus[] = [];
    const last = await until(async () => {
      const s = await csvImportStatus(t.db, co.key, jobId);
      seen.push(s);
      return s;
    }, finished);
    await wp.stop(1000);
    expect(last.state).toBe('Delivered');
    const midway = seen.filter((s) => s.state === 'In Progress' && s.rows.rows > 0 && s.rows.rows < 3000);
    expect(midway.length).toBeGreaterThan(0);
    for (const s of midway) {
      expect(s.details).toBe(`vendors.csv: ${s.rows.rows.toLocaleString('en-US')} of 3,000 rows`);
      expect(s.rows).toMatchObject({ total: 3000, created: s.rows.rows, errors: 0 });
    }
  }, 60_000);

  it('cancel stops at the next chunk boundary; committed chunks stay whole', async () => {
    const csv = [HEADER, ...goodRows('C', 500)].join('\n');
    const real = csvImportHandler({ catalog });
    let calls = 0;
    // After its third chunk commits, the job is cancelled from outside (as `ledgerq jobs cancel` would).
    const cancelling: JobHandler = {
      ...real,
      run: (ctx: JobContext) =>
        real.run({
          ...ctx,
          commitChunk: async (fn, checkpoint, details) => {
            await ctx.commitChunk(fn, checkpoint, details);
            if (++calls === 3) expect(await cancelJob(t.db, co.key, ctx.job.jobId, Date.now())).toBe('stop-requested');
          },
        }),
    };
    const wp = pool(cancelling);
    const { jobId } = await submit(csv, 50);
    const s = await waitFor(jobId);
    await wp.stop(1000);
    expect(s.state).toBe('Cancelled');
    expect(s.details).toBe('vendors.csv: 150 of 500 rows');
    expect(s.rows).toMatchObject({ rows: 150, created: 150 });
    expect((await vendors('C')).length).toBe(150);
  }, 60_000);

  it('refuses a file over the size limit and a file with no header row', async () => {
    const saved = process.env.LEDGERQ_IMPORT_MAX_BYTES;
    process.env.LEDGERQ_IMPORT_MAX_BYTES = '100';
    try {
      await expect(submit([HEADER, ...goodRows('L', 10)].join('\n'))).rejects.toMatchObject({
        code: 'limit.file-too-large',
      });
    } finally {
      if (saved === undefined) delete process.env.LEDGERQ_IMPORT_MAX_BYTES;
      else process.env.LEDGERQ_IMPORT_MAX_BYTES = saved;
    }
    await expect(submit('\n\n')).rejects.toMatchObject({ code: 'parse.invalid-csv' });
  });

  describe('over HTTP', () => {
    let app: FastifyInstance;
    let base: string;
    const tokenFor = async (username: string) => {
      const r = await fetch(`${base}/ia/api/v1/oauth2/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          grant_type: 'client_credentials',
          client_id: 'ledgerq-demo',
          client_secret: 'ledgerq-demo',
          username,
        }),
      });
      return { authorization: `Bearer ${((await r.json()) as { access_token: string }).access_token}` };
    };
    beforeAll(async () => {
      app = buildApp({ db: t.db, catalog, bodyLimit: 1024 * 1024, logger: false });
      base = await app.listen({ host: '127.0.0.1', port: 0 });
    });
    afterAll(async () => {
      await app?.close();
    });

    it('uploads with a bearer token, reports status while and after running, and serves the error CSV', async () => {
      const wp = pool();
      const auth = await tokenFor('admin@imp');
      const csv = [HEADER, ...goodRows('W', 150), 'W-BAD,Bad,xyz,high,'].join('\r\n');
      const posted = await fetch(`${base}/jobs/imports?object=vendor&fileName=w.csv`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'text/csv' },
        body: csv,
      });
      expect(posted.status).toBe(202);
      const body = (await posted.json()) as {
        jobId: string;
        state: string;
        object: string;
        statusUrl: string;
        errorsUrl: string;
      };
      expect(body).toMatchObject({
        state: 'Queued',
        object: 'VENDOR',
        statusUrl: `/jobs/imports/${body.jobId}`,
        errorsUrl: `/jobs/imports/${body.jobId}/errors.csv`,
      });

      const status = await until(
        async () => (await fetch(`${base}${body.statusUrl}`, { headers: auth })).json() as Promise<ImportStatus>,
        finished,
      );
      expect(status).toMatchObject({
        jobId: body.jobId,
        state: 'Delivered',
        object: 'VENDOR',
        fileName: 'w.csv',
        rows: { rows: 151, written: 150, errors: 1 },
      });
      const errors = await fetch(`${base}${body.errorsUrl}`, { headers: auth });
      expect(errors.status).toBe(200);
      expect(errors.headers.get('content-type')).toMatch(/^text\/csv/);
      expect(parse(await errors.text())).toEqual([
        [...HEADER.split(','), 'LINE', 'ERROR'],
        ['W-BAD', 'Bad', 'xyz', 'high', '', '152', expect.stringMatching(/CREDITLIMIT/)],
      ]);
      expect(await vendors('W')).toHaveLength(150);
      await wp.stop(1000);

      // Another company's token sees no such job; a read-only user cannot upload; no token is 401.
      const stranger = await tokenFor('admin@imp2');
      for (const path of [body.statusUrl, body.errorsUrl]) {
        const r = await fetch(`${base}${path}`, { headers: stranger });
        expect(r.status).toBe(404);
        expect(((await r.json()) as any)['ia::result']['ia::error']).toMatchObject({
          code: 'notFound',
          errorId: 'queue.unknown-job',
        });
      }
      const viewer = await fetch(`${base}/jobs/imports?object=VENDOR`, {
        method: 'POST',
        headers: { ...(await tokenFor('viewer@imp')), 'content-type': 'text/csv' },
        body: csv,
      });
      expect(viewer.status).toBe(403);
      expect(((await viewer.json()) as any)['ia::result']['ia::error'].errorId).toBe('write.not-permitted');
      expect(
        (
          await fetch(`${base}/jobs/imports?object=VENDOR`, {
            method: 'POST',
            headers: { 'content-type': 'text/csv' },
            body: csv,
          })
        ).status,
      ).toBe(401);
      const noObject = await fetch(`${base}/jobs/imports`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'text/csv' },
        body: csv,
      });
      expect(noObject.status).toBe(400);
      expect(((await noObject.json()) as any)['ia::result']['ia::error'].details[0].target).toBe('object');
    }, 60_000);

    it('answers 413 in the REST error shape for a file over the import limit', async () => {
      const saved = process.env.LEDGERQ_IMPORT_MAX_BYTES;
      process.env.LEDGERQ_IMPORT_MAX_BYTES = '1000';
      const small = buildApp({ db: t.db, catalog, bodyLimit: 1024 * 1024, logger: false });
      try {
        const r = await small.inject({
          method: 'POST',
          url: '/jobs/imports?object=VENDOR',
          headers: { ...(await tokenFor('admin@imp')), 'content-type': 'text/csv' },
          payload: [HEADER, ...goodRows('Z', 100)].join('\n'),
        });
        expect(r.statusCode).toBe(413);
        expect(r.json()['ia::result']['ia::error']).toMatchObject({
          code: 'payloadTooLarge',
          errorId: 'limit.file-too-large',
        });
      } finally {
        await small.close();
        if (saved === undefined) delete process.env.LEDGERQ_IMPORT_MAX_BYTES;
        else process.env.LEDGERQ_IMPORT_MAX_BYTES = saved;
      }
    });
  });

  it('runs from the command line: progress, summary, error file, and exit 1 only when the whole job fails', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ledgerq-import-'));
    try {
      const run = (args: string[]) =>
        new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
          const child = spawn(
            process.execPath,
            [BIN, 'import', '--db', t.url, '--company', 'imp', '--object', 'VENDOR', ...args],
            { stdio: ['ignore', 'pipe', 'pipe'] },
          );
          let out = '';
          let err = '';
          child.stdout.on('data', (d) => {
            out += d;
          });
          child.stderr.on('data', (d) => {
            err += d;
          });
          child.on('close', (code) => resolve({ code, out, err }));
        });
      const file = join(dir, 'cli.csv');
      writeFileSync(file, [HEADER, ...goodRows('K', 150), 'K-BAD,,1,high,'].join('\n'));
      const ok = await run(['--chunk-rows', '50', file]);
      expect(ok.code, ok.err).toBe(0);
      expect(ok.out).toContain('cli.csv: 151 rows: 150 written (150 created, 0 updated), 0 unchanged, 1 errors');
      expect(parse(readFileSync(join(dir, 'cli.errors.csv'), 'utf8'))[1]).toEqual([
        'K-BAD',
        '',
        '1',
        'high',
        '',
        '152',
        'Required field NAME of VENDOR is missing',
      ]);
      expect(await vendors('K')).toHaveLength(150);

      writeFileSync(file, 'VENDORID,NOPE\nK-1,x\n');
      const failed = await run([file]);
      expect(failed.code).toBe(1);
      expect(failed.err).toContain('NOPE is not a field of VENDOR');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
