// Keyset continuation for pages addressed by position (REST `start`): where the page before ended, so the next reads
// `key > last` instead of an OFFSET scan.

import { createHash } from 'node:crypto';
import type { Database } from '../store/database.ts';
import type { Dialect } from '../store/dialect.ts';
import type { FieldValue } from '../catalog/field-values.ts';
import { BASE_ALIAS, type BoundFilter, type BoundQuery, type FieldRef } from './ir/bound.ts';
import { readRows } from './run-query.ts';
import { compileCachedQuery } from './sql/statement-cache.ts';

/**
 * OFFSET makes page n cost n pages: the database reads and drops every row before it, so the last page of a
 * million-row walk is the slowest. Both walks continue by key instead. XML readMore keeps the last key sent and the
 * largest key that matched at the first page in its stored cursor, so any process can serve the next page; REST `next`
 * remembers, in this process for a few minutes, where the page before ended (a miss falls back to OFFSET, which gives
 * the same rows).
 *
 * Only queries whose rows come in key order qualify (no grouping, no client order): there the rows after a key are
 * exactly the rows whose key is above it, as long as the data has not changed in between.
 */
export interface Boundary {
  /** The key of the last row before the position. */
  readonly key: FieldValue;
  /**
   * The query's total, and the database's change stamp read before it was counted: while the stamp reads the same,
   * nothing was committed since, and the total still holds.
   */
  readonly total?: { readonly count: number; readonly stamp: string };
}

export const BOUNDARY_TTL_MS = 5 * 60_000;
const MAX_BOUNDARIES = 5_000;

export class PageBoundaries {
  private readonly entries = new Map<string, Boundary & { readonly at: number }>();

  get(fingerprint: string, position: number, now = Date.now()): Boundary | undefined {
    const k = `${position}\u0000${fingerprint}`;
    const e = this.entries.get(k);
    if (!e) return undefined;
    if (now - e.at > BOUNDARY_TTL_MS) {
      this.entries.delete(k);
      return undefined;
    }
    return e;
  }

  set(fingerprint: string, position: number, b: Boundary, now = Date.now()): void {
    const k = `${position}\u0000${fingerprint}`;
    this.entries.delete(k);
    if (this.entries.size >= MAX_BOUNDARIES) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(k, { ...b, at: now });
  }
}

/** The base key when the query's rows come in key order alone and a key range can continue it; else null. */
export function keysetKey(q: BoundQuery): FieldRef | null {
  if (q.groupBy || q.orderBy.length !== 1) return null;
  const o = q.orderBy[0]!;
  if (o.direction !== 'asc' || o.target.kind !== 'field') return null;
  const ref = o.target.ref;
  if (
    ref.alias !== BASE_ALIAS ||
    ref.field.xmlId !== q.object.keyField ||
    ref.field.type !== 'integer' ||
    ref.field.derived
  )
    return null;
  return ref;
}

/** The query with its key selected (appended when absent), and where the key is among its columns. */
export function withKeySelected(
  q: BoundQuery,
  key: FieldRef,
): { readonly query: BoundQuery; readonly keyIndex: number } {
  const at = q.select.findIndex((s) => s.kind === 'field' && s.ref.alias === key.alias && s.ref.field === key.field);
  if (at >= 0) return { query: q, keyIndex: at };
  return { query: { ...q, select: [...q.select, { kind: 'field', ref: key }] }, keyIndex: q.select.length };
}

/** The object's key as a reference into the query's base table (the key need not be selected). */
export function baseKey(q: BoundQuery): FieldRef {
  const field = q.object.fields.find((f) => f.xmlId === q.object.keyField)!;
  return { alias: BASE_ALIAS, object: q.object, field, path: field.xmlId };
}

/**
 * The same query over a key range: after `after` (exclusive, none when null) and up to `upTo` (inclusive, no end when
 * null). The range replaces the offset; the filter and order stay.
 */
export function keyRange(q: BoundQuery, key: FieldRef, after: FieldValue, upTo: FieldValue = null): BoundQuery {
  const bounds: BoundFilter[] = [];
  if (after !== null) bounds.push({ kind: 'compare', op: 'gt', ref: key, value: after });
  if (upTo !== null) bounds.push({ kind: 'compare', op: 'le', ref: key, value: upTo });
  const items = [...(q.filter ? [q.filter] : []), ...bounds];
  const filter = items.length === 0 ? null : items.length === 1 ? items[0]! : ({ kind: 'and', items } as const);
  return { ...q, offset: 0, filter };
}

/** The query's largest matching key, or null when no row matches: where a readByQuery walk's range ends. */
export async function highestKey(db: Database, q: BoundQuery, key: FieldRef): Promise<FieldValue> {
  const rows = await readRows(db, {
    ...q,
    select: [{ kind: 'field', ref: key }],
    orderBy: [{ target: { kind: 'field', ref: key }, direction: 'desc' }],
    groupBy: null,
    offset: 0,
    limit: 1,
  });
  return rows[0]?.[0] ?? null;
}

/** What identifies "the same query" across pages: a hash of its statement and values without offset and limit (long IN lists stay out of memory). */
export function pageFingerprint(dialect: Dialect, q: BoundQuery): string {
  const { text, params } = compileCachedQuery(dialect, { ...q, offset: 0, limit: 0 }).select.render(dialect);
  const values = JSON.stringify(
    params.map((v) => (typeof v === 'bigint' ? `${v}n` : v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v)),
  );
  return createHash('sha256').update(text).update('\u0000').update(values).digest('base64');
}
