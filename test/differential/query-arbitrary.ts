// Random query requests over the generated objects: every operator and aggregate, multi-hop paths in both namings,
// order, paging and options.

import fc from 'fast-check';
import type { Catalog } from '../../src/catalog/catalog.ts';
import type { CatalogField, CatalogObject } from '../../src/catalog/types.ts';
import { DATE_MACROS } from '../../src/query/date-macros.ts';
import {
  queryRequest,
  type AggregateFn,
  type CompareOp,
  type Filter,
  type Literal,
  type MatchMode,
  type Naming,
  type OrderItem,
  type QueryRequest,
  type SelectItem,
} from '../../src/query/ir/request.ts';
import { DATES, DURATIONS, ENTITIES, domainOf, OBJECTS, PATTERN_PIECES } from './domains.ts';

/** A request, and who else runs it: a user logged into one entity, and a company at the top level without includePrivate. */
export interface GeneratedQuery {
  readonly request: QueryRequest;
  readonly entityUser: string;
  readonly topLevelCompany: number;
}

/** A field reachable from a base object, spelled in one naming. */
interface QueryPath {
  readonly path: string;
  readonly object: CatalogObject;
  readonly field: CatalogField;
}

/** Objects reachable through relationships, ending where no generated data is (ARTERM, GLACCOUNT…). */
interface Chain {
  readonly prefix: string;
  readonly object: CatalogObject;
  readonly hierarchical: boolean;
}

const MAX_HOPS = 3;

function chainsOf(catalog: Catalog, base: CatalogObject, naming: Naming): Chain[] {
  const out: Chain[] = [{ prefix: '', object: base, hierarchical: false }];
  const visit = (c: Chain, hops: number) => {
    if (hops === MAX_HOPS) return;
    for (const r of c.object.relationships) {
      if (
        r.kind !== 'many-to-one' ||
        !(OBJECTS as readonly string[]).includes(r.relatedObject) ||
        (r.hierarchical && c.hierarchical)
      )
        continue;
      const name = naming === 'xml' ? r.xmlPath : r.restPath;
      if (name === null) continue;
      const next = {
        prefix: c.prefix ? `${c.prefix}.${name}` : name,
        object: catalog.require(r.relatedObject),
        hierarchical: c.hierarchical || r.hierarchical,
      };
      out.push(next);
      visit(next, hops + 1);
    }
  };
  visit(out[0]!, 0);
  return out;
}

function fieldsOf(chain: Chain, naming: Naming): QueryPath[] {
  return chain.object.fields
    .filter((f) => !f.hidden)
    .flatMap((f) => {
      const names = naming === 'xml' ? [f.xmlId] : f.restPath === null ? [] : [f.restPath, ...f.restAliases];
      return names.map((n) => ({ path: chain.prefix ? `${chain.prefix}.${n}` : n, object: chain.object, field: f }));
    });
}

const numeric = (f: CatalogField) =>
  !f.derived && (f.type === 'integer' || f.type === 'decimal' || f.type === 'currency');
const patternable = (f: CatalogField) => !f.derived && (f.type === 'text' || f.type === 'enum');

function aggregatesFor(f: CatalogField): AggregateFn[] {
  return [
    'count',
    ...(numeric(f) ? (['sum', 'avg'] as const) : []),
    ...(f.type === 'boolean' ? [] : (['min', 'max'] as const)),
  ];
}

const mmddyyyy = (iso: string) => `${iso.slice(5, 7)}/${iso.slice(8, 10)}/${iso.slice(0, 4)}`;

