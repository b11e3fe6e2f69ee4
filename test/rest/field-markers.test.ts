// writeOnly and deprecated fields: the REST model and the OpenAPI document show the markers, the query service refuses
// such fields wherever a query names them, and reads by key leave writeOnly fields out (issue 16).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/app/seed.ts';
import { buildCatalog, type Catalog } from '../../src/catalog/catalog.ts';
import type { CustomDeclarations } from '../../src/catalog/raw.ts';
import { buildApp } from '../../src/server/app.ts';
import { BACKENDS, createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { seed } from '../support/seed.ts';
import { bearer, getJson, postJson, token } from './rest-server.ts';

/** No standard field carries writeOnly yet (see docs/catalog.md), so a company's custom field stands in for one. */
const CUSTOM: CustomDeclarations = {
  customFields: {
    VENDOR: [{ xmlId: 'PORTAL_PIN', restPath: 'nsp::PORTAL_PIN', label: 'Portal PIN', type: 'text', writeOnly: true }],
  },
};

describe.each(BACKENDS)('writeOnly and deprecated fields through REST on %s', (backend) => {
  let t: TestDatabase;
  let catalog: Catalog;
  let api: string;
  let auth: Record<string, string>;
  let close: () => Promise<void>;

  beforeAll(async () => {
    t = await createTestDatabase(backend);
    catalog = buildCatalog(CUSTOM);
    await seedDemo(t.db, catalog, { size: 'small', seed: 1 });
    const app = buildApp({ db: t.db, catalog, bodyLimit: 10 * 1024 * 1024, logger: false });
    api = `${await app.listen({ host: '127.0.0.1', port: 0 })}/ia/api/v1`;
    close = () => app.close();
    auth = bearer((await token(api)).access_token);
  });
  afterAll(async () => {
    await close?.();
    await t?.drop();
  });

  const query = (body: unknown) => postJson(`${api}/services/core/query`, body, auth);
  const refusals = (field: string) => [
    { object: 'accounts-payable/vendor', fields: ['id', field] },
    { object: 'accounts-payable/vendor', fields: ['id'], filters: [{ $eq: { [field]: '1' } }] },
    { object: 'accounts-payable/vendor', fields: ['id'], orderBy: [{ [field]: 'asc' }] },
    { object: 'accounts-payable/vendor', fields: ['id', `max:${field}`] },
  ];

  seed(
    'rest-query-service.txt:1607',
    'It is marked with writeOnly: true in the model, meaning it is not intended for retrieval.',
    async () => {
      const model = await getJson(`${api}/services/core/model?name=accounts-payable/vendor`, auth);
      expect(model.body['ia::result'].fields['nsp::PORTAL_PIN']).toMatchObject({ writeOnly: true });
      expect(model.body['ia::result'].fields.name).toMatchObject({ writeOnly: false });
      const doc = (await getJson(`${api}/openapi.json`)).body;
      expect(doc.components.schemas['accounts.payable.vendor'].properties['nsp::PORTAL_PIN']).toMatchObject({
        writeOnly: true,
      });
      for (const body of refusals('nsp::PORTAL_PIN')) {
        const r = await query(body);
        expect(r.status, JSON.stringify(body)).toBe(422);
        expect(r.body['ia::result']['ia::error'].message).toContain(
          'nsp::PORTAL_PIN cannot be queried: it is marked with writeOnly: true in the model, meaning it is not intended for retrieval',
        );
      }
      const one = await getJson(`${api}/objects/accounts-payable/vendor/1`, auth);
      expect(one.status).toBe(200);
      expect(one.body['ia::result']).not.toHaveProperty('nsp::PORTAL_PIN');
      expect(one.body['ia::result']).toHaveProperty('name');
    },
  );

  seed(
    'rest-query-service.txt:1611',
    'It is marked as deprecated and therefore its availability and support are limited.',
    async () => {
      // The OpenAPI's shared audit schema (audit.s1) marks createdBy and modifiedBy deprecated.
      const model = await getJson(`${api}/services/core/model?name=accounts-payable/vendor`, auth);
      expect(model.body['ia::result'].groups.audit.fields.createdBy).toMatchObject({ deprecated: true });
      expect(model.body['ia::result'].groups.audit.fields.createdDateTime).not.toHaveProperty('deprecated');
      const doc = (await getJson(`${api}/openapi.json`)).body;
      const audit = doc.components.schemas['accounts.payable.vendor'].properties.audit.properties;
      expect(audit.modifiedBy).toMatchObject({ deprecated: true });
      expect(audit.modifiedDateTime).not.toHaveProperty('deprecated');
      for (const field of ['audit.createdBy', 'audit.modifiedBy']) {
        for (const body of refusals(field)) {
          const r = await query(body);
          expect(r.status, JSON.stringify(body)).toBe(422);
          expect(r.body['ia::result']['ia::error'].message).toContain(
            `${field} cannot be queried: it is marked as deprecated and therefore its availability and support are limited`,
          );
        }
      }
      // Across a relationship too.
      const joined = await query({ object: 'accounts-payable/bill', fields: ['id', 'vendor.audit.createdBy'] });
      expect(joined.status, JSON.stringify(joined.body)).toBe(422);
      // A read by key still returns it, as Intacct's reads do; the fields beside it stay queryable.
      const one = await getJson(`${api}/objects/accounts-payable/vendor/1`, auth);
      expect(one.body['ia::result'].audit).toHaveProperty('createdBy');
      const ok = await query({ object: 'accounts-payable/vendor', fields: ['id', 'audit.createdDateTime'] });
      expect(ok.status).toBe(200);
    },
  );

  // lorenz-bus-service/node-intacct-rest-api spec/accounts-payable.json, objects.accounts-payable.recurring-bill:
  // billNumber is "deprecated": true (billSequenceNumber beside it is not); seed rest-query-service.txt:1611.
  it('refuses a property the OpenAPI marks deprecated on its own object (recurring bill billNumber)', async () => {
    const model = await getJson(`${api}/services/core/model?name=accounts-payable/recurring-bill`, auth);
    expect(model.body['ia::result'].fields.billNumber).toMatchObject({ deprecated: true });
    const refused = await query({ object: 'accounts-payable/recurring-bill', fields: ['id', 'billNumber'] });
    expect(refused.status, JSON.stringify(refused.body)).toBe(422);
    expect(refused.body['ia::result']['ia::error'].message).toContain(
      'billNumber cannot be queried: it is marked as deprecated and therefore its availability and support are limited',
    );
    const ok = await query({ object: 'accounts-payable/recurring-bill', fields: ['id', 'billSequenceNumber'] });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body['ia::result'].length).toBeGreaterThan(0);
  });

  it('every audit.createdBy and audit.modifiedBy of the catalog is deprecated', () => {
    const audited = catalog.objects.flatMap((o) =>
      o.fields.filter((f) => f.restPath === 'audit.createdBy' || f.restPath === 'audit.modifiedBy'),
    );
    expect(audited.length).toBeGreaterThan(50);
    expect(audited.filter((f) => !f.deprecated)).toEqual([]);
  });
});
