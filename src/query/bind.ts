// Binds a query request to the catalog: names become field references along joins, values become typed, order becomes
// total.

import { documentView, findField, type Catalog } from '../catalog/catalog.ts';
import type { CatalogObject } from '../catalog/types.ts';
import { assertNever, LedgerqError } from '../errors.ts';
import {
  BASE_ALIAS,
  type BoundFilter,
  type BoundOrder,
  type BoundQuery,
  type BoundSelect,
  type BoundValue,
  type FieldRef,
  type Join,
  type LikeToken,
  type Scope,
} from './ir/bound.ts';
import type { Filter, Literal, QueryRequest, SelectItem } from './ir/request.ts';
import { enumFilter, type EnumCondition } from './enum-filter.ts';
import { parseValue, type ParsedValue, type ValueContext } from './parse-value.ts';
import { fieldNames, resolvePath } from './resolve-path.ts';

/** Intacct's cap on IN lists. */
export const MAX_IN_VALUES = 1000;

export interface BindContext {
  readonly scope: Scope;
  /** Current instant 'YYYY-MM-DDTHH:MM:SSZ': open durations run to it, and date macros use its date unless asOfDate is set. */
  readonly now: string;
  /** Values one in-list may hold (a company's limit); default MAX_IN_VALUES. */
  readonly maxInValues?: number;
}

class Binder {
  private readonly joins: Join[] = [];
  private readonly joinByChain = new Map<string, string>();
  /** Each join's relationship path in the request's naming (`VENDOR.TERM`, `vendor.term`). */
  private readonly prefixByAlias = new Map<string, string>();

  constructor(
    private readonly catalog: Catalog,
    private readonly q: QueryRequest,
    private readonly base: CatalogObject,
    private readonly ctx: BindContext,
  ) {}

  ref(path: string): FieldRef {
    const r = resolvePath(this.catalog, this.base, path, this.q.naming);
    let alias = BASE_ALIAS;
    let from = this.base;
    const chain: string[] = [];
    const names: string[] = [];
    for (const hop of r.hops) {
      chain.push(hop.relationship.xmlPath);
      names.push(
        (this.q.naming === 'xml' ? hop.relationship.xmlPath : hop.relationship.restPath) ?? hop.relationship.xmlPath,
      );
      const key = chain.join('.');
      let next = this.joinByChain.get(key);
      if (!next) {
        next = `t${this.joins.length + 1}`;
        this.joins.push({
          alias: next,
          from: alias,
          relationship: hop.relationship,
          object: hop.object,
          localField: findField(from, hop.relationship.relatedBy.local)!,
          relatedField: findField(hop.object, hop.relationship.relatedBy.related)!,
        });
        this.joinByChain.set(key, next);
        this.prefixByAlias.set(next, names.join('.'));
      }
      alias = next;
      from = hop.object;
    }
    return { alias, object: from, field: r.field, path: r.canonical };
  }

  select(item: SelectItem): BoundSelect {
    if (item.path === '*')
      throw new LedgerqError('bind.not-allowed', 'selecting * is not supported: name the fields', { field: '*' });
    const ref = this.ref(item.path);
    if (item.kind === 'field') return { kind: 'field', ref };
    const t = ref.field.type;
    if (
      (item.fn === 'sum' || item.fn === 'avg') &&
      (!(t === 'integer' || t === 'decimal' || t === 'currency') || ref.field.derived)
    ) {
      throw new LedgerqError('bind.not-allowed', `${item.fn} needs a numeric field; ${item.path} is ${t}`, {
        field: item.path,
      });
    }
    if ((item.fn === 'min' || item.fn === 'max') && t === 'boolean') {
      throw new LedgerqError('bind.not-allowed', `${item.fn} is not defined on the boolean field ${item.path}`, {
        field: item.path,
      });
    }
    return { kind: 'aggregate', fn: item.fn, ref };
  }

  private valueContext(path: string): ValueContext {
    return {
      naming: this.q.naming,
      spelling: this.q.spelling,
      asOf: this.q.options.asOfDate ?? this.ctx.now.slice(0, 10),
      path,
    };
  }

