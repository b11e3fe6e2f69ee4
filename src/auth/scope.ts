// The entity scope of a caller: logged into one entity, or at the top level where private entities stay hidden.

import type { EntityScope, Scope } from '../query/ir/bound.ts';
import type { Database } from '../store/database.ts';
import { LedgerqError } from '../errors.ts';
import { listEntities, type Company } from './tenancy.ts';

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
