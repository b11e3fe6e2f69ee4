// Legacy expense report and adjustment functions the SDK's ExpenseReport and ExpenseAdjustment classes send
// (create_/update_/reverse_/delete_expensereport, create_/update_/delete_expenseadjustmentreport), on the document
// path bills take: lower-case elements, split dates, `expense` / `expenseadjustment` lines.

import { LedgerqError } from '../../errors.ts';
import { reverseDocument } from '../../writes/documents.ts';
import { documentTotals } from '../../writes/payment-applications.ts';
import { deleteRecord, resolveRecordNo } from '../../writes/write-record.ts';
import type { FunctionContext, FunctionOutcome } from './function-context.ts';
import { legacyWriter, writeFailed } from './write-functions.ts';
import { createLegacyDocument, keyAttr, type LegacyElements, updateLegacyDocument } from './write-legacy-documents.ts';
import type { XmlElement } from './xml-tree.ts';
import { textEl } from './xml-writer.ts';

const words = (s: string): ReadonlySet<string> => new Set(s.split(/\s+/).filter(Boolean));

/** create_expensereport / update_expensereport header elements → EEXPENSES fields. */
const HEADER_FIELDS: Readonly<Record<string, string>> = {
  employeeid: 'EMPLOYEEID',
  datecreated: 'WHENCREATED',
  dateposted: 'WHENPOSTED',
  batchkey: 'PRBATCHKEY',
  expensereportno: 'RECORDID',
  state: 'STATE',
  description: 'DESCRIPTION',
  memo: 'MEMO',
  basecurr: 'BASECURR',
  currency: 'CURRENCY',
  supdocid: 'SUPDOCID',
};

/** expense / updateexpense elements → EEXPENSESITEM fields. */
const LINE_FIELDS: Readonly<Record<string, string>> = {
  expensetype: 'ACCOUNTLABEL',
  glaccountno: 'ACCOUNTNO',
  amount: 'TRX_AMOUNT',
  currency: 'CURRENCY',
  expensedate: 'ENTRY_DATE',
  memo: 'DESCRIPTION',
  paidfor: 'DESCRIPTION2',
  form1099: 'FORM1099',
  form1099type: 'FORM1099TYPE',
  form1099box: 'FORM1099BOX',
  locationid: 'LOCATIONID',
  departmentid: 'DEPARTMENTID',
  projectid: 'PROJECTID',
  taskid: 'TASKID',
  costtypeid: 'COSTTYPEID',
  customerid: 'CUSTOMERID',
  vendorid: 'VENDORID',
  employeeid: 'EMPLOYEEID',
  itemid: 'ITEMID',
  classid: 'CLASSID',
  contractid: 'CONTRACTID',
  warehouseid: 'WAREHOUSEID',
  billable: 'BILLABLE',
  exppmttype: 'EXPPMTTYPE',
  quantity: 'QUANTITY',
  rate: 'UNITRATE',
};

/**
 * An expense line's elements: the `expense` and `updateexpense` tables of Intacct's expense reports reference
 * (russellkt/intacct-mcp-server docs/employee-expenses-expense-reports.md; the SDK's ExpenseReportLineCreate writes a
 * subset). Multi-currency (`trx_amount`, `exchratedate`, `exchratetype`, `exchrate`), inclusive-tax totals, tax
 * entries and custom fields are accepted and not kept; any other element is refused by name.
 */
const EXPENSE = words(`expensetype glaccountno amount currency trx_amount exchratedate exchratetype exchrate expensedate
  memo form1099 form1099type form1099box paidfor locationid departmentid customfields projectid taskid costtypeid
  customerid vendorid employeeid itemid classid contractid warehouseid billable exppmttype quantity rate totaltrxamount
  taxentries`);

const CREATE: LegacyElements = {
  header: words(`employeeid datecreated dateposted batchkey expensereportno state description memo externalid basecurr
    currency customfields expenses supdocid inclusivetax taxsolutionid`),
  items: 'expenses',
  lines: { expense: EXPENSE },
  headerNames: HEADER_FIELDS,
  lineNames: LINE_FIELDS,
};

const UPDATE: LegacyElements = {
  header: words(`employeeid datecreated dateposted expensereportno state description memo basecurr currency
    customfields updateexpenses supdocid inclusivetax`),
  items: 'updateexpenses',
  lines: { updateexpense: EXPENSE, expense: EXPENSE },
  updateLine: 'updateexpense',
  headerNames: HEADER_FIELDS,
  lineNames: LINE_FIELDS,
};

/** create_expenseadjustmentreport / update_expenseadjustmentreport header elements → EXPENSEADJUSTMENTS fields. */
const ADJUSTMENT_FIELDS: Readonly<Record<string, string>> = {
  ...Object.fromEntries(Object.entries(HEADER_FIELDS).filter(([k]) => k !== 'expensereportno' && k !== 'state')),
  adjustmentno: 'RECORDID',
  docnumber: 'DOCNUMBER',
};

/**
 * An adjustment line's elements: the `expenseadjustment` and `updateexpenseadjustment` tables of Intacct's expense
 * adjustments reference (russellkt/intacct-mcp-server docs/employee-expenses-expense-adjustments.md): an expense
 * line's without the 1099 details and `paidfor`.
 */
const ADJUSTMENT = new Set(
  [...EXPENSE].filter((e) => !['form1099', 'form1099type', 'form1099box', 'paidfor'].includes(e)),
);

