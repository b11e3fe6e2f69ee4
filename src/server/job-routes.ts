// HTTP routes of exports, stored and scheduled reports and job results: /jobs/exports, /jobs/reports, /jobs/schedules,
// /jobs/:jobId[/result].

import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { Catalog } from '../catalog/catalog.ts';
import { loadConfig } from '../app/config.ts';
import { LedgerqError } from '../errors.ts';
import { submitExport } from '../jobs/dds-export.ts';
import { jobDetails, jobResult } from '../jobs/job-result.ts';
import { addSchedule, listSchedules, removeSchedule } from '../jobs/report-schedules.ts';
import { submitReport } from '../jobs/stored-report.ts';
import type { Database } from '../store/database.ts';
import type { EdgeRoute } from './edge/edge-state.ts';
import { principalOf } from './edge/request-context.ts';

export interface JobRoutesContext {
  readonly db: Database;
  readonly catalog: Catalog;
  /** Where exports are written; by default the exportDir of the environment and ledgerq.config.json. */
  readonly exportDir?: string;
  readonly now?: () => number;
}

type Body = Record<string, unknown>;

/** JSON whatever the content type says, as the REST API reads its bodies. */
function jsonBody(raw: unknown): Body {
  let v: unknown = raw;
  if (typeof raw === 'string') {
    try {
      v = JSON.parse(raw);
    } catch (e) {
      throw new LedgerqError('parse.malformed-json', `the request body is not valid JSON: ${(e as Error).message}`, {
        field: 'body',
      });
    }
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw new LedgerqError('parse.invalid-query', 'the body must be a JSON object', { field: 'body' });
  return v as Body;
}

function optionalString(body: Body, name: string): string | undefined {
  const v = body[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new LedgerqError('parse.invalid-query', `${name} must be a string`, { field: name });
  return v;
}

function requiredString(body: Body, name: string): string {
  const v = optionalString(body, name);
  if (v === undefined || v.trim() === '')
    throw new LedgerqError('parse.invalid-query', `${name} is required`, { field: name });
  return v;
}

/** A saved query: XML text, or a REST query given as a JSON object (or its text). */
function queryOf(body: Body): string {
  const q = body.query;
  if (typeof q === 'string' && q.trim() !== '') return q;
  if (typeof q === 'object' && q !== null && !Array.isArray(q)) return JSON.stringify(q);
  throw new LedgerqError('parse.invalid-query', 'query is required: an XML <query> as text, or a REST query object', {
    field: 'query',
  });
}

/** Authenticated as the REST API is, through the edge: every route sees only the token's company and entity. */
const jobs = (operation: string): { config: { edge: EdgeRoute } } => ({
  config: { edge: { auth: 'token', errors: 'json', operation: `jobs:${operation}` } },
});

export function registerJobRoutes(app: FastifyInstance, ctx: JobRoutesContext): void {
  const { db, catalog } = ctx;
  const now = ctx.now ?? Date.now;
  let exportDir = ctx.exportDir;
  const dir = () => (exportDir ??= loadConfig().exportDir!);

  app.register(async (r) => {
    r.removeAllContentTypeParsers();
    r.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body));

    r.post('/jobs/exports', jobs('export'), async (req, reply) => {
      const s = principalOf(req);
      const body = jsonBody(req.body);
      const fileRows = body.fileRows;
      if (fileRows !== undefined && typeof fileRows !== 'number')
        throw new LedgerqError('parse.invalid-query', 'fileRows must be a number', { field: 'fileRows' });
      const fields = body.fields;
      if (fields !== undefined && !(Array.isArray(fields) && fields.every((f) => typeof f === 'string')))
        throw new LedgerqError('parse.invalid-query', 'fields must be an array of field names', { field: 'fields' });
      const jobId = await submitExport(
        db,
        catalog,
        s.company,
        dir(),
        {
          object: requiredString(body, 'object'),
          since: optionalString(body, 'since'),
          fileRows,
          fields: fields as string[] | undefined,
          userId: s.userId,
        },
        now(),
      );
      reply.code(202);
      return { jobId, state: 'Queued', href: `/jobs/${jobId}` };
    });

    r.post('/jobs/reports', jobs('report'), async (req, reply) => {
      const s = principalOf(req);
      const jobId = await submitReport(
        db,
        catalog,
        s.company.key,
        { query: queryOf(jsonBody(req.body)), entity: s.entityId, userId: s.userId },
        now(),
      );
      reply.code(202);
      return { jobId, state: 'Queued', href: `/jobs/${jobId}` };
    });

    r.get('/jobs/schedules', jobs('schedules'), async (req) => {
      const s = principalOf(req);
      return { schedules: await listSchedules(db, s.company.key) };
    });

    r.post('/jobs/schedules', jobs('schedule'), async (req, reply) => {
      const s = principalOf(req);
      const body = jsonBody(req.body);
      const schedule = await addSchedule(
        db,
        catalog,
        s.company.key,
        {
          name: requiredString(body, 'name'),
          cron: requiredString(body, 'cron'),
          timezone: optionalString(body, 'timezone'),
          query: queryOf(body),
          entity: s.entityId,
          userId: s.userId,
        },
        now(),
      );
      reply.code(201);
      return schedule;
    });

    r.delete<{ Params: { name: string } }>('/jobs/schedules/:name', jobs('unschedule'), async (req, reply) => {
      const s = principalOf(req);
      await removeSchedule(db, s.company.key, req.params.name);
      return reply.code(204).send();
    });

    r.get<{ Params: { jobId: string } }>('/jobs/:jobId', jobs('show'), async (req) => {
      const s = principalOf(req);
      return jobDetails(db, s.company.key, req.params.jobId);
    });

    r.get<{ Params: { jobId: string }; Querystring: { format?: string } }>(
      '/jobs/:jobId/result',
      jobs('result'),
      async (req, reply) => {
        const s = principalOf(req);
        const format = req.query.format ?? 'csv';
        if (format !== 'csv' && format !== 'json')
          throw new LedgerqError('parse.invalid-query', `format is csv or json, not ${JSON.stringify(format)}`, {
            field: 'format',
          });
        const result = await jobResult(db, s.company.key, req.params.jobId, format);
        reply
          .header('content-type', result.contentType)
          .header('content-disposition', `attachment; filename="${result.fileName}"`);
        // Streamed from the database in batches: a million-row report is never held whole.
        return reply.send(Readable.from(result.chunks));
      },
    );
  });
}
