// Resolves a dotted name (XML `VENDOR.TERM.DUEDATE`, REST `vendor.vendorDue`) to a field along many-to-one hops.

import { documentView, findField, type Catalog } from '../catalog/catalog.ts';
import type { CatalogField, CatalogObject, CatalogRelationship } from '../catalog/types.ts';
import { LedgerqError } from '../errors.ts';
import type { Naming } from './ir/request.ts';

export interface ResolvedPath {
  readonly hops: readonly { readonly relationship: CatalogRelationship; readonly object: CatalogObject }[];
  readonly field: CatalogField;
  /** Canonical spelling: catalog XML ids joined by dots, or the REST path as written. */
  readonly canonical: string;
}

/** The names a client may use for a field in this naming (hidden fields have none). */
export function fieldNames(f: CatalogField, naming: Naming): string[] {
  if (f.hidden) return [];
  if (naming === 'xml') return [f.xmlId];
  return f.restPath === null ? [] : [f.restPath, ...f.restAliases];
}

function matchLocal(o: CatalogObject, name: string, naming: Naming): CatalogField | undefined {
  if (naming === 'xml') {
    const f = findField(o, name);
    return f && !f.hidden ? f : undefined;
  }
  return o.fields.find((f) => fieldNames(f, 'rest').includes(name));
}

function relationshipPrefix(r: CatalogRelationship, naming: Naming): string | null {
  return naming === 'xml' ? r.xmlPath : r.restPath;
}

/** Names listed as "did you mean": the closest field names and relationship paths by edit distance. */
export function nearestNames(o: CatalogObject, name: string, naming: Naming, max = 3): string[] {
  const candidates = [
    ...o.fields.flatMap((f) => fieldNames(f, naming)),
    ...o.relationships
      .filter((r) => r.kind === 'many-to-one')
      .map((r) => relationshipPrefix(r, naming))
      .filter((x): x is string => !!x)
      .map((p) => `${p}.`),
  ];
  const n = naming === 'xml' ? name.toUpperCase() : name;
  return candidates
    .map((c) => ({ c, d: editDistance(naming === 'xml' ? c.toUpperCase() : c, n) }))
    .sort((a, b) => a.d - b.d || (a.c < b.c ? -1 : 1))
    .slice(0, max)
    .map((x) => x.c);
}

function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length]!;
}

/**
 * Local field first (a denormalised field wins over the same path through a
 * relationship), then the longest relationship prefix, then recurse. Only one
 * hierarchical hop (PARENT, MANAGER) is allowed in a path.
 */
export function resolvePath(catalog: Catalog, base: CatalogObject, path: string, naming: Naming): ResolvedPath {
  const hops: { relationship: CatalogRelationship; object: CatalogObject }[] = [];
  const canonicalParts: string[] = [];
  let object = base;
  let rest = path;
  let hierarchical = 0;
  for (;;) {
    const local = matchLocal(object, rest, naming);
    if (local) {
      canonicalParts.push(naming === 'xml' ? local.xmlId : rest);
      return { hops, field: local, canonical: canonicalParts.join('.') };
    }
    const eq = (a: string, b: string) => (naming === 'xml' ? a.toUpperCase() === b.toUpperCase() : a === b);
    let best: CatalogRelationship | undefined;
    for (const r of object.relationships) {
      const prefix = relationshipPrefix(r, naming);
      if (!prefix || rest.length <= prefix.length + 1 || rest[prefix.length] !== '.') continue;
      if (!eq(rest.slice(0, prefix.length), prefix)) continue;
      if (!best || prefix.length > relationshipPrefix(best, naming)!.length) best = r;
    }
    if (!best) {
      throw new LedgerqError(
        'bind.unknown-field',
        `${path} is not a field of ${base.xmlName}${hops.length ? ` (no ${rest} on ${object.xmlName})` : ''}; nearest: ${nearestNames(object, rest, naming).join(', ')}`,
        { field: path, object: base.xmlName, suggestions: nearestNames(object, rest, naming) },
      );
    }
    const prefix = relationshipPrefix(best, naming)!;
    if (best.kind !== 'many-to-one') {
      throw new LedgerqError(
        'bind.collection-path',
        `${path}: ${prefix} is a one-to-many collection of ${base.xmlName} and cannot be queried through a dot path`,
        { field: path },
      );
    }
    if (best.hierarchical && ++hierarchical > 1) {
      throw new LedgerqError(
        'bind.hierarchy-depth',
        `${path}: only one hierarchical relationship (${prefix}) may be crossed in a path`,
        { field: path },
      );
    }
    // A related document shows no transaction definition's custom fields: only the base object's docparid picks one.
    const target = documentView(catalog.object(best.relatedObject)!, null);
    // seed (query): "Querying across a custom relationship between two standard objects is not supported."
    if (best.isCustom && !object.isCustom && !target.isCustom) {
      throw new LedgerqError(
        'bind.not-allowed',
        `${path}: ${prefix} is a custom relationship between two standard objects (${object.xmlName} and ${target.xmlName}), which cannot be queried across`,
        { field: path },
      );
    }
    hops.push({ relationship: best, object: target });
    canonicalParts.push(naming === 'xml' ? best.xmlPath : prefix);
    object = target;
    rest = rest.slice(prefix.length + 1);
  }
}
