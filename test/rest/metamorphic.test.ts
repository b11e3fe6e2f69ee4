// Metamorphic: random queries both protocols can express return the same rows through REST (over HTTP) and through the
// XML <query> lowering.

import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scopeFor } from '../../src/auth/scope.ts';
import { findCompany } from '../../src/auth/tenancy.ts';
import type { CatalogField } from '../../src/catalog/types.ts';
import { restFieldValue } from '../../src/protocols/rest/rest-values.ts';
import { lowerXmlQuery } from '../../src/protocols/xml/lower-query.ts';
import { parseXml } from '../../src/protocols/xml/xml-tree.ts';
import { bindQuery } from '../../src/query/bind.ts';
import type { Scope } from '../../src/query/ir/bound.ts';
import { queryRequest } from '../../src/query/ir/request.ts';
import { resolvePath } from '../../src/query/resolve-path.ts';
import { runQuery } from '../../src/query/run-query.ts';
import type { FieldValue } from '../../src/catalog/field-values.ts';
import { BACKENDS } from '../support/databases.ts';
import { bearer, postJson, startRestServer, token, type RestServer } from './rest-server.ts';

/** Runs per backend in `npm test`; LEDGERQ_METAMORPHIC_RUNS raises it for a long pass. Seeds are printed on failure by fast-check. */
const RUNS = Number(process.env.LEDGERQ_METAMORPHIC_RUNS ?? 60);
const OBJECTS = ['APBILL', 'VENDOR', 'LOCATION', 'ARINVOICE', 'EMPLOYEE', 'GLBATCH', 'CUSTOMER'];
const TYPES = new Set(['text', 'enum', 'integer', 'currency', 'decimal', 'date', 'boolean']);

/** A field both protocols name: XML `VENDOR.CREDITLIMIT` and REST `vendor.creditLimit`, resolving to the same catalog field. */
interface Pair {
  readonly xml: string;
  readonly rest: string;
  readonly field: CatalogField;
  readonly values: readonly FieldValue[];
}