/** A literal for a field as a client of this naming writes it. */
function literal(p: QueryPath, naming: Naming): fc.Arbitrary<Literal> {
  const f = p.field;
  if (f.derived) return fc.constantFrom(...DURATIONS);
  const domain = domainOf(p.object, f);
  const macro = fc.constantFrom(...DATE_MACROS);
  switch (f.type) {
    case 'text':
      return fc.oneof(
        { weight: 5, arbitrary: fc.constantFrom(...(domain as string[])) },
        { weight: 1, arbitrary: fc.constantFrom(...PATTERN_PIECES) },
      );
    case 'enum':
      return fc
        .constantFrom(...f.enumValues!.slice(0, 5))
        .chain((v) => fc.constantFrom(naming === 'rest' ? v.rest : v.xml, v.xml.toLowerCase()));
    case 'integer':
      return fc.constantFrom(...domain).chain((v) => fc.constantFrom<Literal>(v, String(v)));
    case 'decimal':
    case 'currency':
      return fc
        .constantFrom(...(domain as string[]))
        .chain((v) => fc.constantFrom<Literal>(v, v.replace(/\.?0+$/, '') || '0', Number(v)));
    case 'boolean':
      return fc.constantFrom<Literal>(true, false, 'true', 'false');
    case 'date':
      return fc.oneof(
        {
          weight: 3,
          arbitrary: fc.constantFrom(...(domain as string[])).map((d) => (naming === 'xml' ? mmddyyyy(d) : d)),
        },
        { weight: 1, arbitrary: macro },
      );
    case 'datetime':
      return fc.oneof(
        {
          weight: 3,
          arbitrary: fc
            .constantFrom(...(domain as string[]))
            .map((d) => (naming === 'xml' ? `${mmddyyyy(d)} ${d.slice(11, 19)}` : d)),
        },
        { weight: 1, arbitrary: fc.constantFrom(...DATES).map((d) => (naming === 'xml' ? mmddyyyy(d) : d)) },
        { weight: 1, arbitrary: macro },
      );
  }
}

const COMPARE_OPS: CompareOp[] = ['eq', 'ne', 'lt', 'le', 'gt', 'ge'];
const MATCH_MODES: MatchMode[] = ['contains', 'startsWith', 'endsWith'];

function leaf(p: QueryPath, naming: Naming): fc.Arbitrary<Filter> {
  const value = literal(p, naming);
  const negated = fc.boolean();
  const text = fc.array(fc.constantFrom(...PATTERN_PIECES), { minLength: 0, maxLength: 3 }).map((xs) => xs.join(''));
  const pattern = fc
    .array(
      fc.oneof(
        fc.constantFrom('%', '_'),
        fc.constantFrom(...PATTERN_PIECES),
        value.filter((v) => typeof v === 'string').map(String),
      ),
      { minLength: 1, maxLength: 4 },
    )
    .map((xs) => xs.join(''));
  const options: fc.Arbitrary<Filter>[] = [
    fc.record({
      kind: fc.constant('compare' as const),
      op: fc.constantFrom(...COMPARE_OPS),
      path: fc.constant(p.path),
      value,
    }),
    fc.record({
      kind: fc.constant('in' as const),
      negated,
      path: fc.constant(p.path),
      values: fc.array(value, { minLength: 1, maxLength: 4 }),
    }),
    fc.record({
      kind: fc.constant('between' as const),
      negated,
      path: fc.constant(p.path),
      values: fc.tuple(value, value),
    }),
    fc.record({ kind: fc.constant('null' as const), negated, path: fc.constant(p.path) }),
  ];
  if (naming === 'rest')
    options.push(
      fc.record({
        kind: fc.constant('compare' as const),
        op: fc.constantFrom<CompareOp>('eq', 'ne'),
        path: fc.constant(p.path),
        value: fc.constant<Literal>(null),
      }),
    );
  if (patternable(p.field)) {
    options.push(
      fc.record({ kind: fc.constant('like' as const), negated, path: fc.constant(p.path), pattern }),
      fc.record({
        kind: fc.constant('match' as const),
        mode: fc.constantFrom(...MATCH_MODES),
        negated,
        path: fc.constant(p.path),
        value: text,
      }),
    );
  }
  return fc.oneof(...options);
}

function filterArbitrary(paths: fc.Arbitrary<QueryPath>, naming: Naming, depth: number): fc.Arbitrary<Filter> {
  const leaves = paths.chain((p) => leaf(p, naming));
  if (depth === 0) return leaves;
  const sub = filterArbitrary(paths, naming, depth - 1);
  return fc.oneof(
    { weight: 4, arbitrary: leaves },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constantFrom('and' as const, 'or' as const),
        items: fc.array(sub, { minLength: 1, maxLength: 3 }),
      }),
    },
    { weight: 1, arbitrary: sub.map((item): Filter => ({ kind: 'not', item })) },
  );
}

