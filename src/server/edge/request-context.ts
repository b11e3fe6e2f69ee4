// What route handlers take from the edge once it admitted a request: the principal, and the contexts the query binder
// and the write path need, built from it.

import type { FastifyRequest } from 'fastify';
import { scopeFor } from '../../auth/scope.ts';
import type { Catalog } from '../../catalog/catalog.ts';
import { InternalError } from '../../errors.ts';
import type { BindContext } from '../../query/bind.ts';
import type { Database } from '../../store/database.ts';
import type { Writer } from '../../writes/write-record.ts';
import type { Principal } from './principal.ts';

export function nowInstant(): string {
  return `${new Date().toISOString().slice(0, 19)}Z`;
}

/** The admitted principal; only token routes have one by the time their handler runs. */
export function principalOf(req: FastifyRequest): Principal {
  const p = req.lq.principal;
  if (!p) throw new InternalError(`${req.method} ${req.url} has no principal: its route is not a token route`);
  return p;
}

/** How the caller's queries bind: its entity scope, the company's IN-list limit. */
export async function bindContextOf(db: Database, req: FastifyRequest): Promise<BindContext> {
  const p = principalOf(req);
  return {
    scope: await scopeFor(db, p.company, p.entityId),
    now: nowInstant(),
    maxInValues: req.lq.limits?.inList,
  };
}

/** The caller as the write path knows it (REST naming). */
export function writerOf(db: Database, catalog: Catalog, req: FastifyRequest): Writer {
  const p = principalOf(req);
  return {
    db,
    catalog,
    companyKey: p.company.key,
    entityId: p.entityId,
    userId: p.userId,
    now: nowInstant(),
    naming: 'rest',
  };
}
