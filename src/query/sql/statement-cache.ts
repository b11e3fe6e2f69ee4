// Compiled statements cached by request shape: a query of a shape compiled before skips the compiler and the
// rendering, and only binds its own values into the statement text kept for that shape.

import type { Dialect } from '../../store/dialect.ts';
import { RenderedSql, type Sql, type SqlValue } from '../../store/sql.ts';
import { assertNever } from '../../errors.ts';
import type { BoundFilter, BoundQuery, BoundSelect, FieldRef } from '../ir/bound.ts';
import {
  type CompiledQuery,
  compileWithSources,
  filterLeaves,
  type ParamSource,
  type ParamSources,
  type ShapeValues,
} from './compile.ts';
import { withoutNul } from './nul-free.ts';

/** Shapes kept per dialect; past it the least recently used goes. */
export const STATEMENT_CACHE_SIZE = 500;

/** A statement's text for one dialect, with where each of its parameters comes from, in order. */
interface Template {
  readonly text: string;
  /** Runs of statement text between parameters, without placeholders: `texts.length === sources.length + 1`. */
  readonly texts: readonly string[];
  readonly sources: readonly ParamSource[];
}

interface Entry {
  readonly select: Template;
  /** Built when a query of the shape first needs its count (most pages tell their own total). */
  count: Template | null;
  /** The first compile of the shape: its count statement is built from it, with its sources recorded. */
  readonly compiled: CompiledQuery;
  readonly paramSources: ParamSources;
  /** The selection is part of the shape, so its decoder is too. */
  readonly decode: CompiledQuery['decode'];
}

/** Identity numbers of catalog objects and fields: a rebuilt catalog (a custom field added) has new objects. */
const ids = new WeakMap<object, number>();
let nextId = 1;
function idOf(o: object): number {
  let id = ids.get(o);
  if (id === undefined) {
    id = nextId++;
    ids.set(o, id);
  }
  return id;
}

const refKey = (r: FieldRef): string => `${r.alias}.${idOf(r.object)}.${idOf(r.field)}`;

function selectKey(s: BoundSelect): string {
  return s.kind === 'field' ? refKey(s.ref) : `${s.fn}(${refKey(s.ref)})`;
}

/** The filter's structure with its values left out (they are parameters); counts of listed values stay in. */
function filterKey(f: BoundFilter): string {
  switch (f.kind) {
    case 'and':
    case 'or':
      return `${f.kind}(${f.items.map(filterKey).join(',')})`;
    case 'not':
      return `not(${filterKey(f.item)})`;
    case 'null':
      return `null${f.negated ? '!' : ''}(${refKey(f.ref)})`;
    case 'compare':
      return `${f.op}(${refKey(f.ref)})`;
    case 'in':
      return `in${f.negated ? '!' : ''}${f.values.length}(${refKey(f.ref)})`;
    case 'between':
      return `between${f.negated ? '!' : ''}(${refKey(f.ref)})`;
    case 'like':
      // The dialect binds the whole pattern (store/dialect.ts likeMatch): its tokens never change the text.
      return `like${f.negated ? '!' : ''}(${refKey(f.ref)})`;
    default:
      return assertNever(f);
  }
}

/**
 * Everything that changes the statement's text: the object and fields (by identity, so another catalog never matches),
 * joins, selection, filter structure, order, grouping, whether there is a limit, case folding, and which entity
 * restriction applies with how many entities. Values (the company key, entity ids, filter values, now, limit, offset)
 * are not in it: they are always parameters, bound from each query.
 */
export function shapeKey(q: BoundQuery, filterTree: BoundFilter | null): string {
  const e = q.scope.entity;
  const entity = e.kind === 'exclude' ? `x${e.entityIds.length}` : e.kind;
  return [
    idOf(q.object),
    q.caseInsensitive ? 'i' : 's',
    entity,
    q.limit === null ? 'all' : 'lim',
    q.joins
      .map((j) => `${j.alias}<${j.from}.${idOf(j.object)}.${idOf(j.localField)}.${idOf(j.relatedField)}`)
      .join(','),
    q.select.map(selectKey).join(','),
    filterTree ? filterKey(filterTree) : '',
    q.orderBy.map((o) => `${selectKey(o.target)} ${o.direction}`).join(','),
    q.groupBy === null ? '-' : q.groupBy.map(refKey).join(','),
  ].join('|');
}

