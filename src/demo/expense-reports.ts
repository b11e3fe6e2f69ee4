// Employee expenses: the company's expense types (EEACCOUNTLABEL), its employees' expense reports (EEXPENSES) with
// lines (EEXPENSESITEM) on those types that add up to each report's totals, and adjustments of some reports
// (EXPENSEADJUSTMENTS with EXPENSEADJUSTMENTSITEM lines).

import { dayOf, isoDate } from './calendar.ts';
import type { DemoContext } from './demo-context.ts';
import { documentDay, LAST_DAY, laterDay, LineDimensions } from './documents.ts';
import type { Random } from './random.ts';
import { ENTITY, type DemoRecord, micros, money } from './record-writer.ts';

/** An expense type: its label, what it is for, the GL account it posts to, and a per-unit rate for mileage. */
type ExpenseType = readonly [label: string, description: string, account: string, rate?: number];

/** The reference's example types (Travel-Hotel, General Travel, Meals) with the demo charts' accounts. */
const TYPES: Record<'demo' | 'demo2', readonly ExpenseType[]> = {
  demo: [
    ['Travel-Hotel', 'Hotel stays', '6400'],
    ['General Travel', 'Airfare, rail and taxis', '6400'],
    ['Meals', 'Meals while travelling', '6410'],
    ['Mileage', 'Personal car use, per mile', '6400', 0.67],
    ['Office Supplies', 'Supplies bought for the office', '6300'],
    ['Phone and Internet', 'Mobile and home internet', '6220'],
    ['Software', 'Apps and subscriptions', '6310'],
  ],
  demo2: [
    ['Travel-Hotel', 'Hotel stays', '7400'],
    ['General Travel', 'Rail, air and taxis', '7400'],
    ['Subsistence', 'Meals while travelling', '7400'],
    ['Mileage', 'Business miles, per mile', '7300', 0.45],
    ['Stationery', 'Printing and stationery', '7500'],
  ],
};

const PAID_TO = ['Marriott', 'Hilton', 'Delta Air Lines', 'Uber', 'Staples', 'Verizon', 'Amazon', 'Hertz', 'Pret'];
const PAID_FOR = ['Client visit', 'Conference', 'Team offsite', 'Sales trip', 'Training', 'Site survey'];

const STATES: readonly (readonly [string, number])[] = [
  ['Paid', 40],
  ['Approved', 14],
  ['Submitted', 14],
  ['Draft', 8],
  ['Partially Paid', 8],
  ['Declined', 6],
  ['Reversed', 4],
  ['Partially Approved', 3],
  ['Selected', 3],
];

function typesOf(ctx: DemoContext): readonly ExpenseType[] {
  return TYPES[ctx.plan.tag === 'demo' ? 'demo' : 'demo2'];
}

/** One EEACCOUNTLABEL per expense type: lines name them by label, and the write path reads their account. */
function addExpenseTypes(ctx: DemoContext): void {
  for (const [label, description, account] of typesOf(ctx)) {
    ctx.add('EEACCOUNTLABEL', {
      RECORDNO: ctx.nextKey('EEACCOUNTLABEL'),
      ACCOUNTLABEL: label,
      DESCRIPTION: description,
      GLACCOUNTNO: account,
      OFFSETGLACCOUNTNO: null,
      STATUS: 'active',
    });
  }
}

/** `total` cents split over `parts` in proportion to `weights`, the remainder on the last part. */
function shares(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const out = weights.map((w) => (sum === 0 ? 0 : Math.floor((total * w) / sum)));
  out[out.length - 1]! += total - out.reduce((a, b) => a + b, 0);
  return out;
}

/** A report's lines: one to four expenses on the company's types, mileage as quantity × rate. */
function lineAmounts(rng: Random, types: readonly ExpenseType[]): { type: ExpenseType; cents: number; qty?: number }[] {
  const n = rng.weighted([
    [1, 4],
    [2, 4],
    [3, 2],
    [4, 1],
  ] as const);
  return Array.from({ length: n }, () => {
    const type = rng.pick(types);
    if (type[3] === undefined) return { type, cents: rng.int(800, 65_000) };
    const qty = rng.int(12, 420);
    return { type, cents: Math.round(qty * type[3] * 100), qty };
  });
}

