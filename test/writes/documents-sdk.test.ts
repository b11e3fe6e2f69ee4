// Invoices (legacy create_invoice) and journal entries (generic GLBATCH with ENTRIES) through the SDK: written whole, read back, deleted whole.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../support/databases.ts';
import { errorNumbers, gatewayDatabase, IA, rejection, requestConfig, sdkClient, type Gateway, startGateway } from '../xml/support/gateway-harness.ts';

type Rec = Record<string, string>;
const F = IA.Functions;

async function query(g: Gateway, object: string, fields: string[], field?: string, value?: string, pageSize = 1): Promise<Rec[]> {
  const Q = IA.Functions.Common.NewQuery;
  const q = new Q.Query();
  q.assignFromObject(object);
  q.assignSelectFields(new Q.QuerySelect.SelectBuilder().addFields(fields).selects);
  if (field) q.assignFilter(new Q.QueryFilter.Filter(field).equalTo(value!));
  q.assignPageSize(pageSize);
  return (await sdkClient(g).execute(q, requestConfig())).getResult().data as Rec[];
}

const cents = (s: string) => Math.round(Number(s) * 100);

for (const backend of BACKENDS) {
  describe(`documents through the SDK (${backend})`, () => {
    const { url, cleanup } = gatewayDatabase(backend);
    let g: Gateway;
    beforeAll(async () => { g = await startGateway(url); });
    afterAll(async () => { await g?.close(); await cleanup(); });

    it('InvoiceCreate writes the invoice and its lines; ArPaymentCreate pays part; the customer due follows; InvoiceDelete removes it whole', async () => {
      const [customer] = await query(g, 'CUSTOMER', ['CUSTOMERID', 'TOTALDUE']);
      const [account] = await query(g, 'GLACCOUNT', ['ACCOUNTNO']);
      const due = async () => cents((await query(g, 'CUSTOMER', ['TOTALDUE'], 'CUSTOMERID', customer!.CUSTOMERID!))[0]!.TOTALDUE!);
      const before = await due();
      const inv = Object.assign(new F.AccountsReceivable.InvoiceCreate(), {
        customerId: customer!.CUSTOMERID!, transactionDate: new Date(2026, 10, 2), dueDate: new Date(2026, 11, 2), invoiceNumber: 'W-INV-1',
        lines: [10.01, 20.02].map((amount) => Object.assign(new F.AccountsReceivable.InvoiceLineCreate(), { glAccountNumber: account!.ACCOUNTNO!, transactionAmount: amount })),
      });
      const key = (await sdkClient(g).execute(inv, requestConfig())).getResult().key;
      const [row] = await query(g, 'ARINVOICE', ['STATE', 'TOTALENTERED', 'TOTALDUE', 'RECORDID'], 'RECORDNO', String(key));
      expect(row).toEqual({ STATE: 'Posted', TOTALENTERED: '30.03', TOTALDUE: '30.03', RECORDID: 'W-INV-1' });
      expect(await query(g, 'ARINVOICEITEM', ['TRX_AMOUNT'], 'RECORDKEY', String(key), 10)).toHaveLength(2);
      expect(await due()).toBe(before + 3003);

      // ArPaymentCreate (legacy create_arpayment) pays part of it: Partially Paid, and the customer due falls by the amount.
      const payment = Object.assign(new F.AccountsReceivable.ArPaymentCreate(), {
        customerId: customer!.CUSTOMERID!, transactionPaymentAmount: 10.03, bankAccountId: 'BOA', receivedDate: new Date(2026, 10, 9), paymentMethod: 'Cash',
        applyToTransactions: [Object.assign(new F.AccountsReceivable.ArPaymentItem(), { applyToRecordId: Number(key), amountToApply: 10.03 })],
      });
      expect(Number((await sdkClient(g).execute(payment, requestConfig())).getResult().key)).toBeGreaterThan(0);
      expect((await query(g, 'ARINVOICE', ['STATE', 'TOTALPAID', 'TOTALDUE'], 'RECORDNO', String(key)))[0]).toEqual({ STATE: 'Partially Paid', TOTALPAID: '10.03', TOTALDUE: '20' });
      expect(await due()).toBe(before + 2000);

      await sdkClient(g).execute(Object.assign(new F.AccountsReceivable.InvoiceDelete(), { recordNo: Number(key) }), requestConfig());
      expect(await query(g, 'ARINVOICE', ['RECORDNO'], 'RECORDNO', String(key))).toEqual([]);
      expect(await query(g, 'ARINVOICEITEM', ['RECORDNO'], 'RECORDKEY', String(key))).toEqual([]);
      expect(await due()).toBe(before);
    });

    it('JournalEntryCreate writes a balanced entry with its lines; an unbalanced one is refused; JournalEntryDelete removes it', async () => {
      const [journal] = await query(g, 'GLJOURNAL', ['SYMBOL']);
      const accounts = await query(g, 'GLACCOUNT', ['ACCOUNTNO'], undefined, undefined, 2);
      const entry = (amounts: number[]) => Object.assign(new F.GeneralLedger.JournalEntryCreate(), {
        journalSymbol: journal!.SYMBOL!, postingDate: new Date(2026, 10, 3), description: 'W-JE',
        lines: amounts.map((amount, i) => Object.assign(new F.GeneralLedger.JournalEntryLineCreate(), { glAccountNumber: accounts[i % 2]!.ACCOUNTNO!, transactionAmount: amount })),
      });
      const res = await sdkClient(g).execute(entry([125.5, -125.5]), requestConfig());
      const recordNo = (res.getResult().data as Rec[])[0]!.RECORDNO!;
      expect((await query(g, 'GLBATCH', ['BATCH_TITLE', 'STATE', 'BATCHNO'], 'RECORDNO', recordNo))[0]).toEqual({ BATCH_TITLE: 'W-JE', STATE: 'Posted', BATCHNO: recordNo });
      expect((await query(g, 'GLENTRY', ['TR_TYPE', 'TRX_AMOUNT'], 'BATCHNO', recordNo, 10)).map((r) => `${r.TR_TYPE}:${r.TRX_AMOUNT}`).sort()).toEqual(['-1:125.5', '1:125.5']);

      const e = await rejection(sdkClient(g).execute(entry([100, -99.99]), requestConfig()));
      expect(errorNumbers(e)).toEqual(['BL01001973', 'BL01001973']);
      expect(String(e.message)).toMatch(/Debits and credits/);

      await sdkClient(g).execute(Object.assign(new F.GeneralLedger.JournalEntryDelete(), { recordNo: Number(recordNo) }), requestConfig());
      expect(await query(g, 'GLENTRY', ['RECORDNO'], 'BATCHNO', recordNo)).toEqual([]);
    });
  });
}
