// What every gateway function runs with, and what it answers: the `<data>` element, or a bare body for query's json/csv
// formats.

import type { Catalog } from '../../catalog/catalog.ts';
import type { CatalogObject } from '../../catalog/types.ts';
import { LedgerqError } from '../../errors.ts';
import type { Database } from '../../store/database.ts';
import type { Caller } from './sign-in.ts';
import type { RequestLimits } from '../../emulator/limit-settings.ts';

export interface FunctionContext {
  readonly db: Database;
  readonly catalog: Catalog;
  readonly caller: Caller;
  /** Who owns resultIds made here: the session, or the login (company, user, entity) for requests signed in by login. */
  readonly owner: string;
  /** This gateway's URL as the client reached it (getAPISession's `<endpoint>`). */
  readonly endpoint: string;
  /** The session id the request signed in with, if any: getAPISession on a session answers that same session. */
  readonly sessionId: string | null;
  /** The functions of the request, for getAPISession's "alone in its request" rule. */
  readonly functionCount: number;
  /** Current instant 'YYYY-MM-DDTHH:MM:SSZ'. */
  readonly now: string;
  /** The company's limits (page sizes, IN-list) when the emulator controls set them; absent, Intacct's defaults. */
  readonly limits?: RequestLimits;
}

export type FunctionOutcome =
  /** `data` is the complete `<data …>` element. */
  | { readonly kind: 'data'; readonly data: string }
  /** query with returnformat json or csv: sent without the envelope when it is the request's only function. */
  | { readonly kind: 'bare'; readonly contentType: string; readonly body: string };

export function ownerOf(caller: Caller): string {
  return caller.session
    ? `session:${caller.session.hash}`
    : `login:${caller.company.key}/${caller.userId.toLowerCase()}/${caller.entityId ?? ''}`;
}

export function requireObject(ctx: FunctionContext, name: string | undefined, fn: string): CatalogObject {
  if (!name) throw new LedgerqError('parse.invalid-query', `<${fn}> needs an <object>`);
  const o = ctx.catalog.object(name);
  if (!o) throw new LedgerqError('bind.unknown-object', `Object definition ${name} not found`, { object: name });
  return o;
}
