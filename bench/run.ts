// The benchmark suite: ledgerq against the raw driver and a bare Fastify route in the same run, on SQLite and
// PostgreSQL; writes docs/PERFORMANCE.md.
//
//   npm run bench                       large demo (seeded when missing), both databases, writes docs/PERFORMANCE.md
//   npm run bench -- --quick            small demo, reduced, under two minutes; prints the TARGET lines
//   options: --db sqlite|postgres|both  --out FILE  --pg postgres://postgres@127.0.0.1:5432/postgres  --no-seed-time
//            --only latency,throughput,walks,processes,queue,seed (a part of the run, e.g. to compare a change)

import { existsSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { buildCatalog } from '../src/catalog/catalog.ts';
import { findCompany } from '../src/auth/tenancy.ts';
import { openDatabase } from '../src/store/open.ts';
import { p, sql } from '../src/store/sql.ts';
import type { Database } from '../src/store/database.ts';
import type { Progress } from '../src/progress.ts';
import { load, median, percentile, request } from './http-load.ts';
import { openRaw, type RawDriver } from './raw-driver.ts';
import { describeMachine, writeReport, type BackendResult, type Report } from './report.ts';
import { checkRest, checkXml, signIn, XML_HEADERS, type Clients } from './clients.ts';
import { peakRss, runScript, startBenchServer } from './server-process.ts';
import {
  READ_BY_QUERY_FIELDS,
  REST_WALK,
  buildWorkload,
  restStatements,
  walkStatement,
  xmlStatements,
  type Statements,
} from './workload.ts';
import { seedDemo } from '../src/app/seed.ts';
import { migrateSchema } from '../src/app/schema.ts';

const ROOT = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const quick = args.includes('--quick');
const which = flag('--db') ?? 'both';
const pgServer = flag('--pg') ?? process.env.LEDGERQ_BENCH_PG ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const out = flag('--out') ?? (quick ? undefined : 'docs/PERFORMANCE.md');
const only = new Set((flag('--only') ?? 'latency,throughput,walks,processes,queue,seed').split(','));
const seedTime = !quick && !args.includes('--no-seed-time') && only.has('seed');
if (!['sqlite', 'postgres', 'both'].includes(which)) throw new Error('--db is sqlite, postgres or both');

/** Sizes of each step; --quick keeps the whole run under two minutes on the small demo. */
const plan = quick
  ? {
      size: 'small' as const,
      minBills: 1_000,
      latencyIterations: 40,
      latencySeconds: 1.2,
      loadSeconds: 2,
      readMorePage: 100,
      restPage: 200,
      scriptTimeoutMs: 45_000,
    }
  : {
      size: 'large' as const,
      minBills: 1_000_000,
      latencyIterations: 200,
      latencySeconds: 8,
      loadSeconds: 10,
      readMorePage: 1000,
      restPage: 4000,
      scriptTimeoutMs: 600_000,
    };

const t0 = performance.now();
const log = (msg: string) => console.log(`[${((performance.now() - t0) / 1000).toFixed(0).padStart(4)} s] ${msg}`);
const catalog = buildCatalog();

function pgUrl(name: string): string {
  const u = new URL(pgServer);
  u.pathname = `/${name}`;
  return u.toString();
}

async function dropPg(name: string): Promise<void> {
  const c = new pg.Client({ connectionString: pgServer });
  await c.connect();
  try {
    await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await c.end();
  }
}

async function billCount(db: Database): Promise<number> {
  const company = await findCompany(db, 'demo');
  if (!company) return 0;
  const [row] = await db.all<{ n: unknown }>(
    sql`SELECT COUNT(*) AS n FROM o_apbill WHERE company_key = ${p(company.key)}`,
  );
  return Number(row?.n ?? 0);
}

/** Opens the benchmark database, seeding the demo of the plan's size when it is missing or incomplete. */
async function prepareDatabase(backend: 'sqlite' | 'postgres'): Promise<string> {
  const name = `ledgerq_bench_${plan.size}`;
  const url = backend === 'sqlite' ? `sqlite:${join(ROOT, 'data', `bench-${plan.size}.db`)}` : pgUrl(name);
  let db = await openDatabase(url);
  try {
    await migrateSchema(db, catalog);
    const n = await billCount(db).catch(() => 0);
    if (n >= plan.minBills) {
      log(
        `${backend}: ${db.displayUrl} holds the ${plan.size} demo (${n.toLocaleString('en-US')} bills of company demo)`,
      );
      return url;
    }
    log(
      `${backend}: seeding the ${plan.size} demo into ${db.displayUrl} (${n > 0 ? 'incomplete: starting over' : 'missing'}; the large demo takes about a minute on SQLite, longer on PostgreSQL)`,
    );
    await db.close();
    if (backend === 'sqlite')
      for (const ext of ['', '-wal', '-shm']) rmSync(url.slice('sqlite:'.length) + ext, { force: true });
    else await dropPg(name);
    db = await openDatabase(url);
    const s = await seedDemo(db, catalog, { size: plan.size, seed: 1, progress: logProgress() });
    log(`${backend}: seeded in ${(s.millis / 1000).toFixed(1)} s`);
    return url;
  } finally {
    await db.close().catch(() => {});
  }
}

/** Seeding progress as a log line every five seconds (the benchmark's output is often a file, not a terminal). */
function logProgress(): Progress {
  let label = '';
  let total = 0;
  let done = 0;
  let shown = 0;
  return {
    begin(l, t) {
      label = l;
      total = t;
      done = 0;
    },
    advance(n) {
      done += n;
      if (performance.now() - shown > 5000) {
        shown = performance.now();
        log(`  ${label}: ${done.toLocaleString('en-US')} / ${total.toLocaleString('en-US')}`);
      }
    },
    end() {
      log(`  ${label}: ${done.toLocaleString('en-US')} rows`);
    },
  };
}

/** The statements ledgerq runs for one answer: the page, and the count when the page is full. */
async function rawAnswer(raw: RawDriver, s: Statements): Promise<void> {
  const rows = await raw.all(s.select);
  if (s.limit !== null && rows.length >= s.limit) await raw.all(s.count);
}

async function setBare(c: Clients, name: string, body: string, type: string): Promise<void> {
  await request(`${c.server.bareUrl}/${name}`, 'PUT', body, { 'content-type': 'text/plain', 'x-bare-type': type });
  const check = await request(`${c.server.bareUrl}/${name}`, 'POST', 'x', { 'content-type': 'text/plain' });
  if (check.status !== 200 || check.body !== body)
    throw new Error(`the bare route did not answer the body it was given (${check.status})`);
}

async function latency(c: Clients, raw: RawDriver, db: Database, result: BackendResult): Promise<void> {
  const w = await buildWorkload(db);
  for (const [i, q] of w.queries.entries()) {
    const xmlBody = c.xml(q.xml);
    const restBody = JSON.stringify(q.rest);
    const xs = xmlStatements(db, catalog, w.scope, q.xml);
    const rs = restStatements(db, catalog, w.scope, q.rest);
    const xmlFirst = await request(c.xmlUrl, 'POST', xmlBody, XML_HEADERS);
    checkXml(xmlFirst.body, q.name);
    const restFirst = await request(c.restUrl, 'POST', restBody, c.restHeaders);
    checkRest(restFirst, q.name);
    await setBare(c, `xml${i}`, xmlFirst.body, 'text/xml; charset=UTF-8');
    await setBare(c, `rest${i}`, restFirst.body, 'application/json; charset=utf-8');
    const series = {
      xml: [] as number[],
      rest: [] as number[],
      rawXml: [] as number[],
      rawRest: [] as number[],
      bareXml: [] as number[],
      bareRest: [] as number[],
    };
    const timed = async (fn: () => Promise<unknown>) => {
      const s = performance.now();
      await fn();
      return performance.now() - s;
    };
    // Interleaved, so every series sees the same machine load.
    const start = performance.now();
    // At least 5 measured runs (a scan of a million bills takes seconds), then until the time or the count is reached.
    for (
      let n = 0;
      n < plan.latencyIterations + 3 && (n < 8 || performance.now() - start < plan.latencySeconds * 1000);
      n++
    ) {
      const rx = await timed(() => rawAnswer(raw, xs));
      const x = (await request(c.xmlUrl, 'POST', xmlBody, XML_HEADERS)).ms;
      const bx = (await request(`${c.server.bareUrl}/xml${i}`, 'POST', xmlBody, XML_HEADERS)).ms;
      const rr = await timed(() => rawAnswer(raw, rs));
      const r = (await request(c.restUrl, 'POST', restBody, c.restHeaders)).ms;
      const br = (await request(`${c.server.bareUrl}/rest${i}`, 'POST', restBody, c.restHeaders)).ms;
      if (n < 3) continue; // warm-up
      series.rawXml.push(rx);
      series.xml.push(x);
      series.bareXml.push(bx);
      series.rawRest.push(rr);
      series.rest.push(r);
      series.bareRest.push(br);
    }
    const row = {
      name: q.name,
      iterations: series.xml.length,
      xmlBytes: Buffer.byteLength(xmlFirst.body),
      restBytes: Buffer.byteLength(restFirst.body),
      xml: { p50: median(series.xml), p99: percentile(series.xml, 99) },
      rest: { p50: median(series.rest), p99: percentile(series.rest, 99) },
      rawXml: { p50: median(series.rawXml), p99: percentile(series.rawXml, 99) },
      rawRest: { p50: median(series.rawRest), p99: percentile(series.rawRest, 99) },
      bareXml: { p50: median(series.bareXml), p99: percentile(series.bareXml, 99) },
      bareRest: { p50: median(series.bareRest), p99: percentile(series.bareRest, 99) },
    };
    result.latency.push(row);
    log(
      `  q${i + 1} ${q.name}: XML p50 ${row.xml.p50.toFixed(2)} ms (raw ${row.rawXml.p50.toFixed(2)} + bare ${row.bareXml.p50.toFixed(2)}), REST p50 ${row.rest.p50.toFixed(2)} ms (raw ${row.rawRest.p50.toFixed(2)} + bare ${row.bareRest.p50.toFixed(2)}), ${row.iterations} runs`,
    );
  }
}

/**
 * One vendor's bills, 100 to a page: the answer's total is an index count of that vendor's bills. Over all bills
 * the total would be a COUNT of a million rows per request, and the figure would measure that, not the server.
 */
async function throughput(c: Clients, db: Database, result: BackendResult): Promise<void> {
  const { vendor } = await buildWorkload(db);
  const fields = READ_BY_QUERY_FIELDS;
  const xmlBody = c.xml(
    `<query><object>APBILL</object><select>${fields.map((f) => `<field>${f}</field>`).join('')}</select>` +
      `<filter><equalto><field>VENDORID</field><value>${vendor}</value></equalto></filter><pagesize>100</pagesize></query>`,
  );
  const restBody = JSON.stringify({ ...REST_WALK, filters: [{ $eq: { 'vendor.id': vendor } }], size: 100 });
  const x = await request(c.xmlUrl, 'POST', xmlBody, XML_HEADERS);
  checkXml(x.body, '100-row XML query');
  const r = await request(c.restUrl, 'POST', restBody, c.restHeaders);
  checkRest(r, '100-row REST query');
  await setBare(c, 'xml100', x.body, 'text/xml; charset=UTF-8');
  await setBare(c, 'rest100', r.body, 'application/json; charset=utf-8');
  const s = plan.loadSeconds;
  const xml = await load(c.xmlUrl, xmlBody, XML_HEADERS, s);
  const bareXml = await load(`${c.server.bareUrl}/xml100`, xmlBody, XML_HEADERS, s);
  const rest = await load(c.restUrl, restBody, c.restHeaders, s);
  const bareRest = await load(`${c.server.bareUrl}/rest100`, restBody, c.restHeaders, s);
  for (const [what, l] of [
    ['XML', xml],
    ['REST', rest],
  ] as const)
    if (l.non2xx > 0 || l.errors > 0)
      log(`  warning: ${what} load had ${l.non2xx} non-2xx answers and ${l.errors} errors (not counted)`);
  result.throughput = {
    xmlBytes: Buffer.byteLength(x.body),
    restBytes: Buffer.byteLength(r.body),
    xml: xml.requestsPerSecond,
    bareXml: bareXml.requestsPerSecond,
    rest: rest.requestsPerSecond,
    bareRest: bareRest.requestsPerSecond,
  };
  log(
    `  100-row XML ${xml.requestsPerSecond.toFixed(0)} req/s vs bare ${bareXml.requestsPerSecond.toFixed(0)}; REST ${rest.requestsPerSecond.toFixed(0)} req/s vs bare ${bareRest.requestsPerSecond.toFixed(0)} (10 connections, ${s} s each)`,
  );
}

/** Pages' times: the first three against the last three full pages (the final page may be short). */
function pageShape(pageMs: readonly number[], full: readonly boolean[]): { firstMs: number; lastMs: number } {
  const fullMs = pageMs.filter((_, i) => full[i]);
  const use = fullMs.length >= 2 ? fullMs : pageMs;
  const k = Math.max(1, Math.min(3, Math.floor(use.length / 2)));
  return { firstMs: median(use.slice(0, k)), lastMs: median(use.slice(-k)) };
}

async function walkReadMore(
  c: Clients,
): Promise<{ rows: number; pages: number; millis: number; firstMs: number; lastMs: number }> {
  const pageSize = plan.readMorePage;
  const begin = performance.now();
  const pageMs: number[] = [];
  const full: boolean[] = [];
  let rows = 0;
  let a = await request(
    c.xmlUrl,
    'POST',
    c.xml(
      `<readByQuery><object>APBILL</object><fields>${READ_BY_QUERY_FIELDS.join(',')}</fields><query></query><pagesize>${pageSize}</pagesize></readByQuery>`,
    ),
    XML_HEADERS,
  );
  for (;;) {
    checkXml(a.body, 'readByQuery/readMore');
    const count = Number(/<data [^>]*\bcount="(\d+)"/.exec(a.body)?.[1] ?? 0);
    const remaining = Number(/numremaining="(\d+)"/.exec(a.body)?.[1] ?? 0);
    const resultId = /resultId="([^"]*)"/.exec(a.body)?.[1] ?? '';
    rows += count;
    pageMs.push(a.ms);
    full.push(count === pageSize);
    if (remaining === 0 || !resultId) break;
    a = await request(c.xmlUrl, 'POST', c.xml(`<readMore><resultId>${resultId}</resultId></readMore>`), XML_HEADERS);
  }
  return { rows, pages: pageMs.length, millis: performance.now() - begin, ...pageShape(pageMs, full) };
}

