// REST writes: POST, PATCH and DELETE on /objects, read back through GET and the query service, with REST-shaped
// errors.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../support/databases.ts';
import {
  bearer,
  getJson,
  postJson,
  startRestServer,
  token,
  type JsonResponse,
  type RestServer,
} from '../rest/rest-server.ts';

async function send(
  method: string,
  url: string,
  body: unknown,
  headers: Record<string, string>,
): Promise<JsonResponse> {
  const res = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text === '' ? null : JSON.parse(text) };
}

describe.each(BACKENDS)('REST object writes on %s', (backend) => {
  let s: RestServer;
  let auth: Record<string, string>;
  beforeAll(async () => {
    s = await startRestServer(backend);
    auth = bearer((await token(s.api)).access_token);
  });
  afterAll(async () => {
    await s?.close();
  });

  it('POST creates, PATCH updates, DELETE removes; GET and the query service agree at each step', async () => {
    const created = await send(
      'POST',
      `${s.api}/objects/accounts-payable/vendor`,
      { id: 'RV-1', name: 'Rest Vendor', creditLimit: 99.95, paymentPriority: 'high' },
      auth,
    );
    expect(created.status).toBe(201);
    const key = created.body['ia::result'].key as string;
    expect(created.body['ia::result']).toEqual({ key, id: 'RV-1', href: `/objects/accounts-payable/vendor/${key}` });

    const read = await getJson(`${s.api}/objects/accounts-payable/vendor/${key}`, auth);
    expect(read.body['ia::result']).toMatchObject({ key, id: 'RV-1', name: 'Rest Vendor', status: 'active' });

    const patched = await send(
      'PATCH',
      `${s.api}/objects/accounts-payable/vendor/${key}`,
      { name: 'Rest Vendor 2', status: 'inactive' },
      auth,
    );
    expect(patched.status).toBe(200);
    const q = await postJson(
      `${s.api}/services/core/query`,
      { object: 'accounts-payable/vendor', fields: ['key', 'name', 'status'], filters: [{ $eq: { id: 'RV-1' } }] },
      auth,
    );
    expect(q.body['ia::result']).toEqual([{ key, name: 'Rest Vendor 2', status: 'inactive' }]);

    const deleted = await send('DELETE', `${s.api}/objects/accounts-payable/vendor/${key}`, undefined, auth);
    expect(deleted.status).toBe(204);
    expect((await getJson(`${s.api}/objects/accounts-payable/vendor/${key}`, auth)).status).toBe(404);
  });

  it.each([
    [
      'a required field is missing (classes are not auto-numbered)',
      'POST',
      '/objects/company-config/class',
      { name: 'x' },
      422,
      'write.required-field',
    ],
    [
      'a read-only field',
      'POST',
      '/objects/accounts-payable/vendor',
      { id: 'RV-2', name: 'x', key: undefined, vendorDue: 5 },
      422,
      'write.read-only-field',
    ],
    [
      'an unknown field',
      'POST',
      '/objects/accounts-payable/vendor',
      { id: 'RV-3', name: 'x', nope: 1 },
      422,
      'write.unknown-field',
    ],
    [
      'an enum value in neither spelling',
      'POST',
      '/objects/accounts-payable/vendor',
      { id: 'RV-4', name: 'x', paymentPriority: 'asap' },
      422,
      'write.invalid-value',
    ],
    [
      'an update of a missing record',
      'PATCH',
      '/objects/accounts-payable/vendor/999999999',
      { name: 'x' },
      404,
      'write.unknown-record',
    ],
  ] as const)('error: %s', async (_rule, method, path, body, status, errorId) => {
    const r = await send(method, `${s.api}${path}`, body, auth);
    expect(r.status).toBe(status);
    expect(r.body['ia::result']['ia::error'].errorId).toBe(errorId);
    expect(r.body['ia::meta']).toEqual({ totalCount: 1, totalSuccess: 0, totalError: 1 });
  });

  it("PATCH of a bill's vendor moves its amount due from one vendor's balance to the other's; a paid bill keeps its vendor", async () => {
    const q = async (body: unknown) =>
      (await postJson(`${s.api}/services/core/query`, body, auth)).body['ia::result'] as Record<string, any>[];
    const cents = (v: unknown) => Math.round(Number(v) * 100);
    const vendorOf = (r: Record<string, any>) => (r.vendor?.id ?? r['vendor.id']) as string;
    const [bill] = await q({
      object: 'accounts-payable/bill',
      fields: ['key', 'vendor.id', 'totalBaseAmountDue'],
      filters: [{ $eq: { state: 'posted' } }, { $gt: { totalBaseAmountDue: '0' } }],
      size: 1,
    });
    const from = vendorOf(bill!);
    const [to] = await q({
      object: 'accounts-payable/vendor',
      fields: ['id'],
      filters: [{ $ne: { id: from } }],
      size: 1,
    });
    const due = async (id: string) =>
      cents(
        (await q({ object: 'accounts-payable/vendor', fields: ['totalDue'], filters: [{ $eq: { id } }] }))[0]!.totalDue,
      );
    const [fromBefore, toBefore] = [await due(from), await due(to!.id)];
    const patched = await send(
      'PATCH',
      `${s.api}/objects/accounts-payable/bill/${bill!.key}`,
      { vendor: { id: to!.id } },
      auth,
    );
    expect(patched.status).toBe(200);
    expect(await due(from)).toBe(fromBefore - cents(bill!.totalBaseAmountDue));
    expect(await due(to!.id)).toBe(toBefore + cents(bill!.totalBaseAmountDue));

    const [paid] = await q({
      object: 'accounts-payable/bill',
      fields: ['key', 'vendor.id'],
      filters: [{ $eq: { state: 'partiallyPaid' } }],
      size: 1,
    });
    const refused = await send(
      'PATCH',
      `${s.api}/objects/accounts-payable/bill/${paid!.key}`,
      { vendor: { id: to!.id } },
      auth,
    );
    expect([refused.status, refused.body['ia::result']['ia::error'].errorId]).toEqual([422, 'write.invalid-value']);
    expect(
      vendorOf(
        (
          await q({ object: 'accounts-payable/bill', fields: ['vendor.id'], filters: [{ $eq: { key: paid!.key } }] })
        )[0]!,
      ),
    ).toBe(vendorOf(paid!));
  });

  it('a read-only user is refused with 403', async () => {
    const viewer = bearer((await token(s.api, 'viewer@demo')).access_token);
    const r = await send('POST', `${s.api}/objects/company-config/department`, { id: 'RD-RO', name: 'x' }, viewer);
    expect(r.status).toBe(403);
  });
});
