// Compiled statements cached by request shape (src/query/sql/statement-cache.ts): a repeated shape skips the compiler
// and binds its own values; what changes the SQL (catalog, entity restriction, list lengths) never reuses a statement;
// the company key stays a parameter, so a cached statement never shows another company's rows. On both databases,
// every answer checked against the reference evaluator.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCatalog, type Catalog } from '../../src/catalog/catalog.ts';
import { bindQuery } from '../../src/query/bind.ts';
import { evaluateQuery, type Dataset, type Row } from '../../src/query/evaluate.ts';
import type { BoundQuery, Scope } from '../../src/query/ir/bound.ts';
import { queryRequest } from '../../src/query/ir/request.ts';
import { runQuery, type QueryPage } from '../../src/query/run-query.ts';
import { compileQuery } from '../../src/query/sql/compile.ts';
import { compileCachedQuery, STATEMENT_CACHE_SIZE, statementCacheStats } from '../../src/query/sql/statement-cache.ts';
import { loadTable } from '../differential/harness.ts';
import { BACKENDS, createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { migrateSchema } from '../../src/app/schema.ts';

const NOW = '2024-03-15T12:00:00Z';
type Request = Parameters<typeof queryRequest>[0];

/** A custom field on bills, as a config file declares it (test/catalog.test.ts declares VENDOR_TIER the same way). */
const customCatalog = buildCatalog({ customFields: { APBILL: [{ xmlId: 'BILL_TIER', type: 'text' }] } });
const standardCatalog = buildCatalog();

const bill = (recordno: number, company: number, vendorid: string, entity: string | null, extra: Row = {}) => ({
  company_key: company,
  recordno,
  recordid: `B-${recordno}`,
  vendorid,
  state: 'Posted',
  whencreated: `2024-01-${String((recordno % 28) + 1).padStart(2, '0')}`,
  totalentered: `${recordno}.50`,
  entity_id: entity,
  ...extra,
});

/** Company 1 and 2 hold bills of the same vendors; company 1's are spread over entities E1, E2 and the top level. */
const BILLS: Row[] = [
  ...Array.from({ length: 12 }, (_, i) =>
    bill(i + 1, 1, `V${(i % 3) + 1}`, [null, 'E1', 'E2'][i % 3]!, { bill_tier: 'gold' }),
  ),
  ...Array.from({ length: 6 }, (_, i) => bill(i + 101, 2, `V${(i % 3) + 1}`, null, { bill_tier: 'silver' })),
];
const data: Dataset = { o_apbill: BILLS };

const scope = (companyKey: number, entity: Scope['entity'] = { kind: 'all' }): Scope => ({ companyKey, entity });

const byVendor = (vendor: string, extra: Partial<Request> = {}): Request => ({
  object: 'APBILL',
  naming: 'xml',
  select: [
    { kind: 'field', path: 'RECORDNO' },
    { kind: 'field', path: 'VENDORID' },
    { kind: 'field', path: 'TOTALENTERED' },
  ],
  filter: { kind: 'compare', op: 'eq', path: 'VENDORID', value: vendor },
  orderBy: [{ target: { kind: 'field', path: 'RECORDNO' }, direction: 'asc' }],
  ...extra,
});

describe.each(BACKENDS)('statement cache on %s', (backend) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(backend);
    // The custom catalog's schema: the standard one plus the custom column.
    await migrateSchema(t.db, customCatalog);
    await loadTable(t.db, customCatalog.require('APBILL'), BILLS);
  });
  afterAll(async () => {
    await t?.drop();
  });

  const bind = (catalog: Catalog, r: Request, s: Scope): BoundQuery =>
    bindQuery(catalog, queryRequest(r), { scope: s, now: NOW });
  const stats = () => statementCacheStats(t.db.dialect);

  /** Runs through the cache and checks the page against the evaluator and the statement against the compiler's. */
  async function run(q: BoundQuery): Promise<QueryPage> {
    const page = await runQuery(t.db, q);
    expect(page).toEqual(evaluateQuery(q, data));
    const cached = compileCachedQuery(t.db.dialect, q);
    const compiled = compileQuery(t.db.dialect, q);
    expect(cached.select.render(t.db.dialect)).toEqual(compiled.select.render(t.db.dialect));
    expect(cached.count.render(t.db.dialect)).toEqual(compiled.count.render(t.db.dialect));
    return page;
  }

  it('a repeated shape hits the cache and binds its own values: different vendors, different answers', async () => {
    const first = await run(bind(standardCatalog, byVendor('V1'), scope(1)));
    const before = stats();
    const second = await run(bind(standardCatalog, byVendor('V2'), scope(1)));
    const after = stats();
    expect(after.misses).toBe(before.misses);
    expect(after.hits).toBeGreaterThan(before.hits);
    expect(first.rows.map((r) => r[1])).toEqual(['V1', 'V1', 'V1', 'V1']);
    expect(second.rows.map((r) => r[1])).toEqual(['V2', 'V2', 'V2', 'V2']);
    expect(second.rows.map((r) => r[0])).not.toEqual(first.rows.map((r) => r[0]));
  });

  it('limit, offset and the count of a full page are bound per request', async () => {
    const a = await run(bind(standardCatalog, byVendor('V1', { limit: 2, offset: 1 }), scope(1)));
    const before = stats();
    const b = await run(bind(standardCatalog, byVendor('V3', { limit: 2, offset: 0 }), scope(1)));
    expect(stats().misses).toBe(before.misses);
    expect(a).toEqual({
      rows: [
        [4, 'V1', '4.50'],
        [7, 'V1', '7.50'],
      ],
      totalCount: 4,
    });
    expect(b).toEqual({
      rows: [
        [3, 'V3', '3.50'],
        [6, 'V3', '6.50'],
      ],
      totalCount: 4,
    });
  });

  it("the company key stays a parameter: a statement cached for one company never shows another's rows", async () => {
    const one = await run(bind(standardCatalog, byVendor('V1'), scope(1)));
    const before = stats();
    const two = await run(bind(standardCatalog, byVendor('V1'), scope(2)));
    expect(stats().misses).toBe(before.misses);
    expect(one.rows.every((r) => (r[0] as number) < 100)).toBe(true);
    expect(two.rows.map((r) => r[0])).toEqual([101, 104]);
  });

  it('each entity restriction has its own statement; the entity itself is bound', async () => {
    const request = byVendor('V1', { filter: { kind: 'compare', op: 'ge', path: 'RECORDNO', value: '1' } });
    const before = stats();
    const all = await run(bind(standardCatalog, request, scope(1)));
    const e1 = await run(bind(standardCatalog, request, scope(1, { kind: 'only', entityId: 'E1' })));
    const noE2 = await run(bind(standardCatalog, request, scope(1, { kind: 'exclude', entityIds: ['E2'] })));
    const noE1E2 = await run(bind(standardCatalog, request, scope(1, { kind: 'exclude', entityIds: ['E1', 'E2'] })));
    // Four restrictions, four statements (the exclusion lists differ in length).
    expect(stats().misses - before.misses).toBe(4);
    const e2 = await run(bind(standardCatalog, request, scope(1, { kind: 'only', entityId: 'E2' })));
    expect(stats().misses - before.misses).toBe(4);
    expect(all.totalCount).toBe(12);
    // Top-level bills (recordno 1, 4, 7, 10) are visible in every restriction.
    expect(e1.rows.map((r) => r[0])).toEqual([1, 2, 4, 5, 7, 8, 10, 11]);
    expect(e2.rows.map((r) => r[0])).toEqual([1, 3, 4, 6, 7, 9, 10, 12]);
    expect(noE2.rows.map((r) => r[0])).toEqual(e1.rows.map((r) => r[0]));
    expect(noE1E2.rows.map((r) => r[0])).toEqual([1, 4, 7, 10]);
  });

  it('a catalog with a custom field added never reuses the standard catalog’s statement', async () => {
    // An empty selection binds every field: the custom catalog's statement reads one more column.
    const request: Request = { object: 'APBILL', naming: 'xml', filter: byVendor('V1').filter, limit: 1 };
    const standard = bind(standardCatalog, request, scope(1));
    const custom = bind(customCatalog, request, scope(1));
    const before = stats();
    const a = await runQuery(t.db, standard);
    const b = await runQuery(t.db, custom);
    expect(stats().misses - before.misses).toBe(2);
    expect(b.rows[0]!.length).toBe(a.rows[0]!.length + 1);
    const tier = custom.select.findIndex((s) => s.ref.field.xmlId === 'BILL_TIER');
    expect(b.rows[0]![tier]).toBe('gold');
    expect(compileCachedQuery(t.db.dialect, standard).select.render(t.db.dialect).text).not.toMatch(/bill_tier/);
    expect(compileCachedQuery(t.db.dialect, custom).select.render(t.db.dialect).text).toMatch(/bill_tier/);
  });

  it('IN lists of another length are another shape; LIKE patterns and case folding bind their values', async () => {
    const inList = (values: string[]) =>
      byVendor('', { filter: { kind: 'in', negated: false, path: 'VENDORID', values } });
    const before = stats();
    const two = await run(bind(standardCatalog, inList(['V1', 'V2']), scope(1)));
    const twoMore = await run(bind(standardCatalog, inList(['V2', 'V3']), scope(1)));
    expect(stats().misses - before.misses).toBe(1);
    const one = await run(bind(standardCatalog, inList(['V3']), scope(1)));
    expect(stats().misses - before.misses).toBe(2);
    expect(two.totalCount).toBe(8);
    expect(twoMore.rows.map((r) => r[1])).not.toContain('V1');
    expect(one.totalCount).toBe(4);

    const like = (pattern: string, caseInsensitive: boolean) =>
      byVendor('', {
        filter: { kind: 'like', negated: false, path: 'RECORDID', pattern },
        options: { caseInsensitive, includePrivate: false, asOfDate: null },
      });
    const b1 = await run(bind(standardCatalog, like('B-1%', false), scope(1)));
    const b2 = await run(bind(standardCatalog, like('B-2%', false), scope(1)));
    const lower = await run(bind(standardCatalog, like('b-1%', true), scope(1)));
    const lowerExact = await run(bind(standardCatalog, like('b-1%', false), scope(1)));
    expect(b1.rows.map((r) => r[0])).toEqual([1, 10, 11, 12]);
    expect(b2.rows.map((r) => r[0])).toEqual([2]);
    expect(lower.rows).toEqual(b1.rows);
    expect(lowerExact.rows).toEqual([]);
  });

  it('a LIKE on a duration binds each request’s "now", inside the dialect’s pattern match too', () => {
    // JOBQUEUERECORD WAITINQUEUE is computed from its instants up to "now" (test/query/regressions.test.ts). The binder
    // refuses patterns on it, so the filter is set on the bound query: the compiler must still bind it right.
    const request: Request = {
      object: 'JOBQUEUERECORD',
      naming: 'xml',
      select: [{ kind: 'field', path: 'WAITINQUEUE' }],
    };
    const at = (now: string): BoundQuery => {
      const q = bindQuery(standardCatalog, queryRequest(request), { scope: scope(1), now });
      const ref = q.select[0]!.ref;
      return { ...q, filter: { kind: 'like', negated: false, ref, pattern: [{ kind: 'anyChars' }] } };
    };
    for (const now of ['2024-03-15T12:00:00Z', '2025-01-01T00:00:00Z']) {
      const q = at(now);
      const cached = compileCachedQuery(t.db.dialect, q).select.render(t.db.dialect);
      expect(cached).toEqual(compileQuery(t.db.dialect, q).select.render(t.db.dialect));
      expect(cached.params).toContain(now);
    }
  });

  it('keeps at most STATEMENT_CACHE_SIZE shapes', () => {
    for (let n = 1; n <= STATEMENT_CACHE_SIZE + 20; n++) {
      const values = Array.from({ length: n }, (_, i) => `V${i}`);
      compileCachedQuery(
        t.db.dialect,
        bind(
          standardCatalog,
          byVendor('', { filter: { kind: 'in', negated: false, path: 'VENDORID', values } }),
          scope(1),
        ),
      );
    }
    expect(stats().size).toBe(STATEMENT_CACHE_SIZE);
  });
});