async function walkRest(
  c: Clients,
): Promise<{ rows: number; pages: number; millis: number; firstMs: number; lastMs: number }> {
  const size = plan.restPage;
  const begin = performance.now();
  const pageMs: number[] = [];
  const full: boolean[] = [];
  let rows = 0;
  let start: number | null = 1;
  while (start !== null) {
    const a = await request(c.restUrl, 'POST', JSON.stringify({ ...REST_WALK, start, size }), c.restHeaders);
    checkRest(a, `REST page at ${start}`);
    const json = JSON.parse(a.body) as { 'ia::result': unknown[]; 'ia::meta': { next: number | null } };
    rows += json['ia::result'].length;
    pageMs.push(a.ms);
    full.push(json['ia::result'].length === size);
    start = json['ia::meta'].next;
  }
  return { rows, pages: pageMs.length, millis: performance.now() - begin, ...pageShape(pageMs, full) };
}

async function walks(c: Clients, raw: RawDriver, db: Database, url: string, result: BackendResult): Promise<void> {
  const w = await buildWorkload(db);
  for (const naming of ['xml', 'rest'] as const) {
    const statement = walkStatement(db, catalog, w.scope, naming);
    const s = performance.now();
    const stream = await raw.stream(statement, 1000);
    const rawMs = performance.now() - s;
    const { result: walk, peakMb } = await peakRss(c.server.pid, () =>
      naming === 'xml' ? walkReadMore(c) : walkRest(c),
    );
    const entry = {
      kind: naming === 'xml' ? 'readByQuery + readMore' : 'REST next',
      pageSize: naming === 'xml' ? plan.readMorePage : plan.restPage,
      ...walk,
      rawRows: stream.rows,
      rawMillis: rawMs,
      peakMb,
    };
    if (walk.rows !== stream.rows)
      log(`  warning: the ${entry.kind} walk returned ${walk.rows} rows, raw streaming ${stream.rows}`);
    result.walks.push(entry);
    log(
      `  ${entry.kind} (page ${entry.pageSize}): ${walk.rows.toLocaleString('en-US')} rows in ${(walk.millis / 1000).toFixed(1)} s = ${Math.round(walk.rows / (walk.millis / 1000)).toLocaleString('en-US')} rows/s; raw ${Math.round(stream.rows / (rawMs / 1000)).toLocaleString('en-US')} rows/s; first page ${walk.firstMs.toFixed(1)} ms, last ${walk.lastMs.toFixed(1)} ms; server peak RSS ${peakMb.toFixed(0)} MB`,
    );
  }
  // The DDS export is the export engineer's script (it seeds the large demo when missing, so --quick leaves it out).
  const exportScript = 'bench/dds-export.ts';
  if (!existsSync(join(ROOT, exportScript))) {
    result.export = { available: false, note: `${exportScript} not available in this checkout` };
    log(`  DDS export: not available (${exportScript} is missing)`);
    return;
  }
  if (quick) {
    result.export = { available: false, note: `not run by --quick: ${exportScript} exports the large demo` };
    log(`  DDS export: not run by --quick (${exportScript} works on the large demo); run npm run bench for it`);
    return;
  }
  log(`  DDS export: running ${exportScript} --db … (its output follows)`);
  const run = await runScript(exportScript, ['--db', url], {}, plan.scriptTimeoutMs, 'dds-export |');
  const line = run.lines.find((l) => l.startsWith('EXPORT ')) ?? '';
  const rate = /([\d,]+) rows\/s/.exec(line)?.[1];
  const reportedPeak = /peak RSS (\d+) MB/.exec(line)?.[1];
  const verified = run.lines.some((l) => l.startsWith('VERIFY ok'));
  const rawStream = result.walks[0];
  result.export = {
    available: true,
    ok: run.code === 0 && !run.timedOut && verified,
    note: run.timedOut ? 'timed out' : run.code !== 0 ? `exit code ${run.code}` : verified ? '' : 'no VERIFY ok line',
    rowsPerSecond: rate ? Number(rate.replace(/,/g, '')) : null,
    // The larger of the script's own figure and this process's samples of it.
    peakMb: Math.max(run.peakMb, reportedPeak ? Number(reportedPeak) : 0),
    millis: run.millis,
    rawRowsPerSecond: rawStream ? rawStream.rawRows / (rawStream.rawMillis / 1000) : null,
    targets: run.lines.filter((l) => l.startsWith('TARGET ')),
  };
}

