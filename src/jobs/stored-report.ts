// "Process & store report" and "Scheduled report" jobs: a saved query run offline, every row stored for download.

import { scopeFor } from '../auth/scope.ts';
import type { Catalog } from '../catalog/catalog.ts';
import { LedgerqError } from '../errors.ts';
import type { JsonValue } from '../protocols/rest/rest-values.ts';
import { restRowWriter } from '../protocols/rest/run-rest-query.ts';
import { type LoweredQueryText, lowerQueryText } from '../protocols/query-text.ts';
import { formatSelectValue } from '../protocols/xml/xml-values.ts';
import { bindQuery } from '../query/bind.ts';
import type { BoundQuery, Scope } from '../query/ir/bound.ts';
import { queryRequest, type Naming } from '../query/ir/request.ts';
import { selectLabel } from '../query/labels.ts';
import { compileQuery } from '../query/sql/compile.ts';
import type { Database } from '../store/database.ts';
import { ident, p, sql, type SqlValue } from '../store/sql.ts';
import type { FieldValue } from '../catalog/field-values.ts';
import { enqueueJob } from '../queue/enqueue-job.ts';
import { PermanentJobError, type JobHandler } from '../queue/job-handler.ts';
import { REPORT_ROW_TABLE } from './job-result-tables.ts';
import { instantOf } from '../queue/job-states.ts';
import { findCompanyByKey } from '../auth/tenancy.ts';

export const STORED_REPORT_KIND = 'stored-report';
export const SCHEDULED_REPORT_KIND = 'scheduled-report';
/** seed queue-administration's JOBTYPEs. */
export const STORED_REPORT_JOB_TYPE = 'Process & store report';
export const SCHEDULED_REPORT_JOB_TYPE = 'Scheduled report';

/** Rows stored per committed chunk: progress moves every few thousand rows and a retry redoes at most this many. */
const CHUNK_ROWS = 2000;

/** What a report job carries: the saved query as written, and the entity it runs inside (null: top level). */
export interface ReportPayload {
  readonly query: string;
  readonly entity: string | null;
  /** Scheduled reports: the schedule and the instant it was due. */
  readonly schedule?: { readonly name: string; readonly dueAt: string };
}

/** The job's result (lq_job.result): the column labels; the rows are in lq_report_row. */
export interface ReportResult {
  readonly kind: 'report';
  readonly naming: Naming;
  readonly labels: readonly string[];
  readonly rows: number;
}

/**
 * A saved query: an XML `<query>` (optionally inside `<function>`), a `<readByQuery>`, or one REST query JSON object.
 * A report is the whole result: the query's page size and offset do not apply.
 */
export function parseSavedQuery(text: string): LoweredQueryText {
  const lowered = lowerQueryText(text, 'query');
  if (lowered.length !== 1)
    throw new LedgerqError('parse.invalid-query', 'a report runs one query, not a batch', { field: 'query' });
  const q = lowered[0]!;
  const request = queryRequest({ ...q.request, limit: null, offset: 0 });
  return q.naming === 'xml' ? { naming: 'xml', request } : { naming: 'rest', request, rest: q.rest };
}

export interface PreparedReport {
  readonly bound: BoundQuery;
  readonly labels: readonly string[];
  shape(row: readonly FieldValue[]): JsonValue[];
}

/** Binds the saved query as `scope` sees it; output as the protocol writes it (XML: strings, REST: JSON values). */
export function prepareReport(catalog: Catalog, saved: LoweredQueryText, scope: Scope, nowMs: number): PreparedReport {
  const bound = bindQuery(catalog, saved.request, { scope, now: instantOf(nowMs) });
  if (saved.naming === 'xml') {
    return {
      bound,
      labels: bound.select.map((s) => selectLabel(s, 'xml')),
      shape: (row) => bound.select.map((s, i) => formatSelectValue(s, row[i] ?? null)),
    };
  }
  // As the query service writes ia::result: `fields` in order, href computed from the key where it was asked for.
  const rest = saved.rest;
  return { bound, labels: rest.fields, shape: restRowWriter(bound, rest) };
}

