// Compiles a bound query into one parameterized statement (and its count statement), scoped to the caller's company and
// entities.

import { COMPANY_COLUMN, ENTITY_COLUMN, findField } from '../../catalog/catalog.ts';
import type { CatalogField, CatalogObject } from '../../catalog/types.ts';
import { assertNever, InternalError } from '../../errors.ts';
import type { Dialect } from '../../store/dialect.ts';
import { ident, join, p, raw, sql, type Sql } from '../../store/sql.ts';
import { decodeValue, encodeValue, type FieldValue } from '../../catalog/field-values.ts';
import {
  BASE_ALIAS,
  type BoundFilter,
  type BoundQuery,
  type BoundSelect,
  type BoundValue,
  type FieldRef,
  type LikeToken,
  type Scope,
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

/** company_key and entity visibility for one table of the statement. */
function scopeCondition(alias: string, object: CatalogObject, scope: Scope): Sql {
  const parts = [sql`${qualified(alias, COMPANY_COLUMN)} = ${p(scope.companyKey)}`];
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
              entity.entityIds.map((id) => sql`${p(id)}`),
              ', ',
            )}))`,
          );
        break;
      case 'only':
        parts.push(sql`(${e} IS NULL OR ${e} = ${p(entity.entityId)})`);
        break;
      default:
        assertNever(entity);
    }
  }
  return join(parts, ' AND ');
}

class Compiler {
  constructor(
    private readonly d: Dialect,
    private readonly q: BoundQuery,
  ) {}

  /** A field's value expression; derived durations are computed from their instants. */
  field(ref: FieldRef): Sql {
    const f = ref.field;
    if (f.derived) {
      const from = findField(ref.object, f.derived.from)!.column!;
      const to = findField(ref.object, f.derived.to)!.column!;
      const closed = f.derived.closedBy ? findField(ref.object, f.derived.closedBy)!.column! : null;
      const end = closed
        ? sql`COALESCE(${qualified(ref.alias, to)}, ${qualified(ref.alias, closed)}, ${p(this.q.now)})`
        : sql`COALESCE(${qualified(ref.alias, to)}, ${p(this.q.now)})`;
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

  private value(ref: FieldRef, v: BoundValue): Sql {
    if (ref.field.derived) return sql`${p(v as number)}`;
    const folded = this.folds(ref) ? asciiLower(String(v)) : v;
    return sql`${p(encodeValue(ref.field, folded))}`;
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
        return sql`(${this.text(f.ref)} ${raw(op)} ${this.value(f.ref, f.value)})`;
      }
      case 'in':
        // An enum condition no value meets (query/enum-filter.ts): false, or for not-in true, and unknown on NULL as
        // any comparison; SQL has no empty IN list.
        if (f.values.length === 0)
          return sql`(${this.field(f.ref)} ${raw(f.negated ? '=' : '<>')} ${this.field(f.ref)})`;
        return sql`(${this.text(f.ref)} ${raw(f.negated ? 'NOT IN' : 'IN')} (${join(
          f.values.map((v) => this.value(f.ref, v)),
          ', ',
        )}))`;
      case 'between':
        return sql`(${this.text(f.ref)} ${raw(f.negated ? 'NOT BETWEEN' : 'BETWEEN')} ${this.value(f.ref, f.low)} AND ${this.value(f.ref, f.high)})`;
      case 'like': {
        const pattern: LikeToken[] = this.folds(f.ref)
          ? f.pattern.map((t) => (t.kind === 'text' ? { kind: 'text', text: asciiLower(t.text) } : t))
          : [...f.pattern];
        const m = this.d.likeMatch(this.text(f.ref), pattern);
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
        sql`LEFT JOIN ${ident(j.object.table)} ${ident(j.alias)} ON ${qualified(j.alias, j.relatedField.column!)} = ${qualified(j.from, j.localField.column!)} AND ${scopeCondition(j.alias, j.object, q.scope)}`,
      );
    }
    return join(parts, ' ');
  }

  where(): Sql {
    const conditions = [scopeCondition(BASE_ALIAS, this.q.object, this.q.scope)];
    if (this.q.filter) conditions.push(this.filter(withoutNul(this.q.filter)));
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
    const select = sql`SELECT ${join(this.selectList(), ', ')} FROM ${this.from()} WHERE ${this.where()}${groupBy}${orderBy} ${this.d.limitOffset(q.limit, q.offset)}`;
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
    return {
      select,
      get count() {
        count ??= countOf();
        return count;
      },
      decode: (row) => decodeRow(q, row),
    };
  }
}

function decodeField(field: CatalogField, v: unknown): FieldValue {
  if (field.derived) return v === null || v === undefined ? null : formatDuration(Number(v));
  return decodeValue(field, v);
}

function decodeRow(q: BoundQuery, row: Record<string, unknown>): FieldValue[] {
  return q.select.map((s, i) => {
    if (s.kind === 'field') return decodeField(s.ref.field, row[`c${i}`]);
    const f = s.ref.field;
    switch (s.fn) {
      case 'count':
        return Number(row[`c${i}`]);
      case 'sum': {
        const v = row[`c${i}`];
        return v === null || v === undefined
          ? null
          : decodeValue({ ...f, type: f.type === 'integer' ? 'integer' : f.type }, BigInt(String(v)));
      }
      case 'avg':
        return averageText(row[`c${i}s`], row[`c${i}n`], f.scale);
      case 'min':
      case 'max':
        return decodeField(f, row[`c${i}`]);
      default:
        return assertNever(s.fn);
    }
  });
}

export function compileQuery(dialect: Dialect, q: BoundQuery): CompiledQuery {
  return new Compiler(dialect, q).compile();
}