export function addExpenseReports(ctx: DemoContext): void {
  addExpenseTypes(ctx);
  const rng = ctx.rng.fork('expense-reports');
  const dims = new LineDimensions(ctx, ['expense']);
  const types = typesOf(ctx);
  const employees = ctx.rows('EMPLOYEE');
  for (let i = 0; i < ctx.plan.counts.employees * 3; i++) {
    const employee = rng.pick(employees);
    const entity = (employee[ENTITY] as string | null | undefined) ?? ctx.pickEntity(rng);
    const day = documentDay(rng);
    const state = rng.weighted(STATES);
    const lines = lineAmounts(rng, types);
    const total = lines.reduce((a, l) => a + l.cents, 0);
    const paid =
      state === 'Paid' ? total : state === 'Partially Paid' ? Math.floor(total * (rng.int(20, 80) / 100)) : 0;
    const settled = state === 'Reversed' || state === 'Declined';
    const due = settled ? 0 : total - paid;
    const posted = !['Draft', 'Submitted', 'Declined', 'Partially Approved'].includes(state);
    const paidDay = state === 'Paid' ? laterDay(rng, day, 5, 40) : null;
    const currency = ctx.currencyOf(entity);
    const header = ctx.add('EEXPENSES', {
      RECORDNO: ctx.nextKey('EEXPENSES', 501),
      [ENTITY]: entity,
      RECORDID: `EXP-${String(i + 1).padStart(5, '0')}`,
      EMPLOYEEID: employee.EMPLOYEEID,
      WHENCREATED: isoDate(day),
      WHENPOSTED: posted ? isoDate(laterDay(rng, day, 0, 10)) : null,
      PRBATCHKEY: null,
      STATE: state,
      DESCRIPTION: rng.pick(PAID_FOR),
      MEMO: rng.chance(0.3) ? 'Receipts attached' : null,
      BASECURR: currency,
      CURRENCY: currency,
      SUPDOCID: rng.chance(0.2) ? `RCPT-${rng.int(1000, 9999)}` : null,
      WHENPAID: paidDay === null ? null : isoDate(paidDay),
      TOTALENTERED: money(total),
      TOTALPAID: money(paid),
      TOTALSELECTED: money(state === 'Selected' ? total : 0),
      TOTALDUE: money(due),
      TRX_TOTALENTERED: money(total),
      TRX_TOTALPAID: money(paid),
      TRX_TOTALSELECTED: money(state === 'Selected' ? total : 0),
      TRX_TOTALDUE: money(due),
      NR_TOTALENTERED: money(0),
      NR_TRX_TOTALENTERED: money(0),
      ...ctx.transactionAudit(rng, day, paidDay ?? laterDay(rng, day, 0, 5)),
    });
    const linePaid = shares(
      paid,
      lines.map((l) => l.cents),
    );
    lines.forEach((l, n) => {
      addLine(ctx, rng, dims, header, day, l, n, linePaid[n]!);
    });
  }
  addAdjustments(ctx);
}

const ADJUSTMENT_STATES: readonly (readonly [string, number])[] = [
  ['Paid', 5],
  ['Approved', 3],
  ['Submitted', 3],
  ['Draft', 1],
];

