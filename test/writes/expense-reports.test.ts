// Employee expense reports (EEXPENSES with their EEXPENSESITEM lines) and adjustments (EXPENSEADJUSTMENTS with
// EXPENSEADJUSTMENTSITEM lines) as integrations write them: the official SDK's ExpenseReportCreate/Reverse/Delete and
// ExpenseAdjustmentCreate/Delete, fylein/fyle-intacct-api's create_expensereport payload and its REST
// employee-expense payload, the reference's own examples as raw XML, the generic create, and REST. Totals come from
// the lines, the state from `state`, a line's GL account from its expense type.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../support/databases.ts';
import { gatewayDatabase, IA, type Gateway, type Login, startGateway } from '../xml/support/gateway-harness.ts';
import { PayloadFunction } from './payload-support.ts';
import {
  catalog,
  execute,
  expectWriteRefused,
  first,
  query,
  read,
  restGet,
  restMismatches,
  restToken,
  type Rec,
  postFunction,
  readAlike,
  restDate,
} from './write-harness.ts';

const EE = IA.Functions.EmployeeExpense;
const HEADER = ['RECORDNO', 'EMPLOYEEID', 'RECORDID', 'WHENCREATED', 'DESCRIPTION', 'MEMO', 'SUPDOCID', 'STATE'];
const TOTALS = ['TOTALENTERED', 'TRX_TOTALENTERED', 'TOTALPAID', 'TOTALDUE', 'TRX_TOTALDUE', 'TOTALSELECTED'];
const LINE = [
  'LINE_NO',
  'ACCOUNTLABEL',
  'ACCOUNTNO',
  'TRX_AMOUNT',
  'AMOUNT',
  'DESCRIPTION',
  'DESCRIPTION2',
  'LOCATIONID',
];

