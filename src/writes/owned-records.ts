// Records an owner lists in an array of its REST body (an item's warehouseInfo, a unit of measure group's
// unitsOfMeasure): written with the owner, in its transaction, each linked to it through the owned object's field the
// catalog's relationship names (ITEMWAREHOUSEINFO.ITEMID → ITEM.ITEMID), as Intacct creates them.

import { COMPANY_COLUMN, findField } from '../catalog/catalog.ts';
import { decodeValue, type FieldValue } from '../catalog/field-values.ts';
import type { CatalogField, CatalogObject, CatalogRelationship } from '../catalog/types.ts';
import { LedgerqError } from '../errors.ts';
import { ident, p, sql } from '../store/sql.ts';
import { OWNED_LINES } from './party-due.ts';
import type { RawRecord } from './record-values.ts';
import { createRecord, requireWritable, updateRecord, type WrittenKey } from './write-record.ts';
import type { Writer } from './writer.ts';

/** How an owned record points to its owner: its field holding the owner's value, and its `<link>.key`/`.id` fields. */
export interface OwnerLink {
  readonly owned: CatalogObject;
  /** The owned object's field holding the owner's `related` value (ITEMID). */
  readonly local: CatalogField;
  readonly related: CatalogField;
  /** Other fields of the owned record naming the owner (`item.key` → ITEMKEY, `item.id`), by the owner's field. */
  readonly also: readonly (readonly [CatalogField, CatalogField])[];
}

/** Lines a header's own write path writes (documents, journal entries, timesheets …): never generically. */
const LINES: ReadonlySet<string> = new Set(Object.values(OWNED_LINES).map((l) => l.line));

/**
 * The link of `owned` records to `owner`, from the owned object's many-to-one relationship to it (the one whose path
 * is the owner's name where there are several: ITEMCROSSREF's ITEM rather than ALTERNATEITEM); undefined when the
 * catalog names none (an exchange rate's lines), the owned object cannot be written, or is written by its header's
 * own path, or the owner totals its lines.
 */
export function ownerLink(owner: CatalogObject, owned: CatalogObject): OwnerLink | undefined {
  // An owner totalling its lines (a recurring bill's, a funds transfer's TOTALENTERED) computes what a generic write
  // would leave empty: its lines wait for a path of their own.
  if (LINES.has(owned.xmlName) || findField(owner, 'TOTALENTERED')) return undefined;
  try {
    requireWritable(owned);
  } catch {
    return undefined;
  }
  const toOwner = owned.relationships.filter((r) => r.kind === 'many-to-one' && r.relatedObject === owner.xmlName);
  const rel: CatalogRelationship | undefined =
    toOwner.length === 1 ? toOwner[0] : toOwner.find((r) => r.xmlPath === owner.xmlName);
  if (!rel) return undefined;
  const local = findField(owned, rel.relatedBy.local);
  const related = findField(owner, rel.relatedBy.related);
  // The owner's value must be one a REST create can give or the server assigns (a cycle count's CYCLECOUNTID is neither).
  const reachable = related?.xmlId === owner.keyField || related?.xmlId === owner.idField || related?.restPath;
  if (!local?.column || !related?.column || !reachable) return undefined;
  const also: (readonly [CatalogField, CatalogField])[] = [];
  // `item.key`, `item.id` of the owned record: the owner's `key` and `id` (by REST path: a billing template's `id` is
  // its NAME).
  for (const suffix of ['key', 'id']) {
    const f = rel.restPath ? owned.fields.find((x) => x.restPath === `${rel.restPath}.${suffix}`) : undefined;
    const of = owner.fields.find((x) => x.restPath === suffix);
    if (f?.column && f !== local && of?.column) also.push([f, of]);
  }
  return { owned, local, related, also };
}

/** The owner's values its owned records carry, by the owned record's field name. */
async function linkValues(w: Writer, owner: CatalogObject, ownerKey: number, link: OwnerLink) {
  const key = findField(owner, owner.keyField)!;
  const rows = await w.db.all<Record<string, unknown>>(sql`SELECT * FROM ${ident(owner.table)}
    WHERE ${ident(COMPANY_COLUMN)} = ${p(w.companyKey)} AND ${ident(key.column!)} = ${p(ownerKey)}`);
  const row = rows[0] ?? {};
  // The owner's value as the owned field holds it (a record number in a text GRPKEY is '4', not a float's '4.0').
  const value = (to: CatalogField, from: CatalogField): FieldValue => {
    const v = decodeValue(from, row[from.column!] ?? null);
    return v !== null && to.type === 'text' ? String(v) : v;
  };
  const linked = value(link.local, link.related);
  // An owner without the value its records name it by (an optional ID left out) cannot own them.
  if (linked === null || linked === '')
    throw new LedgerqError(
      'write.required-field',
      `${owner.xmlName} has no ${link.related.xmlId} for its ${link.owned.xmlName} records to name`,
      { object: link.owned.xmlName, field: link.local.xmlId },
    );
  const out = new Map<string, FieldValue>([[link.local.xmlId, linked]]);
  for (const [f, of] of link.also) out.set(f.xmlId, value(f, of));
  return out;
}

/**
 * The owned record's own values naming the owner must name this owner (an item's warehouseInfo naming another item is
 * refused); they are then set by the server.
 */
function withoutLink(link: OwnerLink, raw: RawRecord, values: ReadonlyMap<string, FieldValue>): RawRecord {
  const out = new Map(raw);
  for (const f of [link.local, ...link.also.map(([x]) => x)]) {
    const v = raw.get(f);
    out.delete(f);
    if (v === undefined || v === null || v === '') continue;
    if (String(v) !== String(values.get(f.xmlId) ?? ''))
      throw new LedgerqError('write.invalid-value', `${f.restPath ?? f.xmlId} must name the record it belongs to`, {
        object: link.owned.xmlName,
        field: f.xmlId,
      });
  }
  return out;
}

/** Creates an owned record linked to the owner `ownerKey` (inside the caller's transaction). */
export async function createOwned(
  w: Writer,
  owner: CatalogObject,
  ownerKey: number,
  link: OwnerLink,
  raw: RawRecord,
): Promise<WrittenKey> {
  const values = await linkValues(w, owner, ownerKey, link);
  return createRecord(w, link.owned, withoutLink(link, raw, values), values);
}

/** Changes the owned record `key` of the owner `ownerKey`; a key the owner does not own is an unknown record. */
export async function updateOwned(
  w: Writer,
  owner: CatalogObject,
  ownerKey: number,
  link: OwnerLink,
  key: string,
  raw: RawRecord,
): Promise<WrittenKey> {
  const values = await linkValues(w, owner, ownerKey, link);
  const o = link.owned;
  const recordNo = /^\d{1,15}$/.test(key.trim()) ? Number(key.trim()) : -1;
  const rows =
    await w.db.all(sql`SELECT 1 AS x FROM ${ident(o.table)} WHERE ${ident(COMPANY_COLUMN)} = ${p(w.companyKey)}
    AND ${ident(findField(o, o.keyField)!.column!)} = ${p(recordNo)}
    AND ${ident(link.local.column!)} = ${p(values.get(link.local.xmlId) as string | number)}`);
  if (rows.length === 0)
    throw new LedgerqError('write.unknown-record', `No ${o.xmlName} record with RECORDNO '${key}' belongs to it`, {
      object: o.xmlName,
      key,
    });
  return updateRecord(w, o, { by: 'key', value: String(recordNo) }, withoutLink(link, raw, values));
}
