// The job kinds workers can run, by lq_job.kind. CSV import, DDS and report jobs are not written yet.

import type { Catalog } from '../catalog/catalog.ts';
import { ASYNC_API_KIND } from '../protocols/xml/offline-request.ts';
import { asyncApiRequestHandler } from './async-api-request.ts';
import type { JobHandler } from './job-handler.ts';

/** A kind with no handler fails its job at once with that reason rather than retrying forever. */
export function jobHandlers(deps: { catalog: Catalog; logError: (err: unknown) => void }): Readonly<Record<string, JobHandler>> {
  return { [ASYNC_API_KIND]: asyncApiRequestHandler(deps) };
}
