// Reimbursement requests (Intacct's legacy create_reimbursementrequest, "Create Reimbursement Request (Legacy)"): an
// EPPAYMENTREQUEST for one employee, out of a bank account, applying amounts to the employee's expense reports. Source:
// the reference's parameter tables (russellkt/intacct-mcp-server docs/employee-expenses-reimbursements.md). Each
// amount is paid on its report as an AP payment pays a bill: TOTALPAID rises, TOTALDUE falls, STATE moves to Partially
// Paid or Paid, and the application is kept in lq_payment_application. The request's later approval and printing
// (the EPPAYMENT it becomes) are not modelled.

import { COMPANY_COLUMN, ENTITY_COLUMN, findField, storedColumn } from '../catalog/catalog.ts';
import { decodeValue, type FieldValue } from '../catalog/field-values.ts';
import type { CatalogField, CatalogObject } from '../catalog/types.ts';
import { LedgerqError } from '../errors.ts';
import { ident, join, p, sql } from '../store/sql.ts';
import { bankAccountEntity, entityOfNamed } from './financial-entities.ts';
import { cents, money, recordApplication } from './payment-applications.ts';
import { parseWritten, type RawRecord, type RawValue } from './record-values.ts';
import { createRecord, isBlank, requireWriteRole, type Writer, type WrittenKey } from './write-record.ts';

/** One eppaymentrequestitem; null where it was not given (an empty element is not given). */
export interface ReimbursementItem {
  readonly key: string | null;
  readonly amount: string | null;
  readonly credit: string | null;
}

const OBJECT = 'EPPAYMENTREQUEST';

const refused = (code: 'write.required-field' | 'write.invalid-value', message: string, field: string) =>
  new LedgerqError(code, message, { object: OBJECT, field });

/** An amount element in cents, refused by name when it is not an amount or (`positive`) not more than zero. */
function amountOf(text: string, element: string, n: number, positive: boolean): bigint {
  let c: bigint;
  try {
    c = cents(text);
  } catch {
    throw refused(
      'write.invalid-value',
      `Invalid value for ${element} of eppaymentrequestitem ${n}: ${JSON.stringify(text)} is not an amount`,
      element,
    );
  }
  if (positive ? c <= 0n : c < 0n)
    throw refused(
      'write.invalid-value',
      `Invalid value for ${element} of eppaymentrequestitem ${n}: ${money(c)} must be ${positive ? 'more than zero' : 'zero or more'}`,
      element,
    );
  return c;
}

/** The item's report number and amount in cents; its required elements given, its amounts amounts. */
function checkItem(item: ReimbursementItem, n: number): { report: number; amount: bigint } {
  if (item.key === null)
    throw refused('write.required-field', `Required element key of eppaymentrequestitem ${n} is missing`, 'key');
  if (!/^\d{1,15}$/.test(item.key))
    throw refused(
      'write.invalid-value',
      `Invalid value for key of eppaymentrequestitem ${n}: ${JSON.stringify(item.key)} is not a record number`,
      'key',
    );
  if (item.amount === null)
    throw refused(
      'write.required-field',
      `Required element paymentamount of eppaymentrequestitem ${n} is missing`,
      'paymentamount',
    );
  // A request pays something on each report: the stricter reading (the reference says only "Amount to apply").
  const amount = amountOf(item.amount, 'paymentamount', n, true);
  // credittoapply (the employee's credits applied to the report) is checked as an amount and not kept: expense
  // adjustments carry no credit balance in ledgerq.
  if (item.credit !== null) amountOf(item.credit, 'credittoapply', n, false);
  return { report: Number(item.key), amount };
}

interface ReportTotals {
  readonly employee: string;
  /** The entity the report belongs to (null: the top level, or an object kept for the whole company). */
  readonly entity: string | null;
  readonly state: string;
  readonly entered: bigint;
  readonly paid: bigint;
}