describe.each(BACKENDS)('expense reports on %s', (backend) => {
  const { url, cleanup } = gatewayDatabase(backend);
  let g: Gateway;
  let token: string;
  let employee: string;
  let account: string;
  let location: string;
  let department: string;
  /** The demo's expense types (src/demo/expense-reports.ts) by label → the GL account each posts to. */
  const typeAccount = new Map<string, string>();
  beforeAll(async () => {
    g = await startGateway(url);
    token = await restToken(g);
    employee = (await first(g, 'EMPLOYEE', ['EMPLOYEEID'], 'STATUS', 'active')).EMPLOYEEID!;
    account = (await first(g, 'GLACCOUNT', ['ACCOUNTNO'])).ACCOUNTNO!;
    location = (await first(g, 'LOCATION', ['LOCATIONID'])).LOCATIONID!;
    department = (await first(g, 'DEPARTMENT', ['DEPARTMENTID'])).DEPARTMENTID!;
    for (const t of await query(g, 'EEACCOUNTLABEL', ['ACCOUNTLABEL', 'GLACCOUNTNO']))
      typeAccount.set(t.ACCOUNTLABEL!, t.GLACCOUNTNO!);
  });
  afterAll(async () => {
    await g?.close();
    await cleanup();
  });

  /** The report as query sees it, equal through read, readByQuery and REST GET employee-expense/{key}. */
  async function report(recordNo: string | number): Promise<Rec> {
    const row = await readAlike(g, 'EEXPENSES', [...HEADER, ...TOTALS], recordNo);
    const o = catalog.require('EEXPENSES');
    const rest = (await restGet(g, o, String(recordNo), token))!;
    // restMismatches compares dates as text: the transaction date is checked in REST's own spelling.
    const { WHENCREATED: date, ...others } = row;
    expect(restMismatches(o, others, rest)).toEqual([]);
    expect(rest.createdDate).toBe(restDate(date!));
    return row;
  }

  async function lines(recordNo: string | number): Promise<string[][]> {
    const rows = await query(g, 'EEXPENSESITEM', LINE, 'RECORDKEY', String(recordNo));
    return rows.map((l) => LINE.map((f) => l[f] ?? '')).sort((a, b) => Number(a[0]) - Number(b[0]));
  }

  /** The reference's create_supdoc shape, one small file, in the demo's expense receipts folder. */
  const attachment = (id: string) =>
    `<create_supdoc><supdocid>${id}</supdocid><supdocfoldername>Expense Receipts</supdocfoldername><attachments><attachment>` +
    `<attachmentname>receipt</attachmentname><attachmenttype>txt</attachmenttype><attachmentdata>aGk=</attachmentdata></attachment></attachments></create_supdoc>`;

  const raw = (fn: string, login: Login = {}) => postFunction(g, fn, login);

  it('the demo reports add up: each report is the sum of its lines, on the demo expense types', async () => {
    const reports = await query(g, 'EEXPENSES', ['RECORDNO', 'TOTALENTERED', 'EMPLOYEEID'], undefined, undefined, 2000);
    expect(reports.length).toBeGreaterThan(10);
    const all = await query(
      g,
      'EEXPENSESITEM',
      ['RECORDKEY', 'TRX_AMOUNT', 'ACCOUNTLABEL', 'ACCOUNTNO'],
      undefined,
      undefined,
      2000,
    );
    const sums = new Map<string, number>();
    for (const l of all) {
      sums.set(l.RECORDKEY!, (sums.get(l.RECORDKEY!) ?? 0) + Math.round(Number(l.TRX_AMOUNT) * 100));
      expect(typeAccount.get(l.ACCOUNTLABEL!)).toBe(l.ACCOUNTNO);
    }
    for (const r of reports) expect(sums.get(r.RECORDNO!)).toBe(Math.round(Number(r.TOTALENTERED) * 100));
    // The employee link reads through the relationship (REST employee {id}).
    const o = catalog.require('EEXPENSES');
    const rest = (await restGet(g, o, reports[0]!.RECORDNO!, token))!;
    expect(rest).toMatchObject({ employee: { id: reports[0]!.EMPLOYEEID } });
  });

  it('ExpenseReportCreate writes lines, totals and Submitted; a Draft cannot be reversed; Reverse and Delete', async () => {
    // node_modules/@intacct/intacct-sdk/dist/Functions/EmployeeExpense: ExpenseReportCreate (create_expensereport),
    // ExpenseReportLineCreate (expensetype, else glaccountno), ExpenseReportReverse, ExpenseReportDelete. The report's
    // attachmentsId names an attachment made first (create_supdoc, as integrations upload the receipts before the report).
    expect((await raw(attachment('ATT-77'))).status).toBe('success');
    const create = Object.assign(new EE.ExpenseReportCreate(), {
      employeeId: employee,
      transactionDate: new Date(2026, 10, 3),
      expenseReportNumber: 'ER-SDK-1',
      reasonForExpense: 'Client visit',
      memo: 'Receipts attached',
      attachmentsId: 'ATT-77',
      lines: [
        Object.assign(new EE.ExpenseReportLineCreate(), {
          expenseType: 'Travel-Hotel',
          reimbursementAmount: 154.32,
          paidTo: 'Marriott',
          paidFor: 'Two nights',
          expenseDate: new Date(2026, 10, 1),
          locationId: location,
        }),
        Object.assign(new EE.ExpenseReportLineCreate(), { glAccountNumber: account, reimbursementAmount: 20 }),
      ],
    });
    const key = (await execute(g, create)).key!;
    expect(await report(key)).toMatchObject({
      EMPLOYEEID: employee,
      RECORDID: 'ER-SDK-1',
      DESCRIPTION: 'Client visit',
      MEMO: 'Receipts attached',
      SUPDOCID: 'ATT-77',
      STATE: 'Submitted',
      TOTALENTERED: '174.32',
      TRX_TOTALENTERED: '174.32',
      TOTALPAID: '0',
      TOTALDUE: '174.32',
      TOTALSELECTED: '0',
    });
    // The expense type's GL account goes on its line; the other line keeps the account it named.
    expect(await lines(key)).toEqual([
      ['1', 'Travel-Hotel', typeAccount.get('Travel-Hotel'), '154.32', '154.32', 'Marriott', 'Two nights', location],
      ['2', '', account, '20', '20', '', '', ''],
    ]);
    const [line1] = await query(g, 'EEXPENSESITEM', ['RECORDNO', 'ENTRY_DATE'], 'RECORDKEY', key);
    expect(line1!.ENTRY_DATE).toBe('11/01/2026');
    const restLine = (await restGet(g, catalog.require('EEXPENSESITEM'), line1!.RECORDNO!, token))!;
    expect(restLine).toMatchObject({
      employeeExpense: { key },
      expenseType: { id: 'Travel-Hotel' },
      txnAmount: '154.32',
    });

    const draft = Object.assign(new EE.ExpenseReportCreate(), {
      employeeId: employee,
      transactionDate: new Date(2026, 10, 4),
      action: 'Draft',
      lines: [
        Object.assign(new EE.ExpenseReportLineCreate(), {
          expenseType: 'Mileage',
          reimbursementAmount: 33.5,
          quantity: 50,
          unitRate: 0.67,
        }),
      ],
    });
    const draftKey = (await execute(g, draft)).key!;
    expect(await report(draftKey)).toMatchObject({ STATE: 'Draft', TOTALDUE: '33.5' });
    const reverse = (recordNo: string) =>
      Object.assign(new EE.ExpenseReportReverse(), {
        recordNo: Number(recordNo),
        reverseDate: new Date(2026, 10, 30),
        memo: 'Duplicate',
      });
    await expectWriteRefused(execute(g, reverse(draftKey)), /Draft and cannot be reversed/);

    expect((await execute(g, reverse(key))).key).toBe(key);
    expect(await report(key)).toMatchObject({ STATE: 'Reversed', TOTALDUE: '0', TOTALENTERED: '174.32' });
    await expectWriteRefused(execute(g, reverse(key)), /already reversed/);

    expect((await execute(g, Object.assign(new EE.ExpenseReportDelete(), { recordNo: Number(draftKey) }))).key).toBe(
      draftKey,
    );
    expect(await query(g, 'EEXPENSES', ['RECORDNO'], 'RECORDNO', draftKey)).toEqual([]);
    expect(await query(g, 'EEXPENSESITEM', ['RECORDNO'], 'RECORDKEY', draftKey)).toEqual([]);
  });

  it("fyle's create_expensereport payload: tax entries, custom fields and empty elements accepted; its update_attachment", async () => {
    // fylein/fyle-intacct-api apps/sage_intacct/utils.py `__construct_expense_report` (the XML export before its REST
    // one), serialised as fylein/sageintacct-sdk-py does (None → an empty element) and posted by ExpenseReports.post
    // (sageintacctsdk/apis/expense_reports.py: `{'create_expensereport': data}`).
    const expense = {
      expensetype: 'Meals',
      amount: 42.5,
      expensedate: { year: 2026, month: 11, day: 4 },
      memo: 'ashwin@fyle.in - Meals - 2026-11-04 - C/2026/11/R/1',
      locationid: location,
      departmentid: null,
      customfields: {
        customfield: [{ customfieldname: 'FYLE_EXPENSE_URL', customfieldvalue: 'https://app.fylehq.com/x' }],
      },
      projectid: null,
      taskid: null,
      costtypeid: null,
      customerid: null,
      itemid: null,
      classid: null,
      billable: null,
      exppmttype: null,
      totaltrxamount: 42.5,
      taxentries: { taxentry: { detailid: null } },
    };
    const payload = {
      employeeid: employee,
      datecreated: { year: 2026, month: 11, day: 4 },
      state: 'Submitted',
      supdocid: null,
      description: 'Report by ashwin@fyle.in',
      basecurr: 'USD',
      currency: 'USD',
      expenses: {
        expense: [expense, { ...expense, expensetype: null, glaccountno: account, amount: 7.5, totaltrxamount: 7.5 }],
      },
    };
    const key = (await execute(g, new PayloadFunction('create_expensereport', payload))).key!;
    expect(await report(key)).toMatchObject({ STATE: 'Submitted', TOTALENTERED: '50', TOTALDUE: '50', SUPDOCID: '' });
    expect((await lines(key)).map((l) => l.slice(1, 4))).toEqual([
      ['Meals', typeAccount.get('Meals'), '42.5'],
      ['', account, '7.5'],
    ]);
    // ExpenseReports.update_attachment: `{'update_expensereport': {'@key': key, 'supdocid': supdocid}}`, after fyle has
    // posted the receipts with create_supdoc (fylein/fyle-intacct-api apps/sage_intacct/utils.py post_attachments).
    // A SUPDOCID that names no attachment is refused, as on bills (docs/writes.md "Attachments": the stricter reading).
    await expectWriteRefused(
      execute(g, new PayloadFunction('update_expensereport', { '@key': key, supdocid: 'fyle-att-9' })),
      /SUPDOCID/,
    );
    expect((await raw(attachment('fyle-att-9'))).status).toBe('success');
    await execute(g, new PayloadFunction('update_expensereport', { '@key': key, supdocid: 'fyle-att-9' }));
    expect(await report(key)).toMatchObject({ SUPDOCID: 'fyle-att-9', TOTALENTERED: '50', STATE: 'Submitted' });

    // Elements no table of the reference lists are refused by name; so are a state a write cannot set, an unknown
    // employee or expense type, and a line with neither an expense type nor an account.
    const refused: [string, Record<string, unknown>, RegExp][] = [
      [
        'a line element of another function',
        { expenses: { expense: [{ ...expense, paymentamount: 1 }] } },
        /paymentamount is not a field of expense/,
      ],
      ['a header element of another function', { vendorid: 'V1' }, /vendorid is not a field of create_expensereport/],
      ['a workflow state', { state: 'Approved' }, /STATE of EEXPENSES: "Approved"; a write sets Submitted or Draft/],
      ['an unknown employee', { employeeid: 'NO-SUCH-EMP' }, /EMPLOYEEID 'NO-SUCH-EMP'/],
      [
        'an unknown expense type',
        { expenses: { expense: [{ ...expense, expensetype: 'Yachts' }] } },
        /ACCOUNTLABEL 'Yachts'/,
      ],
      ['neither type nor account', { expenses: { expense: [{ amount: 5 }] } }, /ACCOUNTNO of EEXPENSESITEM is missing/],
      ['no lines', { expenses: {} }, /needs at least one line/],
    ];
    for (const [, change, message] of refused)
      await expectWriteRefused(
        execute(g, new PayloadFunction('create_expensereport', { ...payload, ...change } as never)),
        message,
      );
  });

  it("the reference's examples: create_expensereport, update_expensereport (updateexpense line_num, expense), reverse", async () => {
    // Intacct's expense reports reference (russellkt/intacct-mcp-server docs/employee-expenses-expense-reports.md), its
    // example IDs replaced by the demo's.
    const created = await raw(
      `<create_expensereport><employeeid>${employee}</employeeid><datecreated><year>2016</year><month>09</month><day>09</day></datecreated>` +
        `<state>Submitted</state><description>Travel to client</description><expenses><expense><expensetype>Travel-Hotel</expensetype>` +
        `<amount>50</amount><expensedate><year>2015</year><month>09</month><day>01</day></expensedate><memo>Marriott</memo><paidfor>Hotel</paidfor>` +
        `<locationid>${location}</locationid><departmentid>${department}</departmentid><employeeid>${employee}</employeeid><billable>true</billable>` +
        `</expense></expenses></create_expensereport>`,
    );
    expect(created).toMatchObject({ status: 'success' });
    const key = created.key;
    expect(await report(key)).toMatchObject({ WHENCREATED: '09/09/2016', STATE: 'Submitted', TOTALENTERED: '50' });
    const updated = await raw(
      `<update_expensereport key="${key}"><description>Test update</description><updateexpenses>` +
        `<updateexpense line_num="1"><expensetype>General Travel</expensetype></updateexpense>` +
        `<expense><glaccountno>${account}</glaccountno><amount>12.25</amount><memo>Taxi</memo></expense>` +
        `</updateexpenses></update_expensereport>`,
    );
    expect(updated).toMatchObject({ status: 'success', key });
    expect(await report(key)).toMatchObject({ DESCRIPTION: 'Test update', TOTALENTERED: '62.25', TOTALDUE: '62.25' });
    expect(await lines(key)).toEqual([
      ['1', 'General Travel', typeAccount.get('General Travel'), '50', '50', 'Marriott', 'Hotel', location],
      ['2', '', account, '12.25', '12.25', 'Taxi', '', ''],
    ]);
    // An updateexpense "can use [expensetype] or glaccountno but not both"; state moves between Draft and Submitted.
    const both = await raw(
      `<update_expensereport key="${key}"><updateexpenses><updateexpense line_num="1"><expensetype>Meals</expensetype>` +
        `<glaccountno>${account}</glaccountno></updateexpense></updateexpenses></update_expensereport>`,
    );
    expect(both.status).toBe('failure');
    expect(both.errors.join(' ')).toMatch(/expensetype or glaccountno, not both/);
    expect((await raw(`<update_expensereport key="${key}"><state>Draft</state></update_expensereport>`)).status).toBe(
      'success',
    );
    expect(await report(key)).toMatchObject({ STATE: 'Draft', TOTALENTERED: '62.25' });
    expect(
      (await raw(`<update_expensereport key="${key}"><state>Submitted</state></update_expensereport>`)).status,
    ).toBe('success');
    const reversed = await raw(
      `<reverse_expensereport key="${key}"><datereversed><year>2015</year><month>06</month><day>30</day></datereversed></reverse_expensereport>`,
    );
    expect(reversed).toMatchObject({ status: 'success', key });
    expect(await report(key)).toMatchObject({ STATE: 'Reversed', TOTALDUE: '0' });
    const noDate = await raw(
      `<reverse_expensereport key="${key}"><description>x</description></reverse_expensereport>`,
    );
    expect(noDate.status).toBe('failure');
    expect(noDate.errors.join(' ')).toMatch(/datereversed/);
    expect((await raw(`<delete_expensereport key="${key}"></delete_expensereport>`)).status).toBe('success');
    expect(await query(g, 'EEXPENSESITEM', ['RECORDNO'], 'RECORDKEY', key)).toEqual([]);
  });

  it('the generic create with EEXPENSESITEMS, update replacing the lines, delete taking them along', async () => {
    const res = await raw(
      `<create><EEXPENSES><EMPLOYEEID>${employee}</EMPLOYEEID><WHENCREATED>11/05/2026</WHENCREATED><RECORDID>ER-GEN-1</RECORDID>` +
        `<STATE>Draft</STATE><RECORDNO/><TOTALENTERED>30.00</TOTALENTERED><EEXPENSESITEMS>` +
        `<EEXPENSESITEM><ACCOUNTLABEL>Meals</ACCOUNTLABEL><TRX_AMOUNT>10</TRX_AMOUNT><LOCATIONID>${location}</LOCATIONID></EEXPENSESITEM>` +
        `<EEXPENSESITEM><ACCOUNTNO>${account}</ACCOUNTNO><TRX_AMOUNT>20</TRX_AMOUNT><DESCRIPTION>Paper</DESCRIPTION></EEXPENSESITEM>` +
        `</EEXPENSESITEMS></EEXPENSES></create>`,
    );
    expect(res.status).toBe('success');
    const [row] = await query(g, 'EEXPENSES', ['RECORDNO'], 'RECORDID', 'ER-GEN-1');
    const key = row!.RECORDNO!;
    expect(await report(key)).toMatchObject({ TOTALENTERED: '30', STATE: 'Draft', EMPLOYEEID: employee });
    expect((await lines(key)).map((l) => [l[2], l[3]])).toEqual([
      [typeAccount.get('Meals'), '10'],
      [account, '20'],
    ]);
    const upd = await raw(
      `<update><EEXPENSES><RECORDNO>${key}</RECORDNO><STATE>submitted</STATE><EEXPENSESITEMS>` +
        `<EEXPENSESITEM><ACCOUNTNO>${account}</ACCOUNTNO><TRX_AMOUNT>99.99</TRX_AMOUNT></EEXPENSESITEM></EEXPENSESITEMS></EEXPENSES></update>`,
    );
    expect(upd.status).toBe('success');
    expect(await report(key)).toMatchObject({ TOTALENTERED: '99.99', TOTALDUE: '99.99', STATE: 'Submitted' });
    expect((await lines(key)).map((l) => l[3])).toEqual(['99.99']);
    const paid = await raw(`<update><EEXPENSES><RECORDNO>${key}</RECORDNO><STATE>Paid</STATE></EEXPENSES></update>`);
    expect(paid.status).toBe('failure');
    expect(paid.errors.join(' ')).toMatch(/Invalid value for STATE of EEXPENSES/);
    const bad = await raw(
      `<create><EEXPENSES><EMPLOYEEID>${employee}</EMPLOYEEID><WHENCREATED>11/05/2026</WHENCREATED><EEXPENSESITEMS>` +
        `<EEXPENSESITEM><ACCOUNTNO>${account}</ACCOUNTNO><TRX_AMOUNT>10</TRX_AMOUNT><NOSUCHFIELD/></EEXPENSESITEM>` +
        `</EEXPENSESITEMS></EEXPENSES></create>`,
    );
    expect(bad.status).toBe('failure');
    expect(bad.errors.join(' ')).toMatch(/NOSUCHFIELD is not a field of EEXPENSESITEM/);
    const alone = await raw(
      `<create><EEXPENSESITEM><RECORDKEY>${key}</RECORDKEY><ACCOUNTNO>${account}</ACCOUNTNO><TRX_AMOUNT>1</TRX_AMOUNT></EEXPENSESITEM></create>`,
    );
    expect(alone.status).toBe('failure');
    expect((await raw(`<delete><object>EEXPENSES</object><keys>${key}</keys></delete>`)).status).toBe('success');
    expect(await query(g, 'EEXPENSESITEM', ['RECORDNO'], 'RECORDKEY', key)).toEqual([]);
  });

  /** The adjustment as query sees it, equal through read and REST GET employee-expense-adjustment/{key}. */
  async function adjustment(recordNo: string): Promise<Rec> {
    const fields = [
      'RECORDNO',
      'EMPLOYEEID',
      'RECORDID',
      'DOCNUMBER',
      'DESCRIPTION',
      'STATE',
      'TOTALENTERED',
      'TOTALDUE',
    ];
    const [row] = await query(g, 'EXPENSEADJUSTMENTS', fields, 'RECORDNO', recordNo);
    expect(await read(g, 'EXPENSEADJUSTMENTS', recordNo)).toMatchObject(row!);
    const o = catalog.require('EXPENSEADJUSTMENTS');
    expect(restMismatches(o, row!, (await restGet(g, o, recordNo, token))!)).toEqual([]);
    return row!;
  }

  it('expense adjustments: ExpenseAdjustmentCreate/Delete, the reference examples, refused elements, REST', async () => {
    // node_modules/@intacct/intacct-sdk/dist/Functions/EmployeeExpense: ExpenseAdjustmentCreate
    // (create_expenseadjustmentreport), ExpenseAdjustmentLineCreate, ExpenseAdjustmentDelete.
    const create = Object.assign(new EE.ExpenseAdjustmentCreate(), {
      employeeId: employee,
      transactionDate: new Date(2026, 10, 8),
      expenseAdjustmentNumber: 'ADJ-SDK-1',
      expenseReportNumber: 'ER-SDK-1',
      description: 'Mileage underpaid',
      lines: [
        Object.assign(new EE.ExpenseAdjustmentLineCreate(), {
          expenseType: 'Meals',
          reimbursementAmount: 12.5,
          memo: 'Lunch',
        }),
        Object.assign(new EE.ExpenseAdjustmentLineCreate(), { glAccountNumber: account, reimbursementAmount: 7.5 }),
      ],
    });
    const key = (await execute(g, create)).key!;
    expect(await adjustment(key)).toMatchObject({
      EMPLOYEEID: employee,
      RECORDID: 'ADJ-SDK-1',
      DOCNUMBER: 'ER-SDK-1',
      STATE: 'Submitted',
      TOTALENTERED: '20',
      TOTALDUE: '20',
    });
    const adjLines = await query(
      g,
      'EXPENSEADJUSTMENTSITEM',
      ['LINE_NO', 'ACCOUNTLABEL', 'ACCOUNTNO', 'AMOUNT', 'DESCRIPTION'],
      'RECORDKEY',
      key,
    );
    expect(adjLines.map((l) => [l.LINE_NO, l.ACCOUNTLABEL, l.ACCOUNTNO, l.AMOUNT, l.DESCRIPTION]).sort()).toEqual([
      ['1', 'Meals', typeAccount.get('Meals'), '12.5', 'Lunch'],
      ['2', '', account, '7.5', ''],
    ]);
    expect((await execute(g, Object.assign(new EE.ExpenseAdjustmentDelete(), { recordNo: Number(key) }))).key).toBe(
      key,
    );
    expect(await query(g, 'EXPENSEADJUSTMENTSITEM', ['RECORDNO'], 'RECORDKEY', key)).toEqual([]);

    // Intacct's expense adjustments reference (russellkt/intacct-mcp-server docs/employee-expenses-expense-adjustments.md),
    // its example IDs (and expense type Travel) replaced by the demo's; exchange rates accepted and not kept.
    const created = await raw(
      `<create_expenseadjustmentreport><employeeid>${employee}</employeeid><datecreated><year>2016</year><month>09</month><day>09</day></datecreated>` +
        `<dateposted><year>2016</year><month>09</month><day>09</day></dateposted><adjustmentno>1234</adjustmentno><docnumber></docnumber>` +
        `<description>Travel to client</description><basecurr>USD</basecurr><currency>USD</currency><expenseadjustments><expenseadjustment>` +
        `<expensetype>General Travel</expensetype><amount>50.99</amount><currency>USD</currency><trx_amount>50.99</trx_amount>` +
        `<exchratedate><year>2016</year><month>09</month><day>09</day></exchratedate><exchratetype>Intacct Daily Rate</exchratetype>` +
        `<expensedate><year>2016</year><month>09</month><day>01</day></expensedate><memo>Marriott</memo><locationid>${location}</locationid>` +
        `<departmentid></departmentid><projectid></projectid><customerid></customerid><vendorid></vendorid><employeeid>${employee}</employeeid>` +
        `<itemid></itemid><classid></classid><billable>true</billable><exppmttype></exppmttype><quantity></quantity><rate></rate>` +
        `</expenseadjustment></expenseadjustments><supdocid></supdocid></create_expenseadjustmentreport>`,
    );
    expect(created).toMatchObject({ status: 'success' });
    expect(await adjustment(created.key)).toMatchObject({
      RECORDID: '1234',
      TOTALENTERED: '50.99',
      STATE: 'Submitted',
    });
    const updated = await raw(
      `<update_expenseadjustmentreport key="${created.key}"><updateexpenseadjustments><updateexpenseadjustment line_num="1">` +
        `<expensetype>Meals</expensetype></updateexpenseadjustment><expenseadjustment><glaccountno>${account}</glaccountno><amount>1.01</amount>` +
        `</expenseadjustment></updateexpenseadjustments></update_expenseadjustmentreport>`,
    );
    expect(updated).toMatchObject({ status: 'success', key: created.key });
    expect(await adjustment(created.key)).toMatchObject({ TOTALENTERED: '52', TOTALDUE: '52' });
    const [first1] = await query(g, 'EXPENSEADJUSTMENTSITEM', ['ACCOUNTLABEL', 'ACCOUNTNO'], 'RECORDKEY', created.key);
    expect(first1).toMatchObject({ ACCOUNTLABEL: 'Meals', ACCOUNTNO: typeAccount.get('Meals') });
    // An expense line's elements that the adjustment tables do not list are refused by name, as is `state`.
    const paidfor = await raw(
      `<create_expenseadjustmentreport><employeeid>${employee}</employeeid><datecreated><year>2026</year><month>11</month><day>09</day></datecreated>` +
        `<expenseadjustments><expenseadjustment><glaccountno>${account}</glaccountno><amount>1</amount><paidfor>x</paidfor></expenseadjustment>` +
        `</expenseadjustments></create_expenseadjustmentreport>`,
    );
    expect(paidfor.errors.join(' ')).toMatch(/paidfor is not a field of expenseadjustment/);
    const state = await raw(
      `<create_expenseadjustmentreport><employeeid>${employee}</employeeid><datecreated><year>2026</year><month>11</month><day>09</day></datecreated>` +
        `<state>Draft</state><expenseadjustments><expenseadjustment><glaccountno>${account}</glaccountno><amount>1</amount></expenseadjustment>` +
        `</expenseadjustments></create_expenseadjustmentreport>`,
    );
    expect(state.errors.join(' ')).toMatch(/state is not a field of create_expenseadjustmentreport/);
    expect((await raw(`<delete_expenseadjustmentreport key="${created.key}"/>`)).status).toBe('success');

    // REST POST employee-expense-adjustment with lines (the OpenAPI's objects.expenses.employee-expense-adjustment and
    // -line schemas), GET, DELETE.
    const base = `http://127.0.0.1:${g.port}/ia/api/v1/objects/expenses/employee-expense-adjustment`;
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const res = await fetch(base, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        createdDate: '2026-11-10',
        employee: { id: employee },
        expenseAdjustmentReportNumber: 'ADJ-REST-1',
        description: 'Corrects underpayment of mileage',
        lines: [
          { expenseType: { id: 'Mileage' }, txnAmount: '8.04', quantity: '12', unitRate: '0.67', paidTo: 'Employee' },
        ],
      }),
    });
    expect(res.status).toBe(201);
    const restKey = ((await res.json()) as { 'ia::result': { key: string } })['ia::result'].key;
    expect(await adjustment(restKey)).toMatchObject({
      RECORDID: 'ADJ-REST-1',
      TOTALENTERED: '8.04',
      STATE: 'Submitted',
    });
    expect((await fetch(`${base}/${restKey}`, { method: 'DELETE', headers })).status).toBe(204);
    expect(await query(g, 'EXPENSEADJUSTMENTSITEM', ['RECORDNO'], 'RECORDKEY', restKey)).toEqual([]);
  });

  it("REST POST employee-expense (fyle's payload) with lines, PATCH of the header and state, DELETE", async () => {
    const base = `http://127.0.0.1:${g.port}/ia/api/v1/objects/expenses/employee-expense`;
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    // fylein/fyle-intacct-api apps/sage_intacct/exports/expense_reports.py `construct_expense_report_payload` and
    // `construct_expense_report_line_item_payload`: every key, None where fyle has no value.
    const line = (expenseType: string | null, gl: string | null, amount: string) => ({
      expenseType: { id: expenseType },
      glAccount: { id: gl },
      paymentType: { id: null },
      isBillable: false,
      txnAmount: amount,
      entryDate: '2026-11-06',
      paidTo: 'ashwin@fyle.in - Taxi',
      dimensions: {
        location: { id: location },
        department: { id: null },
        project: { id: null },
        task: { id: null },
        costType: { id: null },
        item: { id: null },
        class: { id: null },
        customer: { id: null },
      },
    });
    const body = {
      state: 'submitted',
      createdDate: '2026-11-06',
      description: 'Report by ashwin@fyle.in',
      employee: { id: employee },
      attachment: { id: null },
      basePayment: { baseCurrency: 'USD' },
      reimbursement: { reimbursementCurrency: 'USD' },
      lines: [line('General Travel', null, '500.00'), line(null, account, '25.50')],
    };
    const res = await fetch(base, { method: 'POST', headers, body: JSON.stringify(body) });
    expect(res.status).toBe(201);
    const key = ((await res.json()) as { 'ia::result': { key: string } })['ia::result'].key;
    expect(await report(key)).toMatchObject({ STATE: 'Submitted', TOTALENTERED: '525.5', EMPLOYEEID: employee });
    expect((await lines(key)).map((l) => [l[2], l[3], l[7]])).toEqual([
      [typeAccount.get('General Travel'), '500', location],
      [account, '25.5', location],
    ]);
    const got = (await restGet(g, catalog.require('EEXPENSES'), key, token))!;
    expect(got).toMatchObject({
      state: 'submitted',
      employee: { id: employee },
      basePayment: { totalEntered: '525.50', totalDue: '525.50' },
      reimbursement: { reimbursementCurrency: 'USD' },
    });
    // PATCH with lines: a line with its key changes that line, one without a key is added; totals follow.
    const keyed = await query(g, 'EEXPENSESITEM', ['RECORDNO', 'LINE_NO'], 'RECORDKEY', key);
    const firstLine = keyed.find((l) => l.LINE_NO === '1')!.RECORDNO!;
    const withLines = await fetch(`${base}/${key}`, {
      method: 'PATCH',
      headers,
      body: JSON.stringify({
        lines: [
          { key: firstLine, txnAmount: '400.00', paidFor: 'Flights' },
          { expenseType: { id: 'Meals' }, txnAmount: '10' },
        ],
      }),
    });
    expect(withLines.status).toBe(200);
    expect(await report(key)).toMatchObject({ TOTALENTERED: '435.5', TOTALDUE: '435.5' });
    expect((await lines(key)).map((l) => [l[1], l[3], l[6]])).toEqual([
      ['General Travel', '400', 'Flights'],
      ['', '25.5', ''],
      ['Meals', '10', ''],
    ]);
    const stranger = await fetch(`${base}/${key}`, {
      method: 'PATCH',
      headers,
      body: JSON.stringify({ lines: [{ key: '999999', txnAmount: '1' }] }),
    });
    expect(stranger.status).toBe(404);
    // PATCH: the OpenAPI's "Updates an employee expense" example (memo), and state back to draft (create and update
    // take draft or submitted).
    const patch = await fetch(`${base}/${key}`, {
      method: 'PATCH',
      headers,
      body: JSON.stringify({ memo: 'Covered by customer', state: 'draft' }),
    });
    expect(patch.status).toBe(200);
    expect(await report(key)).toMatchObject({ MEMO: 'Covered by customer', STATE: 'Draft', TOTALENTERED: '435.5' });
    const approved = await fetch(`${base}/${key}`, {
      method: 'PATCH',
      headers,
      body: JSON.stringify({ state: 'approved' }),
    });
    expect(approved.status).toBe(422);
    expect(JSON.stringify(await approved.json())).toMatch(/STATE of EEXPENSES/);
    const noLines = await fetch(base, { method: 'POST', headers, body: JSON.stringify({ ...body, lines: undefined }) });
    expect(noLines.status).toBe(422);
    const unknown = await fetch(base, {
      method: 'POST',
      headers,
      body: JSON.stringify({ ...body, lines: [{ glAccount: { id: account }, txnAmount: '1', nope: 1 }] }),
    });
    expect(unknown.status).toBe(422);
    expect(JSON.stringify(await unknown.json())).toMatch(/nope is not a field/);
    expect((await fetch(`${base}/${key}`, { method: 'DELETE', headers })).status).toBe(204);
    expect(await query(g, 'EEXPENSESITEM', ['RECORDNO'], 'RECORDKEY', key)).toEqual([]);
  });
});
