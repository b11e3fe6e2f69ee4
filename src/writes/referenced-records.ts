// Many-to-one references of a write must name an existing record of the company (a bill's vendor, a vendor's term):
// looked up for many records at once, one statement per relationship, then checked record by record.

import { type Catalog, COMPANY_COLUMN, ENTITY_COLUMN, findField } from '../catalog/catalog.ts';
import type { CatalogField, CatalogObject, CatalogRelationship } from '../catalog/types.ts';
import { encodeValue, type FieldValue } from '../catalog/field-values.ts';
import { LedgerqError } from '../errors.ts';
import { ident, p, paramList, sql, type SqlValue } from '../store/sql.ts';
import type { Writer } from './writer.ts';

/** Per relationship: each referenced value found (by lookupKey) → the entity owning that record (null: top level). */
export type FoundReferences = Map<CatalogRelationship, Map<string, string | null>>;

/**
 * A stored or bound value as a map key, equal where the databases' `=` is: text compares byte-wise on both (COLLATE
 * "C" on PostgreSQL), numbers by value, and SQLite answers booleans as 1/0.
 */
export function lookupKey(v: unknown): string {
  return typeof v === 'boolean' ? (v ? '1' : '0') : String(v);
}

interface Reference {
  readonly rel: CatalogRelationship;
  readonly local: CatalogField;
  readonly target: CatalogObject;
  readonly related: CatalogField;
}

const known = new WeakMap<Catalog, WeakMap<CatalogObject, readonly Reference[]>>();

/** The relationships a write checks, in the order it checks them (worked out once per object: rows check them each). */
function references(w: Writer, o: CatalogObject): readonly Reference[] {
  let byObject = known.get(w.catalog);
  if (!byObject) known.set(w.catalog, (byObject = new WeakMap()));
  const cached = byObject.get(o);
  if (cached) return cached;
  const out: Reference[] = [];
  for (const rel of o.relationships) {
    if (rel.kind !== 'many-to-one') continue;
    const local = findField(o, rel.relatedBy.local);
    if (!local) continue;
    const target = w.catalog.object(rel.relatedObject)!;
    const related = findField(target, rel.relatedBy.related)!;
    if (related.column) out.push({ rel, local, target, related });
  }
  byObject.set(o, out);
  return out;
}

/** Splits `items` so that each part, `per` parameters an item, stays within the database's parameter limit. */
export function withinParameterLimit<T>(w: Writer, items: readonly T[], per: number, reserved = 1): T[][] {
  const size = Math.max(1, Math.floor((w.db.dialect.maxParameters - reserved) / per));
  const parts: T[][] = [];
  for (let i = 0; i < items.length; i += size) parts.push(items.slice(i, i + size));
  return parts;
}

/** Looks up every value `records` give a many-to-one field: one statement per relationship (more past the limit). */
export async function findReferences(
  w: Writer,
  o: CatalogObject,
  records: readonly ReadonlyMap<CatalogField, FieldValue>[],
): Promise<FoundReferences> {
  const found: FoundReferences = new Map();
  for (const { rel, local, target, related } of references(w, o)) {
    const values = new Map<string, SqlValue>();
    for (const r of records) {
      const v = r.get(local);
      if (v === null || v === undefined) continue;
      const encoded = encodeValue(related, v);
      values.set(lookupKey(encoded), encoded);
    }
    const owners = new Map<string, string | null>();
    found.set(rel, owners);
    const entity = target.entityScoped ? sql`, ${ident(ENTITY_COLUMN)} AS e` : sql``;
    // At the top level, private entities' records are not seen (as a query there does not see them without
    // showprivate), so they cannot be named: a top-level record would otherwise show their values to every entity.
    const visible =
      target.entityScoped && w.entityId === null
        ? sql` AND (${ident(ENTITY_COLUMN)} IS NULL OR ${ident(ENTITY_COLUMN)} NOT IN (SELECT entity_id FROM lq_entity
            WHERE company_key = ${p(w.companyKey)} AND private IS TRUE))`
        : sql``;
    for (const part of withinParameterLimit(w, [...values.values()], 1, 2)) {
      const rows = await w.db.all<{ v: unknown; e?: string | null }>(sql`SELECT ${ident(related.column!)} AS v${entity}
        FROM ${ident(target.table)} WHERE ${ident(COMPANY_COLUMN)} = ${p(w.companyKey)} AND ${ident(related.column!)} IN (${paramList(part)})${visible}`);
      for (const row of rows) {
        const key = lookupKey(row.v);
        if (!owners.has(key)) owners.set(key, row.e ?? null);
      }
    }
  }
  return found;
}

