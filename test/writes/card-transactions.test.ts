// Charge card transactions (CCTRANSACTION with its CCTRANSACTIONENTRY lines) as integrations write them: the official
// SDK's ChargeCardTransactionCreate/Update/Reverse, fylein/fyle-intacct-api's record_cctransaction payload, the
// reference's own examples as raw XML, the generic create, and REST credit-card-txn. Totals come from the lines.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../support/databases.ts';
import { gatewayDatabase, IA, type Gateway, type Login, startGateway } from '../xml/support/gateway-harness.ts';
import { PayloadFunction } from './payload-support.ts';
import {
  catalog,
  execute,
  expectWriteRefused,
  first,
  query,
  read,
  restGet,
  restMismatches,
  restToken,
  type Rec,
  postFunction,
} from './write-harness.ts';

const CM = IA.Functions.CashManagement;
const HEADER = ['RECORDNO', 'FINANCIALENTITY', 'RECORDID', 'DESCRIPTION', 'DESCRIPTION2', 'SUPDOCID', 'STATE'];
const TOTALS = ['TOTALENTERED', 'TRX_TOTALENTERED', 'TOTALPAID', 'TOTALDUE', 'TRX_TOTALDUE'];
const LINE = ['LINE_NO', 'ACCOUNTNO', 'DESCRIPTION', 'TRX_AMOUNT', 'AMOUNT', 'LOCATIONID', 'DEPARTMENTID'];

