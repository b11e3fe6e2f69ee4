// Acceptance run of CSV import: 100,000 vendor rows with 1% bad rows into a fresh SQLite and PostgreSQL database,
// twice; checks and rows/s.
// Run: npm run bench:import [-- --rows 100000] [--pg postgres://postgres@127.0.0.1:5432/postgres] [--only
// sqlite|postgres]

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import pg from 'pg';
import { addUser, createCompany } from '../src/auth/tenancy.ts';
import { buildCatalog, findField } from '../src/catalog/catalog.ts';
import {
  CSV_IMPORT_KIND,
  csvImportErrors,
  csvImportHandler,
  csvImportStatus,
  submitCsvImport,
  type ImportStatus,
} from '../src/jobs/csv-import.ts';
import { startWorkerPool } from '../src/queue/worker-pool.ts';
import type { Database } from '../src/store/database.ts';
import { openDatabase } from '../src/store/open.ts';
import { p, sql } from '../src/store/sql.ts';
import { createRecord } from '../src/writes/write-record.ts';
import { migrateSchema } from '../src/app/schema.ts';

const args = process.argv.slice(2);
const arg = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const pgServer = arg('--pg') ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const only = arg('--only');
const ROWS = Number(arg('--rows') ?? 100_000);

/** Every 100th row is bad, cycling through the reasons a row can be refused for. */
const BAD_KINDS = [
  { kind: 'wrong type', row: (i: number) => `BV${i},Vendor ${i},lots,normal,`, reason: /CREDITLIMIT/ },
  { kind: 'missing required', row: (i: number) => `BV${i},,10,normal,`, reason: /Required field NAME/ },
  { kind: 'bad reference', row: (i: number) => `BV${i},Vendor ${i},10,normal,Net 99`, reason: /no APTERM/ },
  { kind: 'duplicate ID', row: (i: number) => `GV${i - 50},Again ${i},10,normal,`, reason: /duplicate VENDORID/ },
  { kind: 'wrong column count', row: (i: number) => `BV${i},Vendor ${i}`, reason: /wrong number of columns/ },
  { kind: 'bad enum', row: (i: number) => `BV${i},Vendor ${i},10,whenever,`, reason: /PAYMENTPRIORITY/ },
] as const;

interface File {
  csv: string;
  goodIds: Set<string>;
  bad: Map<number, RegExp>;
}

function generate(rows: number): File {
  const lines = ['VENDORID,NAME,CREDITLIMIT,PAYMENTPRIORITY,TERMNAME'];
  const goodIds = new Set<string>();
  const bad = new Map<number, RegExp>();
  for (let i = 0; i < rows; i++) {
    const line = i + 2;
    if (i % 100 === 99) {
      const k = BAD_KINDS[Math.floor(i / 100) % BAD_KINDS.length]!;
      lines.push(k.row(i));
      bad.set(line, k.reason);
    } else {
      lines.push(
        `GV${i},Vendor ${i},${(i % 5000) + 0.25},${['urgent', 'high', 'normal', 'low'][i % 4]},${i % 3 === 0 ? 'Net 30' : ''}`,
      );
      goodIds.add(`GV${i}`);
    }
  }
  return { csv: `${lines.join('\n')}\n`, goodIds, bad };
}

