// Object reads, the model and the OpenAPI document: every REST object of the catalog is listed, read and described
// consistently with the query service.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../support/databases.ts';
import { bearer, getJson, postJson, startRestServer, token, type RestServer } from './rest-server.ts';

describe.each(BACKENDS)('REST objects, model and OpenAPI on %s', (backend) => {
  let s: RestServer;
  let auth: Record<string, string>;
  beforeAll(async () => {
    s = await startRestServer(backend);
    auth = bearer((await token(s.api)).access_token);
  });
  afterAll(async () => {
    await s?.close();
  });

  const get = (path: string) => getJson(`${s.api}${path}`, auth);

  it('lists keys with href in key order, paged like the query service', async () => {
    const r = await get('/objects/company-config/location?size=5&start=3');
    expect(r.status).toBe(200);
    expect(r.body['ia::meta']).toMatchObject({ start: 3, pageSize: 5, previous: 1 });
    const rows = r.body['ia::result'];
    expect(rows).toHaveLength(5);
    for (const row of rows)
      expect(row).toEqual({
        key: expect.any(String),
        id: expect.any(String),
        href: `/objects/company-config/location/${row.key}`,
      });
    const keys = rows.map((x: any) => Number(x.key));
    expect(keys).toEqual([...keys].sort((a, b) => a - b));
  });

  it('reads a record nested by path, with the values the query service returns for the same fields', async () => {
    const r = await get('/objects/company-config/location/60');
    expect(r.status).toBe(200);
    expect(r.body['ia::meta']).toEqual({ totalCount: 1, totalSuccess: 1, totalError: 0 });
    const rec = r.body['ia::result'];
    expect(rec).toMatchObject({
      key: '60',
      id: 'LAS',
      name: 'Los Angeles',
      status: 'active',
      parent: { id: 'CA' },
      href: '/objects/company-config/location/60',
    });
    expect(rec.audit.createdDateTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  });

  it('every REST object of the catalog: its first record reads back as the query service answers for it', async () => {
    const objects = s.catalog.objects.filter((o) => o.restName).map((o) => o.restName!);
    let read = 0;
    for (const name of objects) {
      const list = await get(`/objects/${name}?size=1`);
      expect(list.status, `${name}: ${JSON.stringify(list.body)}`).toBe(200);
      const first = list.body['ia::result'][0];
      if (!first) continue;
      const rec = await getJson(`${s.url}/ia/api/v1${first.href}`, auth);
      expect(rec.status, `${first.href}: ${JSON.stringify(rec.body)}`).toBe(200);
      const model = (await get(`/services/core/model?name=${encodeURIComponent(name)}`)).body['ia::result'];
      // The query service refuses what the model marks writeOnly or deprecated (seed rest-query-service.txt:1602).
      const queryable = (fields: Record<string, any>, prefix: string) =>
        Object.entries(fields)
          .filter(([, m]) => !m.writeOnly && !m.deprecated)
          .map(([f]) => `${prefix}${f}`);
      const paths = [
        ...queryable(model.fields, ''),
        ...Object.entries(model.groups).flatMap(([g, v]: [string, any]) => queryable(v.fields, `${g}.`)),
        ...Object.entries(model.refs).flatMap(([g, v]: [string, any]) => queryable(v.fields, `${g}.`)),
      ];
      const q = await postJson(
        `${s.api}/services/core/query`,
        { object: name, fields: paths, filters: [{ $eq: { key: first.key } }] },
        auth,
      );
      expect(q.status, `${name}: ${JSON.stringify(q.body)}`).toBe(200);
      const flat = q.body['ia::result'][0];
      const at = (o: any, path: string) =>
        path.split('.').reduce((x, k) => (x === undefined || x === null ? undefined : x[k]), o);
      for (const p of paths) expect(at(rec.body['ia::result'], p), `${name} ${p}`).toEqual(flat[p]);
      read++;
    }
    expect(read).toBeGreaterThan(30);
  });

  it('order-entry lines are addressed under their document type; custom objects under platform-apps/nsp::', async () => {
    const lines = (await get('/objects/order-entry/document-line?size=1')).body['ia::result'];
    expect(lines[0].href).toMatch(/^\/objects\/order-entry\/document-line::[^/]+\/\d+$/);
    const rec = await getJson(`${s.url}/ia/api/v1${lines[0].href}`, auth);
    expect(rec.status).toBe(200);
    expect(rec.body['ia::result'].href).toBe(lines[0].href);
    const wrongType = await get(`/objects/order-entry/document-line::No%20Such%20Type/${lines[0].key}`);
    expect(wrongType.status).toBe(404);
    const typed = await postJson(
      `${s.api}/services/core/query`,
      { object: 'order-entry/document::Sales Order', fields: ['key', 'documentType'], size: 4000 },
      auth,
    );
    expect(typed.status).toBe(200);
    expect(new Set(typed.body['ia::result'].map((x: any) => x.documentType))).toEqual(new Set(['Sales Order']));
    const custom = await get('/objects/platform-apps/nsp::MCA_attendee?size=2');
    expect(custom.status).toBe(200);
    expect(custom.body['ia::result'][0].href).toMatch(/^\/objects\/platform-apps\/nsp::MCA_attendee\/\d+$/);
  });

  it('the model describes fields, types, groups, refs and lists from the catalog', async () => {
    const r = await get('/services/core/model?name=accounts-payable/bill');
    expect(r.status).toBe(200);
    const m = r.body['ia::result'];
    expect(m.apiObject).toBe('accounts-payable/bill');
    expect(m.fields.key).toMatchObject({ type: 'string', readOnly: true });
    expect(m.fields.state).toMatchObject({ type: 'string', enum: expect.arrayContaining(['paid']) });
    expect(m.fields.totalTxnAmount).toMatchObject({ type: 'string', format: 'decimal' });
    expect(m.refs.vendor).toMatchObject({ apiObject: 'accounts-payable/vendor', fields: { id: { type: 'string' } } });
    expect(m.lists.lines).toEqual({ apiObject: 'accounts-payable/bill-line' });
    expect(m.groups.audit.fields.createdDateTime).toMatchObject({ type: 'string', format: 'date-time' });
    const vendor = (await get('/services/core/model?name=accounts-payable/vendor')).body['ia::result'];
    // catalog README "Money": creditLimit is a JSON number in REST.
    expect(vendor.fields.creditLimit.type).toBe('number');
  });

  it('serves an OpenAPI 3 document generated from the catalog, public, whose references all resolve', async () => {
    const r = await getJson(`${s.api}/openapi.json`);
    expect(r.status).toBe(200);
    const doc = r.body;
    expect(doc.openapi).toBe('3.0.3');
    for (const p of ['/oauth2/token', '/oauth2/revoke', '/services/core/query', '/services/core/model'])
      expect(doc.paths[p]).toBeDefined();
    for (const o of s.catalog.objects.filter((x) => x.restName)) {
      expect(doc.paths[`/objects/${o.restName}`]?.get, o.restName!).toBeDefined();
      expect(doc.paths[`/objects/${o.restName}/{key}`]?.get, o.restName!).toBeDefined();
    }
    const refs = JSON.stringify(doc).match(/"\$ref":"[^"]+"/g) ?? [];
    for (const ref of new Set(refs)) {
      const path = ref.slice(8, -1).replace(/^#\//, '').split('/');
      expect(
        path.reduce((x: any, k) => x?.[k], doc),
        ref,
      ).toBeDefined();
    }
    expect(doc.components.schemas['accounts.payable.bill'].properties.vendor.properties.id.type).toBe('string');
  });
});
