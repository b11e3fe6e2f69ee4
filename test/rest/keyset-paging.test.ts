// REST `next` continues by key, not by OFFSET: a row deleted from a page already read does not make the walk skip a
// row, and `previous` still walks back.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addOAuthClient, addUser, createCompany, type Company } from '../../src/auth/tenancy.ts';
import { COMPANY_COLUMN, findField } from '../../src/catalog/catalog.ts';
import { ident, p, sql } from '../../src/store/sql.ts';
import { BACKENDS } from '../support/databases.ts';
import { seed } from '../support/seed.ts';
import { bearer, DEMO_CLIENT, startRestServer, token, type RestServer } from './rest-server.ts';

const ROWS = 1_000;
const SIZE = 100;

describe.each(BACKENDS)('REST keyset paging on %s', (backend) => {
  let s: RestServer;
  let auth: Record<string, string>;
  let company: Company;
  beforeAll(async () => {
    s = await startRestServer(backend, { seed: false });
    company = await createCompany(s.t.db, {
      companyId: 'keyset',
      name: 'Keyset test',
      serviceLevel: 'standard',
      multiEntity: false,
    });
    await addUser(s.t.db, company, { userId: 'admin', password: 'admin', role: 'admin' });
    await addOAuthClient(s.t.db, { clientId: DEMO_CLIENT.client_id, secret: DEMO_CLIENT.client_secret, name: 'test' }, [
      company,
    ]);
    const bill = s.catalog.require('APBILL');
    await s.t.db.copyRows(
      bill.table,
      [COMPANY_COLUMN, findField(bill, 'RECORDNO')!.column!, findField(bill, 'RECORDID')!.column!],
      Array.from({ length: ROWS }, (_, i) => [company.key, 2 * i + 5, `B-${String(ROWS - i).padStart(5, '0')}`]),
    );
    auth = bearer((await token(s.api, 'admin@keyset')).access_token);
  });
  afterAll(async () => {
    await s?.close();
  });

  async function page(
    start: number,
    fields: string[],
  ): Promise<{ keys: string[]; meta: { totalCount: number; next: number | null; previous: number | null } }> {
    const res = await fetch(`${s.api}/services/core/query`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...auth },
      body: JSON.stringify({ object: 'accounts-payable/bill', fields, start, size: SIZE }),
    });
    expect(res.status).toBe(200);
    const json = (await res.json()) as {
      'ia::result': { key?: string; billNumber?: string }[];
      'ia::meta': { totalCount: number; next: number | null; previous: number | null };
    };
    return { keys: json['ia::result'].map((r) => (r.key ?? r.billNumber)!), meta: json['ia::meta'] };
  }

  // A row deleted from a page already read does not make next skip a row (OFFSET would), and each continued page is a
  // query of its own, counted anew.
  seed(
    'rest-query-service.txt:1555',
    'If next is greater than 0, update the start value in your next query request to match the next value.',
    async () => {
      const bill = s.catalog.require('APBILL');
      const first = await page(1, ['key', 'href']);
      expect(first.keys).toHaveLength(SIZE);
      expect(first.meta.totalCount).toBe(ROWS);
      // Delete the first row the client has already seen: by position every later row moves up one place.
      await s.t.db.run(
        sql`DELETE FROM ${ident(bill.table)} WHERE ${ident(COMPANY_COLUMN)} = ${p(company.key)} AND recordno = ${p(Number(first.keys[0]))}`,
      );
      const second = await page(first.meta.next!, ['key', 'href']);
      // The row right after the first page's last row comes next; an OFFSET read would start one row later.
      expect(second.keys[0]).toBe(String(Number(first.keys[SIZE - 1]) + 2));
      expect(second.keys).toHaveLength(SIZE);
      // Each page is a query of its own (seed rest-query-service.txt:1557, "update the start value in your next query
      // request"), so its total is counted anew and sees the deletion; only readMore fixes its total at the first page.
      expect(second.meta.totalCount).toBe(ROWS - 1);
      // Back at start 1 a new walk begins: it reads by position and counts afresh, so it sees the deletion.
      const back = await page(second.meta.previous!, ['key', 'href']);
      expect(back.keys).toEqual([...first.keys.slice(1), second.keys[0]]);
      expect(back.meta.totalCount).toBe(ROWS - 1);
    },
  );

  // Each continued page still answers its query's current total (seed rest-query-service.txt:1555, as above), but a
  // total counted on a database nothing has been committed to since is not counted again: a walk counts once while the
  // data stands still, and anew after any write.
  it('a continued page reuses the total counted on an unchanged database, and counts anew after a write', async () => {
    const db = s.t.db;
    const bill = s.catalog.require('APBILL');
    const all = db.all.bind(db);
    let counts = 0;
    db.all = (async (q: Parameters<typeof db.all>[0]) => {
      if (/^SELECT COUNT\(\*\) AS n FROM "o_apbill"/.test(q.render(db.dialect).text)) counts++;
      return all(q);
    }) as typeof db.all;
    try {
      const first = await page(1, ['key']);
      const total = first.meta.totalCount;
      let next = first.meta.next;
      for (let i = 0; i < 7; i++) {
        const r = await page(next!, ['key']);
        expect(r.meta.totalCount).toBe(total);
        next = r.meta.next;
      }
      // Eight pages: the first counts, the second counts and keeps its total, the rest reuse it. The journal's and the
      // meter's flushes (a second after a request) are commits too, and may cost a walk a count or two more; a count
      // per page would be eight.
      expect(counts).toBeGreaterThanOrEqual(2);
      expect(counts).toBeLessThanOrEqual(4);
      // A new bill past every key: the very next page's total includes it, and so do the pages after it.
      await db.copyRows(
        bill.table,
        [COMPANY_COLUMN, findField(bill, 'RECORDNO')!.column!, findField(bill, 'RECORDID')!.column!],
        [[company.key, 10 * ROWS, 'B-NEW']],
      );
      const before = counts;
      const after = await page(next!, ['key']);
      expect(after.meta.totalCount).toBe(total + 1);
      expect(counts).toBe(before + 1);
      expect(after.meta.next).not.toBeNull();
      expect((await page(after.meta.next!, ['key'])).meta.totalCount).toBe(total + 1);
    } finally {
      db.all = all;
    }
  });

  it('the key need not be selected: the walk is still continuous and complete', async () => {
    const seen: string[] = [];
    let start: number | null = 1;
    while (start !== null) {
      // Bill numbers run against the key order, so a walk ordered by them would come out differently.
      const r = await page(start, ['billNumber']);
      seen.push(...r.keys);
      start = r.meta.next;
    }
    const all = (
      await s.t.db.all<{ k: string }>(
        sql`SELECT recordid AS k FROM o_apbill WHERE ${ident(COMPANY_COLUMN)} = ${p(company.key)} ORDER BY recordno`,
      )
    ).map((r) => r.k);
    expect(all.length).toBeGreaterThan(900);
    expect(seen).toEqual(all);
  });
});
