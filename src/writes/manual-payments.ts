// Manual AP payments (Intacct's legacy create_appayment, "Create Manual AP Payment (Legacy)"): a payment to a vendor out
// of a bank account or charge card whose lines post to GL accounts instead of paying bills. Source: the reference's
// parameter tables (russellkt/intacct-mcp-server docs/accounts-payable-ap-payments.md). The catalog has no AP payment
// line object, so a manual payment is its APPYMT record: the lines' amounts make its totals, and their accounts and
// dimensions are checked and not kept.

import { COMPANY_COLUMN, ENTITY_COLUMN, findField, storedColumn } from '../catalog/catalog.ts';
import type { CatalogField, CatalogObject } from '../catalog/types.ts';
import type { FieldValue } from '../catalog/field-values.ts';
import { LedgerqError } from '../errors.ts';
import { ident, join, p, sql } from '../store/sql.ts';
import { bankAccountEntity, chargeCardEntity, entityOfNamed } from './financial-entities.ts';
import { cents, money } from './payment-applications.ts';
import { parseWritten, type RawRecord, type RawValue } from './record-values.ts';
import { checkReferences } from './referenced-records.ts';
import { createRecord, isBlank, requireWriteRole, type Writer, type WrittenKey } from './write-record.ts';

/** The dimensions a payitem names, as the reference's payitem table lists them (upper-cased element names). */
export const PAYITEM_DIMENSIONS = [
  'DEPARTMENTID',
  'LOCATIONID',
  'PROJECTID',
  'TASKID',
  'COSTTYPEID',
  'CUSTOMERID',
  'VENDORID',
  'EMPLOYEEID',
  'ITEMID',
  'CLASSID',
] as const;
export type PayItemDimension = (typeof PAYITEM_DIMENSIONS)[number];

/** One payitem; null where it was not given (an empty element is not given). */
export interface ManualPaymentLine {
  readonly amount: string | null;
  readonly account: string | null;
  readonly label: string | null;
  readonly form1099: string | null;
  readonly dimensions: Readonly<Partial<Record<PayItemDimension, string>>>;
}

/** Where the money comes from: the reference's `bankaccountid` or `chargecardid`, one of the two. */
export interface PaidFrom {
  readonly bankAccount: string | null;
  readonly chargeCard: string | null;
}

/**
 * A payitem names what an AP bill line names (GL account, department, location, project, customer, vendor, employee,
 * item, class), so it is checked by APBILLITEM's relationships: the same existence and entity rules, the same errors.
 */
const CHECKED_AS_BILL_LINE = PAYITEM_DIMENSIONS.filter((d) => d !== 'TASKID' && d !== 'COSTTYPEID');

const refused = (code: 'write.required-field' | 'write.invalid-value', message: string, field: string) =>
  new LedgerqError(code, message, { object: 'APPYMT', field });

/**
 * The reference's paymentmethod is optional while the catalog's PAYMENTMETHOD is required: a payment out of a charge
 * card is `Credit Card`, one out of a bank account `Manual Check` (the function's own kind: its `checkno` is required).
 * Intacct's default is not documented; this is ledgerq's reading.
 */
function defaultMethod(from: PaidFrom): string {
  return from.chargeCard !== null ? 'Credit Card' : 'Manual Check';
}

/** The line's amount in cents: required, an amount, more than zero. */
function lineAmount(line: ManualPaymentLine, n: number): bigint {
  if (line.amount === null)
    throw refused('write.required-field', `Required element paymentamount of payitem ${n} is missing`, 'paymentamount');
  let c: bigint;
  try {
    c = cents(line.amount);
  } catch {
    throw refused(
      'write.invalid-value',
      `Invalid value for paymentamount of payitem ${n}: ${JSON.stringify(line.amount)} is not an amount`,
      'paymentamount',
    );
  }
  // A line of a payment pays something: the stricter reading (the reference says only "Transaction amount").
  if (c <= 0n)
    throw refused(
      'write.invalid-value',
      `Invalid value for paymentamount of payitem ${n}: ${money(c)} must be more than zero`,
      'paymentamount',
    );
  return c;
}

/** What each line must give before anything is read: its amount, its account or label, its parent dimensions. */
function checkLineShape(line: ManualPaymentLine, n: number): bigint {
  const amount = lineAmount(line, n);
  if (line.account === null && line.label === null)
    throw refused(
      'write.required-field',
      `Required element glaccountno of payitem ${n} is missing (give glaccountno or accountlabel)`,
      'glaccountno',
    );
  const d = line.dimensions;
  // The reference: taskid is "Only available when the parent projectid is also specified", costtypeid "Only available
  // when projectid and taskid are specified".
  if (d.TASKID !== undefined && d.PROJECTID === undefined)
    throw refused('write.invalid-value', `taskid of payitem ${n} is given only with its projectid`, 'taskid');
  if (d.COSTTYPEID !== undefined && (d.PROJECTID === undefined || d.TASKID === undefined))
    throw refused(
      'write.invalid-value',
      `costtypeid of payitem ${n} is given only with its projectid and taskid`,
      'costtypeid',
    );
  if (line.form1099 !== null && !/^(true|false)$/i.test(line.form1099))
    throw refused(
      'write.invalid-value',
      `Invalid value for item1099 of payitem ${n}: ${JSON.stringify(line.form1099)}; use true or false`,
      'item1099',
    );
  return amount;
}

