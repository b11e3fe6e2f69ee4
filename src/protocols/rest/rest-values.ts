// Writes canonical field values in the REST API's spellings: enum rest names, yyyy-mm-dd dates, ISO datetimes, keys as
// strings, money as text.

import type { CatalogField, CatalogObject } from '../../catalog/types.ts';
import { assertNever } from '../../errors.ts';
import type { BoundSelect } from '../../query/ir/bound.ts';
import type { FieldValue } from '../../catalog/field-values.ts';

export type JsonValue = string | number | boolean | null;

/**
 * Money fields that Intacct's REST API returns as JSON numbers although other
 * currency fields are strings: catalog README "Money" (`creditLimit` is a
 * number in the REST vendor examples and the seed's `min:creditLimit` result).
 */
export const NUMERIC_MONEY: ReadonlySet<string> = new Set(['creditLimit']);

/** Keys and ids are strings in REST ("key": "527"), as are the audit user references. */
export function isReferenceNumber(path: string): boolean {
  const last = path.slice(path.lastIndexOf('.') + 1);
  return last === 'key' || last === 'id' || path === 'audit.createdBy' || path === 'audit.modifiedBy';
}

/** One field value; `path` is the REST path the client wrote (it decides key-ness: `id` aliases `key` on bills). */
export function restFieldValue(field: CatalogField, path: string, v: FieldValue): JsonValue {
  if (v === null) return null;
  switch (field.type) {
    case 'enum':
      return field.enumValues?.find((e) => e.xml === v)?.rest ?? v;
    case 'integer':
      return isReferenceNumber(path) || isReferenceNumber(field.restPath ?? '') ? String(v) : Number(v);
    case 'currency':
    case 'decimal': {
      const last = path.slice(path.lastIndexOf('.') + 1);
      return NUMERIC_MONEY.has(last) ? Number(v) : String(v);
    }
    case 'boolean':
    case 'text':
    case 'date':
    case 'datetime':
      return v;
    default:
      return assertNever(field.type);
  }
}

/**
 * An aggregate's value. seed §Aggregate functions: count, sum and avg are
 * strings ("count:key": "3", "sum:vendor.vendorDue": "54395.02"); min and max
 * keep the field's own REST type ("min:creditLimit": 10000, "min:invoiceDate": "2020-06-07").
 */
export function restSelectValue(s: BoundSelect, v: FieldValue): JsonValue {
  if (s.kind === 'field') return restFieldValue(s.ref.field, s.ref.path, v);
  switch (s.fn) {
    case 'count':
    case 'sum':
    case 'avg':
      return v === null ? null : String(v);
    case 'min':
    case 'max':
      return restFieldValue(s.ref.field, s.ref.path, v);
    default:
      return assertNever(s.fn);
  }
}

/**
 * The writer of one selected column, chosen once per answer: the same value as restSelectValue, without deciding the
 * field's type, enum names or key-ness again for every value (the REST writer's hot loop, bench/writers.ts).
 */
export function restSelectWriter(s: BoundSelect): (v: FieldValue) => JsonValue {
  if (s.kind === 'aggregate' && s.fn !== 'min' && s.fn !== 'max') return (v) => restSelectValue(s, v);
  const field = s.ref.field;
  const path = s.ref.path;
  switch (field.type) {
    case 'enum': {
      // The first enum value with that gateway spelling wins, as find() did.
      const names = new Map<FieldValue, string>();
      for (const e of field.enumValues ?? []) if (!names.has(e.xml)) names.set(e.xml, e.rest);
      return (v) => (v === null ? null : (names.get(v) ?? v));
    }
    case 'integer':
      return isReferenceNumber(path) || isReferenceNumber(field.restPath ?? '')
        ? (v) => (v === null ? null : String(v))
        : (v) => (v === null ? null : Number(v));
    case 'currency':
    case 'decimal':
      return NUMERIC_MONEY.has(path.slice(path.lastIndexOf('.') + 1))
        ? (v) => (v === null ? null : Number(v))
        : (v) => (v === null ? null : String(v));
    case 'boolean':
    case 'text':
    case 'date':
    case 'datetime':
      return (v) => v;
    default:
      return assertNever(field.type);
  }
}

/** `/objects/<restName>/<key>`; document lines name their document type (`document-line::Contract%20Invoice`). */
export function restHref(object: CatalogObject, key: FieldValue, documentType: FieldValue = null): string {
  const type = documentType === null ? '' : `::${encodeURIComponent(String(documentType))}`;
  return `/objects/${object.restName}${type}/${encodeURIComponent(String(key))}`;
}

/** Objects whose REST href carries the document type: lines of documents (order entry, purchasing, inventory). */
export function hrefNeedsDocumentType(object: CatalogObject): boolean {
  return object.docparid && object.restName?.endsWith('/document-line') === true;
}

/** Sets `value` at a dotted path of a nested record (`audit.createdDateTime` → { audit: { createdDateTime } }). */
export function setNested(target: Record<string, unknown>, path: string, value: JsonValue): void {
  const parts = path.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) {
    const next = node[part];
    if (typeof next !== 'object' || next === null) node[part] = {};
    node = node[part] as Record<string, unknown>;
  }
  node[parts[parts.length - 1]!] = value;
}
