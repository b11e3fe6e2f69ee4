// The ARPYMTDETAIL records an AR payment writes: "An ARPYMT is composed of header information and one or more payment
// detail (ARPYMTDETAIL) objects", each naming the invoice (RECORDKEY) or its line (ENTRYKEY) and the cash
// (TRX_PAYMENTAMOUNT) (russellkt/intacct-mcp-server docs/accounts-receivable-ar-payments.md, create ARPYMT and its
// ARPYMTDETAIL table), read back through query / read of ARPYMTDETAIL and REST GET accounts-receivable/payment-detail
// (lorenz-bus-service/node-intacct-rest-api spec/accounts-receivable.json objects.accounts-receivable.payment-detail:
// arPayment, arInvoice, arInvoiceLine, paymentDate, txnCurrency.*, baseCurrency.paymentAmount). Payments made through the
// official SDK (dist/Functions/AccountsReceivable: ArPaymentCreate and ArPaymentApply with ArPaymentItem, which write
// create_arpayment / apply_arpayment with arpaymentitem invoicekey and amount), the reference's create_arpayment example
// and its create ARPYMT example "Create a payment against two invoice lines" as raw XML; then ArPaymentReverse and a
// delete of ARPYMT act on the details.

import { beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../support/databases.ts';
import { IA, type Gateway, useGateway } from '../xml/support/gateway-harness.ts';
import { catalog, execute, first, postFunction, query, read, type Rec, restGet, restToken } from './write-harness.ts';
import { expectDetailNotDeletedAlone, paymentDetailsOf, restPost } from './payment-detail-support.ts';

const AR = IA.Functions.AccountsReceivable;
const DETAIL = catalog.require('ARPYMTDETAIL');
const RECEIVED =
  '<datereceived><year>2026</year><month>11</month><day>7</day></datereceived><paymentmethod>Cash</paymentmethod>';
const FIELDS = [
  'RECORDNO',
  'PAYMENTKEY',
  'PAYMENTDATE',
  'CURRENCY',
  'RECORDKEY',
  'ENTRYKEY',
  'PAYMENTAMOUNT',
  'TRX_PAYMENTAMOUNT',
];

for (const backend of BACKENDS) {
  describe(`ARPYMTDETAIL records of AR payments (${backend})`, () => {
    const gateway = useGateway(backend);
    let g: Gateway;
    let token: string;
    let customer: string;
    let account: string;
    beforeAll(async () => {
      g = gateway();
      token = await restToken(g);
      customer = (await first(g, 'CUSTOMER', ['CUSTOMERID'])).CUSTOMERID!;
      account = (await first(g, 'GLACCOUNT', ['ACCOUNTNO'])).ACCOUNTNO!;
    });

    /** An invoice of the customer with these line amounts (SDK InvoiceCreate): its RECORDNO and its lines' RECORDNOs. */
    async function invoice(amounts: number[]): Promise<{ no: number; lines: string[] }> {
      const inv = Object.assign(new AR.InvoiceCreate(), {
        customerId: customer,
        transactionDate: new Date(2026, 10, 2),
        dueDate: new Date(2026, 11, 2),
        lines: amounts.map((amount) =>
          Object.assign(new AR.InvoiceLineCreate(), { glAccountNumber: account, transactionAmount: amount }),
        ),
      });
      const no = Number((await execute(g, inv)).key);
      const lines = (await query(g, 'ARINVOICEITEM', ['RECORDNO'], 'RECORDKEY', String(no)))
        .map((l) => l.RECORDNO!)
        .sort((a, b) => Number(a) - Number(b));
      return { no, lines };
    }

    const item = (no: number, amount: number) =>
      Object.assign(new AR.ArPaymentItem(), { applyToRecordId: no, amountToApply: amount });

    /** The payment's details, each naming its invoice in REST as arInvoice. */
    async function detailsOf(payment: number): Promise<Rec[]> {
      const rows = await paymentDetailsOf(g, token, 'ARPYMTDETAIL', FIELDS, payment);
      for (const row of rows)
        expect(await restGet(g, DETAIL, row.RECORDNO!, token)).toMatchObject({ arInvoice: { key: row.RECORDKEY } });
      return rows;
    }

    /** A detail's fields that have a value (query answers the others empty). */
    const given = (r: Rec) => Object.fromEntries(Object.entries(r).filter(([k, v]) => v !== '' && k !== 'RECORDNO'));

    it("the demo's receipts have their details as created ones do: the invoice paid and the cash", async () => {
      const [d] = await query(
        g,
        'ARPYMTDETAIL',
        ['PAYMENTKEY', 'RECORDKEY', 'TRX_PAYMENTAMOUNT', 'PAYMENTDATE'],
        undefined,
        undefined,
        1,
      );
      const [pay] = await query(
        g,
        'ARPYMT',
        ['CUSTOMERID', 'TRX_TOTALENTERED', 'RECEIPTDATE'],
        'RECORDNO',
        d!.PAYMENTKEY,
      );
      expect(d).toMatchObject({ TRX_PAYMENTAMOUNT: pay!.TRX_TOTALENTERED, PAYMENTDATE: pay!.RECEIPTDATE });
      expect(await query(g, 'ARINVOICE', ['CUSTOMERID'], 'RECORDNO', d!.RECORDKEY)).toEqual([
        { CUSTOMERID: pay!.CUSTOMERID },
      ]);
    });

    it('SDK ArPaymentCreate and ArPaymentApply: one record per invoice applied; reverse keeps them, the invoice may then go', async () => {
      const a = await invoice([10, 20]);
      const b = await invoice([5]);
      const create = Object.assign(new AR.ArPaymentCreate(), {
        customerId: customer,
        transactionPaymentAmount: 50,
        bankAccountId: 'BOA',
        receivedDate: new Date(2026, 10, 9),
        paymentMethod: 'Cash',
        applyToTransactions: [item(a.no, 12.5), item(b.no, 5)],
      });
      const pay = Number((await execute(g, create)).key);
      const created = await detailsOf(pay);
      expect(created.map(given)).toEqual([
        {
          PAYMENTKEY: String(pay),
          PAYMENTDATE: '11/09/2026',
          RECORDKEY: String(a.no),
          PAYMENTAMOUNT: '12.5',
          TRX_PAYMENTAMOUNT: '12.5',
        },
        {
          PAYMENTKEY: String(pay),
          PAYMENTDATE: '11/09/2026',
          RECORDKEY: String(b.no),
          PAYMENTAMOUNT: '5',
          TRX_PAYMENTAMOUNT: '5',
        },
      ]);

      // apply_arpayment adds one record per invoice it applies, dated as the payment.
      await execute(
        g,
        Object.assign(new AR.ArPaymentApply(), {
          recordNo: pay,
          receivedDate: new Date(2026, 10, 10),
          applyToTransactions: [item(a.no, 17.5)],
        }),
      );
      const applied = await detailsOf(pay);
      expect(applied.slice(0, 2)).toEqual(created);
      expect(applied.slice(2).map(given)).toEqual([
        {
          PAYMENTKEY: String(pay),
          PAYMENTDATE: '11/09/2026',
          RECORDKEY: String(a.no),
          PAYMENTAMOUNT: '17.5',
          TRX_PAYMENTAMOUNT: '17.5',
        },
      ]);
      expect(await query(g, 'ARINVOICE', ['STATE'], 'RECORDNO', String(a.no))).toEqual([{ STATE: 'Paid' }]);

      // A paid invoice cannot be deleted while its payment is live.
      const held = await postFunction(g, `<delete><object>ARINVOICE</object><keys>${b.no}</keys></delete>`);
      expect(held.status).toBe('failure');
      expect(held.errors.join(' ')).toMatch(/has payments applied and cannot be deleted/);

      // Reversed, the payment keeps its details (an ARPYMTDETAIL has no state: it reads the payment's), and they no
      // longer hold the invoices it had paid (RECORDKEY relates a detail to its ARINVOICE), as the details of a reversed
      // AP payment do not.
      await execute(
        g,
        Object.assign(new AR.ArPaymentReverse(), { recordNo: pay, reverseDate: new Date(2026, 10, 11) }),
      );
      expect(await detailsOf(pay)).toEqual(applied);
      expect(await query(g, 'ARPYMT', ['STATE'], 'RECORDNO', String(pay))).toEqual([{ STATE: 'Reversed' }]);
      const freed = await postFunction(g, `<delete><object>ARINVOICE</object><keys>${b.no}</keys></delete>`);
      expect(freed.status).toBe('success');
    });

    it("raw XML: the reference's create_arpayment and create ARPYMT examples; a delete of ARPYMT removes its details", async () => {
      const inv = await invoice([40]);
      // The reference's "Create a multi currency AR payment and apply it to an invoice", with this company's customer,
      // bank account and invoice, dated 2026.
      const legacy = await postFunction(
        g,
        `<create_arpayment>
    <customerid>${customer}</customerid>
    <paymentamount>10</paymentamount>
    <translatedamount>20</translatedamount>
    <bankaccountid>BOA</bankaccountid>
    <refid>1234</refid>
    <overpaylocid></overpaylocid>
    <overpaydeptid></overpaydeptid>
    <datereceived><year>2026</year><month>11</month><day>6</day></datereceived>
    <paymentmethod>Printed Check</paymentmethod>
    <basecurr>USD</basecurr>
    <currency>CAD</currency>
    <exchratetype>Intacct Daily Rate</exchratetype>
    <arpaymentitem>
        <invoicekey>${inv.no}</invoicekey>
        <amount>10</amount>
    </arpaymentitem>
</create_arpayment>`,
      );
      expect(legacy.errors).toEqual([]);
      const legacyNo = Number(legacy.key);
      expect((await detailsOf(legacyNo)).map(given)).toEqual([
        {
          PAYMENTKEY: String(legacyNo),
          PAYMENTDATE: '11/06/2026',
          // The example's currency, kept as given on the payment and its details (one currency: no conversion).
          CURRENCY: 'CAD',
          RECORDKEY: String(inv.no),
          PAYMENTAMOUNT: '10',
          TRX_PAYMENTAMOUNT: '10',
        },
      ]);

      // "Create a payment against two invoice lines": one detail per line, with its ENTRYKEY.
      const two = await invoice([30, 55]);
      const generic = await postFunction(
        g,
        `<create>
    <ARPYMT>
        <FINANCIALENTITY>BOA</FINANCIALENTITY>
        <PAYMENTMETHOD>Cash</PAYMENTMETHOD>
        <CUSTOMERID>${customer}</CUSTOMERID>
        <DOCNUMBER>INV-009</DOCNUMBER>
        <RECEIPTDATE>05/15/2026</RECEIPTDATE>
        <PAYMENTDATE>05/16/2026</PAYMENTDATE>
        <ARPYMTDETAILS>
            <ARPYMTDETAIL>
                <RECORDKEY>${two.no}</RECORDKEY>
                <ENTRYKEY>${two.lines[0]}</ENTRYKEY>
                <TRX_PAYMENTAMOUNT>30</TRX_PAYMENTAMOUNT>
            </ARPYMTDETAIL>
            <ARPYMTDETAIL>
                <RECORDKEY>${two.no}</RECORDKEY>
                <ENTRYKEY>${two.lines[1]}</ENTRYKEY>
                <TRX_PAYMENTAMOUNT>55</TRX_PAYMENTAMOUNT>
            </ARPYMTDETAIL>
        </ARPYMTDETAILS>
    </ARPYMT>
</create>`,
      );
      expect(generic.errors).toEqual([]);
      const genericNo = Number(
        (await query(g, 'ARPYMT', ['RECORDNO'], 'DOCNUMBER', 'INV-009')).map((r) => r.RECORDNO).pop(),
      );
      const rows = await detailsOf(genericNo);
      expect(rows.map(given)).toEqual(
        two.lines.map((line, i) => ({
          PAYMENTKEY: String(genericNo),
          PAYMENTDATE: '05/15/2026',
          RECORDKEY: String(two.no),
          ENTRYKEY: line,
          PAYMENTAMOUNT: ['30', '55'][i],
          TRX_PAYMENTAMOUNT: ['30', '55'][i],
        })),
      );
      expect(await restGet(g, DETAIL, rows[1]!.RECORDNO!, token)).toMatchObject({
        arInvoiceLine: { key: two.lines[1] },
        txnCurrency: { paymentAmount: '55.00' },
      });

      // The reference's delete of ARPYMT takes the payment's RECORDNO: its details go with it, the invoice is owed again.
      const del = await postFunction(g, `<delete><object>ARPYMT</object><keys>${genericNo}</keys></delete>`);
      expect(del.errors).toEqual([]);
      expect(await query(g, 'ARPYMTDETAIL', ['RECORDNO'], 'PAYMENTKEY', String(genericNo))).toEqual([]);
      expect(await read(g, 'ARPYMTDETAIL', rows[0]!.RECORDNO!)).toBeUndefined();
      expect(await restGet(g, DETAIL, rows[0]!.RECORDNO!, token)).toBeNull();
      expect(await query(g, 'ARINVOICE', ['STATE'], 'RECORDNO', String(two.no))).toEqual([{ STATE: 'Posted' }]);
      // The other payment's detail stays.
      expect(await query(g, 'ARPYMTDETAIL', ['RECORDNO'], 'PAYMENTKEY', String(legacyNo))).toHaveLength(1);
    });

    it('a detail is written only by its payment: a bare REST POST or XML delete of one is refused; a refused payment writes none', async () => {
      const inv = await invoice([5]);
      const [status, body] = await restPost(g, token, 'accounts-receivable/payment-detail', {
        arInvoice: { key: String(inv.no) },
        txnCurrency: { paymentAmount: '5.00' },
      });
      expect(status).toBe(422);
      expect(body).toMatch(/A ARPYMTDETAIL record is written by its payment/);

      // All or nothing: the second item overpays the invoice, so neither the payment nor a detail is written.
      const refused = await postFunction(
        g,
        `<create_arpayment><customerid>${customer}</customerid><paymentamount>9</paymentamount><bankaccountid>BOA</bankaccountid>${RECEIVED}
<arpaymentitem><invoicekey>${inv.no}</invoicekey><amount>3</amount></arpaymentitem>
<arpaymentitem><invoicekey>${inv.no}</invoicekey><amount>4</amount></arpaymentitem></create_arpayment>`,
      );
      expect(refused.status).toBe('failure');
      expect(refused.errors.join(' ')).toMatch(/more than/);
      expect(await query(g, 'ARPYMTDETAIL', ['RECORDNO'], 'RECORDKEY', String(inv.no))).toEqual([]);

      const pay = await postFunction(
        g,
        `<create_arpayment><customerid>${customer}</customerid><paymentamount>5</paymentamount><bankaccountid>BOA</bankaccountid>${RECEIVED}
<arpaymentitem><invoicekey>${inv.no}</invoicekey><amount>5</amount></arpaymentitem></create_arpayment>`,
      );
      expect(pay.errors).toEqual([]);
      const [row] = await query(g, 'ARPYMTDETAIL', ['RECORDNO'], 'PAYMENTKEY', pay.key);
      await expectDetailNotDeletedAlone(g, 'ARPYMTDETAIL', row!.RECORDNO!, pay.key);
    });
  });
}