async function importOnce(
  db: Database,
  companyKey: number,
  csv: string,
): Promise<{ status: ImportStatus; seconds: number; cpuMs: number; errors: string }> {
  const catalog = buildCatalog();
  const pool = startWorkerPool({
    db,
    handlers: { [CSV_IMPORT_KIND]: csvImportHandler({ catalog }) },
    concurrency: 1,
    pollMs: 50,
  });
  const started = Date.now();
  // CPU time of this process (the worker runs in it): wall time on a shared machine counts other processes' work too.
  const cpuBefore = process.cpuUsage();
  const { jobId } = await submitCsvImport(db, catalog, {
    companyKey,
    userId: 'admin',
    entityId: null,
    object: 'VENDOR',
    fileName: 'vendors.csv',
    csv,
  });
  let status: ImportStatus;
  let shown = 0;
  for (;;) {
    status = await csvImportStatus(db, companyKey, jobId);
    if (!['Queued', 'In Progress', 'Deferred'].includes(status.state)) break;
    if (Date.now() - shown > 10_000) {
      process.stderr.write(`  ${status.details}\n`);
      shown = Date.now();
    }
    // Every 20 ms: at 20,000 rows/s a 10,000-row run takes 0.5 s, which a 100 ms poll would round up by up to a fifth.
    await new Promise((r) => setTimeout(r, 20));
  }
  const seconds = (Date.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  await pool.stop(1000);
  return {
    status,
    seconds,
    cpuMs: (cpu.user + cpu.system) / 1000,
    errors: await csvImportErrors(db, companyKey, jobId),
  };
}

const cpuPer10k = (ms: number) => `${Math.round((ms * 10_000) / ROWS).toLocaleString('en-US')} CPU ms per 10,000 rows`;

type Snapshot = { vendorid: string; name: string; whenmodified: unknown; recordno: unknown }[];
const snapshot = (db: Database, companyKey: number) =>
  db.all<Snapshot[number]>(
    sql`SELECT vendorid, name, whenmodified, recordno FROM o_vendor WHERE company_key = ${p(companyKey)} ORDER BY vendorid`,
  );

async function run(label: string, url: string, file: File): Promise<boolean> {
  const db = await openDatabase(url);
  let ok = true;
  const check = (what: string, pass: boolean) => {
    if (!pass) ok = false;
    console.log(`  ${pass ? 'ok  ' : 'FAIL'} ${what}`);
  };
  try {
    const catalog = buildCatalog();
    await migrateSchema(db, catalog);
    const co = await createCompany(db, {
      companyId: 'bench',
      name: 'Bench Co',
      serviceLevel: 'premium',
      multiEntity: false,
    });
    await addUser(db, co, { userId: 'admin', password: 'admin', role: 'admin' });
    const term = catalog.require('APTERM');
    await createRecord(
      { db, catalog, companyKey: co.key, entityId: null, userId: 'admin', now: '2026-01-05T09:00:00Z', naming: 'xml' },
      term,
      new Map([[findField(term, 'NAME')!, 'Net 30']]),
    );

    console.log(`IMPORT ${label}: ${ROWS.toLocaleString('en-US')} rows, ${file.bad.size.toLocaleString('en-US')} bad`);
    const first = await importOnce(db, co.key, file.csv);
    const r = first.status.rows;
    console.log(
      `  first run:  ${first.status.details} in ${first.seconds.toFixed(1)} s = ${Math.round(ROWS / first.seconds).toLocaleString('en-US')} rows/s, ${cpuPer10k(first.cpuMs)}`,
    );
    check('the job was delivered', first.status.state === 'Delivered');
    check(
      `created ${file.goodIds.size} and reported ${file.bad.size} errors`,
      r.created === file.goodIds.size && r.errors === file.bad.size && r.updated === 0,
    );
    const stored = await snapshot(db, co.key);
    check(
      'exactly the good rows are in VENDOR',
      stored.length === file.goodIds.size && stored.every((v) => file.goodIds.has(v.vendorid)),
    );
    const errors = parse(first.errors, { columns: true, relax_column_count: true }) as Record<string, string>[];
    check(
      'every bad line is listed once, with its reason',
      errors.length === file.bad.size &&
        errors.every((e) => file.bad.get(Number(e.LINE))?.test(e.ERROR ?? '') === true) &&
        new Set(errors.map((e) => e.LINE)).size === file.bad.size,
    );

    const second = await importOnce(db, co.key, file.csv);
    console.log(
      `  second run: ${second.status.details} in ${second.seconds.toFixed(1)} s = ${Math.round(ROWS / second.seconds).toLocaleString('en-US')} rows/s, ${cpuPer10k(second.cpuMs)}`,
    );
    check(
      'the re-run wrote nothing',
      second.status.rows.written === 0 && second.status.rows.unchanged === file.goodIds.size,
    );
    const after = await snapshot(db, co.key);
    check(
      'VENDOR is unchanged (rows, names, WHENMODIFIED, RECORDNO)',
      JSON.stringify(after) === JSON.stringify(stored),
    );
    check('the re-run lists the same errors', second.errors === first.errors);
  } finally {
    await db.close();
  }
  return ok;
}

const file = generate(ROWS);
let allOk = true;
if (only !== 'postgres') {
  const dir = mkdtempSync(join(tmpdir(), 'ledgerq-bench-import-'));
  try {
    allOk = (await run('sqlite', `sqlite:${join(dir, 'bench.db')}`, file)) && allOk;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
if (only !== 'sqlite') {
  const name = `ledgerq_bench_import_${process.pid}`;
  const url = new URL(pgServer);
  url.pathname = `/${name}`;
  try {
    allOk = (await run('postgres', url.toString(), file)) && allOk;
  } finally {
    const c = new pg.Client({ connectionString: pgServer });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await c.end();
  }
}
if (!allOk) process.exitCode = 1;