  private parse(ref: FieldRef, raw: Literal, path: string): ParsedValue {
    if (ref.field.derived) return { kind: 'point', value: parseDuration(raw, path) };
    return parseValue(ref.field, raw, this.valueContext(path));
  }

  /** An enum condition, after each value is checked to be one of the field's values in some spelling and case. */
  private enumFilter(
    ref: FieldRef,
    path: string,
    literals: readonly Literal[],
    c: EnumCondition,
    negated: boolean,
  ): BoundFilter {
    const ctx = this.valueContext(path);
    for (const v of literals) parseValue(ref.field, v, ctx);
    return enumFilter(ref, c, negated, { ...ctx, caseInsensitive: this.q.options.caseInsensitive });
  }

  filter(f: Filter): BoundFilter {
    switch (f.kind) {
      case 'and':
      case 'or':
        return { kind: f.kind, items: f.items.map((i) => this.filter(i)) };
      case 'not':
        return { kind: 'not', item: this.filter(f.item) };
      case 'null':
        return { kind: 'null', negated: f.negated, ref: this.filterRef(f.path) };
      case 'compare': {
        const ref = this.filterRef(f.path);
        if (f.value === null) {
          if (f.op !== 'eq' && f.op !== 'ne')
            throw new LedgerqError('bind.invalid-value', `${f.path}: null can only be compared for equality`, {
              field: f.path,
            });
          return { kind: 'null', negated: f.op === 'ne', ref };
        }
        if (ref.field.type === 'enum')
          return this.enumFilter(
            ref,
            f.path,
            [f.value],
            { kind: 'compare', op: f.op, value: enumText(f.value) },
            false,
          );
        const v = this.parse(ref, f.value, f.path);
        if (v.kind === 'point') return { kind: 'compare', op: f.op, ref, value: v.value };
        switch (f.op) {
          case 'eq':
            return { kind: 'between', negated: false, ref, low: v.low, high: v.high };
          case 'ne':
            return { kind: 'between', negated: true, ref, low: v.low, high: v.high };
          case 'gt':
            return { kind: 'compare', op: 'gt', ref, value: v.high };
          case 'ge':
            return { kind: 'compare', op: 'ge', ref, value: v.low };
          case 'lt':
            return { kind: 'compare', op: 'lt', ref, value: v.low };
          case 'le':
            return { kind: 'compare', op: 'le', ref, value: v.high };
          default:
            return assertNever(f.op);
        }
      }
      case 'in': {
        const ref = this.filterRef(f.path);
        if (f.values.length === 0)
          throw new LedgerqError('bind.value-count', `${f.path}: in needs at least one value`, { field: f.path });
        const maxIn = this.ctx.maxInValues ?? MAX_IN_VALUES;
        if (f.values.length > maxIn)
          throw new LedgerqError(
            'limit.too-many-values',
            `${f.path}: in takes at most ${maxIn} values, got ${f.values.length}`,
            { field: f.path, count: f.values.length },
          );
        if (ref.field.type === 'enum')
          return this.enumFilter(ref, f.path, f.values, { kind: 'in', values: f.values.map(enumText) }, f.negated);
        const parsed = f.values.map((v) => this.parse(ref, v, f.path));
        if (parsed.every((p) => p.kind === 'point')) {
          return { kind: 'in', negated: f.negated, ref, values: parsed.map((p) => (p as { value: BoundValue }).value) };
        }
        const any: BoundFilter = {
          kind: 'or',
          items: parsed.map((p) =>
            p.kind === 'point'
              ? { kind: 'compare', op: 'eq', ref, value: p.value }
              : { kind: 'between', negated: false, ref, low: p.low, high: p.high },
          ),
        };
        return f.negated ? { kind: 'not', item: any } : any;
      }
      case 'between': {
        const ref = this.filterRef(f.path);
        if (f.values.length !== 2)
          throw new LedgerqError(
            'bind.value-count',
            `${f.path}: between needs exactly two values, got ${f.values.length}`,
            { field: f.path, count: f.values.length },
          );
        if (ref.field.type === 'enum') {
          const [low, high] = f.values.map(enumText) as [string, string];
          return this.enumFilter(ref, f.path, f.values, { kind: 'between', low, high }, f.negated);
        }
        const [a, b] = f.values.map((v) => this.parse(ref, v, f.path)) as [ParsedValue, ParsedValue];
        return {
          kind: 'between',
          negated: f.negated,
          ref,
          low: a.kind === 'point' ? a.value : a.low,
          high: b.kind === 'point' ? b.value : b.high,
        };
      }
      case 'like':
      case 'match': {
        const ref = this.filterRef(f.path);
        if ((ref.field.type !== 'text' && ref.field.type !== 'enum') || ref.field.derived) {
          throw new LedgerqError(
            'bind.unsupported-operator',
            `${f.path}: pattern operators apply to text fields; it is ${ref.field.type}`,
            { field: f.path },
          );
        }
        const raw = f.kind === 'like' ? f.pattern : f.value;
        if (raw === null)
          throw new LedgerqError('bind.invalid-value', `${f.path}: a pattern is required`, { field: f.path });
        const text = String(raw);
        const pattern: LikeToken[] =
          f.kind === 'like'
            ? parseLikePattern(text)
            : [
                ...(f.mode === 'startsWith' ? [] : [{ kind: 'anyChars' } as const]),
                ...(text ? [{ kind: 'text', text } as const] : []),
                ...(f.mode === 'endsWith' ? [] : [{ kind: 'anyChars' } as const]),
              ];
        if (ref.field.type === 'enum') return this.enumFilter(ref, f.path, [], { kind: 'like', pattern }, f.negated);
        return { kind: 'like', negated: f.negated, ref, pattern };
      }
      default:
        return assertNever(f);
    }
  }

