// The bank accounts and charge cards a write pays from or into (a FINANCIALENTITY), and the entity a record naming
// them belongs to: other receipts and deposits (receipts.ts) and manual AP payments (manual-payments.ts).

import { COMPANY_COLUMN, ENTITY_COLUMN, findField, storedColumn } from '../catalog/catalog.ts';
import type { CatalogObject } from '../catalog/types.ts';
import { LedgerqError } from '../errors.ts';
import { ident, p, sql } from '../store/sql.ts';
import type { Writer } from './writer.ts';

/**
 * The entity owning a row of a bank account or card object: the row's own where the object is entity-owned, else its
 * location field's value where that is an entity (the demo's checking accounts and cards sit at their entity's
 * location), else null. Answers undefined when no row has that ID.
 */
async function ownerOf(
  w: Writer,
  object: string,
  idField: string,
  locationField: string,
  id: string,
): Promise<string | null | undefined> {
  const account = w.catalog.object(object);
  if (!account) return undefined;
  const location = findField(account, locationField)?.column;
  const owner = account.entityScoped
    ? ident(ENTITY_COLUMN)
    : location
      ? sql`(SELECT entity_id FROM lq_entity WHERE company_key = ${p(w.companyKey)} AND entity_id = ${ident(location)})`
      : sql`NULL`;
  const rows = await w.db.all<{ e: string | null }>(sql`SELECT ${owner} AS e FROM ${ident(account.table)}
    WHERE ${ident(COMPANY_COLUMN)} = ${p(w.companyKey)} AND ${ident(storedColumn(account, idField))} = ${p(id)}`);
  return rows[0] ? (rows[0].e ?? null) : undefined;
}

/** A bank account a record names: a checking or savings account of the company (BANKACCOUNTID), and its entity. */
export async function bankAccountEntity(w: Writer, o: CatalogObject, id: string): Promise<string | null> {
  for (const name of ['CHECKINGACCOUNT', 'SAVINGSACCOUNT']) {
    const owner = await ownerOf(w, name, 'BANKACCOUNTID', 'LOCATIONID', id);
    if (owner !== undefined) return owner;
  }
  throw new LedgerqError(
    'write.missing-reference',
    `Invalid FINANCIALENTITY '${id}' specified: no CHECKINGACCOUNT or SAVINGSACCOUNT with BANKACCOUNTID '${id}'`,
    { object: o.xmlName, field: 'FINANCIALENTITY' },
  );
}

/** A charge card a record names (CREDITCARD CARDID), and its entity by the card's LOCATION, as a bank account's. */
export async function chargeCardEntity(w: Writer, o: CatalogObject, id: string): Promise<string | null> {
  const owner = await ownerOf(w, 'CREDITCARD', 'CARDID', 'LOCATION', id);
  if (owner !== undefined) return owner;
  throw new LedgerqError(
    'write.missing-reference',
    `Invalid FINANCIALENTITY '${id}' specified: no CREDITCARD with CARDID '${id}'`,
    { object: o.xmlName, field: 'FINANCIALENTITY' },
  );
}

/**
 * The entity a record belongs to, from the entities of what it names (its bank account, the receipts it deposits):
 * inside an entity, the writer's, and another entity's is refused; at the top level, the one entity named (a deposit
 * into the UK's account is the UK's), never two.
 */
export function entityOfNamed(
  w: Writer,
  o: CatalogObject,
  field: string,
  named: readonly (string | null)[],
): string | null {
  const owners = [...new Set(named.filter((e): e is string => e !== null))];
  const other = owners.find((e) => e !== w.entityId);
  if (w.entityId !== null && other !== undefined)
    throw new LedgerqError(
      'write.entity-not-allowed',
      `Invalid ${field} specified: it belongs to entity ${other}, and this request works in entity ${w.entityId}`,
      { object: o.xmlName, field, entity: other },
    );
  if (owners.length > 1)
    throw new LedgerqError(
      'write.entity-not-allowed',
      `Invalid ${field} specified: it names records of entities ${owners.join(' and ')}, and a ${o.xmlName} belongs to one`,
      { object: o.xmlName, field, entity: owners[1]! },
    );
  return w.entityId ?? owners[0] ?? null;
}
