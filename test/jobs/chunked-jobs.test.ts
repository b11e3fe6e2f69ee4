// Chunked jobs (imports, exports): each chunk commits whole with its checkpoint, a retry resumes after it, and a lost
// lease or a cancel stops the next chunk.

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cancelJob } from '../../src/queue/cancel-job.ts';
import type { ConcurrencyLimits } from '../../src/queue/concurrency-limits.ts';
import type { JobContext, JobHandler } from '../../src/queue/job-handler.ts';
import { startWorkerPool, type WorkerPool } from '../../src/queue/worker-pool.ts';
import { p, sql } from '../../src/store/sql.ts';
import { BACKENDS } from '../support/databases.ts';
import { queueFixture, type QueueFixture } from './queue-support.ts';

const WIDE: ConcurrencyLimits = {
  byServiceLevel: { standard: { api: 10, report: 10 }, premium: { api: 10, report: 10 } },
};
const CHUNKS = 5;

async function until(check: () => Promise<boolean>, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Five chunks, one effect row each (worker column = chunk number); `before(i, ctx)` runs before chunk i is committed. */
function chunked(before: (i: number, ctx: JobContext) => Promise<void> = async () => {}): JobHandler {
  return {
    lane: 'api',
    mode: 'chunked',
    async run(ctx) {
      for (let i = ctx.checkpoint === null ? 0 : Number(ctx.checkpoint); i < CHUNKS; i++) {
        await before(i, ctx);
        await ctx.commitChunk(
          (tx) =>
            tx
              .run(sql`INSERT INTO test_effect (job_id, worker) VALUES (${p(ctx.job.jobId)}, ${p(`chunk ${i}`)})`)
              .then(() => undefined),
          String(i + 1),
          `${i + 1} of ${CHUNKS} chunks`,
        );
      }
      return { result: 'all chunks' };
    },
  };
}

describe.each(BACKENDS)('chunked jobs on %s', (backend) => {
  let f: QueueFixture;
  let pools: WorkerPool[] = [];
  beforeAll(async () => {
    f = await queueFixture(backend);
  }, 60_000);
  afterAll(async () => {
    await f?.t.drop();
  });
  beforeEach(async () => {
    await Promise.all(pools.map((w) => w.stop(100)));
    pools = [];
    await f.reset();
  });
  const pool = (handlers: Record<string, JobHandler>) => {
    const w = startWorkerPool({
      db: f.db,
      handlers,
      concurrency: 1,
      pollMs: 10,
      limits: WIDE,
      backoffMs: () => 0,
      leaseMs: 10_000,
    });
    pools.push(w);
    return w;
  };
  const chunksApplied = async () => (await f.effects()).map((e) => e.worker).sort();

  it('commits every chunk once, shows progress in DETAILS, and ends Delivered', async () => {
    const seen: string[] = [];
    const id = await f.enqueue({ kind: 'chunks' });
    pool({
      chunks: chunked(async (i) => {
        if (i === 3) seen.push((await f.job(id)).details);
      }),
    });
    await until(async () => (await f.job(id)).state === 'Delivered');
    expect(seen).toEqual([`3 of ${CHUNKS} chunks`]);
    expect(await chunksApplied()).toEqual(['chunk 0', 'chunk 1', 'chunk 2', 'chunk 3', 'chunk 4']);
    expect((await f.job(id)).details).toBe(`${CHUNKS} of ${CHUNKS} chunks`);
  });

  it('a retry after a failed attempt resumes after the last committed chunk: nothing applied twice', async () => {
    let failed = false;
    const id = await f.enqueue({ kind: 'chunks', maxAttempts: 3 });
    pool({
      chunks: chunked(async (i) => {
        if (i === 2 && !failed) {
          failed = true;
          throw new Error('disk full');
        }
      }),
    });
    await until(async () => (await f.job(id)).state === 'Delivered');
    expect((await f.job(id)).attempts).toBe(2);
    expect(await chunksApplied()).toEqual(['chunk 0', 'chunk 1', 'chunk 2', 'chunk 3', 'chunk 4']);
  });

  it('a chunk committed after the lease was lost rolls back, and the worker stops', async () => {
    let stolen = false;
    const id = await f.enqueue({ kind: 'chunks' });
    pool({
      chunks: chunked(async (i) => {
        if (i === 2) {
          await f.db.run(sql`UPDATE lq_job SET lease_owner = ${p('another worker')} WHERE job_id = ${p(id)}`);
          stolen = true;
        }
      }),
    });
    await until(async () => stolen);
    await new Promise((r) => setTimeout(r, 200));
    expect(await chunksApplied()).toEqual(['chunk 0', 'chunk 1']);
    expect((await f.job(id)).state).toBe('In Progress');
  });

  it('cancel of a running chunked job stops it before its next chunk: committed chunks stay whole, state Cancelled', async () => {
    const id = await f.enqueue({ kind: 'chunks' });
    pool({
      chunks: chunked(async (i) => {
        if (i === 2) expect(await cancelJob(f.db, f.premium.key, id, f.clock.ms)).toBe('stop-requested');
      }),
    });
    await until(async () => (await f.job(id)).state === 'Cancelled');
    expect(await chunksApplied()).toEqual(['chunk 0', 'chunk 1']);
    expect((await f.job(id)).timefinished).not.toBeNull();
  });
});