async function reportTotals(w: Writer, report: CatalogObject, recordNo: number): Promise<ReportTotals | null> {
  const col = (name: string) => ident(storedColumn(report, name));
  const rows = await w.db.all<Record<string, unknown>>(sql`SELECT ${col('EMPLOYEEID')} AS employee,
      ${col('STATE')} AS state, ${col('TOTALENTERED')} AS entered, ${col('TOTALPAID')} AS paid,
      ${report.entityScoped ? ident(ENTITY_COLUMN) : sql`NULL`} AS entity
    FROM ${ident(report.table)} WHERE ${ident(COMPANY_COLUMN)} = ${p(w.companyKey)} AND ${col('RECORDNO')} = ${p(recordNo)}`);
  const row = rows[0];
  if (!row) return null;
  const amount = findField(report, 'TOTALPAID')!;
  return {
    employee: String(row.employee ?? ''),
    entity: row.entity === null || row.entity === undefined ? null : String(row.entity),
    state: String(row.state ?? ''),
    entered: cents(decodeValue(amount, row.entered)),
    paid: cents(decodeValue(amount, row.paid)),
  };
}

/** States a report may be reimbursed from: written (ledgerq has no approval of expense reports) or partly paid. */
const PAYABLE = new Set(['Submitted', 'Approved', 'Partially Paid']);

/**
 * Pays `amount` cents of the employee's report `recordNo`: it must be the employee's, Submitted (or Approved or
 * Partially Paid), with that much due. TOTALPAID and TOTALDUE (and their TRX_, one currency) move, STATE becomes
 * Partially Paid or Paid, WHENPAID the payment date once all is paid.
 */
async function payReport(
  w: Writer,
  report: CatalogObject,
  recordNo: number,
  employee: string,
  amount: bigint,
  paidOn: string | null,
): Promise<ReportTotals> {
  const t = await reportTotals(w, report, recordNo);
  const invalid = (code: 'write.missing-reference' | 'write.invalid-value', message: string) =>
    new LedgerqError(code, message, { object: OBJECT, field: 'key' });
  if (!t || t.employee !== employee)
    throw invalid(
      'write.missing-reference',
      `Invalid key '${recordNo}' specified: no EEXPENSES with that RECORDNO for employee ${employee}`,
    );
  if (!PAYABLE.has(t.state))
    throw invalid('write.invalid-value', `EEXPENSES ${recordNo} is ${t.state} and cannot be reimbursed`);
  const paid = t.paid + amount;
  const due = t.entered - paid;
  if (due < 0n)
    throw new LedgerqError(
      'write.invalid-value',
      `Payment amount ${money(amount)} for EEXPENSES ${recordNo} is more than its amount due (${money(t.entered - t.paid)})`,
      { object: OBJECT, field: 'paymentamount' },
    );
  const col = (name: string) => ident(storedColumn(report, name));
  const sets = [
    sql`${col('TOTALPAID')} = ${p(Number(paid))}`,
    sql`${col('TOTALDUE')} = ${p(Number(due))}`,
    sql`${col('TRX_TOTALPAID')} = ${p(Number(paid))}`,
    sql`${col('TRX_TOTALDUE')} = ${p(Number(due))}`,
    sql`${col('STATE')} = ${p(due === 0n ? 'Paid' : 'Partially Paid')}`,
    sql`${col('WHENMODIFIED')} = ${p(w.now)}`,
    sql`${col('WHENPAID')} = ${p(due === 0n ? paidOn : null)}`,
  ];
  await w.db.run(sql`UPDATE ${ident(report.table)} SET ${join(sets, ', ')}
    WHERE ${ident(COMPANY_COLUMN)} = ${p(w.companyKey)} AND ${col('RECORDNO')} = ${p(recordNo)}`);
  return t;
}

