// The reference evaluator: interprets a bound query over plain in-memory rows, for clarity not speed; the oracle SQL
// results are tested against.

import { COMPANY_COLUMN, ENTITY_COLUMN, findField } from '../catalog/catalog.ts';
import type { CatalogField, CatalogObject } from '../catalog/types.ts';
import { assertNever, InternalError } from '../errors.ts';
import { decimalToScaled, scaledToDecimal, type FieldValue } from '../catalog/field-values.ts';
import {
  BASE_ALIAS,
  type BoundFilter,
  type BoundOrder,
  type BoundQuery,
  type BoundSelect,
  type FieldRef,
  type LikeToken,
  type Scope,
} from './ir/bound.ts';
import type { QueryPage } from './run-query.ts';
import { compareCodePoints, likeMatches } from './text-match.ts';
import { asciiLower, averageText, formatDuration } from './values.ts';

/** A stored row: `company_key`, `entity_id` and each field's column, every value in canonical form (store/values.ts). */
export type Row = Readonly<Record<string, FieldValue>>;
/** Rows by table name (`o_apbill`). */
export type Dataset = Readonly<Record<string, readonly Row[]>>;

/** One row of the joined FROM clause: each alias's row, or null where a LEFT JOIN found nothing. */
type Tuple = ReadonlyMap<string, Row | null>;
/** SQL's three truth values; null is unknown. */
type Truth = boolean | null;
type Value = Exclude<FieldValue, null>;
/** What ORDER BY compares: a field's value, a count, or an exact sum or average as a fraction. */
type OrderKey =
  | null
  | { readonly kind: 'value'; readonly field: CatalogField; readonly value: Value }
  | { readonly kind: 'ratio'; readonly num: bigint; readonly den: bigint };

interface OutputRow {
  readonly keys: readonly OrderKey[];
  readonly values: FieldValue[];
}

export function evaluateQuery(q: BoundQuery, data: Dataset): QueryPage {
  const tuples = joinedTuples(q, data).filter((t) => q.filter === null || holds(q, t, q.filter) === true);
  const out =
    q.groupBy === null
      ? tuples.map((t) => plainRow(q, t))
      : groupTuples(q, q.groupBy, tuples).map((g) => groupRow(q, g));
  out.sort((a, b) => compareKeys(q.orderBy, a.keys, b.keys));
  const page = out.slice(q.offset, q.limit === null ? undefined : q.offset + q.limit);
  return { rows: page.map((r) => r.values), totalCount: out.length };
}

/** Rows a caller may see: their company's, and in an entity-scoped object those of no entity or a visible one. */
function visible(object: CatalogObject, row: Row, scope: Scope): boolean {
  if (row[COMPANY_COLUMN] !== scope.companyKey) return false;
  const entity = row[ENTITY_COLUMN] ?? null;
  if (!object.entityScoped || entity === null) return true;
  const e = scope.entity;
  switch (e.kind) {
    case 'all':
      return true;
    case 'exclude':
      return !e.entityIds.includes(String(entity));
    case 'only':
      return entity === e.entityId;
    default:
      return assertNever(e);
  }
}

/** LEFT JOINs in order: a related row out of scope is missing, and several matches give several tuples. */
function joinedTuples(q: BoundQuery, data: Dataset): Tuple[] {
  const rowsOf = (o: CatalogObject) => (data[o.table] ?? []).filter((r) => visible(o, r, q.scope));
  let tuples: Tuple[] = rowsOf(q.object).map((r) => new Map([[BASE_ALIAS, r]]));
  for (const j of q.joins) {
    const related = rowsOf(j.object);
    tuples = tuples.flatMap((t) => {
      const local = t.get(j.from)?.[j.localField.column!] ?? null;
      const matches = local === null ? [] : related.filter((r) => r[j.relatedField.column!] === local);
      const extend = (r: Row | null): Tuple => new Map([...t, [j.alias, r]]);
      return matches.length === 0 ? [extend(null)] : matches.map(extend);
    });
  }
  return tuples;
}

