// Order-entry, purchasing and inventory transactions through the official SDK's classes (OrderEntryTransactionCreate,
// PurchasingTransactionCreate, InventoryTransactionCreate, their updates and deletes), read back as integrations read
// them: query / read with docparid, the lines by DOCHDRNO, REST GET of document::<definition> (issue 17).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../support/databases.ts';
import {
  gatewayDatabase,
  IA,
  rejection,
  requestConfig,
  sdkClient,
  type Gateway,
  startGateway,
} from '../xml/support/gateway-harness.ts';
import {
  catalog,
  execute,
  expectWriteRefused,
  first,
  query,
  queryDocs,
  restMismatches,
  restToken,
  type Rec,
} from './write-harness.ts';

const F = IA.Functions;
const HEADER = [
  'RECORDNO',
  'DOCID',
  'DOCNO',
  'DOCPARID',
  'STATE',
  'WHENCREATED',
  'CUSTVENDID',
  'CUSTVENDNAME',
  'PONUMBER',
];
const TOTALS = ['SUBTOTAL', 'TOTAL', 'TRX_SUBTOTAL', 'TRX_TOTAL'];
const LINE = ['RECORDNO', 'DOCHDRNO', 'DOCHDRID', 'DOCPARID', 'LINE_NO', 'ITEMID', 'QUANTITY', 'PRICE', 'MEMO'];

async function readDoc(g: Gateway, object: string, docparid: string, recordNo: string): Promise<Rec | undefined> {
  const r = new F.Common.Read();
  r.objectName = object;
  r.docParId = docparid;
  r.keys = [Number(recordNo)];
  return ((await sdkClient(g).execute(r, requestConfig())).getResult().data as Rec[])[0];
}

