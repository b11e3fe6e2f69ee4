// Limits on a dial through real servers, the admin API and the official SDK: concurrency (counted once across two
// servers on one database), page sizes, IN-list, offline size, queue lanes, the admin token.

import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findCompany } from '../../src/auth/tenancy.ts';
import { loadConfig } from '../../src/app/config.ts';
import { readCompanySettings } from '../../src/emulator/company-settings.ts';
import { acquireSlot, releaseSlot, SLOT_LEASE_MS } from '../../src/emulator/concurrency-slots.ts';
import { resolveLimits } from '../../src/emulator/limit-settings.ts';
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
  testConfig,
  type Gateway,
} from '../xml/support/gateway-harness.ts';

const TOKEN = 'limits-test-token';
const Q = IA.Functions.Common.NewQuery;
const run = promisify(execFile);
const BIN = new URL('../../bin/ledgerq.mjs', import.meta.url).pathname;

function gatewayOf(server: RunningServer): Gateway {
  const port = Number(new URL(server.url).port);
  return {
    server,
    port,
    endpoint: `http://api.intacct.com:${port}${XML_GATEWAY_PATH}`,
    loopback: `http://127.0.0.1:${port}${XML_GATEWAY_PATH}`,
    close: () => server.close(),
  };
}

async function admin<T = any>(
  server: RunningServer,
  method: string,
  path: string,
  body?: unknown,
  token: string | null = TOKEN,
): Promise<{ status: number; body: T }> {
  const res = await fetch(`${server.url}/ledgerq/admin${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}

function vendorQuery(pageSize?: number): IA.Functions.Common.NewQuery.Query {
  const q = new Q.Query();
  q.assignFromObject('VENDOR');
  q.assignSelectFields(new Q.QuerySelect.SelectBuilder().addFields(['VENDORID']).selects);
  if (pageSize !== undefined) q.assignPageSize(pageSize);
  return q;
}

async function restToken(server: RunningServer): Promise<string> {
  const res = await fetch(`${server.url}/ia/api/v1/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: 'ledgerq-demo',
      client_secret: 'ledgerq-demo',
      username: 'admin@demo',
    }),
  });
  return ((await res.json()) as { access_token: string }).access_token;
}

async function restQuery(
  server: RunningServer,
  token: string,
  body: unknown,
): Promise<{ status: number; headers: Headers; body: any }> {
  const res = await fetch(`${server.url}/ia/api/v1/services/core/query`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, body: await res.json() };
}