async function benchBackend(backend: 'sqlite' | 'postgres'): Promise<BackendResult> {
  const url = await prepareDatabase(backend);
  const result: BackendResult = {
    backend,
    latency: [],
    throughput: null,
    walks: [],
    export: null,
    processes: null,
    versions: {},
  };
  const db = await openDatabase(url);
  const raw = await openRaw(url);
  // REST's per-user rate limit (6,000/min by default) would answer 429 under load: off for the benchmark server.
  const server = await startBenchServer(url, { LEDGERQ_REST_RATE_LIMIT: '0', LEDGERQ_LOG_LEVEL: 'silent' });
  try {
    log(`${backend}: server pid ${server.pid} at ${server.url}`);
    result.versions =
      backend === 'sqlite'
        ? { SQLite: String(((await raw.all(sql`SELECT sqlite_version() AS v`)) as { v: string }[])[0]?.v) }
        : {
            PostgreSQL: String(
              ((await raw.all(sql`SHOW server_version`)) as { server_version: string }[])[0]?.server_version,
            ),
          };
    const c = await signIn(server);
    if (only.has('latency')) {
      log(`${backend}: latency of the six queries (XML and REST over HTTP, raw driver, bare Fastify; interleaved)`);
      await latency(c, raw, db, result);
    }
    if (only.has('throughput')) {
      log(`${backend}: throughput at 10 connections`);
      await throughput(c, db, result);
    }
    if (only.has('walks')) {
      log(`${backend}: full walks against raw streaming`);
      await walks(c, raw, db, url, result);
    }
    if (only.has('processes')) {
      log(`${backend}: serve --processes 1 against --processes 2 (bench/processes.ts; its output follows)`);
      const run = await runScript(
        'bench/processes.ts',
        ['--db', url, '--seconds', String(plan.loadSeconds)],
        {},
        plan.scriptTimeoutMs,
        'processes |',
      );
      if (run.code !== 0 || run.timedOut)
        log(`  warning: bench/processes.ts ${run.timedOut ? 'timed out' : `exited ${run.code}`}`);
      result.processes = { lines: run.lines, targets: run.lines.filter((l) => l.startsWith('TARGET ')) };
    }
  } finally {
    await server.stop();
    await raw.close();
    await db.close();
  }
  return result;
}

