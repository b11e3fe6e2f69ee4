// Compiles a bound query into one parameterized statement (and its count statement), scoped to the caller's company and
// entities.

import { COMPANY_COLUMN, ENTITY_COLUMN, findField } from '../../catalog/catalog.ts';
import type { CatalogField, CatalogObject } from '../../catalog/types.ts';
import { assertNever, InternalError } from '../../errors.ts';
import type { Dialect } from '../../store/dialect.ts';
import { ident, join, p, raw, sql, type Param, type Sql, type SqlValue } from '../../store/sql.ts';
import { decodeValue, encodeValue, type FieldValue } from '../../catalog/field-values.ts';
import {
  BASE_ALIAS,
  type BoundFilter,
  type BoundQuery,
  type BoundSelect,
  type BoundValue,
  type FieldRef,
  type LikeToken,
} from '../ir/bound.ts';
import { asciiLower, averageText, formatDuration } from '../values.ts';
import { withoutNul } from './nul-free.ts';

export interface CompiledQuery {
  /** The page of rows, in order. */
  readonly select: Sql;
  /** One row `{ n }`: how many rows (groups, with aggregates) match in all. */
  readonly count: Sql;
  /** Turns a result row into values aligned with `bound.select`. */
  decode(row: Record<string, unknown>): FieldValue[];
}

const qualified = (alias: string, column: string): Sql => sql`${ident(alias)}.${ident(column)}`;

/**
 * The values a statement of one shape binds, for another query of that shape: the query (scope, now, limit, offset)
 * and the value-bearing nodes of its filter (after the NUL rewrite), in the order `filterLeaves` lists them.
 */
export interface ShapeValues {
  readonly q: BoundQuery;
  readonly leaves: readonly BoundFilter[];
}

/** How a parameter's value is found again for another query of the same shape. */
export type ParamSource = (v: ShapeValues) => SqlValue;

/** Records where each parameter of a compiled statement comes from (statement-cache.ts), keyed by the Param itself. */
export type ParamSources = Map<Param, ParamSource>;

/**
 * The filter's value-bearing nodes (compare, in, between, like), depth first: a parameter of a filter names its node
 * by position here, so a cached statement can bind the values of another filter of the same shape.
 */
export function filterLeaves(f: BoundFilter | null, out: BoundFilter[] = []): BoundFilter[] {
  if (f === null) return out;
  switch (f.kind) {
    case 'and':
    case 'or':
      for (const i of f.items) filterLeaves(i, out);
      return out;
    case 'not':
      return filterLeaves(f.item, out);
    case 'null':
      return out;
    case 'compare':
    case 'in':
    case 'between':
    case 'like':
      out.push(f);
      return out;
    default:
      return assertNever(f);
  }
}

/** The values a fragment built by `build` binds, in its order: a dialect's fragment rebuilt for another query. */
function fragmentParams(fragment: Sql): Param[] {
  return fragment.parts.filter((x): x is Param => x.kind === 'param');
}

class Compiler {
  /** The filter as compiled (NUL rewritten), once: parameters name its nodes by identity. */
  private readonly filterTree: BoundFilter | null;
  private readonly leafIndex = new Map<BoundFilter, number>();
  /** This query's values, as a cached statement's sources read them. */
  private readonly current: ShapeValues;

  constructor(
    private readonly d: Dialect,
    private readonly q: BoundQuery,
    /** Set when the statement is to be cached: every parameter's source is recorded in it. */
    private readonly sources: ParamSources | null = null,
    filterTree?: BoundFilter | null,
  ) {
    this.filterTree = filterTree !== undefined ? filterTree : q.filter && withoutNul(q.filter);
    // An uncached compile's leaf accessors answer this query's own nodes and read no leaves.
    const leaves = sources ? filterLeaves(this.filterTree) : [];
    leaves.forEach((leaf, i) => {
      this.leafIndex.set(leaf, i);
    });
    this.current = { q, leaves };
  }

  /** A bound value, with where to find it again when the statement is cached. */
  private param(value: SqlValue, source: ParamSource): Param {
    const param = p(value);
    this.sources?.set(param, source);
    return param;
  }

  /** A dialect's fragment, its parameters found again by rebuilding it for the other query. */
  private rebuilt(build: (v: ShapeValues) => Sql): Sql {
    const fragment = build(this.current);
    const sources = this.sources;
    // Parameters of the fragments handed to the dialect (a duration's "now" in the LIKE's operand) keep their own
    // sources: a rebuilt fragment embeds the same operand, with this query's values.
    if (sources)
      fragmentParams(fragment).forEach((param, i) => {
        if (!sources.has(param)) sources.set(param, (v) => fragmentParams(build(v))[i]!.value);
      });
    return fragment;
  }