function requestArbitrary(catalog: Catalog, base: CatalogObject, naming: Naming): fc.Arbitrary<QueryRequest> {
  const [local, ...joined] = chainsOf(catalog, base, naming)
    .map((c) => fieldsOf(c, naming))
    .filter((fs) => fs.length > 0);
  // Half the paths stay on the base object, so queries with few joins are as common as ones with many.
  const paths =
    joined.length === 0
      ? fc.constantFrom(...local!)
      : fc.oneof(
          { weight: 1, arbitrary: fc.constantFrom(...local!) },
          { weight: 1, arbitrary: fc.constantFrom(...joined).chain((fs) => fc.constantFrom(...fs)) },
        );
  const field = paths.map((p): SelectItem => ({ kind: 'field', path: p.path }));
  // The function first, then a field it applies to: numeric fields are few, and sums and averages would be rare
  // otherwise.
  const all = [local!, ...joined].flat();
  const aggregate = fc.constantFrom<AggregateFn>('count', 'sum', 'avg', 'min', 'max').chain((fn) => {
    const fits = all.filter((p) => aggregatesFor(p.field).includes(fn));
    return fits.length > 0
      ? fc.constantFrom(...fits).map((p): SelectItem => ({ kind: 'aggregate', fn, path: p.path }))
      : fc.constant<SelectItem>({ kind: 'aggregate', fn: 'count', path: local![0]!.path });
  });
  const direction = fc.constantFrom('asc' as const, 'desc' as const);
  const order = (targets: fc.Arbitrary<SelectItem>) =>
    fc.array(fc.record({ target: targets, direction }), { maxLength: 3 });

  const plain = fc.record({
    select: fc.oneof(
      { weight: 1, arbitrary: fc.constant([] as SelectItem[]) },
      { weight: 15, arbitrary: fc.array(field, { minLength: 1, maxLength: 4 }) },
    ),
    orderBy: order(field),
  });
  const grouped = fc
    .record({
      groups: fc.array(field, { maxLength: 2 }),
      aggregates: fc.array(aggregate, { minLength: 1, maxLength: 3 }),
    })
    .chain(({ groups, aggregates }) =>
      fc.record({
        select: fc.shuffledSubarray([...groups, ...aggregates], { minLength: groups.length + aggregates.length }),
        orderBy: order(groups.length > 0 ? fc.oneof(fc.constantFrom(...groups), aggregate) : aggregate) as fc.Arbitrary<
          OrderItem[]
        >,
      }),
    );

  return fc
    .record({
      shape: fc.oneof({ weight: 7, arbitrary: plain }, { weight: 3, arbitrary: grouped }),
      filter: fc.option(filterArbitrary(paths, naming, 3), { freq: 8 }),
      offset: fc.oneof(
        { weight: 4, arbitrary: fc.constant(0) },
        { weight: 1, arbitrary: fc.integer({ min: 1, max: 4 }) },
      ),
      limit: fc.oneof(
        { weight: 4, arbitrary: fc.constant(null) },
        { weight: 8, arbitrary: fc.integer({ min: 1, max: 6 }) },
        { weight: 4, arbitrary: fc.constant(100) },
        { weight: 1, arbitrary: fc.constant(0) },
      ),
      caseInsensitive: fc.boolean(),
      includePrivate: fc.boolean(),
      asOfDate: fc.oneof(
        { weight: 2, arbitrary: fc.constant(null) },
        { weight: 1, arbitrary: fc.constantFrom(...DATES) },
      ),
    })
    .map((r) =>
      queryRequest({
        object: naming === 'xml' ? base.xmlName : base.restName!,
        naming,
        select: r.shape.select,
        filter: r.filter,
        orderBy: r.shape.orderBy,
        offset: r.offset,
        limit: r.limit,
        options: { caseInsensitive: r.caseInsensitive, includePrivate: r.includePrivate, asOfDate: r.asOfDate },
      }),
    );
}

export function queryArbitrary(catalog: Catalog): fc.Arbitrary<GeneratedQuery> {
  const bases = fc.constantFrom(...OBJECTS).chain((name) => {
    const o = catalog.require(name);
    return fc
      .constantFrom<Naming>(...(o.restName ? (['xml', 'rest'] as const) : (['xml'] as const)))
      .chain((naming) => requestArbitrary(catalog, o, naming));
  });
  return fc.record({
    request: bases,
    entityUser: fc.constantFrom(...ENTITIES),
    topLevelCompany: fc.constantFrom(1, 2),
  });
}
