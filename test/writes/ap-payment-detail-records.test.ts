// The APPYMTDETAIL records an AP payment creates: Intacct keeps each detail of a payment as a record that query, read
// and readByQuery of APPYMTDETAIL answer (russellkt/intacct-mcp-server docs/accounts-payable-ap-payments.md, "AP
// Payment Details": "Query and List AP Payment Details" selects RECORDNO and PAYMENTAMOUNT, "Get AP Payment Details"
// reads by RECORDNO, readByQuery filters on STATE and ADJUSTMENTKEY) and REST GET accounts-payable/payment-detail
// (lorenz-bus-service/node-intacct-rest-api spec/accounts-payable.json objects.accounts-payable.payment-detail:
// apPayment, bill, billLine, apCreditAdjustment, apDebitAdjustment, txnCurrency.*, baseCurrency.*, state, paymentDate).
// Payments created through the official SDK (dist/Functions/AccountsPayable: ApPaymentCreate with ApPaymentDetailBill,
// ApPaymentDetailDebitMemo, ApPaymentDetailCreditMemo, creditToApply) and as the reference's raw XML examples ("Pay a
// bill with a 2-10 Net 30 term", "Pay 1.00 towards line 2 of an adjustment credit memo"); ApPaymentReverse,
// ApPaymentVoid and ApPaymentDelete then act on the details.

import { beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../support/databases.ts';
import { IA, type Gateway, useGateway } from '../xml/support/gateway-harness.ts';
import { expectDetailNotDeletedAlone, paymentDetailsOf, restPost } from './payment-detail-support.ts';
import { apPayments, credit, creditMemoExample, detail, paymentNo, setUpVendors } from './ap-payment-support.ts';
import {
  catalog,
  execute,
  expectWriteRefused,
  first,
  query,
  read,
  type Rec,
  restGet,
  restToken,
} from './write-harness.ts';

const AP = IA.Functions.AccountsPayable;
const TERM = 'LQD 2/10 Net 30';
const DETAIL = catalog.require('APPYMTDETAIL');
const FIELDS = [
  'RECORDNO',
  'PAYMENTKEY',
  'PAYMENTDATE',
  'STATE',
  'RECORDKEY',
  'ENTRYKEY',
  'POSADJKEY',
  'POSADJENTRYKEY',
  'ADJUSTMENTKEY',
  'ADJUSTMENTENTRYKEY',
  'INLINEKEY',
  'PAYMENTAMOUNT',
  'TRX_PAYMENTAMOUNT',
  'TRX_ADJUSTMENTAMOUNT',
  'TRX_INLINEAMOUNT',
  'DISCOUNTDATE',
  'DISCOUNTAMOUNT',
  'TRX_DISCOUNTAMOUNT',
];

for (const backend of BACKENDS) {
  describe(`APPYMTDETAIL records of AP payments (${backend})`, () => {
    const gateway = useGateway(backend);
    let g: Gateway;
    let account: string;
    let token: string;
    beforeAll(async () => {
      g = gateway();
      token = await restToken(g);
      account = (await first(g, 'GLACCOUNT', ['ACCOUNTNO'])).ACCOUNTNO!;
      await setUpVendors(g, ['APD-V1'], TERM);
    });

    const ap = apPayments(
      () => g,
      () => account,
      'APD-V1',
      'APD',
    );
    const { adjustment, rawPayment } = ap;
    const bill = (amounts: number[], term?: string) => ap.bill(amounts, { term });
    const sdkPayment = ap.payment;

    const detailsOf = (payment: number) => paymentDetailsOf(g, token, 'APPYMTDETAIL', FIELDS, payment);

    /** A detail's fields that have a value (query answers the others empty). */
    const given = (r: Rec) =>
      Object.fromEntries(Object.entries(r).filter(([k, v]) => v !== '' && k !== 'RECORDNO' && k !== 'PAYMENTDATE'));

    it("the demo's payments have their details as created ones do: the bill paid and the cash, in the payment's state", async () => {
      const [d] = await query(
        g,
        'APPYMTDETAIL',
        ['PAYMENTKEY', 'RECORDKEY', 'TRX_PAYMENTAMOUNT', 'STATE', 'PAYMENTDATE'],
        undefined,
        undefined,
        1,
      );
      const [pay] = await query(
        g,
        'APPYMT',
        ['VENDORID', 'STATE', 'TRX_TOTALENTERED', 'PAYMENTDATE'],
        'RECORDNO',
        d!.PAYMENTKEY,
      );
      expect(d).toMatchObject({
        STATE: pay!.STATE,
        TRX_PAYMENTAMOUNT: pay!.TRX_TOTALENTERED,
        PAYMENTDATE: pay!.PAYMENTDATE,
      });
      expect(await query(g, 'APBILL', ['VENDORID'], 'RECORDNO', d!.RECORDKEY)).toEqual([{ VENDORID: pay!.VENDORID }]);
    });

    it('SDK ApPaymentCreate: one record per detail with its bill, line, cash and credit; reverse keeps them Reversed', async () => {
      const a = await bill([40, 60]);
      const b = await bill([10, 20]);
      const memo = await adjustment([-30]);
      const r = await execute(
        g,
        sdkPayment([
          detail(a.no, 40, (d) => {
            d.detailTransaction = credit('debit memo', memo.no, 10, memo.lines[0]);
          }),
          detail(b.no, 20, (d) => (d.lineRecordNo = b.lines[1]!)),
        ]),
      );
      const pay = paymentNo(r);
      const rows = await detailsOf(pay);
      expect(rows.map(given)).toEqual([
        {
          PAYMENTKEY: String(pay),
          STATE: 'Posted',
          RECORDKEY: String(a.no),
          ADJUSTMENTKEY: String(memo.no),
          ADJUSTMENTENTRYKEY: String(memo.lines[0]),
          PAYMENTAMOUNT: '40.00',
          TRX_PAYMENTAMOUNT: '40',
          TRX_ADJUSTMENTAMOUNT: '10',
        },
        {
          PAYMENTKEY: String(pay),
          STATE: 'Posted',
          RECORDKEY: String(b.no),
          ENTRYKEY: String(b.lines[1]),
          PAYMENTAMOUNT: '20.00',
          TRX_PAYMENTAMOUNT: '20',
        },
      ]);
      expect(rows.every((d) => d.PAYMENTDATE === '11/05/2026')).toBe(true);
      // The reference's readByQuery example: "List all payment details for adjustment debit memos".
      const rbq = new IA.Functions.Common.ReadByQuery();
      rbq.objectName = 'APPYMTDETAIL';
      rbq.query = new IA.Functions.Common.Query.QueryString(`ADJUSTMENTKEY = ${memo.no}`);
      rbq.fields = ['RECORDNO', 'PAYMENTKEY'];
      const viaRbq = (await execute(g, rbq)).data as Rec[];
      expect(viaRbq).toEqual([{ RECORDNO: rows[0]!.RECORDNO, PAYMENTKEY: String(pay) }]);

      const reverse = new AP.ApPaymentReverse();
      reverse.recordNo = pay;
      reverse.reverseDate = new Date(2026, 10, 6);
      await execute(g, reverse);
      const after = await detailsOf(pay);
      expect(after.map((d) => [d.RECORDNO, d.STATE])).toEqual(rows.map((d) => [d.RECORDNO, 'Reversed']));
      expect(await restGet(g, DETAIL, rows[0]!.RECORDNO!, token)).toMatchObject({ state: 'reversed' });
    });

    it("raw XML: the reference's credit memo and discount examples; delete removes the details with the payment", async () => {
      const memo = await adjustment([4, 6]);
      const debit = await adjustment([-3]);
      const r = await execute(g, rawPayment(creditMemoExample(memo.no, memo.lines[1]!, debit.no)));
      const pay = paymentNo(r);
      expect((await detailsOf(pay)).map(given)).toEqual([
        {
          PAYMENTKEY: String(pay),
          STATE: 'Posted',
          POSADJKEY: String(memo.no),
          POSADJENTRYKEY: String(memo.lines[1]),
          PAYMENTAMOUNT: '1.00',
          TRX_PAYMENTAMOUNT: '1',
        },
        {
          PAYMENTKEY: String(pay),
          STATE: 'Posted',
          POSADJKEY: String(memo.no),
          POSADJENTRYKEY: String(memo.lines[1]),
          ADJUSTMENTKEY: String(debit.no),
          PAYMENTAMOUNT: '0.00',
          TRX_PAYMENTAMOUNT: '0',
          TRX_ADJUSTMENTAMOUNT: '1.01',
        },
      ]);

      // "the bill is 300.00 and the discount is 6.00": the discount is kept on the detail.
      const b = await bill([300], TERM);
      const d = await execute(
        g,
        rawPayment([{ RECORDKEY: String(b.no), TRX_PAYMENTAMOUNT: '294.00', DISCOUNTDATE: '11/09/2026' }]),
      );
      const discounted = paymentNo(d);
      const [row] = await detailsOf(discounted);
      expect(given(row!)).toEqual({
        PAYMENTKEY: String(discounted),
        STATE: 'Posted',
        RECORDKEY: String(b.no),
        PAYMENTAMOUNT: '294.00',
        TRX_PAYMENTAMOUNT: '294',
        DISCOUNTDATE: '11/09/2026',
        DISCOUNTAMOUNT: '6',
        TRX_DISCOUNTAMOUNT: '6',
      });

      await execute(g, new AP.ApPaymentDelete(discounted));
      expect(await query(g, 'APPYMTDETAIL', ['RECORDNO'], 'PAYMENTKEY', String(discounted))).toEqual([]);
      expect(await read(g, 'APPYMTDETAIL', row!.RECORDNO!)).toBeUndefined();
      expect(await restGet(g, DETAIL, row!.RECORDNO!, token)).toBeNull();
      // The other payment's details stay.
      expect(await query(g, 'APPYMTDETAIL', ['RECORDNO'], 'PAYMENTKEY', String(pay))).toHaveLength(2);
    });

    it('CREDITTOAPPLY records the credits it drew on; void marks the details Voided; a refused payment leaves none', async () => {
      const b = await bill([50]);
      const m1 = await adjustment([-5]);
      const m2 = await adjustment([-7]);
      // Earlier tests left open credits of the vendor: CREDITTOAPPLY draws on the oldest first, so take what is open.
      const open = (await query(g, 'APADJUSTMENT', ['RECORDNO', 'TOTALDUE'], 'VENDORID', 'APD-V1'))
        .filter((x) => Number(x.TOTALDUE) < 0)
        .sort((x, y) => Number(x.RECORDNO) - Number(y.RECORDNO));
      expect(open.map((x) => Number(x.RECORDNO))).toContain(m2.no);
      const openTotal = open.reduce((s, x) => s - Math.round(Number(x.TOTALDUE) * 100), 0);
      const r = await execute(g, sdkPayment([detail(b.no, 1, (d) => (d.creditToApply = openTotal / 100))]));
      const pay = paymentNo(r);
      const rows = await detailsOf(pay);
      expect(rows[0]).toMatchObject({ RECORDKEY: String(b.no), TRX_PAYMENTAMOUNT: '1', ADJUSTMENTKEY: '' });
      expect(
        rows.slice(1).map((x) => [x.RECORDKEY, x.ADJUSTMENTKEY, x.TRX_ADJUSTMENTAMOUNT, x.TRX_PAYMENTAMOUNT]),
      ).toEqual(open.map((x) => [String(b.no), x.RECORDNO, String(-Number(x.TOTALDUE)), '0']));
      expect(open.map((x) => Number(x.RECORDNO))).toContain(m1.no);

      await execute(g, new AP.ApPaymentVoid(pay));
      expect((await detailsOf(pay)).map((x) => x.STATE)).toEqual(rows.map(() => 'Voided'));

      // All or nothing: the second detail overpays, so neither the payment nor a detail is written.
      const c = await bill([10]);
      await expectWriteRefused(execute(g, sdkPayment([detail(c.no, 5), detail(c.no, 6)])), /more than its amount due/);
      expect(await query(g, 'APPYMTDETAIL', ['RECORDNO'], 'RECORDKEY', String(c.no))).toEqual([]);
    });

    it('a detail is written only by its payment: a bare REST POST of accounts-payable/payment-detail is refused', async () => {
      const b = await bill([5]);
      const [status, body] = await restPost(g, token, 'accounts-payable/payment-detail', {
        bill: { key: String(b.no) },
        txnCurrency: { paymentAmount: '5.00' },
      });
      // 422 as for a bill line sent alone (test/writes/error-table.test.ts): a line goes with its header.
      expect(status).toBe(422);
      expect(body).toMatch(/A APPYMTDETAIL record is written by its payment \(XML create APPYMT with APPYMTDETAILS\)/);
      expect(await query(g, 'APPYMTDETAIL', ['RECORDNO'], 'RECORDKEY', String(b.no))).toEqual([]);

      // Nor is one deleted alone through the XML gateway (the reference's delete is of APPYMT, by its RECORDNO).
      const pay = paymentNo(await execute(g, sdkPayment([detail(b.no, 5)])));
      const [row] = await query(g, 'APPYMTDETAIL', ['RECORDNO'], 'PAYMENTKEY', String(pay));
      await expectDetailNotDeletedAlone(g, 'APPYMTDETAIL', row!.RECORDNO!, String(pay));
    });
  });
}
