// AP payment details that apply credits, discounts and pay credit memos, as the official SDK writes them
// (node_modules/@intacct/intacct-sdk dist/Functions/AccountsPayable: ApPaymentDetailBill with a detailTransaction of
// ApPaymentDetailDebitMemo (ADJUSTMENTKEY, ADJUSTMENTENTRYKEY, TRX_ADJUSTMENTAMOUNT) or ApPaymentDetailNegativeBill
// (INLINEKEY, INLINEENTRYKEY, TRX_INLINEAMOUNT), applyToDiscountDate (DISCOUNTDATE), discountToApply (DISCOUNTTOAPPLY),
// creditToApply (CREDITTOAPPLY); ApPaymentDetailCreditMemo (POSADJKEY, POSADJENTRYKEY)) and as Intacct's create APPYMT
// reference writes them as raw XML (russellkt/intacct-mcp-server docs/accounts-payable-ap-payments.md: "Pay a bill with
// a 2-10 Net 30 term", "Pay 1.00 towards line 2 of an adjustment credit memo", "Pay 1.00, plus take … 2.01 from an
// adjustment debit memo, and apply all to line 3 of the bill"). Debit memos are AP adjustments with negative lines
// (docs/writes.md "AP and AR adjustments"). Effects read back through query: documents' TOTALPAID / TOTALDUE / STATE,
// the payment's TOTALENTERED, the vendor's TOTALDUE; ApPaymentDelete and ApPaymentReverse give everything back.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../support/databases.ts';
import { gatewayDatabase, IA, startGateway, type Gateway } from '../xml/support/gateway-harness.ts';
import { apPayments, credit, creditMemoExample, detail, paymentNo, setUpVendors } from './ap-payment-support.ts';
import type { Payload } from './payload-support.ts';
import { execute, expectWriteRefused, first, postFunction, query, type Rec } from './write-harness.ts';

const AP = IA.Functions.AccountsPayable;
const TERM = 'LQ 2/10 Net 30';

