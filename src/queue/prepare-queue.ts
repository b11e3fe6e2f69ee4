// Fills the claim columns of lq_job rows written before they existed, so jobs queued by an older ledgerq are still
// claimed.

import type { Database } from '../store/database.ts';
import { ident, p, sql } from '../store/sql.ts';
import { JOB_TABLE } from './job-tables.ts';
import { JOB_STATE } from './job-states.ts';

interface Unprepared {
  company_key: number;
  job_id: string;
  state: string | null;
  priority: number | string | null;
  timequeued: string | null;
}

/** Idempotent: run when a pool starts; it finds nothing to fill once every row has its claim columns. */
export async function prepareQueue(db: Database): Promise<number> {
  return db.transaction(async (tx) => {
    const rows =
      await tx.all<Unprepared>(sql`SELECT l.company_key, l.job_id, j.state, j.priority, j.timequeued FROM ${ident(JOB_TABLE)} l
      LEFT JOIN o_jobqueuerecord j ON j.company_key = l.company_key AND j.jobid = l.job_id
      WHERE l.waiting IS NULL`);
    for (const r of rows) {
      const waiting = r.state === JOB_STATE.queued || r.state === JOB_STATE.deferred;
      const queuedMs = r.timequeued ? Date.parse(r.timequeued) : 0;
      await tx.run(sql`UPDATE ${ident(JOB_TABLE)} SET waiting = ${p(waiting)}, claim_rank = ${p(-Number(r.priority ?? 0))}, queued_ms = ${p(Number.isNaN(queuedMs) ? 0 : queuedMs)}
        WHERE company_key = ${p(r.company_key)} AND job_id = ${p(r.job_id)}`);
    }
    return rows.length;
  });
}
