// promote and cancel on JOBQUEUERECORD: one or more JOBIDs, premium companies only, answered with the JOBIDs changed.

import { LedgerqError } from '../../errors.ts';
import { cancelJob } from '../../queue/cancel-job.ts';
import { findJobState } from '../../queue/find-job-state.ts';
import { JOB_STATE } from '../../queue/job-states.ts';
import { promoteJob } from '../../queue/promote-job.ts';
import type { FunctionContext, FunctionOutcome } from './function-context.ts';
import { MAX_READ_KEYS } from './read-functions.ts';
import { childrenNamed, childText, type XmlElement } from './xml-tree.ts';
import { el, textEl } from './xml-writer.ts';

type QueueFunction = 'promote' | 'cancel';

/**
 * seed queue-administration: `<promote><JOBQUEUERECORD><JOBID>…</JOBID></JOBQUEUERECORD></promote>`,
 * whose parameter table calls the ids "Comma-separated list of job JOBID": every
 * JOBQUEUERECORD, every JOBID in it, and commas inside one are all accepted. The parameter table's own form,
 * `<object>JOBQUEUERECORD</object><keys>id,id</keys>`, is accepted too.
 */
function jobIdsOf(element: XmlElement, fn: QueueFunction): string[] {
  const records = childrenNamed(element, 'JOBQUEUERECORD');
  const object = childText(element, 'object');
  const keys = childText(element, 'keys');
  // Which of the two forms, and both elements of the table's form, were checked by the schema (function-schemas.ts).
  if (object !== undefined && object.toUpperCase() !== 'JOBQUEUERECORD')
    throw new LedgerqError(
      'parse.invalid-query',
      `<${fn}> <object> must be JOBQUEUERECORD, not ${JSON.stringify(object)}`,
    );
  const ids = (
    object !== undefined ? [keys ?? ''] : records.flatMap((r) => childrenNamed(r, 'JOBID').map((j) => j.text))
  )
    .flatMap((j) => j.split(','))
    .map((s) => s.trim())
    .filter(Boolean);
  if (ids.length === 0)
    throw new LedgerqError(
      'parse.invalid-query',
      object !== undefined
        ? `<${fn}> needs at least one JOBID in <keys>`
        : `<${fn}> needs at least one <JOBID> inside <JOBQUEUERECORD>`,
    );
  const unique = [...new Set(ids)];
  if (unique.length > MAX_READ_KEYS)
    throw new LedgerqError(
      'limit.too-many-values',
      `<${fn}> takes at most ${MAX_READ_KEYS} JOBIDs, got ${unique.length}`,
      { count: unique.length },
    );
  return unique;
}

/** seed: "If you have the right subscription (Premium Level of Service at Silver level or higher) you can cancel offline jobs or prioritize important jobs". */
function requirePremium(ctx: FunctionContext, fn: QueueFunction): void {
  if (ctx.caller.company.serviceLevel !== 'premium') {
    throw new LedgerqError(
      'queue.not-permitted',
      `${fn} needs the Premium level of service; company ${ctx.caller.company.companyId} does not have it`,
      { function: fn },
    );
  }
}

/** The error for a job the function could not change: absent for this company (another company's job looks the same), or in the wrong state. */
async function refusal(ctx: FunctionContext, fn: QueueFunction, jobId: string, wanted: string): Promise<LedgerqError> {
  const state = await findJobState(ctx.db, ctx.caller.company.key, jobId);
  if (state === null) return new LedgerqError('queue.unknown-job', `Offline job ${jobId} does not exist`, { jobId });
  return new LedgerqError(
    'queue.job-not-waiting',
    `Cannot ${fn} offline job ${jobId}: it is ${state}; only ${wanted} jobs can be ${fn === 'promote' ? 'promoted' : 'cancelled'}`,
    { jobId, state },
  );
}

function answer(ids: readonly string[]): FunctionOutcome {
  const records = ids.map((id) => el('JOBQUEUERECORD', textEl('JOBID', id))).join('');
  return {
    kind: 'data',
    data: el('data', records, [
      ['listtype', 'JOBQUEUERECORD'],
      ['count', ids.length],
    ]),
  };
}

/** All or none: one JOBID that cannot be changed leaves the others as they were. */
export async function runPromote(ctx: FunctionContext, element: XmlElement): Promise<FunctionOutcome> {
  const ids = jobIdsOf(element, 'promote');
  requirePremium(ctx, 'promote');
  await ctx.db.transaction(async (tx) => {
    // Promoted in reverse, so the first JOBID listed ends at the very head.
    for (const id of [...ids].reverse()) {
      if (!(await promoteJob(tx, ctx.caller.company.key, id)))
        throw await refusal({ ...ctx, db: tx }, 'promote', id, JOB_STATE.queued);
    }
  });
  return answer(ids);
}

export async function runCancel(ctx: FunctionContext, element: XmlElement): Promise<FunctionOutcome> {
  const ids = jobIdsOf(element, 'cancel');
  requirePremium(ctx, 'cancel');
  const now = Date.parse(ctx.now);
  await ctx.db.transaction(async (tx) => {
    for (const id of ids) {
      const outcome = await cancelJob(tx, ctx.caller.company.key, id, now);
      if (outcome === 'not-cancellable')
        throw await refusal({ ...ctx, db: tx }, 'cancel', id, 'Queued, Deferred or In Progress');
      if (outcome === 'irrevocable')
        throw new LedgerqError(
          'queue.job-not-waiting',
          `Cannot cancel offline job ${id}: its request has already run, so it will end Delivered or Failed`,
          { jobId: id, state: JOB_STATE.running },
        );
    }
  });
  return answer(ids);
}
