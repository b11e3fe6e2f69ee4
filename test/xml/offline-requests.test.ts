// Asynchronous API requests through the SDK's OfflineClient: acknowledged at once, run by a worker, the full response POSTed to the policy's callback.

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findCompany } from '../../src/auth/tenancy.ts';
import { listDeliveries, savePolicy } from '../../src/jobs/offline-policies.ts';
import { CALLBACKS_PATH } from '../../src/server/callback-receiver.ts';
import { REST_PREFIX } from '../../src/server/rest-api.ts';
import { startServer, type RunningServer } from '../../src/server/serve.ts';
import { bearer, getJson, token } from '../rest/rest-server.ts';
import { XML_GATEWAY_PATH } from '../../src/server/xml-gateway.ts';
import { sql } from '../../src/store/sql.ts';
import { BACKENDS } from '../support/databases.ts';
import { errorNumbers, gatewayDatabase, IA, rejection, requestConfig, sdkClient, sdkConfig, sdkParse, testConfig, type Gateway } from './support/gateway-harness.ts';

/** A callback receiver on loopback that keeps every body it is sent. */
async function startReceiver(): Promise<{ url: string; bodies: string[]; close(): Promise<void> }> {
  const bodies: string[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => { body += c; });
    req.on('end', () => { bodies.push(body); res.writeHead(200).end('ok'); });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/callback`, bodies, close: () => new Promise((r) => server.close(() => r())) };
}

async function until(check: () => boolean | Promise<boolean>, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.each(BACKENDS)('offline requests through the OfflineClient on %s', (backend) => {
  const { url, cleanup } = gatewayDatabase(backend);
  let server: RunningServer;
  let g: Gateway;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  beforeAll(async () => {
    receiver = await startReceiver();
    server = await startServer(testConfig(url), { logger: false, workers: 1 });
    const port = Number(new URL(server.url).port);
    g = { server, port, endpoint: `http://api.intacct.com:${port}${XML_GATEWAY_PATH}`, loopback: `http://127.0.0.1:${port}${XML_GATEWAY_PATH}`, close: () => server.close() };
    await savePolicy(server.db, (await findCompany(server.db, 'demo'))!.pk, 'test-policy', receiver.url);
  }, 60_000);
  afterAll(async () => { await server?.close(); await receiver?.close(); await cleanup(); });

  const offline = () => new IA.OfflineClient(sdkConfig(g));

  // protocol §6: "The immediate answer the SDK expects: <acknowledgement><status>success</status></acknowledgement>".
  it('a query with a policy id is acknowledged, run by a worker, and its full response delivered; the job shows Delivered with timings', async () => {
    const query = new IA.Functions.Common.NewQuery.Query();
    query.fromObject = 'VENDOR';
    query.selectFields = [new IA.Functions.Common.NewQuery.QuerySelect.Field('VENDORID'), new IA.Functions.Common.NewQuery.QuerySelect.Field('NAME')];
    query.pageSize = 5;
    const ack = await offline().execute(query, requestConfig({ policyId: 'test-policy' }));
    expect(ack.status).toBe('success');

    await until(() => receiver.bodies.length > 0);
    const delivered = sdkParse(receiver.bodies[0]!).getResult();
    expect(delivered.status).toBe('success');
    expect(delivered.data).toHaveLength(5);
    expect(Object.keys(delivered.data[0] as object)).toEqual(['VENDORID', 'NAME']);

    const [job] = await server.db.all<{ job_id: string }>(sql`SELECT job_id FROM lq_job WHERE kind = 'async-api'`);
    await until(async () => {
      const read = new IA.Functions.Common.Read();
      read.objectName = 'JOBQUEUERECORD';
      // The SDK types keys as record numbers; JOBQUEUERECORD's keys are JOBIDs.
      read.keys = [job!.job_id] as unknown as number[];
      const r = (await sdkClient(g).execute(read, requestConfig())).getResult().data[0] as Record<string, string>;
      return r.STATE === 'Delivered' && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(r.TIMESTARTED ?? '') && /^\d+:\d\d:\d\d$/.test(r.ACTIVETIME ?? '')
        && r.JOBTYPE === 'Asynchronous API requests' && r.DETAILS === 'policy test-policy: 1 function';
    });
  });

  it('policy ledgerq-demo of both demo companies delivers to the receiver built into ledgerq, which keeps the response', async () => {
    for (const companyId of ['demo', 'demo2']) {
      const company = (await findCompany(server.db, companyId))!;
      const read = new IA.Functions.Common.Read();
      read.objectName = 'VENDOR';
      const ack = await new IA.OfflineClient(sdkConfig(g, { companyId })).execute(read, requestConfig({ policyId: 'ledgerq-demo' }));
      expect(ack.status).toBe('success');
      await until(async () => (await listDeliveries(server.db, company.pk)).length === 1);
      const [delivery] = await listDeliveries(server.db, company.pk);
      expect(delivery!.policy_id).toBe('ledgerq-demo');
      const result = sdkParse(delivery!.body).getResult();
      expect(result.status).toBe('success');
      expect(result.data.length).toBeGreaterThan(0);
      // The receiver lists what it kept over HTTP, to the company's own bearer token only.
      const tok = await token(`${server.url}${REST_PREFIX}`, `admin@${companyId}`);
      const listed = await getJson(`${server.url}${CALLBACKS_PATH}`, bearer(tok.access_token));
      expect(listed.status).toBe(200);
      expect(listed.body).toMatchObject({ company: companyId, deliveries: [{ policyId: 'ledgerq-demo', jobId: delivery!.job_id, body: delivery!.body }] });
    }
    expect((await getJson(`${server.url}${CALLBACKS_PATH}`)).status).toBe(401);
  });

  it('an unknown policy id is refused at once with Intacct\'s error, and nothing is queued', async () => {
    const before = await server.db.all(sql`SELECT job_id FROM lq_job`);
    const read = new IA.Functions.Common.Read();
    read.objectName = 'VENDOR';
    const e = await rejection(offline().execute(read, requestConfig({ policyId: 'no-such-policy' })));
    expect(errorNumbers(e)).toEqual(['BL01001973']);
    expect(String(e.errors)).toMatch(/no-such-policy is not a valid policy/);
    expect(await server.db.all(sql`SELECT job_id FROM lq_job`)).toHaveLength(before.length);
  });

  it('a request over 500,000 characters is answered with its error at once, not queued', async () => {
    const before = await server.db.all(sql`SELECT job_id FROM lq_job`);
    const query = new IA.Functions.Common.ReadByQuery();
    query.objectName = 'VENDOR';
    query.query = `VENDORID IN (${Array.from({ length: 80_000 }, (_, i) => `'V${i}'`).join(',')})`;
    const e = await rejection(offline().execute(query, requestConfig({ policyId: 'test-policy' })));
    expect(String(e.errors)).toMatch(/at most 500000 characters/);
    expect(await server.db.all(sql`SELECT job_id FROM lq_job`)).toHaveLength(before.length);
  });

  it('a request that fails sign-in is answered with its error at once, not acknowledged', async () => {
    const read = new IA.Functions.Common.Read();
    read.objectName = 'VENDOR';
    const e = await rejection(new IA.OfflineClient(sdkConfig(g, { password: 'wrong' })).execute(read, requestConfig({ policyId: 'test-policy' })));
    expect(errorNumbers(e)).toContain('XL03000006');
  });
});
