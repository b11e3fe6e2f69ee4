// An offline request (its control names a policyid): queued as an "Asynchronous API requests" job and acknowledged at
// once.

import { LedgerqError } from '../../errors.ts';
import { enqueueJob } from '../../queue/enqueue-job.ts';
import { findPolicyCallback } from '../../queue/offline-policies.ts';
import type { Database } from '../../store/database.ts';
import type { ControlEcho, GatewayRequest } from './envelope.ts';
import type { Caller } from './sign-in.ts';
import { el, textEl } from './xml-writer.ts';

export const ASYNC_API_KIND = 'async-api';

/** Intacct's limit on an asynchronous request (issue 7); larger ones are answered with the error at once, never queued. */
export const MAX_OFFLINE_REQUEST_CHARS = 500_000;

/** What the worker needs: the request as if sent online, where it arrived, and where its answer goes. */
export interface AsyncApiPayload {
  readonly body: string;
  readonly endpoint: string;
  readonly callbackUrl: string;
  readonly policyId: string;
}

/**
 * The request already passed every check an online request gets up to its
 * functions (control, sender, sign-in), so what is acknowledged can run. The
 * worker sends it without `<policyid>`, through the same gateway code.
 */
export async function queueOfflineRequest(
  db: Database,
  request: GatewayRequest,
  caller: Caller,
  body: string,
  endpoint: string,
  maxChars = MAX_OFFLINE_REQUEST_CHARS,
): Promise<void> {
  if (body.length > maxChars) {
    throw new LedgerqError(
      'limit.body-too-large',
      `An offline request may hold at most ${maxChars} characters; this one has ${body.length}`,
      { length: body.length },
    );
  }
  const policyId = request.control.policyId;
  const callbackUrl = await findPolicyCallback(db, caller.company.key, policyId);
  if (callbackUrl === null)
    throw new LedgerqError(
      'queue.unknown-policy',
      `${policyId} is not a valid policy for company ${caller.company.companyId}`,
      { policyId },
    );
  const payload: AsyncApiPayload = { body: asOnlineRequest(body), endpoint, callbackUrl, policyId };
  const names = [...new Set(request.functions.map((f) => f.name))].join(', ');
  await enqueueJob(
    db,
    {
      companyKey: caller.company.key,
      jobType: 'Asynchronous API requests',
      kind: ASYNC_API_KIND,
      lane: 'api',
      action: names,
      details: `policy ${policyId}: ${request.functions.length} function${request.functions.length === 1 ? '' : 's'}`,
      userId: caller.userId,
      payload: JSON.stringify(payload),
    },
    Date.now(),
  );
}

/**
 * Without `<policyid>`, and with `<uniqueid>` false: the control id was
 * already claimed when the request was acknowledged, and the worker's run
 * (or its retry) must not be refused as its own duplicate.
 */
function asOnlineRequest(body: string): string {
  return body
    .replace(/<policyid>[\s\S]*?<\/policyid>/, '')
    .replace(/<uniqueid>\s*true\s*<\/uniqueid>/, '<uniqueid>false</uniqueid>');
}

/** protocol §6 / intacct-responses fact 4: `<acknowledgement>` before `<control>`, and no `<operation>`. */
export function acknowledgementXml(controlXml: string): string {
  return el('acknowledgement', textEl('status', 'success')) + controlXml;
}

export type { ControlEcho };
