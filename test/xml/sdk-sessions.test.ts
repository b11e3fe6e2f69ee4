// The XML gateway's sign-in as the official Intacct SDK meets it over real HTTP: logins, sessions, entities, throttling
// and each sign-in error.

import { execFile } from 'node:child_process';
import http from 'node:http';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBanner } from '../../src/cli/banner.ts';
import { addSender } from '../../src/auth/tenancy.ts';
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
  startGateway,
  testConfig,
  type Gateway,
} from './support/gateway-harness.ts';

const runShell = promisify(execFile);

const Q = IA.Functions.Common.NewQuery;

function query(
  object: string,
  fields: string[],
  build: (q: IA.Functions.Common.NewQuery.Query) => void = () => {},
): IA.Functions.Common.NewQuery.Query {
  const q = new Q.Query();
  q.assignFromObject(object);
  q.assignSelectFields(new Q.QuerySelect.SelectBuilder().addFields(fields).selects);
  build(q);
  return q;
}

type Rec = Record<string, string>;

/** A raw query function, for requests posted from a chosen client address. */
const query0 =
  '<function controlid="q"><query><object>VENDOR</object><select><field>VENDORID</field></select></query></function>';

/** Posts a gateway request from `localAddress` (any 127.x address reaches the loopback server on Linux). */
function postFrom(localAddress: string, port: number, body: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path: XML_GATEWAY_PATH,
        method: 'POST',
        localAddress,
        headers: { 'content-type': 'application/xml' },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          text += c;
        });
        res.on('end', () => resolve(text));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe.each(BACKENDS)('XML gateway sign-in and sessions through the Intacct SDK on %s', (backend) => {
  const { url, cleanup } = gatewayDatabase(backend);
  let g: Gateway;
  const run = async (fn: IA.Functions.IFunction, login = {}) =>
    (await sdkClient(g, login).execute(fn, requestConfig())).getResult();

  beforeAll(async () => {
    g = await startGateway(url);
    // A sender known to ledgerq but authorized for no company.
    await addSender(g.server.db, { senderId: 'stranger', password: 'stranger' }, []);
  });
  afterAll(async () => {
    await g?.close();
    await cleanup();
  });

  describe('sign-in and sessions', () => {
    it('a login answers with the authentication block Intacct writes (status, userid, companyid, locationid, sessiontimestamp, sessiontimeout)', async () => {
      const res = await sdkClient(g).execute(query('VENDOR', ['VENDORID']), requestConfig());
      // intacct-responses fact 7 and 9: ISO 8601 with a numeric offset.
      expect(res.authentication).toMatchObject({ status: 'success', userId: 'admin', companyId: 'demo', entityId: '' });
      expect(res.authentication.sessionTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/);
      expect(res.authentication.sessionTimeout > res.authentication.sessionTimestamp).toBe(true);
      expect(res.control).toMatchObject({ status: 'success', senderId: 'ledgerq', dtdVersion: '3.0' });
    });

    it("SessionProvider gets a session, this server's endpoint as the client reached it, and the entity; later calls run on the session", async () => {
      const config = await IA.SessionProvider.factory(sdkConfig(g));
      expect(config.sessionId).toMatch(/\.\.$/);
      // protocol §7: the SDK re-validates the endpoint; it must keep the *.intacct.com host and port the client used.
      expect(config.endpointUrl).toBe(g.endpoint);
      expect(config.entityId).toBe('');
      const onSession = new IA.OnlineClient(config);
      const res = await onSession.execute(query('VENDOR', ['VENDORID']), requestConfig());
      expect(res.getResult().count).toBeGreaterThan(0);
      expect(res.authentication.companyId).toBe('demo');
    });

    it('getAPISession on a session answers that same session (Appendix A.2)', async () => {
      const config = await IA.SessionProvider.factory(sdkConfig(g));
      const again = await IA.SessionProvider.factory(config);
      expect(again.sessionId).toBe(config.sessionId);
    });

    it("a session's timeout slides forward with every call and is kept in the database", async () => {
      const config = await IA.SessionProvider.factory(sdkConfig(g));
      await g.server.db.run(sql`UPDATE lq_session SET expires_at = ${p(Date.now() + 5000)}`);
      const before = Date.now() + 5000;
      await new IA.OnlineClient(config).execute(query('VENDOR', ['VENDORID']), requestConfig());
      const rows = await g.server.db.all<{ expires_at: unknown }>(sql`SELECT expires_at FROM lq_session`);
      expect(Math.max(...rows.map((r) => Number(r.expires_at)))).toBeGreaterThan(before + 30 * 60_000);
    });

    it('an expired session is refused at the authentication level with XL03000006', async () => {
      const config = await IA.SessionProvider.factory(sdkConfig(g, { companyId: 'demo2' }));
      await g.server.db.run(sql`UPDATE lq_session SET expires_at = 0`);
      const e = await rejection(new IA.OnlineClient(config).execute(query('VENDOR', ['VENDORID']), requestConfig()));
      expect(e).toBeInstanceOf(IA.Exceptions.ResponseException);
      expect(e).not.toBeInstanceOf(IA.Exceptions.ResultException);
      expect(e.message).toMatch(/^Response authentication status failure/);
      expect(errorNumbers(e)).toEqual(['XL03000006']);
    });

    it('a login into an entity (locationid) is bound to it: the session, its endpoint and its rows', async () => {
      const config = await IA.SessionProvider.factory(sdkConfig(g, { entityId: 'US' }));
      expect(config.entityId).toBe('US');
      const res = await new IA.OnlineClient(config).execute(
        query('APBILL', ['RECORDNO', 'MEGAENTITYID'], (q) => q.assignPageSize(2000)),
        requestConfig(),
      );
      expect(res.authentication.entityId).toBe('US');
      const entities = new Set((res.getResult().data as Rec[]).map((r) => r.MEGAENTITYID));
      expect([...entities].every((e) => e === 'US' || e === '')).toBe(true);
    });

    it('getAPISession with <locationid> opens a session in that entity', async () => {
      const fn = new IA.Functions.ApiSessionCreate();
      fn.entityId = 'UK';
      const api = (await run(fn)).data[0] as Rec;
      expect(api.locationid).toBe('UK');
      const res = await postRaw(
        g.loopback,
        envelope(
          '<function controlid="f"><query><object>VENDOR</object><select><field>VENDORID</field></select></query></function>',
          { sessionId: api.sessionid },
        ),
      );
      expect(sdkParse(res.body).authentication.entityId).toBe('UK');
    });

    it('a restricted user is signed into its entity without asking, and cannot leave it', async () => {
      const res = await sdkClient(g, { userId: 'usclerk', password: 'usclerk' }).execute(
        query('VENDOR', ['VENDORID']),
        requestConfig(),
      );
      expect(res.authentication.entityId).toBe('US');
      const e = await rejection(
        sdkClient(g, { userId: 'usclerk', password: 'usclerk', entityId: 'UK' }).execute(
          query('VENDOR', ['VENDORID']),
          requestConfig(),
        ),
      );
      expect(errorNumbers(e)).toEqual(['XL03000006']);
    });

    it("a session of one company never reads another's rows", async () => {
      const demo2 = await IA.SessionProvider.factory(sdkConfig(g, { companyId: 'demo2' }));
      const res = await new IA.OnlineClient(demo2).execute(query('VENDOR', ['VENDORID']), requestConfig());
      expect(res.authentication.companyId).toBe('demo2');
      const viaLogin = await run(query('VENDOR', ['VENDORID']), { companyId: 'demo2' });
      expect(res.getResult().totalCount).toBe(viaLogin.totalCount);
      expect(res.getResult().totalCount).not.toBe((await run(query('VENDOR', ['VENDORID']))).totalCount);
    });
  });

  describe("sign-in errors surface as the SDK's exceptions with Intacct's numbers", () => {
    // protocol §4.2: control failures and authentication failures are ResponseException, result failures
    // ResultException.
    const CASES: [string, Record<string, string>, RegExp][] = [
      [
        'an unknown sender is refused in the control block',
        { senderId: 'nobody', senderPassword: 'x' },
        /^Response control status failure/,
      ],
      [
        'a wrong sender password is refused in the control block',
        { senderPassword: 'wrong' },
        /^Response control status failure/,
      ],
      [
        // A public client's fixture of Intacct's answer (see auth.sender-not-authorized in src/errors.ts).
        'a sender not authorized for the company is refused at the authentication level',
        { senderId: 'stranger', senderPassword: 'stranger' },
        /^Response authentication status failure/,
      ],
      [
        'a wrong user password is refused at the authentication level',
        { password: 'wrong', userId: 'admin', companyId: 'demo' },
        /^Response authentication status failure/,
      ],
      [
        'an unknown company is refused at the authentication level',
        { companyId: 'nosuch' },
        /^Response authentication status failure/,
      ],
      [
        'an unknown user is refused at the authentication level',
        { userId: 'ghost', password: 'ghost' },
        /^Response authentication status failure/,
      ],
      [
        'a locked user is refused at the authentication level',
        { userId: 'locked', password: 'locked' },
        /^Response authentication status failure/,
      ],
      [
        'an unknown entity is refused at the authentication level',
        { entityId: 'MARS' },
        /^Response authentication status failure/,
      ],
    ];
    it.each(CASES)('%s (XL03000006)', async (_name, login, message) => {
      const e = await rejection(sdkClient(g, login).execute(query('VENDOR', ['VENDORID']), requestConfig()));
      expect(e).toBeInstanceOf(IA.Exceptions.ResponseException);
      expect(e).not.toBeInstanceOf(IA.Exceptions.ResultException);
      expect(e.message).toMatch(message);
      expect(errorNumbers(e)).toEqual(['XL03000006']);
    });

    // intacct-responses fact 15: Intacct's texts, verbatim, in description2.
    it("a bad sender and a bad login are answered in Intacct's own words", async () => {
      const sender = await rejection(
        sdkClient(g, { senderId: 'nobody', senderPassword: 'x' }).execute(
          query('VENDOR', ['VENDORID']),
          requestConfig(),
        ),
      );
      expect(sender.errors).toEqual(['XL03000006 nobody is not a valid transport policy.']);
      const login = await rejection(
        sdkClient(g, { userId: 'ghost', password: 'ghost' }).execute(query('VENDOR', ['VENDORID']), requestConfig()),
      );
      expect(login.errors).toEqual(['XL03000006 Sign-in information is incorrect']);
      // A public client's fixture of Intacct's answer for a sender not authorized for the company: description,
      // description2 and correction all filled.
      const stranger = await rejection(
        sdkClient(g, { senderId: 'stranger', senderPassword: 'stranger' }).execute(
          query('VENDOR', ['VENDORID']),
          requestConfig(),
        ),
      );
      expect(stranger.errors).toEqual([
        "XL03000006 Invalid Web Services Authorization The sender ID 'stranger' is not authorized to make Web Services " +
          "requests to company ID 'demo'. Contact the company administrator to grant Web Services authorization to " +
          'this sender ID.',
      ]);
    });

    // issue 21: Intacct documents no sender lockout; failures pace only the (name, address) pair that made them, with
    // a growing delay, never a block of the name (auth/login-throttle.ts).
    it('five failed logins do not lock the user out: the right password from the same address still signs in', async () => {
      const viewer = { companyId: 'demo2', userId: 'viewer' };
      for (let i = 0; i < 5; i++)
        await rejection(
          sdkClient(g, { ...viewer, password: `guess${i}` }).execute(query('VENDOR', ['VENDORID']), requestConfig()),
        );
      expect((await run(query('VENDOR', ['VENDORID']), { ...viewer, password: 'viewer' })).status).toBe('success');
      // The success cleared the pair's failures.
      expect(
        await g.server.db.all(sql`SELECT subject FROM lq_login_failure WHERE subject LIKE 'user:demo2/viewer@%'`),
      ).toEqual([]);
    });

    it("further failures space that address's attempts: a turn too far off is refused with the wait, other addresses and sessions are not", async () => {
      const wrongSender = envelope(query0, { login: { senderPassword: 'wrong' } });
      const fromOther = (body: string) => postFrom('127.0.0.2', g.port, body);
      for (let i = 0; i < 5; i++) expect(await fromOther(wrongSender)).toMatch(/is not a valid transport policy/);
      const [pair] = await g.server.db.all<{ subject: string; failures: number | string }>(
        sql`SELECT subject, failures FROM lq_login_failure WHERE subject LIKE 'sender:%@%127.0.0.2'`,
      );
      expect(Number(pair!.failures)).toBe(5);
      // As after a long run of failures: that address's next turn is a minute away.
      await g.server.db.run(
        sql`UPDATE lq_login_failure SET blocked_until = ${p(Date.now() + 60_000)} WHERE subject = ${p(pair!.subject)}`,
      );
      const refused = await fromOther(envelope(query0));
      expect(refused).toMatch(/XL03000006/);
      expect(refused).toMatch(
        /Too many failed sign-in attempts for sender ledgerq from [^;]*127\.0\.0\.2; try again in \d+ s/,
      );
      // Another address (the SDK's, 127.0.0.1) signs in with the same sender at once, by login and by session.
      expect((await run(query('VENDOR', ['VENDORID']))).status).toBe('success');
      const sid = (await IA.SessionProvider.factory(sdkConfig(g))).sessionId!;
      expect(await postFrom('127.0.0.1', g.port, envelope(query0, { sessionId: sid }))).toMatch(
        /<status>success<\/status>/,
      );
      await g.server.db.run(sql`DELETE FROM lq_login_failure`);
    });

    it('an offline request (policyid) naming a policy the company does not have gets a clear control error', async () => {
      const client = new IA.OfflineClient(sdkConfig(g));
      const e = await rejection(client.execute(query('VENDOR', ['VENDORID']), requestConfig({ policyId: 'policy1' })));
      expect(e.message).toMatch(/^Response control status failure/);
      expect(errorNumbers(e)).toEqual(['BL01001973']);
      expect(e.errors![0]).toMatch(/policy1 is not a valid policy for company demo/);
    });
  });

  describe('the start-up banner', () => {
    it('prints a curl that posts a query to the demo company and shows the answer', async () => {
      const banner = startBanner(g.server, testConfig(url));
      const lines = banner.split('\n');
      const at = lines.findIndex((l) => l.includes('/ia/xml/xmlgw.phtml'));
      expect(at).toBeGreaterThan(0);
      const command = lines
        .slice(at, at + 2)
        .map((l) => l.trim())
        .join('\n');
      const { stdout } = await runShell('bash', ['-c', command]);
      const result = sdkParse(stdout).getResult();
      expect(result.status).toBe('success');
      expect(result.listType).toBe('VENDOR');
      expect(result.data).toHaveLength(2);
      expect(Object.keys(result.data[0] as object)).toEqual(['VENDORID', 'NAME', 'TOTALDUE']);
    });
  });
});
