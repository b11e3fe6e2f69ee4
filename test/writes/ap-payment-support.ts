// What the AP payment tests build their payments from, through the official SDK (node_modules/@intacct/intacct-sdk
// dist/Functions/AccountsPayable: BillCreate, ApAdjustmentCreate, ApPaymentCreate with ApPaymentDetailBuilder) and as
// Intacct's create APPYMT reference writes them in raw XML (russellkt/intacct-mcp-server
// docs/accounts-payable-ap-payments.md). A 2% / 10 days term in the catalog's APTERM fields (DISCDATE, DISCFROM,
// DISCAMOUNT, DISCPERCAMN) serves the discount examples.

import { IA, type Gateway } from '../xml/support/gateway-harness.ts';
import { type Payload, PayloadFunction } from './payload-support.ts';
import { execute, query } from './write-harness.ts';

const AP = IA.Functions.AccountsPayable;
export type DetailInfo = IA.Functions.AccountsPayable.ApPaymentDetailBillInfo;

/** The vendors and a discount term the tests pay. */
export async function setUpVendors(g: Gateway, ids: readonly string[], term: string): Promise<void> {
  for (const id of ids) {
    const v = new AP.VendorCreate();
    v.vendorId = id;
    v.vendorName = `Payments vendor ${id}`;
    await execute(g, v);
  }
  await execute(
    g,
    new PayloadFunction('create', {
      APTERM: {
        NAME: term,
        DUEDATE: '30',
        DUEFROM: 'from bill date',
        DISCDATE: '10',
        DISCFROM: 'from bill date',
        DISCAMOUNT: '2',
        DISCPERCAMN: 'Percentage',
      },
    }),
  );
}

/** Bills, adjustments and payments of `vendor` (the default vendor), numbered `prefix`-B1, -A2 … */
export function apPayments(g: () => Gateway, account: () => string, vendor: string, prefix: string) {
  let seq = 0;

  /** One line per amount on the first GL account (the SDK's BillLineCreate and ApAdjustmentLineCreate alike). */
  function linesOf<L extends { glAccountNumber: string; transactionAmount: number }>(make: () => L, amounts: number[]) {
    return amounts.map((amount) => {
      const line = make();
      line.glAccountNumber = account();
      line.transactionAmount = amount;
      return line;
    });
  }

  async function lines(object: string, no: number): Promise<number[]> {
    return (await query(g(), object, ['RECORDNO', 'LINE_NO'], 'RECORDKEY', String(no)))
      .sort((a, b) => Number(a.LINE_NO) - Number(b.LINE_NO))
      .map((l) => Number(l.RECORDNO));
  }

  return {
    /** A bill (create_bill, SDK BillCreate) with one line per amount; its RECORDNO and line RECORDNOs. */
    async bill(amounts: number[], opts: { vendor?: string; term?: string } = {}) {
      const b = new AP.BillCreate();
      b.vendorId = opts.vendor ?? vendor;
      b.transactionDate = new Date(2026, 10, 1);
      b.dueDate = new Date(2026, 11, 1);
      if (opts.term) b.paymentTerm = opts.term;
      b.billNumber = `${prefix}-B${++seq}`;
      b.lines = linesOf(() => new AP.BillLineCreate(), amounts);
      const no = Number((await execute(g(), b)).key);
      return { no, lines: await lines('APBILLITEM', no) };
    },

    /** An AP adjustment (SDK ApAdjustmentCreate): negative amounts make a debit memo, positive ones a credit memo. */
    async adjustment(amounts: number[], opts: { vendor?: string; action?: string } = {}) {
      const a = new AP.ApAdjustmentCreate();
      a.vendorId = opts.vendor ?? vendor;
      a.transactionDate = new Date(2026, 10, 2);
      a.adjustmentNumber = `${prefix}-A${++seq}`;
      if (opts.action) a.action = opts.action;
      a.lines = linesOf(() => new AP.ApAdjustmentLineCreate(), amounts);
      const no = Number((await execute(g(), a)).key);
      return { no, lines: await lines('APADJUSTMENTITEM', no) };
    },

    /** SDK ApPaymentCreate of the default vendor on 11/05/2026 (sdkPayment). */
    payment(details: DetailInfo[], creditMemos: IA.Functions.AccountsPayable.ApPaymentDetailInfo[] = []) {
      return sdkPayment(vendor, new Date(2026, 10, 5), details, creditMemos);
    },

    /** The reference's raw `<create><APPYMT>` with its APPYMTDETAILS. */
    rawPayment(details: Payload[], header: Payload = {}) {
      return new PayloadFunction('create', {
        APPYMT: {
          FINANCIALENTITY: 'BOA',
          PAYMENTMETHOD: 'Printed Check',
          VENDORID: vendor,
          PAYMENTDATE: '11/04/2026',
          ...header,
          APPYMTDETAILS: { APPYMTDETAIL: details },
        },
      });
    },
  };
}

/** SDK ApPaymentCreate by EFT out of BOA, of bills (ApPaymentDetailBill) and credit memos (ApPaymentDetailCreditMemo). */
export function sdkPayment(
  vendor: string,
  date: Date,
  details: DetailInfo[],
  creditMemos: IA.Functions.AccountsPayable.ApPaymentDetailInfo[] = [],
) {
  const info = new AP.ApPaymentInfo();
  info.paymentMethod = 'EFT';
  info.financialEntityId = 'BOA';
  info.vendorId = vendor;
  info.paymentDate = date;
  const builder = new AP.ApPaymentDetailBuilder();
  for (const d of details) builder.addApPaymentDetailBill(d);
  for (const d of creditMemos) builder.addApPaymentDetailCreditMemo(d);
  info.apPaymentDetails = builder.getApPaymentDetailList();
  return new AP.ApPaymentCreate(info, 'pay');
}

export function detail(billNo: number, amount?: number, set: (d: DetailInfo) => void = () => {}): DetailInfo {
  const d = new AP.ApPaymentDetailBillInfo();
  d.recordNo = billNo;
  if (amount !== undefined) d.paymentAmount = amount;
  set(d);
  return d;
}

/** The SDK's credit classes through its factory (ApPaymentDetailCreditFactory). */
export const credit = (type: string, recordNo: number, amount: number, lineRecordNo?: number) =>
  new AP.ApPaymentDetailCreditFactory().create(type, recordNo, lineRecordNo as number, amount);

/** The RECORDNO the SDK's create answers. */
export const paymentNo = (r: Awaited<ReturnType<typeof execute>>) =>
  Number((r.data as Record<string, string>[])[0]!.RECORDNO);

/**
 * The reference's "Pay 1.00 towards line 2 of an adjustment credit memo": 1.00 cash on the credit memo's line, and a
 * debit memo's 1.01 applied to the same line.
 */
export const creditMemoExample = (memoNo: number, memoLine: number, debitNo: number): Payload[] => [
  { POSADJKEY: String(memoNo), POSADJENTRYKEY: String(memoLine), TRX_PAYMENTAMOUNT: '1.00' },
  {
    POSADJKEY: String(memoNo),
    POSADJENTRYKEY: String(memoLine),
    ADJUSTMENTKEY: String(debitNo),
    TRX_ADJUSTMENTAMOUNT: '1.01',
  },
];
