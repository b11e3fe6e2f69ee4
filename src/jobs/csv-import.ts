// The "CSV import" job: submitting a file (stored with the job), the chunked handler that writes its rows, and its
// status and error file.

import { stringify } from 'csv-stringify/sync';
import type { Catalog } from '../catalog/catalog.ts';
import { LedgerqError } from '../errors.ts';
import type { Database } from '../store/database.ts';
import { ident, p, sql } from '../store/sql.ts';
import { requireWritable, type Writer } from '../writes/write-record.ts';
import { importColumns } from './csv-import-columns.ts';
import { csvHeader, csvRecordBatches, type CsvRecord } from './csv-import-csv.ts';
import { applyRows, isRowDatabaseError, type ChunkCounts } from './csv-import-rows.ts';
import { enqueueJob } from '../queue/enqueue-job.ts';
import { JobInterrupted } from '../queue/finish-job.ts';
import { PermanentJobError, type JobContext, type JobHandler } from '../queue/job-handler.ts';
import { listJobChunks, readJobFile, recordJobChunk, storeJobFile } from '../queue/job-file-store.ts';
import { JOB_TABLE } from '../queue/job-tables.ts';
import { instantOf, JOB_STATE } from '../queue/job-states.ts';

export const CSV_IMPORT_KIND = 'csv-import';
/** The seed's JOBTYPE for these jobs (queue-administration: "… CSV import, …"). */
export const CSV_IMPORT_JOB_TYPE = 'CSV import';
const UPLOAD = 'upload.csv';

/** 64 MiB unless LEDGERQ_IMPORT_MAX_BYTES says otherwise: about 700,000 vendor rows. */
export function importFileLimit(): number {
  const env = Number(process.env.LEDGERQ_IMPORT_MAX_BYTES);
  return Number.isSafeInteger(env) && env > 0 ? env : 64 * 1024 * 1024;
}

/**
 * Rows per chunk: each chunk is one short transaction (on SQLite the only
 * writer while it runs), so other requests wait at most one chunk.
 */
export const DEFAULT_CHUNK_ROWS = 1000;

interface ImportPayload {
  readonly object: string;
  readonly entityId: string | null;
  readonly userId: string;
  readonly fileName: string;
  readonly header: readonly string[];
  readonly chunkRows?: number;
}

interface Checkpoint {
  readonly done: number;
  readonly chunk: number;
}

/** What one committed chunk recorded in lq_job_chunk.counts. */
interface StoredCounts extends ChunkCounts {
  readonly rows: number;
  readonly total: number;
}

export interface ImportTotals {
  readonly rows: number;
  readonly written: number;
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly errors: number;
}

const n = (x: number) => x.toLocaleString('en-US');

export function summaryText(t: ImportTotals): string {
  return `${n(t.rows)} rows: ${n(t.written)} written (${n(t.created)} created, ${n(t.updated)} updated), ${n(t.unchanged)} unchanged, ${n(t.errors)} errors`;
}

export function progressText(done: number, total: number): string {
  return `${n(done)} of ${n(total)} rows`;
}

function totalsOf(chunks: readonly { counts: string }[]): ImportTotals & { total: number | null } {
  const t = { rows: 0, written: 0, created: 0, updated: 0, unchanged: 0, errors: 0, total: null as number | null };
  for (const c of chunks) {
    const s = JSON.parse(c.counts) as StoredCounts;
    t.rows += s.rows;
    t.created += s.created;
    t.updated += s.updated;
    t.unchanged += s.unchanged;
    t.errors += s.errors;
    t.total = s.total;
  }
  t.written = t.created + t.updated;
  return t;
}

export interface SubmitCsvImport {
  readonly companyKey: number;
  readonly userId: string;
  readonly entityId: string | null;
  /** XML name of the object (VENDOR), case-insensitive. */
  readonly object: string;
  readonly fileName: string;
  readonly csv: string;
  /** Rows per chunk (tests use small chunks). */
  readonly chunkRows?: number;
}

/**
 * Refuses what no row could fix (an unknown or read-only object, a read-only
 * user, a file too large, no header row) at once; the header's columns and
 * every row are checked by the job, which reports them in its error file.
 */
