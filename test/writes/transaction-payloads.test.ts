// Order-entry and purchasing transactions as public integrations write them (raw legacy payloads, empty elements
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
import { execute, first, query, queryDocs, type Rec } from './write-harness.ts';

const date = (y: number, m: number, d: number): Payload => ({
  year: String(y),
  month: String(m).padStart(2, '0'),
  day: String(d).padStart(2, '0'),
});

describe.each(BACKENDS)('transaction payloads of public integrations on %s', (backend) => {
  const { url, cleanup } = gatewayDatabase(backend);
  let g: Gateway;
  beforeAll(async () => {
    g = await startGateway(url);
  });
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
  });
});
