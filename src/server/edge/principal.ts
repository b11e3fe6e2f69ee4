// Who a request acts as: built once per request, from a REST bearer token (every JSON route) or from the XML gateway's
// sign-in, with the entity the request works in.

import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { verifyAccessToken } from '../../auth/oauth.ts';
import { resolveEntity } from '../../auth/scope.ts';
import type { Company } from '../../auth/tenancy.ts';
import { LedgerqError, withErrorField } from '../../errors.ts';
import type { Database } from '../../store/database.ts';

export interface Principal {
  readonly company: Company;
  readonly userId: string;
  /** The entity the request works inside, in the company's spelling; null at the top level. */
  readonly entityId: string | null;
  readonly rights: { readonly write: boolean };
  /** Who the rate limit counts: the OAuth client or XML sender, the company and the user. */
  readonly caller: string;
}

/** The token of an `Authorization: Bearer <token>` header, or null: the one place the header is read. */
export function bearerToken(req: FastifyRequest): string | null {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  return m ? m[1]! : null;
}

/** The emulator's admin token (the admin API, /metrics): refused unless the request sends it; none set disables them. */
export function requireAdminToken(req: FastifyRequest, expected: string | null): void {
  if (expected === null)
    throw new LedgerqError('admin.disabled', 'the admin API is disabled on this server (no admin token)');
  const given = Buffer.from(bearerToken(req) ?? '');
  const wanted = Buffer.from(expected);
  if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) {
    throw new LedgerqError(
      'admin.unauthorized',
      'send Authorization: Bearer <admin token> (LEDGERQ_ADMIN_TOKEN, or the token the server printed at start)',
      { field: 'Authorization' },
    );
  }
}

/**
 * A live REST access token's principal, narrowed by X-IA-API-Param-Entity: as in Intacct, the header narrows a
 * top-level token to one entity, and a token already inside an entity (a restricted user's) cannot move to another.
 */
export async function tokenPrincipal(db: Database, req: FastifyRequest): Promise<Principal> {
  const token = bearerToken(req);
  if (token === null) {
    throw new LedgerqError(
      'auth.missing-token',
      'an Authorization: Bearer <access token> header is required; get one from POST /ia/api/v1/oauth2/token',
      { field: 'Authorization' },
    );
  }
  const s = await verifyAccessToken(db, token);
  req.lq.companyId = s.company.companyId;
  const header = req.headers['x-ia-api-param-entity'];
  const asked = typeof header === 'string' && header.trim() !== '' ? header.trim() : null;
  const entityId = await withErrorField(
    resolveEntity(db, s.company, s.entityId, asked, `this token of user ${s.userId}`),
    'X-IA-API-Param-Entity',
  );
  return {
    company: s.company,
    userId: s.userId,
    entityId,
    rights: { write: s.role === 'admin' },
    caller: `token:${s.clientId}\u0000${s.company.key}\u0000${s.userId}`,
  };
}