  private leaf<K extends BoundFilter['kind']>(
    f: BoundFilter & { kind: K },
  ): (v: ShapeValues) => BoundFilter & { kind: K } {
    if (!this.sources) return () => f;
    const at = this.leafIndex.get(f);
    if (at === undefined) throw new InternalError('filter node outside the compiled filter');
    return (v) => v.leaves[at] as BoundFilter & { kind: K };
  }

  /** company_key and entity visibility for one table of the statement. */
  private scopeCondition(alias: string, object: CatalogObject): Sql {
    const scope = this.q.scope;
    const parts = [
      sql`${qualified(alias, COMPANY_COLUMN)} = ${this.param(scope.companyKey, (v) => v.q.scope.companyKey)}`,
    ];
    if (object.entityScoped) {
      const e = qualified(alias, ENTITY_COLUMN);
      const entity = scope.entity;
      switch (entity.kind) {
        case 'all':
          break;
        case 'exclude':
          if (entity.entityIds.length > 0)
            parts.push(
              sql`(${e} IS NULL OR ${e} NOT IN (${join(
                entity.entityIds.map(
                  (id, i) => sql`${this.param(id, (v) => (v.q.scope.entity as typeof entity).entityIds[i]!)}`,
                ),
                ', ',
              )}))`,
            );
          break;
        case 'only':
          parts.push(
            sql`(${e} IS NULL OR ${e} = ${this.param(entity.entityId, (v) => (v.q.scope.entity as typeof entity).entityId)})`,
          );
          break;
        default:
          assertNever(entity);
      }
    }
    return join(parts, ' AND ');
  }

  /** A field's value expression; derived durations are computed from their instants. */
  field(ref: FieldRef): Sql {
    const f = ref.field;
    if (f.derived) {
      const from = findField(ref.object, f.derived.from)!.column!;
      const to = findField(ref.object, f.derived.to)!.column!;
      const closed = f.derived.closedBy ? findField(ref.object, f.derived.closedBy)!.column! : null;
      const now = this.param(this.q.now, (v) => v.q.now);
      const end = closed
        ? sql`COALESCE(${qualified(ref.alias, to)}, ${qualified(ref.alias, closed)}, ${now})`
        : sql`COALESCE(${qualified(ref.alias, to)}, ${now})`;
      // An interval still open runs to "now"; one not yet begun has no duration.
      return sql`(CASE WHEN ${qualified(ref.alias, from)} IS NULL THEN NULL ELSE ${this.d.secondsBetween(qualified(ref.alias, from), end)} END)`;
    }
    return qualified(ref.alias, f.column!);
  }

  /** Case-insensitive comparison folds text fields only: a duration is typed text in the catalog but computed as seconds. */
  private folds(ref: FieldRef): boolean {
    return this.q.caseInsensitive && ref.field.type === 'text' && !ref.field.derived;
  }

  private text(ref: FieldRef): Sql {
    const e = this.field(ref);
    return this.folds(ref) ? sql`LOWER(${e})` : e;
  }

  /** A filter value as bound; `pick` finds it in another query's filter of the same shape. */
  private value(ref: FieldRef, v: BoundValue, pick: (s: ShapeValues) => BoundValue): Sql {
    if (ref.field.derived) return sql`${this.param(v as number, (s) => pick(s) as number)}`;
    const folds = this.folds(ref);
    const encode = (x: BoundValue) => encodeValue(ref.field, folds ? asciiLower(String(x)) : x);
    return sql`${this.param(encode(v), (s) => encode(pick(s)))}`;
  }

