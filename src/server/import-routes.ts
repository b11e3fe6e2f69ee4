// CSV import over HTTP: POST /jobs/imports (the file as the body), GET /jobs/imports/:jobId (status), GET …/errors.csv
// (rejected rows).

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Catalog } from '../catalog/catalog.ts';
import { LedgerqError } from '../errors.ts';
import { csvImportErrors, csvImportStatus, importFileLimit, submitCsvImport } from '../jobs/csv-import.ts';
import { RateLimiter } from '../protocols/rest/rate-limit.ts';
import { restCaller } from '../protocols/rest/rest-caller.ts';
import { renderRestError } from '../protocols/rest/rest-error.ts';
import type { Database } from '../store/database.ts';

export const IMPORTS_PATH = '/jobs/imports';

/** `?fileName=`, else the filename of a Content-Disposition header, else upload.csv: shown in DETAILS and the status. */
function fileNameOf(req: FastifyRequest, query: Record<string, unknown>): string {
  if (typeof query.fileName === 'string' && query.fileName.trim() !== '') return query.fileName.trim().slice(0, 200);
  const m = /filename="?([^";]+)"?/i.exec(String(req.headers['content-disposition'] ?? ''));
  return m ? m[1]!.trim().slice(0, 200) : 'upload.csv';
}

/**
 * Authenticated as the REST API is (a bearer token from POST
 * /ia/api/v1/oauth2/token, X-IA-API-Param-Entity narrowing), answered in its
 * error shape. The rate limit counts these requests on their own, with the
 * REST API's per-minute allowance.
 */
export function registerImportRoutes(
  app: FastifyInstance,
  ctx: { readonly db: Database; readonly catalog: Catalog },
): void {
  const { db, catalog } = ctx;
  const envLimit = process.env.LEDGERQ_REST_RATE_LIMIT;
  const limiter = new RateLimiter(envLimit !== undefined && envLimit !== '' ? Number(envLimit) : 6000);
  const maxBytes = importFileLimit();

  app.register(
    async (api) => {
      api.removeAllContentTypeParsers();
      // text/csv, text/plain, application/octet-stream, or none: the body is the file, read as UTF-8 text.
      api.addContentTypeParser('*', { parseAs: 'string', bodyLimit: maxBytes }, (_req, body, done) => done(null, body));

      api.setErrorHandler((err: Error & { code?: string }, req, reply: FastifyReply) => {
        const e =
          err.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
            ? new LedgerqError(
                'limit.file-too-large',
                `the file is larger than the import limit of ${maxBytes.toLocaleString('en-US')} bytes (LEDGERQ_IMPORT_MAX_BYTES)`,
                { field: 'body' },
              )
            : err;
        const r = renderRestError(e);
        if (r.status >= 500) req.log.error({ err }, 'import request failed');
        if (r.status === 401) reply.header('www-authenticate', 'Bearer realm="ledgerq"');
        if (r.status === 429 && e instanceof LedgerqError) reply.header('retry-after', String(e.details.retryAfter));
        reply.code(r.status).send(r.body);
      });

      api.post('/', async (req, reply) => {
        const caller = await restCaller(db, limiter, req);
        const query = req.query as Record<string, unknown>;
        if (typeof query.object !== 'string' || query.object.trim() === '') {
          throw new LedgerqError('parse.invalid-query', 'name the object to import: POST /jobs/imports?object=VENDOR', {
            field: 'object',
          });
        }
        const csv = typeof req.body === 'string' ? req.body : '';
        const fileName = fileNameOf(req, query);
        const { jobId, state, object } = await submitCsvImport(db, catalog, {
          companyKey: caller.company.key,
          userId: caller.userId,
          entityId: caller.entityId,
          object: query.object.trim(),
          fileName,
          csv,
        });
        reply.code(202).header('location', `${IMPORTS_PATH}/${jobId}`);
        return {
          jobId,
          state,
          object,
          fileName,
          statusUrl: `${IMPORTS_PATH}/${jobId}`,
          errorsUrl: `${IMPORTS_PATH}/${jobId}/errors.csv`,
        };
      });

      api.get('/:jobId', async (req) => {
        const caller = await restCaller(db, limiter, req);
        const { jobId } = req.params as { jobId: string };
        return {
          ...(await csvImportStatus(db, caller.company.key, jobId)),
          errorsUrl: `${IMPORTS_PATH}/${jobId}/errors.csv`,
        };
      });

      api.get('/:jobId/errors.csv', async (req, reply) => {
        const caller = await restCaller(db, limiter, req);
        const { jobId } = req.params as { jobId: string };
        const body = await csvImportErrors(db, caller.company.key, jobId);
        reply
          .header('content-type', 'text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${jobId}-errors.csv"`);
        return body;
      });
    },
    { prefix: IMPORTS_PATH },
  );
}
