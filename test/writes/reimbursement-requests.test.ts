// Reimbursement requests: Intacct's legacy create_reimbursementrequest ("Create Reimbursement Request (Legacy)"), as
// the official SDK's ReimbursementRequestCreate and ReimbursementRequestItem send it
// (node_modules/@intacct/intacct-sdk/dist/Functions/EmployeeExpense: bankaccountid, employeeid, memo, paymentmethod,
// paymentdate split into year/month/day, paymentoption, eppaymentrequestitems of key/paymentamount/credittoapply,
// documentnumber, paymentdescription (the SDK's memo again), paymentcontact), and as the reference's own example
// (russellkt/intacct-mcp-server docs/employee-expenses-reimbursements.md). The request is an EPPAYMENTREQUEST read back
// through query, read and readByQuery (the reference's query example selects RECORDNO, PAYMENTAMOUNT, EMPLOYEEID); the
// expense reports it pays are read back the same way and through REST GET expenses/employee-expense/{key}.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../support/databases.ts';
import { gatewayDatabase, IA, type Gateway, startGateway } from '../xml/support/gateway-harness.ts';
import {
  catalog,
  execute,
  expectWriteRefused,
  first,
  postFunction,
  query,
  readAlike,
  restGet,
  restMismatches,
  restToken,
  type Rec,
} from './write-harness.ts';

const EE = IA.Functions.EmployeeExpense;
const REQUEST = [
  'RECORDNO',
  'EMPLOYEEID',
  'PAYMENTAMOUNT',
  'FINANCIALENTITY',
  'PAYMENTMETHOD',
  'PAYMENTDATE',
  'PAYMENTOPTION',
  'DESCRIPTION',
  'PAYMENTDESCRIPTION',
  'DOCNUMBER',
  'PAYMENTCONTACT',
  'STATE',
  'WHENCREATED',
  'MEGAENTITYID',
];
const REPORT = [
  'RECORDNO',
  'EMPLOYEEID',
  'STATE',
  'TOTALENTERED',
  'TOTALPAID',
  'TOTALDUE',
  'TRX_TOTALPAID',
  'WHENPAID',
];
// The demo company's checking accounts (src/demo/cash-management.ts): the US's and the UK's.
const US_BANK = 'BOA-CHK-1000';
const UK_BANK = 'BARCLAYS-GBP-1050';