  private keyRef(alias: string, object: CatalogObject): FieldRef {
    const field = findField(object, object.keyField)!;
    const name = this.q.naming === 'xml' ? field.xmlId : (field.restPath ?? field.xmlId);
    const prefix = this.prefixByAlias.get(alias);
    return { alias, object, field, path: prefix ? `${prefix}.${name}` : name };
  }

  private filterRef(path: string): FieldRef {
    if (path === 'href')
      throw new LedgerqError('bind.not-allowed', 'href cannot be used in filters or orderBy', { field: 'href' });
    return this.ref(path);
  }

  bind(): BoundQuery {
    const q = this.q;
    const selectItems =
      q.select.length > 0
        ? q.select
        : this.base.fields
            .filter((f) => fieldNames(f, q.naming).length > 0)
            .map((f): SelectItem => ({ kind: 'field', path: fieldNames(f, q.naming)[0]! }));
    const select = selectItems.map((s) => this.select(s));
    const aggregated = select.some((s) => s.kind === 'aggregate');
    const groupBy = aggregated ? select.filter((s) => s.kind === 'field').map((s) => s.ref) : null;

    const filters: BoundFilter[] = [];
    if (q.filter) filters.push(this.filter(q.filter));
    if (q.docparid !== null) {
      const docField = this.base.docparid ? findField(this.base, 'DOCPARID') : undefined;
      if (!docField)
        throw new LedgerqError(
          'bind.not-allowed',
          `${this.base.xmlName} has no document type: docparid applies to SODOCUMENT, PODOCUMENT and INVDOCUMENT records`,
          { field: 'docparid' },
        );
      filters.push({
        kind: 'compare',
        op: 'eq',
        ref: { alias: BASE_ALIAS, object: this.base, field: docField, path: 'DOCPARID' },
        value: q.docparid,
      });
    }

    const orderBy: BoundOrder[] = q.orderBy.map((o) => {
      if (o.target.path === 'href')
        throw new LedgerqError('bind.not-allowed', 'href cannot be used in filters or orderBy', { field: 'href' });
      const target = this.select(o.target);
      // An aggregate in ORDER BY would turn a plain query into one group (SQLite) or an error (PostgreSQL).
      if (!groupBy && target.kind === 'aggregate') {
        throw new LedgerqError(
          'bind.not-allowed',
          `cannot order by ${target.fn} of ${o.target.path}: the selection has no aggregate`,
          { field: o.target.path },
        );
      }
      if (groupBy && target.kind === 'field' && !groupBy.some((g) => sameRef(g, target.ref))) {
        throw new LedgerqError(
          'bind.not-allowed',
          `cannot order by ${o.target.path}: with aggregates, order by a selected plain field or an aggregate`,
          { field: o.target.path },
        );
      }
      return { target, direction: o.direction };
    });
    // Tie-breakers make every order total, so pages never overlap and all backends agree. A join on anything but the
    // related key (VENDORID, a term NAME) can match several rows and repeat the base row, so its key breaks ties too.
    const tieBreakers: FieldRef[] = groupBy ?? [
      this.keyRef(BASE_ALIAS, this.base),
      ...this.joins
        .filter((j) => j.relatedField.xmlId !== j.object.keyField)
        .map((j) => this.keyRef(j.alias, j.object)),
    ];
    for (const ref of tieBreakers) {
      if (!orderBy.some((o) => o.target.kind === 'field' && sameRef(o.target.ref, ref)))
        orderBy.push({ target: { kind: 'field', ref }, direction: 'asc' });
    }

    return Object.freeze({
      object: this.base,
      naming: q.naming,
      joins: this.joins,
      select,
      filter:
        filters.length === 0 ? null : filters.length === 1 ? filters[0]! : { kind: 'and' as const, items: filters },
      orderBy,
      groupBy,
      offset: q.offset,
      limit: q.limit,
      caseInsensitive: q.options.caseInsensitive,
      scope: scopeFor(this.ctx.scope, q.options.includePrivate),
      now: this.ctx.now,
    });
  }
}