const report: Report = {
  quick,
  startedAt: new Date().toISOString(),
  machine: await describeMachine(),
  backends: [],
  queue: null,
  seed: null,
  targets: [],
};
log(
  `ledgerq benchmark${quick ? ' (--quick: small demo, reduced)' : ''} on ${report.machine.cpu}, ${report.machine.cores} cores; databases: ${which}`,
);

for (const backend of (which === 'both' ? ['sqlite', 'postgres'] : [which]) as ('sqlite' | 'postgres')[]) {
  try {
    report.backends.push(await benchBackend(backend));
  } catch (e) {
    log(`${backend}: FAILED: ${(e as Error).stack ?? e}`);
    process.exitCode = 1;
  }
}

// The queue benchmark is the queue engineer's script (PostgreSQL only); its TARGET lines are passed through.
if (which !== 'sqlite' && only.has('queue')) {
  const script = 'bench/queue.ts';
  if (existsSync(join(ROOT, script))) {
    log(`queue: running ${script} (its output follows)`);
    const run = await runScript(
      script,
      ['--pg', pgServer, ...(quick ? ['--jobs', '1000'] : [])],
      {},
      plan.scriptTimeoutMs,
      'queue |',
    );
    report.queue = {
      available: true,
      ok: run.code === 0 && !run.timedOut,
      lines: run.lines,
      targets: run.lines.filter((l) => l.startsWith('TARGET ')),
    };
  } else {
    report.queue = { available: false, lines: [], targets: [], ok: false };
    log(`queue: not available (${script} is missing)`);
  }
}

if (quick) log('seed: not run by --quick (the large demo takes about a minute); npm run bench times it');
if (seedTime) {
  log('seed: timing the large demo seed on a fresh SQLite file (bench/seed.ts --only sqlite)');
  const run = await runScript('bench/seed.ts', ['--only', 'sqlite'], {}, plan.scriptTimeoutMs, 'seed |');
  const m = run.lines.map((l) => /^SEED sqlite\s+([\d,]+) rows in ([\d.]+) s/.exec(l)).find(Boolean);
  report.seed = m ? { rows: Number(m[1]!.replace(/,/g, '')), seconds: Number(m[2]) } : null;
}

writeReport(report, out ? resolve(ROOT, out) : null);
log(`done in ${((performance.now() - t0) / 1000).toFixed(0)} s${out ? `; wrote ${out}` : ''}`);
