// The one HTTP edge: every company route answers a token of another company, an entity its user may not see, a request
// over the rate limit and an injected fault the same way, whatever protocol or folder serves it; the admin routes answer
// a company token with the admin error and stay out of reach of limits and faults.

import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/app/seed.ts';
import { findCompany } from '../../src/auth/tenancy.ts';
import { buildCatalog } from '../../src/catalog/catalog.ts';
import { buildApp } from '../../src/server/app.ts';
import { XML_GATEWAY_PATH } from '../../src/server/xml-gateway.ts';
import { p, sql } from '../../src/store/sql.ts';
import { BACKENDS, createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { envelope } from '../xml/support/gateway-harness.ts';

const ADMIN = 'edge-test-admin-token';

interface Fixture {
  /** A vendor only `demo` has, by its ID and record key (record keys are per company: demo2 has none with this one). */
  readonly vendorId: string;
  readonly vendorKey: string;
  /** A job of `demo` (a queued report). */
  readonly jobId: string;
  readonly importJobId: string;
}

interface Route {
  readonly name: string;
  readonly method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  path(f: Fixture): string;
  body?(f: Fixture): string;
  readonly contentType?: string;
  /**
   * With a token of another company: `not-found` for routes that name a record or job of `demo` (it must look as if it
   * did not exist), else the route answers for the token's own company, and `absent` says what of demo's it must not
   * contain.
   */
  readonly otherCompany: 'not-found' | { readonly absent: (f: Fixture) => string };
}

const q = (body: unknown) => () => JSON.stringify(body);

/** Every company route outside the XML gateway, which is covered on its own below. */
const ROUTES: readonly Route[] = [
  {
    name: 'REST query',
    method: 'POST',
    path: () => '/ia/api/v1/services/core/query',
    body: (f) =>
      JSON.stringify({ object: 'accounts-payable/vendor', fields: ['id'], filters: [{ $eq: { id: f.vendorId } }] }),
    otherCompany: { absent: (f) => f.vendorId },
  },
  {
    name: 'REST model',
    method: 'GET',
    path: () => '/ia/api/v1/services/core/model?name=accounts-payable/vendor',
    otherCompany: { absent: (f) => f.vendorId },
  },
  {
    name: 'REST list',
    method: 'GET',
    path: () => '/ia/api/v1/objects/company-config/department',
    otherCompany: { absent: (f) => f.vendorId },
  },
  {
    name: 'REST read',
    method: 'GET',
    path: (f) => `/ia/api/v1/objects/accounts-payable/vendor/${f.vendorKey}`,
    otherCompany: 'not-found',
  },
  {
    name: 'REST create',
    method: 'POST',
    path: () => '/ia/api/v1/objects/company-config/department',
    body: q({ id: 'EDGE1', name: 'Edge test' }),
    otherCompany: { absent: (f) => f.vendorId },
  },
  {
    name: 'REST update',
    method: 'PATCH',
    path: (f) => `/ia/api/v1/objects/accounts-payable/vendor/${f.vendorKey}`,
    body: q({ name: 'Renamed by another company' }),
    otherCompany: 'not-found',
  },
  {
    name: 'REST delete',
    method: 'DELETE',
    path: (f) => `/ia/api/v1/objects/accounts-payable/vendor/${f.vendorKey}`,
    otherCompany: 'not-found',
  },
  {
    name: 'export',
    method: 'POST',
    path: () => '/jobs/exports',
    body: q({ object: 'VENDOR' }),
    otherCompany: { absent: (f) => f.jobId },
  },
  {
    name: 'report',
    method: 'POST',
    path: () => '/jobs/reports',
    body: q({ query: { object: 'accounts-payable/vendor', fields: ['id'] } }),
    otherCompany: { absent: (f) => f.jobId },
  },
  { name: 'schedules', method: 'GET', path: () => '/jobs/schedules', otherCompany: { absent: () => 'edge-nightly' } },
  {
    name: 'schedule',
    method: 'POST',
    path: () => '/jobs/schedules',
    body: q({ name: 'edge-other', cron: '0 3 * * *', query: { object: 'accounts-payable/vendor', fields: ['id'] } }),
    otherCompany: { absent: () => 'edge-nightly' },
  },
  { name: 'unschedule', method: 'DELETE', path: () => '/jobs/schedules/edge-nightly', otherCompany: 'not-found' },
  { name: 'job', method: 'GET', path: (f) => `/jobs/${f.jobId}`, otherCompany: 'not-found' },
  { name: 'job result', method: 'GET', path: (f) => `/jobs/${f.jobId}/result`, otherCompany: 'not-found' },
  {
    name: 'CSV import',
    method: 'POST',
    path: () => '/jobs/imports?object=DEPARTMENT',
    body: () => 'DEPARTMENTID,TITLE\nEDGE2,Edge import\n',
    contentType: 'text/csv',
    otherCompany: { absent: (f) => f.importJobId },
  },
  { name: 'import status', method: 'GET', path: (f) => `/jobs/imports/${f.importJobId}`, otherCompany: 'not-found' },
  {
    name: 'import errors',
    method: 'GET',
    path: (f) => `/jobs/imports/${f.importJobId}/errors.csv`,
    otherCompany: 'not-found',
  },
  {
    name: 'callbacks',
    method: 'GET',
    path: () => '/jobs/callbacks',
    otherCompany: { absent: () => '"company":"demo"' },
  },
  {
    name: 'console explain',
    method: 'POST',
    path: () => '/console/api/explain',
    body: q({ query: '{"object": "accounts-payable/vendor", "fields": ["id"]}' }),
    otherCompany: { absent: (f) => f.vendorId },
  },
  {
    name: 'console objects',
    method: 'GET',
    path: () => '/console/api/objects',
    otherCompany: { absent: (f) => f.vendorId },
  },
];

/** Routes of the operator: the admin token, never a company's. */
const ADMIN_ROUTES = [
  { name: 'admin faults', path: '/ledgerq/admin/faults' },
  { name: 'admin numbering', path: '/ledgerq/admin/numbering?company=demo' },
  { name: 'metrics', path: '/metrics' },
];

describe.each(BACKENDS)('the HTTP edge on %s', (backend) => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let limited: FastifyInstance;
  let base: string;
  let limitedBase: string;
  let f: Fixture;
  const tokens: Record<string, string> = {};

  async function tokenFor(url: string, username: string): Promise<string> {
    const res = await fetch(`${url}/ia/api/v1/oauth2/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: 'ledgerq-demo',
        client_secret: 'ledgerq-demo',
        username,
      }),
    });
    expect(res.status).toBe(200);
    return ((await res.json()) as { access_token: string }).access_token;
  }

  function send(url: string, r: Route, token: string, headers: Record<string, string> = {}): Promise<Response> {
    const body = r.body?.(f);
    return fetch(`${url}${r.path(f)}`, {
      method: r.method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body !== undefined ? { 'content-type': r.contentType ?? 'application/json' } : {}),
        ...headers,
      },
      body,
    });
  }

  const restError = async (res: Response) =>
    ((await res.json()) as { 'ia::result': { 'ia::error': { errorId: string; message: string } } })['ia::result'][
      'ia::error'
    ];

  function gateway(url: string, login: { userId?: string; companyId?: string; password?: string; entityId?: string }) {
    const fn = `<function controlid="q"><query><object>VENDOR</object><select><field>VENDORID</field></select><filter><equalto><field>VENDORID</field><value>${f.vendorId}</value></equalto></filter></query></function>`;
    return fetch(`${url}${XML_GATEWAY_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/xml' },
      body: envelope(fn, { login }),
    });
  }

  beforeAll(async () => {
    t = await createTestDatabase(backend);
    const catalog = buildCatalog();
    await seedDemo(t.db, catalog, { size: 'small', seed: 1 });
    app = buildApp({
      db: t.db,
      catalog,
      bodyLimit: 1024 * 1024,
      logger: false,
      adminToken: ADMIN,
      rateLimitPerMinute: 0,
    });
    limited = buildApp({
      db: t.db,
      catalog,
      bodyLimit: 1024 * 1024,
      logger: false,
      adminToken: ADMIN,
      rateLimitPerMinute: 1,
    });
    base = await app.listen({ host: '127.0.0.1', port: 0 });
    limitedBase = await limited.listen({ host: '127.0.0.1', port: 0 });
    tokens.demo = await tokenFor(base, 'admin@demo');
    tokens.demo2 = await tokenFor(base, 'admin@demo2');
    tokens.usclerk = await tokenFor(base, 'usclerk@demo');

    const demo = (await findCompany(t.db, 'demo'))!;
    const demo2 = (await findCompany(t.db, 'demo2'))!;
    const [v] = await t.db.all<{
      vendorid: string;
      recordno: number | string;
    }>(sql`SELECT vendorid, recordno FROM o_vendor d
      WHERE d.company_key = ${p(demo.key)} AND NOT EXISTS (SELECT 1 FROM o_vendor o WHERE o.company_key = ${p(demo2.key)}
        AND (o.vendorid = d.vendorid OR o.recordno = d.recordno))
      ORDER BY recordno LIMIT 1`);
    const post = async (path: string, body: string, type = 'application/json') => {
      const res = await fetch(`${base}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tokens.demo}`, 'content-type': type },
        body,
      });
      expect(res.status, path).toBeLessThan(300);
      return (await res.json()) as { jobId: string };
    };
    const report = await post(
      '/jobs/reports',
      JSON.stringify({ query: { object: 'accounts-payable/vendor', fields: ['id'] } }),
    );
    const imported = await post('/jobs/imports?object=DEPARTMENT', 'DEPARTMENTID,TITLE\nEDGE0,Edge\n', 'text/csv');
    await post(
      '/jobs/schedules',
      JSON.stringify({
        name: 'edge-nightly',
        cron: '0 2 * * *',
        query: { object: 'accounts-payable/vendor', fields: ['id'] },
      }),
    );
    f = { vendorId: v!.vendorid, vendorKey: String(v!.recordno), jobId: report.jobId, importJobId: imported.jobId };
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await limited?.close();
    await t?.drop();
  });

  describe('a token of another company', () => {
    it.each(ROUTES.map((r) => [r.name, r] as const))('%s: sees nothing of demo', async (_name, r) => {
      const res = await send(base, r, tokens.demo2!);
      const text = await res.text();
      expect(res.status, text).toBeLessThan(500);
      if (r.otherCompany === 'not-found') {
        expect(res.status, text).toBe(404);
        expect(JSON.parse(text)['ia::result']['ia::error'].errorId).toMatch(/unknown/);
      } else {
        expect(text).not.toContain(r.otherCompany.absent(f));
      }
    });

    it("XML gateway: a login to demo2 finds none of demo's records", async () => {
      const res = await gateway(base, { companyId: 'demo2' });
      const text = await res.text();
      expect(res.status).toBe(200);
      expect(text).toContain('<status>success</status>');
      expect(text).not.toContain(`<VENDORID>${f.vendorId}</VENDORID>`);
    });

    it.each(ADMIN_ROUTES.map((r) => [r.name, r] as const))(
      '%s: a company token is not the admin token',
      async (_n, r) => {
        const res = await fetch(`${base}${r.path}`, { headers: { authorization: `Bearer ${tokens.demo}` } });
        expect(res.status).toBe(401);
        expect((await restError(res)).errorId).toBe('admin.unauthorized');
      },
    );
  });

  describe('an entity the user may not see', () => {
    // usclerk works only in entity US; the header asks for UK.
    it.each(ROUTES.map((r) => [r.name, r] as const))('%s: 403 entity not allowed', async (_name, r) => {
      const res = await send(base, r, tokens.usclerk!, { 'x-ia-api-param-entity': 'UK' });
      expect(res.status).toBe(403);
      const e = await restError(res);
      expect(e.errorId).toBe('auth.entity-not-allowed');
      expect(e.message).toMatch(/works only in entity US and cannot use UK/);
    });

    it('XML gateway: a login into UK fails at authentication with the same rule', async () => {
      const text = await (await gateway(base, { userId: 'usclerk', password: 'usclerk', entityId: 'UK' })).text();
      expect(text).toMatch(/<authentication><status>failure<\/status>/);
      expect(text).toMatch(/<errorno>XL03000006<\/errorno>.*works only in entity US and cannot use UK/s);
    });
  });

  describe('a request over the rate limit', () => {
    it.each(ROUTES.map((r) => [r.name, r] as const))('%s: 429 with Retry-After', async (_name, r) => {
      // The allowance is one request a minute per caller; the first request of the caller spends it.
      await send(limitedBase, ROUTES[1]!, tokens.demo!);
      const res = await send(limitedBase, r, tokens.demo!);
      expect(res.status).toBe(429);
      expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
      expect((await restError(res)).errorId).toBe('limit.rate');
    });

    it('XML gateway: GW-0010 with HTTP 429', async () => {
      await gateway(limitedBase, {});
      const res = await gateway(limitedBase, {});
      expect(res.status).toBe(429);
      expect(await res.text()).toMatch(/<errorno>GW-0010<\/errorno>/);
    });
  });

  describe('a request an injected fault matches', () => {
    beforeAll(async () => {
      const res = await fetch(`${base}/ledgerq/admin/faults`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ company: 'demo', status: 503, body: 'html' }),
      });
      expect(res.status).toBe(201);
    });
    afterAll(async () => {
      await fetch(`${base}/ledgerq/admin/faults`, { method: 'DELETE', headers: { authorization: `Bearer ${ADMIN}` } });
    });

    it.each(ROUTES.map((r) => [r.name, r] as const))("%s: the CDN's 503 page", async (_name, r) => {
      const res = await send(base, r, tokens.demo!);
      expect(res.status).toBe(503);
      expect(res.headers.get('content-type')).toMatch(/text\/html/);
      expect(await res.text()).toMatch(/Error 503/);
    });

    it("XML gateway: the CDN's 503 page", async () => {
      const res = await gateway(base, {});
      expect(res.status).toBe(503);
      expect(await res.text()).toMatch(/Error 503/);
    });

    it.each(ADMIN_ROUTES.map((r) => [r.name, r] as const))('%s: the controls stay reachable', async (_n, r) => {
      const res = await fetch(`${base}${r.path}`, { headers: { authorization: `Bearer ${ADMIN}` } });
      expect(res.status).toBe(200);
    });
  });
});
