// Throughput of `ledgerq serve --processes 1` against `--processes 2` over one database (issue 20: "throughput with
// two processes ≥ 1.7× one process, on each database"): the same 100-row XML and REST queries as the main run's
// throughput part (one vendor's bills), at the same connections, one server after the other on the same database.
//
//   npm run bench:processes -- --db sqlite:./data/bench-small.db [--seconds 10] [--connections 20]
//
// The servers run as a user runs them (bin/ledgerq.mjs serve, rate limit off). Prints req/s per process count and
// TARGET lines (`TARGET processes-2/1-xml 1.62 >=1.7 MISS`); bench/run.ts passes them through per database.
// Two processes can only gain where the machine has a core to spare beside the load generator and the database
// server: on a 2-core machine with PostgreSQL on it, the ratio measures the machine as much as the server.

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../src/store/open.ts';
import { checkRest, checkXml, signIn, XML_HEADERS } from './clients.ts';
import { type CpuBudget, cpuBudget, describeBudget, readCpu } from './cpu-budget.ts';
import { load, request } from './http-load.ts';
import type { BenchServer } from './server-process.ts';
import { buildWorkload, READ_BY_QUERY_FIELDS, REST_WALK } from './workload.ts';

const ROOT = new URL('..', import.meta.url).pathname;
const BIN = join(ROOT, 'bin', 'ledgerq.mjs');
const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const dbUrl = flag('--db');
if (!dbUrl) throw new Error('--db <url> is required (a seeded benchmark database, e.g. sqlite:./data/bench-small.db)');
const seconds = Number(flag('--seconds') ?? 10);
const connections = Number(flag('--connections') ?? 20);
const GOAL = 1.7;

/** `ledgerq serve --processes n` on the database, ready when it has written its URL. */
async function serve(processes: number): Promise<BenchServer> {
  const dir = mkdtempSync(join(tmpdir(), 'ledgerq-bench-processes-'));
  const ready = join(dir, 'ready');
  const child = spawn(
    process.execPath,
    [
      BIN,
      'serve',
      '--db',
      dbUrl!,
      '--port',
      '0',
      '--processes',
      String(processes),
      '--ready-file',
      ready,
      '--log-level',
      'silent',
    ],
    {
      cwd: ROOT,
      env: { ...process.env, LEDGERQ_RATE_LIMIT: '0' },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => {
    stderr += c.toString();
  });
  const end = Date.now() + 120_000;
  while (!existsSync(ready)) {
    if (child.exitCode !== null) throw new Error(`ledgerq serve exited (${child.exitCode}):\n${stderr}`);
    if (Date.now() > end) throw new Error(`ledgerq serve --processes ${processes} did not start:\n${stderr}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const url = readFileSync(ready, 'utf8').trim();
  return {
    pid: child.pid!,
    url,
    bareUrl: '',
    stop: () =>
      new Promise<void>((resolve) => {
        rmSync(dir, { recursive: true, force: true });
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

const db = await openDatabase(dbUrl);
const { vendor } = await buildWorkload(db);
await db.close();

const rates: Record<number, { xml: number; rest: number }> = {};
const budgets: Record<number, { xml: CpuBudget; rest: CpuBudget }> = {};
for (const n of [1, 2]) {
  const server = await serve(n);
  try {
    const c = await signIn(server);
    const xmlBody = c.xml(
      `<query><object>APBILL</object><select>${READ_BY_QUERY_FIELDS.map((f) => `<field>${f}</field>`).join('')}</select>` +
        `<filter><equalto><field>VENDORID</field><value>${vendor}</value></equalto></filter><pagesize>100</pagesize></query>`,
    );
    const restBody = JSON.stringify({ ...REST_WALK, filters: [{ $eq: { 'vendor.id': vendor } }], size: 100 });
    checkXml((await request(c.xmlUrl, 'POST', xmlBody, XML_HEADERS)).body, '100-row XML query');
    checkRest(await request(c.restUrl, 'POST', restBody, c.restHeaders), '100-row REST query');
    // A short warm-up per process count, so both measure warmed code.
    await load(c.xmlUrl, xmlBody, XML_HEADERS, 2, connections);
    const measured = async (url: string, body: string, headers: Record<string, string>) => {
      const before = readCpu(server.pid);
      const l = await load(url, body, headers, seconds, connections);
      return { l, budget: cpuBudget(before, readCpu(server.pid)) };
    };
    const { l: xml, budget: xmlBudget } = await measured(c.xmlUrl, xmlBody, XML_HEADERS);
    const { l: rest, budget: restBudget } = await measured(c.restUrl, restBody, c.restHeaders);
    budgets[n] = { xml: xmlBudget, rest: restBudget };
    for (const [what, l] of [
      ['XML', xml],
      ['REST', rest],
    ] as const)
      if (l.non2xx > 0 || l.errors > 0)
        console.log(`warning: ${what} with ${n} process(es) had ${l.non2xx} non-2xx answers and ${l.errors} errors`);
    rates[n] = { xml: xml.requestsPerSecond, rest: rest.requestsPerSecond };
    console.log(
      `--processes ${n}: 100-row XML ${xml.requestsPerSecond.toFixed(0)} req/s, REST ${rest.requestsPerSecond.toFixed(0)} req/s (${connections} connections, ${seconds} s each; ${cpus().length} cores)`,
    );
    console.log(`  XML ${describeBudget(xmlBudget)}`);
    console.log(`  REST ${describeBudget(restBudget)}`);
  } finally {
    await server.stop();
  }
}
for (const kind of ['xml', 'rest'] as const) {
  const ratio = rates[2]![kind] / rates[1]![kind];
  // The one-process run's CPU per request at most `cores` times over: no number of processes passes that here.
  const ceiling = budgets[1]![kind].ceiling;
  console.log(
    `CEILING processes-2/1-${kind} ${ceiling.toFixed(2)} (cores / cores busy with one process; the goal ${GOAL} ${ceiling >= GOAL ? 'fits' : 'does not fit'} this machine)`,
  );
  console.log(`TARGET processes-2/1-${kind} ${ratio.toFixed(2)} >=${GOAL} ${ratio >= GOAL ? 'ok' : 'MISS'}`);
}