describe.each(BACKENDS)('reimbursement requests (create_reimbursementrequest) on %s', (backend) => {
  const { url, cleanup } = gatewayDatabase(backend);
  let g: Gateway;
  let token: string;
  let employee: string;
  let other: string;
  let account: string;
  beforeAll(async () => {
    g = await startGateway(url);
    token = await restToken(g);
    const employees = await query(g, 'EMPLOYEE', ['EMPLOYEEID'], 'STATUS', 'active', 2);
    employee = employees[0]!.EMPLOYEEID!;
    other = employees[1]!.EMPLOYEEID!;
    account = (await first(g, 'GLACCOUNT', ['ACCOUNTNO'])).ACCOUNTNO!;
  });
  afterAll(async () => {
    await g?.close();
    await cleanup();
  });

  /** A new Submitted report of `amounts` for the employee, through the SDK's ExpenseReportCreate; its RECORDNO. */
  async function newReport(amounts: number[], of = employee, action?: string): Promise<string> {
    const create = Object.assign(new EE.ExpenseReportCreate(), {
      employeeId: of,
      transactionDate: new Date(2026, 10, 3),
      ...(action ? { action } : {}),
      lines: amounts.map((a) =>
        Object.assign(new EE.ExpenseReportLineCreate(), { glAccountNumber: account, reimbursementAmount: a }),
      ),
    });
    return (await execute(g, create)).key!;
  }

  /** The report as query sees it, equal through read, readByQuery and REST GET employee-expense/{key}. */
  async function report(recordNo: string): Promise<Rec> {
    const row = await readAlike(g, 'EEXPENSES', REPORT, recordNo);
    const o = catalog.require('EEXPENSES');
    const { WHENPAID: _paid, ...others } = row;
    expect(restMismatches(o, others, (await restGet(g, o, recordNo, token))!)).toEqual([]);
    return row;
  }
  const request = (key: string) => readAlike(g, 'EPPAYMENTREQUEST', REQUEST, key);
  const requestCount = async () =>
    (await query(g, 'EPPAYMENTREQUEST', ['RECORDNO'], undefined, undefined, 2000)).length;

  const item = (key: string, amount: number) =>
    Object.assign(new EE.ReimbursementRequestItem(), { applyToRecordId: Number(key), amountToApply: amount });

  it('ReimbursementRequestCreate: a Requested EPPAYMENTREQUEST of the items’ sum, paying each report as a bill', async () => {
    const a = await newReport([100, 50]);
    const b = await newReport([40]);
    const create = Object.assign(new EE.ReimbursementRequestCreate(), {
      bankAccountId: US_BANK,
      employeeId: employee,
      memo: 'November travel',
      paymentMethod: 'Printed Check',
      paymentDate: new Date(2026, 11, 4),
      mergeOption: 'employeepref',
      documentNo: 'RR-1',
      notificationContactName: 'Payroll',
      applyToTransactions: [item(a, 100), item(b, 40)],
    });
    const key = (await execute(g, create)).key!;
    expect(await request(key)).toMatchObject({
      RECORDNO: key,
      EMPLOYEEID: employee,
      PAYMENTAMOUNT: '140.00',
      FINANCIALENTITY: US_BANK,
      PAYMENTMETHOD: 'Printed Check',
      PAYMENTDATE: '12/04/2026',
      PAYMENTOPTION: 'employeepref',
      // The SDK writes its memo into both memo and paymentdescription.
      DESCRIPTION: 'November travel',
      PAYMENTDESCRIPTION: 'November travel',
      DOCNUMBER: 'RR-1',
      PAYMENTCONTACT: 'Payroll',
      STATE: 'Requested',
    });
    // WHENCREATED is the day the request was written (its audit date), not its payment date.
    expect((await request(key)).WHENCREATED).toMatch(/^\d\d\/\d\d\/\d{4}$/);
    expect(await report(a)).toMatchObject({ STATE: 'Partially Paid', TOTALPAID: '100', TOTALDUE: '50' });
    expect((await report(a)).WHENPAID ?? '').toBe('');
    expect(await report(b)).toMatchObject({ STATE: 'Paid', TOTALPAID: '40', TOTALDUE: '0', WHENPAID: '12/04/2026' });

    // A second request pays the rest; then nothing is left to pay.
    const rest = Object.assign(new EE.ReimbursementRequestCreate(), {
      bankAccountId: US_BANK,
      employeeId: employee,
      paymentMethod: 'EFT',
      paymentDate: new Date(2026, 11, 5),
      applyToTransactions: [item(a, 50)],
    });
    const key2 = (await execute(g, rest)).key!;
    // paymentoption defaults to employee (the reference: "Default: employee").
    expect(await request(key2)).toMatchObject({
      PAYMENTAMOUNT: '50.00',
      PAYMENTMETHOD: 'EFT',
      PAYMENTOPTION: 'employee',
    });
    expect(await report(a)).toMatchObject({ STATE: 'Paid', TOTALPAID: '150', TOTALDUE: '0', WHENPAID: '12/05/2026' });
    await expectWriteRefused(execute(g, rest), /Paid and cannot be reimbursed/);
  });

  it("the reference's example as raw XML, on the demo's bank account, employee and a new report", async () => {
    const r206 = await newReport([120]);
    const fn =
      `<create_reimbursementrequest><bankaccountid>${US_BANK}</bankaccountid><employeeid>${employee}</employeeid>` +
      '<memo>Test Memo</memo><paymentmethod>Printed Check</paymentmethod>' +
      '<paymentdate><year>2016</year><month>11</month><day>22</day></paymentdate>' +
      '<paymentoption>employeepref</paymentoption><eppaymentrequestitems><eppaymentrequestitem>' +
      `<key>${r206}</key><paymentamount>100.99</paymentamount><credittoapply></credittoapply>` +
      '</eppaymentrequestitem></eppaymentrequestitems><documentnumber>12345</documentnumber>' +
      '<paymentdescription>Test Desc</paymentdescription><paymentcontact></paymentcontact></create_reimbursementrequest>';
    const r = await postFunction(g, fn);
    expect(r.status, r.errors.join(' ')).toBe('success');
    expect(r.body).toMatch(new RegExp(`<key>${r.key}</key>`));
    const row = await request(r.key);
    expect(row).toMatchObject({
      PAYMENTAMOUNT: '100.99',
      DESCRIPTION: 'Test Memo',
      PAYMENTDESCRIPTION: 'Test Desc',
      DOCNUMBER: '12345',
      PAYMENTDATE: '11/22/2016',
    });
    // An empty element is not given.
    expect(row.PAYMENTCONTACT ?? '').toBe('');
    expect(await report(r206)).toMatchObject({ STATE: 'Partially Paid', TOTALPAID: '100.99', TOTALDUE: '19.01' });
    // The reference's query example.
    const [listed] = await query(g, 'EPPAYMENTREQUEST', ['RECORDNO', 'PAYMENTAMOUNT', 'EMPLOYEEID'], 'RECORDNO', r.key);
    expect(listed).toEqual({ RECORDNO: r.key, PAYMENTAMOUNT: '100.99', EMPLOYEEID: employee });
  });

  it("a request is its bank account's and reports' entity's, never two entities'", async () => {
    // An employee whose reports are the UK's (src/demo/expense-reports.ts: a report is its employee's entity's).
    const uk = (await first(g, 'EEXPENSES', ['EMPLOYEEID'], 'MEGAENTITYID', 'UK')).EMPLOYEEID!;
    const ukReport = await newReport([25], uk);
    const send = (bank: string) =>
      postFunction(
        g,
        `<create_reimbursementrequest><bankaccountid>${bank}</bankaccountid><employeeid>${uk}</employeeid>` +
          '<paymentmethod>Cash</paymentmethod><paymentdate><year>2026</year><month>12</month><day>2</day></paymentdate>' +
          `<eppaymentrequestitems><eppaymentrequestitem><key>${ukReport}</key><paymentamount>25</paymentamount>` +
          '</eppaymentrequestitem></eppaymentrequestitems></create_reimbursementrequest>',
      );
    const wrong = await send(US_BANK);
    expect(wrong.status).toBe('failure');
    expect(wrong.errors.join(' ')).toMatch(/entities US and UK/);
    expect(await report(ukReport)).toMatchObject({ STATE: 'Submitted', TOTALPAID: '0' });
    const right = await send(UK_BANK);
    expect(right.status, right.errors.join(' ')).toBe('success');
    expect(await request(right.key)).toMatchObject({ MEGAENTITYID: 'UK', FINANCIALENTITY: UK_BANK });
    expect(await report(ukReport)).toMatchObject({ STATE: 'Paid', TOTALDUE: '0' });
  });

  it('refuses what the reference does not take, naming it; a refused request changes nothing', async () => {
    const mine = await newReport([30]);
    const theirs = await newReport([30], other);
    const draft = await newReport([30], employee, 'Draft');
    const send = (items: string, header = '', method = 'Printed Check', bank = US_BANK, who = employee) =>
      postFunction(
        g,
        `<create_reimbursementrequest><bankaccountid>${bank}</bankaccountid><employeeid>${who}</employeeid>` +
          `<paymentmethod>${method}</paymentmethod><paymentdate><year>2026</year><month>12</month><day>1</day></paymentdate>` +
          `${header}<eppaymentrequestitems>${items}</eppaymentrequestitems></create_reimbursementrequest>`,
      );
    const pay = (key: string, amount = '10', extra = '') =>
      `<eppaymentrequestitem><key>${key}</key><paymentamount>${amount}</paymentamount>${extra}</eppaymentrequestitem>`;
    const before = await requestCount();
    const cases: [Promise<{ status: string; errors: string[] }>, RegExp][] = [
      [send(pay(mine), '<nosuchthing>1</nosuchthing>'), /nosuchthing is not a field of create_reimbursementrequest/],
      [send(pay(mine, '10', '<vendorid>V1</vendorid>')), /vendorid is not a field of eppaymentrequestitem/],
      [send(`<payitem><key>${mine}</key></payitem>`), /payitem is not an item of eppaymentrequestitems/],
      [send(''), /at least one eppaymentrequestitem/],
      [send(pay(mine), '', 'Credit'), /paymentmethod .*"Credit"; use Printed Check, Cash, EFT, ACH/],
      [send(pay(mine), '', ''), /Required element paymentmethod/],
      [send(pay(mine), '<paymentoption>weekly</paymentoption>'), /paymentoption .*"weekly"/],
      [send(pay(mine), '', 'Cash', 'NO-SUCH-BANK'), /no CHECKINGACCOUNT or SAVINGSACCOUNT with BANKACCOUNTID/],
      [send(pay(mine), '', 'Cash', US_BANK, 'NO-SUCH-EMP'), /no EMPLOYEE with EMPLOYEEID 'NO-SUCH-EMP'/],
      [send(pay(theirs)), new RegExp(`no EEXPENSES with that RECORDNO for employee ${employee}`)],
      [send(pay(draft)), /Draft and cannot be reimbursed/],
      [send(pay(mine, '30.01')), /more than its amount due \(30.00\)/],
      [send(pay(mine, '0')), /paymentamount of eppaymentrequestitem 1: 0.00 must be more than zero/],
      [send(pay(mine, 'ten')), /"ten" is not an amount/],
      [send(pay(mine, '10', '<credittoapply>-1</credittoapply>')), /credittoapply .* must be zero or more/],
      [send(`<eppaymentrequestitem><paymentamount>1</paymentamount></eppaymentrequestitem>`), /Required element key/],
      [send(pay(mine) + pay(mine)), /named by more than one eppaymentrequestitem/],
      // The first item is valid and would pay; the second is refused, so the first's payment is rolled back too.
      [send(pay(mine) + pay(draft)), /Draft and cannot be reimbursed/],
      // A bare EPPAYMENTREQUEST would pay nothing: the generic create is refused, naming the function to use.
      [
        postFunction(
          g,
          `<create><EPPAYMENTREQUEST><EMPLOYEEID>${employee}</EMPLOYEEID><PAYMENTAMOUNT>5</PAYMENTAMOUNT></EPPAYMENTREQUEST></create>`,
        ),
        /written with the expense reports it pays \(create_reimbursementrequest/,
      ],
    ];
    for (const [sent, message] of cases) {
      const r = await sent;
      expect(r.status).toBe('failure');
      expect(r.errors.join(' ')).toMatch(message);
    }
    expect(await requestCount()).toBe(before);
    expect(await report(mine)).toMatchObject({ STATE: 'Submitted', TOTALPAID: '0', TOTALDUE: '30' });
  });
});
