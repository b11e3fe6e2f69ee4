// writeOnly and deprecated fields: the REST model and the OpenAPI document show the markers, the query service refuses
// such fields wherever a query names them, and reads by key leave writeOnly fields out (issue 16).

import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/app/seed.ts';
import { buildCatalog, type Catalog } from '../../src/catalog/catalog.ts';
import type { CustomDeclarations } from '../../src/catalog/raw.ts';
import { buildApp } from '../../src/server/app.ts';
import { BACKENDS, createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { seed } from '../support/seed.ts';
import { bearer, getJson, postJson, token } from './rest-server.ts';

/** A company's custom writeOnly field, beside the standard ones the OpenAPI marks (AP payment paymentDate below). */
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

  const refusedWith = async (body: unknown, reason: string) => {
    const r = await query(body);
    expect(r.status, JSON.stringify(body)).toBe(422);
    expect(r.body['ia::result']['ia::error'].message).toContain(reason);
  };

  // lorenz-bus-service/node-intacct-rest-api spec/accounts-payable.json, objects.accounts-payable.payment: paymentDate
  // ("The date to make the payment.") is "writeOnly": true; copied onto APPYMT PAYMENTDATE by
  // scripts/apply-openapi-markers.mjs; seed rest-query-service.txt:1607.
  it('refuses the AP payment paymentDate the OpenAPI marks writeOnly, and a read leaves it out', async () => {
    const model = await getJson(`${api}/services/core/model?name=accounts-payable/payment`, auth);
    expect(model.body['ia::result'].fields.paymentDate).toMatchObject({ writeOnly: true });
    const reason =
      'paymentDate cannot be queried: it is marked with writeOnly: true in the model, meaning it is not intended for retrieval';
    await refusedWith({ object: 'accounts-payable/payment', fields: ['id', 'paymentDate'] }, reason);
    await refusedWith(
      { object: 'accounts-payable/payment', fields: ['id'], filters: [{ $eq: { paymentDate: '2026-01-01' } }] },
      reason,
    );
    await refusedWith(
      { object: 'accounts-payable/payment', fields: ['id'], orderBy: [{ paymentDate: 'asc' }] },
      reason,
    );
    const listed = await query({ object: 'accounts-payable/payment', fields: ['key', 'paymentMethod'] });
    expect(listed.status, JSON.stringify(listed.body)).toBe(200);
    const key = listed.body['ia::result'][0].key;
    const one = await getJson(`${api}/objects/accounts-payable/payment/${key}`, auth);
    expect(one.status).toBe(200);
    expect(one.body['ia::result']).toHaveProperty('paymentMethod');
    expect(one.body['ia::result']).not.toHaveProperty('paymentDate');
  });

  // spec/accounts-receivable.json, objects.accounts-receivable.customer: enableOnlineCardPayment and
  // enableOnlineACHPayment are "deprecated": true (the transcription in src/writes/rest-reference-fields.ts, which
  // scripts/apply-openapi-markers.mjs reads); seed rest-query-service.txt:1611.
  it('refuses the customer online-payment flags the OpenAPI marks deprecated', async () => {
    const model = await getJson(`${api}/services/core/model?name=accounts-receivable/customer`, auth);
    const fields = model.body['ia::result'].fields;
    expect(fields.enableOnlineCardPayment).toMatchObject({ deprecated: true, writeOnly: false });
    expect(fields.enableOnlineACHPayment).toMatchObject({ deprecated: true });
    expect(fields.name).not.toHaveProperty('deprecated');
    for (const field of ['enableOnlineCardPayment', 'enableOnlineACHPayment'])
      await refusedWith(
        { object: 'accounts-receivable/customer', fields: ['id', field] },
        `${field} cannot be queried: it is marked as deprecated and therefore its availability and support are limited`,
      );
    const ok = await query({ object: 'accounts-receivable/customer', fields: ['id', 'name'] });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
  });

  // spec/cash-management.json, objects.cash-management.bank-fee-line: apAccountLabel and its key and id are
  // "deprecated": true ("This has been deprecated."); glAccount beside it is not.
  it('refuses the bank fee line apAccountLabel the OpenAPI marks deprecated', async () => {
    const model = await getJson(`${api}/services/core/model?name=cash-management/bank-fee-line`, auth);
    expect(model.status, JSON.stringify(model.body)).toBe(200);
    await refusedWith(
      { object: 'cash-management/bank-fee-line', fields: ['id'], filters: [{ $eq: { 'apAccountLabel.id': 'X' } }] },
      'apAccountLabel.id cannot be queried: it is marked as deprecated and therefore its availability and support are limited',
    );
    const ok = await query({ object: 'cash-management/bank-fee-line', fields: ['id', 'glAccount.id'] });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
  });

  // spec/accounts-payable.json: objects.accounts-payable.vendor-payment-provider marks state readOnly with the enum
  // requestInitiated … suspended; accounts-payable-vendor-payment-providerRequiredProperties requires paymentProvider,
  // vendor and status. spec/general-ledger.json: objects.general-ledger.journal-entry-line txnType is the enum
  // debit | credit; general-ledger-journalRequiredProperties requires id and name.
  it('shows the readOnly, required and enum markers the OpenAPI gives', async () => {
    const model = async (name: string) =>
      (await getJson(`${api}/services/core/model?name=${name}`, auth)).body['ia::result'];
    const provider = (await model('accounts-payable/vendor-payment-provider')).fields;
    expect(provider.state).toMatchObject({
      readOnly: true,
      enum: [
        'requestInitiated',
        'inProgress',
        'requestReceived',
        'requestFailed',
        'awaitingAuthorization',
        'subscribed',
        'canceled',
        'suspended',
      ],
    });
    expect(provider.status).toMatchObject({ required: true, enum: ['active', 'inactive'] });
    expect((await model('general-ledger/journal-entry-line')).fields.txnType).toMatchObject({
      enum: ['debit', 'credit'],
    });
    const journal = (await model('general-ledger/journal')).fields;
    expect(journal.id).toMatchObject({ required: true });
    expect(journal.name).toMatchObject({ required: true });
    expect(journal.bookId).toMatchObject({ readOnly: true });
    // The XML spellings stay paired with the REST ones.
    const line = catalog.objects.find((o) => o.restName === 'general-ledger/journal-entry-line');
    expect(line?.fields.find((f) => f.restPath === 'txnType')?.enumValues?.map((v) => [v.xml, v.rest])).toEqual([
      ['1', 'debit'],
      ['-1', 'credit'],
    ]);
  });

  // lorenz-bus-service/node-intacct-rest-api spec/company-configuration.json (commit 1dcbea36):
  // company-config-attachmentRequiredProperties requires name and folder, company-config-user-groupRequiredProperties
  // id and description; objects.company-config.role-user-map marks its role readOnly; in
  // objects.company-config.role-permission-assignment permission.module is the readOnly `module` and permission.name an
  // allOf of the readOnly `permission-name`.
  it('shows the markers of the company-config role, user group and attachment schemas', async () => {
    const model = async (name: string) =>
      (await getJson(`${api}/services/core/model?name=${name}`, auth)).body['ia::result'];
    const attachment = await model('company-config/attachment');
    expect(attachment.fields.name).toMatchObject({ required: true });
    expect(attachment.refs.folder.fields.id).toMatchObject({ required: true });
    const group = (await model('company-config/user-group')).fields;
    expect(group.id).toMatchObject({ required: true });
    expect(group.description).toMatchObject({ required: true });
    expect((await model('company-config/role-user-map')).refs.role.fields.id).toMatchObject({ readOnly: true });
    const assignment = await model('company-config/role-permission-assignment');
    const permission = assignment.groups.permission.fields;
    expect(permission.module).toMatchObject({ readOnly: true });
    expect(permission.name).toMatchObject({ readOnly: true });
    expect(permission.key).toMatchObject({ readOnly: false });
    // scripts/apply-openapi-markers.mjs reads the allOf-wrapped name as a leaf, so its markers come from that schema
    // as module's do.
    const raw = JSON.parse(
      readFileSync(new URL('../../catalog/company-config/ROLEPOLICYASSIGNMENT.json', import.meta.url), 'utf8'),
    );
    const source = (path: string) =>
      (raw.fields as { restPath: string; markerSource?: string }[]).find((f) => f.restPath === path)?.markerSource;
    expect(source('permission.name')).toContain('objects.company-config.role-permission-assignment');
    expect(source('permission.name')).toBe(source('permission.module'));
  });

  it('every audit.createdBy and audit.modifiedBy of the catalog is deprecated', () => {
    const audited = catalog.objects.flatMap((o) =>
      o.fields.filter((f) => f.restPath === 'audit.createdBy' || f.restPath === 'audit.modifiedBy'),
    );
    expect(audited.length).toBeGreaterThan(50);
    expect(audited.filter((f) => !f.deprecated)).toEqual([]);
  });
});
