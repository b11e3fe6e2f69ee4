// The "Asynchronous API requests" job: runs an offline request through the gateway, stores its response, then POSTs it
// to the policy's callback URL.

import { answerGatewayRequest, type GatewayDeps } from '../protocols/xml/answer-request.ts';
import type { AsyncApiPayload } from '../protocols/xml/offline-request.ts';
import { addTransactions } from '../emulator/meter-store.ts';
import type { Database } from '../store/database.ts';
import { ident, p, sql } from '../store/sql.ts';
import type { ClaimedJob } from '../queue/claim-job.ts';
import type { JobHandler } from '../queue/job-handler.ts';
import { JOB_TABLE } from '../queue/job-tables.ts';
import { instantOf } from '../queue/job-states.ts';
import { BUILT_IN_RECEIVER } from '../queue/offline-policies.ts';

/** A callback that has not answered in this long counts as a failed delivery, retried with backoff. */
const CALLBACK_TIMEOUT_MS = 30_000;

/** The job's checkpoint: what has committed so far. */
type Progress =
  | { readonly phase: 'answered'; readonly contentType: string }
  | { readonly phase: 'delivered'; readonly contentType: string; readonly outcome: string };

function progressOf(checkpoint: string | null): Progress | null {
  return checkpoint ? (JSON.parse(checkpoint) as Progress) : null;
}

async function storedResponse(db: Database, job: ClaimedJob): Promise<string> {
  const rows = await db.all<{ result: string | null }>(
    sql`SELECT result FROM ${ident(JOB_TABLE)} WHERE company_key = ${p(job.companyKey)} AND job_id = ${p(job.jobId)}`,
  );
  return rows[0]?.result ?? '';
}

/**
 * Two phases, so no transaction is ever open while a callback is awaited (on SQLite that transaction would hold the
 * only write gate for up to the callback's timeout, stopping every writer and the server):
 * 1. The request runs in one transaction that also stores its response in lq_job.result and the checkpoint
 *    "answered": its effects and the response commit together, exactly once. The built-in receiver keeps the
 *    response in that same transaction, so its delivery is exactly once too.
 * 2. Outside any transaction, the stored response is POSTed to the callback. A failure (or a crash) leaves the job
 *    to be retried with backoff (Deferred, the reason in lq_job.error); the retry finds the checkpoint, never runs
 *    the request again, and delivers the same stored response: delivery is at least once. The outcome is recorded
 *    in the checkpoint before the job is marked Delivered.
 */
export function asyncApiRequestHandler(deps: Omit<GatewayDeps, 'db'>): JobHandler {
  return {
    lane: 'api',
    mode: 'chunked',
    async run({ job, db, checkpoint, commitChunk }) {
      const payload = JSON.parse(job.payload) as AsyncApiPayload;
      let progress = progressOf(checkpoint);
      if (progress === null) {
        let answered: Progress | null = null;
        await commitChunk(
          async (tx) => {
            const answer = await answerGatewayRequest(
              { ...deps, db: tx },
              {
                body: payload.body,
                bodyLimit: Number.MAX_SAFE_INTEGER,
                endpoint: payload.endpoint,
                // Its sender was checked when it was queued; failures here pace only other offline runs.
                clientAddress: 'queue',
              },
            );
            await tx.run(
              sql`UPDATE ${ident(JOB_TABLE)} SET result = ${p(answer.body)} WHERE company_key = ${p(job.companyKey)} AND job_id = ${p(job.jobId)}`,
            );
            // Metered in the job's transaction: a retried delivery counts once, when it commits.
            if (answer.companyId && answer.transactions?.size)
              await addTransactions(tx, answer.companyId, answer.transactions);
            if (payload.callbackUrl === BUILT_IN_RECEIVER) {
              await tx.run(sql`INSERT INTO lq_callback_delivery (company_key, policy_id, job_id, received_at, body)
              VALUES (${p(job.companyKey)}, ${p(payload.policyId)}, ${p(job.jobId)}, ${p(instantOf(Date.now()))}, ${p(answer.body)})`);
              answered = {
                phase: 'delivered',
                contentType: answer.contentType,
                outcome: 'kept by the built-in receiver',
              };
            } else {
              answered = { phase: 'answered', contentType: answer.contentType };
            }
          },
          () => JSON.stringify(answered),
          undefined,
          // The request's effects are committed: a later cancel cannot take them back, so the job must end as what
          // it is (Delivered once its response reaches the callback), never Cancelled.
          { irrevocable: true },
        );
        progress = answered!;
      }
      if (progress.phase === 'answered') {
        const res = await fetch(payload.callbackUrl, {
          method: 'POST',
          headers: { 'content-type': progress.contentType },
          body: await storedResponse(db, job),
          signal: AbortSignal.timeout(CALLBACK_TIMEOUT_MS),
        });
        await res.arrayBuffer().catch(() => undefined);
        if (!res.ok) throw new Error(`callback ${payload.callbackUrl} answered HTTP ${res.status}`);
        const delivered: Progress = {
          phase: 'delivered',
          contentType: progress.contentType,
          outcome: `delivered to ${payload.callbackUrl}: HTTP ${res.status}`,
        };
        await commitChunk(async () => {}, JSON.stringify(delivered));
      }
    },
  };
}
