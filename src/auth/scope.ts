// The entity scope of a caller: logged into one entity, or at the top level where private entities stay hidden.

import type { EntityScope, Scope } from '../query/ir/bound.ts';
import type { Database } from '../store/database.ts';
import { LedgerqError } from '../errors.ts';
import { listEntities, type Company } from './tenancy.ts';

/**
 * The one rule for which entity a caller works in: the entity asked for (matched case-insensitively, answered in the
 * company's spelling), unless the caller is held to one entity — a user restricted to it, or a session or token
 * already inside it — in which case asking for another is refused. Nothing asked keeps the held entity (or the top
 * level). `who` names the caller in the refusal.
 */
export async function resolveEntity(
  db: Database,
  company: Company,
  held: string | null,
  asked: string | null,
  who: string,
): Promise<string | null> {
  if (asked === null || asked === '') return held;
  const e = (await listEntities(db, company)).find((x) => x.entityId.toUpperCase() === asked.toUpperCase());
  if (!e)
    throw new LedgerqError('auth.unknown-entity', `${asked} is not an entity of company ${company.companyId}`, {
      entity: asked,
    });
  if (held !== null && held.toUpperCase() !== e.entityId.toUpperCase()) {
    throw new LedgerqError(
      'auth.entity-not-allowed',
      `${who} works only in entity ${held} and cannot use ${e.entityId}`,
      {
        entity: asked,
      },
    );
  }
  return e.entityId;
}

export async function scopeFor(db: Database, company: Company, entityId: string | null): Promise<Scope> {
  const entities = await listEntities(db, company);
  let entity: EntityScope;
  if (entityId) {
    const e = entities.find((x) => x.entityId.toUpperCase() === entityId.toUpperCase());
    if (!e)
      throw new LedgerqError('auth.unknown-entity', `${entityId} is not an entity of company ${company.companyId}`, {
        entity: entityId,
      });
    entity = { kind: 'only', entityId: e.entityId };
  } else {
    const hidden = entities.filter((e) => e.private).map((e) => e.entityId);
    entity = hidden.length ? { kind: 'exclude', entityIds: hidden } : { kind: 'all' };
  }
  return { companyKey: company.key, entity };
}
