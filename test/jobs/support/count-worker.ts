// A worker process for the crash test: runs `count` jobs (one effect row each, in the job's transaction) until it is
// killed.
// The test bundles it with esbuild first, so a new process starts in a fraction of a second even on a busy machine; it
// reports 'ready' with the milliseconds it took to start, over the fork IPC channel.

import { startWorkerPool } from '../../../src/queue/worker-pool.ts';
import { openDatabase } from '../../../src/store/open.ts';
import { p, sql } from '../../../src/store/sql.ts';

const [url, concurrency, name, leaseMs] = process.argv.slice(2) as [string, string, string, string];
const db = await openDatabase(url);
const wide = { api: 1000, report: 1000 };
startWorkerPool({
  db,
  concurrency: Number(concurrency),
  name,
  leaseMs: Number(leaseMs),
  pollMs: 20,
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
// performance.now() counts from the process's start: how long loading and opening the database took.
process.send?.({ ready: Math.round(performance.now()) });
