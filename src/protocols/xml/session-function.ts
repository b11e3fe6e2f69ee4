// getAPISession: opens a database-held session for the caller (optionally in another entity) and says where to send the
// next requests.

import { createSession } from '../../auth/sessions.ts';
import { LedgerqError } from '../../errors.ts';
import type { FunctionContext, FunctionOutcome } from './function-context.ts';
import { rescopeCaller } from './sign-in.ts';
import { child, type XmlElement } from './xml-tree.ts';
import { el, textEl } from './xml-writer.ts';

export async function runGetApiSession(ctx: FunctionContext, element: XmlElement): Promise<FunctionOutcome> {
  if (ctx.functionCount > 1) {
    throw new LedgerqError(
      'parse.session-not-alone',
      'Get API Session Failed: getAPISession must be the only function in its request',
    );
  }
  const asked = child(element, 'locationid')?.text.trim() || null;
  const caller = asked === null ? ctx.caller : await rescopeCaller(ctx.db, ctx.caller, asked);
  // Asked on a session for the same entity, Intacct hands back that session rather than opening another.
  const sessionId =
    ctx.sessionId !== null && asked === null
      ? ctx.sessionId
      : (
          await createSession(
            ctx.db,
            { companyKey: caller.company.key, userId: caller.userId, entityId: caller.entityId },
            undefined,
            ctx.limits?.sessionTimeoutSeconds,
          )
        ).sessionId;
  // All three children are required by SessionProvider, even when empty (protocol §5 trap 5).
  return {
    kind: 'data',
    data: el(
      'data',
      el(
        'api',
        textEl('sessionid', sessionId) + textEl('endpoint', ctx.endpoint) + textEl('locationid', caller.entityId ?? ''),
      ),
    ),
  };
}
