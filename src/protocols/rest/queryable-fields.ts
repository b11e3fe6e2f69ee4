// The query service's refusal of fields the REST model marks writeOnly or deprecated (issue 16). Only the query service
// refuses them: GET /objects/{…}/{key} still returns deprecated fields, as Intacct's reads do.

import { assertNever, LedgerqError } from '../../errors.ts';
import type { BoundFilter, BoundQuery, BoundSelect, FieldRef } from '../../query/ir/bound.ts';

function refuse(ref: FieldRef): void {
  // seed rest-query-service.txt:1602-1611: "Why might certain fields not be queryable in the query service? … It is
  // marked with writeOnly: true in the model, meaning it is not intended for retrieval. … It is marked as deprecated
  // and therefore its availability and support are limited."
  if (ref.field.writeOnly)
    throw new LedgerqError(
      'bind.not-allowed',
      `${ref.path} cannot be queried: it is marked with writeOnly: true in the model, meaning it is not intended for retrieval`,
      { field: ref.path },
    );
  if (ref.field.deprecated)
    throw new LedgerqError(
      'bind.not-allowed',
      `${ref.path} cannot be queried: it is marked as deprecated and therefore its availability and support are limited`,
      { field: ref.path },
    );
}

function visitFilter(f: BoundFilter): void {
  switch (f.kind) {
    case 'and':
    case 'or':
      for (const item of f.items) visitFilter(item);
      return;
    case 'not':
      visitFilter(f.item);
      return;
    case 'compare':
    case 'in':
    case 'between':
    case 'like':
    case 'null':
      refuse(f.ref);
      return;
    default:
      assertNever(f);
  }
}

const visitSelect = (s: BoundSelect): void => refuse(s.ref);

/** Throws when a selected, filtered or sorted field (on the object or across a relationship) is writeOnly or deprecated. */
export function refuseUnqueryableFields(bound: BoundQuery): void {
  for (const s of bound.select) visitSelect(s);
  if (bound.filter) visitFilter(bound.filter);
  for (const o of bound.orderBy) visitSelect(o.target);
}