/**
 * Where a record written with `values` may live, given the writer and, for an update, the record's own entity.
 * `adopt`: a create at the top level, which takes the entity of the entity-owned records it names.
 */
export type EntityPlace = {
  readonly entity: string | null;
  readonly adopt: boolean;
  /** A line's field naming its header: the line lives where its header does, whatever else it names. */
  readonly parent?: string;
};

/** Where a checked record goes: its entity, and whether its top-level header moves there with it (moveIntoEntity). */
export interface Placement {
  readonly entity: string | null;
  readonly headerMoves: boolean;
}

/** A create's place: inside the writer's entity, or at the top level taking the entity of what it names. */
export function createPlace(w: Writer): EntityPlace {
  return { entity: w.entityId, adopt: w.entityId === null };
}

/**
 * Refuses the first reference of `values` (in the object's relationship order) that names no record, or a record of
 * another entity than the record's, and answers the entity the record belongs to. Inside an entity a record may name
 * top-level records and its own entity's, as queries there see them. A create at the top level that names an
 * entity's records belongs to that entity (a bill for a UK vendor is the UK's bill): left at the top level, it would
 * show the vendor's name to every entity's users, who cannot read the vendor itself. Records of two entities cannot
 * be named together, and an object every entity shares (no MEGAENTITYID) names top-level records only, for the same
 * reason. Intacct's own answer for these cases is not public: this is the stricter reading (docs/writes.md).
 */
export function checkFoundReferences(
  w: Writer,
  o: CatalogObject,
  values: ReadonlyMap<CatalogField, FieldValue>,
  found: FoundReferences,
  place: EntityPlace = createPlace(w),
): Placement {
  // A record every entity shares lives at the top level, wherever it is written from.
  let entity = o.entityScoped ? place.entity : null;
  let adopt = place.adopt;
  let adoptedFrom: string | null = null;
  let header: string | null = null;
  const parent = place.parent === undefined ? undefined : references(w, o).find((r) => r.local.xmlId === place.parent);
  const parentValue = parent && values.get(parent.local);
  if (parent && parentValue !== null && parentValue !== undefined) {
    const owner = found.get(parent.rel)?.get(lookupKey(encodeValue(parent.related, parentValue)));
    if (owner !== undefined) {
      // A line lives where its header does; a top-level header written at the top level takes the entity its first
      // entity-owned line names, and moves there with its lines (moveIntoEntity), as a document at the top level
      // belongs to the entity of its lines' locations.
      entity = owner;
      adopt = place.adopt && owner === null;
      header = parent.target.xmlName;
    }
  }
  for (const { rel, local, target, related } of references(w, o)) {
    const v = values.get(local);
    if (v === null || v === undefined) continue;
    const owners = found.get(rel);
    const key = lookupKey(encodeValue(related, v));
    if (!owners?.has(key)) {
      throw new LedgerqError(
        'write.missing-reference',
        `Invalid ${local.xmlId} '${String(v)}' specified: no ${target.xmlName} with ${related.xmlId} '${String(v)}'`,
        { object: o.xmlName, field: local.xmlId },
      );
    }
    const owner = owners.get(key) ?? null;
    if (owner === null || owner === entity) continue;
    const refused = (why: string) =>
      new LedgerqError(
        'write.entity-not-allowed',
        `Invalid ${local.xmlId} '${String(v)}' specified: that ${target.xmlName} belongs to entity ${owner}, ${why}`,
        { object: o.xmlName, field: local.xmlId, entity: owner },
      );
    if (!o.entityScoped) throw refused(`and ${o.xmlName} records are shared by every entity`);
    if (entity === null && adopt) {
      entity = owner;
      adoptedFrom = `${local.xmlId} '${String(v)}'`;
      continue;
    }
    if (w.entityId !== null) throw refused(`and this request works in entity ${w.entityId}`);
    if (adoptedFrom !== null) throw refused(`and ${adoptedFrom} names a record of entity ${entity}`);
    if (header !== null)
      throw refused(
        entity === null ? `and its ${header} is a top-level record` : `and its ${header} belongs to entity ${entity}`,
      );
    throw refused(
      entity === null
        ? `and this ${o.xmlName} is a top-level record`
        : `and this ${o.xmlName} belongs to entity ${entity}`,
    );
  }
  return { entity, headerMoves: header !== null && adopt && entity !== null };
}

