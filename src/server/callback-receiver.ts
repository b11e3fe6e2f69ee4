// GET /jobs/callbacks: what the built-in receiver kept for the caller's company (responses of its ledgerq-demo
// asynchronous requests).

import type { FastifyInstance } from 'fastify';
import { listDeliveries } from '../queue/offline-policies.ts';
import type { Database } from '../store/database.ts';
import type { EdgeRoute } from './edge/edge-state.ts';
import { principalOf } from './edge/request-context.ts';

export const CALLBACKS_PATH = '/jobs/callbacks';

const CALLBACKS_ROUTE: EdgeRoute = { auth: 'token', errors: 'json', operation: 'jobs:callbacks' };

/** Authenticated as the REST API is, through the edge, so a company sees only its own responses. */
export function registerCallbackReceiver(app: FastifyInstance, db: Database): void {
  app.get(CALLBACKS_PATH, { config: { edge: CALLBACKS_ROUTE } }, async (req) => {
    const session = principalOf(req);
    const deliveries = await listDeliveries(db, session.company.key);
    return {
      company: session.company.companyId,
      deliveries: deliveries.map((d) => ({
        policyId: d.policy_id,
        jobId: d.job_id,
        receivedAt: d.received_at,
        body: d.body,
      })),
    };
  });
}
