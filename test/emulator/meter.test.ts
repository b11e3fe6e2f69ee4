// The transaction meter after a scripted session (official SDK, raw XML, REST, a worker's asynchronous request) equals
// the count worked out by hand from Intacct's rules.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startJobWorkers } from '../../src/jobs/run-workers.ts';
import { projectMonth } from '../../src/emulator/meter-rules.ts';
import { p, sql } from '../../src/store/sql.ts';
import { XML_GATEWAY_PATH } from '../../src/server/xml-gateway.ts';
import { BACKENDS, testDatabaseUrl } from '../support/databases.ts';
import { envelope, IA, postRaw, requestConfig, SENDER } from '../xml/support/gateway-harness.ts';
import { ADMIN_TOKEN, runCli, startStateServer, type StateServer } from './state-harness.ts';

interface Reading {
  transactions: number;
  byOperation: Record<string, number>;
  projected: number;
  projectedOverage: number;
  allowance: number;
  month: string;
}

/** What the session below costs by the rules of docs/emulator-state.md, worked out by hand. */
const EXPECTED: Record<string, number> = {
  'xml:query': 3 + 1, // three SDK queries, one more run by a worker from the offline queue
  'xml:readByQuery': 1,
  'xml:readMore': 2,
  'xml:create': 3, // one <create> holding three records
  'xml:update': 1,
  'xml:delete': 2, // one <delete> of two keys
  'rest:query': 1 + 2, // a query, then a batch of two
  'rest:read': 1,
  // Not counted: getAPISession, the REST token, failed functions, a rolled-back transaction, a REST 404.
};

/** Seeding and CLI runs (tsx start-up) are slow on a loaded 2-core machine; these cases get more than vitest's 60 s. */
const SLOW = 240_000;