const settle = <T>(ps: Promise<T>[]) => Promise.allSettled(ps);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('limit precedence (no database; sqlite and postgres alike)', () => {
  it('a company setting wins over the configuration, which wins over the built-in value; off turns a limit off', () => {
    const r = resolveLimits(
      new Map([
        ['limit.in-list', '5'],
        ['limit.page-size-rest', 'off'],
      ]),
      { 'in-list': 7, concurrency: 3, 'page-size-query': 'off' },
    );
    const v = Object.fromEntries(r.map((x) => [x.name, [x.value, x.source]]));
    expect(v['in-list']).toEqual([5, 'company']);
    expect(v['page-size-rest']).toEqual([null, 'company']);
    expect(v.concurrency).toEqual([3, 'config']);
    expect(v['page-size-query']).toEqual([null, 'config']);
    expect(v['page-size-read-by-query']).toEqual([1000, 'builtin']);
  });

  it('ledgerq.config.json holds default limits and the admin token; a bad limit is a configuration error', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ledgerq-limits-'));
    try {
      const file = join(dir, 'ledgerq.config.json');
      writeFileSync(file, JSON.stringify({ adminToken: 'from-file', limits: { concurrency: 2, 'in-list': 'off' } }));
      const c = loadConfig({ config: file }, {}, dir);
      expect(c.limits).toEqual({ concurrency: 2, 'in-list': 'off' });
      expect(c.adminToken).toBe('from-file');
      expect(loadConfig({ config: file }, { LEDGERQ_ADMIN_TOKEN: 'from-env' }, dir).adminToken).toBe('from-env');
      writeFileSync(file, JSON.stringify({ limits: { concurrency: 0 } }));
      expect(() => loadConfig({ config: file }, {}, dir)).toThrow(/concurrency must be a positive integer or "off"/);
      writeFileSync(file, JSON.stringify({ limits: { speed: 1 } }));
      expect(() => loadConfig({ config: file }, {}, dir)).toThrow(/speed is not a limit/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.each(BACKENDS)('limits on a dial on %s', (backend) => {
  const { url, cleanup } = gatewayDatabase(backend);
  let a: RunningServer;
  let b: RunningServer;
  let ga: Gateway;
  let gb: Gateway;

  beforeAll(async () => {
    a = await startServer(testConfig(url), { logger: false, adminToken: TOKEN });
    // A second server on the same database: another process as far as the limits can tell (nothing is shared but the
    // database).
    b = await startServer(testConfig(url), { logger: false, adminToken: TOKEN, seedDemo: false });
    ga = gatewayOf(a);
    gb = gatewayOf(b);
  }, 120_000);
  afterAll(async () => {
    await b?.close();
    await a?.close();
    await cleanup();
  });

  const setLimits = async (set: Record<string, unknown>, reset: string[] = []) => {
    const r = await admin(a, 'PUT', '/limits', { company: 'demo', set, reset });
    expect(r.status).toBe(200);
    return r.body;
  };
  const clearAll = async () => {
    await admin(a, 'DELETE', '/faults');
    await setLimits({}, [
      'concurrency',
      'page-size-query',
      'page-size-read-by-query',
      'page-size-rest',
      'in-list',
      'async-request-size',
      'session-timeout',
    ]);
  };

  it('the admin API wants the bearer token', async () => {
    expect((await admin(a, 'GET', '/limits?company=demo', undefined, null)).status).toBe(401);
    expect((await admin(a, 'GET', '/limits?company=demo', undefined, 'wrong')).status).toBe(401);
    const shown = await admin(a, 'GET', '/limits?company=demo');
    expect(shown.status).toBe(200);
    const concurrency = shown.body.limits.find((l: { name: string }) => l.name === 'concurrency');
    expect(concurrency).toMatchObject({ value: 'off', source: 'builtin', intacct: 2 });
    expect((await admin(a, 'GET', '/limits?company=nope')).status).toBe(404);
    expect((await admin(a, 'PUT', '/limits', { company: 'demo', set: { concurrency: 0 } })).status).toBe(400);
    expect((await admin(a, 'PUT', '/limits', { company: 'demo', set: { bogus: 1 } })).status).toBe(400);
  });

  it('concurrency 2: the third concurrent SDK client gets GW-0010 (HTTP 429), raised by the SDK as a control failure', async () => {
    await setLimits({ concurrency: 2 });
    // Slow requests so that three overlap: the delay is served while the slot is held.
    expect((await admin(a, 'POST', '/faults', { match: 'xml:query', company: 'demo', delay: '700ms' })).status).toBe(
      201,
    );
    const outcomes = await settle([0, 1, 2].map(() => sdkClient(ga).execute(vendorQuery(1), requestConfig())));
    const refused = outcomes
      .filter((o) => o.status === 'rejected')
      .map((o) => (o as PromiseRejectedResult).reason as Error & { errors?: string[] });
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(2);
    expect(refused).toHaveLength(1);
    expect(refused[0]).toBeInstanceOf(IA.Exceptions.ResponseException);
    expect(refused[0]!.message).toMatch(/^Response control status failure - GW-0010 /);
    expect(errorNumbers(refused[0])).toEqual(['GW-0010']);
    // The raw answer: HTTP 429, text/xml, a control with its status alone and the GW-0010 error.
    const [r1, r2, r3] = await Promise.all(
      [0, 1, 2].map(() =>
        postRaw(
          ga.loopback,
          envelope(
            '<function controlid="q"><query><object>VENDOR</object><select><field>VENDORID</field></select><pagesize>1</pagesize></query></function>',
          ),
        ),
      ),
    );
    const raws = [r1!, r2!, r3!].sort((x, y) => y.status - x.status);
    expect(raws.map((r) => r.status)).toEqual([429, 200, 200]);
    expect(raws[0]!.contentType).toMatch(/^text\/xml/);
    expect(raws[0]!.body).toMatch(
      /<control><status>failure<\/status><\/control><errormessage><error><errorno>GW-0010<\/errorno>/,
    );
    // Every slot was given back.
    expect((await admin(a, 'GET', '/limits?company=demo')).body.inFlight).toBe(0);
    await clearAll();
  }, 30_000);

  it('concurrency is counted once across two servers sharing the database, and a change reaches the other within a second', async () => {
    await setLimits({ concurrency: 2 });
    expect((await admin(a, 'POST', '/faults', { match: 'xml:query', company: 'demo', delay: '800ms' })).status).toBe(
      201,
    );
    await sleep(1100); // b reads the new limit and rule within its cache's second
    const calls = [ga, ga, gb, gb].map((g) => sdkClient(g).execute(vendorQuery(1), requestConfig()));
    const outcomes = await settle(calls);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(2);
    const refused = outcomes
      .filter((o) => o.status === 'rejected')
      .map((o) => errorNumbers((o as PromiseRejectedResult).reason));
    expect(refused).toEqual([['GW-0010'], ['GW-0010']]);
    // Off again: four at once all pass, on either server.
    await setLimits({ concurrency: 'off' });
    await sleep(1100);
    const free = await settle([ga, ga, gb, gb].map((g) => sdkClient(g).execute(vendorQuery(1), requestConfig())));
    expect(free.filter((o) => o.status === 'fulfilled')).toHaveLength(4);
    await clearAll();
    await sleep(1100); // b forgets the rule before it serves anything else
  }, 40_000);

  it('a sequential client is never refused, even at a limit of 1; a slot held by a crashed process frees itself at its expiry', async () => {
    await setLimits({ concurrency: 1 });
    const client = sdkClient(ga);
    for (let i = 0; i < 8; i++)
      expect((await client.execute(vendorQuery(1), requestConfig())).getResult().status).toBe('success');
    const demo = (await findCompany(a.db, 'demo'))!;
    // A process takes the only slot and dies without releasing it.
    const lost = await acquireSlot(a.db, demo.key, 1);
    expect(lost).not.toBeNull();
    expect(await acquireSlot(a.db, demo.key, 1)).toBeNull();
    expect(errorNumbers(await rejection(client.execute(vendorQuery(1), requestConfig())))).toEqual(['GW-0010']);
    const later = await acquireSlot(a.db, demo.key, 1, Date.now() + SLOT_LEASE_MS + 1);
    expect(later?.slotNo).toBe(1);
    await releaseSlot(a.db, later!);
    expect((await client.execute(vendorQuery(1), requestConfig())).getResult().status).toBe('success');
    await clearAll();
  }, 30_000);

  it('REST: over the concurrency limit answers 429 with the REST error body and Retry-After', async () => {
    await setLimits({ concurrency: 2 });
    expect((await admin(a, 'POST', '/faults', { match: 'rest:query', company: 'demo', delay: '700ms' })).status).toBe(
      201,
    );
    const token = await restToken(a);
    const answers = await Promise.all(
      [0, 1, 2].map(() => restQuery(a, token, { object: 'accounts-payable/vendor', fields: ['id'], size: 1 })),
    );
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 200, 429]);
    const refused = answers.find((r) => r.status === 429)!;
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(refused.body['ia::result']['ia::error']).toMatchObject({
      code: 'tooManyRequests',
      errorId: 'limit.concurrency',
    });
    expect(refused.body['ia::meta']).toEqual({ totalCount: 1, totalSuccess: 0, totalError: 1 });
    expect((await admin(a, 'GET', '/limits?company=demo')).body.inFlight).toBe(0);
    await clearAll();
  }, 30_000);

  it("page sizes: a cap of 10 serves 10 rows to pagesize 100 (numremaining tells the rest); over Intacct's own maximum is still its error", async () => {
    await setLimits({ 'page-size-query': 10, 'page-size-read-by-query': 5, 'page-size-rest': 10 });
    const client = sdkClient(ga);
    const page = (await client.execute(vendorQuery(), requestConfig())).getResult();
    expect(page.count).toBe(10);
    expect(page.numRemaining).toBe(page.totalCount - 10);
    const asked100 = (await client.execute(vendorQuery(100), requestConfig())).getResult();
    expect(asked100.count).toBe(10);
    expect(asked100.numRemaining).toBe(asked100.totalCount - 10);
    const over = await postRaw(
      ga.loopback,
      envelope(
        '<function controlid="q"><query><object>VENDOR</object><select><field>VENDORID</field></select><pagesize>2001</pagesize></query></function>',
      ),
    );
    expect(over.body).toMatch(
      /<status>failure<\/status><function>query<\/function>.*<errorno>BL01001973<\/errorno>.*pagesize must be an integer from 1 to 2000/s,
    );
    const rbq = new IA.Functions.Common.ReadByQuery();
    rbq.objectName = 'VENDOR';
    rbq.fields = ['VENDORID'];
    expect((await client.execute(rbq, requestConfig())).getResult().count).toBe(5);
    // The SDK's readByQuery always asks for 1,000: served 5.
    // The other company keeps Intacct's values.
    expect(
      (await sdkClient(ga, { companyId: 'demo2' }).execute(vendorQuery(), requestConfig())).getResult().count,
    ).toBeGreaterThan(10);
    const token = await restToken(a);
    const rest = await restQuery(a, token, { object: 'accounts-payable/vendor', fields: ['id'] });
    expect(rest.status).toBe(200);
    expect(rest.body['ia::result']).toHaveLength(10);
    expect(rest.body['ia::meta'].pageSize).toBe(10);
    expect(
      (await restQuery(a, token, { object: 'accounts-payable/vendor', fields: ['id'], size: 100 })).body['ia::result'],
    ).toHaveLength(10);
    expect((await restQuery(a, token, { object: 'accounts-payable/vendor', fields: ['id'], size: 4001 })).status).toBe(
      400,
    );
    await clearAll();
    expect((await client.execute(vendorQuery(), requestConfig())).getResult().count).toBe(
      Math.min(100, page.totalCount),
    );
  }, 30_000);

  it('IN-list: a limit of 2 refuses three values; off lets 1,001 through', async () => {
    await setLimits({ 'in-list': 2 });
    const inQuery = (n: number) => {
      const q = vendorQuery(1);
      q.assignFilter(new Q.QueryFilter.Filter('VENDORID').in(Array.from({ length: n }, (_, i) => `V-${i}`)));
      return q;
    };
    const client = sdkClient(ga);
    expect((await client.execute(inQuery(2), requestConfig())).getResult().status).toBe('success');
    const refused = await rejection(client.execute(inQuery(3), requestConfig()));
    expect(errorNumbers(refused)).toEqual(['BL01001973']);
    expect(refused.message).toMatch(/at most 2 values/);
    await setLimits({ 'in-list': 'off' });
    expect((await client.execute(inQuery(1001), requestConfig())).getResult().status).toBe('success');
    await clearAll();
    expect(errorNumbers(await rejection(client.execute(inQuery(1001), requestConfig())))).toEqual(['BL01001973']);
  }, 30_000);

  it('the offline request size limit and the queue lanes are per company settings in the database', async () => {
    await setLimits({ 'async-request-size': 200, 'queue-api': 3, 'queue-report': 1 });
    const offline = envelope(
      '<function controlid="q"><query><object>VENDOR</object><select><field>VENDORID</field></select></query></function>',
    ).replace('<dtdversion>3.0</dtdversion>', '<dtdversion>3.0</dtdversion><policyid>ledgerq-demo</policyid>');
    const answer = await postRaw(ga.loopback, offline);
    expect(answer.body).toMatch(/<errorno>XL03000003<\/errorno>/);
    expect(answer.body).toMatch(/at most 200 characters/);
    const demo = (await findCompany(a.db, 'demo'))!;
    const rows = await readCompanySettings(a.db, demo.key);
    expect(rows.get('queue.api')).toBe('3');
    expect(rows.get('queue.report')).toBe('1');
    expect((await admin(a, 'PUT', '/limits', { company: 'demo', set: { 'queue-api': 'off' } })).status).toBe(400);
    await setLimits({}, ['queue-api', 'queue-report']);
    expect((await readCompanySettings(a.db, demo.key)).has('queue.api')).toBe(false);
    await clearAll();
    expect((await postRaw(ga.loopback, offline)).body).toMatch(/<acknowledgement><status>success<\/status>/);
  }, 30_000);

  it("session timeout: a company's own sliding timeout decides when an idle session dies", async () => {
    await setLimits({ 'session-timeout': 1 });
    const opened = await postRaw(ga.loopback, envelope('<function controlid="s"><getAPISession/></function>'));
    const sessionId = /<sessionid>([^<]+)<\/sessionid>/.exec(opened.body)![1]!;
    const q =
      '<function controlid="q"><query><object>VENDOR</object><select><field>VENDORID</field></select><pagesize>1</pagesize></query></function>';
    const used = await postRaw(ga.loopback, envelope(q, { sessionId }));
    expect(used.body).toMatch(/<status>success<\/status><function>query/);
    const [stamp, timeout] = [...used.body.matchAll(/<session(?:timestamp|timeout)>([^<]+)</g)].map((m) =>
      Date.parse(m[1]!),
    );
    expect(timeout! - stamp!).toBe(1000);
    await sleep(1300);
    const dead = await postRaw(ga.loopback, envelope(q, { sessionId }));
    expect(dead.body).toMatch(/<authentication><status>failure<\/status>.*<errorno>XL03000006<\/errorno>/s);
    await setLimits({}, ['session-timeout']);
    const fresh = /<sessionid>([^<]+)<\/sessionid>/.exec(
      (await postRaw(ga.loopback, envelope('<function controlid="s"><getAPISession/></function>'))).body,
    )![1]!;
    await sleep(1300);
    expect((await postRaw(ga.loopback, envelope(q, { sessionId: fresh }))).body).toMatch(
      /<status>success<\/status><function>query/,
    );
    await clearAll();
  }, 30_000);

  it.runIf(backend === 'sqlite')(
    'a generated admin token is written beside the SQLite file (mode 0600) and `ledgerq admin` reads it',
    async () => {
      const own = await startServer({ ...testConfig(url), adminToken: null }, { logger: false, seedDemo: false });
      try {
        expect(own.admin.source).toBe('generated');
        const file = join(dirname(url.slice('sqlite:'.length)), 'admin-token');
        expect(own.admin.file).toBe(file);
        expect(statSync(file).mode & 0o777).toBe(0o600);
        // Asynchronously: the server answering the CLI runs in this process.
        const cli = await run(
          process.execPath,
          [BIN, 'admin', '--url', own.url, 'limits', 'set', '--company', 'demo', '--in-list', '7', '--json'],
          {
            env: { ...process.env, LEDGERQ_DB: url, LEDGERQ_ADMIN_TOKEN: '' },
            timeout: 60_000,
          },
        );
        expect(JSON.parse(cli.stdout).limits.find((l: { name: string }) => l.name === 'in-list')).toMatchObject({
          value: 7,
          source: 'company',
        });
      } finally {
        await own.close();
        await clearAll();
      }
      // The token died with its server, and so did its file.
      expect(existsSync(join(dirname(url.slice('sqlite:'.length)), 'admin-token'))).toBe(false);
    },
    60_000,
  );
});
