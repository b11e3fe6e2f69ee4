// The "Asynchronous API requests" job: runs an offline request through the gateway and POSTs the full response to its policy's callback URL.

import { answerGatewayRequest, type GatewayDeps } from '../protocols/xml/answer-request.ts';
import type { AsyncApiPayload } from '../protocols/xml/offline-request.ts';
import { p, sql } from '../store/sql.ts';
import type { JobHandler } from './job-handler.ts';
import { instantOf } from './job-states.ts';
import { BUILT_IN_RECEIVER } from './offline-policies.ts';

/** A callback that has not answered in this long counts as a failed delivery, retried with backoff. */
const CALLBACK_TIMEOUT_MS = 30_000;

/**
 * The request runs inside the job's transaction, so a write it makes commits
 * only with the job's Delivered state: a failed delivery rolls it back and the
 * retry runs it afresh. Delivery is at least once: a commit failing after the
 * callback answered 2xx sends the response again on the next attempt.
 */
export function asyncApiRequestHandler(deps: Omit<GatewayDeps, 'db'>): JobHandler {
  return {
    lane: 'api',
    async run({ job, tx }) {
      const payload = JSON.parse(job.payload) as AsyncApiPayload;
      const answer = await answerGatewayRequest({ ...deps, db: tx }, { body: payload.body, bodyLimit: Number.MAX_SAFE_INTEGER, endpoint: payload.endpoint });
      if (payload.callbackUrl === BUILT_IN_RECEIVER) {
        await tx.run(sql`INSERT INTO lq_callback_delivery (company_id, policy_id, job_id, received_at, body)
          VALUES (${p(job.companyPk)}, ${p(payload.policyId)}, ${p(job.jobId)}, ${p(instantOf(Date.now()))}, ${p(answer.body)})`);
        return { result: 'delivered to the built-in receiver' };
      }
      const res = await fetch(payload.callbackUrl, {
        method: 'POST', headers: { 'content-type': answer.contentType }, body: answer.body, signal: AbortSignal.timeout(CALLBACK_TIMEOUT_MS),
      });
      await res.arrayBuffer().catch(() => undefined);
      if (!res.ok) throw new Error(`callback ${payload.callbackUrl} answered HTTP ${res.status}`);
      return { result: `delivered to ${payload.callbackUrl}: HTTP ${res.status}` };
    },
  };
}