/** Whether a row of `o` has `values` (field → value) and is seen from `entity` (null: the top level, private hidden). */
async function exists(
  w: Writer,
  o: CatalogObject,
  values: Readonly<Record<string, string>>,
  entity: string | null,
): Promise<boolean> {
  const conditions = Object.entries(values).map(([name, v]) => sql`${ident(storedColumn(o, name))} = ${p(v)}`);
  const visible = !o.entityScoped
    ? sql``
    : entity !== null
      ? sql` AND (${ident(ENTITY_COLUMN)} IS NULL OR ${ident(ENTITY_COLUMN)} = ${p(entity)})`
      : sql` AND (${ident(ENTITY_COLUMN)} IS NULL OR ${ident(ENTITY_COLUMN)} NOT IN (SELECT entity_id FROM lq_entity
          WHERE company_key = ${p(w.companyKey)} AND private IS TRUE))`;
  const rows = await w.db.all(sql`SELECT 1 AS x FROM ${ident(o.table)}
    WHERE ${ident(COMPANY_COLUMN)} = ${p(w.companyKey)} AND ${join(conditions, ' AND ')}${visible}`);
  return rows.length > 0;
}

/**
 * Checks one line against the company's records and answers the entity the payment belongs to after it: the GL
 * account and dimensions by APBILLITEM's relationships (a top-level payment naming an entity's records is that
 * entity's, as a bill is), the account label among the AP account labels, the task among its project's tasks, the cost
 * type among the cost types.
 */
async function checkLineReferences(
  w: Writer,
  line: ManualPaymentLine,
  n: number,
  entity: string | null,
): Promise<string | null> {
  const billLine = w.catalog.require('APBILLITEM');
  const values = new Map<CatalogField, FieldValue>();
  if (line.account !== null) values.set(findField(billLine, 'ACCOUNTNO')!, line.account);
  for (const d of CHECKED_AS_BILL_LINE) {
    const v = line.dimensions[d];
    if (v !== undefined) values.set(findField(billLine, d)!, v);
  }
  const placed = await checkReferences({ ...w, entityId: entity ?? w.entityId }, billLine, values, {
    entity,
    adopt: entity === null && w.entityId === null,
  });
  const at = placed.entity;
  const missing = (element: string, what: string) =>
    new LedgerqError('write.missing-reference', `Invalid ${element} of payitem ${n} specified: ${what}`, {
      object: 'APPYMT',
      field: element,
    });
  if (line.label !== null && !(await exists(w, w.catalog.require('APACCOUNTLABEL'), { ACCOUNTLABEL: line.label }, at)))
    throw missing('accountlabel', `no APACCOUNTLABEL with ACCOUNTLABEL '${line.label}'`);
  const { PROJECTID: project, TASKID: task, COSTTYPEID: costType } = line.dimensions;
  if (task !== undefined && !(await exists(w, w.catalog.require('TASK'), { TASKID: task, PROJECTID: project! }, at)))
    throw missing('taskid', `no TASK with TASKID '${task}' in PROJECT '${project}'`);
  if (costType !== undefined && !(await exists(w, w.catalog.require('COSTTYPE'), { COSTTYPEID: costType }, at)))
    throw missing('costtypeid', `no COSTTYPE with COSTTYPEID '${costType}'`);
  return at;
}

/** The vendor's NAME and FORM1099TYPE, when the company has that vendor (createRecord refuses an unknown one). */
async function vendorOf(w: Writer, id: string): Promise<{ name: string | null; form1099: string | null } | null> {
  const v = w.catalog.require('VENDOR');
  const rows = await w.db.all<{ n: string | null; f: string | null }>(sql`SELECT
      ${ident(storedColumn(v, 'NAME'))} AS n, ${ident(storedColumn(v, 'FORM1099TYPE'))} AS f
    FROM ${ident(v.table)} WHERE ${ident(COMPANY_COLUMN)} = ${p(w.companyKey)} AND ${ident(storedColumn(v, 'VENDORID'))} = ${p(id)}`);
  return rows[0] ? { name: rows[0].n ?? null, form1099: rows[0].f ?? null } : null;
}