describe.each(BACKENDS)('API transaction meter (%s)', (backend) => {
  const { url, cleanup } = testDatabaseUrl(backend);
  let s: StateServer;

  beforeAll(async () => {
    s = await startStateServer(url);
  }, SLOW);
  afterAll(async () => {
    await s?.close();
    await cleanup();
  });

  const sdk = () => {
    const c = new IA.ClientConfig();
    c.endpointUrl = s.endpoint;
    c.senderId = SENDER.senderId;
    c.senderPassword = SENDER.password;
    c.companyId = 'demo';
    c.userId = 'admin';
    c.userPassword = 'admin';
    return new IA.OnlineClient(c);
  };
  const xml = (functions: string, transaction = false) =>
    postRaw(`${s.base}${XML_GATEWAY_PATH}`, envelope(functions, { transaction }));
  const rest = async (path: string, init: RequestInit = {}) => fetch(`${s.base}/ia/api/v1${path}`, init);

  it(
    'counts a scripted session as Intacct would bill it',
    async () => {
      // XML through the official SDK.
      await sdk().execute(new IA.Functions.ApiSessionCreate(), requestConfig());
      for (const object of ['VENDOR', 'CUSTOMER', 'DEPARTMENT']) {
        const q = new IA.Functions.Common.NewQuery.Query();
        q.assignFromObject(object);
        q.assignSelectFields(
          new IA.Functions.Common.NewQuery.QuerySelect.SelectBuilder().addFields(['RECORDNO']).selects,
        );
        expect((await sdk().execute(q, requestConfig())).getResult().status).toBe('success');
      }
      const rbq = new IA.Functions.Common.ReadByQuery();
      rbq.objectName = 'VENDOR';
      rbq.fields = ['RECORDNO'];
      rbq.pageSize = 10;
      const first = (await sdk().execute(rbq, requestConfig())).getResult();
      for (let i = 0; i < 2; i++) {
        const more = new IA.Functions.Common.ReadMore();
        more.resultId = first.resultId;
        expect((await sdk().execute(more, requestConfig())).getResult().count).toBe(10);
      }

      // Writes as raw XML: three records in one create, one update, a delete of two keys.
      const created = await xml(
        `<function controlid="c"><create>${['A', 'B', 'C'].map((x) => `<DEPARTMENT><DEPARTMENTID>MT-${x}</DEPARTMENTID><TITLE>meter ${x}</TITLE></DEPARTMENT>`).join('')}</create></function>`,
      );
      const keys = [...created.body.matchAll(/<RECORDNO>(\d+)<\/RECORDNO>/g)].map((m) => m[1]);
      expect(keys).toHaveLength(3);
      expect(
        (
          await xml(
            '<function controlid="u"><update><DEPARTMENT><DEPARTMENTID>MT-C</DEPARTMENTID><TITLE>changed</TITLE></DEPARTMENT></update></function>',
          )
        ).body,
      ).toContain('<status>success</status>');
      expect(
        (
          await xml(
            `<function controlid="d"><delete><object>DEPARTMENT</object><keys>${keys[0]},${keys[1]}</keys></delete></function>`,
          )
        ).body,
      ).toContain('<status>success</status>');
      // Failures cost nothing: an unknown object, and a transaction rolled back by its second function.
      expect(
        (
          await xml(
            '<function controlid="bad"><query><object>NOSUCH</object><select><field>X</field></select></query></function>',
          )
        ).body,
      ).toContain('<status>failure</status>');
      const rolled = await xml(
        '<function controlid="ok"><create><DEPARTMENT><DEPARTMENTID>MT-TX</DEPARTMENTID><TITLE>tx</TITLE></DEPARTMENT></create></function>' +
          '<function controlid="bad"><create><DEPARTMENT><TITLE>no id</TITLE></DEPARTMENT></create></function>',
        true,
      );
      expect(rolled.body).toContain('XL03000009');

      // REST: the token is free; a query, a batch of two, a read by key; a 404 costs nothing.
      const token = (await (
        await rest('/oauth2/token', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            grant_type: 'client_credentials',
            client_id: 'ledgerq-demo',
            client_secret: 'ledgerq-demo',
            username: 'admin@demo',
          }),
        })
      ).json()) as { access_token: string };
      const auth = { authorization: `Bearer ${token.access_token}`, 'content-type': 'application/json' };
      const query = { object: 'company-config/location', fields: ['id', 'key'] };
      const one = await rest('/services/core/query', { method: 'POST', headers: auth, body: JSON.stringify(query) });
      expect(one.status).toBe(200);
      const location = ((await one.json()) as { 'ia::result': { key: string }[] })['ia::result'][0]!;
      expect(
        (await rest('/services/core/query', { method: 'POST', headers: auth, body: JSON.stringify([query, query]) }))
          .status,
      ).toBe(200);
      expect((await rest(`/objects/company-config/location/${location.key}`, { headers: auth })).status).toBe(200);
      expect(
        (
          await rest('/services/core/query', {
            method: 'POST',
            headers: auth,
            body: JSON.stringify({ object: 'nothing/here', fields: ['id'] }),
          })
        ).status,
      ).toBe(404);

      // An asynchronous request: acknowledged (free), then run by a worker, whose query counts.
      const offline = await postRaw(
        `${s.base}${XML_GATEWAY_PATH}`,
        envelope(
          '<function controlid="q"><query><object>VENDOR</object><select><field>VENDORID</field></select></query></function>',
        ).replace('<dtdversion>3.0</dtdversion>', '<dtdversion>3.0</dtdversion><policyid>ledgerq-demo</policyid>'),
      );
      expect(offline.body).toContain('<status>success</status>');
      const delivered = async () =>
        (await s.db.all(sql`SELECT 1 FROM lq_callback_delivery WHERE body LIKE ${p('%<controlid>q</controlid>%')}`))
          .length;
      const workers = startJobWorkers(s.db, s.catalog, 1, false)!;
      try {
        for (let i = 0; i < 200 && (await delivered()) === 0; i++) await new Promise((r) => setTimeout(r, 100));
      } finally {
        await workers.stop();
      }
      expect(await delivered()).toBe(1);

      const reading = await s.admin<Reading>('GET', '/meter?company=demo');
      expect(reading.status).toBe(200);
      expect(reading.body.byOperation).toEqual(EXPECTED);
      const total = Object.values(EXPECTED).reduce((a, b) => a + b, 0);
      expect(reading.body.transactions).toBe(total);
      expect(reading.body.allowance).toBe(100_000);
      expect(reading.body.projected).toBeGreaterThanOrEqual(total);
      // The other company's meter did not move.
      expect((await s.admin<Reading>('GET', '/meter?company=demo2')).body.transactions).toBe(0);
    },
    SLOW,
  );

  it(
    'shows the same count through the CLI and on /metrics (prom-client default registry)',
    async () => {
      const total = Object.values(EXPECTED).reduce((a, b) => a + b, 0);
      const cli = await runCli([
        'admin',
        '--url',
        s.base,
        '--token',
        ADMIN_TOKEN,
        'meter',
        '--company',
        'demo',
        '--json',
      ]);
      expect(cli.stderr).toBe('');
      expect((JSON.parse(cli.stdout) as Reading).transactions).toBe(total);
      // GET /metrics serves prom-client's default registry to the admin token.
      const scraped = await fetch(`${s.base}/metrics`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
      expect(scraped.status).toBe(200);
      const metrics = await scraped.text();
      expect(metrics).toMatch(
        new RegExp(`ledgerq_api_transactions\\{company="demo",month="\\d{4}-\\d{2}"\\} ${total}\\b`),
      );
    },
    SLOW,
  );

  it(
    'writes its counts to the table on its own within about a second, for the other processes to read',
    async () => {
      const stored = async () =>
        Number(
          (
            await s.db.all<{ n: number | string }>(sql`SELECT transactions AS n FROM lq_meter_count
      WHERE company_id = 'demo' AND month = ${p(new Date().toISOString().slice(0, 7))} AND operation = 'rest:model'`)
          )[0]?.n ?? 0,
        );
      const before = await stored();
      const token = (await (
        await fetch(`${s.base}/ia/api/v1/oauth2/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            grant_type: 'client_credentials',
            client_id: 'ledgerq-demo',
            client_secret: 'ledgerq-demo',
            username: 'admin@demo',
          }),
        })
      ).json()) as { access_token: string };
      expect(
        (
          await fetch(`${s.base}/ia/api/v1/services/core/model?name=company-config/location`, {
            headers: { authorization: `Bearer ${token.access_token}` },
          })
        ).status,
      ).toBe(200);
      // Read straight from the table (no admin read, which would flush): the once-a-second timer writes it.
      const started = Date.now();
      while ((await stored()) === before && Date.now() - started < 5000) await new Promise((r) => setTimeout(r, 50));
      expect(await stored()).toBe(before + 1);
    },
    SLOW,
  );

  it('projects the month at the pace so far, and reports the overage at the tier-1 allowance', () => {
    const mid = Date.UTC(2026, 10, 16); // half of November (30 days) elapsed
    expect(projectMonth(60_000, '2026-11', mid)).toMatchObject({
      projected: 120_000,
      projectedOverage: 20_000,
      elapsedFraction: 0.5,
    });
    expect(projectMonth(10_000, '2026-11', mid)).toMatchObject({ projected: 20_000, projectedOverage: 0 });
    expect(projectMonth(150_000, '2026-10', mid)).toMatchObject({
      projected: 150_000,
      projectedOverage: 50_000,
      elapsedFraction: 1,
    });
  });
});
