// Issue 16, "Done when": every catalog object is read through XML query, readByQuery, read and lookup (answers parsed by
// the official @intacct/intacct-sdk) and through REST query and REST objects, on both databases, and each finds demo
// rows. Objects without a hand-written generator get rows from src/demo/generic-rows.ts.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { XML_GATEWAY_PATH } from '../src/server/xml-gateway.ts';
import { bearer, getJson, postJson, startRestServer, token, type RestServer } from './rest/rest-server.ts';
import { BACKENDS } from './support/databases.ts';
import { envelope, postRaw, sdkParse } from './xml/support/gateway-harness.ts';

describe.each(BACKENDS)('every catalog object finds demo rows through XML and REST on %s', (backend) => {
  let s: RestServer;
  let auth: Record<string, string>;
  beforeAll(async () => {
    s = await startRestServer(backend);
    auth = bearer((await token(s.api)).access_token);
  });
  afterAll(async () => {
    await s?.close();
  });

  it('XML query, readByQuery, read and lookup', async () => {
    for (const o of s.catalog.objects) {
      const k = o.keyField;
      const first = sdkParse(
        (
          await postRaw(
            `${s.url}${XML_GATEWAY_PATH}`,
            envelope(
              [
                `<query><object>${o.xmlName}</object><select><field>${k}</field></select><pagesize>1</pagesize></query>`,
                `<readByQuery><object>${o.xmlName}</object><query/><fields>*</fields><pagesize>1</pagesize><returnFormat>xml</returnFormat></readByQuery>`,
                `<lookup><object>${o.xmlName}</object></lookup>`,
              ]
                .map((f, i) => `<function controlid="f${i}">${f}</function>`)
                .join(''),
            ),
          )
        ).body,
      ).results;
      expect(
        first.map((r) => `${r.functionName} ${r.status}`),
        o.xmlName,
      ).toEqual(['query success', 'readByQuery success', 'lookup success']);
      expect(first[0]!.count, `${o.xmlName} query`).toBeGreaterThan(0);
      expect(first[1]!.count, `${o.xmlName} readByQuery`).toBeGreaterThan(0);
      const key = String((first[0]!.data[0] as Record<string, unknown>)[k]);
      const read = sdkParse(
        (
          await postRaw(
            `${s.url}${XML_GATEWAY_PATH}`,
            envelope(
              `<function controlid="r"><read><object>${o.xmlName}</object><keys>${key}</keys><fields>*</fields><returnFormat>xml</returnFormat></read></function>`,
            ),
          )
        ).body,
      ).results[0]!;
      expect(read.status, o.xmlName).toBe('success');
      expect(read.count, `${o.xmlName} read ${key}`).toBe(1);
    }
  });

  it('REST query and REST objects', async () => {
    for (const o of s.catalog.objects.filter((x) => x.restName)) {
      const q = await postJson(`${s.api}/services/core/query`, { object: o.restName, fields: ['key'] }, auth);
      expect(q.status, `${o.restName}: ${JSON.stringify(q.body)}`).toBe(200);
      expect(q.body['ia::result'].length, `${o.restName} query`).toBeGreaterThan(0);
      const list = await getJson(`${s.api}/objects/${o.restName}?size=1`, auth);
      expect(list.status, `${o.restName}: ${JSON.stringify(list.body)}`).toBe(200);
      expect(list.body['ia::result'].length, `${o.restName} objects`).toBeGreaterThan(0);
    }
  });
});
