// REST services an integration calls besides objects and queries: GET /services/core/session/id (an XML session from
// a REST token) and GET /services/company-config/dimensions/list. Shapes from Intacct's REST reference as mirrored in
// dgaretz-oss/intacct-mcp docs/rest/common-resources.md ("Get an XML API session ID") and
// docs/rest/company-configuration.md ("List dimensions"); the OpenAPI's `core-session-id-response` (sessionId,
// expiresIn). dgaretz-oss/intacct-mcp src/intacct_mcp/xml_gateway.py is the integration: it reads
// `ia::result.sessionId` and sends it as `<sessionid>` with its sender to the XML gateway.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../support/databases.ts';
import { DEMO_UDD, STANDARD_DIMENSIONS } from '../support/dimensions.ts';
import { restToken } from '../writes/write-harness.ts';
import {
  envelope,
  gatewayDatabase,
  IA,
  postRaw,
  requestConfig,
  SENDER,
  startGateway,
  type Gateway,
} from '../xml/support/gateway-harness.ts';

for (const backend of BACKENDS) {
  describe(`REST company services (${backend})`, () => {
    const { url, cleanup } = gatewayDatabase(backend);
    let g: Gateway;
    beforeAll(async () => {
      g = await startGateway(url);
    });
    afterAll(async () => {
      await g?.close();
      await cleanup();
    });

    const get = async (path: string, token: string | null, headers: Record<string, string> = {}) => {
      const res = await fetch(`http://127.0.0.1:${g.port}/ia/api/v1${path}`, {
        headers: { ...(token === null ? {} : { authorization: `Bearer ${token}` }), ...headers },
      });
      return { status: res.status, body: (await res.json()) as Record<string, any> };
    };

    /** The authentication block the gateway answers a request signed in with the session. */
    const signedInAs = async (sessionId: string) => {
      const r = await postRaw(
        g.loopback,
        envelope(
          '<function controlid="f"><readByQuery><object>VENDOR</object><fields>VENDORID</fields><query></query><pagesize>1</pagesize></readByQuery></function>',
          { sessionId },
        ),
      );
      const auth = /<authentication>(.*?)<\/authentication>/s.exec(r.body)?.[1] ?? r.body;
      const tag = (t: string) => new RegExp(`<${t}>([^<]*)</${t}>`).exec(auth)?.[1];
      return {
        status: tag('status'),
        userid: tag('userid'),
        companyid: tag('companyid'),
        locationid: tag('locationid') ?? '',
        data: /<data /.test(r.body),
      };
    };

    it('session/id answers a sessionId and expiresIn that the XML gateway accepts for the same company and user', async () => {
      const r = await get('/services/core/session/id', await restToken(g));
      expect(r.status).toBe(200);
      expect(r.body).toEqual({
        'ia::result': { sessionId: expect.stringMatching(/\S/), expiresIn: 3600 },
        'ia::meta': { totalCount: 1, totalSuccess: 1, totalError: 0 },
      });
      const sessionId = r.body['ia::result'].sessionId as string;
      expect(await signedInAs(sessionId)).toEqual({
        status: 'success',
        userid: 'admin',
        companyid: 'demo',
        locationid: '',
        data: true,
      });
      // The official SDK's client on that session, as an integration mixing REST and the SDK does.
      const config = new IA.ClientConfig();
      config.endpointUrl = g.endpoint;
      config.senderId = SENDER.senderId;
      config.senderPassword = SENDER.password;
      config.sessionId = sessionId;
      const read = new IA.Functions.Common.ReadByQuery();
      read.objectName = 'CUSTOMER';
      read.fields = ['CUSTOMERID'];
      read.pageSize = 1;
      const res = await new IA.OnlineClient(config).execute(read, requestConfig());
      expect(res.authentication.companyId).toBe('demo');
      expect(res.getResult().count).toBe(1);
    });

    it("the session keeps the token's entity, or the entity X-IA-API-Param-Entity narrows it to", async () => {
      const inUs = await get('/services/core/session/id', await restToken(g, 'admin@demo|US'));
      expect((await signedInAs(inUs.body['ia::result'].sessionId)).locationid).toBe('US');
      const narrowed = await get('/services/core/session/id', await restToken(g), { 'X-IA-API-Param-Entity': 'UK' });
      expect(await signedInAs(narrowed.body['ia::result'].sessionId)).toMatchObject({
        status: 'success',
        locationid: 'UK',
      });
      // A user held to entity US cannot get a session in another one (the REST rule for its token: 403).
      const clerk = await restToken(g, 'usclerk@demo');
      expect((await get('/services/core/session/id', clerk, { 'X-IA-API-Param-Entity': 'UK' })).status).toBe(403);
      expect(
        (await signedInAs((await get('/services/core/session/id', clerk)).body['ia::result'].sessionId)).locationid,
      ).toBe('US');
    });

    it('session/id without a valid token is refused with the REST error body', async () => {
      for (const token of [null, 'not-a-token']) {
        const r = await get('/services/core/session/id', token);
        expect(r.status).toBe(401);
        expect(r.body['ia::result']['ia::error']).toMatchObject({ code: expect.any(String) });
      }
    });

    it('dimensions/list names the standard dimensions with their endpoints, and the ones journal lines carry', async () => {
      const token = await restToken(g);
      const r = await get('/services/company-config/dimensions/list', token);
      expect(r.status).toBe(200);
      const rows = r.body['ia::result'] as Record<string, unknown>[];
      expect(r.body['ia::meta']).toEqual({ totalCount: rows.length, totalSuccess: rows.length, totalError: 0 });
      // demo's user-defined dimension comes after the standard ones, as in the reference.
      expect(rows.map((d) => d.dimensionName)).toEqual([...STANDARD_DIMENSIONS, DEMO_UDD]);
      expect(rows[0]).toEqual({
        dimensionName: 'DEPARTMENT',
        dimensionLabel: 'Department',
        termName: 'Department',
        isUserDefinedDimension: false,
        isEnabledInGL: true,
        dimensionEndpoint: '/objects/company-config/department',
      });
      // The reference's UDDs (CHANNEL at /objects/platform-apps/nsp::channel): the object name in upper case, its
      // label, user-defined and enabled in the GL, the custom object's endpoint.
      expect(rows.at(-1)).toEqual({
        dimensionName: 'MCA_ATTENDEE',
        dimensionLabel: 'Attendee (custom object example)',
        termName: 'Attendee (custom object example)',
        isUserDefinedDimension: true,
        isEnabledInGL: true,
        dimensionEndpoint: '/objects/platform-apps/nsp::MCA_attendee',
      });
      // The reference's own values: the eight GL dimensions are enabled in the GL, CONTRACT, TASK, WAREHOUSE are not.
      const inGl = Object.fromEntries(rows.map((d) => [d.dimensionName, d.isEnabledInGL]));
      expect(inGl).toMatchObject({ PROJECT: true, CUSTOMER: true, CLASS: true, CONTRACT: false, TASK: false });
      // Every endpoint is a REST object this server serves.
      for (const d of rows)
        expect((await get(`${d.dimensionEndpoint}?size=1`, token)).status, String(d.dimensionEndpoint)).toBe(200);
      expect((await get('/services/company-config/dimensions/list', null)).status).toBe(401);
      // demo2 has no user-defined dimension: its list ends with the standard ones.
      const demo2 = await get('/services/company-config/dimensions/list', await restToken(g, 'admin@demo2'));
      expect((demo2.body['ia::result'] as Record<string, unknown>[]).map((d) => d.dimensionName)).toEqual(
        rows.slice(0, -1).map((d) => d.dimensionName),
      );
    });
  });
}