type Leaf =
  | { kind: 'cmp'; op: 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge'; pair: Pair; value: FieldValue }
  | { kind: 'in'; negated: boolean; pair: Pair; values: FieldValue[] }
  | { kind: 'between'; negated: boolean; pair: Pair; low: FieldValue; high: FieldValue }
  | { kind: 'null'; negated: boolean; pair: Pair }
  | { kind: 'match'; mode: 'startsWith' | 'contains' | 'endsWith'; negated: boolean; pair: Pair; text: string };
type Tree = { kind: 'leaf'; leaf: Leaf } | { kind: 'and' | 'or'; items: Tree[] };

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function xmlValue(f: CatalogField, v: FieldValue): string {
  if (f.type === 'date') {
    const [y, m, d] = String(v).split('-');
    return `${m}/${d}/${y}`;
  }
  return escapeXml(String(v));
}
function restValue(f: CatalogField, v: FieldValue): unknown {
  if (f.type === 'enum') return f.enumValues!.find((e) => e.xml === v)!.rest;
  return v;
}

const XML_CMP = {
  eq: 'equalto',
  ne: 'notequalto',
  lt: 'lessthan',
  le: 'lessthanorequalto',
  gt: 'greaterthan',
  ge: 'greaterthanorequalto',
} as const;
const REST_CMP = { eq: '$eq', ne: '$ne', lt: '$lt', le: '$lte', gt: '$gt', ge: '$gte' } as const;

/** Whether an enum's XML labels and REST values sort in the same order (code points, either case). */
function enumSortsAlike(field: CatalogField): boolean {
  const values = field.enumValues ?? [];
  const order = (spell: (v: (typeof values)[number]) => string, fold: (s: string) => string) =>
    values
      .map((v, i) => ({ i, t: fold(spell(v)) }))
      .sort((a, b) => (a.t < b.t ? -1 : a.t > b.t ? 1 : 0))
      .map((x) => x.i)
      .join();
  return [(s: string) => s, (s: string) => s.toLowerCase()].every(
    (fold) => order((v) => v.xml, fold) === order((v) => v.rest, fold),
  );
}

function leafXml(l: Leaf): string {
  const f = `<field>${l.pair.xml}</field>`;
  const val = (v: FieldValue) => `<value>${xmlValue(l.pair.field, v)}</value>`;
  switch (l.kind) {
    case 'cmp':
      return `<${XML_CMP[l.op]}>${f}${val(l.value)}</${XML_CMP[l.op]}>`;
    case 'in':
      return `<${l.negated ? 'notin' : 'in'}>${f}${l.values.map(val).join('')}</${l.negated ? 'notin' : 'in'}>`;
    case 'between':
      // Intacct's query XSD has no <notbetween> (the request validator refuses it): outside the
      // range is `< low or > high`, which drops nulls as NOT BETWEEN does.
      return l.negated
        ? `<or><lessthan>${f}${val(l.low)}</lessthan><greaterthan>${f}${val(l.high)}</greaterthan></or>`
        : `<between>${f}${val(l.low)}${val(l.high)}</between>`;
    case 'null':
      return l.negated ? `<isnotnull>${f}</isnotnull>` : `<isnull>${f}</isnull>`;
    case 'match': {
      const pattern = l.mode === 'startsWith' ? `${l.text}%` : l.mode === 'endsWith' ? `%${l.text}` : `%${l.text}%`;
      return `<${l.negated ? 'notlike' : 'like'}>${f}<value>${escapeXml(pattern)}</value></${l.negated ? 'notlike' : 'like'}>`;
    }
  }
}

function leafRest(l: Leaf): Record<string, Record<string, unknown>> {
  const p = l.pair.rest;
  const v = (x: FieldValue) => restValue(l.pair.field, x);
  switch (l.kind) {
    case 'cmp':
      return { [REST_CMP[l.op]]: { [p]: v(l.value) } };
    case 'in':
      return { [l.negated ? '$notIn' : '$in']: { [p]: l.values.map(v) } };
    case 'between':
      return { [l.negated ? '$notBetween' : '$between']: { [p]: [v(l.low), v(l.high)] } };
    case 'null':
      return { [l.negated ? '$ne' : '$eq']: { [p]: null } };
    case 'match': {
      const op = l.negated ? `$not${l.mode[0]!.toUpperCase()}${l.mode.slice(1)}` : `$${l.mode}`;
      return { [op]: { [p]: l.text } };
    }
  }
}

function treeXml(t: Tree): string {
  return t.kind === 'leaf' ? leafXml(t.leaf) : `<${t.kind}>${t.items.map(treeXml).join('')}</${t.kind}>`;
}
/** REST: the leaves in order as `filters`, the tree as a numbered filterExpression. */
function treeRest(t: Tree, leaves: Leaf[]): string {
  if (t.kind === 'leaf') {
    leaves.push(t.leaf);
    return String(leaves.length);
  }
  return `(${t.items.map((i) => treeRest(i, leaves)).join(` ${t.kind} `)})`;
}

describe.each(BACKENDS)('REST and XML query agree on %s', (backend) => {
  let s: RestServer;
  let auth: Record<string, string>;
  let scope: Scope;
  const pairsByObject = new Map<string, Pair[]>();

  beforeAll(async () => {
    s = await startRestServer(backend);
    auth = bearer((await token(s.api)).access_token);
    scope = await scopeFor(s.t.db, (await findCompany(s.t.db, 'demo'))!, null);
    for (const name of OBJECTS) {
      const o = s.catalog.require(name);
      const candidates: { xml: string; rest: string }[] = [];
      // The query service refuses writeOnly and deprecated fields (seed rest-query-service.txt:1602).
      const queryable = (f: CatalogField) =>
        f.restPath && !f.hidden && !f.derived && !f.writeOnly && !f.deprecated && TYPES.has(f.type);
      for (const f of o.fields) if (queryable(f)) candidates.push({ xml: f.xmlId, rest: f.restPath! });
      for (const r of o.relationships) {
        if (r.kind !== 'many-to-one' || !r.restPath) continue;
        for (const f of s.catalog.require(r.relatedObject).fields)
          if (queryable(f)) candidates.push({ xml: `${r.xmlPath}.${f.xmlId}`, rest: `${r.restPath}.${f.restPath}` });
      }
      const pairs: Pair[] = [];
      for (const c of candidates) {
        // Only names that resolve to the same field along the same joins in both namings (a local denormalised copy
        // would be another column).
        let x, r;
        try {
          x = resolvePath(s.catalog, o, c.xml, 'xml');
          r = resolvePath(s.catalog, o, c.rest, 'rest');
        } catch {
          continue;
        }
        if (
          x.field !== r.field ||
          x.hops.length !== r.hops.length ||
          x.hops.some((h, i) => h.relationship !== r.hops[i]!.relationship)
        )
          continue;
        const bound = bindQuery(
          s.catalog,
          queryRequest({ object: name, naming: 'xml', select: [{ kind: 'field', path: c.xml }], limit: 300 }),
          { scope, now: '2026-11-23T12:00:00Z' },
        );
        const values = [...new Set((await runQuery(s.t.db, bound)).rows.map((row) => row[0]!))].filter(
          (v) => v !== null && (typeof v !== 'string' || (v.trim() === v && v !== 'null' && !/[%_]/.test(v))),
        );
        if (values.length > 0) pairs.push({ ...c, field: x.field, values: values.slice(0, 40) });
      }
      pairsByObject.set(name, pairs);
    }
  });
  afterAll(async () => {
    await s?.close();
  });

  it('the same rows, in the same order, with the same totalCount', async () => {
    const arbQuery = fc.constantFrom(...OBJECTS).chain((object) => {
      const pairs = pairsByObject.get(object)!;
      const pair = fc.constantFrom(...pairs);
      const leaf: fc.Arbitrary<Leaf> = pair.chain((p) => {
        const value = fc.constantFrom(...p.values);
        // An enum is compared in each protocol's own spelling (src/query/enum-filter.ts: XML its labels, REST its
        // values), so a range over one holds the same values in both only where the two spellings sort alike.
        const ranges = p.field.type !== 'enum' || enumSortsAlike(p.field);
        const options: fc.Arbitrary<Leaf>[] = [
          fc.record({
            kind: fc.constant('cmp' as const),
            op: ranges
              ? fc.constantFrom('eq', 'ne', 'lt', 'le', 'gt', 'ge' as const)
              : fc.constantFrom('eq', 'ne' as const),
            pair: fc.constant(p),
            value,
          }),
          fc.record({
            kind: fc.constant('in' as const),
            negated: fc.boolean(),
            pair: fc.constant(p),
            values: fc.array(value, { minLength: 1, maxLength: 4 }),
          }),
          fc.record({ kind: fc.constant('null' as const), negated: fc.boolean(), pair: fc.constant(p) }),
        ];
        if (ranges)
          options.push(
            fc.record({
              kind: fc.constant('between' as const),
              negated: fc.boolean(),
              pair: fc.constant(p),
              low: value,
              high: value,
            }),
          );
        if (p.field.type === 'text') {
          const text = value.chain((v) =>
            fc.tuple(fc.nat(), fc.nat()).map(([a, b]) => {
              const t = String(v);
              const i = a % t.length;
              return t.slice(i, i + 1 + (b % Math.max(1, t.length - i)));
            }),
          );
          options.push(
            fc.record({
              kind: fc.constant('match' as const),
              mode: fc.constantFrom('startsWith', 'contains', 'endsWith' as const),
              negated: fc.boolean(),
              pair: fc.constant(p),
              text,
            }),
          );
        }
        return fc.oneof(...options);
      });
      const tree: fc.Arbitrary<Tree> = fc.letrec<{ t: Tree }>((tie) => ({
        t: fc.oneof(
          { depthSize: 'small', withCrossShrink: true },
          leaf.map((l): Tree => ({ kind: 'leaf', leaf: l })),
          fc.record({
            kind: fc.constantFrom('and', 'or' as const),
            items: fc.array(tie('t'), { minLength: 2, maxLength: 3 }),
          }) as fc.Arbitrary<Tree>,
        ),
      })).t;
      return fc.record({
        object: fc.constant(object),
        select: fc.uniqueArray(pair, { minLength: 1, maxLength: 4, selector: (p) => p.rest }),
        filter: fc.option(tree, { nil: null }),
        order: fc.uniqueArray(fc.record({ pair, desc: fc.boolean() }), { maxLength: 2, selector: (o) => o.pair.rest }),
        offset: fc.nat({ max: 60 }),
        size: fc.integer({ min: 1, max: 150 }),
        caseInsensitive: fc.boolean(),
      });
    });

    let nonEmpty = 0;
    await fc.assert(
      fc.asyncProperty(arbQuery, async (q) => {
        const xml =
          `<query><object>${q.object}</object><select>${q.select.map((p) => `<field>${p.xml}</field>`).join('')}</select>` +
          (q.filter ? `<filter>${treeXml(q.filter)}</filter>` : '') +
          (q.order.length
            ? `<orderby>${q.order.map((o) => `<order><field>${o.pair.xml}</field>${o.desc ? '<descending/>' : ''}</order>`).join('')}</orderby>`
            : '') +
          `<options><caseinsensitive>${q.caseInsensitive}</caseinsensitive></options><pagesize>${q.size}</pagesize><offset>${q.offset}</offset></query>`;
        const bound = bindQuery(s.catalog, lowerXmlQuery(parseXml(xml)).request, {
          scope,
          now: `${new Date().toISOString().slice(0, 19)}Z`,
        });
        const viaXml = await runQuery(s.t.db, bound);

        const leaves: Leaf[] = [];
        const expression = q.filter ? treeRest(q.filter, leaves) : null;
        const body = {
          object: s.catalog.require(q.object).restName,
          fields: q.select.map((p) => p.rest),
          ...(leaves.length ? { filters: leaves.map(leafRest) } : {}),
          ...(leaves.length > 1 ? { filterExpression: expression } : {}),
          ...(q.order.length ? { orderBy: q.order.map((o) => ({ [o.pair.rest]: o.desc ? 'desc' : 'asc' })) } : {}),
          filterParameters: { caseSensitiveComparison: !q.caseInsensitive },
          start: q.offset + 1,
          size: q.size,
        };
        const r = await postJson(`${s.api}/services/core/query`, body, auth);
        expect(r.status, `${JSON.stringify(body)}\n${JSON.stringify(r.body)}`).toBe(200);
        const expected = viaXml.rows.map((row) =>
          Object.fromEntries(q.select.map((p, i) => [p.rest, restFieldValue(p.field, p.rest, row[i]!)])),
        );
        expect(r.body['ia::result'], `${xml}\n${JSON.stringify(body)}`).toEqual(expected);
        expect(r.body['ia::meta'].totalCount).toBe(viaXml.totalCount);
        if (expected.length > 0) nonEmpty++;
      }),
      { numRuns: RUNS },
    );
    // The property means little if the filters select nothing: most pages must hold rows.
    expect(nonEmpty).toBeGreaterThan(RUNS / 4);
    expect([...pairsByObject.values()].reduce((n, p) => n + p.length, 0)).toBeGreaterThan(100);
    console.log(
      `${backend}: ${RUNS} random queries, ${nonEmpty} with rows; ${[...pairsByObject.values()].reduce((n, p) => n + p.length, 0)} field pairs`,
    );
  });
});
