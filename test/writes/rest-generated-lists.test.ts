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
import { first, query, restToken } from './write-harness.ts';

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
    // objects.company-config.exchange-rate-line, a catalog object (EXCHANGERATEENTRY) that has no field naming its
    // exchange rate in the catalog, so REST writes cannot link it (docs/writes.md, "Owned records in REST bodies").
    // Intacct creates those lines; accepting the list and keeping nothing would lose them, so it is refused naming
    // `lines` (the stricter reading); an empty list loses nothing and is accepted.
    const { RECORDNO: key } = await first(g, 'EXCHANGERATE', ['RECORDNO']);
    const at = `${objects('company-config/exchange-rate')}/${key}`;
    await patchedUnchanged(at, { lines: [] });
    await refused('PATCH', at, [
      [{ lines: [{ effectiveStartDate: '2026-01-01', rate: '1.1' }] }, 'write.invalid-value', 'lines'],
    ]);
  });
  it('inventory-control/unit-of-measure-group: unitsOfMeasure are created with the group, each a unit linked to it', async () => {
    // scripts/openapi-subsets/inventory-control.json objects.inventory-control.unit-of-measure-group: unitsOfMeasure is
    // an array of objects.inventory-control.unit-of-measure (id, abbreviation, numberOfDecimalPlaces, conversionFactor;
    // parent links it to its group; isBase is readOnly). The catalog keeps them as UOMDETAIL, whose parent relationship
    // is PARENTID → UOM.NAME: each item is written as a UOMDETAIL of the new group, in the group's transaction.
    const at = objects('inventory-control/unit-of-measure-group');
    const id = `Volume-${backend}`;
    const unit = (name: string, factor: number): Json => ({
      id: name,
      abbreviation: name.slice(0, 2),
      numberOfDecimalPlaces: 2,
      conversionFactor: factor,
    });
    const group = (units: Json[]): Json => ({ id, baseUnit: 'Litre', unitsOfMeasure: units });
    // Each item is checked as a unit of measure's body, the error naming the item; a refused item keeps nothing.
    await refused('POST', at, [
      [
        group([unit('Litre', 1), { ...unit('Gallon', 3.785), conversionFactr: 3 }]),
        'write.unknown-field',
        'unitsOfMeasure[1].conversionFactr',
      ],
      [group([unit('Litre', 1), { id: 'Gallon' }]), 'write.required-field', 'unitsOfMeasure[1].conversionFactor'],
      [group([{ ...unit('Litre', 1), parent: { id: 'Count' } }]), 'write.invalid-value', 'unitsOfMeasure[0].parent.id'],
      [group([{ ...unit('Litre', 1), key: '1' }]), 'write.invalid-value', 'unitsOfMeasure[0].key'],
      [group([unit('Litre', 1), 'Gallon' as unknown as Json]), 'write.invalid-value', 'unitsOfMeasure[1]'],
    ]);
    expect(await query(g, 'UOM', ['RECORDNO'], 'NAME', id)).toEqual([]);
    expect(await query(g, 'UOMDETAIL', ['RECORDNO'], 'PARENTID', id)).toEqual([]);

    const created = await accepted('POST', at, group([unit('Litre', 1), unit('Gallon', 3.785)]), 201);
    const units = async () =>
      (await query(g, 'UOMDETAIL', ['RECORDNO', 'UNIT', 'ABBREVIATION', 'GRPKEY', 'CONVERSIONFACTOR'], 'PARENTID', id))
        .map((u) => [u.UNIT, u.ABBREVIATION, u.GRPKEY, Number(u.CONVERSIONFACTOR), u.RECORDNO] as const)
        .sort();
    const [gallon, litre] = await units();
    expect([gallon, litre].map((u) => u!.slice(0, 4))).toEqual([
      ['Gallon', 'Ga', created.key, 3.785],
      ['Litre', 'Li', created.key, 1],
    ]);
    // Readable as their own object over REST.
    expect(await get(`${objects('inventory-control/unit-of-measure')}/${gallon![4]}`)).toMatchObject({
      id: 'Gallon',
      parent: { id, key: created.key },
    });

    // PATCH: an item with its key changes that unit, one without a key is added (as the "Update an item" example's
    // itemLandedCost names its record by key); a key of another group's unit is not this group's.
    await accepted(
      'PATCH',
      `${at}/${created.key}`,
      { unitsOfMeasure: [{ key: gallon![4], abbreviation: 'gal' }, unit('Pint', 0.473)] },
      200,
    );
    expect((await units()).map((u) => u.slice(0, 4))).toEqual([
      ['Gallon', 'gal', created.key, 3.785],
      ['Litre', 'Li', created.key, 1],
      ['Pint', 'Pi', created.key, 0.473],
    ]);
    const other = (await query(g, 'UOMDETAIL', ['RECORDNO', 'PARENTID'])).find((u) => u.PARENTID !== id);
    const r = await send(
      'PATCH',
      `${at}/${created.key}`,
      { unitsOfMeasure: [{ key: other!.RECORDNO, abbreviation: 'x' }] },
      auth,
    );
    expect([r.status, r.body['ia::result']['ia::error'].errorId]).toEqual([404, 'write.unknown-record']);
  });

  it('inventory-control/item: warehouseInfo and itemCrossReference are created with the item; a refused entry keeps nothing', async () => {
    // scripts/openapi-subsets/inventory-control.json objects.inventory-control.item: warehouseInfo is an array of
    // objects.inventory-control.item-warehouse-inventory (ITEMWAREHOUSEINFO, item → ITEM by ITEMID), itemCrossReference
    // of objects.inventory-control.item-cross-reference (ITEMCROSSREF, item → ITEM by ITEMID; referenceType required).
    const at = objects('inventory-control/item');
    const [warehouse] = await query(g, 'WAREHOUSE', ['WAREHOUSEID'], 'STATUS', 'active');
    const other = await first(g, 'ITEM', ['ITEMID'], 'STATUS', 'active');
    const id = `OWNED-${backend}`;
    const item = (extra: Json): Json => ({ id, name: 'Owned lists', itemType: 'inventory', ...extra });
    await refused('POST', at, [
      [
        item({ warehouseInfo: [{ warehouse: { id: 'NO-SUCH-WH' } }] }),
        'write.missing-reference',
        'warehouseInfo[0].warehouse.id',
      ],
      [
        item({ warehouseInfo: [{ warehouse: { id: warehouse!.WAREHOUSEID }, reorderPoint: 'many' }] }),
        'write.invalid-value',
        'warehouseInfo[0].reorderPoint',
      ],
      [
        item({ itemCrossReference: [{ itemAliasId: 'ALIAS-1' }] }),
        'write.required-field',
        'itemCrossReference[0].referenceType',
      ],
    ]);
    expect(await query(g, 'ITEM', ['RECORDNO'], 'ITEMID', id)).toEqual([]);
    await accepted(
      'POST',
      at,
      item({
        warehouseInfo: [{ warehouse: { id: warehouse!.WAREHOUSEID }, storageArea: 'Aisle 9', reorderPoint: 4 }],
        itemCrossReference: [{ referenceType: 'substitute', alternateItem: { id: other.ITEMID } }],
      }),
      201,
    );
    expect(
      await query(g, 'ITEMWAREHOUSEINFO', ['ITEMID', 'WAREHOUSEID', 'STORAGEAREA', 'REORDERPOINT'], 'ITEMID', id),
    ).toEqual([{ ITEMID: id, WAREHOUSEID: warehouse!.WAREHOUSEID, STORAGEAREA: 'Aisle 9', REORDERPOINT: '4' }]);
    expect(await query(g, 'ITEMCROSSREF', ['ITEMID', 'REFTYPE', 'ALTERNATEITEMID'], 'ITEMID', id)).toHaveLength(1);
  });

  it('accounts-payable/recurring-bill: lines are still refused, the recurring bill totalling them', async () => {
    // scripts/openapi-subsets/accounts-payable.json objects.accounts-payable.recurring-bill: lines is an array of
    // objects.accounts-payable.recurring-bill-line (APRECURBILLENTRY); the header's totalEntered (readOnly) is their sum,
    // which a generic write does not compute: refused naming lines rather than written without it.
    await refused('POST', objects('accounts-payable/recurring-bill'), [
      [{ lines: [{ glAccount: { id: '6000' }, txnAmount: '10' }] }, 'write.invalid-value', 'lines'],
    ]);
  });
  it('contracts/billing-template: lines are created with the template, linked by its key and id', async () => {
    // scripts/openapi-subsets/contracts-and-revenue-management.json objects.contracts.billing-template: lines is an
    // array of objects.contracts.billing-template-line (periodOffset, percentToBill, stepPercent; contractBillingTemplate
    // links it to its template). The catalog keeps them as CONTRACTBILLINGTEMPLATEENTRY, whose template relationship is
    // CONTRACTBILLINGTEMPLATEKEY → CONTRACTBILLINGTEMPLATE.RECORDNO; PERCENTBILLED is required.
    const at = objects('contracts/billing-template');
    const id = `Halves-${backend}`;
    const body = {
      id,
      method: 'predefinedPercentages',
      lines: [{ periodOffset: 0, percentToBill: 50 }, { periodOffset: 1 }],
    };
    await refused('POST', at, [[body, 'write.required-field', 'lines[1].percentToBill']]);
    expect(await query(g, 'CONTRACTBILLINGTEMPLATE', ['RECORDNO'], 'NAME', id)).toEqual([]);
    const created = await accepted(
      'POST',
      at,
      {
        ...body,
        lines: [
          { periodOffset: 0, percentToBill: 50 },
          { periodOffset: 1, percentToBill: 50 },
        ],
      },
      201,
    );
    const lines = await query(
      g,
      'CONTRACTBILLINGTEMPLATEENTRY',
      ['RECORDNO', 'PERIODOFFSET', 'PERCENTBILLED', 'CONTRACTBILLINGTEMPLATEID'],
      'CONTRACTBILLINGTEMPLATEKEY',
      String(created.key),
    );
    expect(lines.map((l) => [l.PERIODOFFSET, Number(l.PERCENTBILLED), l.CONTRACTBILLINGTEMPLATEID]).sort()).toEqual([
      ['0', 50, id],
      ['1', 50, id],
    ]);
    expect(await get(`${objects('contracts/billing-template-line')}/${lines[0]!.RECORDNO}`)).toMatchObject({
      contractBillingTemplate: { key: String(created.key), id },
    });
  });
  it('company-config/role: rolePermissionAssignments are created with the role; roleUsers, readOnly, are refused', async () => {
    // scripts/openapi-subsets/company-configuration.json objects.company-config.role: rolePermissionAssignments is an
    // array of objects.company-config.role-permission-assignment (permission, accessRights), roleUsers (role-user-map) is
    // readOnly. The catalog keeps the assignments as ROLEPOLICYASSIGNMENT, role → ROLES by ROLEKEY; accessRights is
    // listed and not kept.
    const at = objects('company-config/role');
    const id = `Owned lists ${backend}`;
    await refused('POST', at, [
      [{ id, roleUsers: [{ user: { id: 'admin' } }] }, 'write.read-only-field', 'roleUsers'],
      [
        { id, rolePermissionAssignments: [{ permision: { id: 'x' } }] },
        'write.unknown-field',
        'rolePermissionAssignments[0].permision.id',
      ],
    ]);
    const created = await accepted(
      'POST',
      at,
      { id, rolePermissionAssignments: [{ permission: { id: 'ap/lists/vendor' }, accessRights: ['list', 'view'] }] },
      201,
    );
    const [assignment, ...more] = await query(
      g,
      'ROLEPOLICYASSIGNMENT',
      ['RECORDNO', 'PERMISSIONID', 'ROLEID'],
      'ROLEKEY',
      String(created.key),
    );
    expect(more).toEqual([]);
    expect(assignment).toMatchObject({ PERMISSIONID: 'ap/lists/vendor', ROLEID: id });
    expect(await get(`${objects('company-config/role-permission-assignment')}/${assignment!.RECORDNO}`)).toMatchObject({
      role: { key: String(created.key), id },
      permission: { id: 'ap/lists/vendor' },
    });
  });
});
