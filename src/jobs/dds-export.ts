// The Data Delivery Service export: one object (all rows, or those changed since an instant) streamed into CSV files of
// at most N rows, plus a manifest.

import { mkdir, open, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { findField, storedFields, type Catalog } from '../catalog/catalog.ts';
import type { CatalogObject } from '../catalog/types.ts';
import { LedgerqError } from '../errors.ts';
import { recordsCsv } from '../protocols/xml/xml-records.ts';
import { bindQuery } from '../query/bind.ts';
import type { BoundQuery } from '../query/ir/bound.ts';
import { queryRequest, type Filter } from '../query/ir/request.ts';
import { selectLabel } from '../query/labels.ts';
import { compileQuery } from '../query/sql/compile.ts';
import type { Database } from '../store/database.ts';
import type { FieldValue } from '../catalog/field-values.ts';
import { enqueueJob } from '../queue/enqueue-job.ts';
import { JobInterrupted } from '../queue/finish-job.ts';
import { PermanentJobError, type JobHandler } from '../queue/job-handler.ts';
import { instantOf } from '../queue/job-states.ts';

export const DDS_EXPORT_KIND = 'dds-export';
/** seed queue-administration's JOBTYPE for Data Delivery Service jobs. */
export const DDS_JOB_TYPE = 'DDS job';
/** Intacct's DDS splits files at 10,000 to 100,000 rows; 100,000 unless asked otherwise. */
export const FILE_ROWS = { min: 10_000, max: 100_000, default: 100_000 } as const;
export const MANIFEST_FILE = 'manifest.json';

export type ExportMode = { readonly kind: 'all' } | { readonly kind: 'changes-since'; readonly since: string };

export interface ExportSpec {
  readonly companyKey: number;
  /** XML name of the object (APBILL). */
  readonly object: string;
  readonly mode: ExportMode;
  readonly fileRows: number;
  /** XML field ids; empty = every stored field in catalog order. */
  readonly fields: readonly string[];
  /** The directory the files go in (created; the caller picks one per export). */
  readonly dir: string;
  /** Rows per database fetch (default 1,000: larger batches cost memory and gain no speed). */
  readonly batchRows?: number;
}

export interface ExportedFile {
  readonly name: string;
  readonly rows: number;
}

/** What a resumed export continues from: files already complete, and the key of the last row in them. */
export interface ExportCheckpoint {
  readonly files: readonly ExportedFile[];
  readonly rows: number;
  readonly lastKey: string | number | null;
}

export interface ExportManifest {
  readonly object: string;
  readonly mode: ExportMode;
  readonly fields: readonly string[];
  readonly fileRows: number;
  readonly rows: number;
  readonly files: readonly ExportedFile[];
  readonly finishedAt: string;
}

export interface ExportHooks {
  readonly resumeFrom?: ExportCheckpoint | null;
  /** After each complete file (renamed into place): record the checkpoint; throwing stops the export. */
  readonly onFile?: (checkpoint: ExportCheckpoint, totalRows: number) => Promise<void>;
  /** After each fetched batch: rows written so far of rows in all. */
  readonly onProgress?: (rowsDone: number, totalRows: number) => void;
  readonly now?: () => number;
}

/** `APBILL_000001.csv`: numbered from 1, zero-padded so a directory listing sorts in export order. */
export function exportFileName(object: string, n: number): string {
  return `${object}_${String(n).padStart(6, '0')}.csv`;
}

/** Checks a fileRows request against DDS's bounds. */
export function checkFileRows(n: number | undefined): number {
  const v = n ?? FILE_ROWS.default;
  if (!Number.isInteger(v) || v < FILE_ROWS.min || v > FILE_ROWS.max) {
    throw new LedgerqError(
      'limit.out-of-range',
      `file rows must be an integer from ${FILE_ROWS.min} to ${FILE_ROWS.max}, not ${JSON.stringify(n)}`,
      { field: 'fileRows' },
    );
  }
  return v;
}

/** The export's query: the fields in order (then the key, if not among them), the mode's filter, key order, every row. */
export function exportQuery(
  catalog: Catalog,
  spec: Pick<ExportSpec, 'companyKey' | 'object' | 'mode' | 'fields'>,
  after: string | number | null,
): { bound: BoundQuery; object: CatalogObject; visible: number } {
  const object = catalog.object(spec.object);
  if (!object)
    throw new LedgerqError('bind.unknown-object', `Object definition ${spec.object} not found`, {
      object: spec.object,
    });
  const fields =
    spec.fields.length > 0 ? spec.fields.map((f) => f.toUpperCase()) : storedFields(object).map((f) => f.xmlId);
  const key = object.keyField;
  const select = [...fields, ...(fields.includes(key.toUpperCase()) ? [] : [key])].map((path) => ({
    kind: 'field' as const,
    path,
  }));
  const filters: Filter[] = [];
  if (spec.mode.kind === 'changes-since') {
    if (!findField(object, 'WHENMODIFIED'))
      throw new LedgerqError(
        'parse.invalid-query',
        `${object.xmlName} has no WHENMODIFIED: export all its rows instead`,
        { field: 'since' },
      );
    filters.push({ kind: 'compare', op: 'gt', path: 'WHENMODIFIED', value: spec.mode.since });
  }
  // Keyset continuation: a resumed export reads on from the last key it delivered, never by OFFSET.
  if (after !== null) filters.push({ kind: 'compare', op: 'gt', path: key, value: after });
  const request = queryRequest({
    object: object.xmlName,
    naming: 'xml',
    select,
    filter: filters.length === 0 ? null : filters.length === 1 ? filters[0]! : { kind: 'and', items: filters },
    orderBy: [{ target: { kind: 'field', path: key }, direction: 'asc' }],
    limit: null,
    // DDS delivers the company's data: private entities' rows included.
    options: { caseInsensitive: false, includePrivate: true, asOfDate: null },
  });
  const bound = bindQuery(catalog, request, {
    scope: { companyKey: spec.companyKey, entity: { kind: 'all' } },
    now: instantOf(Date.now()),
  });
  return { bound, object, visible: fields.length };
}

/** The key of a row as a filter literal: integers stay numbers, everything else is text. */
function keyLiteral(v: FieldValue): string | number | null {
  if (v === null) return null;
  return typeof v === 'number' ? v : String(v);
}

/**
 * Streams the query into files: each written to `<name>.part` and renamed when complete, so the directory only
 * ever holds whole files. A resumed export rewrites the file that was in progress under the same name, so no row
 * is delivered twice. Memory holds one fetched batch and its CSV text, whatever the row count.
 */
export async function exportObject(
  db: Database,
  catalog: Catalog,
  spec: ExportSpec,
  hooks: ExportHooks = {},
): Promise<ExportManifest> {
  // Submission holds requests to DDS's bounds; called directly (tests, benchmarks) any positive size splits files.
  const fileRows = spec.fileRows;
  if (!Number.isInteger(fileRows) || fileRows < 1)
    throw new LedgerqError('limit.out-of-range', `file rows must be a positive integer, not ${fileRows}`, {
      field: 'fileRows',
    });
  const resume = hooks.resumeFrom ?? null;
  const { bound, object, visible } = exportQuery(catalog, spec, resume?.lastKey ?? null);
  const labels = bound.select.slice(0, visible).map((s) => selectLabel(s, 'xml'));
  const cols = { labels, selects: bound.select.slice(0, visible) };
  const header = recordsCsv(cols, []);
  const keyIndex = bound.select.findIndex((s) => s.kind === 'field' && s.ref.field.xmlId === object.keyField);
  await mkdir(spec.dir, { recursive: true });

  // The total counts every row of the export, including those of files already delivered before a resume.
  const total = resume === null ? await countRows(db, bound) : resume.rows + (await countRows(db, bound));
  const files: ExportedFile[] = [...(resume?.files ?? [])];
  let rows = resume?.rows ?? 0;
  let lastKey = resume?.lastKey ?? null;
  let current: { handle: Awaited<ReturnType<typeof open>>; name: string; rows: number } | null = null;

  const finishFile = async () => {
    if (!current) return;
    await current.handle.close();
    await rename(join(spec.dir, `${current.name}.part`), join(spec.dir, current.name));
    files.push({ name: current.name, rows: current.rows });
    current = null;
    await hooks.onFile?.({ files: [...files], rows, lastKey }, total);
  };

  try {
    const compiled = compileQuery(db.dialect, bound);
    for await (const batch of db.stream<Record<string, unknown>>(compiled.select, spec.batchRows ?? 1000)) {
      let i = 0;
      while (i < batch.length) {
        if (!current) {
          const name = exportFileName(object.xmlName, files.length + 1);
          const handle = await open(join(spec.dir, `${name}.part`), 'w');
          await handle.write(header);
          current = { handle, name, rows: 0 };
        }
        const take = Math.min(batch.length - i, fileRows - current.rows);
        const decoded = batch.slice(i, i + take).map((r) => compiled.decode(r));
        const text = recordsCsv(cols, decoded);
        await current.handle.write(text.slice(header.length));
        current.rows += take;
        rows += take;
        lastKey = keyLiteral(decoded[decoded.length - 1]![keyIndex] ?? null);
        i += take;
        if (current.rows >= fileRows) await finishFile();
      }
      hooks.onProgress?.(rows, total);
    }
    await finishFile();
  } catch (e) {
    const unfinished = current as { handle: { close(): Promise<void> } } | null;
    await unfinished?.handle.close().catch(() => {});
    throw e;
  }

  const manifest: ExportManifest = {
    object: object.xmlName,
    mode: spec.mode,
    fields: labels,
    fileRows,
    rows,
    files,
    finishedAt: instantOf((hooks.now ?? Date.now)()),
  };
  await writeFile(join(spec.dir, `${MANIFEST_FILE}.part`), `${JSON.stringify(manifest, null, 2)}\n`);
  await rename(join(spec.dir, `${MANIFEST_FILE}.part`), join(spec.dir, MANIFEST_FILE));
  return manifest;
}

async function countRows(db: Database, bound: BoundQuery): Promise<number> {
  const rows = await db.all<{ n: unknown }>(compileQuery(db.dialect, bound).count);
  return Number(rows[0]?.n ?? 0);
}

/** What an export job carries; the files go in `<baseDir>/<jobid>` (baseDir = `<exportDir>/<company>/<object>`, absolute). */
export interface DdsExportPayload {
  readonly object: string;
  readonly mode: ExportMode;
  readonly fileRows: number;
  readonly fields: readonly string[];
  readonly baseDir: string;
}

/** The job's result (lq_job.result): where the files are and what they hold. */
export interface DdsExportResult {
  readonly kind: 'dds-export';
  readonly dir: string;
  readonly manifest: ExportManifest;
}

function progress(done: number, total: number): string {
  return `${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} rows exported`;
}

/**
 * A chunked job: each complete file commits a checkpoint (files, rows, last key) and progress in DETAILS; a retry
 * resumes with the next file. A cancel stops at the next file boundary and removes the partial export.
 */
export function ddsExportHandler(deps: { catalog: Catalog }): JobHandler {
  return {
    lane: 'report',
    mode: 'chunked',
    async run(ctx) {
      const payload = JSON.parse(ctx.job.payload) as DdsExportPayload;
      const dir = join(payload.baseDir, ctx.job.jobId);
      const resumeFrom = ctx.checkpoint ? (JSON.parse(ctx.checkpoint) as ExportCheckpoint) : null;
      if (resumeFrom === null) await removePartial(dir);
      try {
        const manifest = await exportObject(
          ctx.db,
          deps.catalog,
          {
            object: payload.object,
            mode: payload.mode,
            fileRows: payload.fileRows,
            fields: payload.fields,
            dir,
            companyKey: ctx.job.companyKey,
          },
          {
            resumeFrom,
            now: ctx.now,
            onFile: (cp, total) => ctx.commitChunk(async () => {}, JSON.stringify(cp), progress(cp.rows, total)),
          },
        );
        const result: DdsExportResult = { kind: 'dds-export', dir, manifest };
        return {
          result: JSON.stringify(result),
          details: `${progress(manifest.rows, manifest.rows)} in ${manifest.files.length} file(s)`,
        };
      } catch (e) {
        if (e instanceof JobInterrupted && e.reason === 'stop-requested')
          await rm(dir, { recursive: true, force: true });
        if (e instanceof LedgerqError) throw new PermanentJobError(e.message);
        throw e;
      }
    },
  };
}

/** A first attempt starts from an empty directory (a crashed attempt before any checkpoint may have left a .part). */
async function removePartial(dir: string): Promise<void> {
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const n of names) await rm(join(dir, n), { force: true });
}

