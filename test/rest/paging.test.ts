// Paging: walking `next` at size 4,000 from start 1 gets every row exactly once, and `previous` walks back over the
// same pages (seed §Navigating large datasets).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addOAuthClient, addUser, createCompany } from '../../src/auth/tenancy.ts';
import { COMPANY_COLUMN, findField } from '../../src/catalog/catalog.ts';
import { BACKENDS } from '../support/databases.ts';
import { bearer, DEMO_CLIENT, startRestServer, token, type RestServer } from './rest-server.ts';
import { walkNext, walkPrevious } from './walk-pages.ts';

/** The million-row walk over the large demo is test/rest/large-walk.ts; `npm test` walks this many. */
const ROWS = 20_000;

describe.each(BACKENDS)('REST paging on %s', (backend) => {
  let s: RestServer;
  let auth: Record<string, string>;
  beforeAll(async () => {
    s = await startRestServer(backend, { seed: false });
    const company = await createCompany(s.t.db, {
      companyId: 'paging',
      name: 'Paging test',
      serviceLevel: 'standard',
      multiEntity: false,
    });
    await addUser(s.t.db, company, { userId: 'admin', password: 'admin', role: 'admin' });
    await addOAuthClient(s.t.db, { clientId: DEMO_CLIENT.client_id, secret: DEMO_CLIENT.client_secret, name: 'test' }, [
      company,
    ]);
    const bill = s.catalog.require('APBILL');
    const state = findField(bill, 'STATE')!;
    const states = state.enumValues!.map((v) => v.xml);
    // Keys with gaps, and a state shared by thousands of rows, so pages must break ties to stay disjoint.
    await s.t.db.copyRows(
      bill.table,
      [COMPANY_COLUMN, findField(bill, 'RECORDNO')!.column!, state.column!],
      Array.from({ length: ROWS }, (_, i) => [company.key, 3 * i + 7, states[i % states.length]!]),
    );
    auth = bearer((await token(s.api, 'admin@paging')).access_token);
  });
  afterAll(async () => {
    await s?.close();
  });

  it.each([
    ['key order, size 4,000', { fields: ['key', 'id', 'href'] }, 4000],
    [
      'ordered by a repeated enum, descending, size 3,000 (not a divisor)',
      { fields: ['key', 'state'], orderBy: [{ state: 'desc' }] },
      3000,
    ],
  ])('%s: next from 1 gets every row once; previous walks back', async (_name, query, size) => {
    const body = { object: 'accounts-payable/bill', ...query };
    const forward = await walkNext(`${s.api}/services/core/query`, auth, body, size);
    expect(forward.totalCount).toBe(ROWS);
    expect(forward.keys).toHaveLength(ROWS);
    expect(new Set(forward.keys).size).toBe(ROWS);
    expect(forward.pages).toBe(Math.ceil(ROWS / size));
    const back = await walkPrevious(`${s.api}/services/core/query`, auth, body, size, forward.lastStart);
    // Back over the same pages: the same rows in the same order, page by page.
    expect(back.keys).toEqual(forward.keys);
  });
});