/** One record's references, checked against the database: answers the entity the record belongs to. */
export async function checkReferences(
  w: Writer,
  o: CatalogObject,
  values: ReadonlyMap<CatalogField, FieldValue>,
  place: EntityPlace = createPlace(w),
): Promise<Placement> {
  return checkFoundReferences(w, o, values, await findReferences(w, o, [values]), place);
}

/**
 * Records `values` as found, for the relationships of `o` to itself (a vendor's PARENTID names a VENDORID): a later
 * record of the same batch may name one created earlier in it, as it could had each been written alone.
 */
export function noteCreated(
  w: Writer,
  o: CatalogObject,
  values: ReadonlyMap<CatalogField, FieldValue>,
  found: FoundReferences,
  entity: string | null,
): void {
  for (const { rel, target, related } of references(w, o)) {
    if (target !== o) continue;
    const v = values.get(related);
    if (v === null || v === undefined) continue;
    const key = lookupKey(encodeValue(related, v));
    const owners = found.get(rel)!;
    if (!owners.has(key)) owners.set(key, o.entityScoped ? entity : null);
  }
}

/**
 * Moves a top-level header and the lines written so far into `entity`: its first entity-owned line was just checked
 * (checkFoundReferences), and everything the header and those lines name is top-level, so nothing else changes owner.
 */
export async function moveIntoEntity(
  w: Writer,
  header: CatalogObject,
  headerKey: FieldValue,
  line: CatalogObject,
  parentField: CatalogField,
  entity: string,
): Promise<void> {
  const key = findField(header, header.keyField)!;
  const names = await w.db.all<{ name: string }>(
    sql`SELECT name FROM lq_entity WHERE company_key = ${p(w.companyKey)} AND entity_id = ${p(entity)}`,
  );
  const entityName = findField(header, 'MEGAENTITYNAME');
  const setName = entityName?.column ? sql`, ${ident(entityName.column)} = ${p(names[0]?.name ?? null)}` : sql``;
  await w.db.run(sql`UPDATE ${ident(header.table)} SET ${ident(ENTITY_COLUMN)} = ${p(entity)}${setName}
    WHERE ${ident(COMPANY_COLUMN)} = ${p(w.companyKey)} AND ${ident(key.column!)} = ${p(encodeValue(key, headerKey))}
      AND ${ident(ENTITY_COLUMN)} IS NULL`);
  await w.db.run(sql`UPDATE ${ident(line.table)} SET ${ident(ENTITY_COLUMN)} = ${p(entity)}
    WHERE ${ident(COMPANY_COLUMN)} = ${p(w.companyKey)} AND ${ident(parentField.column!)} = ${p(encodeValue(parentField, headerKey))}
      AND ${ident(ENTITY_COLUMN)} IS NULL`);
}
