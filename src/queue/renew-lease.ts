// Extends a running job's lease while its worker is alive; false when the lease was lost (expired and taken back).

import type { Database } from '../store/database.ts';
import { ident, p, sql } from '../store/sql.ts';
import { JOB_TABLE } from './job-tables.ts';

export async function renewLease(
  db: Database,
  companyKey: number,
  jobId: string,
  worker: string,
  leaseMs: number,
  nowMs: number,
): Promise<boolean> {
  const changed = await db.run(sql`UPDATE ${ident(JOB_TABLE)} SET lease_until = ${p(nowMs + leaseMs)}
    WHERE company_key = ${p(companyKey)} AND job_id = ${p(jobId)} AND lease_owner = ${p(worker)}`);
  return changed > 0;
}
