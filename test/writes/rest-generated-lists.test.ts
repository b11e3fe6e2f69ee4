// REST bodies checked against the property lists generated from the saved OpenAPI subsets (src/writes/rest-properties.json,
// built by scripts/build-rest-properties.mjs from scripts/openapi-subsets/*.json, verbatim from
// lorenz-bus-service/node-intacct-rest-api spec/<application>.json at 1dcbea361b3a4951e419d749dbea3c75e1b3ecd6), for
// objects that had no list before (issue 17): a property the schema lists as writable and the catalog lacks is accepted
// and not kept; one it marks readOnly is refused with a value, naming it; a key it does not list is refused, naming it.
// Both databases, real HTTP.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../support/databases.ts';
import { gatewayDatabase, startGateway, type Gateway } from '../xml/support/gateway-harness.ts';
import { expectRefused, send } from './rest-body-support.ts';
import { first, restToken } from './write-harness.ts';

type Json = Record<string, unknown>;

describe.each(BACKENDS)('REST bodies by the generated OpenAPI lists on %s', (backend) => {
  const { url, cleanup } = gatewayDatabase(backend);
  let g: Gateway;
  let auth: Record<string, string>;
  const objects = (object: string) => `http://127.0.0.1:${g.port}/ia/api/v1/objects/${object}`;
  const refused = (method: string, at: string, cases: readonly (readonly [Json, string, string])[]) =>
    expectRefused(method, at, cases, auth);
  const get = async (at: string): Promise<Json> => {
    const r = await fetch(at, { headers: auth });
    expect(r.status).toBe(200);
    return ((await r.json()) as { 'ia::result': Json })['ia::result'];
  };
  /** A write answered `status`; its answer. */
  const accepted = async (method: string, at: string, body: Json, status: number): Promise<Json> => {
    const r = await send(method, at, body, auth);
    if (r.status !== status) console.log(JSON.stringify(r.body));
    expect(r.status).toBe(status);
    return r.body['ia::result'] as Json;
  };
  /** The record as REST answers it, without the audit times a write moves. */
  const unaudited = (r: Json): Json => {
    const { audit: _audit, ...rest } = r;
    return rest;
  };
  /** A PATCH of the record at `at` answered 200, the record read back as it was: none of the body's keys kept. */
  const patchedUnchanged = async (at: string, body: Json): Promise<void> => {
    const before = await get(at);
    await accepted('PATCH', at, body, 200);
    const after = await get(at);
    for (const k of Object.keys(body)) expect(after[k], k).toBeUndefined();
    expect(unaudited(after)).toEqual(unaudited(before));
  };

  beforeAll(async () => {
    g = await startGateway(url);
    auth = { authorization: `Bearer ${await restToken(g)}` };
  });
  afterAll(async () => {
    await g?.close();
    await cleanup();
  });

  it('cash-management/checking-account: a PATCH of properties the catalog lacks is accepted and not kept', async () => {
    // scripts/openapi-subsets/cash-management.json objects.cash-management.checking-account: bankAccountDetails.bankName
    // and checkPrinting.printSettings.printOn (enum prePrintedCheckStock | blankCheckStock) are writable,
    // reconciliation.lastReconciledBalance is readOnly; the catalog keeps none of them.
    const { RECORDNO: key } = await first(g, 'CHECKINGACCOUNT', ['RECORDNO']);
    const at = `${objects('cash-management/checking-account')}/${key}`;
    await patchedUnchanged(at, {
      bankAccountDetails: { bankName: 'Loopback Savings' },
      checkPrinting: { printSettings: { printOn: 'blankCheckStock' } },
    });
    await refused('PATCH', at, [
      [
        { reconciliation: { lastReconciledBalance: '10.00' } },
        'write.read-only-field',
        'reconciliation.lastReconciledBalance',
      ],
      [{ bankAccountDetails: { bankNaem: 'x' } }, 'write.unknown-field', 'bankAccountDetails.bankNaem'],
      [
        { checkPrinting: { printSettings: { printOn: 'napkin' } } },
        'write.invalid-value',
        'checkPrinting.printSettings.printOn',
      ],
    ]);
  });

  it('purchasing/document: a purchase order POSTed with header properties the catalog lacks; they are not kept', async () => {
    // scripts/openapi-subsets/purchasing.json objects.purchasing.document: promisedDate and performanceBond.isRequired
    // are writable, isPrinted is readOnly; the catalog keeps none of them. The lines are objects.purchasing.document-line.
    const vendor = await first(g, 'VENDOR', ['VENDORID'], 'STATUS', 'active');
    const item = await first(g, 'ITEM', ['ITEMID'], 'STATUS', 'active');
    const at = objects('purchasing/document::Purchase%20Order');
    const body = (extra: Json): Json => ({
      vendor: { id: vendor.VENDORID },
      txnDate: '2026-11-12',
      lines: [{ item: { id: item.ITEMID }, quantity: '2', price: '5.00' }],
      ...extra,
    });
    const created = await accepted(
      'POST',
      at,
      body({ promisedDate: '2026-12-01', performanceBond: { isRequired: true } }),
      201,
    );
    const po = await get(`${at}/${created.key}`);
    expect(po).toMatchObject({ vendor: { id: vendor.VENDORID }, total: '10.00' });
    expect(po.promisedDate).toBeUndefined();
    expect(po.performanceBond).toBeUndefined();
    await refused('POST', at, [
      [body({ isPrinted: true }), 'write.read-only-field', 'isPrinted'],
      [body({ promisedDat: '2026-12-01' }), 'write.unknown-field', 'promisedDat'],
      [body({ performanceBond: { isRequired: 'maybe' } }), 'write.invalid-value', 'performanceBond.isRequired'],
    ]);
  });

  it('construction/cost-type: a PATCH of properties the catalog lacks is accepted and not kept', async () => {
    // scripts/openapi-subsets/project-and-resource-management.json objects.construction.cost-type:
    // overridePurchasingTaxSchedule and taxSchedule are writable, standardCostType.name is readOnly; the catalog keeps
    // none of them.
    const { RECORDNO: key } = await first(g, 'COSTTYPE', ['RECORDNO']);
    const at = `${objects('construction/cost-type')}/${key}`;
    await patchedUnchanged(at, { overridePurchasingTaxSchedule: true, taxSchedule: { id: 'Sale Goods Standard' } });
    await refused('PATCH', at, [
      [{ standardCostType: { name: 'x' } }, 'write.read-only-field', 'standardCostType.name'],
      [{ overridePurchasingTaxSchedul: true }, 'write.unknown-field', 'overridePurchasingTaxSchedul'],
      [{ overridePurchasingTaxSchedule: 'often' }, 'write.invalid-value', 'overridePurchasingTaxSchedule'],
      // taxSchedule is an object (a reference) in the schema: a plain string there is refused.
      [{ taxSchedule: 'Sale Goods Standard' }, 'write.invalid-value', 'taxSchedule'],
    ]);
  });

  it('company-config/department-group: a POST with a property the catalog lacks is accepted and not kept', async () => {
    // scripts/openapi-subsets/company-configuration.json objects.company-config.department-group: isDimensionStructure is
    // writable, entity (entity-ref) is readOnly as a whole; the catalog keeps neither.
    const at = objects('company-config/department-group');
    const id = `DG-REST-${backend}`;
    const created = await accepted('POST', at, { id, name: 'Generated lists', isDimensionStructure: true }, 201);
    const group = await get(`${at}/${created.key}`);
    expect(group).toMatchObject({ id, name: 'Generated lists' });
    expect(group.isDimensionStructure).toBeUndefined();
    await refused('POST', at, [
      [{ id: `${id}-2`, name: 'x', entity: { id: 'E100' } }, 'write.read-only-field', 'entity.id'],
      [{ id: `${id}-3`, name: 'x', isDimensionStructur: true }, 'write.unknown-field', 'isDimensionStructur'],
    ]);
  });

  it('company-config/exchange-rate: lines of records ledgerq keeps are refused, not dropped, where REST does not write them', async () => {
    // scripts/openapi-subsets/company-configuration.json objects.company-config.exchange-rate: lines is an array of
    // objects.company-config.exchange-rate-line, a catalog object (EXCHANGERATEENTRY) that REST writes here do not take.
    // Intacct creates those lines; accepting the list and keeping nothing would lose them, so it is refused naming
    // `lines` (the stricter reading); an empty list loses nothing and is accepted.
    const { RECORDNO: key } = await first(g, 'EXCHANGERATE', ['RECORDNO']);
    const at = `${objects('company-config/exchange-rate')}/${key}`;
    await patchedUnchanged(at, { lines: [] });
    await refused('PATCH', at, [
      [{ lines: [{ effectiveStartDate: '2026-01-01', rate: '1.1' }] }, 'write.invalid-value', 'lines'],
    ]);
  });
});
