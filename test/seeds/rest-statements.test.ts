// Statements of rest-query-service.txt that refuse what Intacct refuses, each proved over real HTTP on both databases.

import { afterAll, beforeAll, describe, expect } from 'vitest';
import { BACKENDS } from '../support/databases.ts';
import { seed } from '../support/seed.ts';
import { bearer, postJson, startRestServer, token, type RestServer } from '../rest/rest-server.ts';

describe.each(BACKENDS)('rest-query-service.txt statements on %s', (backend) => {
  let s: RestServer;
  let auth: Record<string, string>;
  const query = (body: unknown) => postJson(`${s.api}/services/core/query`, body, auth);
  beforeAll(async () => {
    s = await startRestServer(backend);
    auth = bearer((await token(s.api)).access_token);
  });
  afterAll(async () => {
    await s?.close();
  });

  /** Bills' states (as REST shows them) a filter finds, with how many bills of each (grouped by state). */
  async function statesFound(filter: unknown, caseSensitiveComparison?: boolean): Promise<Record<string, number>> {
    const r = await query({
      object: 'accounts-payable/bill',
      fields: ['state', 'count:key'],
      filters: [filter],
      ...(caseSensitiveComparison === undefined ? {} : { filterParameters: { caseSensitiveComparison } }),
    });
    expect(r.status).toBe(200);
    return Object.fromEntries(
      r.body['ia::result'].map((x: Record<string, string>) => [x.state, Number(x['count:key'])]),
    );
  }

  // Enums are compared as REST shows them (paid, partiallyPaid), under the same case rule as text.
  seed(
    'rest-query-service.txt:1016',
    'This filter parameter is true by default, meaning that only exact matches in letter casing will be returned.',
    async () => {
      const all = await statesFound({ $ne: { state: null } });
      const paid = { paid: all.paid };
      const pa = Object.fromEntries(Object.entries(all).filter(([s]) => s.startsWith('pa')));
      expect(all.paid).toBeGreaterThan(0);
      expect(Object.keys(pa).length).toBeGreaterThan(1);
      for (const sensitive of [undefined, true]) {
        expect(await statesFound({ $startsWith: { state: 'pa' } }, sensitive)).toEqual(pa);
        expect(await statesFound({ $startsWith: { state: 'Pa' } }, sensitive)).toEqual({});
        expect(await statesFound({ $eq: { state: 'paid' } }, sensitive)).toEqual(paid);
        // Paid is the XML gateway's spelling; REST shows paid.
        expect(await statesFound({ $eq: { state: 'Paid' } }, sensitive)).toEqual({});
      }
      expect(await statesFound({ $startsWith: { state: 'Pa' } }, false)).toEqual(pa);
      expect(await statesFound({ $eq: { state: 'PAID' } }, false)).toEqual(paid);
      expect(await statesFound({ $contains: { state: 'PAID' } }, false)).toEqual(
        Object.fromEntries(Object.entries(all).filter(([s]) => s.toLowerCase().includes('paid'))),
      );
      expect(await statesFound({ $endsWith: { state: 'Paid' } })).toEqual(
        Object.fromEntries(Object.entries(all).filter(([s]) => s.endsWith('Paid'))),
      );
    },
  );

  seed(
    'rest-query-service.txt:1554',
    'The maximum number of records that can be returned in a single response is 4,000.',
    async () => {
      const base = { object: 'accounts-payable/bill', fields: ['key'] };
      const most = await query({ ...base, size: 4000 });
      expect(most.status).toBe(200);
      const total = most.body['ia::meta'].totalCount;
      expect(total).toBeGreaterThan(100);
      expect(most.body['ia::result']).toHaveLength(Math.min(total, 4000));
      const over = await query({ ...base, size: 4001 });
      expect(over.status).toBe(400);
      expect(over.body['ia::result']['ia::error'].errorId).toBe('limit.out-of-range');
      expect(over.body['ia::result']['ia::error'].message).toMatch(/size must be an integer from 1 to 4000/);
      // Without size, a page is 100 records.
      expect((await query(base)).body['ia::result']).toHaveLength(100);
    },
  );

  seed(
    'rest-query-service.txt:1592',
    'The href field is not valid for filtering or sorting within query requests.',
    async () => {
      const base = { object: 'accounts-payable/vendor', fields: ['key', 'href'] };
      expect((await query(base)).status).toBe(200);
      for (const extra of [
        { filters: [{ $eq: { href: '/objects/accounts-payable/vendor/1' } }] },
        { orderBy: [{ href: 'asc' }] },
      ]) {
        const r = await query({ ...base, ...extra });
        expect(r.status).toBe(422);
        expect(r.body['ia::result']['ia::error'].errorId).toBe('bind.not-allowed');
        expect(r.body['ia::result']['ia::error'].message).toMatch(/href cannot be used in filters or orderBy/);
      }
    },
  );

  seed(
    'rest-query-service.txt:1598',
    'You must explicitly specify each field you want to include in the query response.',
    async () => {
      const r = await query({ object: 'accounts-payable/vendor', fields: ['*'] });
      expect(r.status).toBe(400);
      expect(r.body['ia::result']['ia::error'].errorId).toBe('parse.invalid-query');
      expect(r.body['ia::result']['ia::error'].message).toMatch(/"\*" is not supported in fields/);
    },
  );

  // The demo company signs in at the top level; PRIV is its private entity.
  seed(
    'rest-query-service.txt:1075',
    'The includePrivate filter parameter lets you access private objects from other entities in the query (false by default).',
    async () => {
      const count = async (includePrivate?: boolean) => {
        const r = await query({
          object: 'general-ledger/journal-entry',
          fields: ['count:key'],
          ...(includePrivate === undefined ? {} : { filterParameters: { includePrivate } }),
        });
        expect(r.status).toBe(200);
        return Number(r.body['ia::result'][0]['count:key']);
      };
      const without = await count();
      expect(without).toBeGreaterThan(0);
      expect(await count(false)).toBe(without);
      expect(await count(true)).toBeGreaterThan(without);
    },
  );

  /** How many bills a request body's filters find. */
  async function billCount(extra: Record<string, unknown>): Promise<number> {
    const r = await query({ object: 'accounts-payable/bill', fields: ['count:key'], ...extra });
    expect(r.status).toBe(200);
    return Number(r.body['ia::result'][0]['count:key']);
  }

  seed(
    'rest-query-service.txt:814',
    'By default, conditions are combined using and, so this does not need to be specified explicitly.',
    async () => {
      const filters = [{ $eq: { state: 'paid' } }, { $gt: { totalBaseAmount: '1000' } }];
      const both = await billCount({ filters });
      expect(both).toBeGreaterThan(0);
      expect(both).toBeLessThan(await billCount({ filters: [filters[0]] }));
      expect(await billCount({ filters, filterExpression: '1 and 2' })).toBe(both);
      expect(await billCount({ filters, filterExpression: '1 or 2' })).toBeGreaterThan(both);
    },
  );

  seed('rest-query-service.txt:953', 'If asOfDate is not set, the default is the current date.', async () => {
    const filters = [{ $eq: { createdDate: 'currentYear' } }];
    const today = new Date().toISOString().slice(0, 10);
    expect(await billCount({ filters, filterParameters: { asOfDate: today } })).toBe(await billCount({ filters }));
    // The macro follows asOfDate: as of mid-2024, the current year is 2024.
    const in2024 = await billCount({ filters, filterParameters: { asOfDate: '2024-06-30' } });
    expect(in2024).toBeGreaterThan(0);
    expect(in2024).toBe(
      await billCount({ filters: [{ $gte: { createdDate: '2024-01-01' } }, { $lte: { createdDate: '2024-12-31' } }] }),
    );
  });

  seed('rest-query-service.txt:815', 'All logical operators must be written in lowercase.', async () => {
    const filters = [{ $eq: { status: 'active' } }, { $eq: { status: 'inactive' } }];
    const base = { object: 'company-config/location', fields: ['key', 'id'], filters };
    const ok = await query({ ...base, filterExpression: '1 or 2' });
    expect(ok.status).toBe(200);
    expect(ok.body['ia::result'].length).toBeGreaterThan(0);
    for (const expression of ['1 OR 2', '1 Or 2', 'OR', '(1 AND 2)']) {
      const r = await query({ ...base, filterExpression: expression });
      expect(r.status).toBe(400);
      expect(r.body['ia::result']['ia::error'].errorId).toBe('parse.invalid-query');
      expect(r.body['ia::result']['ia::error'].message).toMatch(/must be written in lowercase/);
    }
  });
});
