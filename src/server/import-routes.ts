// CSV import over HTTP: POST /jobs/imports (the file as the body), GET /jobs/imports/:jobId (status), GET …/errors.csv
// (rejected rows).

import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Catalog } from '../catalog/catalog.ts';
import { LedgerqError } from '../errors.ts';
import { csvImportErrors, csvImportStatus, importFileLimit, submitCsvImport } from '../jobs/csv-import.ts';
import type { Database } from '../store/database.ts';
import type { EdgeRoute } from './edge/edge-state.ts';
import { principalOf } from './edge/request-context.ts';

export const IMPORTS_PATH = '/jobs/imports';

/** `?fileName=`, else the filename of a Content-Disposition header, else upload.csv: shown in DETAILS and the status. */
function fileNameOf(req: FastifyRequest, query: Record<string, unknown>): string {
  if (typeof query.fileName === 'string' && query.fileName.trim() !== '') return query.fileName.trim().slice(0, 200);
  const m = /filename="?([^";]+)"?/i.exec(String(req.headers['content-disposition'] ?? ''));
  return m ? m[1]!.trim().slice(0, 200) : 'upload.csv';
}

const imports = (operation: string): { config: { edge: EdgeRoute } } => ({
  config: { edge: { auth: 'token', errors: 'json', operation: `jobs:${operation}` } },
});

/** Authenticated as the REST API is, through the edge (bearer token, X-IA-API-Param-Entity, limits, faults). */
export function registerImportRoutes(
  app: FastifyInstance,
  ctx: { readonly db: Database; readonly catalog: Catalog },
): void {
  const { db, catalog } = ctx;
  const maxBytes = importFileLimit();

  app.register(
    async (api) => {
      api.removeAllContentTypeParsers();
      // text/csv, text/plain, application/octet-stream, or none: the body is the file, read as UTF-8 text.
      api.addContentTypeParser('*', (_req, payload, done) => {
        const chunks: Buffer[] = [];
        let size = 0;
        let refused = false;
        payload.on('data', (chunk: Buffer) => {
          if (refused) return;
          size += chunk.length;
          if (size <= maxBytes) return void chunks.push(chunk);
          refused = true;
          chunks.length = 0;
          done(
            new LedgerqError(
              'limit.file-too-large',
              `the file is larger than the import limit of ${maxBytes.toLocaleString('en-US')} bytes (LEDGERQ_IMPORT_MAX_BYTES)`,
              { field: 'body' },
            ),
            undefined,
          );
        });
        payload.on('end', () => {
          if (!refused) done(null, Buffer.concat(chunks).toString('utf8'));
        });
        payload.on('error', (e) => done(e, undefined));
      });

      api.post('/', imports('import'), async (req, reply) => {
        const caller = principalOf(req);
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

      api.get('/:jobId', imports('import-status'), async (req) => {
        const caller = principalOf(req);
        const { jobId } = req.params as { jobId: string };
        return {
          ...(await csvImportStatus(db, caller.company.key, jobId)),
          errorsUrl: `${IMPORTS_PATH}/${jobId}/errors.csv`,
        };
      });

      api.get('/:jobId/errors.csv', imports('import-errors'), async (req, reply) => {
        const caller = principalOf(req);
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