for (const backend of BACKENDS) {
  describe(`AP payment details with credits, discounts and credit memos (${backend})`, () => {
    const { url, cleanup } = gatewayDatabase(backend);
    let g: Gateway;
    let account: string;
    beforeAll(async () => {
      g = await startGateway(url);
      account = (await first(g, 'GLACCOUNT', ['ACCOUNTNO'])).ACCOUNTNO!;
      await setUpVendors(g, ['APC-V1', 'APC-V2'], TERM);
    });
    afterAll(async () => {
      await g?.close();
      await cleanup();
    });

    const { bill, adjustment, payment, rawPayment } = apPayments(
      () => g,
      () => account,
      'APC-V1',
      'APC',
    );

    const totals = async (object: string, no: number) =>
      (await query(g, object, ['STATE', 'TOTALPAID', 'TOTALDUE'], 'RECORDNO', String(no)))[0] as Rec;
    const vendorDue = async (id = 'APC-V1') =>
      Math.round(Number((await query(g, 'VENDOR', ['TOTALDUE'], 'VENDORID', id))[0]!.TOTALDUE) * 100);

    it('a debit memo (SDK ApPaymentDetailDebitMemo) lowers the bill and the memo without cash; delete gives both back', async () => {
      const b = await bill([40, 60.5]);
      const memo = await adjustment([-30]);
      const due = await vendorDue();
      const r = await execute(
        g,
        payment([detail(b.no, 40, (d) => (d.detailTransaction = credit('debit memo', memo.no, 10)))]),
      );
      expect(await totals('APBILL', b.no)).toEqual({ STATE: 'Partially Paid', TOTALPAID: '50', TOTALDUE: '50.5' });
      expect(await totals('APADJUSTMENT', memo.no)).toEqual({
        STATE: 'Partially Paid',
        TOTALPAID: '-10',
        TOTALDUE: '-20',
      });
      const [pay] = await query(g, 'APPYMT', ['TOTALENTERED', 'TOTALPAID'], 'RECORDNO', String(paymentNo(r)));
      expect(pay).toEqual({ TOTALENTERED: '40', TOTALPAID: '40' });
      // Only the cash changes what the vendor is owed: the credit moves from the memo to the bill.
      expect(await vendorDue()).toBe(due - 4000);

      await execute(g, new AP.ApPaymentDelete(paymentNo(r)));
      expect(await totals('APBILL', b.no)).toEqual({ STATE: 'Posted', TOTALPAID: '0', TOTALDUE: '100.5' });
      expect(await totals('APADJUSTMENT', memo.no)).toEqual({ STATE: 'Posted', TOTALPAID: '0', TOTALDUE: '-30' });
      expect(await vendorDue()).toBe(due);
    });

    it("the reference's example: cash and a debit memo's line applied to one bill line; reverse gives both back", async () => {
      const b = await bill([10, 20, 30]);
      const memo = await adjustment([-1, -5]);
      const line3 = String(b.lines[2]);
      const r = await execute(
        g,
        rawPayment([
          { RECORDKEY: String(b.no), ENTRYKEY: line3, TRX_PAYMENTAMOUNT: '1.00' },
          {
            RECORDKEY: String(b.no),
            ENTRYKEY: line3,
            ADJUSTMENTKEY: String(memo.no),
            ADJUSTMENTENTRYKEY: String(memo.lines[1]),
            TRX_ADJUSTMENTAMOUNT: '2.01',
          },
        ]),
      );
      expect(await totals('APBILL', b.no)).toEqual({ STATE: 'Partially Paid', TOTALPAID: '3.01', TOTALDUE: '56.99' });
      expect(await totals('APADJUSTMENT', memo.no)).toEqual({
        STATE: 'Partially Paid',
        TOTALPAID: '-2.01',
        TOTALDUE: '-3.99',
      });
      const reverse = new AP.ApPaymentReverse();
      reverse.recordNo = paymentNo(r);
      reverse.reverseDate = new Date(2026, 10, 6);
      await execute(g, reverse);
      expect(await totals('APBILL', b.no)).toEqual({ STATE: 'Posted', TOTALPAID: '0', TOTALDUE: '60' });
      expect(await totals('APADJUSTMENT', memo.no)).toEqual({ STATE: 'Posted', TOTALPAID: '0', TOTALDUE: '-6' });
    });

    it('a negative bill (SDK ApPaymentDetailNegativeBill) taken whole pays a bill in full: both Paid', async () => {
      const b = await bill([25]);
      const negative = await bill([-15]);
      expect(await totals('APBILL', negative.no)).toMatchObject({ TOTALDUE: '-15' });
      await execute(
        g,
        payment([
          detail(b.no, 10, (d) => (d.detailTransaction = credit('negative bill', negative.no, 15, negative.lines[0]))),
        ]),
      );
      expect(await totals('APBILL', b.no)).toEqual({ STATE: 'Paid', TOTALPAID: '25', TOTALDUE: '0' });
      expect(await totals('APBILL', negative.no)).toEqual({ STATE: 'Paid', TOTALPAID: '-15', TOTALDUE: '0' });
    });

    it("a credit memo (SDK ApPaymentDetailCreditMemo) is paid with cash; the reference's debit memo applied to a credit memo", async () => {
      const memo = await adjustment([4, 6]);
      const debit = await adjustment([-3]);
      const due = await vendorDue();
      const info = new AP.ApPaymentDetailInfo();
      info.recordNo = memo.no;
      info.lineRecordNo = memo.lines[1]!;
      info.paymentAmount = 5;
      await execute(g, payment([], [info]));
      expect(await totals('APADJUSTMENT', memo.no)).toEqual({ STATE: 'Partially Paid', TOTALPAID: '5', TOTALDUE: '5' });
      expect(await vendorDue()).toBe(due - 500);

      await execute(g, rawPayment(creditMemoExample(memo.no, memo.lines[1]!, debit.no)));
      expect(await totals('APADJUSTMENT', memo.no)).toEqual({
        STATE: 'Partially Paid',
        TOTALPAID: '7.01',
        TOTALDUE: '2.99',
      });
      expect(await totals('APADJUSTMENT', debit.no)).toEqual({
        STATE: 'Partially Paid',
        TOTALPAID: '-1.01',
        TOTALDUE: '-1.99',
      });
      expect(await vendorDue()).toBe(due - 600);
    });

    it("DISCOUNTDATE applies the bill term's discount (the reference's 2-10 Net 30 example: 300.00 paid with 294.00)", async () => {
      const b = await bill([300], { term: TERM });
      const r = await execute(
        g,
        rawPayment([{ RECORDKEY: String(b.no), TRX_PAYMENTAMOUNT: '294.00', DISCOUNTDATE: '11/09/2026' }]),
      );
      expect(await totals('APBILL', b.no)).toEqual({ STATE: 'Paid', TOTALPAID: '300', TOTALDUE: '0' });
      const [pay] = await query(g, 'APPYMT', ['TOTALENTERED'], 'RECORDNO', String(paymentNo(r)));
      expect(pay).toEqual({ TOTALENTERED: '294' });
      await execute(g, new AP.ApPaymentDelete(paymentNo(r)));
      expect(await totals('APBILL', b.no)).toEqual({ STATE: 'Posted', TOTALPAID: '0', TOTALDUE: '300' });

      // The SDK's applyToDiscountDate writes the same element.
      await execute(g, payment([detail(b.no, 294, (d) => (d.applyToDiscountDate = new Date(2026, 10, 11)))]));
      expect(await totals('APBILL', b.no)).toEqual({ STATE: 'Paid', TOTALPAID: '300', TOTALDUE: '0' });
    });

    it('a discount needs the full amount less the discount, a date within the term, a term with a discount, no line', async () => {
      const b = await bill([300], { term: TERM });
      const plain = await bill([50]);
      for (const [d, message] of [
        [
          { RECORDKEY: String(b.no), TRX_PAYMENTAMOUNT: '295.00', DISCOUNTDATE: '11/09/2026' },
          /300\.00 due less the 6\.00 discount is 294\.00, not 295\.00/,
        ],
        [
          { RECORDKEY: String(b.no), TRX_PAYMENTAMOUNT: '294.00', DISCOUNTDATE: '11/12/2026' },
          /No discount of APBILL \d+ is available on 2026-11-12: its term discount ends 2026-11-11/,
        ],
        [
          { RECORDKEY: String(plain.no), TRX_PAYMENTAMOUNT: '49.00', DISCOUNTDATE: '11/09/2026' },
          /has no term discount/,
        ],
        [
          {
            RECORDKEY: String(b.no),
            ENTRYKEY: String(b.lines[0]),
            TRX_PAYMENTAMOUNT: '294.00',
            DISCOUNTDATE: '11/09/2026',
          },
          /DISCOUNTDATE of APPYMTDETAIL applies to a whole bill/,
        ],
      ] as const) {
        await expectWriteRefused(execute(g, rawPayment([d as Payload])), message);
      }
      expect(await totals('APBILL', b.no)).toMatchObject({ TOTALPAID: '0' });
    });

    it("the SDK's DISCOUNTTOAPPLY takes that discount; CREDITTOAPPLY draws on the vendor's open credits, oldest first", async () => {
      const b = await bill([100]);
      await execute(g, payment([detail(b.no, 90, (d) => (d.discountToApply = 10))]));
      expect(await totals('APBILL', b.no)).toEqual({ STATE: 'Paid', TOTALPAID: '100', TOTALDUE: '0' });

      const other = await bill([80], { vendor: 'APC-V2' });
      const memoA = await adjustment([-4], { vendor: 'APC-V2' });
      const memoB = await adjustment([-10], { vendor: 'APC-V2' });
      const info = new AP.ApPaymentInfo();
      info.paymentMethod = 'EFT';
      info.financialEntityId = 'BOA';
      info.vendorId = 'APC-V2';
      info.paymentDate = new Date(2026, 10, 5);
      info.apPaymentDetails = new AP.ApPaymentDetailBuilder()
        .addApPaymentDetailBill(detail(other.no, 20, (d) => (d.creditToApply = 6)))
        .getApPaymentDetailList();
      await execute(g, new AP.ApPaymentCreate(info, 'pay'));
      expect(await totals('APBILL', other.no)).toEqual({ STATE: 'Partially Paid', TOTALPAID: '26', TOTALDUE: '54' });
      expect(await totals('APADJUSTMENT', memoA.no)).toEqual({ STATE: 'Paid', TOTALPAID: '-4', TOTALDUE: '0' });
      expect(await totals('APADJUSTMENT', memoB.no)).toEqual({
        STATE: 'Partially Paid',
        TOTALPAID: '-2',
        TOTALDUE: '-8',
      });
    });

    it("Intacct's rules: a credit of the vendor, open, within its open amount, not more than the bill owes; all or nothing", async () => {
      const b = await bill([50]);
      const memo = await adjustment([-20]);
      const foreign = await adjustment([-20], { vendor: 'APC-V2' });
      const draft = await adjustment([-20], { action: 'Draft' });
      const creditMemo = await adjustment([20]);
      const debitOf = (no: number, amount: string, extra: Payload = {}) => ({
        RECORDKEY: String(b.no),
        ADJUSTMENTKEY: String(no),
        TRX_ADJUSTMENTAMOUNT: amount,
        ...extra,
      });
      for (const [details, message, header] of [
        [[debitOf(foreign.no, '5')], /Invalid ADJUSTMENTKEY '\d+' specified: no APADJUSTMENT of VENDORID 'APC-V1'/],
        [[debitOf(memo.no, '25')], /TRX_ADJUSTMENTAMOUNT 25\.00 is more than the 20\.00 open on APADJUSTMENT/],
        // Two details drawing on one memo: the second finds only what the first left.
        [[debitOf(memo.no, '15'), debitOf(memo.no, '10')], /TRX_ADJUSTMENTAMOUNT 10\.00 is more than the 5\.00 open/],
        [[debitOf(draft.no, '5')], /APADJUSTMENT \d+ is Draft and cannot be applied/],
        [[debitOf(creditMemo.no, '5')], /ADJUSTMENTKEY \d+ is not a AP debit memo/],
        [
          [debitOf(memo.no, '5', { TRX_PAYMENTAMOUNT: '46' })],
          /Payment amount 51\.00 for APBILL \d+ is more than its amount due \(50\.00\)/,
        ],
        [
          [debitOf(memo.no, '5', { ADVANCEKEY: '1', TRX_POSTEDADVANCEAMOUNT: '1' })],
          /One APPYMTDETAIL applies one credit/,
        ],
        [
          [{ RECORDKEY: String(b.no), ADVANCEKEY: '1', TRX_POSTEDADVANCEAMOUNT: '1' }],
          /Invalid ADVANCEKEY '1' specified: no AP advance/,
        ],
        [
          [{ RECORDKEY: String(b.no), ADJUSTMENTKEY: String(memo.no) }],
          /Required field TRX_ADJUSTMENTAMOUNT of APPYMTDETAIL is missing/,
        ],
        [
          [{ RECORDKEY: String(b.no), POSADJKEY: String(creditMemo.no), TRX_PAYMENTAMOUNT: '1' }],
          /pays a bill \(RECORDKEY\) or a credit memo \(POSADJKEY\), not both/,
        ],
        [[{ POSADJKEY: String(memo.no), TRX_PAYMENTAMOUNT: '1' }], /POSADJKEY \d+ is not a credit memo/],
        [
          [{ RECORDKEY: String(b.no), INLINEKEY: String(b.no), TRX_INLINEAMOUNT: '1' }],
          /INLINEKEY \d+ is the bill paid/,
        ],
        [
          [debitOf(memo.no, '5')],
          /ADJUSTMENTKEY of APPYMTDETAIL is not supported for joint checks/,
          { PAYMENTMETHOD: 'Joint Check' },
        ],
      ] as const) {
        await expectWriteRefused(
          execute(g, rawPayment(details as unknown as Payload[], (header ?? {}) as Payload)),
          message as RegExp,
        );
      }
      expect(await totals('APBILL', b.no)).toMatchObject({ STATE: 'Posted', TOTALPAID: '0' });
      expect(await totals('APADJUSTMENT', memo.no)).toMatchObject({ STATE: 'Posted', TOTALPAID: '0' });
      // A debit memo with credits applied cannot be deleted, as a paid bill cannot.
      await execute(g, rawPayment([debitOf(memo.no, '5')]));
      const del = new AP.ApAdjustmentDelete();
      del.recordNo = memo.no;
      await expect(execute(g, del)).rejects.toThrow(/APADJUSTMENT \d+ has payments applied and cannot be deleted/);
      expect(await totals('APADJUSTMENT', memo.no)).toMatchObject({ TOTALPAID: '-5' });
      // Nor can its lines change to less than was taken (the generic update replaces an adjustment's lines).
      const shrunk = await postFunction(
        g,
        `<update><APADJUSTMENT><RECORDNO>${memo.no}</RECORDNO><APADJUSTMENTITEMS><APADJUSTMENTITEM><ACCOUNTNO>${account}</ACCOUNTNO>` +
          '<TRX_AMOUNT>-3</TRX_AMOUNT></APADJUSTMENTITEM></APADJUSTMENTITEMS></APADJUSTMENT></update>',
      );
      expect(shrunk.errors.join(' ')).toMatch(/APADJUSTMENT total -3\.00 would not cover the -5\.00 already applied/);
      expect(await totals('APADJUSTMENT', memo.no)).toEqual({
        STATE: 'Partially Paid',
        TOTALPAID: '-5',
        TOTALDUE: '-15',
      });
    });
  });
}