/** The statement's text for `dialect`; null when a parameter has no recorded source (it is then not cached). */
function templateOf(dialect: Dialect, statement: Sql, sources: ParamSources): Template | null {
  const texts: string[] = [];
  const list: ParamSource[] = [];
  let run = '';
  let text = '';
  for (const part of statement.parts) {
    if (part.kind === 'text') run += part.text;
    else if (part.kind === 'ident') run += dialect.quoteIdent(part.name);
    else {
      const source = sources.get(part);
      if (!source) return null;
      list.push(source);
      texts.push(run);
      text += run + dialect.placeholder(list.length);
      run = '';
    }
  }
  texts.push(run);
  return { text: text + run, texts, sources: list };
}

/** The template with this query's values bound. */
function boundStatement(dialect: Dialect, t: Template, values: ShapeValues): Sql {
  const raw: SqlValue[] = new Array(t.sources.length);
  const params: SqlValue[] = new Array(t.sources.length);
  for (let i = 0; i < t.sources.length; i++) {
    const v = t.sources[i]!(values);
    raw[i] = v;
    params[i] = dialect.encodeParam(v);
  }
  return new RenderedSql(dialect, t.text, t.texts, raw, params);
}

class ShapeCache {
  private readonly entries = new Map<string, Entry>();
  hits = 0;
  misses = 0;

  get(key: string): Entry | undefined {
    const e = this.entries.get(key);
    if (e) {
      // Most recently used last: Map keeps insertion order.
      this.entries.delete(key);
      this.entries.set(key, e);
    }
    return e;
  }

  set(key: string, e: Entry): void {
    this.entries.set(key, e);
    if (this.entries.size > STATEMENT_CACHE_SIZE) this.entries.delete(this.entries.keys().next().value!);
  }

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
    this.hits = 0;
    this.misses = 0;
  }
}

const caches = new WeakMap<Dialect, ShapeCache>();
function cacheFor(dialect: Dialect): ShapeCache {
  let c = caches.get(dialect);
  if (!c) {
    c = new ShapeCache();
    caches.set(dialect, c);
  }
  return c;
}

/** Hits, misses and shapes kept for a dialect (tests check the cache is used, and how). */
export function statementCacheStats(dialect: Dialect): { hits: number; misses: number; size: number } {
  const c = cacheFor(dialect);
  return { hits: c.hits, misses: c.misses, size: c.size };
}

export function clearStatementCache(dialect: Dialect): void {
  cacheFor(dialect).clear();
}

/**
 * `compileQuery` through the cache: the same statements and parameters, compiled once per shape. A statement whose
 * parameters cannot all be traced to the query is compiled every time instead.
 */
export function compileCachedQuery(dialect: Dialect, q: BoundQuery): CompiledQuery {
  const filterTree = q.filter && withoutNul(q.filter);
  const key = shapeKey(q, filterTree);
  const cache = cacheFor(dialect);
  const values: ShapeValues = { q, leaves: filterLeaves(filterTree) };
  let entry = cache.get(key);
  if (entry) cache.hits++;
  else {
    cache.misses++;
    const paramSources: ParamSources = new Map();
    const compiled = compileWithSources(dialect, q, filterTree, paramSources);
    const select = templateOf(dialect, compiled.select, paramSources);
    if (!select) return compiled;
    entry = { select, count: null, compiled, paramSources, decode: compiled.decode };
    cache.set(key, entry);
  }
  const e = entry;
  let count: Sql | undefined;
  return {
    select: boundStatement(dialect, e.select, values),
    get count() {
      if (count) return count;
      e.count ??= templateOf(dialect, e.compiled.count, e.paramSources);
      // A count whose parameters cannot be traced is compiled for this query alone.
      count = e.count
        ? boundStatement(dialect, e.count, values)
        : compileWithSources(dialect, q, filterTree, new Map()).count;
      return count;
    },
    decode: e.decode,
  };
}
