// The state of one job of one company, or null when that company has no such job (another company's job included).

import type { Database } from '../store/database.ts';
import { p, sql } from '../store/sql.ts';

export async function findJobState(db: Database, companyKey: number, jobId: string): Promise<string | null> {
  const rows = await db.all<{ state: string }>(
    sql`SELECT state FROM o_jobqueuerecord WHERE company_key = ${p(companyKey)} AND jobid = ${p(jobId)}`,
  );
  return rows[0]?.state ?? null;
}
