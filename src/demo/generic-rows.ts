// Demo rows for catalog objects no hand-written generator covers (issue 16): a few rows per company, made from each
// field's type, so every object answers a query with data. A field a many-to-one relationship starts from holds a value
// of an existing row of the related object in the same company (lines point at generated headers, a contract line at a
// contract, a bin at a warehouse), so dot paths and joins find rows. Deterministic: values come from the row's index
// and the related object's rows, never the clock or the PRNG.

import type { Catalog } from '../catalog/catalog.ts';
import { findField, storedFields } from '../catalog/catalog.ts';
import type { CatalogField, CatalogObject } from '../catalog/types.ts';
import { dayOf, isoDate, isoDateTime } from './calendar.ts';
import type { DemoContext } from './demo-context.ts';
import { type DemoRecord, ENTITY, micros, money } from './record-writer.ts';

/** Rows per company for an object that has no generator of its own. */
export const GENERIC_ROWS = 3;

const FIRST_DAY = dayOf('2025-01-06');

function valueFor(o: CatalogObject, f: CatalogField, i: number): DemoRecord[string] {
  switch (f.type) {
    case 'enum':
      return undefined; // the encoder takes the enum's values in turn
    case 'integer':
      return i + 1;
    case 'boolean':
      return i % 2 === 0;
    case 'currency':
      return money(10_000 * (i + 1) + 2_500);
    case 'decimal':
      return micros(1_500_000 * (i + 1));
    case 'date':
      return isoDate(FIRST_DAY + 7 * i);
    case 'datetime':
      return isoDateTime(FIRST_DAY + 7 * i, 9 * 3600 + 60 * i);
    case 'text': {
      const text = f.xmlId === o.idField ? `${o.xmlName}-${i + 1}` : `${f.label} ${i + 1}`;
      return f.maxLength ? text.slice(0, f.maxLength) : text;
    }
  }
}

/**
 * Values of the custom fields a document's transaction definition carries (declared with transactionDefinitions in
 * the configuration), made as generic rows' are from the document's record number: fields of other definitions stay
 * empty.
 */
export function definitionFieldValues(catalog: Catalog, xmlName: string, docparid: string, key: number): DemoRecord {
  const o = catalog.require(xmlName);
  const rec: DemoRecord = {};
  for (const f of o.fields)
    if (f.transactionDefinitions?.includes(docparid))
      rec[f.xmlId] = f.type === 'enum' ? f.enumValues![key % f.enumValues!.length]!.xml : valueFor(o, f, key);
  return rec;
}

/**
 * Points the many-to-one fields of an object's generic rows at rows of the related objects: row i takes the related
 * value of the related object's row i (wrapping, rows of private entities left out), so the 3 rows reach different
 * records. A parent pointer (a
 * relationship to the object itself) leaves the first row at the top and hangs the others under it. Related objects
 * with no row in this company leave the field empty.
 */
function linkReferences(ctx: DemoContext, catalog: Catalog, o: CatalogObject, rows: readonly DemoRecord[]): void {
  // Generic rows belong to the top level, which does not see the records of private entities: never point at those.
  const hidden = new Set(ctx.plan.entities.filter((e) => e.private).map((e) => e.id));
  for (const r of o.relationships) {
    if (r.kind !== 'many-to-one') continue;
    const local = findField(o, r.relatedBy.local);
    if (!local?.column || local.xmlId === o.keyField) continue;
    const target = catalog.require(r.relatedObject);
    const related = findField(target, r.relatedBy.related)!.xmlId;
    if (target === o) {
      rows.forEach((rec, i) => {
        rec[local.xmlId] = i === 0 ? null : (rows[0]![related] ?? null);
      });
      continue;
    }
    const values = ctx
      .rows(target.xmlName)
      .filter((t) => !hidden.has(t[ENTITY] as string))
      .map((t) => t[related])
      .filter((v) => v !== null && v !== undefined);
    rows.forEach((rec, i) => {
      rec[local.xmlId] = values.length ? values[i % values.length] : null;
    });
  }
}

/** Adds GENERIC_ROWS rows to every standard object the hand-written generators left empty, linked by relationships. */
export function addGenericRows(ctx: DemoContext, catalog: Catalog): void {
  const filled = new Set(ctx.objects().map((n) => n.toUpperCase()));
  const generated: [CatalogObject, DemoRecord[]][] = [];
  for (const o of catalog.objects) {
    if (o.isCustom || filled.has(o.xmlName.toUpperCase())) continue;
    const fields = storedFields(o).filter((f) => f.xmlId !== 'MEGAENTITYID' && f.xmlId !== 'MEGAENTITYNAME');
    const rows: DemoRecord[] = [];
    for (let i = 0; i < GENERIC_ROWS; i++) {
      const rec: DemoRecord = {};
      for (const f of fields) rec[f.xmlId] = f.xmlId === o.keyField ? ctx.nextKey(o.xmlName) : valueFor(o, f, i);
      rows.push(ctx.add(o.xmlName, rec));
    }
    generated.push([o, rows]);
  }
  // Every object has its rows now, whatever the catalog's order: references may point forward.
  for (const [o, rows] of generated) linkReferences(ctx, catalog, o, rows);
}
