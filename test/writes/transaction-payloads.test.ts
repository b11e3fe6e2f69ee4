// Order-entry, purchasing and inventory transactions as public integrations write them (raw legacy payloads, empty elements
// included) and read them back, on both databases; elements the reference does not list are refused by name
// (issue 17).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../support/databases.ts';
import {
  errorNumbers,
  gatewayDatabase,
  IA,
  rejection,
  requestConfig,
  sdkClient,
  type Gateway,
  startGateway,
} from '../xml/support/gateway-harness.ts';
import { PayloadFunction, type Payload } from './payload-support.ts';
import { execute, first, query, queryDocs, type Rec, restToken } from './write-harness.ts';

const date = (y: number, m: number, d: number): Payload => ({
  year: String(y),
  month: String(m).padStart(2, '0'),
  day: String(d).padStart(2, '0'),
});

describe.each(BACKENDS)('transaction payloads of public integrations on %s', (backend) => {
  const { url, cleanup } = gatewayDatabase(backend);
  let g: Gateway;
  let token: string;
  beforeAll(async () => {
    g = await startGateway(url);
    token = await restToken(g);
  });

  async function rest(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; json: Record<string, unknown> }> {
    const res = await fetch(`http://127.0.0.1:${g.port}/ia/api/v1/objects/${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, json: text ? JSON.parse(text) : {} };
  }
  afterAll(async () => {
    await g?.close();
    await cleanup();
  });

  it("hotglue's purchase order: create_potransaction without documentno, then the PODOCUMENT found by DOCNO from the key, and its lines", async () => {
    const vendor = await first(g, 'VENDOR', ['VENDORID', 'NAME'], 'STATUS', 'active');
    const [i1, i2] = await query(g, 'ITEM', ['ITEMID'], 'STATUS', 'active', 2);
    // hotgluexyz/target-intacct target_intacct/sinks.py (the purchase order sink's preprocess_record): None values are
    // sent as empty elements, returnto / payto as empty contacts, each line with tax and dimensions.
    const line = (itemid: string, quantity: string, price: string): Payload => ({
      itemid,
      quantity,
      unit: 'Each',
      price,
      tax: null,
      locationid: null,
      departmentid: null,
      memo: `hotglue ${itemid}`,
      projectid: null,
      employeeid: null,
      classid: null,
    });
    const payload: Payload = {
      transactiontype: 'Purchase Order',
      datecreated: date(2026, 11, 9),
      vendorid: vendor.VENDORID!,
      documentno: null,
      referenceno: 'HG-REF-1',
      termname: null,
      datedue: date(2026, 12, 9),
      message: 'from hotglue',
      returnto: { contactname: null },
      payto: { contactname: null },
      basecurr: 'USD',
      currency: 'USD',
      exchratetype: 'Intacct Daily Rate',
      potransitems: { potransitem: [line(i1!.ITEMID!, '10', '2.50'), line(i2!.ITEMID!, '1', '99.99')] },
    };
    const key = String((await execute(g, new PayloadFunction('create_potransaction', payload))).key);
    expect(key).toMatch(/^Purchase Order-PO\d{4}$/);
    // It then queries the order by DOCNO = key.split("-")[1], with docparid "Purchase Order", and the lines by DOCHDRNO.
    const [order] = await queryDocs(
      g,
      'PODOCUMENT',
      'Purchase Order',
      ['RECORDNO', 'DOCNO', 'CUSTVENDNAME', 'MESSAGE', 'PONUMBER', 'CURRENCY', 'TOTAL', 'STATE'],
      'DOCNO',
      key.split('-')[1]!,
    );
    expect(order).toMatchObject({
      CUSTVENDNAME: vendor.NAME,
      MESSAGE: 'from hotglue',
      PONUMBER: 'HG-REF-1',
      CURRENCY: 'USD',
      TOTAL: '124.99',
      STATE: 'Pending',
    });
    const lines = await queryDocs(
      g,
      'PODOCUMENTENTRY',
      'Purchase Order',
      ['RECORDNO', 'ITEMID', 'MEMO', 'LOCATIONID'],
      'DOCHDRNO',
      order!.RECORDNO!,
    );
    expect(lines.map((l) => l.ITEMID).sort()).toEqual([i1!.ITEMID, i2!.ITEMID].sort());
    expect(lines.every((l) => l.LOCATIONID === '')).toBe(true);
  });

  it("open_chain's receivable: create_sotransaction with its documentno and dimensions, read back by readByQuery with docparid", async () => {
    const customer = await first(g, 'CUSTOMER', ['CUSTOMERID', 'NAME'], 'STATUS', 'active');
    const item = await first(g, 'ITEM', ['ITEMID'], 'STATUS', 'active');
    const location = await first(g, 'LOCATION', ['LOCATIONID'], 'STATUS', 'active');
    const department = await first(g, 'DEPARTMENT', ['DEPARTMENTID']);
    // jbanahan/Sync-session-ACSG-542-01-2020F lib/open_chain/custom_handler/intacct/intacct_xml_generator.rb
    // (generate_receivable_xml): a quantity of 1 at the charge amount per line, the customer on each line too.
    const soLine = (price: string, memo: string): Payload => ({
      itemid: item.ITEMID!,
      quantity: '1',
      unit: 'Each',
      price,
      locationid: location.LOCATIONID!,
      departmentid: department.DEPARTMENTID!,
      memo,
      customerid: customer.CUSTOMERID!,
    });
    const payload: Payload = {
      transactiontype: 'Sales Invoice',
      datecreated: date(2026, 11, 1),
      dateposted: date(2026, 11, 1),
      customerid: customer.CUSTOMERID!,
      documentno: 'OC-INV-1',
      referenceno: 'CUSTREF',
      currency: 'USD',
      exchratedate: date(2026, 11, 1),
      exchratetype: 'Intacct Daily Rate',
      sotransitems: { sotransitem: [soLine('12.50', 'Freight'), soLine('7.25', 'Brokerage')] },
    };
    const key = String((await execute(g, new PayloadFunction('create_sotransaction', payload))).key);
    expect(key).toBe('Sales Invoice-OC-INV-1');
    const r = new IA.Functions.Common.ReadByQuery();
    r.objectName = 'SODOCUMENT';
    r.docParId = 'Sales Invoice';
    r.fields = ['RECORDNO', 'DOCID', 'WHENPOSTED', 'CUSTVENDID', 'TOTAL'];
    r.query = new IA.Functions.Common.Query.Comparison.EqualTo.EqualToString();
    (r.query as IA.Functions.Common.Query.Comparison.EqualTo.EqualToString).field = 'DOCID';
    (r.query as IA.Functions.Common.Query.Comparison.EqualTo.EqualToString).value = key;
    const [doc] = (await sdkClient(g).execute(r, requestConfig())).getResult().data as Rec[];
    expect(doc).toMatchObject({
      DOCID: key,
      WHENPOSTED: '11/01/2026',
      CUSTVENDID: customer.CUSTOMERID,
      TOTAL: '19.75',
    });
    const lines = await queryDocs(
      g,
      'SODOCUMENTENTRY',
      'Sales Invoice',
      ['LOCATIONID', 'DEPARTMENTID', 'CUSTOMERID', 'MEMO'],
      'DOCHDRNO',
      doc!.RECORDNO!,
    );
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({
      LOCATIONID: location.LOCATIONID,
      DEPARTMENTID: department.DEPARTMENTID,
      CUSTOMERID: customer.CUSTOMERID,
    });
  });

  it('creates racing without documentno get distinct, consecutive document numbers', async () => {
    const customer = await first(g, 'CUSTOMER', ['CUSTOMERID'], 'STATUS', 'active');
    const item = await first(g, 'ITEM', ['ITEMID'], 'STATUS', 'active');
    const so: Payload = {
      transactiontype: 'Sales Return',
      datecreated: date(2026, 11, 15),
      customerid: customer.CUSTOMERID!,
      sotransitems: { sotransitem: { itemid: item.ITEMID!, quantity: '1', price: '1' } },
    };
    const keys = await Promise.all(
      Array.from({ length: 8 }, async () =>
        String((await execute(g, new PayloadFunction('create_sotransaction', so))).key),
      ),
    );
    expect(new Set(keys).size).toBe(8);
    const numbers = keys.map((k) => Number(/(\d+)$/.exec(k)![1])).sort((a, b) => a - b);
    expect(numbers[7]! - numbers[0]!).toBe(7);
  });

  it('refuses an element the reference does not list, in the header or a line, naming it', async () => {
    const customer = await first(g, 'CUSTOMER', ['CUSTOMERID'], 'STATUS', 'active');
    const item = await first(g, 'ITEM', ['ITEMID'], 'STATUS', 'active');
    const so = (extra: Payload, lineExtra: Payload): Payload => ({
      transactiontype: 'Sales Order',
      datecreated: date(2026, 11, 1),
      customerid: customer.CUSTOMERID!,
      ...extra,
      sotransitems: { sotransitem: { itemid: item.ITEMID!, quantity: '1', price: '1', ...lineExtra } },
    });
    for (const [payload, name] of [
      [so({ nosuchheader: 'x' }, {}), /nosuchheader/],
      // A bill line's amount is not an order line's: sotransitem takes quantity and price.
      [so({}, { amount: '10' }), /amount is not a field of sotransitem/],
      [so({}, { glaccountno: null }), /glaccountno/],
    ] as const) {
      const e = await rejection(execute(g, new PayloadFunction('create_sotransaction', payload)));
      expect(errorNumbers(e)).toEqual(['BL01001973', 'BL01001973']);
      expect(String(e.message)).toMatch(name);
    }
    // Elements the reference marks Required though the catalog does not: create_potransaction's returnto and payto
    // (present, empty for the vendor's default), an ictransitem's warehouseid.
    const vendor = await first(g, 'VENDOR', ['VENDORID'], 'STATUS', 'active');
    const po = {
      transactiontype: 'Purchase Order',
      datecreated: date(2026, 11, 1),
      vendorid: vendor.VENDORID!,
      returnto: { contactname: null },
      potransitems: { potransitem: { itemid: item.ITEMID!, quantity: '1', price: '1' } },
    };
    const noPayto = await rejection(execute(g, new PayloadFunction('create_potransaction', po)));
    expect(String(noPayto.message)).toMatch(/Required element payto of create_potransaction is missing/);
    const ic = {
      transactiontype: 'Adjustment Increase',
      datecreated: date(2026, 11, 1),
      ictransitems: { ictransitem: { itemid: item.ITEMID!, warehouseid: null, quantity: '1', cost: '1' } },
    };
    const noWarehouse = await rejection(execute(g, new PayloadFunction('create_ictransaction', ic)));
    expect(String(noWarehouse.message)).toMatch(/Required element warehouseid of ictransitem is missing/);
  });

  it('the generic create and update of SODOCUMENT with SODOCUMENTENTRIES: the same document as create_sotransaction writes', async () => {
    const customer = await first(g, 'CUSTOMER', ['CUSTOMERID', 'NAME'], 'STATUS', 'active');
    const [i1, i2] = await query(g, 'ITEM', ['ITEMID'], 'STATUS', 'active', 2);
    // The lines as a read answers them (`<SODOCUMENTENTRIES><sodocumententry>`, Intacct's functions page); the
    // computed DOCID, name and total sent back with their values are accepted, and <RECORDNO/> empty is not given.
    const created = (
      (
        await execute(
          g,
          new PayloadFunction('create', {
            SODOCUMENT: {
              RECORDNO: null,
              DOCPARID: 'Sales Quote',
              DOCNO: 'GEN-Q1',
              DOCID: 'Sales Quote-GEN-Q1',
              WHENCREATED: '11/10/2026',
              CUSTVENDID: customer.CUSTOMERID!,
              CUSTVENDNAME: customer.NAME!,
              STATE: 'Draft',
              SODOCUMENTENTRIES: {
                sodocumententry: [
                  { ITEMID: i1!.ITEMID!, QUANTITY: '2', PRICE: '10.10' },
                  { ITEMID: i2!.ITEMID!, QUANTITY: '1', PRICE: '5' },
                ],
              },
            },
          }),
        )
      ).data as Rec[]
    )[0]!;
    expect(created.DOCID).toBe('Sales Quote-GEN-Q1');
    const read = async () =>
      (
        await queryDocs(
          g,
          'SODOCUMENT',
          'Sales Quote',
          ['RECORDNO', 'STATE', 'TOTAL', 'CUSTVENDNAME'],
          'DOCID',
          'Sales Quote-GEN-Q1',
        )
      )[0];
    expect(await read()).toMatchObject({
      RECORDNO: created.RECORDNO,
      STATE: 'Draft',
      TOTAL: '25.2',
      CUSTVENDNAME: customer.NAME,
    });
    // The generic update replaces the lines with those sent, as a bill's does; the total follows.
    await execute(
      g,
      new PayloadFunction('update', {
        SODOCUMENT: {
          DOCID: 'Sales Quote-GEN-Q1',
          STATE: 'Pending',
          SODOCUMENTENTRIES: { sodocumententry: { ITEMID: i1!.ITEMID!, QUANTITY: '3', PRICE: '1' } },
        },
      }),
    );
    expect(await read()).toMatchObject({ STATE: 'Pending', TOTAL: '3' });
    // The party does not change by update.
    const moved = await rejection(
      execute(g, new PayloadFunction('update', { SODOCUMENT: { DOCID: 'Sales Quote-GEN-Q1', CUSTVENDID: 'OTHER' } })),
    );
    expect(String(moved.message)).toMatch(/CUSTVENDID of a SODOCUMENT cannot change/);
    // A total other than the lines' sum is refused, naming the field.
    const e = await rejection(
      execute(
        g,
        new PayloadFunction('create', {
          SODOCUMENT: {
            DOCPARID: 'Sales Quote',
            WHENCREATED: '11/10/2026',
            CUSTVENDID: customer.CUSTOMERID!,
            TOTAL: '1.00',
            SODOCUMENTENTRIES: { sodocumententry: { ITEMID: i1!.ITEMID!, QUANTITY: '2', PRICE: '10' } },
          },
        }),
      ),
    );
    expect(String(e.message)).toMatch(/TOTAL/);
  });

  it('REST POST, PATCH and DELETE of purchasing/document::Purchase Order with its lines, read back through REST and XML', async () => {
    const vendor = await first(g, 'VENDOR', ['VENDORID', 'NAME'], 'STATUS', 'active');
    const item = await first(g, 'ITEM', ['ITEMID'], 'STATUS', 'active');
    const warehouse = await first(g, 'WAREHOUSE', ['WAREHOUSEID']);
    // The REST reference's "Create an Order Entry document" example: the item under dimensions, unitQuantity and
    // unitPrice, sourceModule and baseCurrency sent too (dgaretz-oss/intacct-mcp docs/rest/order-entry.md).
    const created = await rest('POST', 'purchasing/document::Purchase%20Order', {
      vendor: { id: vendor.VENDORID },
      state: 'pending',
      txnDate: '2026-11-12',
      dueDate: '2026-12-12',
      txnCurrency: 'USD',
      baseCurrency: 'USD',
      sourceModule: 'purchasing',
      lines: [
        {
          dimensions: { item: { id: item.ITEMID }, warehouse: { id: warehouse.WAREHOUSEID } },
          unit: 'Each',
          unitQuantity: '4',
          unitPrice: '12.50',
        },
      ],
    });
    expect(created.status).toBe(201);
    const result = created.json['ia::result'] as Rec;
    expect(result.id).toMatch(/^Purchase Order-PO\d{4}$/);
    const get = async () =>
      (await rest('GET', `purchasing/document::Purchase%20Order/${result.key}`)).json['ia::result'] as Record<
        string,
        unknown
      >;
    expect(await get()).toMatchObject({
      id: result.id,
      state: 'pending',
      total: '50.00',
      vendor: { id: vendor.VENDORID, name: vendor.NAME },
    });
    const [line] = await queryDocs(
      g,
      'PODOCUMENTENTRY',
      'Purchase Order',
      ['RECORDNO', 'ITEMID', 'WAREHOUSEID', 'QUANTITY'],
      'DOCHDRNO',
      result.key!,
    );
    expect(line).toMatchObject({ ITEMID: item.ITEMID, WAREHOUSEID: warehouse.WAREHOUSEID, QUANTITY: '4' });

    // PATCH: a line by its key changed, a new line added; the total follows.
    const patched = await rest('PATCH', `purchasing/document::Purchase%20Order/${result.key}`, {
      notes: 'patched',
      lines: [
        { key: line!.RECORDNO, quantity: '2' },
        { item: { id: item.ITEMID }, quantity: '1', price: '0.99' },
      ],
    });
    expect(patched.status).toBe(200);
    expect(await get()).toMatchObject({ notes: 'patched', total: '25.99' });
    const unknown = await rest('POST', 'purchasing/document::Purchase%20Order', {
      vendor: { id: vendor.VENDORID },
      txnDate: '2026-11-12',
      lines: [{ item: { id: item.ITEMID }, quantity: '1', amount: '3' }],
    });
    expect(unknown.status).toBeGreaterThanOrEqual(400);
    expect(JSON.stringify(unknown.json)).toMatch(/amount/);

    // A line alone is written only with its document.
    const bare = await rest('POST', 'purchasing/document-line::Purchase%20Order', {
      documentHeader: { key: result.key },
      item: { id: item.ITEMID },
      quantity: '1',
    });
    expect(bare.status).toBe(422);
    expect((await rest('DELETE', `purchasing/document::Purchase%20Order/${result.key}`)).status).toBe(204);
    expect(await queryDocs(g, 'PODOCUMENTENTRY', 'Purchase Order', ['RECORDNO'], 'DOCHDRNO', result.key!)).toEqual([]);
  });

  it('REST POST of inventory-control/document::Adjustment Increase as the OpenAPI example writes it: the line item under dimensions', async () => {
    const item = await first(g, 'ITEM', ['ITEMID'], 'ITEMTYPE', 'Inventory');
    const warehouse = await first(g, 'WAREHOUSE', ['WAREHOUSEID']);
    const location = await first(g, 'LOCATION', ['LOCATIONID']);
    // lorenz-bus-service/node-intacct-rest-api spec/inventory-control.json (1dcbea36), POST
    // /objects/inventory-control/document::{documentName}, example "Create an inventory document": the line's item is
    // dimensions.item (objects.inventory-control.document-line has no item of its own; the document's
    // RequiredProperties require lines' dimensions.item, warehouse and location), unitQuantity and unitCost. Its
    // trackingDetail (bins, which ledgerq does not keep) is left out.
    const created = await rest('POST', 'inventory-control/document::Adjustment%20Increase', {
      transactionDate: '2026-11-12',
      referenceNumber: 'HAMMER16 starting quantity',
      memo: 'Hammers already on hand',
      baseCurrency: 'USD',
      txnCurrency: 'USD',
      lines: [
        {
          unitOfMeasure: { id: 'Each' },
          unitQuantity: '100',
          unitCost: '10',
          dimensions: {
            item: { id: item.ITEMID },
            warehouse: { id: warehouse.WAREHOUSEID },
            location: { id: location.LOCATIONID },
          },
        },
      ],
    });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    const result = created.json['ia::result'] as Rec;
    const [line] = await queryDocs(
      g,
      'INVDOCUMENTENTRY',
      'Adjustment Increase',
      ['RECORDNO', 'ITEMID', 'WAREHOUSEID', 'LOCATIONID', 'QUANTITY'],
      'DOCHDRNO',
      result.key!,
    );
    expect(line).toMatchObject({
      ITEMID: item.ITEMID,
      WAREHOUSEID: warehouse.WAREHOUSEID,
      LOCATIONID: location.LOCATIONID,
      QUANTITY: '100',
    });
    // Read back, the line names its item where the schema has it.
    const got = await rest('GET', `inventory-control/document-line::Adjustment%20Increase/${line!.RECORDNO}`);
    expect(got.json['ia::result']).toMatchObject({ dimensions: { item: { id: item.ITEMID } } });
    expect((await rest('DELETE', `inventory-control/document::Adjustment%20Increase/${result.key}`)).status).toBe(204);
  });
});
