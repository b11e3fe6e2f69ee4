// AP adjustment, AR adjustment, AR payment and expense report summaries (APADJUSTMENTBATCH, ARADJUSTMENTBATCH,
// ARPYMTBATCH, EEXPENSESBATCH) as integrations write them: the official SDK's ApAdjustmentSummaryCreate,
// ArAdjustmentSummaryCreate, ArPaymentSummaryCreate and ExpenseReportSummaryCreate (create_apadjustmentbatch,
// create_aradjustmentbatch, create_arpaymentbatch, create_expensereportbatch), the documents' SDK classes with
// summaryRecordNo (batchkey), and the references' own examples as raw XML (russellkt/intacct-mcp-server
// docs/accounts-payable-ap-summaries.md, docs/accounts-receivable-ar-summaries.md,
// docs/employee-expenses-expense-summaries.md: batchtitle and datecreated Required; create_arpaymentbatch's
// bankaccountid "Required if not using undepfundsacct"). Read back through query, read and readByQuery.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../support/databases.ts';
import { gatewayDatabase, IA, type Gateway, startGateway } from '../xml/support/gateway-harness.ts';
import { execute, expectWriteRefused, first, lineReferences, postFunction, query, readAlike } from './write-harness.ts';

const AP = IA.Functions.AccountsPayable;
const AR = IA.Functions.AccountsReceivable;
const EE = IA.Functions.EmployeeExpense;
const SUMMARY = ['RECORDNO', 'TITLE', 'CREATED', 'STATUS', 'OPEN'];