const field = (o: CatalogObject, name: string): CatalogField => findField(o, name)!;

/**
 * create_appayment: the APPYMT record of a manual payment, Posted, its totals the lines' sum, all of it paid (nothing is
 * left to apply to bills), WHENCREATED and WHENPAID its payment date, its vendor's due untouched (no bill is paid).
 * `raw` holds the header's APPYMT fields (VENDORID, PAYMENTDATE, DOCNUMBER, DESCRIPTION, PAYMENTMETHOD, CURRENCY);
 * FINANCIALENTITY is the bank account or card of `from`, checked to exist. `batchKey` (the summary to place the
 * payment in) is kept in PRBATCHKEY as given: AP payment summaries are not modelled.
 */
export async function createManualApPayment(
  w: Writer,
  raw: RawRecord,
  from: PaidFrom,
  batchKey: string | null,
  lines: readonly ManualPaymentLine[],
): Promise<WrittenKey> {
  const o = w.catalog.require('APPYMT');
  await requireWriteRole(w);
  if ((from.bankAccount === null) === (from.chargeCard === null))
    throw new LedgerqError(
      from.bankAccount === null ? 'write.required-field' : 'write.invalid-value',
      from.bankAccount === null
        ? 'Required field FINANCIALENTITY of APPYMT is missing (give bankaccountid or chargecardid)'
        : 'A manual APPYMT is paid from a bank account (bankaccountid) or a charge card (chargecardid), not both',
      { object: o.xmlName, field: 'FINANCIALENTITY' },
    );
  if (isBlank(raw.get(field(o, 'DOCNUMBER'))))
    throw refused('write.required-field', 'Required element checkno of create_appayment is missing', 'checkno');
  if (lines.length === 0)
    throw refused('write.required-field', 'A manual APPYMT needs at least one payitem', 'payitems');
  const total = lines.reduce((sum, l, i) => sum + checkLineShape(l, i + 1), 0n);
  if (batchKey !== null && !/^\d{1,15}$/.test(batchKey))
    throw refused(
      'write.invalid-value',
      `Invalid value for batchkey: ${JSON.stringify(batchKey)} is not a record number`,
      'batchkey',
    );
  const date = raw.get(field(o, 'PAYMENTDATE'));
  const paidOn = isBlank(date) ? null : parseWritten(o, field(o, 'PAYMENTDATE'), date as string, w.naming);
  const method = raw.get(field(o, 'PAYMENTMETHOD'));
  const header = new Map<CatalogField, RawValue>(raw).set(
    field(o, 'FINANCIALENTITY'),
    from.bankAccount ?? from.chargeCard,
  );
  if (isBlank(method)) header.set(field(o, 'PAYMENTMETHOD'), defaultMethod(from));
  return w.db.transaction(async (db) => {
    const tx = { ...w, db };
    const owner =
      from.bankAccount !== null
        ? await bankAccountEntity(tx, o, from.bankAccount)
        : await chargeCardEntity(tx, o, from.chargeCard!);
    let entity = entityOfNamed(w, o, 'FINANCIALENTITY', [owner]);
    for (const [i, line] of lines.entries()) entity = await checkLineReferences(tx, line, i + 1, entity);
    const vendorId = raw.get(field(o, 'VENDORID'));
    const vendor = isBlank(vendorId) ? null : await vendorOf(tx, String(vendorId));
    // The reference's item1099: "Vendor must be set up for 1099s".
    const n1099 = lines.findIndex((l) => l.form1099?.toLowerCase() === 'true');
    if (vendor && n1099 >= 0 && isBlank(vendor.form1099))
      throw refused(
        'write.invalid-value',
        `item1099 of payitem ${n1099 + 1} needs a vendor set up for 1099s; vendor ${String(vendorId)} has no FORM1099TYPE`,
        'item1099',
      );
    const all = money(total);
    const computed = new Map<string, FieldValue>(
      (
        [
          ['STATE', 'Posted'],
          ['TOTALENTERED', all],
          ['TOTALPAID', all],
          ['TOTALDUE', '0.00'],
          ['TRX_TOTALENTERED', all],
          ['TRX_TOTALPAID', all],
          ['TRX_TOTALDUE', '0.00'],
          ['TOTALSELECTED', '0.00'],
          ['TRX_TOTALSELECTED', '0.00'],
          ['WHENCREATED', paidOn],
          ['WHENPAID', paidOn],
          ['CLEARED', 'Uncleared'],
          ['VENDORNAME', vendor?.name ?? null],
          ['PRBATCHKEY', batchKey === null ? null : Number(batchKey)],
        ] as [string, FieldValue][]
      ).filter(([name, v]) => v !== null && findField(o, name)?.column),
    );
    return createRecord({ ...tx, entityId: entity }, o, header, computed);
  });
}
