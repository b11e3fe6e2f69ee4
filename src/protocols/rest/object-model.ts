// Describes a REST object from the catalog, as GET /services/core/model returns it: fields, groups, refs (many-to-one)
// and lists (owned collections).

import type { Catalog } from '../../catalog/catalog.ts';
import type { CatalogField, CatalogObject } from '../../catalog/types.ts';
import { assertNever, LedgerqError } from '../../errors.ts';
import { fieldNames } from '../../query/resolve-path.ts';
import { restObject } from './read-objects.ts';
import { isReferenceNumber, NUMERIC_MONEY } from './rest-values.ts';

export interface FieldModel {
  readonly type: 'string' | 'integer' | 'number' | 'boolean';
  readonly format?: 'date' | 'date-time' | 'decimal';
  readonly enum?: readonly string[];
  readonly readOnly: boolean;
  /** As Intacct's model shows it on every field (`"writeOnly": false`). */
  readonly writeOnly: boolean;
  /** Present only where the OpenAPI marks the field deprecated. */
  readonly deprecated?: true;
  readonly required: boolean;
  readonly maxLength?: number;
  readonly label: string;
}

export interface ObjectModel {
  readonly apiObject: string;
  readonly label: string;
  readonly fields: Record<string, FieldModel>;
  readonly groups: Record<string, { fields: Record<string, FieldModel> }>;
  readonly refs: Record<string, { apiObject: string | null; fields: Record<string, FieldModel> }>;
  readonly lists: Record<string, { apiObject: string | null }>;
  readonly httpMethods: string;
}

/** The JSON type a field's REST value has (rest-values.ts writes values by the same rules). */
export function fieldModel(f: CatalogField, path: string): FieldModel {
  const base = {
    readOnly: f.readOnly || f.restReadOnly,
    writeOnly: f.writeOnly,
    ...(f.deprecated ? { deprecated: true as const } : {}),
    required: f.required || f.restRequired,
    label: f.label,
    ...(f.maxLength ? { maxLength: f.maxLength } : {}),
  };
  const last = path.slice(path.lastIndexOf('.') + 1);
  switch (f.type) {
    case 'text':
      return { type: 'string', ...base };
    case 'enum':
      return { type: 'string', enum: (f.enumValues ?? []).map((v) => v.rest), ...base };
    case 'integer':
      return isReferenceNumber(path) || isReferenceNumber(f.restPath ?? '')
        ? { type: 'string', ...base }
        : { type: 'integer', ...base };
    case 'decimal':
    case 'currency':
      return NUMERIC_MONEY.has(last) ? { type: 'number', ...base } : { type: 'string', format: 'decimal', ...base };
    case 'boolean':
      return { type: 'boolean', ...base };
    case 'date':
      return { type: 'string', format: 'date', ...base };
    case 'datetime':
      return { type: 'string', format: 'date-time', ...base };
    default:
      return assertNever(f.type);
  }
}

/** Every REST path of an object's own fields (aliases excluded), with its field. */
export function restFields(o: CatalogObject): { path: string; field: CatalogField }[] {
  return o.fields.flatMap((f) => {
    const path = fieldNames(f, 'rest')[0];
    return path === undefined ? [] : [{ path, field: f }];
  });
}

export function describeObject(catalog: Catalog, name: unknown): ObjectModel {
  if (typeof name !== 'string' || !name)
    throw new LedgerqError(
      'parse.invalid-query',
      'name is required, as module/object (e.g. ?name=accounts-payable/vendor)',
      { field: 'name' },
    );
  const { object } = restObject(catalog, name);
  const refPrefixes = object.relationships
    .filter((r) => r.kind === 'many-to-one' && r.restPath)
    .map((r) => r.restPath!)
    .sort((a, b) => b.length - a.length);
  const model: ObjectModel = {
    apiObject: object.restName!,
    label: object.label,
    fields: {},
    groups: {},
    refs: {},
    lists: {},
    httpMethods: 'GET',
  };
  for (const r of object.relationships) {
    if (!r.restPath) continue;
    const target = catalog.object(r.relatedObject);
    if (r.kind === 'many-to-one') model.refs[r.restPath] = { apiObject: target?.restName ?? null, fields: {} };
    else model.lists[r.restPath] = { apiObject: target?.restName ?? null };
  }
  for (const { path, field } of restFields(object)) {
    // A local field under a relationship's prefix (bill `vendor.id`) is that reference's field; other dotted paths are
    // groups.
    const ref = refPrefixes.find((p) => path.startsWith(`${p}.`));
    if (ref) {
      model.refs[ref]!.fields[path.slice(ref.length + 1)] = fieldModel(field, path);
      continue;
    }
    const dot = path.lastIndexOf('.');
    if (dot < 0) {
      model.fields[path] = fieldModel(field, path);
      continue;
    }
    const group = path.slice(0, dot);
    (model.groups[group] ??= { fields: {} }).fields[path.slice(dot + 1)] = fieldModel(field, path);
  }
  return model;
}