/** Whether the company has the employee (EMPLOYEE by EMPLOYEEID). */
async function hasEmployee(w: Writer, id: string): Promise<boolean> {
  const e = w.catalog.require('EMPLOYEE');
  const rows = await w.db.all(sql`SELECT 1 AS x FROM ${ident(e.table)}
    WHERE ${ident(COMPANY_COLUMN)} = ${p(w.companyKey)} AND ${ident(storedColumn(e, 'EMPLOYEEID'))} = ${p(id)}`);
  return rows.length > 0;
}

const field = (o: CatalogObject, name: string): CatalogField => findField(o, name)!;

/**
 * create_reimbursementrequest: the EPPAYMENTREQUEST of `raw` (EMPLOYEEID, FINANCIALENTITY, PAYMENTMETHOD, PAYMENTDATE,
 * PAYMENTOPTION, DESCRIPTION, PAYMENTDESCRIPTION, DOCNUMBER, PAYMENTCONTACT), its PAYMENTAMOUNT the items' sum, STATE
 * Requested, and each item's amount paid on its expense report, all in one transaction.
 */
export async function createReimbursementRequest(
  w: Writer,
  raw: RawRecord,
  items: readonly ReimbursementItem[],
): Promise<WrittenKey> {
  const o = w.catalog.require(OBJECT);
  const report = w.catalog.require('EEXPENSES');
  await requireWriteRole(w);
  const required: [string, string][] = [
    ['FINANCIALENTITY', 'bankaccountid'],
    ['EMPLOYEEID', 'employeeid'],
    ['PAYMENTMETHOD', 'paymentmethod'],
    ['PAYMENTDATE', 'paymentdate'],
  ];
  for (const [name, element] of required)
    if (isBlank(raw.get(field(o, name))))
      throw refused(
        'write.required-field',
        `Required element ${element} of create_reimbursementrequest is missing`,
        element,
      );
  if (items.length === 0)
    throw refused(
      'write.required-field',
      'A reimbursement request needs at least one eppaymentrequestitem',
      'eppaymentrequestitems',
    );
  const applied = items.map((item, i) => checkItem(item, i + 1));
  const twice = applied.find((a, i) => applied.findIndex((b) => b.report === a.report) !== i);
  if (twice)
    throw refused(
      'write.invalid-value',
      `EEXPENSES ${twice.report} is named by more than one eppaymentrequestitem`,
      'key',
    );
  const total = applied.reduce((sum, a) => sum + a.amount, 0n);
  const paidOn = parseWritten(o, field(o, 'PAYMENTDATE'), String(raw.get(field(o, 'PAYMENTDATE'))), w.naming) as
    | string
    | null;
  const employee = String(raw.get(field(o, 'EMPLOYEEID')));
  const header = new Map<CatalogField, RawValue>(raw);
  if (isBlank(raw.get(field(o, 'PAYMENTOPTION')))) header.set(field(o, 'PAYMENTOPTION'), 'employee');
  return w.db.transaction(async (db) => {
    const tx = { ...w, db };
    if (!(await hasEmployee(tx, employee)))
      throw new LedgerqError(
        'write.missing-reference',
        `Invalid EMPLOYEEID '${employee}' specified: no EMPLOYEE with EMPLOYEEID '${employee}'`,
        { object: OBJECT, field: 'EMPLOYEEID' },
      );
    const owner = await bankAccountEntity(tx, o, String(raw.get(field(o, 'FINANCIALENTITY'))));
    const paid: (string | null)[] = [];
    for (const a of applied) paid.push((await payReport(tx, report, a.report, employee, a.amount, paidOn)).entity);
    // The request belongs to the entity of its bank account and of the reports it pays, as a payment does: inside an
    // entity another entity's account or report is refused, and one request never spans two entities.
    const entity = entityOfNamed(w, o, 'key', [owner, ...paid]);
    const computed = new Map<string, FieldValue>([
      ['PAYMENTAMOUNT', money(total)],
      ['STATE', 'Requested'],
    ]);
    const key = await createRecord({ ...tx, entityId: entity }, o, header, computed);
    for (const a of applied) await recordApplication(tx, o, Number(key.recordNo), a.report, a.amount);
    return key;
  });
}