describe.each(BACKENDS)('adjustment, AR payment and expense report summaries on %s', (backend) => {
  const { url, cleanup } = gatewayDatabase(backend);
  let g: Gateway;
  let vendor: string;
  let customer: string;
  let employee: string;
  let on: Awaited<ReturnType<typeof lineReferences>>;
  beforeAll(async () => {
    g = await startGateway(url);
    vendor = (await first(g, 'VENDOR', ['VENDORID'], 'STATUS', 'active')).VENDORID!;
    customer = (await first(g, 'CUSTOMER', ['CUSTOMERID'], 'STATUS', 'active')).CUSTOMERID!;
    employee = (await first(g, 'EMPLOYEE', ['EMPLOYEEID'], 'STATUS', 'active')).EMPLOYEEID!;
    on = await lineReferences(g);
  });
  afterAll(async () => {
    await g?.close();
    await cleanup();
  });

  const raw = (fn: string) => postFunction(g, fn);

  /** An invoice of the customer's for an AR payment to pay. */
  async function invoice(): Promise<string> {
    const create = Object.assign(new AR.InvoiceCreate(), {
      customerId: customer,
      transactionDate: new Date(2026, 10, 4),
      dueDate: new Date(2026, 11, 4),
      lines: [Object.assign(new AR.InvoiceLineCreate(), { glAccountNumber: on.account, transactionAmount: 25 })],
    });
    return (await execute(g, create)).key!;
  }

  /** Each kind: the SDK's summary class, the summary and document objects, and a document naming a summary. */
  const KINDS = [
    {
      summaryClass: 'ApAdjustmentSummaryCreate',
      summaryObject: 'APADJUSTMENTBATCH',
      document: 'APADJUSTMENT',
      create: () => new AP.ApAdjustmentSummaryCreate(),
      extra: {},
      posted: true,
      documentOf: async (summaryRecordNo: number) =>
        Object.assign(new AP.ApAdjustmentCreate(), {
          vendorId: vendor,
          transactionDate: new Date(2026, 10, 3),
          summaryRecordNo,
          lines: [
            Object.assign(new AP.ApAdjustmentLineCreate(), { glAccountNumber: on.account, transactionAmount: 12 }),
          ],
        }),
    },
    {
      summaryClass: 'ArAdjustmentSummaryCreate',
      summaryObject: 'ARADJUSTMENTBATCH',
      document: 'ARADJUSTMENT',
      create: () => new AR.ArAdjustmentSummaryCreate(),
      extra: {},
      posted: true,
      documentOf: async (summaryRecordNo: number) =>
        Object.assign(new AR.ArAdjustmentCreate(), {
          customerId: customer,
          transactionDate: new Date(2026, 10, 3),
          summaryRecordNo,
          lines: [
            Object.assign(new AR.ArAdjustmentLineCreate(), { glAccountNumber: on.account, transactionAmount: 9 }),
          ],
        }),
    },
    {
      summaryClass: 'ArPaymentSummaryCreate',
      summaryObject: 'ARPYMTBATCH',
      document: 'ARPYMT',
      create: () => new AR.ArPaymentSummaryCreate(),
      extra: { bankAccountId: 'BOA' },
      // ARPYMT has no WHENPOSTED: the payment keeps its received date.
      posted: false,
      documentOf: async (summaryRecordNo: number) => {
        const paid = await invoice();
        return Object.assign(new AR.ArPaymentCreate(), {
          customerId: customer,
          transactionPaymentAmount: 25,
          receivedDate: new Date(2026, 10, 9),
          paymentMethod: 'Cash',
          summaryRecordNo,
          applyToTransactions: [Object.assign(new AR.ArPaymentItem(), { applyToRecordId: paid, amountToApply: 25 })],
        });
      },
    },
    {
      summaryClass: 'ExpenseReportSummaryCreate',
      summaryObject: 'EEXPENSESBATCH',
      document: 'EEXPENSES',
      create: () => new EE.ExpenseReportSummaryCreate(),
      extra: {},
      posted: true,
      documentOf: async (summaryRecordNo: number) =>
        Object.assign(new EE.ExpenseReportCreate(), {
          employeeId: employee,
          transactionDate: new Date(2026, 10, 3),
          summaryRecordNo,
          lines: [
            Object.assign(new EE.ExpenseReportLineCreate(), {
              expenseType: 'Travel-Hotel',
              reimbursementAmount: 80,
              expenseDate: new Date(2026, 10, 1),
            }),
          ],
        }),
    },
  ] as const;

  it.each(KINDS)(
    '$summaryClass makes an open summary; a $document created with its summaryRecordNo goes in it',
    async (kind) => {
      const title = `${kind.summaryObject} for 2026 Week 47`;
      const create = Object.assign(kind.create(), {
        title,
        glPostingDate: new Date(2026, 10, 20),
        ...kind.extra,
      });
      const key = (await execute(g, create)).key!;
      expect(await readAlike(g, kind.summaryObject, SUMMARY, key)).toEqual({
        RECORDNO: key,
        TITLE: title,
        CREATED: '11/20/2026',
        STATUS: 'active',
        OPEN: 'Open',
      });

      const doc = (await execute(g, await kind.documentOf(Number(key)))).key!;
      const placed = await readAlike(g, kind.document, ['RECORDNO', 'PRBATCHKEY'], doc);
      expect(placed).toEqual({ RECORDNO: doc, PRBATCHKEY: key });
      if (kind.posted)
        expect((await query(g, kind.document, ['WHENPOSTED'], 'RECORDNO', doc))[0]).toEqual({
          WHENPOSTED: '11/20/2026',
        });
      // The document reaches its summary through the relationship.
      const via = `${kind.summaryObject}.TITLE`;
      expect(await query(g, kind.document, ['RECORDNO', via], 'PRBATCHKEY', key)).toEqual([
        { RECORDNO: doc, [via]: title },
      ]);

      // A closed summary takes no new documents.
      const closed = await raw(
        `<update><${kind.summaryObject}><RECORDNO>${key}</RECORDNO><OPEN>Closed</OPEN></${kind.summaryObject}></update>`,
      );
      expect(closed.status, closed.errors.join(' ')).toBe('success');
      await expectWriteRefused(
        execute(g, await kind.documentOf(Number(key))),
        new RegExp(`Invalid PRBATCHKEY '${key}' specified: ${kind.summaryObject} ${key} .* is closed`),
      );
    },
  );

  it('takes the references’ examples as raw XML', async () => {
    const date = '<datecreated><year>2017</year><month>01</month><day>20</day></datecreated>';
    const examples = [
      ['create_apadjustmentbatch', 'APADJUSTMENTBATCH', '<batchtitle>AP Adjustments for 2017 Week 03</batchtitle>'],
      ['create_aradjustmentbatch', 'ARADJUSTMENTBATCH', '<batchtitle>AR Adjustments for 2017 Week 03</batchtitle>'],
      [
        'create_arpaymentbatch',
        'ARPYMTBATCH',
        '<batchtitle>AR Payments for 2017 Week 03 - CHK-BA1433</batchtitle><bankaccountid>CHK-BA1433</bankaccountid>',
      ],
      ['create_expensereportbatch', 'EEXPENSESBATCH', '<batchtitle>Expense Reports for 2017 Week 03</batchtitle>'],
    ] as const;
    for (const [fn, object, head] of examples) {
      const made = await raw(`<${fn}>${head}${date}</${fn}>`);
      expect(made.status, `${fn}: ${made.errors.join(' ')}`).toBe('success');
      expect(await readAlike(g, object, SUMMARY, made.key)).toMatchObject({ CREATED: '01/20/2017', OPEN: 'Open' });
    }
    const pay = await query(
      g,
      'ARPYMTBATCH',
      ['BANKACCOUNTID', 'UNDEPFUNDSACCT'],
      'TITLE',
      'AR Payments for 2017 Week 03 - CHK-BA1433',
    );
    expect(pay).toEqual([{ BANKACCOUNTID: 'CHK-BA1433', UNDEPFUNDSACCT: '' }]);
  });

  it('refuses an element the function does not declare, by name, and a summary without its date or account', async () => {
    const refused = await raw(
      '<create_apadjustmentbatch><batchtitle>T</batchtitle><description>x</description></create_apadjustmentbatch>',
    );
    expect(refused.status).toBe('failure');
    expect(refused.errors.join(' ')).toMatch(/description is not an element of create_apadjustmentbatch/);

    const undated = await raw('<create_expensereportbatch><batchtitle>T</batchtitle></create_expensereportbatch>');
    expect(undated.errors.join(' ')).toMatch(/create_expensereportbatch needs datecreated/);

    const date = '<datecreated><year>2026</year><month>11</month><day>20</day></datecreated>';
    const noAccount = await raw(`<create_arpaymentbatch><batchtitle>T</batchtitle>${date}</create_arpaymentbatch>`);
    expect(noAccount.errors.join(' ')).toMatch(/create_arpaymentbatch needs one of bankaccountid and undepfundsacct/);
    const both = await raw(
      `<create_arpaymentbatch><batchtitle>T</batchtitle><bankaccountid>BOA</bankaccountid><undepfundsacct>1000</undepfundsacct>${date}</create_arpaymentbatch>`,
    );
    expect(both.errors.join(' ')).toMatch(/create_arpaymentbatch needs one of bankaccountid and undepfundsacct/);
    expect(await query(g, 'ARPYMTBATCH', ['RECORDNO'], 'TITLE', 'T')).toEqual([]);
  });

  it('deposits an AR payment naming only its summary to the summary’s bank account; refuses one naming no account', async () => {
    // The AR payments reference: create_arpayment batchkey "AR payment summary record number to add this payment to.
    // Required if not using bankaccountid or undepfundsacct" (and bankaccountid, undepfundsacct the same).
    const bank = (await first(g, 'CHECKINGACCOUNT', ['BANKACCOUNTID'])).BANKACCOUNTID!;
    const summaryKey = (
      await execute(
        g,
        Object.assign(new AR.ArPaymentSummaryCreate(), {
          title: 'Receipts to the bank',
          glPostingDate: new Date(2026, 10, 22),
          bankAccountId: bank,
        }),
      )
    ).key!;
    const paid = await invoice();
    const item = `<arpaymentitem><invoicekey>${paid}</invoicekey><amount>5</amount></arpaymentitem>`;
    const head = `<customerid>${customer}</customerid><paymentamount>5</paymentamount><paymentmethod>Cash</paymentmethod><datereceived><year>2026</year><month>11</month><day>23</day></datereceived>`;
    const placed = await raw(`<create_arpayment>${head}<batchkey>${summaryKey}</batchkey>${item}</create_arpayment>`);
    expect(placed.status, placed.errors.join(' ')).toBe('success');
    expect(await readAlike(g, 'ARPYMT', ['FINANCIALENTITY', 'PRBATCHKEY', 'PRBATCH'], placed.key)).toEqual({
      FINANCIALENTITY: bank,
      PRBATCHKEY: summaryKey,
      PRBATCH: 'Receipts to the bank',
    });
    const nowhere = await raw(`<create_arpayment>${head}${item}</create_arpayment>`);
    expect(nowhere.status).toBe('failure');
    expect(nowhere.errors.join(' ')).toMatch(
      /create_arpayment needs one of bankaccountid, undepfundsacct and batchkey/,
    );
  });

  it('puts every demo receipt in its month’s AR payment summary', async () => {
    const receipts = await query(g, 'ARPYMT', ['PRBATCHKEY', 'PRBATCH', 'ARPYMTBATCH.TITLE', 'ARPYMTBATCH.OPEN']);
    expect(receipts.length).toBeGreaterThan(0);
    for (const r of receipts) expect(r['ARPYMTBATCH.TITLE'], `ARPYMTBATCH ${r.PRBATCHKEY}`).toBe(r.PRBATCH);
    expect(await query(g, 'ARPYMTBATCH', ['TITLE', 'OPEN'], 'TITLE', 'Receipts (Dec 2025)')).toEqual([
      { TITLE: 'Receipts (Dec 2025)', OPEN: 'Open' },
    ]);
  });

  it('refuses a document naming a summary that does not exist', async () => {
    const adjustment = Object.assign(new AR.ArAdjustmentCreate(), {
      customerId: customer,
      transactionDate: new Date(2026, 10, 3),
      summaryRecordNo: 987654,
      lines: [Object.assign(new AR.ArAdjustmentLineCreate(), { glAccountNumber: on.account, transactionAmount: 9 })],
    });
    await expectWriteRefused(
      execute(g, adjustment),
      /Invalid PRBATCHKEY '987654' specified: no ARADJUSTMENTBATCH with RECORDNO '987654'/,
    );
  });
});
