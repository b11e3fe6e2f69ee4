// A REST body's arrays of records the catalog models and the owner's write path does not take otherwise (an item's
// warehouseInfo …): each item read as a body of the owned object, then written with the owner (src/writes/owned-records.ts),
// errors naming the item (`warehouseInfo[0].warehouse.id`).

import type { Catalog } from '../../catalog/catalog.ts';
import { findField } from '../../catalog/catalog.ts';
import type { CatalogObject } from '../../catalog/types.ts';
import { InternalError, LedgerqError } from '../../errors.ts';
import { createOwned, type OwnerLink, ownerLink, updateOwned } from '../../writes/owned-records.ts';
import type { RawRecord } from '../../writes/record-values.ts';
import type { Writer } from '../../writes/writer.ts';

type Json = Record<string, unknown>;

/** One array of the body: its path and items, each with the owned record's `key` it changes (a PATCH) or none. */
export interface OwnedList {
  readonly path: string;
  readonly link: OwnerLink;
  readonly items: readonly { readonly key: string | null; readonly raw: RawRecord }[];
}

/** Where restRecord puts the owned lists it meets; `creating`: a POST, whose items cannot name an existing record. */
export interface OwnedCollector {
  readonly catalog: Catalog;
  readonly creating: boolean;
  readonly lists: OwnedList[];
}

/** `e` raised for item `i` of `path`, naming the item: its field as the item's REST path (`warehouseInfo[0].warehouse.id`). */
function itemError(e: unknown, path: string, i: number, owned: CatalogObject): unknown {
  if (!(e instanceof LedgerqError) || e instanceof InternalError) return e;
  const field = typeof e.details.field === 'string' ? e.details.field : undefined;
  const rest = field === undefined ? undefined : (findField(owned, field)?.restPath ?? field);
  return new LedgerqError(e.code, `${path}[${i}]: ${e.message}`, {
    ...e.details,
    field: rest === undefined ? `${path}[${i}]` : `${path}[${i}].${rest}`,
  });
}

/**
 * The array `v` at `path` of owner `o`, listed by the OpenAPI as records of `restName`, taken into `into` when the
 * catalog links them to `o`; false when it does not (the caller refuses the list as before).
 */
export function collectOwned(
  into: OwnedCollector,
  o: CatalogObject,
  path: string,
  restName: string,
  v: readonly unknown[],
  parse: (owned: CatalogObject, item: Json) => RawRecord,
): boolean {
  const owned = into.catalog.objects.find((x) => x.restName === restName);
  const link = owned ? ownerLink(o, owned) : undefined;
  if (!owned || !link) return false;
  const items = v.map((item, i) => {
    try {
      if (item === null || typeof item !== 'object' || Array.isArray(item))
        throw new LedgerqError('write.invalid-value', `Each of ${path} must be an object`, { object: owned.xmlName });
      const { key } = item as Json;
      const named = key !== undefined && key !== null && key !== '';
      if (named && into.creating)
        throw new LedgerqError('write.invalid-value', 'a create adds new records; key names an existing one', {
          object: owned.xmlName,
          field: 'key',
        });
      return { key: named ? String(key) : null, raw: parse(owned, item as Json) };
    } catch (e) {
      throw itemError(e, path, i, owned);
    }
  });
  into.lists.push({ path, link, items });
  return true;
}

/** Writes the collected lists of the owner `ownerKey`, inside the caller's transaction: each item added or changed. */
export async function writeOwned(
  w: Writer,
  o: CatalogObject,
  ownerKey: number,
  lists: readonly OwnedList[],
): Promise<void> {
  for (const { path, link, items } of lists)
    for (const [i, { key, raw }] of items.entries()) {
      try {
        if (key === null) await createOwned(w, o, ownerKey, link, raw);
        else await updateOwned(w, o, ownerKey, link, key, raw);
      } catch (e) {
        throw itemError(e, path, i, link.owned);
      }
    }
}