const CREATE_ADJUSTMENT: LegacyElements = {
  header: words(`employeeid datecreated dateposted batchkey adjustmentno docnumber description basecurr currency
    expenseadjustments supdocid inclusivetax taxsolutionid`),
  items: 'expenseadjustments',
  lines: { expenseadjustment: ADJUSTMENT },
  headerNames: ADJUSTMENT_FIELDS,
  lineNames: LINE_FIELDS,
};

const UPDATE_ADJUSTMENT: LegacyElements = {
  header: words(`employeeid datecreated adjustmentno docnumber description basecurr currency updateexpenseadjustments
    supdocid inclusivetax`),
  items: 'updateexpenseadjustments',
  lines: { updateexpenseadjustment: ADJUSTMENT, expenseadjustment: ADJUSTMENT },
  updateLine: 'updateexpenseadjustment',
  headerNames: ADJUSTMENT_FIELDS,
  lineNames: LINE_FIELDS,
};

/** create_expenseadjustmentreport (the SDK's ExpenseAdjustmentCreate): an adjustment with its lines, Submitted. */
export function runCreateExpenseAdjustment(ctx: FunctionContext, element: XmlElement): Promise<FunctionOutcome> {
  return createLegacyDocument(ctx, element, 'EXPENSEADJUSTMENTS', 'EXPENSEADJUSTMENTSITEM', CREATE_ADJUSTMENT);
}

/** update_expenseadjustmentreport key="N": header elements, `updateexpenseadjustment line_num="N"` and new lines. */
export function runUpdateExpenseAdjustment(ctx: FunctionContext, element: XmlElement): Promise<FunctionOutcome> {
  return updateLegacyDocument(ctx, element, 'EXPENSEADJUSTMENTS', 'EXPENSEADJUSTMENTSITEM', UPDATE_ADJUSTMENT);
}

/** create_expensereport (the SDK's ExpenseReportCreate): a report with its `<expenses><expense>` lines. */
export function runCreateExpenseReport(ctx: FunctionContext, element: XmlElement): Promise<FunctionOutcome> {
  return createLegacyDocument(ctx, element, 'EEXPENSES', 'EEXPENSESITEM', CREATE);
}

/**
 * update_expensereport key="N": header elements and `<updateexpenses>` with `<updateexpense line_num="N">` (changes
 * line N) and `<expense>` (adds one). An updateexpense "can use [expensetype] or glaccountno but not both" (the
 * reference), so one naming both is refused.
 */
export function runUpdateExpenseReport(ctx: FunctionContext, element: XmlElement): Promise<FunctionOutcome> {
  for (const l of element.children.find((c) => c.name === 'updateexpenses')?.children ?? []) {
    const named = new Set(l.children.filter((c) => c.text.trim() !== '').map((c) => c.name));
    if (l.name === 'updateexpense' && named.has('expensetype') && named.has('glaccountno'))
      throw writeFailed(
        'update',
        'EEXPENSES',
        new LedgerqError(
          'write.invalid-value',
          'updateexpense takes expensetype or glaccountno, not both (Intacct: "Can use this or glaccountno but not both")',
          { object: 'EEXPENSESITEM', field: 'glaccountno' },
        ),
      );
  }
  return updateLegacyDocument(ctx, element, 'EEXPENSES', 'EEXPENSESITEM', UPDATE);
}

/**
 * reverse_expensereport key="N" (the SDK's ExpenseReportReverse): `datereversed` (required by the function schema) and
 * `description` are accepted, not kept; the report stays, Reversed, nothing due. A Draft has posted nothing to
 * reverse and is refused (the REST reverse action takes posted, paid, approved and selected reports only; ledgerq's
 * written reports stay Submitted, which it lets through, since it models no approval).
 */
export async function runReverseExpenseReport(ctx: FunctionContext, element: XmlElement): Promise<FunctionOutcome> {
  const o = ctx.catalog.require('EEXPENSES');
  try {
    const w = legacyWriter(ctx);
    const ref = { by: 'key', value: keyAttr(o, element) } as const;
    const before = await documentTotals(w, o, await resolveRecordNo(w, o, ref));
    if (before?.state === 'Draft')
      throw new LedgerqError('write.invalid-value', `EEXPENSES ${ref.value} is a Draft and cannot be reversed`, {
        object: o.xmlName,
        field: 'STATE',
      });
    const k = await reverseDocument(w, o, ref);
    return { kind: 'data', data: textEl('key', k.recordNo) };
  } catch (e) {
    throw writeFailed('reverse', o, e);
  }
}

/**
 * delete_expensereport / delete_expenseadjustmentreport key="N" (the SDK's ExpenseReportDelete,
 * ExpenseAdjustmentDelete): the document and its lines, by record number.
 */
function deleteByKey(object: string): (ctx: FunctionContext, element: XmlElement) => Promise<FunctionOutcome> {
  return async (ctx, element) => {
    const o = ctx.catalog.require(object);
    try {
      const k = await deleteRecord(legacyWriter(ctx), o, { by: 'key', value: keyAttr(o, element) });
      return { kind: 'data', data: textEl('key', k.recordNo) };
    } catch (e) {
      throw writeFailed('delete', o, e);
    }
  };
}

export const runDeleteExpenseReport = deleteByKey('EEXPENSES');
export const runDeleteExpenseAdjustment = deleteByKey('EXPENSEADJUSTMENTS');