/** An adjustment of every fourth report: one line correcting what is due to the report's employee. */
function addAdjustments(ctx: DemoContext): void {
  const rng = ctx.rng.fork('expense-adjustments');
  const dims = new LineDimensions(ctx, ['expense']);
  const types = typesOf(ctx);
  ctx.rows('EEXPENSES').forEach((report, i) => {
    if (i % 4 !== 0) return;
    const entity = (report[ENTITY] as string | null) ?? null;
    const day = Math.min(dayOf(String(report.WHENCREATED)) + rng.int(5, 30), LAST_DAY);
    const state = rng.weighted(ADJUSTMENT_STATES);
    const [line] = lineAmounts(rng, types);
    const cents = Math.max(100, Math.round(line!.cents / 4));
    const paid = state === 'Paid' ? cents : 0;
    const header = ctx.add('EXPENSEADJUSTMENTS', {
      RECORDNO: ctx.nextKey('EXPENSEADJUSTMENTS', 801),
      [ENTITY]: entity,
      RECORDID: `ADJ-${String(i / 4 + 1).padStart(4, '0')}`,
      DOCNUMBER: report.RECORDID,
      EMPLOYEEID: report.EMPLOYEEID,
      WHENCREATED: isoDate(day),
      WHENPOSTED: state === 'Paid' || state === 'Approved' ? isoDate(day) : null,
      PRBATCHKEY: null,
      STATE: state,
      DESCRIPTION: `Correction to ${report.RECORDID}`,
      MEMO: null,
      BASECURR: report.BASECURR,
      CURRENCY: report.CURRENCY,
      SUPDOCID: null,
      WHENPAID: state === 'Paid' ? isoDate(laterDay(rng, day, 3, 20)) : null,
      TOTALENTERED: money(cents),
      TOTALPAID: money(paid),
      TOTALSELECTED: money(0),
      TOTALDUE: money(cents - paid),
      TRX_TOTALENTERED: money(cents),
      TRX_TOTALPAID: money(paid),
      TRX_TOTALSELECTED: money(0),
      TRX_TOTALDUE: money(cents - paid),
      NR_TOTALENTERED: money(0),
      NR_TRX_TOTALENTERED: money(0),
      ...ctx.transactionAudit(rng, day, laterDay(rng, day, 0, 5)),
    });
    const d = dims.pick(rng, entity, { project: 0.1, customer: 0, employee: 0, item: 0 });
    const [label, , account] = line!.type;
    ctx.add('EXPENSEADJUSTMENTSITEM', {
      RECORDNO: ctx.nextKey('EXPENSEADJUSTMENTSITEM'),
      [ENTITY]: entity,
      RECORDKEY: header.RECORDNO,
      LINE_NO: 1,
      ACCOUNTNO: account,
      ACCOUNTLABEL: label,
      ENTRY_DATE: isoDate(day),
      AMOUNT: money(cents),
      TRX_AMOUNT: money(cents),
      CURRENCY: header.CURRENCY,
      DESCRIPTION: 'Underpaid on the report',
      QUANTITY: null,
      UNITRATE: null,
      EXPPMTTYPE: null,
      BILLABLE: false,
      BILLED: false,
      TOTALPAID: money(paid),
      TOTALSELECTED: money(0),
      ...dimensionsAndAudit(header, d),
    });
  });
}

/** A line's dimensions (the employee's own on every line, as the reference's example does) and its header's audit. */
function dimensionsAndAudit(header: DemoRecord, d: DemoRecord): DemoRecord {
  return {
    DEPARTMENTID: d.DEPARTMENTID,
    LOCATIONID: d.LOCATIONID,
    PROJECTID: d.PROJECTID,
    TASKID: null,
    COSTTYPEID: null,
    CUSTOMERID: d.CUSTOMERID,
    VENDORID: null,
    EMPLOYEEID: header.EMPLOYEEID,
    ITEMID: null,
    CLASSID: d.CLASSID,
    CONTRACTID: null,
    WAREHOUSEID: null,
    WHENCREATED: header.AUWHENCREATED,
    WHENMODIFIED: header.WHENMODIFIED,
    CREATEDBY: header.CREATEDBY,
    MODIFIEDBY: header.MODIFIEDBY,
  };
}

function addLine(
  ctx: DemoContext,
  rng: Random,
  dims: LineDimensions,
  header: DemoRecord,
  day: number,
  line: { type: ExpenseType; cents: number; qty?: number },
  n: number,
  paid: number,
): void {
  const entity = (header[ENTITY] as string | null) ?? null;
  const d = dims.pick(rng, entity, { project: 0.2, customer: 0.1, employee: 0, item: 0 });
  const [label, , account, rate] = line.type;
  ctx.add('EEXPENSESITEM', {
    RECORDNO: ctx.nextKey('EEXPENSESITEM'),
    [ENTITY]: entity,
    RECORDKEY: header.RECORDNO,
    LINE_NO: n + 1,
    ACCOUNTNO: account,
    ACCOUNTLABEL: label,
    ENTRY_DATE: isoDate(day - rng.int(0, 6)),
    AMOUNT: money(line.cents),
    TRX_AMOUNT: money(line.cents),
    CURRENCY: header.CURRENCY,
    DESCRIPTION: rng.pick(PAID_TO),
    DESCRIPTION2: header.DESCRIPTION,
    QUANTITY: line.qty === undefined ? null : micros(line.qty * 1_000_000),
    UNITRATE: rate === undefined ? null : micros(Math.round(rate * 1_000_000)),
    EXPPMTTYPE: null,
    FORM1099: null,
    FORM1099TYPE: null,
    FORM1099BOX: null,
    BILLABLE: d.CUSTOMERID !== null && rng.chance(0.5),
    BILLED: false,
    TOTALPAID: money(paid),
    TOTALSELECTED: money(header.STATE === 'Selected' ? line.cents : 0),
    ...dimensionsAndAudit(header, d),
  });
}