describe.each(BACKENDS)('order-entry, purchasing and inventory transactions through the SDK on %s', (backend) => {
  const { url, cleanup } = gatewayDatabase(backend);
  let g: Gateway;
  let token: string;
  beforeAll(async () => {
    g = await startGateway(url);
    token = await restToken(g);
  });
  afterAll(async () => {
    await g?.close();
    await cleanup();
  });

  async function restDoc(object: string, docparid: string, key: string): Promise<Record<string, unknown>> {
    const o = catalog.require(object);
    const res = await fetch(
      `http://127.0.0.1:${g.port}/ia/api/v1/objects/${o.restName}::${encodeURIComponent(docparid)}/${key}`,
      { headers: { authorization: `Bearer ${token}` } },
    );
    expect(res.status).toBe(200);
    return ((await res.json()) as { 'ia::result': Record<string, unknown> })['ia::result'];
  }

  /** The document by DOCID through query (docparid), equal through read and REST; its lines by DOCHDRNO. */
  async function doc(object: string, docparid: string, docid: string): Promise<{ header: Rec; lines: Rec[] }> {
    const fields = [...HEADER.filter((f) => object !== 'INVDOCUMENT' || !f.startsWith('CUSTVEND')), ...TOTALS];
    const [header] = await queryDocs(g, object, docparid, fields, 'DOCID', docid);
    expect(header, `${docid} by query`).toBeDefined();
    expect(await readDoc(g, object, docparid, header!.RECORDNO!)).toMatchObject(header!);
    // restMismatches compares text as is; the date is checked apart, in its REST form (YYYY-MM-DD).
    const { WHENCREATED, ...rest } = header!;
    const restRecord = await restDoc(object, docparid, header!.RECORDNO!);
    expect(restMismatches(catalog.require(object), rest, restRecord)).toEqual([]);
    const [m, d, y] = WHENCREATED!.split('/');
    expect(restRecord.txnDate ?? restRecord.transactionDate).toBe(`${y}-${m}-${d}`);
    const lines = await queryDocs(g, `${object}ENTRY`, docparid, LINE, 'DOCHDRNO', header!.RECORDNO!);
    return { header: header!, lines: lines.sort((a, b) => Number(a.LINE_NO) - Number(b.LINE_NO)) };
  }

  it('create_sotransaction (OrderEntryTransactionCreate): DOCID from the definition and number, the customer name, totals from quantity × price less discount; update and delete', async () => {
    const customer = await first(g, 'CUSTOMER', ['CUSTOMERID', 'NAME'], 'STATUS', 'active');
    const [i1, i2] = await query(g, 'ITEM', ['ITEMID'], 'STATUS', 'active', 2);
    const create = Object.assign(new F.OrderEntry.OrderEntryTransactionCreate(), {
      transactionDefinition: 'Sales Order',
      transactionDate: new Date(2026, 10, 3),
      dueDate: new Date(2026, 11, 3),
      customerId: customer.CUSTOMERID!,
      referenceNumber: 'PO-CUST-77',
      paymentTerm: 'Net 30',
      message: 'Thank you',
      state: 'Pending',
      lines: [
        Object.assign(new F.OrderEntry.OrderEntryTransactionLineCreate(), {
          itemId: i1!.ITEMID!,
          quantity: 3,
          unit: 'Each',
          price: 19.99,
          memo: 'first',
        }),
        Object.assign(new F.OrderEntry.OrderEntryTransactionLineCreate(), {
          itemId: i2!.ITEMID!,
          quantity: 2.5,
          price: 100,
          discountPercent: 10,
        }),
      ],
    });
    const docid = String((await execute(g, create)).key);
    expect(docid).toMatch(/^Sales Order-SO\d{4}$/);
    const { header, lines } = await doc('SODOCUMENT', 'Sales Order', docid);
    // 3 × 19.99 = 59.97; 2.5 × 100 less 10% = 225.00.
    expect(header).toMatchObject({
      DOCID: docid,
      DOCNO: docid.slice('Sales Order-'.length),
      DOCPARID: 'Sales Order',
      STATE: 'Pending',
      WHENCREATED: '11/03/2026',
      CUSTVENDID: customer.CUSTOMERID,
      CUSTVENDNAME: customer.NAME,
      PONUMBER: 'PO-CUST-77',
      TOTAL: '284.97',
      SUBTOTAL: '284.97',
      TRX_TOTAL: '284.97',
    });
    expect(lines.map((l) => [l.LINE_NO, l.ITEMID, Number(l.QUANTITY), Number(l.PRICE), l.MEMO, l.DOCHDRID])).toEqual([
      ['0', i1!.ITEMID, 3, 19.99, 'first', docid],
      ['1', i2!.ITEMID, 2.5, 100, '', docid],
    ]);

    // update_sotransaction: line 1 (1-based line_num) changed, a line added; the totals follow.
    const update = Object.assign(new F.OrderEntry.OrderEntryTransactionUpdate(), {
      transactionId: docid,
      message: 'changed',
      lines: [
        Object.assign(new F.OrderEntry.OrderEntryTransactionLineUpdate(), {
          lineNo: 1,
          itemId: i1!.ITEMID!,
          quantity: 4,
          price: 19.99,
        }),
      ],
    });
    expect(String((await execute(g, update)).key)).toBe(docid);
    const updated = await doc('SODOCUMENT', 'Sales Order', docid);
    expect(updated.header.TOTAL).toBe('304.96');
    expect(updated.lines.map((l) => Number(l.QUANTITY))).toEqual([4, 2.5]);

    // A line number the document does not have is refused, naming it.
    const bad = Object.assign(new F.OrderEntry.OrderEntryTransactionUpdate(), {
      transactionId: docid,
      lines: [
        Object.assign(new F.OrderEntry.OrderEntryTransactionLineUpdate(), {
          lineNo: 5,
          itemId: i1!.ITEMID!,
          quantity: 1,
        }),
      ],
    });
    await expectWriteRefused(execute(g, bad), /has no line 5/);

    const del = Object.assign(new F.OrderEntry.OrderEntryTransactionDelete(), { documentId: docid });
    expect(String((await execute(g, del)).key)).toBe(docid);
    expect(await queryDocs(g, 'SODOCUMENT', 'Sales Order', ['RECORDNO'], 'DOCID', docid)).toEqual([]);
    expect(await queryDocs(g, 'SODOCUMENTENTRY', 'Sales Order', ['RECORDNO'], 'DOCHDRID', docid)).toEqual([]);
  });

  it('create_potransaction (PurchasingTransactionCreate) with its documentno, vendor name and warehouse lines; update_potransaction adds a line', async () => {
    const vendor = await first(g, 'VENDOR', ['VENDORID', 'NAME'], 'STATUS', 'active');
    const item = await first(g, 'ITEM', ['ITEMID'], 'STATUS', 'active');
    const warehouse = await first(g, 'WAREHOUSE', ['WAREHOUSEID']);
    const create = Object.assign(new F.Purchasing.PurchasingTransactionCreate(), {
      transactionDefinition: 'Purchase Order',
      transactionDate: new Date(2026, 10, 5),
      dueDate: new Date(2026, 11, 5),
      vendorId: vendor.VENDORID!,
      documentNumber: 'PO-W-1',
      vendorDocNumber: 'INV-881',
      returnToContactName: '',
      payToContactName: '',
      lines: [
        Object.assign(new F.Purchasing.PurchasingTransactionLineCreate(), {
          itemId: item.ITEMID!,
          warehouseId: warehouse.WAREHOUSEID!,
          quantity: 12,
          unit: 'Each',
          price: 7.25,
        }),
      ],
    });
    const docid = String((await execute(g, create)).key);
    expect(docid).toBe('Purchase Order-PO-W-1');
    const { header, lines } = await doc('PODOCUMENT', 'Purchase Order', docid);
    expect(header).toMatchObject({
      CUSTVENDID: vendor.VENDORID,
      CUSTVENDNAME: vendor.NAME,
      TOTAL: '87',
      STATE: 'Pending',
    });
    expect(lines).toHaveLength(1);

    // PurchasingTransactionUpdate writes its documentNumber as the key attribute: the DOCID.
    const update = Object.assign(new F.Purchasing.PurchasingTransactionUpdate(), {
      documentNumber: docid,
      lines: [
        Object.assign(new F.Purchasing.PurchasingTransactionLineCreate(), {
          itemId: item.ITEMID!,
          warehouseId: warehouse.WAREHOUSEID!,
          quantity: 1,
          price: 13,
        }),
      ],
    });
    await execute(g, update);
    const after = await doc('PODOCUMENT', 'Purchase Order', docid);
    expect(after.header.TOTAL).toBe('100');
    expect(after.lines.map((l) => l.LINE_NO)).toEqual(['0', '1']);

    // The same document number under the same definition is a duplicate DOCID.
    await expectWriteRefused(execute(g, create), /DOCID 'Purchase Order-PO-W-1' already exists/);
    const del = Object.assign(new F.Purchasing.PurchasingTransactionDelete(), { documentId: docid });
    await execute(g, del);
    expect(await queryDocs(g, 'PODOCUMENT', 'Purchase Order', ['RECORDNO'], 'DOCID', docid)).toEqual([]);
  });

  it('create_ictransaction (InventoryTransactionCreate): an adjustment with cost per unit; delete_ictransaction', async () => {
    const item = await first(g, 'ITEM', ['ITEMID'], 'STATUS', 'active');
    const warehouse = await first(g, 'WAREHOUSE', ['WAREHOUSEID']);
    const create = Object.assign(new F.InventoryControl.InventoryTransactionCreate(), {
      transactionDefinition: 'Adjustment Increase',
      transactionDate: new Date(2026, 10, 7),
      referenceNumber: 'COUNT-11',
      lines: [
        Object.assign(new F.InventoryControl.InventoryTransactionLineCreate(), {
          itemId: item.ITEMID!,
          warehouseId: warehouse.WAREHOUSEID!,
          quantity: 5,
          unit: 'Each',
          cost: 49.99,
        }),
      ],
    });
    const docid = String((await execute(g, create)).key);
    expect(docid).toMatch(/^Adjustment Increase-ADJI\d{4}$/);
    const { header, lines } = await doc('INVDOCUMENT', 'Adjustment Increase', docid);
    expect(header).toMatchObject({ PONUMBER: 'COUNT-11', TOTAL: '249.95', STATE: 'Pending' });
    expect(lines.map((l) => [l.ITEMID, Number(l.PRICE)])).toEqual([[item.ITEMID, 49.99]]);
    await execute(g, Object.assign(new F.InventoryControl.InventoryTransactionDelete(), { documentId: docid }));
    expect(await queryDocs(g, 'INVDOCUMENT', 'Adjustment Increase', ['RECORDNO'], 'DOCID', docid)).toEqual([]);
  });

  it('refuses a definition of another object, an unknown customer, and a document without lines', async () => {
    const customer = await first(g, 'CUSTOMER', ['CUSTOMERID'], 'STATUS', 'active');
    const item = await first(g, 'ITEM', ['ITEMID'], 'STATUS', 'active');
    const so = (definition: string, customerId: string, withLines = true) =>
      Object.assign(new F.OrderEntry.OrderEntryTransactionCreate(), {
        transactionDefinition: definition,
        transactionDate: new Date(2026, 10, 3),
        customerId,
        lines: withLines
          ? [Object.assign(new F.OrderEntry.OrderEntryTransactionLineCreate(), { itemId: item.ITEMID!, quantity: 1 })]
          : [],
      });
    await expectWriteRefused(
      execute(g, so('Purchase Order', customer.CUSTOMERID!)),
      /transaction definition 'Purchase Order'/,
    );
    await expectWriteRefused(execute(g, so('Sales Order', 'NO-SUCH-CUSTOMER')), /NO-SUCH-CUSTOMER/);
    await expectWriteRefused(execute(g, so('Sales Order', customer.CUSTOMERID!, false)), /at least one line/);
    // The SDK's customFields (customfields/customfield) name a custom field that this company does not have.
    const withField = Object.assign(so('Sales Order', customer.CUSTOMERID!), {
      customFields: [['SHIP_NOTE', 'dock 4']],
    });
    await expectWriteRefused(execute(g, withField), /Custom field SHIP_NOTE is not a field of SODOCUMENT/);
    const e = await rejection(
      execute(g, Object.assign(new F.OrderEntry.OrderEntryTransactionDelete(), { documentId: 'Sales Order-NOPE' })),
    );
    expect(String(e.message)).toMatch(/Sales Order-NOPE/);
  });
});
