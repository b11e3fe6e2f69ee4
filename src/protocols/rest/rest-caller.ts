// Who a REST request acts as: a live bearer token, counted by the rate limiter, narrowed to one entity by
// X-IA-API-Param-Entity.

import type { FastifyRequest } from 'fastify';
import { verifyAccessToken } from '../../auth/oauth.ts';
import { listEntities, type Company } from '../../auth/tenancy.ts';
import { LedgerqError } from '../../errors.ts';
import type { Database } from '../../store/database.ts';
import type { RateLimiter } from './rate-limit.ts';
import '../../server/request-annotations.ts';
import { enterRestRequest } from '../../server/request-gates.ts';

export interface RestCaller {
  readonly company: Company;
  readonly clientId: string;
  readonly userId: string;
  /** The entity the request works inside, spelled as the company defines it; null at the top level. */
  readonly entityId: string | null;
}

export async function restCaller(db: Database, limiter: RateLimiter, req: FastifyRequest): Promise<RestCaller> {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  if (!m)
    throw new LedgerqError(
      'auth.missing-token',
      'an Authorization: Bearer <access token> header is required; get one from POST /ia/api/v1/oauth2/token',
      { field: 'Authorization' },
    );
  const s = await verifyAccessToken(db, m[1]!);
  req.lqCompany = s.company.companyId;
  limiter.take(`${s.clientId}\u0000${s.company.key}\u0000${s.userId}`);
  // The emulator's limits and faults for this company (concurrency slot, injected errors and delays).
  await enterRestRequest(req, s.company);
  const header = req.headers['x-ia-api-param-entity'];
  const asked = typeof header === 'string' && header.trim() !== '' ? header.trim() : null;
  if (asked === null) return { company: s.company, clientId: s.clientId, userId: s.userId, entityId: s.entityId };
  // As in Intacct, the header narrows a top-level session; an entity session cannot move to another entity.
  if (s.entityId !== null && s.entityId.toUpperCase() !== asked.toUpperCase()) {
    throw new LedgerqError(
      'auth.entity-not-allowed',
      `this session works inside entity ${s.entityId}; it cannot use entity ${asked}`,
      { field: 'X-IA-API-Param-Entity', entity: asked },
    );
  }
  const known = (await listEntities(db, s.company)).find((e) => e.entityId.toUpperCase() === asked.toUpperCase());
  if (!known)
    throw new LedgerqError('auth.unknown-entity', `${asked} is not an entity of company ${s.company.companyId}`, {
      field: 'X-IA-API-Param-Entity',
      entity: asked,
    });
  return { company: s.company, clientId: s.clientId, userId: s.userId, entityId: known.entityId };
}