  filter(f: BoundFilter): Sql {
    switch (f.kind) {
      case 'and':
      case 'or':
        return sql`(${join(
          f.items.map((i) => this.filter(i)),
          f.kind === 'and' ? ' AND ' : ' OR ',
        )})`;
      case 'not':
        return sql`(NOT ${this.filter(f.item)})`;
      case 'null':
        return sql`(${this.field(f.ref)} IS ${raw(f.negated ? 'NOT NULL' : 'NULL')})`;
      case 'compare': {
        const op = { eq: '=', ne: '<>', lt: '<', le: '<=', gt: '>', ge: '>=' }[f.op];
        const node = this.leaf(f);
        return sql`(${this.text(f.ref)} ${raw(op)} ${this.value(f.ref, f.value, (s) => node(s).value)})`;
      }
      case 'in':
        // An enum condition no value meets (query/enum-filter.ts): false, or for not-in true, and unknown on NULL as
        // any comparison; SQL has no empty IN list.
        if (f.values.length === 0)
          return sql`(${this.field(f.ref)} ${raw(f.negated ? '=' : '<>')} ${this.field(f.ref)})`;
        {
          const node = this.leaf(f);
          return sql`(${this.text(f.ref)} ${raw(f.negated ? 'NOT IN' : 'IN')} (${join(
            f.values.map((v, i) => this.value(f.ref, v, (s) => node(s).values[i]!)),
            ', ',
          )}))`;
        }
      case 'between': {
        const node = this.leaf(f);
        return sql`(${this.text(f.ref)} ${raw(f.negated ? 'NOT BETWEEN' : 'BETWEEN')} ${this.value(f.ref, f.low, (s) => node(s).low)} AND ${this.value(f.ref, f.high, (s) => node(s).high)})`;
      }
      case 'like': {
        const folds = this.folds(f.ref);
        const tokens = (l: typeof f): LikeToken[] =>
          folds
            ? l.pattern.map((t) => (t.kind === 'text' ? { kind: 'text', text: asciiLower(t.text) } : t))
            : [...l.pattern];
        const node = this.leaf(f);
        const expr = this.text(f.ref);
        // The dialect's pattern text is bound, never in the statement: another pattern of the same shape rebinds it.
        const m = this.rebuilt((s) => this.d.likeMatch(expr, tokens(node(s))));
        return f.negated ? sql`(NOT (${m}))` : sql`(${m})`;
      }
      default:
        return assertNever(f);
    }
  }

  /** Select-list expressions; avg is carried as exact sum and count and divided in JS. */
  selectList(): Sql[] {
    return this.q.select.flatMap((s, i): Sql[] => {
      if (s.kind === 'field') return [sql`${this.field(s.ref)} AS ${ident(`c${i}`)}`];
      const e = this.field(s.ref);
      switch (s.fn) {
        case 'count':
          return [sql`COUNT(${e}) AS ${ident(`c${i}`)}`];
        case 'sum':
          return [sql`${this.d.sumAsText(e)} AS ${ident(`c${i}`)}`];
        case 'avg':
          return [sql`${this.d.sumAsText(e)} AS ${ident(`c${i}s`)}`, sql`COUNT(${e}) AS ${ident(`c${i}n`)}`];
        case 'min':
          return [sql`MIN(${e}) AS ${ident(`c${i}`)}`];
        case 'max':
          return [sql`MAX(${e}) AS ${ident(`c${i}`)}`];
        default:
          return assertNever(s.fn);
      }
    });
  }

  orderExpr(s: BoundSelect): Sql {
    if (s.kind === 'field') return this.field(s.ref);
    const e = this.field(s.ref);
    switch (s.fn) {
      case 'count':
        return sql`COUNT(${e})`;
      case 'sum':
        return sql`SUM(${e})`;
      case 'avg':
        return this.d.averageForOrder(e);
      case 'min':
        return sql`MIN(${e})`;
      case 'max':
        return sql`MAX(${e})`;
      default:
        return assertNever(s.fn);
    }
  }

  from(): Sql {
    const q = this.q;
    const parts = [sql`${ident(q.object.table)} ${ident(BASE_ALIAS)}`];
    for (const j of q.joins) {
      // Scope goes into ON: a related row the caller may not see behaves as missing, never as a leak.
      parts.push(
        sql`LEFT JOIN ${ident(j.object.table)} ${ident(j.alias)} ON ${qualified(j.alias, j.relatedField.column!)} = ${qualified(j.from, j.localField.column!)} AND ${this.scopeCondition(j.alias, j.object)}`,
      );
    }
    return join(parts, ' ');
  }

  where(): Sql {
    const conditions = [this.scopeCondition(BASE_ALIAS, this.q.object)];
    if (this.filterTree) conditions.push(this.filter(this.filterTree));
    return join(conditions, ' AND ');
  }

  /**
   * 1-based output positions of the selected plain fields. A grouped query
   * groups and orders by position: a duration carries the bound "now" as a
   * parameter, and PostgreSQL takes the same expression with `$2` in SELECT
   * and `$5` in GROUP BY for two different expressions.
   */
  private plainPositions(): { readonly ref: FieldRef; readonly position: number }[] {
    const out: { ref: FieldRef; position: number }[] = [];
    let n = 0;
    for (const s of this.q.select) {
      n++;
      if (s.kind === 'field') out.push({ ref: s.ref, position: n });
      else if (s.fn === 'avg') n++;
    }
    return out;
  }

