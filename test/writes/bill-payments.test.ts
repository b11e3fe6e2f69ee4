// A bill with three lines written through the SDK's BillCreate, paid in two ApPaymentCreate payments: states, totals to
// the cent, vendor due.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../support/databases.ts';
import { DEMO_CLIENT } from '../rest/rest-server.ts';
import {
  gatewayDatabase,
  IA,
  requestConfig,
  sdkClient,
  type Gateway,
  startGateway,
} from '../xml/support/gateway-harness.ts';

type Rec = Record<string, string>;
const AP = IA.Functions.AccountsPayable;

async function query(g: Gateway, object: string, fields: string[], field: string, value: string): Promise<Rec[]> {
  const Q = IA.Functions.Common.NewQuery;
  const q = new Q.Query();
  q.assignFromObject(object);
  q.assignSelectFields(new Q.QuerySelect.SelectBuilder().addFields(fields).selects);
  q.assignFilter(new Q.QueryFilter.Filter(field).equalTo(value));
  q.assignPageSize(10);
  return (await sdkClient(g).execute(q, requestConfig())).getResult().data as Rec[];
}

async function first(g: Gateway, object: string, fields: string[]): Promise<Rec> {
  const Q = IA.Functions.Common.NewQuery;
  const q = new Q.Query();
  q.assignFromObject(object);
  q.assignSelectFields(new Q.QuerySelect.SelectBuilder().addFields(fields).selects);
  q.assignPageSize(1);
  return ((await sdkClient(g).execute(q, requestConfig())).getResult().data as Rec[])[0]!;
}

const cents = (s: string) => Math.round(Number(s) * 100);

async function pay(g: Gateway, vendorId: string, billNo: number, amount: number): Promise<void> {
  const detail = new AP.ApPaymentDetailBillInfo();
  detail.recordNo = billNo;
  detail.paymentAmount = amount;
  const info = new AP.ApPaymentInfo();
  info.paymentMethod = 'Cash';
  info.financialEntityId = 'BOA';
  info.vendorId = vendorId;
  info.paymentDate = new Date(2026, 10, 20);
  info.apPaymentDetails = new AP.ApPaymentDetailBuilder().addApPaymentDetailBill(detail).getApPaymentDetailList();
  await sdkClient(g).execute(new AP.ApPaymentCreate(info, 'pay'), requestConfig());
}

for (const backend of BACKENDS) {
  describe(`bill with three lines paid in two payments (${backend})`, () => {
    const { url, cleanup } = gatewayDatabase(backend);
    let g: Gateway;
    beforeAll(async () => {
      g = await startGateway(url);
    });
    afterAll(async () => {
      await g?.close();
      await cleanup();
    });

    it('moves Posted → Partially Paid → Paid with TOTALDUE, TOTALPAID and the vendor due right to the cent', async () => {
      const vendor = await first(g, 'VENDOR', ['VENDORID', 'TOTALDUE']);
      const account = await first(g, 'GLACCOUNT', ['ACCOUNTNO']);
      const department = await first(g, 'DEPARTMENT', ['DEPARTMENTID']);
      const vendorDue = async () =>
        cents((await query(g, 'VENDOR', ['TOTALDUE'], 'VENDORID', vendor.VENDORID!))[0]!.TOTALDUE!);
      const before = await vendorDue();

      const bill = new AP.BillCreate();
      bill.vendorId = vendor.VENDORID!;
      bill.transactionDate = new Date(2026, 10, 1);
      bill.dueDate = new Date(2026, 11, 1);
      bill.billNumber = 'W-BILL-1';
      bill.lines = [100.1, 200.2, 33.33].map((amount) => {
        const line = new AP.BillLineCreate();
        line.glAccountNumber = account.ACCOUNTNO!;
        line.departmentId = department.DEPARTMENTID!;
        line.transactionAmount = amount;
        return line;
      });
      const created = await sdkClient(g).execute(bill, requestConfig());
      const billNo = Number(created.getResult().key);
      expect(billNo).toBeGreaterThan(0);

      const state = async () =>
        (await query(g, 'APBILL', ['STATE', 'TOTALENTERED', 'TOTALPAID', 'TOTALDUE'], 'RECORDNO', String(billNo)))[0];
      expect(await state()).toEqual({ STATE: 'Posted', TOTALENTERED: '333.63', TOTALPAID: '0', TOTALDUE: '333.63' });
      expect(await query(g, 'APBILLITEM', ['LINE_NO', 'TRX_AMOUNT'], 'RECORDKEY', String(billNo))).toHaveLength(3);
      expect(await vendorDue()).toBe(before + 33363);

      await pay(g, vendor.VENDORID!, billNo, 100);
      expect(await state()).toEqual({
        STATE: 'Partially Paid',
        TOTALENTERED: '333.63',
        TOTALPAID: '100',
        TOTALDUE: '233.63',
      });
      expect(await vendorDue()).toBe(before + 23363);

      await pay(g, vendor.VENDORID!, billNo, 233.63);
      expect(await state()).toEqual({ STATE: 'Paid', TOTALENTERED: '333.63', TOTALPAID: '333.63', TOTALDUE: '0' });
      expect(await vendorDue()).toBe(before);

      // The same bill through read and the REST objects API.
      const read = new IA.Functions.Common.Read();
      read.objectName = 'APBILL';
      read.keys = [billNo];
      expect(((await sdkClient(g).execute(read, requestConfig())).getResult().data as Rec[])[0]).toMatchObject({
        STATE: 'Paid',
        TOTALENTERED: '333.63',
        TOTALDUE: '0',
        RECORDID: 'W-BILL-1',
      });
      const api = `http://127.0.0.1:${g.port}/ia/api/v1`;
      const tok = await fetch(`${api}/oauth2/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ grant_type: 'client_credentials', ...DEMO_CLIENT, username: 'admin@demo' }),
      });
      const { access_token } = (await tok.json()) as { access_token: string };
      const rest = (await (
        await fetch(`${api}/objects/accounts-payable/bill/${billNo}`, {
          headers: { authorization: `Bearer ${access_token}` },
        })
      ).json()) as { 'ia::result': Record<string, any> };
      expect(rest['ia::result']).toMatchObject({
        key: String(billNo),
        state: 'paid',
        totalBaseAmount: '333.63',
        totalBaseAmountDue: '0.00',
        paymentInformation: { totalBaseAmountPaid: '333.63' },
      });
    });

    it('an overpayment is refused and changes nothing', async () => {
      const vendor = await first(g, 'VENDOR', ['VENDORID']);
      const paid = await query(g, 'APBILL', ['RECORDNO', 'TOTALDUE'], 'RECORDID', 'W-BILL-1');
      await expect(pay(g, vendor.VENDORID!, Number(paid[0]!.RECORDNO), 1)).rejects.toThrow(/more than its amount due/);
      expect((await query(g, 'APBILL', ['TOTALDUE'], 'RECORDID', 'W-BILL-1'))[0]!.TOTALDUE).toBe('0');
    });
  });
}