export async function submitCsvImport(
  db: Database,
  catalog: Catalog,
  s: SubmitCsvImport,
  nowMs = Date.now(),
): Promise<{ jobId: string; state: string; object: string }> {
  const o = catalog.object(s.object);
  if (!o)
    throw new LedgerqError('bind.unknown-object', `${s.object} is not an object ledgerq knows`, { object: s.object });
  requireWritable(o);
  const users = await db.all<{ role: string }>(
    sql`SELECT role FROM lq_user WHERE company_key = ${p(s.companyKey)} AND LOWER(user_id) = ${p(s.userId.toLowerCase())}`,
  );
  if (users[0]?.role !== 'admin') {
    throw new LedgerqError(
      'write.not-permitted',
      `User ${s.userId} has read-only permissions and cannot import records`,
      { user: s.userId },
    );
  }
  const limit = importFileLimit();
  const bytes = Buffer.byteLength(s.csv);
  if (bytes > limit)
    throw new LedgerqError(
      'limit.file-too-large',
      `the file has ${n(bytes)} bytes; an import takes at most ${n(limit)} (LEDGERQ_IMPORT_MAX_BYTES)`,
      { field: 'body' },
    );
  if (s.csv.includes('\u0000'))
    throw new LedgerqError('parse.invalid-csv', 'the file holds NUL bytes: it is not a text CSV file', {
      field: 'body',
    });
  const header = csvHeader(s.csv);
  const payload: ImportPayload = {
    object: o.xmlName,
    entityId: s.entityId,
    userId: s.userId,
    fileName: s.fileName,
    header,
    ...(s.chunkRows ? { chunkRows: s.chunkRows } : {}),
  };
  // One transaction: a worker never sees the job without its file.
  const jobId = await db.transaction(async (tx) => {
    const id = await enqueueJob(
      tx,
      {
        companyKey: s.companyKey,
        jobType: CSV_IMPORT_JOB_TYPE,
        kind: CSV_IMPORT_KIND,
        lane: 'api',
        action: `Import ${o.xmlName}`,
        details: `${s.fileName}: waiting`,
        userId: s.userId,
        payload: JSON.stringify(payload),
      },
      nowMs,
    );
    await storeJobFile(tx, s.companyKey, id, UPLOAD, s.csv);
    return id;
  });
  return { jobId, state: JOB_STATE.queued, object: o.xmlName };
}

/** Cells padded or cut to the header's width, then LINE and ERROR. */
function errorRows(width: number, errors: readonly { record: CsvRecord; reason: string }[]): string | null {
  if (errors.length === 0) return null;
  return stringify(
    errors.map(({ record, reason }) => [
      ...Array.from({ length: width }, (_, i) => record.cells[i] ?? ''),
      String(record.line),
      reason,
    ]),
  );
}

async function runImport(catalog: Catalog, ctx: JobContext) {
  const { job } = ctx;
  const payload = JSON.parse(job.payload) as ImportPayload;
  const o = catalog.object(payload.object);
  if (!o) throw new PermanentJobError(`${payload.object} is no longer an object of the catalog`);
  const columns = importColumns(o, payload.header);
  const csv = await readJobFile(ctx.db, job.companyKey, job.jobId, UPLOAD);
  if (csv === null) throw new PermanentJobError('the uploaded file is missing');
  const width = columns.fields.length;

  // First pass (also on a resume): the row count for progress, where each ID first appears, and the CSV's syntax.
  const firstLineOf = new Map<string, number>();
  let total = 0;
  try {
    let header = true;
    for await (const records of csvRecordBatches(csv)) {
      for (const r of records) {
        if (header) {
          header = false;
          continue;
        }
        total++;
        const id = r.cells[columns.idIndex];
        if (r.cells.length === width && id && !firstLineOf.has(id)) firstLineOf.set(id, r.line);
      }
    }
  } catch (e) {
    throw new PermanentJobError(`the file is not valid CSV, nothing was imported: ${(e as Error).message}`);
  }

  const cp: Checkpoint = ctx.checkpoint ? (JSON.parse(ctx.checkpoint) as Checkpoint) : { done: 0, chunk: 0 };
  let { done, chunk } = cp;
  const chunkRows = payload.chunkRows ?? DEFAULT_CHUNK_ROWS;
  const base: Omit<Writer, 'db' | 'now'> = {
    catalog,
    companyKey: job.companyKey,
    entityId: payload.entityId,
    userId: payload.userId,
    naming: 'xml',
  };

  const commit = async (rows: CsvRecord[]) => {
    // better-sqlite3 answers synchronously, so without this a whole import is one chain of microtasks: timers (lease
    // renewal) and I/O (the server's requests) would wait for its end. Yielding here makes them wait one chunk at most.
    await new Promise<void>((resolve) => setImmediate(resolve));
    // A cancel seen before the chunk starts costs no work; one that arrives during it rolls the chunk back.
    if (await ctx.stopRequested()) throw new JobInterrupted('stop-requested');
    const next: Checkpoint = { done: done + rows.length, chunk: chunk + 1 };
    const run = (careful: boolean) =>
      ctx.commitChunk(
        async (tx) => {
          const out = await applyRows(
            { ...base, db: tx, now: instantOf(ctx.now()) },
            o,
            columns,
            rows,
            firstLineOf,
            careful,
          );
          const counts: StoredCounts = { ...out.counts, rows: rows.length, total };
          await recordJobChunk(tx, job.companyKey, job.jobId, {
            chunk,
            counts: JSON.stringify(counts),
            errors: errorRows(width, out.errors),
          });
        },
        JSON.stringify(next),
        `${payload.fileName}: ${progressText(next.done, total)}`,
      );
    try {
      await run(false);
    } catch (e) {
      // A row the database itself refused rolled the chunk back: run it again with a savepoint per row.
      if (!isRowDatabaseError(e)) throw e;
      await run(true);
    }
    ({ done, chunk } = next);
  };

  let index = 0;
  let batch: CsvRecord[] = [];
  let header = true;
  for await (const records of csvRecordBatches(csv)) {
    for (const r of records) {
      if (header) {
        header = false;
        continue;
      }
      // Rows of chunks committed by an earlier attempt are skipped, never applied again.
      if (index++ < done) continue;
      batch.push(r);
      if (batch.length >= chunkRows) {
        await commit(batch);
        batch = [];
      }
    }
  }
  if (batch.length > 0) await commit(batch);

  const totals = totalsOf(await listJobChunks(ctx.db, job.companyKey, job.jobId, false));
  const { total: _total, ...result } = totals;
  return {
    result: JSON.stringify({ object: o.xmlName, fileName: payload.fileName, ...result }),
    details: `${payload.fileName}: ${summaryText(totals)}`,
  };
}

