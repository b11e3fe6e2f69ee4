// Fault and latency injection through a real server, the admin API and the official SDK: injected Intacct errors, CDN
// statuses, drops, delays, slow bodies, seeded rules, REST.

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/serve.ts';
import { XML_GATEWAY_PATH } from '../../src/server/xml-gateway.ts';
import { BACKENDS } from '../support/databases.ts';
import {
  envelope,
  errorNumbers,
  gatewayDatabase,
  IA,
  postRaw,
  rejection,
  requestConfig,
  sdkClient,
  sdkParse,
  testConfig,
  type Gateway,
} from '../xml/support/gateway-harness.ts';

const TOKEN = 'faults-test-token';
const Q = IA.Functions.Common.NewQuery;

async function admin<T = any>(
  server: RunningServer,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const res = await fetch(`${server.url}/ledgerq/admin${path}`, {
    method,
    headers: {
      authorization: `Bearer ${TOKEN}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}

function query(object = 'VENDOR', field = 'VENDORID'): IA.Functions.Common.NewQuery.Query {
  const q = new Q.Query();
  q.assignFromObject(object);
  q.assignSelectFields(new Q.QuerySelect.SelectBuilder().addFields([field]).selects);
  q.assignPageSize(2);
  return q;
}

const QUERY_XML =
  '<function controlid="q"><query><object>VENDOR</object><select><field>VENDORID</field><field>NAME</field></select><pagesize>2</pagesize></query></function>';

async function timed<T>(
  p: Promise<T>,
): Promise<{ ms: number; value: T | undefined; error: (Error & { errors?: string[]; code?: unknown }) | undefined }> {
  const t = performance.now();
  try {
    const value = await p;
    return { ms: performance.now() - t, value, error: undefined };
  } catch (e) {
    return { ms: performance.now() - t, value: undefined, error: e as Error };
  }
}

describe.each(BACKENDS)('fault and latency injection on %s', (backend) => {
  const { url, cleanup } = gatewayDatabase(backend);
  let s: RunningServer;
  let g: Gateway;
  let restToken: string;

  const addRule = async (rule: Record<string, unknown>): Promise<{ id: string }> => {
    const r = await admin(s, 'POST', '/faults', rule);
    expect(r.status).toBe(201);
    return r.body;
  };
  const rest = async (body: unknown, token = restToken) => {
    const res = await fetch(`${s.url}/ia/api/v1/services/core/query`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, headers: res.headers, text: await res.text() };
  };
  const VENDORS = { object: 'accounts-payable/vendor', fields: ['id'], size: 2 };

  beforeAll(async () => {
    s = await startServer(testConfig(url), { logger: false, adminToken: TOKEN });
    const port = Number(new URL(s.url).port);
    g = {
      server: s,
      port,
      endpoint: `http://api.intacct.com:${port}${XML_GATEWAY_PATH}`,
      loopback: `http://127.0.0.1:${port}${XML_GATEWAY_PATH}`,
      close: () => s.close(),
    };
    const res = await fetch(`${s.url}/ia/api/v1/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: 'ledgerq-demo',
        client_secret: 'ledgerq-demo',
        username: 'admin@demo',
      }),
    });
    restToken = ((await res.json()) as { access_token: string }).access_token;
  }, 120_000);
  afterEach(async () => {
    await admin(s, 'DELETE', '/faults');
  });
  afterAll(async () => {
    await s?.close();
    await cleanup();
  });

  it('an injected XL03000006 reaches the SDK exactly as a real failed sign-in does', async () => {
    const real = await rejection(sdkClient(g, { password: 'wrong' }).execute(query(), requestConfig()));
    const rule = await addRule({ match: 'xml:query', error: 'XL03000006' });
    const injected = await rejection(sdkClient(g).execute(query(), requestConfig()));
    expect(injected).toBeInstanceOf(IA.Exceptions.ResponseException);
    expect(injected.constructor).toBe(real.constructor);
    expect(injected.message).toMatch(/^Response authentication status failure - XL03000006 /);
    expect(real.message).toMatch(/^Response authentication status failure - XL03000006 /);
    expect(errorNumbers(injected)).toEqual(errorNumbers(real));
    // Only the matching function: readByQuery still answers.
    const rbq = new IA.Functions.Common.ReadByQuery();
    rbq.objectName = 'VENDOR';
    rbq.pageSize = 1;
    expect((await sdkClient(g).execute(rbq, requestConfig())).getResult().status).toBe('success');
    // The journal (another control) records which rule fired.
    const journal = await admin(s, 'GET', '/journal?company=demo&limit=5');
    expect(journal.status).toBe(200);
    expect(journal.body.entries.some((e: { fault?: { id: string } }) => e.fault?.id === rule.id)).toBe(true);
  }, 30_000);

  it('an injected BL01001973 and GW-0010 are answered at their own levels', async () => {
    await addRule({ match: 'xml:query', object: 'VENDOR', error: 'BL01001973', description: 'Injected failure' });
    const result = await rejection(sdkClient(g).execute(query(), requestConfig()));
    expect(result).toBeInstanceOf(IA.Exceptions.ResultException);
    expect(errorNumbers(result)).toEqual(['BL01001973']);
    // The object criterion: another object's query is untouched.
    expect((await sdkClient(g).execute(query('CUSTOMER', 'CUSTOMERID'), requestConfig())).getResult().status).toBe(
      'success',
    );
    await admin(s, 'DELETE', '/faults');
    await addRule({ match: 'xml', error: 'GW-0010' });
    const raw = await postRaw(g.loopback, envelope(QUERY_XML));
    expect(raw.status).toBe(429);
    expect(raw.contentType).toMatch(/^text\/xml/);
    expect(raw.body).toMatch(
      /<response><control><status>failure<\/status><\/control><errormessage><error><errorno>GW-0010<\/errorno>/,
    );
    const gw = await rejection(sdkClient(g).execute(query(), requestConfig()));
    expect(gw).toBeInstanceOf(IA.Exceptions.ResponseException);
    expect(errorNumbers(gw)).toEqual(['GW-0010']);
  }, 30_000);

  it("an injected 524 reaches the SDK as Cloudflare's does (FetchError, code 524, not retried); a 500 is retried", async () => {
    // The journal counts the requests that reached the server: one for a 524, two for a 500 retried once.
    const queries = async () =>
      (await admin<{ entries: { operation: string }[] }>(s, 'GET', '/journal?company=demo')).body.entries.filter(
        (e) => e.operation === 'xml:query',
      ).length;
    await addRule({ match: 'xml:query', status: 524 });
    const before524 = await queries();
    const t524 = await timed(sdkClient(g).execute(query(), requestConfig({ maxRetries: 3 })));
    expect(t524.error?.name).toBe('FetchError');
    expect(t524.error?.code).toBe(524);
    expect(t524.error?.message).toMatch(/524: A timeout occurred/);
    expect(await queries()).toBe(before524 + 1); // not retried
    await admin(s, 'DELETE', '/faults');
    await addRule({ match: 'xml:query', status: 500 });
    const before500 = await queries();
    const t500 = await timed(sdkClient(g).execute(query(), requestConfig({ maxRetries: 1 })));
    expect(await queries()).toBe(before500 + 2);
    expect(t500.error?.message).toBe('Request retry count exceeded max retry count: 1');
    expect(t500.ms).toBeGreaterThanOrEqual(1000); // the SDK waited 1 s and sent it again
    const raw = await postRaw(g.loopback, envelope(QUERY_XML));
    expect(raw.status).toBe(500);
    expect(raw.body).toBe('');
  }, 30_000);

  it('a dropped connection, an injected delay the client sees, a log-normal delay and a slow body', async () => {
    await addRule({ match: 'xml:query', drop: true });
    const dropped = await rejection(sdkClient(g).execute(query(), requestConfig()));
    expect(dropped.message).toMatch(/socket hang up|ECONNRESET/);
    await admin(s, 'DELETE', '/faults');

    const rbq = () => {
      const f = new IA.Functions.Common.ReadByQuery();
      f.objectName = 'VENDOR';
      f.pageSize = 1;
      return f;
    };
    const client = sdkClient(g);
    await addRule({ match: 'xml:readByQuery', delay: '500ms' });
    const slow = await timed(client.execute(rbq(), requestConfig()));
    expect(slow.error).toBeUndefined();
    // Lower bounds only: the injected delay is a floor; comparing with the undelayed request's time fails under load.
    expect(slow.ms).toBeGreaterThanOrEqual(500);
    await admin(s, 'DELETE', '/faults');

    await addRule({ match: 'xml:readByQuery', delayMedian: '300ms', delaySigma: 0 });
    expect((await timed(client.execute(rbq(), requestConfig()))).ms).toBeGreaterThanOrEqual(300);
    await admin(s, 'DELETE', '/faults');

    await addRule({ match: 'xml:query', slowBody: 1000 });
    const trickle = await postRaw(g.loopback, envelope(QUERY_XML));
    expect(trickle.status).toBe(200);
    expect(trickle.body.length).toBeGreaterThan(500);
    expect(trickle.ms).toBeGreaterThanOrEqual((trickle.body.length / 1000) * 1000 * 0.8);
    expect(sdkParse(trickle.body).getResult().status).toBe('success');
  }, 30_000);

  it('a seeded probabilistic rule fires on the same requests in two runs', async () => {
    const runOnce = async (seed: string): Promise<boolean[]> => {
      const rule = await addRule({ match: 'xml:query', error: 'BL01001973', probability: 0.5, seed });
      const fired: boolean[] = [];
      const client = sdkClient(g);
      for (let i = 0; i < 12; i++) {
        const r = await timed(client.execute(query(), requestConfig()));
        if (r.error) expect(errorNumbers(r.error)).toEqual(['BL01001973']);
        fired.push(r.error !== undefined);
      }
      expect((await admin(s, 'DELETE', `/faults/${rule.id}`)).status).toBe(200);
      return fired;
    };
    const first = await runOnce('run-seed');
    const second = await runOnce('run-seed');
    expect(second).toEqual(first);
    expect(first.filter(Boolean).length).toBeGreaterThan(0);
    expect(first.filter(Boolean).length).toBeLessThan(12);
  }, 60_000);

  it("REST: 429 with the REST error body, injected 5xx with a CDN's empty or HTML body, an injected XL03000006 as 401, a drop", async () => {
    await addRule({ match: 'rest:query', status: 429 });
    const limited = await rest(VENDORS);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(JSON.parse(limited.text)['ia::result']['ia::error']).toMatchObject({ code: 'tooManyRequests' });
    // Other operations do not match rest:query.
    expect(
      (
        await fetch(`${s.url}/ia/api/v1/objects/accounts-payable/vendor`, {
          headers: { authorization: `Bearer ${restToken}` },
        })
      ).status,
    ).toBe(200);
    await admin(s, 'DELETE', '/faults');

    await addRule({ match: 'rest:query', status: 503 });
    const html = await rest(VENDORS);
    expect(html.status).toBe(503);
    expect(html.headers.get('content-type')).toMatch(/^text\/html/);
    expect(html.text).toMatch(/503: Service unavailable/);
    await admin(s, 'DELETE', '/faults');

    await addRule({ match: 'rest:/services/core', status: 502, body: 'empty' });
    const empty = await rest(VENDORS);
    expect(empty.status).toBe(502);
    expect(empty.text).toBe('');
    await admin(s, 'DELETE', '/faults');

    await addRule({ match: 'rest:query', company: 'demo', error: 'XL03000006' });
    const auth = await rest(VENDORS);
    expect(auth.status).toBe(401);
    expect(JSON.parse(auth.text)['ia::result']['ia::error']).toMatchObject({
      code: 'unauthorized',
      errorId: 'XL03000006',
    });
    await admin(s, 'DELETE', '/faults');

    await addRule({ match: 'rest', drop: true });
    await expect(rest(VENDORS)).rejects.toThrow();
    await admin(s, 'DELETE', '/faults');
    expect((await rest(VENDORS)).status).toBe(200);
  }, 30_000);

  it('rules match by company; the admin API lists, removes and clears them, and refuses a rule without one effect', async () => {
    await addRule({ match: 'xml:query', company: 'demo2', error: 'XL03000006' });
    expect((await sdkClient(g).execute(query(), requestConfig())).getResult().status).toBe('success');
    expect(
      errorNumbers(await rejection(sdkClient(g, { companyId: 'demo2' }).execute(query(), requestConfig()))),
    ).toEqual(['XL03000006']);
    const second = await addRule({ match: 'rest:query', status: 429 });
    const listed = await admin(s, 'GET', '/faults');
    expect(listed.body.rules.map((r: { description: string }) => r.description)).toEqual([
      expect.stringMatching(/xml:query company demo2 → error XL03000006 \(authentication\)$/),
      expect.stringMatching(/rest:query → HTTP 429/),
    ]);
    expect((await admin(s, 'DELETE', `/faults/${second.id}`)).status).toBe(200);
    expect((await admin(s, 'DELETE', `/faults/${second.id}`)).status).toBe(400);
    expect((await admin(s, 'DELETE', '/faults')).body).toEqual({ removed: 1 });
    expect((await admin(s, 'POST', '/faults', { match: 'xml:query' })).status).toBe(400);
    expect((await admin(s, 'POST', '/faults', { match: 'xml:query', delay: '1s', status: 500 })).status).toBe(400);
    expect((await admin(s, 'POST', '/faults', { match: 'xml:query', status: 418 })).status).toBe(400);
    expect(
      (await admin(s, 'POST', '/faults', { match: 'xml:query', error: 'XL03000006', probability: 2 })).status,
    ).toBe(400);
  }, 30_000);
});