describe.each(BACKENDS)('charge card transactions on %s', (backend) => {
  const { url, cleanup } = gatewayDatabase(backend);
  let g: Gateway;
  let token: string;
  let card: string;
  let account: string;
  let location: string;
  beforeAll(async () => {
    g = await startGateway(url);
    token = await restToken(g);
    card = (await first(g, 'CREDITCARD', ['CARDID'])).CARDID!;
    account = (await first(g, 'GLACCOUNT', ['ACCOUNTNO'])).ACCOUNTNO!;
    location = (await first(g, 'LOCATION', ['LOCATIONID'])).LOCATIONID!;
  });
  afterAll(async () => {
    await g?.close();
    await cleanup();
  });

  /** The transaction as query sees it, equal through read and REST GET credit-card-txn/{key}. */
  async function txn(recordNo: string | number): Promise<Rec> {
    const [row] = await query(g, 'CCTRANSACTION', [...HEADER, ...TOTALS], 'RECORDNO', String(recordNo));
    expect(await read(g, 'CCTRANSACTION', recordNo)).toMatchObject(row!);
    const o = catalog.require('CCTRANSACTION');
    expect(restMismatches(o, row!, (await restGet(g, o, String(recordNo), token))!)).toEqual([]);
    return row!;
  }

  async function lines(recordNo: string | number): Promise<string[][]> {
    const rows = await query(g, 'CCTRANSACTIONENTRY', LINE, 'RECORDKEY', String(recordNo));
    return rows.map((l) => LINE.map((f) => l[f] ?? '')).sort((a, b) => Number(a[0]) - Number(b[0]));
  }

  const raw = (fn: string, login: Login = {}) => postFunction(g, fn, login);

  it('ChargeCardTransactionCreate records the lines, totals and state; Update changes the header; Reverse marks it reversed', async () => {
    const create = Object.assign(new CM.ChargeCardTransactionCreate(), {
      chargeCardId: card,
      transactionDate: new Date(2026, 10, 3),
      referenceNumber: 'CC-SDK-1',
      payee: 'Costco',
      description: 'Supplies',
      lines: [
        Object.assign(new CM.ChargeCardTransactionLineCreate(), {
          glAccountNumber: account,
          memo: 'Office supplies',
          transactionAmount: 154.32,
          locationId: location,
        }),
        Object.assign(new CM.ChargeCardTransactionLineCreate(), { glAccountNumber: account, transactionAmount: 20 }),
      ],
    });
    const key = (await execute(g, create)).key!;
    expect(await txn(key)).toMatchObject({
      FINANCIALENTITY: card,
      RECORDID: 'CC-SDK-1',
      DESCRIPTION: 'Supplies',
      DESCRIPTION2: 'Costco',
      STATE: 'Posted',
      TOTALENTERED: '174.32',
      TRX_TOTALENTERED: '174.32',
      TOTALPAID: '0',
      TOTALDUE: '174.32',
    });
    expect(await lines(key)).toEqual([
      ['1', account, 'Office supplies', '154.32', '154.32', location, ''],
      ['2', account, '', '20', '20', '', ''],
    ]);
    // A line reads back through REST with its transaction and account as the credit-card-txn-line example shows them.
    const [line1] = await query(g, 'CCTRANSACTIONENTRY', ['RECORDNO'], 'RECORDKEY', key);
    const restLine = (await restGet(g, catalog.require('CCTRANSACTIONENTRY'), line1!.RECORDNO!, token))!;
    expect(restLine).toMatchObject({ creditCardTxn: { key }, glAccount: { id: account } });

    // The SDK's ChargeCardTransactionUpdate sends header fields only (update_cctransaction key=…).
    const update = Object.assign(new CM.ChargeCardTransactionUpdate(), {
      recordNo: Number(key),
      payee: 'Costco Wholesale',
      description: 'Supplies and snacks',
    });
    expect((await execute(g, update)).key).toBe(key);
    expect(await txn(key)).toMatchObject({ DESCRIPTION2: 'Costco Wholesale', TOTALENTERED: '174.32' });

    const reverse = Object.assign(new CM.ChargeCardTransactionReverse(), {
      recordNo: Number(key),
      reverseDate: new Date(2026, 10, 30),
      memo: 'Wrong card used',
    });
    expect((await execute(g, reverse)).key).toBe(key);
    expect(await txn(key)).toMatchObject({ STATE: 'Reversed', TOTALDUE: '0', TOTALENTERED: '174.32' });
    await expectWriteRefused(execute(g, update), /reversed and cannot be changed/);
  });

  it("fyle's record_cctransaction payload: empty elements, tax entries and custom fields accepted; its update_attachment shape", async () => {
    // fylein/fyle-intacct-api apps/sage_intacct/utils.py `__construct_charge_card_transaction`, serialised as
    // fylein/sageintacct-sdk-py does (None → an empty element), posted by ChargeCardTransactions.post
    // (sageintacctsdk/apis/charge_card_transactions.py, post_legacy_method='record_cctransaction').
    const payload = {
      chargecardid: card,
      paymentdate: { year: 2026, month: 11, day: 4 },
      referenceno: 'E/2026/11/T/1',
      payee: 'Uber',
      description: 'Reimbursable expense by ashwin@fyle.in',
      supdocid: null,
      currency: 'USD',
      exchratetype: null,
      inclusivetax: false,
      ccpayitems: {
        ccpayitem: [
          {
            glaccountno: account,
            description: 'ashwin@fyle.in - Taxi - 2026-11-04 - C/2026/11/R/1',
            paymentamount: 42.5,
            departmentid: null,
            locationid: location,
            customerid: null,
            vendorid: null,
            projectid: null,
            taskid: null,
            costtypeid: null,
            itemid: null,
            classid: null,
            customfields: {
              customfield: [{ customfieldname: 'FYLE_EXPENSE_URL', customfieldvalue: 'https://app.fylehq.com/x' }],
            },
            totaltrxamount: 42.5,
            taxentries: { taxentry: { detailid: null } },
            billable: null,
          },
        ],
      },
    };
    const key = (await execute(g, new PayloadFunction('record_cctransaction', payload))).key!;
    expect(await txn(key)).toMatchObject({ RECORDID: 'E/2026/11/T/1', DESCRIPTION2: 'Uber', TOTALDUE: '42.5' });
    expect(await lines(key)).toEqual([
      ['1', account, 'ashwin@fyle.in - Taxi - 2026-11-04 - C/2026/11/R/1', '42.5', '42.5', location, ''],
    ]);
    // An element no table of the reference lists is refused, naming it.
    const bad = { ...payload, ccpayitems: { ccpayitem: [{ ...payload.ccpayitems.ccpayitem[0], memo: 'x' }] } };
    await expectWriteRefused(execute(g, new PayloadFunction('record_cctransaction', bad)), /memo is not a field/);
    await expectWriteRefused(
      execute(g, new PayloadFunction('record_cctransaction', { ...payload, payto: 'x' })),
      /payto is not a field of record_cctransaction/,
    );
    // A card that does not exist, and a line with neither an account nor a label, are refused by field.
    await expectWriteRefused(
      execute(g, new PayloadFunction('record_cctransaction', { ...payload, chargecardid: 'NO-SUCH-CARD' })),
      /FINANCIALENTITY 'NO-SUCH-CARD'/,
    );
    const noAccount = { ...payload, ccpayitems: { ccpayitem: [{ paymentamount: 5 }] } };
    await expectWriteRefused(
      execute(g, new PayloadFunction('record_cctransaction', noAccount)),
      /ACCOUNTNO of CCTRANSACTIONENTRY is missing/,
    );
  });

  it("the reference's update_cctransaction: updateccpayitem line_num changes a line, ccpayitem adds one, totals follow", async () => {
    const created = await raw(
      `<record_cctransaction><chargecardid>${card}</chargecardid><paymentdate><year>2026</year><month>01</month><day>02</day></paymentdate>` +
        `<referenceno></referenceno><payee>Costco</payee><description>Supplies</description><supdocid></supdocid><currency>USD</currency>` +
        `<exchratetype>Intacct Daily Rate</exchratetype><ccpayitems><ccpayitem><glaccountno>${account}</glaccountno><description>Office Supplies</description>` +
        `<paymentamount>154.32</paymentamount><departmentid></departmentid><locationid>${location}</locationid><customerid></customerid><vendorid></vendorid>` +
        `<employeeid></employeeid><projectid></projectid><itemid></itemid><classid></classid><contractid></contractid><warehouseid></warehouseid>` +
        `</ccpayitem></ccpayitems></record_cctransaction>`,
    );
    expect(created).toMatchObject({ status: 'success' });
    const key = created.key;
    // Intacct's reference example (russellkt/intacct-mcp-server docs/cash-management-charge-card-transactions.md).
    const updated = await raw(
      `<update_cctransaction key="${key}"><paymentdate><year>2026</year><month>01</month><day>02</day></paymentdate><payee>Costco</payee>` +
        `<description>Supplies</description><currency>USD</currency><exchratetype>Intacct Daily Rate</exchratetype><updateccpayitems>` +
        `<updateccpayitem line_num="1"><glaccountno>${account}</glaccountno><description>Copier supplies</description><paymentamount>100.32</paymentamount></updateccpayitem>` +
        `<ccpayitem><glaccountno>${account}</glaccountno><paymentamount>9.68</paymentamount></ccpayitem>` +
        `</updateccpayitems></update_cctransaction>`,
    );
    expect(updated).toMatchObject({ status: 'success', key });
    expect(await txn(key)).toMatchObject({ TOTALENTERED: '110', TOTALDUE: '110', STATE: 'Posted' });
    expect(await lines(key)).toEqual([
      ['1', account, 'Copier supplies', '100.32', '100.32', location, ''],
      ['2', account, '', '9.68', '9.68', '', ''],
    ]);
    // fyle's ChargeCardTransactions.update_attachment sends `{'update_cctransaction': {'@key': key, 'supdocid': …}}`;
    // an update that names no line leaves the lines alone. A line number the transaction lacks is refused.
    const noLine = await raw(
      `<update_cctransaction key="${key}"><updateccpayitems><updateccpayitem line_num="7"><paymentamount>1</paymentamount></updateccpayitem></updateccpayitems></update_cctransaction>`,
    );
    expect(noLine.status).toBe('failure');
    expect(noLine.errors.join(' ')).toMatch(/has no line 7/);
    // reverse_cctransaction needs datereversed (the reference: Required).
    const reverse = await raw(`<reverse_cctransaction key="${key}"><memo>x</memo></reverse_cctransaction>`);
    expect(reverse.status).toBe('failure');
    expect(reverse.errors.join(' ')).toMatch(/datereversed/);
  });

  it('the generic create with CCTRANSACTIONENTRIES, and delete takes the lines with it', async () => {
    const res = await raw(
      `<create><CCTRANSACTION><FINANCIALENTITY>${card}</FINANCIALENTITY><WHENCREATED>11/05/2026</WHENCREATED><RECORDID>CC-GEN-1</RECORDID>` +
        `<DESCRIPTION2>Staples</DESCRIPTION2><RECORDNO/><TOTALENTERED>30.00</TOTALENTERED><CCTRANSACTIONENTRIES>` +
        `<CCTRANSACTIONENTRY><ACCOUNTNO>${account}</ACCOUNTNO><TRX_AMOUNT>10</TRX_AMOUNT><LOCATIONID>${location}</LOCATIONID></CCTRANSACTIONENTRY>` +
        `<CCTRANSACTIONENTRY><ACCOUNTNO>${account}</ACCOUNTNO><TRX_AMOUNT>20</TRX_AMOUNT><DESCRIPTION>Paper</DESCRIPTION></CCTRANSACTIONENTRY>` +
        `</CCTRANSACTIONENTRIES></CCTRANSACTION></create>`,
    );
    expect(res.status).toBe('success');
    const [row] = await query(g, 'CCTRANSACTION', ['RECORDNO'], 'RECORDID', 'CC-GEN-1');
    const key = row!.RECORDNO!;
    expect(await txn(key)).toMatchObject({ TOTALENTERED: '30', STATE: 'Posted', DESCRIPTION2: 'Staples' });
    expect((await lines(key)).map((l) => l[3])).toEqual(['10', '20']);
    const bad = await raw(
      `<create><CCTRANSACTION><FINANCIALENTITY>${card}</FINANCIALENTITY><WHENCREATED>11/05/2026</WHENCREATED><CCTRANSACTIONENTRIES>` +
        `<CCTRANSACTIONENTRY><ACCOUNTNO>${account}</ACCOUNTNO><TRX_AMOUNT>10</TRX_AMOUNT><NOSUCHFIELD/></CCTRANSACTIONENTRY>` +
        `</CCTRANSACTIONENTRIES></CCTRANSACTION></create>`,
    );
    expect(bad.status).toBe('failure');
    expect(bad.errors.join(' ')).toMatch(/NOSUCHFIELD is not a field of CCTRANSACTIONENTRY/);
    // A line alone is refused: it is written with its transaction.
    const alone = await raw(
      `<create><CCTRANSACTIONENTRY><RECORDKEY>${key}</RECORDKEY><ACCOUNTNO>${account}</ACCOUNTNO><TRX_AMOUNT>1</TRX_AMOUNT></CCTRANSACTIONENTRY></create>`,
    );
    expect(alone.status).toBe('failure');
    expect((await raw(`<delete><object>CCTRANSACTION</object><keys>${key}</keys></delete>`)).status).toBe('success');
    expect(await query(g, 'CCTRANSACTIONENTRY', ['RECORDNO'], 'RECORDKEY', key)).toEqual([]);
  });

  it('REST POST credit-card-txn with lines, PATCH of the header, DELETE', async () => {
    const base = `http://127.0.0.1:${g.port}/ia/api/v1/objects/cash-management/credit-card-txn`;
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    // The shape of the POST credit-card-txn example (dgaretz-oss/intacct-mcp docs/rest/cash-management.md), with the
    // fields ledgerq models: the account by id, the amount as txnAmount (the example's inclusive-tax totalTxnAmount,
    // taxSolution and taxEntries are not modelled).
    const body = {
      txnDate: '2026-11-06',
      creditCardAccount: { id: card },
      referenceNumber: 'CCTxn-001',
      payee: 'Vendor-AAA',
      description: 'Travel expenses',
      lines: [
        {
          glAccount: { id: account },
          txnAmount: '500.00',
          dimensions: { location: { id: location } },
          description: 'Travel expenses - BTI',
          isBillable: false,
        },
        { glAccount: { id: account }, txnAmount: '25.50' },
      ],
    };
    const res = await fetch(base, { method: 'POST', headers, body: JSON.stringify(body) });
    expect(res.status).toBe(201);
    const key = ((await res.json()) as { 'ia::result': { key: string } })['ia::result'].key;
    expect(await txn(key)).toMatchObject({ RECORDID: 'CCTxn-001', DESCRIPTION2: 'Vendor-AAA', TOTALENTERED: '525.5' });
    expect((await lines(key)).map((l) => [l[3], l[5]])).toEqual([
      ['500', location],
      ['25.5', ''],
    ]);
    const patch = await fetch(`${base}/${key}`, {
      method: 'PATCH',
      headers,
      body: JSON.stringify({ description: 'Travel' }),
    });
    expect(patch.status).toBe(200);
    expect(await txn(key)).toMatchObject({ DESCRIPTION: 'Travel', TOTALENTERED: '525.5' });
    const unknown = await fetch(base, {
      method: 'POST',
      headers,
      body: JSON.stringify({ ...body, lines: [{ glAccount: { id: account }, txnAmount: '1', nope: 1 }] }),
    });
    expect(unknown.status).toBe(422);
    expect(JSON.stringify(await unknown.json())).toMatch(/nope is not a field/);
    expect((await fetch(`${base}/${key}`, { method: 'DELETE', headers })).status).toBe(204);
    expect(await query(g, 'CCTRANSACTIONENTRY', ['RECORDNO'], 'RECORDKEY', key)).toEqual([]);

    // The same path serves a bill's `lines` (OpenAPI bill.lines, an array of bill-line).
    const vendor = (await first(g, 'VENDOR', ['VENDORID'], 'STATUS', 'active')).VENDORID!;
    const bill = await fetch(`http://127.0.0.1:${g.port}/ia/api/v1/objects/accounts-payable/bill`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        vendor: { id: vendor },
        createdDate: '2026-11-06',
        lines: [{ glAccount: { id: account }, txnAmount: '12.34' }],
      }),
    });
    expect(bill.status).toBe(201);
    const billKey = ((await bill.json()) as { 'ia::result': { key: string } })['ia::result'].key;
    expect(await read(g, 'APBILL', billKey)).toMatchObject({
      TOTALENTERED: '12.34',
      TOTALDUE: '12.34',
      STATE: 'Posted',
    });
  });
});
