// A worker process for the crash test: runs `count` jobs (one effect row each, in the job's transaction) until it is killed.
import { register } from 'tsx/esm/api';

register();
const { startWorkerPool } = await import('../../../src/jobs/worker-pool.ts');
const { openDatabase } = await import('../../../src/store/open.ts');
const { p, sql } = await import('../../../src/store/sql.ts');

const [url, concurrency, name, leaseMs] = process.argv.slice(2);
const db = await openDatabase(url);
const wide = { api: 1000, report: 1000 };
startWorkerPool({
  db, concurrency: Number(concurrency), name, leaseMs: Number(leaseMs), pollMs: 20,
  limits: { byServiceLevel: { standard: wide, premium: wide } },
  handlers: {
    count: {
      lane: 'api',
      async run({ job, tx }) {
        await tx.run(sql`INSERT INTO test_effect (job_id, worker) VALUES (${p(job.jobId)}, ${p(name)})`);
        // Long enough that kills land mid-job as often as between jobs.
        await new Promise((r) => setTimeout(r, 3));
      },
    },
  },
});
process.send?.('ready');