/** A field's value in a tuple; a derived duration is whole seconds (its end defaults to `now`), formatted only on output. */
function read(q: BoundQuery, t: Tuple, ref: FieldRef): FieldValue {
  const row = t.get(ref.alias);
  if (!row) return null;
  const d = ref.field.derived;
  if (!d) return row[ref.field.column!] ?? null;
  const from = row[findField(ref.object, d.from)!.column!] ?? null;
  if (from === null) return null;
  const closed = d.closedBy ? (row[findField(ref.object, d.closedBy)!.column!] ?? null) : null;
  const to = row[findField(ref.object, d.to)!.column!] ?? closed ?? q.now;
  return (Date.parse(String(to)) - Date.parse(String(from))) / 1000;
}

function output(field: CatalogField, v: FieldValue): FieldValue {
  return field.derived && v !== null ? formatDuration(Number(v)) : v;
}

/** Case-insensitive comparison folds ASCII letters of text fields only: durations compare as they are, and enum
 * conditions arrive as lists of stored values (query/enum-filter.ts). */
function folds(q: BoundQuery, ref: FieldRef): boolean {
  return q.caseInsensitive && ref.field.type === 'text' && !ref.field.derived;
}

function fold(q: BoundQuery, ref: FieldRef, v: Value): Value {
  return folds(q, ref) ? asciiLower(String(v)) : v;
}

function holds(q: BoundQuery, t: Tuple, f: BoundFilter): Truth {
  switch (f.kind) {
    case 'and': {
      const vs = f.items.map((i) => holds(q, t, i));
      return vs.includes(false) ? false : vs.includes(null) ? null : true;
    }
    case 'or': {
      const vs = f.items.map((i) => holds(q, t, i));
      return vs.includes(true) ? true : vs.includes(null) ? null : false;
    }
    case 'not': {
      const v = holds(q, t, f.item);
      return v === null ? null : !v;
    }
    case 'null': {
      const isNull = read(q, t, f.ref) === null;
      return f.negated ? !isNull : isNull;
    }
    default: {
      const raw = read(q, t, f.ref);
      if (raw === null) return null;
      const v = fold(q, f.ref, raw);
      const cmp = (x: Value) => compareValues(f.ref.field, v, fold(q, f.ref, x));
      let yes: boolean;
      switch (f.kind) {
        case 'compare': {
          const c = cmp(f.value);
          return { eq: c === 0, ne: c !== 0, lt: c < 0, le: c <= 0, gt: c > 0, ge: c >= 0 }[f.op];
        }
        case 'in':
          yes = f.values.some((x) => cmp(x) === 0);
          break;
        case 'between':
          yes = cmp(f.low) >= 0 && cmp(f.high) <= 0;
          break;
        case 'like':
          yes = likeMatches(String(v), folds(q, f.ref) ? f.pattern.map(foldToken) : f.pattern);
          break;
        default:
          return assertNever(f);
      }
      return f.negated ? !yes : yes;
    }
  }
}

function foldToken(t: LikeToken): LikeToken {
  return t.kind === 'text' ? { kind: 'text', text: asciiLower(t.text) } : t;
}

/** Two non-null values of one field (durations as seconds), in the order both databases use. */
function compareValues(field: CatalogField, a: Value, b: Value): number {
  if (field.derived) return Math.sign(Number(a) - Number(b));
  switch (field.type) {
    case 'text':
    case 'enum':
    case 'date':
    case 'datetime':
      return compareCodePoints(String(a), String(b));
    case 'integer':
      return Math.sign(Number(a) - Number(b));
    case 'decimal':
    case 'currency': {
      const x = decimalToScaled(String(a), field.scale);
      const y = decimalToScaled(String(b), field.scale);
      return x < y ? -1 : x > y ? 1 : 0;
    }
    case 'boolean':
      return Number(a) - Number(b);
    default:
      return assertNever(field.type);
  }
}

