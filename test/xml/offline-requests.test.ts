// Asynchronous API requests through the SDK's OfflineClient: acknowledged at once, run by a worker, the full response
// POSTed to the policy's callback.

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findCompany } from '../../src/auth/tenancy.ts';
import { listDeliveries, savePolicy } from '../../src/queue/offline-policies.ts';
import { CALLBACKS_PATH } from '../../src/server/callback-receiver.ts';
import { REST_PREFIX } from '../../src/server/rest-api.ts';
import { startServer, type RunningServer } from '../../src/server/serve.ts';
import { bearer, getJson, token } from '../rest/rest-server.ts';
import { XML_GATEWAY_PATH } from '../../src/server/xml-gateway.ts';
import { p, sql } from '../../src/store/sql.ts';
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
  sdkConfig,
  sdkParse,
  testConfig,
  type Gateway,
} from './support/gateway-harness.ts';

/**
 * A callback receiver on loopback that keeps every body it is sent. `answer` decides, per request (numbered from 0),
 * the HTTP status it answers and how long it waits first.
 */
async function startReceiver(
  answer: (n: number) => { status: number; delayMs: number } = () => ({ status: 200, delayMs: 0 }),
): Promise<{ url: string; bodies: string[]; answered: number; dropHung(): void; close(): Promise<void> }> {
  const bodies: string[] = [];
  const state = { answered: 0 };
  /** Requests answered with delayMs Infinity: held open until dropHung() cuts them. */
  const hung = new Set<import('node:net').Socket>();
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => {
      body += c;
    });
    req.on('end', () => {
      const { status, delayMs } = answer(bodies.length);
      bodies.push(body);
      if (delayMs === Infinity) hung.add(req.socket);
      else
        setTimeout(() => {
          state.answered++;
          res.writeHead(status).end('ok');
        }, delayMs);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/callback`,
    bodies,
    get answered() {
      return state.answered;
    },
    dropHung: () => {
      for (const socket of hung) socket.destroy();
      hung.clear();
    },
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
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
    g = {
      server,
      port,
      endpoint: `http://api.intacct.com:${port}${XML_GATEWAY_PATH}`,
      loopback: `http://127.0.0.1:${port}${XML_GATEWAY_PATH}`,
      close: () => server.close(),
    };
    await savePolicy(server.db, (await findCompany(server.db, 'demo'))!.key, 'test-policy', receiver.url);
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    await receiver?.close();
    await cleanup();
  });

  const offline = () => new IA.OfflineClient(sdkConfig(g));

  // protocol §6: "The immediate answer the SDK expects: <acknowledgement><status>success</status></acknowledgement>".
  it('a query with a policy id is acknowledged, run by a worker, and its full response delivered; the job shows Delivered with timings', async () => {
    const query = new IA.Functions.Common.NewQuery.Query();
    query.fromObject = 'VENDOR';
    query.selectFields = [
      new IA.Functions.Common.NewQuery.QuerySelect.Field('VENDORID'),
      new IA.Functions.Common.NewQuery.QuerySelect.Field('NAME'),
    ];
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
      return (
        r.STATE === 'Delivered' &&
        /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(r.TIMESTARTED ?? '') &&
        /^\d+:\d\d:\d\d$/.test(r.ACTIVETIME ?? '') &&
        r.JOBTYPE === 'Asynchronous API requests' &&
        r.DETAILS === 'policy test-policy: 1 function'
      );
    });
  });

  it('policy ledgerq-demo of both demo companies delivers to the receiver built into ledgerq, which keeps the response', async () => {
    for (const companyId of ['demo', 'demo2']) {
      const company = (await findCompany(server.db, companyId))!;
      const read = new IA.Functions.Common.Read();
      read.objectName = 'VENDOR';
      const ack = await new IA.OfflineClient(sdkConfig(g, { companyId })).execute(
        read,
        requestConfig({ policyId: 'ledgerq-demo' }),
      );
      expect(ack.status).toBe('success');
      await until(async () => (await listDeliveries(server.db, company.key)).length === 1);
      const [delivery] = await listDeliveries(server.db, company.key);
      expect(delivery!.policy_id).toBe('ledgerq-demo');
      const result = sdkParse(delivery!.body).getResult();
      expect(result.status).toBe('success');
      expect(result.data.length).toBeGreaterThan(0);
      // The receiver lists what it kept over HTTP, to the company's own bearer token only.
      const tok = await token(`${server.url}${REST_PREFIX}`, `admin@${companyId}`);
      const listed = await getJson(`${server.url}${CALLBACKS_PATH}`, bearer(tok.access_token));
      expect(listed.status).toBe(200);
      expect(listed.body).toMatchObject({
        company: companyId,
        deliveries: [{ policyId: 'ledgerq-demo', jobId: delivery!.job_id, body: delivery!.body }],
      });
    }
    expect((await getJson(`${server.url}${CALLBACKS_PATH}`)).status).toBe(401);
  });

  const jobState = async (jobId: string) =>
    (await server.db.all<{ state: string }>(sql`SELECT state FROM o_jobqueuerecord WHERE jobid = ${p(jobId)}`))[0]
      ?.state;
  const newestAsyncJob = async () =>
    (
      await server.db.all<{
        job_id: string;
      }>(sql`SELECT l.job_id FROM lq_job l JOIN o_jobqueuerecord j ON j.company_key = l.company_key AND j.jobid = l.job_id
    WHERE l.kind = 'async-api' ORDER BY l.queued_ms DESC, j.timequeued DESC LIMIT 1`)
    )[0]!.job_id;

  // issue 7 (C): delivery happens outside the job's transaction, so a slow callback holds no database lock.
  // No timing is asserted (speed belongs to bench/): that the callback had not answered yet while both went through,
  // and the job was still In Progress, is what shows they did not queue behind it.
  it('while a callback takes 6 s to answer, an XML query and a write go through before it answers', async () => {
    const slow = await startReceiver(() => ({ status: 200, delayMs: 6000 }));
    try {
      const demo = (await findCompany(server.db, 'demo'))!;
      await savePolicy(server.db, demo.key, 'slow-policy', slow.url);
      const read = new IA.Functions.Common.Read();
      read.objectName = 'VENDOR';
      expect((await offline().execute(read, requestConfig({ policyId: 'slow-policy' }))).status).toBe('success');
      await until(() => slow.bodies.length === 1);
      const jobId = await newestAsyncJob();
      const query = new IA.Functions.Common.NewQuery.Query();
      query.fromObject = 'VENDOR';
      query.selectFields = [new IA.Functions.Common.NewQuery.QuerySelect.Field('VENDORID')];
      query.pageSize = 1;
      expect((await sdkClient(g).execute(query, requestConfig())).getResult().status).toBe('success');
      const create = new IA.Functions.AccountsPayable.VendorCreate();
      create.vendorId = 'SLOW-CALLBACK-1';
      create.vendorName = 'Written while a callback waits';
      expect((await sdkClient(g).execute(create, requestConfig())).getResult().status).toBe('success');
      // Both answered while the callback was still waiting: neither queued behind the job.
      expect(slow.answered).toBe(0);
      expect(await jobState(jobId)).toBe('In Progress');
      await until(async () => (await jobState(jobId)) === 'Delivered');
    } finally {
      await slow.close();
    }
  });

  // issue 7 (C): the request's effects and its stored response commit once; only the delivery is retried.
  it('a delivery that fails after the request committed is retried with the stored response; the request never runs again', async () => {
    const flaky = await startReceiver((n) => ({ status: n === 0 ? 503 : 200, delayMs: 0 }));
    try {
      const demo = (await findCompany(server.db, 'demo'))!;
      await savePolicy(server.db, demo.key, 'flaky-policy', flaky.url);
      const create = new IA.Functions.AccountsPayable.VendorCreate();
      create.vendorId = 'OFFLINE-ONCE-1';
      create.vendorName = 'Created by an offline request';
      expect((await offline().execute(create, requestConfig({ policyId: 'flaky-policy' }))).status).toBe('success');
      await until(() => flaky.bodies.length === 1);
      const jobId = await newestAsyncJob();
      // The first delivery failed: the job waits for its retry, the vendor and the response already committed.
      await until(async () => (await jobState(jobId)) === 'Deferred');
      const [deferred] = await server.db.all<{ error: string; result: string; checkpoint: string }>(
        sql`SELECT error, result, checkpoint FROM lq_job WHERE job_id = ${p(jobId)}`,
      );
      expect(deferred!.error).toMatch(/answered HTTP 503/);
      expect(deferred!.result).toBe(flaky.bodies[0]);
      expect(JSON.parse(deferred!.checkpoint)).toMatchObject({ phase: 'answered' });
      // Its retry time comes now (the backoff is 10 s), as if the worker had crashed and its lease was taken back.
      await server.db.run(sql`UPDATE lq_job SET run_after = 0 WHERE job_id = ${p(jobId)}`);
      await until(async () => (await jobState(jobId)) === 'Delivered');
      expect(flaky.bodies).toHaveLength(2);
      expect(flaky.bodies[1]).toBe(flaky.bodies[0]);
      expect(sdkParse(flaky.bodies[1]!).getResult().status).toBe('success');
      const vendors = await server.db.all(
        sql`SELECT 1 AS one FROM o_vendor WHERE company_key = ${p(demo.key)} AND vendorid = 'OFFLINE-ONCE-1'`,
      );
      expect(vendors).toHaveLength(1);
      const [done] = await server.db.all<{ attempts: number | string; checkpoint: string }>(
        sql`SELECT attempts, checkpoint FROM lq_job WHERE job_id = ${p(jobId)}`,
      );
      expect(Number(done!.attempts)).toBe(2);
      expect(JSON.parse(done!.checkpoint)).toMatchObject({
        phase: 'delivered',
        outcome: expect.stringMatching(/HTTP 200/),
      });
    } finally {
      await flaky.close();
    }
  });

  // issue 21: a cancel that arrives while the response is on its way to the callback cannot undo the request, which has
  // committed; the job ends Delivered and the cancel is refused. seed queue-administration:177-189 gives cancel's shape.
  it('a cancel during delivery (phase 2) is refused: the request already ran, and the job ends Delivered', async () => {
    const held = await startReceiver(() => ({ status: 200, delayMs: 1500 }));
    try {
      const demo = (await findCompany(server.db, 'demo'))!;
      await savePolicy(server.db, demo.key, 'held-policy', held.url);
      const create = new IA.Functions.AccountsPayable.VendorCreate();
      create.vendorId = 'OFFLINE-CANCEL-LATE';
      create.vendorName = 'Created before a late cancel';
      expect((await offline().execute(create, requestConfig({ policyId: 'held-policy' }))).status).toBe('success');
      await until(() => held.bodies.length === 1);
      const jobId = await newestAsyncJob();
      expect(await jobState(jobId)).toBe('In Progress');
      const cancel = await postRaw(
        g.loopback,
        envelope(
          `<function controlid="c1"><cancel><JOBQUEUERECORD><JOBID>${jobId}</JOBID></JOBQUEUERECORD></cancel></function>`,
        ),
      );
      const refused = sdkParse(cancel.body).getResult();
      expect(refused.status).toBe('failure');
      expect(refused.errors.join(' ')).toMatch(/its request has already run/);
      await until(async () => (await jobState(jobId)) === 'Delivered');
      expect(held.bodies).toHaveLength(1);
      const vendors = await server.db.all(
        sql`SELECT 1 AS one FROM o_vendor WHERE company_key = ${p(demo.key)} AND vendorid = 'OFFLINE-CANCEL-LATE'`,
      );
      expect(vendors).toHaveLength(1);
    } finally {
      await held.close();
    }
  });

  it("an unknown policy id is refused at once with Intacct's error, and nothing is queued", async () => {
    const before = await server.db.all(sql`SELECT job_id FROM lq_job`);
    const read = new IA.Functions.Common.Read();
    read.objectName = 'VENDOR';
    const e = await rejection(offline().execute(read, requestConfig({ policyId: 'no-such-policy' })));
    expect(errorNumbers(e)).toEqual(['BL01001973']);
    expect(String(e.errors)).toMatch(/no-such-policy is not a valid policy/);
    expect(await server.db.all(sql`SELECT job_id FROM lq_job`)).toHaveLength(before.length);
  });

  // issue 7 (C): a worker that dies (here: loses its lease) between the phases; the next one delivers the stored
  // response.
  it('a crash during delivery: the job is taken back after its lease, the stored response is delivered, the request is not run again', async () => {
    const hanging = await startReceiver((n) => ({ status: 200, delayMs: n === 0 ? Infinity : 0 }));
    try {
      const demo = (await findCompany(server.db, 'demo'))!;
      await savePolicy(server.db, demo.key, 'hanging-policy', hanging.url);
      const create = new IA.Functions.AccountsPayable.VendorCreate();
      create.vendorId = 'OFFLINE-CRASH-1';
      create.vendorName = 'Created before a crash';
      expect((await offline().execute(create, requestConfig({ policyId: 'hanging-policy' }))).status).toBe('success');
      await until(() => hanging.bodies.length === 1);
      const jobId = await newestAsyncJob();
      // Phase 1 committed (vendor and response); the worker is stuck in phase 2. Its lease runs out, as a dead worker's
      // does.
      await server.db.run(sql`UPDATE lq_job SET lease_until = 1 WHERE job_id = ${p(jobId)}`);
      await until(async () => (await jobState(jobId)) === 'Queued');
      // The stuck worker's delivery fails now; it no longer holds the job, so it records nothing.
      hanging.dropHung();
      await until(async () => (await jobState(jobId)) === 'Delivered');
      expect(hanging.bodies).toHaveLength(2);
      expect(hanging.bodies[1]).toBe(hanging.bodies[0]);
      const vendors = await server.db.all(
        sql`SELECT 1 AS one FROM o_vendor WHERE company_key = ${p(demo.key)} AND vendorid = 'OFFLINE-CRASH-1'`,
      );
      expect(vendors).toHaveLength(1);
      const [done] = await server.db.all<{ attempts: number | string }>(
        sql`SELECT attempts FROM lq_job WHERE job_id = ${p(jobId)}`,
      );
      expect(Number(done!.attempts)).toBe(2);
    } finally {
      await hanging.close();
    }
  }, 60_000);

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
    const e = await rejection(
      new IA.OfflineClient(sdkConfig(g, { password: 'wrong' })).execute(
        read,
        requestConfig({ policyId: 'test-policy' }),
      ),
    );
    expect(errorNumbers(e)).toContain('XL03000006');
  });
});
