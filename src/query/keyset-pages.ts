// Keyset continuation for pages addressed by position (REST `start`): where the page before ended, so the next reads
// `key > last` instead of an OFFSET scan.

import { createHash } from 'node:crypto';
import type { Dialect } from '../store/dialect.ts';
import type { FieldValue } from '../catalog/field-values.ts';
import { BASE_ALIAS, type BoundQuery, type FieldRef } from './ir/bound.ts';
import { compileQuery } from './sql/compile.ts';

/**
 * OFFSET makes page n cost n pages: the database reads and drops every row
 * before it, so the last page of a million-row walk is the slowest. A walk
 * follows `next`, so the page before this one was usually just served: its
 * last key, remembered by position, lets this page start at `key > last`.
 *
 * Only plain queries in key order qualify (no grouping, no client order, an
 * integer key): there the rows after position n are exactly the rows whose
 * key is above the key at n, as long as the data has not changed in between.
 * Entries live a few minutes in this process; a miss (another process, an
 * old position, a position never reached) falls back to OFFSET, which gives
 * the same rows. The walk's total is carried along with the key, as readMore
 * fixes its total at the first page, and recounted when it grows old.
 */
export interface Boundary {
  /** The key of the last row before the position. */
  readonly key: FieldValue;
  readonly total: number;
  /** When `total` was counted (ms). */
  readonly countedAt: number;
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

/** The same query continued after `last`: the key range replaces the offset. */
export function continueAfter(q: BoundQuery, key: FieldRef, last: FieldValue): BoundQuery {
  if (last === null) throw new Error('a key is never null');
  const range = { kind: 'compare', op: 'gt', ref: key, value: last } as const;
  return { ...q, offset: 0, filter: q.filter ? { kind: 'and', items: [q.filter, range] } : range };
}

/** What identifies "the same query" across pages: a hash of its statement and values without offset and limit (long IN lists stay out of memory). */
export function pageFingerprint(dialect: Dialect, q: BoundQuery): string {
  const { text, params } = compileQuery(dialect, { ...q, offset: 0, limit: 0 }).select.render(dialect);
  const values = JSON.stringify(
    params.map((v) => (typeof v === 'bigint' ? `${v}n` : v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v)),
  );
  return createHash('sha256').update(text).update('\u0000').update(values).digest('base64');
}
