// GET /metrics: Prometheus text from prom-client's default registry, with the queue's depth read from the database at
// scrape time.

import type { FastifyInstance } from 'fastify';
import { Gauge, register } from 'prom-client';
import type { Database } from '../store/database.ts';
import { sql } from '../store/sql.ts';
// The worker pools' counters (outcomes, durations, lease expiries) register themselves when the queue is loaded.
import '../queue/queue-metrics.ts';

export const METRICS_PATH = '/metrics';

const DEPTH = 'ledgerq_queue_jobs';

/** Reused when a second app registers the route in the same process (tests); its values are set per scrape. */
const depth =
  (register.getSingleMetric(DEPTH) as Gauge<'state' | 'job_type'> | undefined) ??
  new Gauge({
    name: DEPTH,
    help: 'Jobs in JOBQUEUERECORD by state and job type, counted in the database when scraped (right with several processes)',
    labelNames: ['state', 'job_type'] as const,
  });

export function registerMetrics(app: FastifyInstance, db: Database): void {
  // An operator's endpoint: the whole server's queue and meter, so the admin token guards it (the edge checks it).
  app.get(
    METRICS_PATH,
    { config: { edge: { auth: 'admin', errors: 'json', operation: 'metrics' } } },
    async (_req, reply) => {
      const rows = await db.all<{ state: string | null; jobtype: string | null; n: number | string }>(
        sql`SELECT state, jobtype, COUNT(*) AS n FROM o_jobqueuerecord GROUP BY state, jobtype`,
      );
      // Reset first, so a state that emptied since the last scrape is not reported with its old count.
      depth.reset();
      for (const r of rows) depth.set({ state: r.state ?? '', job_type: r.jobtype ?? '' }, Number(r.n));
      reply.type(register.contentType);
      return register.metrics();
    },
  );
}
