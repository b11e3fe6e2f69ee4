// The job kinds workers can run, by lq_job.kind.

import type { Catalog } from '../catalog/catalog.ts';
import { ASYNC_API_KIND } from '../protocols/xml/offline-request.ts';
import { asyncApiRequestHandler } from './async-api-request.ts';
import { CSV_IMPORT_KIND, csvImportHandler } from './csv-import.ts';
import type { JobHandler } from '../queue/job-handler.ts';
import { DDS_EXPORT_KIND, ddsExportHandler } from './dds-export.ts';
import { reportHandler, SCHEDULED_REPORT_KIND, STORED_REPORT_KIND } from './stored-report.ts';

/** A kind with no handler fails its job at once with that reason rather than retrying forever. */
export function jobHandlers(deps: {
  catalog: Catalog;
  logError: (err: unknown) => void;
}): Readonly<Record<string, JobHandler>> {
  return {
    [ASYNC_API_KIND]: asyncApiRequestHandler(deps),
    [CSV_IMPORT_KIND]: csvImportHandler(deps),
    [DDS_EXPORT_KIND]: ddsExportHandler(deps),
    [STORED_REPORT_KIND]: reportHandler(deps),
    [SCHEDULED_REPORT_KIND]: reportHandler(deps),
  };
}
