// Files kept with a job (an uploaded CSV) and what each committed chunk of a chunked job produced (counts, error rows).

import type { Database } from '../store/database.ts';
import { p, sql } from '../store/sql.ts';
import type { TableSpec } from '../store/table-spec.ts';

/**
 * lq_job_file: one text file per (job, name), e.g. the upload of a CSV import.
 * lq_job_chunk: one row per committed chunk, written in the chunk's own
 * transaction, so its counts and error rows exist exactly when its effects do:
 * a crashed chunk leaves neither, and a resumed job never counts a row twice.
 */
export const JOB_FILE_TABLES: readonly TableSpec[] = [
  {
    name: 'lq_job_file',
    scope: 'company',
    columns: [
      { name: 'company_key', kind: 'integer', notNull: true, formerNames: ['company_id'] },
      { name: 'job_id', kind: 'text', notNull: true },
      { name: 'name', kind: 'text', notNull: true },
      { name: 'content', kind: 'text', notNull: true },
      { name: 'bytes', kind: 'bigint', notNull: true },
    ],
    primaryKey: ['company_key', 'job_id', 'name'],
    indexes: [],
  },
  {
    name: 'lq_job_chunk',
    scope: 'company',
    columns: [
      { name: 'company_key', kind: 'integer', notNull: true, formerNames: ['company_id'] },
      { name: 'job_id', kind: 'text', notNull: true },
      { name: 'chunk', kind: 'integer', notNull: true },
      // JSON counts, as the job kind defines them.
      { name: 'counts', kind: 'text', notNull: true },
      // Rows of the job's error file this chunk produced (CSV text without a header), or null.
      { name: 'errors', kind: 'text', notNull: false },
    ],
    primaryKey: ['company_key', 'job_id', 'chunk'],
    indexes: [],
  },
];

export async function storeJobFile(
  db: Database,
  companyKey: number,
  jobId: string,
  name: string,
  content: string,
): Promise<void> {
  await db.run(sql`INSERT INTO lq_job_file (company_key, job_id, name, content, bytes)
    VALUES (${p(companyKey)}, ${p(jobId)}, ${p(name)}, ${p(content)}, ${p(Buffer.byteLength(content))})`);
}

export async function readJobFile(
  db: Database,
  companyKey: number,
  jobId: string,
  name: string,
): Promise<string | null> {
  const rows = await db.all<{ content: string }>(sql`SELECT content FROM lq_job_file
    WHERE company_key = ${p(companyKey)} AND job_id = ${p(jobId)} AND name = ${p(name)}`);
  return rows[0]?.content ?? null;
}

export interface JobChunk {
  readonly chunk: number;
  readonly counts: string;
  readonly errors: string | null;
}

export async function recordJobChunk(tx: Database, companyKey: number, jobId: string, chunk: JobChunk): Promise<void> {
  await tx.run(sql`INSERT INTO lq_job_chunk (company_key, job_id, chunk, counts, errors)
    VALUES (${p(companyKey)}, ${p(jobId)}, ${p(chunk.chunk)}, ${p(chunk.counts)}, ${p(chunk.errors)})`);
}

/** In chunk order; `withErrors` false leaves the error text out (status reads need only the counts). */
export async function listJobChunks(
  db: Database,
  companyKey: number,
  jobId: string,
  withErrors: boolean,
): Promise<JobChunk[]> {
  const rows = await db.all<{ chunk: number | string; counts: string; errors: string | null }>(
    withErrors
      ? sql`SELECT chunk, counts, errors FROM lq_job_chunk WHERE company_key = ${p(companyKey)} AND job_id = ${p(jobId)} ORDER BY chunk`
      : sql`SELECT chunk, counts, NULL AS errors FROM lq_job_chunk WHERE company_key = ${p(companyKey)} AND job_id = ${p(jobId)} ORDER BY chunk`,
  );
  return rows.map((r) => ({ chunk: Number(r.chunk), counts: r.counts, errors: r.errors }));
}
