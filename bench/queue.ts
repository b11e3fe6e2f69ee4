// Benchmark: 10,000 no-op jobs on PostgreSQL through ledgerq's queue, graphile-worker and pg-boss in the same run;
// prints jobs/s and ratios.
// Run: npm run bench:queue [-- --jobs 10000 --concurrency 8 --pg postgres://postgres@127.0.0.1:5432/postgres --only
// ledgerq,graphile]

import pg from 'pg';
import { Logger, makeWorkerUtils, run as runGraphile } from 'graphile-worker';
import PgBoss from 'pg-boss';
import { buildCatalog } from '../src/catalog/catalog.ts';
import { createCompany } from '../src/auth/tenancy.ts';
import { enqueueJobs, type NewJob } from '../src/queue/enqueue-job.ts';
import { startWorkerPool } from '../src/queue/worker-pool.ts';
import { openDatabase } from '../src/store/open.ts';
import { p, sql } from '../src/store/sql.ts';
import { migrateSchema } from '../src/app/schema.ts';

const args = process.argv.slice(2);
const arg = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const pgServer = arg('--pg') ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const JOBS = Number(arg('--jobs') ?? 10_000);
/** Jobs run at once by ledgerq, graphile-worker (tuned rows) and pg-boss alike. */
const CONCURRENCY = Number(arg('--concurrency') ?? 8);
const only = arg('--only')?.split(',');
/** ledgerq's pool claims this many jobs ahead of its free slots (graphile-worker's local queue does the same). */
const PREFETCH = Number(arg('--prefetch') ?? 4 * CONCURRENCY);

interface Figure {
  system: string;
  setup: string;
  enqueueMs: number;
  runMs: number;
}
const figures: Figure[] = [];
const rate = (f: Figure) => JOBS / (f.runMs / 1000);
const row = (f: Figure) =>
  `${f.system.padEnd(16)} ${f.setup.padEnd(36)} ${(f.enqueueMs / 1000).toFixed(2).padStart(9)} ${(f.runMs / 1000).toFixed(2).padStart(7)} ${Math.round(rate(f)).toLocaleString('en-US').padStart(8)}`;
function record(f: Figure): void {
  figures.push(f);
  console.error(`done: ${row(f)}`);
}

/** Each system gets a database of its own, created for the run and dropped after. */
async function withDatabase<T>(label: string, fn: (url: string) => Promise<T>): Promise<T> {
  const name = `ledgerq_bench_queue_${label}_${process.pid}`;
  const url = new URL(pgServer);
  url.pathname = `/${name}`;
  const admin = new pg.Client({ connectionString: pgServer });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${name}"`);
    return await fn(url.toString());
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  }
}