export function csvImportHandler(deps: { catalog: Catalog }): JobHandler {
  return { lane: 'api', mode: 'chunked', run: (ctx) => runImport(deps.catalog, ctx) };
}

export interface ImportStatus {
  readonly jobId: string;
  readonly state: string;
  readonly object: string;
  readonly fileName: string;
  readonly details: string;
  /** Counted from committed chunks, so they grow while the job runs; `total` is null until the file has been read. */
  readonly rows: ImportTotals & { readonly total: number | null };
  /** The last failure's reason (Failed, or Deferred before a retry). */
  readonly error: string | null;
  readonly timeQueued: string | null;
  readonly timeStarted: string | null;
  readonly timeFinished: string | null;
}

interface JobRow {
  state: string;
  details: string | null;
  timequeued: unknown;
  timestarted: unknown;
  timefinished: unknown;
  payload: string;
  error: string | null;
}

async function importJob(db: Database, companyKey: number, jobId: string): Promise<JobRow> {
  const rows =
    await db.all<JobRow>(sql`SELECT j.state, j.details, j.timequeued, j.timestarted, j.timefinished, l.payload, l.error
    FROM ${ident(JOB_TABLE)} l JOIN o_jobqueuerecord j ON j.company_key = l.company_key AND j.jobid = l.job_id
    WHERE l.company_key = ${p(companyKey)} AND l.job_id = ${p(jobId)} AND l.kind = ${p(CSV_IMPORT_KIND)}`);
  if (!rows[0]) throw unknownJob(jobId);
  return rows[0];
}

function unknownJob(jobId: string): LedgerqError {
  return new LedgerqError('queue.unknown-job', `no CSV import job ${jobId} in this company`, { field: 'jobId' });
}

const text = (v: unknown) =>
  v === null || v === undefined ? null : v instanceof Date ? instantOf(v.getTime()) : String(v);

/**
 * A company's import job by JOBID; another company's (or another kind of) job is queue.unknown-job. One statement,
 * so DETAILS and the counts come from the same snapshot even while chunks commit.
 */
export async function csvImportStatus(db: Database, companyKey: number, jobId: string): Promise<ImportStatus> {
  const found = await db.all<
    JobRow & { counts: string | null }
  >(sql`SELECT j.state, j.details, j.timequeued, j.timestarted, j.timefinished, l.payload, l.error, c.counts
    FROM ${ident(JOB_TABLE)} l JOIN o_jobqueuerecord j ON j.company_key = l.company_key AND j.jobid = l.job_id
    LEFT JOIN lq_job_chunk c ON c.company_key = l.company_key AND c.job_id = l.job_id
    WHERE l.company_key = ${p(companyKey)} AND l.job_id = ${p(jobId)} AND l.kind = ${p(CSV_IMPORT_KIND)}
    ORDER BY c.chunk`);
  const row = found[0];
  if (!row) throw unknownJob(jobId);
  const payload = JSON.parse(row.payload) as ImportPayload;
  const rows = totalsOf(found.flatMap((r) => (r.counts === null ? [] : [{ counts: r.counts }])));
  return {
    jobId,
    state: row.state,
    object: payload.object,
    fileName: payload.fileName,
    details: row.details ?? '',
    rows,
    error: row.state === JOB_STATE.failed || row.state === JOB_STATE.deferred ? row.error : null,
    timeQueued: text(row.timequeued),
    timeStarted: text(row.timestarted),
    timeFinished: text(row.timefinished),
  };
}

/** The error file: the upload's columns, then LINE and ERROR, one row per rejected line in line order (so far, while running). */
export async function csvImportErrors(db: Database, companyKey: number, jobId: string): Promise<string> {
  const row = await importJob(db, companyKey, jobId);
  const payload = JSON.parse(row.payload) as ImportPayload;
  const chunks = await listJobChunks(db, companyKey, jobId, true);
  return stringify([[...payload.header, 'LINE', 'ERROR']]) + chunks.map((c) => c.errors ?? '').join('');
}
