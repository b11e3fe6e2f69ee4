// Bill and invoice summaries (APBILLBATCH, ARINVOICEBATCH) as integrations write them: the official SDK's
// BillSummaryCreate and InvoiceSummaryCreate (create_billbatch / create_invoicebatch) and BillCreate / InvoiceCreate
// with summaryRecordNo (batchkey), the references' own create_billbatch / create_invoicebatch examples as raw XML
// (russellkt/intacct-mcp-server docs/accounts-payable-ap-summaries.md, docs/accounts-receivable-ar-summaries.md), a
// summary function holding the documents it summarizes (api.xsd, intacct/intacct_dtd v3.0: `create_billbatch
// (batchtitle, datecreated?, create_bill*)`), and the generic create naming a summary by PRBATCH ("Summary name to post
// into", docs/accounts-payable-bills.md). Read back through query, readByQuery, read and REST GET
// accounts-payable/bill-summary / accounts-receivable/invoice-summary (the OpenAPI's objects.accounts-payable.bill-summary
// and objects.accounts-receivable.invoice-summary, saved in scripts/openapi-subsets/).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../support/databases.ts';
import {
  gatewayDatabase,
  IA,
  type Gateway,
  requestConfig,
  sdkClient,
  startGateway,
} from '../xml/support/gateway-harness.ts';
import {
  catalog,
  execute,
  expectWriteRefused,
  first,
  lineReferences,
  postFunction,
  query,
  readAlike,
  restGet,
  restDate,
  restMismatches,
  restToken,
  type Rec,
} from './write-harness.ts';

const AP = IA.Functions.AccountsPayable;
const AR = IA.Functions.AccountsReceivable;
const SUMMARY = ['RECORDNO', 'TITLE', 'CREATED', 'STATUS', 'OPEN', 'RECORDTYPE'];
const PLACED = ['RECORDNO', 'PRBATCHKEY', 'PRBATCH', 'WHENPOSTED'];