function sameRef(a: FieldRef, b: FieldRef): boolean {
  return a.alias === b.alias && a.field === b.field;
}

/** With include-private at the top level, private entities' rows are visible too. */
function scopeFor(scope: Scope, includePrivate: boolean): Scope {
  return includePrivate && scope.entity.kind === 'exclude' ? { ...scope, entity: { kind: 'all' } } : scope;
}

/** An enum value as compared: the text written, without surrounding blanks (as parseValue reads it). */
function enumText(raw: Literal): string {
  return typeof raw === 'string' ? raw.trim() : String(raw);
}

/** `%` any run of characters, `_` exactly one; everything else literal. */
export function parseLikePattern(text: string): LikeToken[] {
  const out: LikeToken[] = [];
  let buf = '';
  for (const ch of text) {
    if (ch === '%' || ch === '_') {
      if (buf) {
        out.push({ kind: 'text', text: buf });
        buf = '';
      }
      out.push(ch === '%' ? { kind: 'anyChars' } : { kind: 'oneChar' });
    } else buf += ch;
  }
  if (buf) out.push({ kind: 'text', text: buf });
  return out;
}

/** 'H:mm:ss' (JOBQUEUERECORD ACTIVETIME, WAITINQUEUE) → seconds. */
function parseDuration(raw: Literal, path: string): number {
  const m = /^(\d+):([0-5]\d):([0-5]\d)$/.exec(String(raw).trim());
  if (!m)
    throw new LedgerqError(
      'bind.invalid-value',
      `${JSON.stringify(raw)} is not a valid value for ${path}: expected a duration H:mm:ss`,
      { field: path, value: raw },
    );
  return Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]);
}

export function bindQuery(catalog: Catalog, q: QueryRequest, ctx: BindContext): BoundQuery {
  const base = q.naming === 'rest' ? catalog.objectByRest(q.object) : catalog.object(q.object);
  if (!base) {
    throw new LedgerqError(
      'bind.unknown-object',
      q.naming === 'rest'
        ? `${q.object} is not a known object (use module/object, e.g. accounts-payable/vendor)`
        : `Object definition ${q.object} not found`,
      { object: q.object },
    );
  }
  return new Binder(catalog, q, documentView(base, base.docparid ? q.docparid : null), ctx).bind();
}