  compile(): CompiledQuery {
    const q = this.q;
    const plain = this.plainPositions();
    const position = (ref: FieldRef): Sql => {
      const hit = plain.find((x) => x.ref.alias === ref.alias && x.ref.field === ref.field);
      if (!hit) throw new InternalError(`cannot order groups by ${ref.path}: it is not selected`);
      return raw(String(hit.position));
    };
    const groupBy =
      q.groupBy && plain.length > 0
        ? sql` GROUP BY ${join(
            plain.map((x) => raw(String(x.position))),
            ', ',
          )}`
        : raw('');
    const orderTerm = (t: BoundSelect) => (q.groupBy && t.kind === 'field' ? position(t.ref) : this.orderExpr(t));
    // Oracle's (and so Intacct's) default: NULLs sort as the largest value.
    const order = join(
      q.orderBy.map(
        (o) => sql`${orderTerm(o.target)} ${raw(o.direction === 'asc' ? 'ASC NULLS LAST' : 'DESC NULLS FIRST')}`,
      ),
      ', ',
    );
    // Only an all-aggregate selection has no order: it is one row.
    const orderBy = q.orderBy.length > 0 ? sql` ORDER BY ${order}` : raw('');
    const limits = this.rebuilt((s) => this.d.limitOffset(s.q.limit, s.q.offset));
    const select = sql`SELECT ${join(this.selectList(), ', ')} FROM ${this.from()} WHERE ${this.where()}${groupBy}${orderBy} ${limits}`;
    // Built on first use: most pages tell their own total (runQuery), so most requests never read it.
    const countOf = (): Sql =>
      q.groupBy
        ? q.groupBy.length > 0
          ? sql`SELECT COUNT(*) AS n FROM (SELECT ${join(
              q.groupBy.map((r) => this.field(r)),
              ', ',
            )} FROM ${this.from()} WHERE ${this.where()} GROUP BY ${join(
              q.groupBy.map((_, i) => raw(String(i + 1))),
              ', ',
            )}) g`
          : sql`SELECT 1 AS n`
        : sql`SELECT COUNT(*) AS n FROM ${this.from()} WHERE ${this.where()}`;
    let count: Sql | undefined;
    const decode = rowDecoder(q.select);
    return {
      select,
      get count() {
        count ??= countOf();
        return count;
      },
      decode,
    };
  }
}

function decodeField(field: CatalogField, v: unknown): FieldValue {
  if (field.derived) return v === null || v === undefined ? null : formatDuration(Number(v));
  return decodeValue(field, v);
}

/** One column's decoder: how a selected item is read from a result row. */
function columnDecoder(s: BoundSelect, i: number): (row: Record<string, unknown>) => FieldValue {
  const name = `c${i}`;
  if (s.kind === 'field') {
    const field = s.ref.field;
    return (row) => decodeField(field, row[name]);
  }
  const f = s.ref.field;
  switch (s.fn) {
    case 'count':
      return (row) => Number(row[name]);
    case 'sum': {
      const summed: CatalogField = { ...f, type: f.type === 'integer' ? 'integer' : f.type };
      return (row) => {
        const v = row[name];
        return v === null || v === undefined ? null : decodeValue(summed, BigInt(String(v)));
      };
    }
    case 'avg': {
      const sum = `c${i}s`;
      const n = `c${i}n`;
      return (row) => averageText(row[sum], row[n], f.scale);
    }
    case 'min':
    case 'max':
      return (row) => decodeField(f, row[name]);
    default:
      return assertNever(s.fn);
  }
}

/** Turns result rows into values aligned with `select`; worked out once per statement, not per row. */
export function rowDecoder(select: readonly BoundSelect[]): (row: Record<string, unknown>) => FieldValue[] {
  const columns = select.map(columnDecoder);
  const n = columns.length;
  return (row) => {
    const out = new Array<FieldValue>(n);
    for (let i = 0; i < n; i++) out[i] = columns[i]!(row);
    return out;
  };
}

export function compileQuery(dialect: Dialect, q: BoundQuery): CompiledQuery {
  return new Compiler(dialect, q).compile();
}

/**
 * Compiles with each parameter's source recorded in `sources` (the statement cache's first compile of a shape).
 * `filterTree` is the query's filter with NUL rewritten (`withoutNul`), the tree the sources' leaves index.
 */
export function compileWithSources(
  dialect: Dialect,
  q: BoundQuery,
  filterTree: BoundFilter | null,
  sources: ParamSources,
): CompiledQuery {
  return new Compiler(dialect, q, sources, filterTree).compile();
}
