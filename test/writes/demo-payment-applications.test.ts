// The demo's settled payments record what they paid (issue 21): deleting or reversing one gives its bill or invoice the
// amount back, in the base and in the transaction currency, and the party's due grows by it — as for a payment made
// through the write path (test/writes/write-model.ts).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findCompany } from '../../src/auth/tenancy.ts';
import { XML_GATEWAY_PATH } from '../../src/server/xml-gateway.ts';
import { p, sql } from '../../src/store/sql.ts';
import { BACKENDS } from '../support/databases.ts';
import { bearer, type RestServer, startRestServer, token } from '../rest/rest-server.ts';

interface Doc {
  recordno: number | string;
  state: string;
  totalpaid: number | string;
  totaldue: number | string;
  totalentered: number | string;
  trx_totalpaid: number | string;
  trx_totaldue: number | string;
  trx_totalentered: number | string;
}

const DOC_COLUMNS = sql`recordno, state, totalpaid, totaldue, totalentered, trx_totalpaid, trx_totaldue, trx_totalentered`;

describe.each(BACKENDS)("the demo's payments give their documents back on %s", (backend) => {
  let s: RestServer;
  let auth: Record<string, string>;
  let demoKey: number;

  beforeAll(async () => {
    s = await startRestServer(backend);
    auth = bearer((await token(s.api)).access_token);
    demoKey = (await findCompany(s.t.db, 'demo'))!.key;
  }, 120_000);
  afterAll(async () => {
    await s?.close();
  });

  /** A settled payment of a fully paid document it alone paid, in a foreign currency or not. */
  async function settledPayment(payment: 'APPYMT' | 'ARPYMT', foreign: boolean) {
    const doc = payment === 'APPYMT' ? 'o_apbill' : 'o_arinvoice';
    const rows = await s.t.db.all<{ payment_no: number | string; document_no: number | string }>(
      sql`SELECT a.payment_no, a.document_no FROM lq_payment_application a
        WHERE a.company_key = ${p(demoKey)} AND a.payment_object = ${p(payment)}
          AND (a.trx_amount_cents IS NOT NULL) = ${p(foreign)}
          AND 1 = (SELECT COUNT(*) FROM lq_payment_application b WHERE b.company_key = a.company_key
                   AND b.payment_object = a.payment_object AND b.document_no = a.document_no)
        ORDER BY a.payment_no`,
    );
    expect(rows.length, `${payment} foreign=${foreign}`).toBeGreaterThan(0);
    const { payment_no, document_no } = rows[0]!;
    return { paymentNo: Number(payment_no), documentNo: Number(document_no), table: doc };
  }

  async function document(table: string, recordNo: number): Promise<Doc> {
    const [d] = await s.t.db.all<Doc>(
      sql`SELECT ${DOC_COLUMNS} FROM ${table === 'o_apbill' ? sql`o_apbill` : sql`o_arinvoice`}
        WHERE company_key = ${p(demoKey)} AND recordno = ${p(recordNo)}`,
    );
    return d!;
  }

  async function gateway(fn: string): Promise<string> {
    const body =
      '<?xml version="1.0" encoding="UTF-8"?><request><control><senderid>ledgerq</senderid><password>ledgerq</password>' +
      '<controlid>t</controlid><uniqueid>false</uniqueid><dtdversion>3.0</dtdversion></control><operation><authentication>' +
      '<login><userid>admin</userid><companyid>demo</companyid><password>admin</password></login></authentication>' +
      `<content><function controlid="f">${fn}</function></content></operation></request>`;
    const res = await fetch(`${s.url}${XML_GATEWAY_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/xml' },
      body,
    });
    return res.text();
  }

  /** The document before the payment went: paid in full; after: nothing paid, everything due again, Posted. */
  function expectGivenBack(before: Doc, after: Doc): void {
    expect(Number(before.totalpaid)).toBeGreaterThan(0);
    expect(after.state).toBe('Posted');
    expect(Number(after.totalpaid)).toBe(0);
    expect(Number(after.trx_totalpaid)).toBe(0);
    expect(Number(after.totaldue)).toBe(Number(before.totalentered));
    expect(Number(after.trx_totaldue)).toBe(Number(before.trx_totalentered));
  }

  it('every settled demo payment records the amount its document shows paid', async () => {
    const [mismatch] = await s.t.db.all<{ n: number | string }>(
      sql`SELECT COUNT(*) AS n FROM lq_payment_application a JOIN o_apbill b
        ON b.company_key = a.company_key AND b.recordno = a.document_no
        WHERE a.payment_object = 'APPYMT' AND (b.totalpaid <> a.amount_cents
          OR b.trx_totalpaid <> COALESCE(a.trx_amount_cents, a.amount_cents))`,
    );
    expect(Number(mismatch!.n)).toBe(0);
    const [settled] = await s.t.db.all<{ n: number | string }>(
      sql`SELECT COUNT(*) AS n FROM o_appymt WHERE company_key = ${p(demoKey)}
        AND state IN ('Posted', 'Confirmed', 'Delivered', 'Quick Delivery')`,
    );
    const [recorded] = await s.t.db.all<{ n: number | string }>(
      sql`SELECT COUNT(*) AS n FROM lq_payment_application WHERE company_key = ${p(demoKey)} AND payment_object = 'APPYMT'`,
    );
    expect(Number(recorded!.n)).toBe(Number(settled!.n));
  });

  it("deleting a demo bill payment over REST restores its bill (base currency) and the vendor's due", async () => {
    const { paymentNo, documentNo, table } = await settledPayment('APPYMT', false);
    const before = await document(table, documentNo);
    const [vendor] = await s.t.db.all<{ vendorid: string }>(
      sql`SELECT vendorid FROM o_apbill WHERE company_key = ${p(demoKey)} AND recordno = ${p(documentNo)}`,
    );
    const due = async () =>
      Number(
        (
          await s.t.db.all<{ d: number | string }>(
            sql`SELECT totaldue AS d FROM o_vendor WHERE company_key = ${p(demoKey)} AND vendorid = ${p(vendor!.vendorid)}`,
          )
        )[0]!.d,
      );
    const vendorDue = await due();
    const res = await fetch(`${s.api}/objects/accounts-payable/payment/${paymentNo}`, {
      method: 'DELETE',
      headers: auth,
    });
    expect(res.status, await res.text()).toBe(204);
    expectGivenBack(before, await document(table, documentNo));
    expect(await due()).toBe(vendorDue + Number(before.totalpaid));
  });

  it('reversing a demo bill payment of a foreign-currency bill gives back each currency its own amount', async () => {
    const { paymentNo, documentNo, table } = await settledPayment('APPYMT', true);
    const before = await document(table, documentNo);
    expect(Number(before.totalpaid)).not.toBe(Number(before.trx_totalpaid));
    const answer = await gateway(
      `<reverse_appayment key="${paymentNo}"><datereversed><year>2026</year><month>11</month><day>21</day></datereversed></reverse_appayment>`,
    );
    expect(answer).toContain('<status>success</status>');
    expectGivenBack(before, await document(table, documentNo));
  });

  it('deleting a demo receipt restores its invoice', async () => {
    const { paymentNo, documentNo, table } = await settledPayment('ARPYMT', false);
    const before = await document(table, documentNo);
    const answer = await gateway(`<delete><object>ARPYMT</object><keys>${paymentNo}</keys></delete>`);
    expect(answer).toContain('<status>success</status>');
    expectGivenBack(before, await document(table, documentNo));
  });
});