function compareKey(a: Exclude<OrderKey, null>, b: Exclude<OrderKey, null>): number {
  if (a.kind === 'value' && b.kind === 'value') return compareValues(a.field, a.value, b.value);
  if (a.kind === 'ratio' && b.kind === 'ratio') {
    const x = a.num * b.den;
    const y = b.num * a.den;
    return x < y ? -1 : x > y ? 1 : 0;
  }
  throw new InternalError('order keys of one target differ in kind');
}

/** NULL sorts as the largest value: last ascending, first descending. */
function compareKeys(orderBy: readonly BoundOrder[], a: readonly OrderKey[], b: readonly OrderKey[]): number {
  for (const [i, o] of orderBy.entries()) {
    const x = a[i] ?? null;
    const y = b[i] ?? null;
    const c = x === null && y === null ? 0 : x === null ? 1 : y === null ? -1 : compareKey(x, y);
    if (c !== 0) return o.direction === 'asc' ? c : -c;
  }
  return 0;
}

function valueKey(field: CatalogField, v: FieldValue): OrderKey {
  return v === null ? null : { kind: 'value', field, value: v };
}

function plainRow(q: BoundQuery, t: Tuple): OutputRow {
  const field = (s: BoundSelect) => read(q, t, s.ref);
  return {
    keys: q.orderBy.map((o) => valueKey(o.target.ref.field, field(o.target))),
    values: q.select.map((s) => output(s.ref.field, field(s))),
  };
}

/** Groups by the group-by values, NULLs together; with no group-by fields, one group even over no rows. */
function groupTuples(q: BoundQuery, groupBy: readonly FieldRef[], tuples: readonly Tuple[]): Tuple[][] {
  if (groupBy.length === 0) return [[...tuples]];
  const groups = new Map<string, Tuple[]>();
  for (const t of tuples) {
    const k = JSON.stringify(groupBy.map((ref) => read(q, t, ref)));
    groups.set(k, [...(groups.get(k) ?? []), t]);
  }
  return [...groups.values()];
}

function scaled(field: CatalogField, v: Value): bigint {
  return field.type === 'integer' ? BigInt(Number(v)) : decimalToScaled(String(v), field.scale);
}

/** An aggregate's output, and what ordering by it compares (sums and averages exactly, as fractions). */
function aggregate(
  q: BoundQuery,
  group: readonly Tuple[],
  s: Extract<BoundSelect, { kind: 'aggregate' }>,
): { value: FieldValue; key: OrderKey } {
  const f = s.ref.field;
  const values = group.map((t) => read(q, t, s.ref)).filter((v): v is Value => v !== null);
  const n = BigInt(values.length);
  const sum = () => values.reduce((acc, v) => acc + scaled(f, v), 0n);
  switch (s.fn) {
    case 'count':
      return { value: values.length, key: { kind: 'ratio', num: n, den: 1n } };
    case 'sum':
      if (n === 0n) return { value: null, key: null };
      return {
        value: f.type === 'integer' ? Number(sum()) : scaledToDecimal(sum(), f.scale),
        key: { kind: 'ratio', num: sum(), den: 1n },
      };
    case 'avg':
      if (n === 0n) return { value: null, key: null };
      return { value: averageText(sum(), n, f.scale), key: { kind: 'ratio', num: sum(), den: n } };
    case 'min':
    case 'max': {
      const sign = s.fn === 'min' ? -1 : 1;
      const best = values.reduce<Value | null>(
        (m, v) => (m === null || Math.sign(compareValues(f, v, m)) === sign ? v : m),
        null,
      );
      return { value: output(f, best), key: valueKey(f, best) };
    }
    default:
      return assertNever(s.fn);
  }
}

function groupRow(q: BoundQuery, group: readonly Tuple[]): OutputRow {
  const first = group[0];
  const item = (s: BoundSelect): { value: FieldValue; key: OrderKey } => {
    if (s.kind === 'aggregate') return aggregate(q, group, s);
    const v = first ? read(q, first, s.ref) : null;
    return { value: output(s.ref.field, v), key: valueKey(s.ref.field, v) };
  };
  return { keys: q.orderBy.map((o) => item(o.target).key), values: q.select.map((s) => item(s).value) };
}
