// GET /jobs/callbacks: what the built-in receiver kept for the caller's company (responses of its ledgerq-demo
// asynchronous requests).

import type { FastifyInstance } from 'fastify';
import { verifyAccessToken } from '../auth/oauth.ts';
import { LedgerqError } from '../errors.ts';
import { listDeliveries } from '../queue/offline-policies.ts';
import type { Database } from '../store/database.ts';

export const CALLBACKS_PATH = '/jobs/callbacks';

/** Authenticated as the REST API is (a bearer token), so a company sees only its own responses. */
export function registerCallbackReceiver(app: FastifyInstance, db: Database): void {
  app.get(CALLBACKS_PATH, async (req) => {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
    if (!m)
      throw new LedgerqError(
        'auth.missing-token',
        'an Authorization: Bearer <access token> header is required; get one from POST /ia/api/v1/oauth2/token',
        { field: 'Authorization' },
      );
    const session = await verifyAccessToken(db, m[1]!);
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