export async function reportScope(db: Database, companyKey: number, entity: string | null): Promise<Scope> {
  const company = await findCompanyByKey(db, companyKey);
  if (!company) throw new PermanentJobError(`company ${companyKey} no longer exists`);
  return scopeFor(db, company, entity);
}

function progress(done: number, total: number): string {
  return `${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} rows stored`;
}

/**
 * Chunked: rows are read through a stream and stored CHUNK_ROWS at a time, each chunk with its checkpoint (rows
 * stored so far). The query's order is total (key tie-breakers), so a retry skips the rows already stored and
 * stores the rest: every row once.
 */
export function reportHandler(deps: { catalog: Catalog }): JobHandler {
  return {
    lane: 'report',
    mode: 'chunked',
    async run(ctx) {
      const { job } = ctx;
      const payload = JSON.parse(job.payload) as ReportPayload;
      let prepared: PreparedReport;
      try {
        const saved = parseSavedQuery(payload.query);
        prepared = prepareReport(
          deps.catalog,
          saved,
          await reportScope(ctx.db, job.companyKey, payload.entity),
          ctx.now(),
        );
      } catch (e) {
        throw e instanceof LedgerqError ? new PermanentJobError(e.message) : e;
      }
      const compiled = compileQuery(ctx.db.dialect, prepared.bound);
      const total = Number((await ctx.db.all<{ n: unknown }>(compiled.count))[0]?.n ?? 0);
      const stored = ctx.checkpoint === null ? 0 : Number(ctx.checkpoint);
      let seen = 0;
      let pending: SqlValue[][] = [];
      let first = true;
      const flush = async () => {
        const rows = pending;
        const clear = first;
        pending = [];
        first = false;
        await ctx.commitChunk(
          async (tx) => {
            // Rows past the checkpoint could only come from a chunk that never committed: none, but cheap to be sure.
            if (clear)
              await tx.run(
                sql`DELETE FROM ${ident(REPORT_ROW_TABLE)} WHERE company_key = ${p(job.companyKey)} AND job_id = ${p(job.jobId)} AND row_no > ${p(stored)}`,
              );
            await tx.copyRows(REPORT_ROW_TABLE, ['company_key', 'job_id', 'row_no', 'data'], rows);
          },
          String(seen),
          progress(seen, total),
        );
      };
      for await (const batch of ctx.db.stream<Record<string, unknown>>(compiled.select, CHUNK_ROWS)) {
        for (const r of batch) {
          seen++;
          if (seen <= stored) continue;
          pending.push([job.companyKey, job.jobId, seen, JSON.stringify(prepared.shape(compiled.decode(r)))]);
          if (pending.length >= CHUNK_ROWS) await flush();
        }
      }
      if (pending.length > 0) await flush();
      const result: ReportResult = {
        kind: 'report',
        naming: prepared.bound.naming,
        labels: prepared.labels,
        rows: seen,
      };
      return {
        result: JSON.stringify(result),
        details: `${progress(seen, seen)}${payload.schedule ? ` (schedule ${payload.schedule.name}, due ${payload.schedule.dueAt})` : ''}`,
      };
    },
  };
}

/** Checks that the query parses and binds for the caller, then queues a "Process & store report" job; returns its JOBID. */
export async function submitReport(
  db: Database,
  catalog: Catalog,
  companyKey: number,
  req: { query: string; entity: string | null; userId: string },
  nowMs: number,
): Promise<string> {
  const saved = parseSavedQuery(req.query);
  const prepared = prepareReport(catalog, saved, await reportScope(db, companyKey, req.entity), nowMs);
  const payload: ReportPayload = { query: req.query, entity: req.entity };
  return enqueueJob(
    db,
    {
      companyKey,
      jobType: STORED_REPORT_JOB_TYPE,
      kind: STORED_REPORT_KIND,
      lane: 'report',
      action: `Report on ${prepared.bound.object.xmlName}`,
      details: `stored report of ${prepared.bound.object.xmlName}`,
      userId: req.userId,
      payload: JSON.stringify(payload),
    },
    nowMs,
  );
}