async function until(done: () => boolean, what: string, ms = 300_000): Promise<void> {
  const end = Date.now() + ms;
  while (!done()) {
    if (Date.now() > end) throw new Error(`${what}: timed out`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/**
 * 'single': each job runs in its own transaction that commits with its Delivered state (BEGIN, finish, COMMIT).
 * 'chunked': a job without transactional effects of its own (as graphile-worker's and pg-boss's tasks are): the
 * finish is one atomic statement.
 */
async function ledgerq(url: string, mode: 'single' | 'chunked'): Promise<void> {
  const db = await openDatabase(url, { poolSize: CONCURRENCY + 4 });
  try {
    await migrateSchema(db, buildCatalog());
    const company = await createCompany(db, {
      companyId: 'bench',
      name: 'Bench Co',
      serviceLevel: 'premium',
      multiEntity: false,
    });
    // The company's API lane admits every slot and prefetched job (premium's default is 4 at once): a per-company
    // setting, as an admin would set it.
    await db.run(
      sql`INSERT INTO lq_company_setting (company_key, name, value) VALUES (${p(company.key)}, 'queue.api', ${p(String(CONCURRENCY + PREFETCH))})`,
    );
    const job: NewJob = {
      companyKey: company.key,
      jobType: 'Run action',
      kind: 'noop',
      lane: 'api',
      action: 'noop',
      details: 'no-op',
      userId: 'bench',
      payload: '{}',
    };
    const t0 = performance.now();
    await enqueueJobs(
      db,
      Array.from({ length: JOBS }, () => job),
      Date.now(),
    );
    const t1 = performance.now();
    const pool = startWorkerPool({
      db,
      concurrency: CONCURRENCY,
      prefetch: PREFETCH,
      pollMs: 100,
      handlers: { noop: { lane: 'api', mode, async run() {} } },
    });
    await until(() => pool.stats.delivered >= JOBS, 'ledgerq');
    const t2 = performance.now();
    await pool.stop();
    const [left] = await db.all<{ n: number | string }>(
      sql`SELECT COUNT(*) AS n FROM o_jobqueuerecord WHERE state <> 'Delivered'`,
    );
    if (Number(left!.n) !== 0) throw new Error(`ledgerq: ${left!.n} jobs not Delivered`);
    record({
      system: 'ledgerq',
      setup: `concurrency ${CONCURRENCY}+${PREFETCH} prefetch, ${mode === 'single' ? 'job tx' : 'no job tx'}`,
      enqueueMs: t1 - t0,
      runMs: t2 - t1,
    });
  } finally {
    await db.close();
  }
}

async function graphile(url: string, setup: string, concurrency: number, localQueue: boolean): Promise<void> {
  // graphile-worker runs on a pool of ours, ended before its database is dropped.
  const pgPool = new pg.Pool({ connectionString: url, max: concurrency + 4 });
  pgPool.on('error', () => {});
  const utils = await makeWorkerUtils({ pgPool });
  try {
    await utils.migrate();
    const t0 = performance.now();
    for (let i = 0; i < JOBS; i += 1000) {
      await utils.addJobs(
        Array.from({ length: Math.min(1000, JOBS - i) }, () => ({ identifier: 'noop', payload: {} })),
      );
    }
    const t1 = performance.now();
    let done = 0;
    const runner = await runGraphile({
      pgPool,
      concurrency,
      noHandleSignals: true,
      pollInterval: 100,
      logger: quietGraphileLogger,
      taskList: { noop: async () => {} },
      ...(localQueue ? { preset: { worker: { localQueue: { size: 500 }, completeJobBatchDelay: 0 } } } : {}),
    });
    runner.events.on('job:success', () => {
      done++;
    });
    await until(() => done >= JOBS, `graphile-worker ${setup}`);
    const t2 = performance.now();
    await runner.stop();
    record({ system: 'graphile-worker', setup, enqueueMs: t1 - t0, runMs: t2 - t1 });
  } finally {
    await utils.release();
    await pgPool.end();
  }
}

const quietGraphileLogger = new Logger(() => () => {});

async function pgBoss(url: string): Promise<void> {
  const boss = new PgBoss({ connectionString: url, max: CONCURRENCY + 4 });
  boss.on('error', () => {});
  await boss.start();
  try {
    await boss.createQueue('noop');
    const t0 = performance.now();
    for (let i = 0; i < JOBS; i += 1000) {
      await boss.insert(Array.from({ length: Math.min(1000, JOBS - i) }, () => ({ name: 'noop', data: {} })));
    }
    const t1 = performance.now();
    let done = 0;
    // pg-boss 10 waits its polling interval (0.5 s at least) after every fetch, so each worker takes a batch.
    const batchSize = 50;
    for (let w = 0; w < CONCURRENCY; w++) {
      await boss.work('noop', { batchSize, pollingIntervalSeconds: 0.5 }, async (jobs) => {
        done += jobs.length;
      });
    }
    await until(() => done >= JOBS, 'pg-boss');
    // A batch counts once pg-boss has recorded it completed.
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      for (;;) {
        const r = await client.query(
          `SELECT COUNT(*)::int AS n FROM pgboss.job WHERE name = 'noop' AND state = 'completed'`,
        );
        if (r.rows[0].n >= JOBS) break;
        await new Promise((res) => setTimeout(res, 5));
      }
    } finally {
      await client.end();
    }
    const t2 = performance.now();
    record({
      system: 'pg-boss 10',
      setup: `${CONCURRENCY} workers x batch ${batchSize}, poll 0.5 s`,
      enqueueMs: t1 - t0,
      runMs: t2 - t1,
    });
  } finally {
    await boss.stop({ graceful: false, wait: true });
  }
}

const want = (name: string) => !only || only.includes(name);
if (want('ledgerq')) {
  await withDatabase('ledgerq', (url) => ledgerq(url, 'single'));
  await withDatabase('ledgerqc', (url) => ledgerq(url, 'chunked'));
}
if (want('graphile')) {
  await withDatabase('graphile1', (url) => graphile(url, 'defaults (concurrency 1)', 1, false));
  await withDatabase('graphileN', (url) => graphile(url, `concurrency ${CONCURRENCY}`, CONCURRENCY, false));
  await withDatabase('graphileLQ', (url) =>
    graphile(url, `concurrency ${CONCURRENCY}, local queue 500`, CONCURRENCY, true),
  );
}
if (want('pgboss')) await withDatabase('pgboss', pgBoss);

console.log(
  `\n${JOBS.toLocaleString('en-US')} no-op jobs on PostgreSQL (${new URL(pgServer).host}), each system in its own database; enqueued in bulk, then timed until all are done\n`,
);
console.log(
  `${'system'.padEnd(16)} ${'setup'.padEnd(36)} ${'enqueue s'.padStart(9)} ${'run s'.padStart(7)} ${'jobs/s'.padStart(8)}`,
);
for (const f of figures) console.log(row(f));
const ours = figures.find((f) => f.system === 'ledgerq');
if (ours) {
  console.log('');
  for (const mine of figures.filter((x) => x.system === 'ledgerq')) {
    for (const f of figures.filter((x) => x.system !== 'ledgerq'))
      console.log(`RATIO ledgerq (${mine.setup}) / ${f.system} (${f.setup}) = ${(rate(mine) / rate(f)).toFixed(2)}`);
  }
  // The target is judged on the strict mode: every job in a transaction of its own that commits with its state.
  const graphileDefault = figures.find((f) => f.system === 'graphile-worker' && f.setup.startsWith('defaults'));
  if (graphileDefault) {
    const ratio = rate(ours) / rate(graphileDefault);
    console.log(`TARGET queue-vs-graphile ${ratio.toFixed(2)} >=1.0 ${ratio >= 1 ? 'ok' : 'MISS'}`);
  }
  // Issue 20: the same concurrency on the same PostgreSQL (graphile-worker without its local queue).
  const graphileSame = figures.find((f) => f.system === 'graphile-worker' && f.setup === `concurrency ${CONCURRENCY}`);
  if (graphileSame) {
    const ratio = rate(ours) / rate(graphileSame);
    console.log(
      `TARGET queue-vs-graphile-concurrency-${CONCURRENCY} ${ratio.toFixed(2)} >=1.0 ${ratio >= 1 ? 'ok' : 'MISS'}`,
    );
  }
}
