// User views (core/user-view) and the view service (POST /services/core/view) over real HTTP on both databases.
// Shapes, names and required properties from Intacct's OpenAPI for the common resources
// (lorenz-bus-service/node-intacct-rest-api spec/common-resources.json: paths /objects/core/user-view,
// /objects/core/user-view/{key}, /services/core/view; schemas objects.core.user-view, core-user-viewRequiredProperties,
// services.core.view and their examples).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetCompany } from '../../src/app/reset-company.ts';
import { desiredSchema } from '../../src/app/schema.ts';
import { createSnapshot, restoreSnapshot } from '../../src/emulator/snapshot-company.ts';
import { BACKENDS } from '../support/databases.ts';
import { seed } from '../support/seed.ts';
import {
  bearer,
  getJson,
  postJson,
  startRestServer,
  token,
  type JsonResponse,
  type RestServer,
} from './rest-server.ts';

describe.each(BACKENDS)('REST user views and the view service on %s', (backend) => {
  let s: RestServer;
  let admin: Record<string, string>;
  let viewer: Record<string, string>;
  let other: Record<string, string>;
  beforeAll(async () => {
    s = await startRestServer(backend);
    admin = bearer((await token(s.api)).access_token);
    viewer = bearer((await token(s.api, 'viewer@demo')).access_token);
    other = bearer((await token(s.api, 'admin@demo2')).access_token);
  });
  afterAll(async () => {
    await s?.close();
  });

  const send = async (method: string, path: string, auth: Record<string, string>, body?: unknown) => {
    const res = await fetch(`${s.api}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...auth },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text === '' ? null : JSON.parse(text) } as JsonResponse;
  };
  const query = (body: unknown, auth = admin) => postJson(`${s.api}/services/core/query`, body, auth);
  const execute = (body: unknown, auth = admin) => postJson(`${s.api}/services/core/view`, body, auth);
  const createView = async (body: unknown, auth = admin): Promise<string> => {
    const r = await postJson(`${s.api}/objects/core/user-view`, body, auth);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body['ia::result'].key as string;
  };
  let names = 0;
  const unique = (base: string) => `${base} ${++names}`;
  const errorOf = (r: JsonResponse) => r.body['ia::result']['ia::error'];

  /** A vendor whose name changes when upper-cased, for the case-sensitivity cases. */
  const someVendor = async (): Promise<{ id: string; name: string }> => {
    const r = await query({
      object: 'accounts-payable/vendor',
      fields: ['id', 'name'],
      orderBy: [{ id: 'asc' }],
      size: 50,
    });
    const v = (r.body['ia::result'] as { id: string; name: string }[]).find((x) => x.name !== x.name.toUpperCase());
    if (!v) throw new Error('the demo has no vendor with a lower-case letter in its name');
    return v;
  };

  seed(
    'rest-query-service.txt:948',
    'When filter parameters are used with a view execution, the query service overrides the corresponding filterParameters section in an existing view or adds a filterParameters section, if not already present.',
    async () => {
      const vendor = await someVendor();
      const upper = vendor.name.toUpperCase();
      const byName = { object: 'accounts-payable/vendor', fields: ['id', 'name'], filters: [{ $eq: { name: upper } }] };

      // A view stored case-sensitive finds nothing for a differently-cased name; the execution's
      // caseSensitiveComparison false overrides it and finds the vendor.
      const strict = await createView({
        name: unique('Vendor by name, case-sensitive'),
        query: { ...byName, filterParameters: { caseSensitiveComparison: true, includePrivate: false } },
      });
      const asStored = await execute({ key: strict, viewType: 'user' });
      expect(asStored.status).toBe(200);
      expect(asStored.body['ia::result']).toEqual([]);
      const overridden = await execute({
        key: strict,
        viewType: 'user',
        filterParameters: { caseSensitiveComparison: false },
      });
      expect(overridden.status).toBe(200);
      expect(overridden.body['ia::result']).toContainEqual({ id: vendor.id, name: vendor.name });
      // The override is per parameter: the view's includePrivate stays, and the result is the query service's own for
      // the merged parameters.
      const direct = await query({
        ...byName,
        filterParameters: { caseSensitiveComparison: false, includePrivate: false },
      });
      expect(overridden.body).toEqual(direct.body);
      // The stored view is unchanged by an execution.
      const stored = await send('GET', `/objects/core/user-view/${strict}`, admin);
      expect(stored.body['ia::result'].query.filterParameters).toEqual({
        caseSensitiveComparison: true,
        includePrivate: false,
      });

      // A view without a filterParameters section gets one from the execution.
      const bare = await createView({ name: unique('Vendor by name'), query: byName });
      expect((await execute({ key: bare, viewType: 'user' })).body['ia::result']).toEqual([]);
      const added = await execute({
        key: bare,
        viewType: 'user',
        filterParameters: { caseSensitiveComparison: false },
      });
      expect(added.body['ia::result']).toContainEqual({ id: vendor.id, name: vendor.name });

      // asOfDate with a date macro: the view's priorYear is 2024 as of 2025-03-31; the execution's asOfDate moves it to
      // 2023, and the rows are the query service's for that date.
      const priorYearBills = {
        object: 'accounts-payable/bill',
        fields: ['id', 'postingDate'],
        filters: [{ $eq: { postingDate: 'priorYear' } }],
        orderBy: [{ id: 'asc' }],
        size: 4000,
      };
      const dated = await createView({
        name: unique('Bills of the prior year'),
        query: { ...priorYearBills, filterParameters: { asOfDate: '2025-03-31' } },
      });
      const of2024 = await execute({ key: dated, viewType: 'user' });
      expect(of2024.status).toBe(200);
      const years = (r: JsonResponse) =>
        new Set((r.body['ia::result'] as { postingDate: string }[]).map((b) => b.postingDate.slice(0, 4)));
      expect(of2024.body['ia::result'].length).toBeGreaterThan(0);
      expect(years(of2024)).toEqual(new Set(['2024']));
      const of2023 = await execute({ key: dated, viewType: 'user', filterParameters: { asOfDate: '2024-03-31' } });
      expect(of2023.body['ia::result'].length).toBeGreaterThan(0);
      expect(years(of2023)).toEqual(new Set(['2023']));
      expect(of2023.body).toEqual(
        (await query({ ...priorYearBills, filterParameters: { asOfDate: '2024-03-31' } })).body,
      );
    },
    60_000,
  );

  it('size, start and fields in the request override the view\'s (the View service: "Any parameters that you provide in the request body override the same parameters defined in the view")', async () => {
    const stored = { object: 'accounts-payable/vendor', fields: ['id', 'name'], orderBy: [{ id: 'asc' }], size: 2 };
    const key = await createView({ name: unique('Two vendors'), query: stored });
    const asStored = await execute({ key, viewType: 'user' });
    expect(asStored.status).toBe(200);
    expect(asStored.body['ia::result']).toHaveLength(2);
    expect(Object.keys(asStored.body['ia::result'][0])).toEqual(['id', 'name']);
    expect(asStored.body['ia::meta']).toMatchObject({ start: 1, pageSize: 2, next: 3, previous: null });
    // The OpenAPI's "User view" example: size 3, start 7 → meta start 7, pageSize 3, next 10, previous 4.
    const r = await execute({ key, viewType: 'user', size: 3, start: 7, fields: ['id'] });
    expect(r.status).toBe(200);
    expect(r.body).toEqual((await query({ ...stored, fields: ['id'], size: 3, start: 7 })).body);
    expect(r.body['ia::result']).toHaveLength(3);
    expect(Object.keys(r.body['ia::result'][0])).toEqual(['id']);
    expect(r.body['ia::meta']).toMatchObject({ start: 7, pageSize: 3, next: 10, previous: 4 });
  });

  it('creates, lists, reads, updates and deletes a view in the shapes of the OpenAPI examples', async () => {
    // The create example "User view for vendor" (name, query with filters, filterExpression and orderBy).
    const name = unique('Inactive vendors');
    const create = await postJson(
      `${s.api}/objects/core/user-view`,
      {
        name,
        query: {
          object: 'accounts-payable/vendor',
          fields: ['id', 'name', 'status', 'href'],
          filters: [{ $eq: { status: 'inactive' } }, { $eq: { billingType: 'balanceForward' } }],
          filterExpression: '1 and 2',
          orderBy: [{ id: 'desc' }],
        },
      },
      admin,
    );
    expect(create.status).toBe(201);
    const key = create.body['ia::result'].key as string;
    expect(create.body).toEqual({
      'ia::result': { key, id: key, href: `/objects/core/user-view/${key}` },
      'ia::meta': { totalCount: 1, totalSuccess: 1, totalError: 0 },
    });

    const list = await getJson(`${s.api}/objects/core/user-view?size=100`, admin);
    expect(list.status).toBe(200);
    expect(list.body['ia::result']).toContainEqual({ key, id: key, href: `/objects/core/user-view/${key}` });
    expect(list.body['ia::meta']).toMatchObject({ start: 1, pageSize: 100, previous: null });

    const read = await getJson(`${s.api}/objects/core/user-view/${key}`, admin);
    expect(read.status).toBe(200);
    expect(read.body['ia::meta']).toEqual({ totalCount: 1, totalSuccess: 1, totalError: 0 });
    expect(read.body['ia::result']).toMatchObject({
      key,
      id: key,
      name,
      description: null,
      category: null,
      owner: {
        id: 'admin',
        key: expect.any(String),
        href: expect.stringMatching(/^\/objects\/company-config\/user\/\d+$/),
      },
      object: 'accounts-payable/vendor',
      isPublic: false,
      status: 'active',
      href: `/objects/core/user-view/${key}`,
    });
    expect(read.body['ia::result'].audit.createdDateTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);

    // The update example "Update query and metadata": query and metadata replaced whole.
    const patched = await send('PATCH', `/objects/core/user-view/${key}`, admin, {
      description: 'Employees who started this year',
      query: {
        object: 'company-config/employee',
        fields: ['key', 'primaryContact.lastName', 'primaryContact.firstName', 'startDate'],
        filters: [{ $eq: { status: 'active' } }, { $eq: { startDate: 'currentYear' } }],
        filterExpression: 'and',
        orderBy: [{ 'primaryContact.lastName': 'asc' }],
      },
      metadata: {
        columns: [
          { id: 'primaryContact.lastName', textFormat: 'clip' },
          { id: 'primaryContact.firstName', textFormat: 'wrap' },
        ],
        frozenColumnCount: 1,
      },
    });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(patched.body['ia::result']).toEqual({ key, id: key, href: `/objects/core/user-view/${key}` });
    const after = (await getJson(`${s.api}/objects/core/user-view/${key}`, admin)).body['ia::result'];
    expect(after).toMatchObject({
      name,
      description: 'Employees who started this year',
      object: 'company-config/employee',
      metadata: { frozenColumnCount: 1 },
    });
    expect(after.query.object).toBe('company-config/employee');
    expect((await execute({ key, viewType: 'user' })).status).toBe(200);

    const del = await send('DELETE', `/objects/core/user-view/${key}`, admin);
    expect(del.status).toBe(204);
    expect((await getJson(`${s.api}/objects/core/user-view/${key}`, admin)).status).toBe(404);
    expect((await execute({ key, viewType: 'user' })).status).toBe(404);
  });

  it('a view key of another company is not found: read, execute, update and delete all answer 404', async () => {
    const key = await createView({
      name: unique('Demo vendors'),
      isPublic: true,
      query: { object: 'accounts-payable/vendor', fields: ['id'] },
    });
    for (const r of [
      await getJson(`${s.api}/objects/core/user-view/${key}`, other),
      await execute({ key, viewType: 'user' }, other),
      await send('PATCH', `/objects/core/user-view/${key}`, other, { name: 'taken over' }),
      await send('DELETE', `/objects/core/user-view/${key}`, other),
    ]) {
      expect(r.status).toBe(404);
      expect(errorOf(r)).toMatchObject({ code: 'notFound', errorId: 'bind.unknown-record' });
    }
    const theirs = await getJson(`${s.api}/objects/core/user-view?size=4000`, other);
    expect(theirs.body['ia::result'].map((x: { key: string }) => x.key)).not.toContain(key);
    // Still there, unchanged, for its own company.
    expect((await getJson(`${s.api}/objects/core/user-view/${key}`, admin)).body['ia::result'].name).toMatch(
      /^Demo vendors/,
    );
  });

  it("a private view is its creator's alone; a shared one (isPublic) others may read and execute but not change", async () => {
    const fields = { object: 'accounts-payable/vendor', fields: ['id'], size: 1 };
    const mine = await createView({ name: unique('Private'), query: fields });
    const shared = await createView({ name: unique('Shared'), isPublic: true, query: fields });
    expect((await getJson(`${s.api}/objects/core/user-view/${mine}`, viewer)).status).toBe(404);
    expect((await execute({ key: mine, viewType: 'user' }, viewer)).status).toBe(404);
    const listed = (await getJson(`${s.api}/objects/core/user-view?size=4000`, viewer)).body['ia::result'].map(
      (x: { key: string }) => x.key,
    );
    expect(listed).toContain(shared);
    expect(listed).not.toContain(mine);
    expect((await getJson(`${s.api}/objects/core/user-view/${shared}`, viewer)).body['ia::result'].isPublic).toBe(true);
    expect((await execute({ key: shared, viewType: 'user' }, viewer)).status).toBe(200);
    const change = await send('PATCH', `/objects/core/user-view/${shared}`, viewer, { name: 'mine now' });
    expect(change.status).toBe(403);
    expect(errorOf(change).errorId).toBe('write.not-permitted');
  });

  it.each([
    [
      'an unknown property',
      { name: 'x', query: { object: 'accounts-payable/vendor', fields: ['id'] }, colour: 'red' },
      422,
      'write.unknown-field',
    ],
    [
      'no name (core-user-viewRequiredProperties)',
      { query: { object: 'accounts-payable/vendor', fields: ['id'] } },
      422,
      'write.required-field',
    ],
    ['no query (core-user-viewRequiredProperties)', { name: 'x' }, 422, 'write.required-field'],
    [
      'a view on an unknown object',
      { name: 'x', query: { object: 'accounts-payable/vendr', fields: ['id'] } },
      404,
      'bind.unknown-object',
    ],
    [
      'an unknown field in the query',
      { name: 'x', query: { object: 'accounts-payable/vendor', fields: ['idd'] } },
      400,
      'bind.unknown-field',
    ],
    [
      'an unknown query property',
      { name: 'x', query: { object: 'accounts-payable/vendor', fields: ['id'], limit: 3 } },
      400,
      'parse.invalid-query',
    ],
    [
      "an object other than the query's",
      { name: 'x', object: 'accounts-payable/bill', query: { object: 'accounts-payable/vendor', fields: ['id'] } },
      422,
      'write.invalid-value',
    ],
    [
      'a server-set owner',
      { name: 'x', owner: { id: 'viewer' }, query: { object: 'accounts-payable/vendor', fields: ['id'] } },
      422,
      'write.read-only-field',
    ],
    [
      'a status other than active or inactive',
      { name: 'x', status: 'on', query: { object: 'accounts-payable/vendor', fields: ['id'] } },
      422,
      'write.invalid-value',
    ],
  ])('a create with %s is refused in the REST error shape', async (_name, body, status, errorId) => {
    const r = await postJson(`${s.api}/objects/core/user-view`, body, admin);
    expect(r.status).toBe(status);
    expect(r.body['ia::meta']).toEqual({ totalCount: 1, totalSuccess: 0, totalError: 1 });
    expect(errorOf(r)).toMatchObject({
      errorId,
      message: expect.any(String),
      details: [expect.objectContaining({ code: errorId })],
    });
  });

  it('a second view of the same name in the company is refused as a duplicate', async () => {
    const name = unique('Twice');
    await createView({ name, query: { object: 'accounts-payable/vendor', fields: ['id'] } });
    const r = await postJson(
      `${s.api}/objects/core/user-view`,
      { name, query: { object: 'accounts-payable/vendor', fields: ['id'] } },
      admin,
    );
    expect(r.status).toBe(409);
    expect(errorOf(r).errorId).toBe('write.duplicate-id');
  });

  it('a read-only user cannot create a view (write.not-permitted)', async () => {
    const r = await postJson(
      `${s.api}/objects/core/user-view`,
      { name: unique('Viewer'), query: { object: 'accounts-payable/vendor', fields: ['id'] } },
      viewer,
    );
    expect(r.status).toBe(403);
    expect(errorOf(r).errorId).toBe('write.not-permitted');
  });

  it.each([
    ['no viewType (services.core.view requires key and viewType)', { key: '1' }, 400, 'parse.invalid-query'],
    ['no key', { viewType: 'user' }, 400, 'parse.invalid-query'],
    ['a viewType outside the enum user, system', { key: '1', viewType: 'custom' }, 400, 'parse.invalid-query'],
    ['an unknown property', { key: '1', viewType: 'user', pageSize: 3 }, 400, 'parse.invalid-query'],
    [
      'an object (a view names its own)',
      { key: '1', viewType: 'user', object: 'accounts-payable/bill' },
      400,
      'parse.invalid-query',
    ],
    ['a key no view has', { key: '999999', viewType: 'user' }, 404, 'bind.unknown-record'],
    ['a key that is not a number', { key: 'x1', viewType: 'user' }, 404, 'bind.unknown-record'],
    ['a numeric key (the schema types key as a string)', { key: 1, viewType: 'user' }, 400, 'parse.invalid-query'],
  ])('the view service refuses %s', async (_name, body, status, errorId) => {
    const r = await execute(body);
    expect(r.status).toBe(status);
    expect(errorOf(r)).toMatchObject({ errorId });
  });

  it("a system view is refused with a message saying ledgerq serves none (it has none of Intacct's definitions)", async () => {
    // The OpenAPI's "System view" example request.
    const r = await execute({
      key: 'expenses/employee-expense::systemfw1',
      viewType: 'system',
      size: 3,
      start: 4,
      filterParameters: { caseSensitiveComparison: true, includePrivate: true },
    });
    expect(r.status).toBe(422);
    expect(errorOf(r)).toMatchObject({
      errorId: 'bind.not-allowed',
      message: expect.stringMatching(/system views are not served/),
    });
  });

  it('overrides are checked as the query service checks them, and an inactive view cannot be executed', async () => {
    const key = await createView({
      name: unique('Checked'),
      query: { object: 'accounts-payable/vendor', fields: ['id'] },
    });
    const badParam = await execute({ key, viewType: 'user', filterParameters: { caseSensitive: false } });
    expect(badParam.status).toBe(400);
    expect(errorOf(badParam).message).toMatch(/unknown filter parameter "caseSensitive"/);
    const badSize = await execute({ key, viewType: 'user', size: 4001 });
    expect(badSize.status).toBe(400);
    expect(errorOf(badSize).errorId).toBe('limit.out-of-range');
    expect((await send('PATCH', `/objects/core/user-view/${key}`, admin, { status: 'inactive' })).status).toBe(200);
    const inactive = await execute({ key, viewType: 'user' });
    expect(inactive.status).toBe(422);
    expect(errorOf(inactive).message).toMatch(/inactive/);
  });

  it('the OpenAPI document describes the view service and core/user-view under their Intacct names', async () => {
    const doc = (await getJson(`${s.api}/openapi.json`)).body;
    expect(doc.paths['/services/core/view'].post).toBeDefined();
    expect(Object.keys(doc.paths['/objects/core/user-view']).sort()).toEqual(['get', 'post']);
    expect(Object.keys(doc.paths['/objects/core/user-view/{key}']).sort()).toEqual([
      'delete',
      'get',
      'parameters',
      'patch',
    ]);
    expect(doc.components.schemas['services.core.view'].required).toEqual(['key', 'viewType']);
    expect(doc.components.schemas['services.core.view'].properties.viewType.enum).toEqual(['user', 'system']);
    expect(doc.components.schemas['objects.core.user-view'].properties.key.readOnly).toBe(true);
  });

  it('a snapshot keeps the views: a restore brings back a deleted one and drops one made since, as it left them', async () => {
    const q = { object: 'accounts-payable/vendor', fields: ['id'] };
    const kept = await createView({ name: unique('Kept by the snapshot'), query: q });
    const schema = desiredSchema(s.catalog);
    await createSnapshot(s.t.db, schema, 'demo', 'views-snapshot');
    expect((await send('DELETE', `/objects/core/user-view/${kept}`, admin)).status).toBe(204);
    const later = await createView({ name: unique('Made after the snapshot'), query: q });
    await restoreSnapshot(s.t.db, schema, 'demo', 'views-snapshot');
    const back = await getJson(`${s.api}/objects/core/user-view/${kept}`, admin);
    expect(back.status).toBe(200);
    expect(back.body['ia::result'].query).toEqual(q);
    expect((await getJson(`${s.api}/objects/core/user-view/${later}`, admin)).status).toBe(404);
  });

  it('views are company data: a reset of the company removes them, and keys are numbered per company', async () => {
    const theirs = await createView(
      { name: unique('Demo2 view'), query: { object: 'accounts-payable/vendor', fields: ['id'] } },
      other,
    );
    const ours = await createView({
      name: unique('Demo view'),
      query: { object: 'accounts-payable/vendor', fields: ['id'] },
    });
    expect(Number(theirs)).toBeLessThan(Number(ours));
    await resetCompany(s.t.db, s.catalog, 'demo');
    expect((await getJson(`${s.api}/objects/core/user-view?size=4000`, admin)).body['ia::result']).toEqual([]);
    expect((await getJson(`${s.api}/objects/core/user-view/${theirs}`, other)).status).toBe(200);
    // Numbering starts again in the emptied company.
    expect(
      await createView({ name: unique('After reset'), query: { object: 'accounts-payable/vendor', fields: ['id'] } }),
    ).not.toBe(ours);
  });
});