export interface ExportRequest {
  readonly object: string;
  /** Export rows whose WHENMODIFIED is after this instant (ISO 8601); absent = every row. */
  readonly since?: string;
  readonly fileRows?: number;
  readonly fields?: readonly string[];
  readonly userId: string;
}

/** Checks the request (object, fields, bounds) as the job will run it, then queues a DDS job; returns its JOBID. */
export async function submitExport(
  db: Database,
  catalog: Catalog,
  company: { key: number; companyId: string },
  exportDir: string,
  req: ExportRequest,
  nowMs: number,
): Promise<string> {
  const fileRows = checkFileRows(req.fileRows);
  let mode: ExportMode = { kind: 'all' };
  if (req.since !== undefined) {
    const t = Date.parse(req.since);
    if (Number.isNaN(t))
      throw new LedgerqError(
        'parse.invalid-query',
        `since must be an ISO 8601 instant such as 2026-01-05T09:00:00Z, not ${JSON.stringify(req.since)}`,
        { field: 'since' },
      );
    mode = { kind: 'changes-since', since: instantOf(t) };
  }
  const fields = (req.fields ?? []).map((f) => f.trim()).filter((f) => f !== '');
  const { object } = exportQuery(catalog, { companyKey: company.key, object: req.object, mode, fields }, null);
  const payload: DdsExportPayload = {
    object: object.xmlName,
    mode,
    fileRows,
    fields,
    baseDir: join(exportDir, company.companyId, object.xmlName),
  };
  return enqueueJob(
    db,
    {
      companyKey: company.key,
      jobType: DDS_JOB_TYPE,
      kind: DDS_EXPORT_KIND,
      lane: 'report',
      action: `Export ${object.xmlName}`,
      details: `DDS export of ${object.xmlName}${mode.kind === 'changes-since' ? ` changed since ${mode.since}` : ''}`,
      userId: req.userId,
      payload: JSON.stringify(payload),
    },
    nowMs,
  );
}