describe.each(BACKENDS)('bill and invoice summaries on %s', (backend) => {
  const { url, cleanup } = gatewayDatabase(backend);
  let g: Gateway;
  let token: string;
  let vendor: string;
  let customer: string;
  let on: Awaited<ReturnType<typeof lineReferences>>;
  beforeAll(async () => {
    g = await startGateway(url);
    token = await restToken(g);
    vendor = (await first(g, 'VENDOR', ['VENDORID'], 'STATUS', 'active')).VENDORID!;
    customer = (await first(g, 'CUSTOMER', ['CUSTOMERID'], 'STATUS', 'active')).CUSTOMERID!;
    on = await lineReferences(g);
  });
  afterAll(async () => {
    await g?.close();
    await cleanup();
  });

  const raw = (fn: string) => postFunction(g, fn);

  /** A summary as query, read and readByQuery see it alike, and REST GET shows the same values. */
  async function summary(object: 'APBILLBATCH' | 'ARINVOICEBATCH', key: string | number): Promise<Rec> {
    const row = await readAlike(g, object, SUMMARY, key);
    const o = catalog.require(object);
    const rest = await restGet(g, o, String(key), token);
    expect(rest, `${o.restName}/${key}`).not.toBeNull();
    // REST spells the date YYYY-MM-DD.
    expect(restMismatches(o, { ...row, CREATED: restDate(row.CREATED!) }, rest!)).toEqual([]);
    return row;
  }

  const billOf = (summaryRecordNo?: number) =>
    Object.assign(new AP.BillCreate(), {
      vendorId: vendor,
      transactionDate: new Date(2026, 10, 3),
      dueDate: new Date(2026, 11, 3),
      ...(summaryRecordNo === undefined ? {} : { summaryRecordNo }),
      lines: [Object.assign(new AP.BillLineCreate(), { glAccountNumber: on.account, transactionAmount: 42.5 })],
    });
  const invoiceOf = (summaryRecordNo?: number) =>
    Object.assign(new AR.InvoiceCreate(), {
      customerId: customer,
      transactionDate: new Date(2026, 10, 4),
      dueDate: new Date(2026, 11, 4),
      ...(summaryRecordNo === undefined ? {} : { summaryRecordNo }),
      lines: [Object.assign(new AR.InvoiceLineCreate(), { glAccountNumber: on.account, transactionAmount: 17 })],
    });

  /** Each side: the SDK's summary class, the summary and document objects, and how REST shows the document's summary. */
  const SIDES = [
    {
      summaryClass: 'BillSummaryCreate',
      summaryObject: 'APBILLBATCH',
      document: 'APBILL',
      create: () => new AP.BillSummaryCreate(),
      documentOf: (key: number) => billOf(key),
      title: 'Bills for 2026 Week 47',
      day: 20,
      recordType: ['pi', 'apBill'],
      restSummary: (key: string, title: string) => ({ billSummary: { id: key, name: title } }),
    },
    {
      summaryClass: 'InvoiceSummaryCreate',
      summaryObject: 'ARINVOICEBATCH',
      document: 'ARINVOICE',
      create: () => new AR.InvoiceSummaryCreate(),
      documentOf: (key: number) => invoiceOf(key),
      title: 'Invoices for 2026 Week 47',
      day: 21,
      recordType: ['ri', 'invoice'],
      restSummary: (key: string, title: string) => ({
        invoiceSummary: { key, id: title, glPostingDate: '2026-11-21' },
      }),
    },
  ] as const;

  it.each(SIDES)(
    '$summaryClass makes an open summary; a $document created with its summaryRecordNo goes in it, posting on its date',
    async (side) => {
      const create = Object.assign(side.create(), { title: side.title, glPostingDate: new Date(2026, 10, side.day) });
      const key = (await execute(g, create)).key!;
      const date = `11/${side.day}/2026`;
      expect(await summary(side.summaryObject, key)).toEqual({
        RECORDNO: key,
        TITLE: side.title,
        CREATED: date,
        STATUS: 'active',
        OPEN: 'Open',
        RECORDTYPE: side.recordType[0],
      });
      expect(await restGet(g, catalog.require(side.summaryObject), key, token)).toMatchObject({
        key,
        name: side.title,
        state: 'open',
        recordType: side.recordType[1],
      });

      const doc = (await execute(g, side.documentOf(Number(key)))).key!;
      // WHENPOSTED "Not used if PRBATCH provided" (the bills reference): the document posts on the summary's date.
      expect(await readAlike(g, side.document, PLACED, doc)).toEqual({
        RECORDNO: doc,
        PRBATCHKEY: key,
        PRBATCH: side.title,
        WHENPOSTED: date,
      });
      // The document reaches its summary through the relationship, in XML and REST.
      const via = `${side.summaryObject}.TITLE`;
      expect(await query(g, side.document, ['RECORDNO', via], 'PRBATCHKEY', key)).toEqual([
        { RECORDNO: doc, [via]: side.title },
      ]);
      expect(await restGet(g, catalog.require(side.document), doc, token)).toMatchObject(
        side.restSummary(key, side.title),
      );
    },
  );

  it('puts a bill that names no summary in none', async () => {
    const loose = (await execute(g, billOf())).key!;
    expect(await readAlike(g, 'APBILL', PLACED, loose)).toMatchObject({ PRBATCHKEY: '', PRBATCH: '' });
  });

  it('takes the references’ create_billbatch and create_invoicebatch examples as raw XML', async () => {
    const ap = await raw(
      '<create_billbatch><batchtitle>Bills for 2017 Week 03</batchtitle><datecreated><year>2017</year><month>01</month>' +
        '<day>20</day></datecreated></create_billbatch>',
    );
    expect(ap.status, ap.errors.join(' ')).toBe('success');
    expect(await summary('APBILLBATCH', ap.key)).toMatchObject({
      TITLE: 'Bills for 2017 Week 03',
      CREATED: '01/20/2017',
    });
    const ar = await raw(
      '<create_invoicebatch><batchtitle>Invoices for 2017 Week 03</batchtitle><datecreated><year>2017</year>' +
        '<month>01</month><day>20</day></datecreated></create_invoicebatch>',
    );
    expect(ar.status, ar.errors.join(' ')).toBe('success');
    expect(await summary('ARINVOICEBATCH', ar.key)).toMatchObject({
      TITLE: 'Invoices for 2017 Week 03',
      OPEN: 'Open',
    });
  });

  it('creates the bills and invoices a summary function holds into the new summary (api.xsd), all or nothing', async () => {
    const date = '<year>2026</year><month>11</month><day>24</day>';
    const billXml = (extra = '') =>
      `<create_bill><vendorid>${vendor}</vendorid><datecreated>${date}</datecreated>${extra}<billitems><lineitem>` +
      `<glaccountno>${on.account}</glaccountno><amount>10.00</amount></lineitem></billitems></create_bill>`;
    const held = await raw(
      `<create_billbatch><batchtitle>Held bills</batchtitle><datecreated>${date}</datecreated>${billXml()}${billXml()}</create_billbatch>`,
    );
    expect(held.status, held.errors.join(' ')).toBe('success');
    const bills = await query(g, 'APBILL', PLACED, 'PRBATCHKEY', held.key);
    expect(bills.map((b) => [b.PRBATCH, b.WHENPOSTED])).toEqual([
      ['Held bills', '11/24/2026'],
      ['Held bills', '11/24/2026'],
    ]);

    const invoice = await raw(
      `<create_invoicebatch><batchtitle>Held invoices</batchtitle><datecreated>${date}</datecreated><create_invoice>` +
        `<customerid>${customer}</customerid><datecreated>${date}</datecreated><invoiceitems><lineitem>` +
        `<glaccountno>${on.account}</glaccountno><amount>5.00</amount></lineitem></invoiceitems></create_invoice></create_invoicebatch>`,
    );
    expect(invoice.status, invoice.errors.join(' ')).toBe('success');
    expect(await query(g, 'ARINVOICE', ['PRBATCH'], 'PRBATCHKEY', invoice.key)).toEqual([{ PRBATCH: 'Held invoices' }]);

    // A held bill that is refused leaves no summary behind; one naming another summary is refused by name.
    const before = (await query(g, 'APBILLBATCH', ['RECORDNO'], 'TITLE', 'Refused batch')).length;
    const refused = await raw(
      `<create_billbatch><batchtitle>Refused batch</batchtitle><datecreated>${date}</datecreated>${billXml()}` +
        `${billXml('<ponumber>P1</ponumber><bogus>1</bogus>')}</create_billbatch>`,
    );
    expect(refused.errors.join(' ')).toMatch(/bogus is not a field of create_bill/);
    const elsewhere = await raw(
      `<create_billbatch><batchtitle>Refused batch</batchtitle><datecreated>${date}</datecreated>` +
        `${billXml(`<batchkey>${held.key}</batchkey>`)}</create_billbatch>`,
    );
    expect(elsewhere.errors.join(' ')).toMatch(/batchkey of create_bill: .* goes into the summary it creates/);
    expect(await query(g, 'APBILLBATCH', ['RECORDNO'], 'TITLE', 'Refused batch')).toHaveLength(before);
  });

  it('refuses an element the function does not take, naming it, and a summary without its posting date', async () => {
    const unknown = await raw(
      '<create_billbatch><batchtitle>T</batchtitle><datecreated><year>2026</year><month>11</month><day>1</day>' +
        '</datecreated><description>no</description></create_billbatch>',
    );
    expect(unknown.errors.join(' ')).toMatch(/description is not an element of create_billbatch/);
    const noTitle = await raw(
      '<create_invoicebatch><datecreated><year>2026</year><month>11</month><day>1</day></datecreated></create_invoicebatch>',
    );
    expect(noTitle.errors.join(' ')).toMatch(/create_invoicebatch needs the element batchtitle/);
    // "datecreated Required" in both references' tables (api.xsd leaves it optional).
    const noDate = await raw('<create_billbatch><batchtitle>Undated</batchtitle></create_billbatch>');
    expect(noDate.errors.join(' ')).toMatch(/create_billbatch needs datecreated/);
    expect(await query(g, 'APBILLBATCH', ['RECORDNO'], 'TITLE', 'Undated')).toEqual([]);
  });

  it("lists the demo's open summaries with the references' query and readByQuery examples, and refuses a bill into a closed one", async () => {
    // "List the record number for each active and open bill summary" (the AP reference's query example).
    const Q = IA.Functions.Common.NewQuery;
    const openOnes = async (object: string) => {
      const q = new Q.Query();
      q.assignFromObject(object);
      q.assignSelectFields(new Q.QuerySelect.SelectBuilder().addFields(['RECORDNO', 'TITLE', 'STATUS']).selects);
      q.assignFilter(
        new Q.QueryFilter.AndOperator([
          new Q.QueryFilter.Filter('STATUS').equalTo('active'),
          new Q.QueryFilter.Filter('OPEN').equalTo('Open'),
        ]),
      );
      return (await sdkClient(g).execute(q, requestConfig())).getResult().data as Rec[];
    };
    const demoOpen = (rows: Rec[]) => rows.filter((r) => /\(\w{3} \d{4}\)$/.test(r.TITLE!)).map((r) => r.TITLE);
    expect(demoOpen(await openOnes('APBILLBATCH'))).toEqual(['Bills (Nov 2025)', 'Bills (Dec 2025)']);
    expect(demoOpen(await openOnes('ARINVOICEBATCH'))).toEqual(['Invoices (Nov 2025)', 'Invoices (Dec 2025)']);
    // readByQuery "STATUS = 'T' AND OPEN = 'T'" (both references' legacy example) finds the same ones.
    const rbq = new IA.Functions.Common.ReadByQuery();
    rbq.objectName = 'ARINVOICEBATCH';
    rbq.query = new IA.Functions.Common.Query.QueryString("STATUS = 'T' AND OPEN = 'T'");
    rbq.fields = ['TITLE'];
    const viaRbq = (await sdkClient(g).execute(rbq, requestConfig())).getResult().data as Rec[];
    expect(demoOpen(viaRbq)).toEqual(['Invoices (Nov 2025)', 'Invoices (Dec 2025)']);

    // Every demo bill of an open summary is in it: PRBATCH is the summary's title.
    const [dec] = await query(g, 'APBILLBATCH', ['RECORDNO', 'TITLE'], 'TITLE', 'Bills (Dec 2025)');
    const decBills = await query(g, 'APBILL', ['PRBATCH', 'APBILLBATCH.OPEN'], 'PRBATCHKEY', dec!.RECORDNO!);
    expect(decBills.length).toBeGreaterThan(0);
    expect(new Set(decBills.map((b) => `${b.PRBATCH} ${b['APBILLBATCH.OPEN']}`))).toEqual(
      new Set(['Bills (Dec 2025) Open']),
    );

    // "An open summary can have items added to it" (REST state): a closed one takes none.
    const [closed] = await query(g, 'APBILLBATCH', ['RECORDNO', 'TITLE'], 'TITLE', 'Bills (Oct 2025)');
    expect((await summary('APBILLBATCH', closed!.RECORDNO!)).OPEN).toBe('Closed');
    await expectWriteRefused(
      execute(g, billOf(Number(closed!.RECORDNO))),
      /Invalid PRBATCHKEY '\d+' specified: APBILLBATCH \d+ \('Bills \(Oct 2025\)'\) is closed/,
    );
    await expectWriteRefused(
      execute(g, invoiceOf(999999)),
      /Invalid PRBATCHKEY '999999' specified: no ARINVOICEBATCH with RECORDNO '999999'/,
    );
  });

  it('places a bill created with the generic create in the summary its PRBATCH names, as the bills reference does', async () => {
    const key = (
      await execute(
        g,
        Object.assign(new AP.BillSummaryCreate(), { title: 'Generic week', glPostingDate: new Date(2026, 10, 27) }),
      )
    ).key!;
    const create = (prbatch: string) =>
      postFunction(
        g,
        `<create><APBILL><VENDORID>${vendor}</VENDORID><WHENCREATED>11/25/2026</WHENCREATED><WHENPOSTED>11/25/2026</WHENPOSTED>` +
          `<WHENDUE>12/25/2026</WHENDUE><PRBATCH>${prbatch}</PRBATCH><APBILLITEMS><APBILLITEM><ACCOUNTNO>${on.account}</ACCOUNTNO>` +
          `<TRX_AMOUNT>8.00</TRX_AMOUNT></APBILLITEM></APBILLITEMS></APBILL></create>`,
      );
    const made = await create('Generic week');
    expect(made.status, made.errors.join(' ')).toBe('success');
    const [bill] = await query(g, 'APBILL', PLACED, 'PRBATCHKEY', key);
    // The summary's posting date wins over the WHENPOSTED sent ("Not used if PRBATCH provided").
    expect(bill).toMatchObject({ PRBATCHKEY: key, PRBATCH: 'Generic week', WHENPOSTED: '11/27/2026' });
    const unknown = await create('No such summary');
    expect(unknown.errors.join(' ')).toMatch(/Invalid PRBATCH 'No such summary' specified: no APBILLBATCH with TITLE/);
  });

  it('takes REST bills and invoices naming their summary, refuses a title another summary has, and closes a summary by update', async () => {
    const sdkSummary = async (cls: typeof AP.BillSummaryCreate | typeof AR.InvoiceSummaryCreate, title: string) =>
      (await execute(g, Object.assign(new cls(), { title, glPostingDate: new Date(2026, 10, 30) }))).key!;
    const billSummary = await sdkSummary(AP.BillSummaryCreate, 'REST week bills');
    const invoiceSummary = await sdkSummary(AR.InvoiceSummaryCreate, 'REST week invoices');
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const post = (object: string, body: unknown) =>
      fetch(`http://127.0.0.1:${g.port}/ia/api/v1/objects/${object}`, {
        method: 'POST',
        headers,
        body: JSON.stringify(body),
      });
    const lines = [{ glAccount: { id: on.account }, txnAmount: '3.00' }];
    // The bill names its summary by billSummary.id (PRBATCHKEY), the invoice by invoiceSummary.id (PRBATCH, the title).
    const bill = await post('accounts-payable/bill', {
      vendor: { id: vendor },
      createdDate: '2026-11-26',
      dueDate: '2026-12-26',
      billSummary: { id: billSummary },
      lines,
    });
    expect(bill.status, await bill.clone().text()).toBe(201);
    const billKey = ((await bill.json()) as { 'ia::result': { key: string } })['ia::result'].key;
    expect(await readAlike(g, 'APBILL', PLACED, billKey)).toMatchObject({
      PRBATCHKEY: billSummary,
      PRBATCH: 'REST week bills',
      WHENPOSTED: '11/30/2026',
    });
    const invoice = await post('accounts-receivable/invoice', {
      customer: { id: customer },
      invoiceDate: '2026-11-26',
      dueDate: '2026-12-26',
      invoiceSummary: { id: 'REST week invoices' },
      lines,
    });
    expect(invoice.status, await invoice.clone().text()).toBe(201);
    const invoiceKey = ((await invoice.json()) as { 'ia::result': { key: string } })['ia::result'].key;
    expect((await readAlike(g, 'ARINVOICE', PLACED, invoiceKey)).PRBATCHKEY).toBe(invoiceSummary);

    // REST's reference lists and gets summaries only; a POST here makes one as create_billbatch does: open, typed.
    for (const [object, type] of [
      ['ARINVOICEBATCH', 'invoice'],
      ['APBILLBATCH', 'apBill'],
    ] as const) {
      const o = catalog.require(object);
      const made = await post(o.restName!, { name: 'REST made', glPostingDate: '2026-11-28' });
      expect(made.status, await made.clone().text()).toBe(201);
      const key = ((await made.json()) as { 'ia::result': { key: string } })['ia::result'].key;
      expect(await restGet(g, o, key, token)).toMatchObject({
        name: 'REST made',
        glPostingDate: '2026-11-28',
        state: 'open',
        recordType: type,
      });
    }
    // PRBATCHKEY and a PRBATCH that is another summary's title contradict each other.
    const mismatch = await postFunction(
      g,
      `<create><APBILL><VENDORID>${vendor}</VENDORID><WHENCREATED>11/25/2026</WHENCREATED><WHENDUE>12/25/2026</WHENDUE>` +
        `<PRBATCHKEY>${billSummary}</PRBATCHKEY><PRBATCH>Bills (Dec 2025)</PRBATCH><APBILLITEMS><APBILLITEM>` +
        `<ACCOUNTNO>${on.account}</ACCOUNTNO><TRX_AMOUNT>1.00</TRX_AMOUNT></APBILLITEM></APBILLITEMS></APBILL></create>`,
    );
    expect(mismatch.errors.join(' ')).toMatch(
      /Invalid PRBATCH 'Bills \(Dec 2025\)' specified: APBILLBATCH \d+ is titled 'REST week bills'/,
    );

    // Closed by an update, the summary takes no more bills.
    const closed = await postFunction(
      g,
      `<update><APBILLBATCH><RECORDNO>${billSummary}</RECORDNO><OPEN>Closed</OPEN></APBILLBATCH></update>`,
    );
    expect(closed.status, closed.errors.join(' ')).toBe('success');
    expect((await summary('APBILLBATCH', billSummary)).OPEN).toBe('Closed');
    await expectWriteRefused(execute(g, billOf(Number(billSummary))), /REST week bills'\) is closed/);
  });
});
