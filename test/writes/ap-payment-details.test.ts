// AP payments applied to bills as the official SDK's ApPaymentCreate writes them (node_modules/@intacct/intacct-sdk
// dist/Functions/AccountsPayable/ApPaymentCreate.js with ApPaymentDetailBill: RECORDKEY, ENTRYKEY for a line,
// TRX_PAYMENTAMOUNT; credits, discounts and credit memos are in ap-payment-credits.test.ts), and Intacct's create APPYMT reference
// (dgaretz-oss/intacct-mcp docs/xml/accounts-payable-ap-payments.md: "Create a record transfer for a specific line of a
// bill" pays RECORDKEY + ENTRYKEY). Effects read back: the bill's TOTALPAID / TOTALDUE / STATE and the vendor's due;
// ApPaymentDelete and ApPaymentReverse give them back.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../support/databases.ts';
import { gatewayDatabase, IA, startGateway, type Gateway } from '../xml/support/gateway-harness.ts';
import { type Payload, PayloadFunction } from './payload-support.ts';
import { sdkPayment } from './ap-payment-support.ts';
import { execute, expectWriteRefused, first, query, type Rec } from './write-harness.ts';

const AP = IA.Functions.AccountsPayable;
const cents = (s: string) => Math.round(Number(s) * 100);

const payment = (vendorId: string, details: IA.Functions.AccountsPayable.ApPaymentDetailBillInfo[]) =>
  sdkPayment(vendorId, new Date(2026, 10, 20), details);

function detail(billNo: number, amount: number, lineNo?: number) {
  const d = new AP.ApPaymentDetailBillInfo();
  d.recordNo = billNo;
  d.paymentAmount = amount;
  if (lineNo !== undefined) d.lineRecordNo = lineNo;
  return d;
}

for (const backend of BACKENDS) {
  describe(`AP payments applied to bill lines (${backend})`, () => {
    const { url, cleanup } = gatewayDatabase(backend);
    let g: Gateway;
    let vendorId: string;
    let billNo: number;
    let lines: number[];
    beforeAll(async () => {
      g = await startGateway(url);
      vendorId = (await first(g, 'VENDOR', ['VENDORID'], 'STATUS', 'active')).VENDORID!;
      const account = await first(g, 'GLACCOUNT', ['ACCOUNTNO']);
      const bill = new AP.BillCreate();
      bill.vendorId = vendorId;
      bill.transactionDate = new Date(2026, 10, 1);
      bill.dueDate = new Date(2026, 11, 1);
      bill.billNumber = 'APD-1';
      bill.lines = [40, 60.5].map((amount) => {
        const line = new AP.BillLineCreate();
        line.glAccountNumber = account.ACCOUNTNO!;
        line.transactionAmount = amount;
        return line;
      });
      billNo = Number((await execute(g, bill)).key);
      lines = (await query(g, 'APBILLITEM', ['RECORDNO', 'LINE_NO'], 'RECORDKEY', String(billNo)))
        .sort((a, b) => Number(a.LINE_NO) - Number(b.LINE_NO))
        .map((l) => Number(l.RECORDNO));
    });
    afterAll(async () => {
      await g?.close();
      await cleanup();
    });

    /** A generic APPYMT create as the reference's examples write it, with header extras and one detail. */
    const rawPayment = (header: Payload, detail: Payload) =>
      new PayloadFunction('create', {
        APPYMT: {
          FINANCIALENTITY: 'BOA',
          PAYMENTMETHOD: 'EFT',
          VENDORID: vendorId,
          PAYMENTDATE: '11/20/2026',
          ...header,
          APPYMTDETAILS: { APPYMTDETAIL: detail },
        },
      });
    const bill = async () =>
      (await query(g, 'APBILL', ['STATE', 'TOTALPAID', 'TOTALDUE'], 'RECORDNO', String(billNo)))[0] as Rec;
    const vendorDue = async () => cents((await query(g, 'VENDOR', ['TOTALDUE'], 'VENDORID', vendorId))[0]!.TOTALDUE!);

    it('details naming each line (ENTRYKEY) pay the bill; delete and reverse give the amounts back', async () => {
      const due = await vendorDue();
      const one = (await execute(g, payment(vendorId, [detail(billNo, 40, lines[0])]))).data as Rec[];
      expect(await bill()).toEqual({ STATE: 'Partially Paid', TOTALPAID: '40', TOTALDUE: '60.5' });
      expect(await vendorDue()).toBe(due - 4000);

      await execute(g, new AP.ApPaymentDelete(Number(one[0]!.RECORDNO)));
      expect(await bill()).toEqual({ STATE: 'Posted', TOTALPAID: '0', TOTALDUE: '100.5' });
      expect(await vendorDue()).toBe(due);

      // Both lines in one payment: two details of one bill.
      const both = (await execute(g, payment(vendorId, [detail(billNo, 40, lines[0]), detail(billNo, 60.5, lines[1])])))
        .data as Rec[];
      expect(await bill()).toEqual({ STATE: 'Paid', TOTALPAID: '100.5', TOTALDUE: '0' });
      expect(await vendorDue()).toBe(due - 10050);
      const reverse = new AP.ApPaymentReverse();
      reverse.recordNo = Number(both[0]!.RECORDNO);
      reverse.reverseDate = new Date(2026, 10, 21);
      await execute(g, reverse);
      expect(await bill()).toEqual({ STATE: 'Posted', TOTALPAID: '0', TOTALDUE: '100.5' });
      expect(await vendorDue()).toBe(due);
    });

    it('an ENTRYKEY that is not a line of that bill is refused, naming it', async () => {
      const other = await first(g, 'APBILLITEM', ['RECORDNO', 'RECORDKEY']);
      expect(Number(other.RECORDKEY)).not.toBe(billNo);
      await expectWriteRefused(
        execute(g, payment(vendorId, [detail(billNo, 10, Number(other.RECORDNO))])),
        /Invalid ENTRYKEY/,
      );
      expect(await bill()).toMatchObject({ TOTALPAID: '0' });
    });

    it('joint payees and drafts are refused by name, never dropped; unknown elements too', async () => {
      for (const [fn, name] of [
        [
          rawPayment({}, { RECORDKEY: String(billNo), TRX_PAYMENTAMOUNT: '1', JOINTPAYEEPRINTAS: 'A and B' }),
          /JOINTPAYEEPRINTAS of APPYMTDETAIL is not supported by ledgerq: joint payees are not modelled/,
        ],
        [
          rawPayment({}, { RECORDKEY: String(billNo), TRX_PAYMENTAMOUNT: '1', NOSUCH: 'x' }),
          /NOSUCH is not a field of APPYMTDETAIL/,
        ],
        // The reference's ACTION: Draft moves the payment to the outbox, which ledgerq does not model.
        [
          rawPayment({ ACTION: 'Draft' }, { RECORDKEY: String(billNo), TRX_PAYMENTAMOUNT: '1' }),
          /ACTION Draft of APPYMT is not supported/,
        ],
      ] as const) {
        await expectWriteRefused(execute(g, fn as IA.Functions.IFunction), name);
      }
      expect(await bill()).toMatchObject({ STATE: 'Posted', TOTALPAID: '0' });
    });
  });
}
