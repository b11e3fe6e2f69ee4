// One job as `jobs show` and GET /jobs/:jobId describe it, and its result as `jobs result` and GET /jobs/:jobId/result
// stream it.

import { LedgerqError } from '../errors.ts';
import type { Database } from '../store/database.ts';
import { ident, p, sql } from '../store/sql.ts';
import type { DdsExportResult } from './dds-export.ts';
import { REPORT_ROW_TABLE } from './job-result-tables.ts';
import { JOB_TABLE } from '../queue/job-tables.ts';
import { JOB_STATE } from '../queue/job-states.ts';
import type { ReportResult } from './stored-report.ts';

/** The result summary kept on a job: an export's manifest, a report's labels and row count, or a line of text. */
export type JobResultSummary = DdsExportResult | ReportResult | { readonly kind: 'text'; readonly text: string };

export interface JobDetails {
  readonly jobId: string;
  readonly jobType: string;
  readonly state: string;
  readonly action: string | null;
  readonly details: string | null;
  readonly user: string | null;
  readonly timeQueued: string | null;
  readonly timeStarted: string | null;
  readonly timeFinished: string | null;
  readonly kind: string | null;
  readonly lane: string | null;
  readonly attempts: number;
  readonly maxAttempts: number;
  readonly cancelRequested: boolean;
  readonly error: string | null;
  /** DETAILS carries the progress of running exports and reports ("40,000 of 100,000 rows …"). */
  readonly progress: string | null;
  readonly result: JobResultSummary | null;
}

function summary(result: string | null): JobResultSummary | null {
  if (result === null) return null;
  try {
    const v = JSON.parse(result) as { kind?: unknown };
    if (v && (v.kind === 'dds-export' || v.kind === 'report')) return v as JobResultSummary;
  } catch {
    /* a plain line, e.g. an asynchronous request's delivery */
  }
  return { kind: 'text', text: result };
}

const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/** A job of the company, or queue.unknown-job: another company's JOBID is unknown, never forbidden. */
export async function jobDetails(db: Database, companyKey: number, jobId: string): Promise<JobDetails> {
  const rows = await db.all<
    Record<string, unknown>
  >(sql`SELECT j.jobid, j.jobtype, j.state, j.action, j.details, j.users, j.timequeued, j.timestarted, j.timefinished,
      l.kind, l.lane, l.attempts, l.max_attempts, l.cancel_requested, l.error, l.result
    FROM o_jobqueuerecord j LEFT JOIN ${ident(JOB_TABLE)} l ON l.company_key = j.company_key AND l.job_id = j.jobid
    WHERE j.company_key = ${p(companyKey)} AND j.jobid = ${p(jobId)}`);
  const r = rows[0];
  if (!r) throw new LedgerqError('queue.unknown-job', `no job ${jobId} in this company`, { field: 'jobId' });
  const state = String(r.state);
  return {
    jobId: String(r.jobid),
    jobType: String(r.jobtype),
    state,
    action: str(r.action),
    details: str(r.details),
    user: str(r.users),
    timeQueued: str(r.timequeued),
    timeStarted: str(r.timestarted),
    timeFinished: str(r.timefinished),
    kind: str(r.kind),
    lane: str(r.lane),
    attempts: Number(r.attempts ?? 0),
    maxAttempts: Number(r.max_attempts ?? 0),
    cancelRequested: r.cancel_requested === true || r.cancel_requested === 1,
    error: str(r.error),
    progress:
      state === JOB_STATE.running || state === JOB_STATE.queued || state === JOB_STATE.deferred ? str(r.details) : null,
    result: summary(str(r.result)),
  };
}

export type ResultFormat = 'csv' | 'json';

export interface JobResultStream {
  readonly contentType: string;
  /** Suggested file name for a download. */
  readonly fileName: string;
  readonly chunks: AsyncIterable<string>;
}

function csvCell(v: unknown): string {
  const s = v === null || v === undefined ? '' : typeof v === 'string' ? v : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * A delivered job's result, streamed: a report's rows (CSV with a header of its labels, or a JSON array of
 * objects keyed by them) read from the database in batches; an export's manifest (JSON, or CSV of file,rows).
 */
export async function jobResult(
  db: Database,
  companyKey: number,
  jobId: string,
  format: ResultFormat,
): Promise<JobResultStream> {
  const job = await jobDetails(db, companyKey, jobId);
  if (job.state !== JOB_STATE.delivered || job.result === null || job.result.kind === 'text') {
    throw new LedgerqError(
      'queue.no-result',
      job.state !== JOB_STATE.delivered
        ? `job ${jobId} is ${job.state}: it has no result until it is Delivered`
        : `job ${jobId} (${job.jobType}) keeps no downloadable result`,
      { field: 'jobId' },
    );
  }
  const result = job.result;
  if (result.kind === 'dds-export') {
    const m = result.manifest;
    const text =
      format === 'json'
        ? `${JSON.stringify({ dir: result.dir, ...m }, null, 2)}\n`
        : `${['file,rows', ...m.files.map((f) => `${csvCell(f.name)},${f.rows}`)].join('\n')}\n`;
    return {
      contentType: format === 'json' ? 'application/json; charset=UTF-8' : 'text/csv; charset=UTF-8',
      fileName: `${jobId}-manifest.${format}`,
      chunks: once(text),
    };
  }
  return {
    contentType: format === 'json' ? 'application/json; charset=UTF-8' : 'text/csv; charset=UTF-8',
    fileName: `${jobId}.${format}`,
    chunks: reportChunks(db, companyKey, jobId, result, format),
  };
}

async function* once(text: string): AsyncIterable<string> {
  yield text;
}

async function* reportChunks(
  db: Database,
  companyKey: number,
  jobId: string,
  result: ReportResult,
  format: ResultFormat,
): AsyncIterable<string> {
  const labels = result.labels;
  yield format === 'csv' ? `${labels.map(csvCell).join(',')}\n` : '[';
  let first = true;
  const rows = db.stream<{ data: string }>(
    sql`SELECT data FROM ${ident(REPORT_ROW_TABLE)} WHERE company_key = ${p(companyKey)} AND job_id = ${p(jobId)} ORDER BY row_no`,
    2000,
  );
  for await (const batch of rows) {
    let out = '';
    for (const { data } of batch) {
      const values = JSON.parse(data) as unknown[];
      if (format === 'csv') out += `${values.map(csvCell).join(',')}\n`;
      else {
        out += (first ? '' : ',') + JSON.stringify(Object.fromEntries(labels.map((l, i) => [l, values[i] ?? null])));
        first = false;
      }
    }
    yield out;
  }
  if (format === 'json') yield ']\n';
}
