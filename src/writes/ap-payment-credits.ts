// What one APPYMTDETAIL of an AP payment applies besides cash: credits (an AP debit memo, a negative bill), a term
// discount, and a credit memo paid. Source: Intacct's create APPYMT reference (russellkt/intacct-mcp-server
// docs/accounts-payable-ap-payments.md, APPYMTDETAIL table and examples) and the official SDK's ApPaymentDetailBill,
// ApPaymentDetailCreditMemo and ApPaymentDetail{DebitMemo,NegativeBill,Advance} (dist/Functions/AccountsPayable). What
// each computes, and the readings where the reference is silent, are in docs/writes.md ("AP payment details").

import { COMPANY_COLUMN, findField, storedColumn } from '../catalog/catalog.ts';
import { OPEN_STATES } from '../catalog/document-states.ts';
import { decodeValue, type FieldValue } from '../catalog/field-values.ts';
import type { CatalogObject } from '../catalog/types.ts';
import { LedgerqError } from '../errors.ts';
import { ident, p, sql } from '../store/sql.ts';
import { OWNED_LINES } from './party-due.ts';
import { type DetailValues, documentKeys } from './payment-detail-records.ts';
import {
  applyToDocument,
  cents,
  documentTotals,
  type DocumentTotals,
  money,
  recordApplication,
  recordCreditApplication,
} from './payment-applications.ts';
import { parseWritten } from './record-values.ts';
import type { Writer } from './writer.ts';

/** A credit a detail applies to its bill or credit memo: the reference's three kinds, by their key elements. */
export type CreditKind = 'ADJUSTMENT' | 'ADVANCE' | 'INLINE';

/** Each kind's elements (the SDK's getKeyType / getEntryKeyType / getTransactionType) and what it names. */
export const CREDIT_KINDS: Readonly<
  Record<CreditKind, { readonly key: string; readonly entry: string; readonly amount: string; readonly what: string }>
> = {
  ADJUSTMENT: {
    key: 'ADJUSTMENTKEY',
    entry: 'ADJUSTMENTENTRYKEY',
    amount: 'TRX_ADJUSTMENTAMOUNT',
    what: 'AP debit memo',
  },
  ADVANCE: { key: 'ADVANCEKEY', entry: 'ADVANCEENTRYKEY', amount: 'TRX_POSTEDADVANCEAMOUNT', what: 'AP advance' },
  INLINE: { key: 'INLINEKEY', entry: 'INLINEENTRYKEY', amount: 'TRX_INLINEAMOUNT', what: 'negative AP bill' },
};

export interface DetailCredit {
  readonly kind: CreditKind;
  readonly key: string;
  readonly entryKey: string | null;
  readonly amount: string | null;
}

/** The elements of one APPYMTDETAIL beyond the bill and cash of an AR-like detail; null where not given. */
export interface ApDetailExtras {
  readonly posAdjKey: string | null;
  readonly posAdjEntryKey: string | null;
  readonly credit: DetailCredit | null;
  readonly discountDate: string | null;
  readonly discountToApply: string | null;
  readonly creditToApply: string | null;
}

/** One detail checked against the database: what it pays and with what. */
export interface ApApplied {
  readonly target: {
    readonly doc: CatalogObject;
    readonly recordNo: number;
    readonly field: string;
    /** The line named (ENTRYKEY, POSADJENTRYKEY), kept on the detail's APPYMTDETAIL record. */
    readonly entryKey: number | null;
  };
  readonly cash: bigint;
  readonly credit: {
    readonly doc: CatalogObject;
    readonly recordNo: number;
    readonly amount: bigint;
    readonly kind: CreditKind;
    readonly entryKey: number | null;
  } | null;
  /** ISO date of DISCOUNTDATE, the term discount available then being applied. */
  readonly discountDate: string | null;
  readonly discountToApply: bigint;
  readonly creditToApply: bigint;
}

const DETAIL = 'APPYMTDETAIL';

const refuse = (
  code: 'write.invalid-value' | 'write.required-field' | 'write.missing-reference',
  message: string,
  field: string,
) => new LedgerqError(code, message, { object: 'APPYMT', field });

/** An amount element in cents: not an amount, or negative, is refused naming it. */
export function detailAmount(text: string, field: string): bigint {
  let c: bigint;
  try {
    c = cents(text);
  } catch {
    throw refuse(
      'write.invalid-value',
      `Invalid value for ${field} of ${DETAIL}: ${JSON.stringify(text)} is not an amount`,
      field,
    );
  }
  if (c < 0n) throw refuse('write.invalid-value', `${field} of ${DETAIL} cannot be negative (${money(c)})`, field);
  return c;
}

const recordNoOf = (v: string) => (/^\d{1,15}$/.test(v.trim()) ? Number(v.trim()) : null);
/** An entry key already checked by checkLine, or null when not given. */
const lineNo = (v: string | null | undefined) => (v == null ? null : recordNoOf(v));

/** A key element names a line (…ENTRYKEY) of the document it goes with. */
async function checkLine(w: Writer, doc: CatalogObject, docNo: number, entryKey: string, field: string): Promise<void> {
  const owned = OWNED_LINES[doc.xmlName]!;
  const line = w.catalog.require(owned.line);
  const n = recordNoOf(entryKey);
  const rows =
    n === null
      ? []
      : await w.db.all(sql`SELECT 1 AS x FROM ${ident(line.table)} WHERE ${ident(COMPANY_COLUMN)} = ${p(w.companyKey)}
        AND ${ident(storedColumn(line, 'RECORDNO'))} = ${p(n)} AND ${ident(storedColumn(line, owned.parentKey))} = ${p(docNo)}`);
  if (rows.length === 0)
    throw refuse(
      'write.missing-reference',
      `Invalid ${field} '${entryKey}' specified: no ${line.xmlName} of ${doc.xmlName} ${docNo} with that RECORDNO`,
      field,
    );
}

/** The vendor's document a key names, or a refusal naming the key. */
async function vendorDocument(
  w: Writer,
  doc: CatalogObject,
  key: string,
  field: string,
  vendorId: string,
): Promise<DocumentTotals> {
  const n = recordNoOf(key);
  const t = n === null ? null : await documentTotals(w, doc, n);
  if (!t || t.party !== vendorId)
    throw refuse(
      'write.missing-reference',
      `Invalid ${field} '${key}' specified: no ${doc.xmlName} of VENDORID '${vendorId}' with that RECORDNO`,
      field,
    );
  return t;
}

/** A credit is open: posted (an adjustment may be a Draft, a document Reversed) with a negative total. */
function requireOpenCredit(t: DocumentTotals, doc: CatalogObject, field: string, what: string): void {
  if (t.entered >= 0n)
    throw refuse(
      'write.invalid-value',
      `${field} ${t.recordNo} is not a ${what}: ${doc.xmlName} ${t.recordNo} totals ${money(t.entered)}, a credit totals less than zero`,
      field,
    );
  if (!OPEN_STATES.has(t.state) && t.state !== 'Paid')
    throw refuse('write.invalid-value', `${doc.xmlName} ${t.recordNo} is ${t.state} and cannot be applied`, field);
}

/**
 * Checks one detail's references and amounts before anything is written: the bill (RECORDKEY) or credit memo
 * (POSADJKEY) it pays, its line, its credit, its discount. What is left (amounts against what is open) is checked
 * when it is applied, in order, since two details may draw on one document.
 */
export async function checkApDetail(
  w: Writer,
  vendorId: string,
  method: string,
  d: { readonly recordKey: string; readonly entryKey?: string | null; readonly amount: string } & ApDetailExtras,
): Promise<ApApplied> {
  const bill = w.catalog.require('APBILL');
  const adjustment = w.catalog.require('APADJUSTMENT');
  const recordKey = d.recordKey.trim();
  if (recordKey !== '' && d.posAdjKey !== null)
    throw refuse(
      'write.invalid-value',
      `A ${DETAIL} pays a bill (RECORDKEY) or a credit memo (POSADJKEY), not both`,
      'POSADJKEY',
    );
  if (recordKey === '' && d.posAdjKey === null)
    throw refuse(
      'write.required-field',
      `Required field RECORDKEY of ${DETAIL} is missing (give RECORDKEY, or POSADJKEY for a credit memo)`,
      'RECORDKEY',
    );
  const joint = method.trim().toLowerCase() === 'joint check';
  const notForJoint = (field: string) => {
    // The reference: POSADJKEY, INLINEKEY, DISCOUNTDATE, ADJUSTMENTKEY, ADVANCEKEY are "Not supported for joint checks".
    if (joint) throw refuse('write.invalid-value', `${field} of ${DETAIL} is not supported for joint checks`, field);
  };
  let target: ApApplied['target'];
  if (d.posAdjKey !== null) {
    notForJoint('POSADJKEY');
    if (d.entryKey != null)
      throw refuse(
        'write.invalid-value',
        `ENTRYKEY names a bill line; a credit memo's line is POSADJENTRYKEY`,
        'ENTRYKEY',
      );
    const t = await vendorDocument(w, adjustment, d.posAdjKey, 'POSADJKEY', vendorId);
    if (t.entered <= 0n)
      throw refuse(
        'write.invalid-value',
        `POSADJKEY ${t.recordNo} is not a credit memo: APADJUSTMENT ${t.recordNo} totals ${money(t.entered)} (a debit memo is applied as a credit with ADJUSTMENTKEY)`,
        'POSADJKEY',
      );
    if (!OPEN_STATES.has(t.state) && t.state !== 'Paid')
      throw refuse('write.invalid-value', `APADJUSTMENT ${t.recordNo} is ${t.state} and cannot be paid`, 'POSADJKEY');
    if (d.posAdjEntryKey !== null) await checkLine(w, adjustment, t.recordNo, d.posAdjEntryKey, 'POSADJENTRYKEY');
    target = { doc: adjustment, recordNo: t.recordNo, field: 'POSADJKEY', entryKey: lineNo(d.posAdjEntryKey) };
  } else {
    if (d.posAdjEntryKey !== null)
      throw refuse('write.required-field', `POSADJENTRYKEY of ${DETAIL} needs its POSADJKEY`, 'POSADJKEY');
    const t = await vendorDocument(w, bill, recordKey, 'RECORDKEY', vendorId);
    if (t.entered < 0n)
      throw refuse(
        'write.invalid-value',
        `RECORDKEY ${t.recordNo} is a negative bill (${money(t.entered)}): apply it as a credit with INLINEKEY`,
        'RECORDKEY',
      );
    if (d.entryKey != null) await checkLine(w, bill, t.recordNo, d.entryKey, 'ENTRYKEY');
    target = { doc: bill, recordNo: t.recordNo, field: 'RECORDKEY', entryKey: lineNo(d.entryKey) };
  }

  let credit: ApApplied['credit'] = null;
  if (d.credit) {
    const kind = CREDIT_KINDS[d.credit.kind];
    notForJoint(kind.key);
    if (d.credit.kind === 'ADVANCE')
      throw refuse(
        'write.missing-reference',
        `Invalid ADVANCEKEY '${d.credit.key}' specified: no AP advance with that RECORDNO (ledgerq keeps no AP advances)`,
        'ADVANCEKEY',
      );
    if (d.credit.amount === null)
      throw refuse(
        'write.required-field',
        `Required field ${kind.amount} of ${DETAIL} is missing (the ${kind.what}'s amount to apply)`,
        kind.amount,
      );
    const amount = detailAmount(d.credit.amount, kind.amount);
    if (amount === 0n)
      throw refuse('write.invalid-value', `${kind.amount} of ${DETAIL} must be more than zero`, kind.amount);
    const doc = d.credit.kind === 'ADJUSTMENT' ? adjustment : bill;
    const t = await vendorDocument(w, doc, d.credit.key, kind.key, vendorId);
    if (d.credit.kind === 'INLINE' && target.doc === bill && t.recordNo === target.recordNo)
      throw refuse(
        'write.invalid-value',
        `INLINEKEY ${t.recordNo} is the bill paid: a bill's negative lines are already netted in its TOTALDUE`,
        'INLINEKEY',
      );
    requireOpenCredit(t, doc, kind.key, kind.what);
    if (d.credit.entryKey !== null) await checkLine(w, doc, t.recordNo, d.credit.entryKey, kind.entry);
    credit = { doc, recordNo: t.recordNo, amount, kind: d.credit.kind, entryKey: lineNo(d.credit.entryKey) };
  }

  let discountDate: string | null = null;
  const discountToApply = d.discountToApply === null ? 0n : detailAmount(d.discountToApply, 'DISCOUNTTOAPPLY');
  const creditToApply = d.creditToApply === null ? 0n : detailAmount(d.creditToApply, 'CREDITTOAPPLY');
  if (d.discountDate !== null || discountToApply > 0n) {
    const field = d.discountDate !== null ? 'DISCOUNTDATE' : 'DISCOUNTTOAPPLY';
    notForJoint(field);
    if (d.discountDate !== null && discountToApply > 0n)
      throw refuse(
        'write.invalid-value',
        `Give DISCOUNTDATE or DISCOUNTTOAPPLY of ${DETAIL}, not both`,
        'DISCOUNTTOAPPLY',
      );
    // The reference: ENTRYKEY is "Not supported for discounts"; "Discounts are not applied when bill lines are provided".
    if (target.doc !== bill || d.entryKey != null)
      throw refuse(
        'write.invalid-value',
        `${field} of ${DETAIL} applies to a whole bill: a discount is not supported with ENTRYKEY or POSADJKEY`,
        field,
      );
    if (d.discountDate !== null) {
      try {
        discountDate = String(parseWritten(bill, findField(bill, 'WHENDISCOUNT')!, d.discountDate, 'xml'));
      } catch {
        throw refuse(
          'write.invalid-value',
          `Invalid value for DISCOUNTDATE of ${DETAIL}: ${JSON.stringify(d.discountDate)} is not a date`,
          'DISCOUNTDATE',
        );
      }
    }
  }
  if (creditToApply > 0n && credit !== null)
    throw refuse(
      'write.invalid-value',
      `Give CREDITTOAPPLY or a named credit (${CREDIT_KINDS[credit.kind].key}) in one ${DETAIL}, not both`,
      'CREDITTOAPPLY',
    );
  if (creditToApply > 0n) notForJoint('CREDITTOAPPLY');

  const applies = credit !== null || discountDate !== null || discountToApply > 0n || creditToApply > 0n;
  const cash = d.amount.trim() === '' && applies ? 0n : detailAmount(d.amount, 'TRX_PAYMENTAMOUNT');
  if (cash === 0n && !applies)
    throw refuse(
      'write.invalid-value',
      `Payment amount 0.00 for ${target.doc.xmlName} ${target.recordNo} must be more than zero`,
      'TRX_PAYMENTAMOUNT',
    );
  return { target, cash, credit, discountDate, discountToApply, creditToApply };
}

/** The term discount of a bill available on `on` (ISO date), in cents; refused when the bill has none then. */
async function termDiscount(w: Writer, billNo: number, on: string, entered: bigint): Promise<bigint> {
  const bill = w.catalog.require('APBILL');
  const term = w.catalog.require('APTERM');
  const col = (o: CatalogObject, n: string) => ident(storedColumn(o, n));
  const value = (o: CatalogObject, n: string, v: unknown): FieldValue => decodeValue(findField(o, n)!, v);
  const [b] = await w.db.all<Record<string, unknown>>(sql`SELECT ${col(bill, 'TERMNAME')} AS term,
      ${col(bill, 'WHENCREATED')} AS created, ${col(bill, 'WHENDISCOUNT')} AS until
    FROM ${ident(bill.table)} WHERE ${ident(COMPANY_COLUMN)} = ${p(w.companyKey)} AND ${col(bill, 'RECORDNO')} = ${p(billNo)}`);
  const termName = b ? (value(bill, 'TERMNAME', b.term) as string | null) : null;
  const terms = termName
    ? await w.db.all<
        Record<string, unknown>
      >(sql`SELECT ${col(term, 'DISCDATE')} AS days, ${col(term, 'DISCFROM')} AS dfrom,
        ${col(term, 'DISCAMOUNT')} AS amount, ${col(term, 'DISCPERCAMN')} AS unit, ${col(term, 'DISCFUDGEDAYS')} AS grace
      FROM ${ident(term.table)} WHERE ${ident(COMPANY_COLUMN)} = ${p(w.companyKey)} AND ${col(term, 'NAME')} = ${p(termName)}`)
    : [];
  const t = terms[0];
  const amount = t ? (value(term, 'DISCAMOUNT', t.amount) as string | null) : null;
  if (!t || amount === null || cents(amount) <= 0n)
    throw refuse(
      'write.invalid-value',
      `APBILL ${billNo} has no term discount (its term ${termName === null ? 'is not set' : `'${termName}' gives none`}): DISCOUNTDATE cannot apply`,
      'DISCOUNTDATE',
    );
  const from = (value(term, 'DISCFROM', t.dfrom) as string | null) ?? 'from bill date';
  const days = Number(value(term, 'DISCDATE', t.days) ?? 0);
  const grace = Number(value(term, 'DISCFUDGEDAYS', t.grace) ?? 0);
  let until = (value(bill, 'WHENDISCOUNT', b!.until) as string | null) ?? null;
  if (until === null) {
    // Only a discount counted in days from the bill date is computed; Intacct's other bases are not modelled.
    if (from.toLowerCase() !== 'from bill date')
      throw refuse(
        'write.invalid-value',
        `APBILL ${billNo} has no WHENDISCOUNT and its term counts the discount '${from}', which ledgerq does not compute`,
        'DISCOUNTDATE',
      );
    until = addDays(String(value(bill, 'WHENCREATED', b!.created)), days);
  }
  const last = addDays(until, grace);
  if (on > last)
    throw refuse(
      'write.invalid-value',
      `No discount of APBILL ${billNo} is available on ${on}: its term discount ends ${last}`,
      'DISCOUNTDATE',
    );
  const unit = String(value(term, 'DISCPERCAMN', t.unit) ?? 'Percentage');
  if (unit === 'Amount') return cents(amount);
  // Percentage of the bill's amount, rounded half up to the cent: 2% of 300.00 is 6.00 (the reference's example).
  const scaled = entered * BigInt(Math.round(Number(amount) * 10_000));
  return (scaled + 500_000n) / 1_000_000n;
}

/** The smaller of two amounts in cents (Math.min takes no bigint). */
function smaller(a: bigint, b: bigint): bigint {
  if (a < b) return a;
  return b;
}

function addDays(iso: string, days: number): string {
  const d = new Date(`${iso.slice(0, 10)}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The vendor's open credits, debit memos then negative bills, oldest record first: what CREDITTOAPPLY draws on. */
async function openCredits(w: Writer, vendorId: string): Promise<{ doc: CatalogObject; t: DocumentTotals }[]> {
  const out: { doc: CatalogObject; t: DocumentTotals }[] = [];
  for (const name of ['APADJUSTMENT', 'APBILL']) {
    const doc = w.catalog.require(name);
    const rows = await w.db.all<{ n: number | string }>(sql`SELECT ${ident(storedColumn(doc, 'RECORDNO'))} AS n
      FROM ${ident(doc.table)} WHERE ${ident(COMPANY_COLUMN)} = ${p(w.companyKey)}
        AND ${ident(storedColumn(doc, 'VENDORID'))} = ${p(vendorId)} AND ${ident(storedColumn(doc, 'TOTALDUE'))} < 0
      ORDER BY ${ident(storedColumn(doc, 'RECORDNO'))}`);
    for (const r of rows) {
      const t = await documentTotals(w, doc, Number(r.n));
      if (t && OPEN_STATES.has(t.state) && t.entered < 0n) out.push({ doc, t });
    }
  }
  return out;
}

/** Takes `amount` cents of an open credit: its TOTALPAID moves towards its (negative) total, kept with the payment. */
async function takeCredit(
  w: Writer,
  payment: CatalogObject,
  paymentNo: number,
  doc: CatalogObject,
  recordNo: number,
  amount: bigint,
  paidOn: string | null,
): Promise<void> {
  await applyToDocument(w, doc, recordNo, -amount, paidOn);
  await recordCreditApplication(w, payment, paymentNo, doc, recordNo, -amount);
}

/**
 * Applies one checked detail inside the payment's transaction: the credit is taken from its document, and the bill or
 * credit memo is paid the cash, the credit and the discount together (its TOTALPAID rises by all three). Answers the
 * APPYMTDETAIL records the detail makes (payment-detail-records.ts): the detail as given, with its cash, its named
 * credit and its discount; and, for CREDITTOAPPLY, one more for each open credit it drew on, as if each had been
 * named (the SDK's ApPaymentDetailBill sends CREDITTOAPPLY; which credits Intacct records for it is not public).
 */
export async function applyApDetail(
  w: Writer,
  payment: CatalogObject,
  paymentNo: number,
  vendorId: string,
  a: ApApplied,
  paidOn: string | null,
): Promise<DetailValues[]> {
  const target = (await documentTotals(w, a.target.doc, a.target.recordNo))!;
  const due = target.entered - target.paid;
  let credit = 0n;
  if (a.credit) {
    const kind = CREDIT_KINDS[a.credit.kind];
    const t = (await documentTotals(w, a.credit.doc, a.credit.recordNo))!;
    const open = t.paid - t.entered;
    if (a.credit.amount > open)
      throw refuse(
        'write.invalid-value',
        `${kind.amount} ${money(a.credit.amount)} is more than the ${money(open)} open on ${a.credit.doc.xmlName} ${a.credit.recordNo}`,
        kind.amount,
      );
    credit = a.credit.amount;
  }
  let discount = a.discountToApply;
  if (a.discountDate !== null) {
    discount = await termDiscount(w, a.target.recordNo, a.discountDate, target.entered);
    discount = smaller(discount, due);
    // The reference: TRX_PAYMENTAMOUNT "Must be the full amount of the bill (with the discount amount calculated in)".
    if (a.cash + credit + a.creditToApply + discount !== due)
      throw refuse(
        'write.invalid-value',
        `With DISCOUNTDATE the payment must settle APBILL ${a.target.recordNo}: ${money(due)} due less the ${money(discount)} discount is ${money(due - discount)}, not ${money(a.cash + credit + a.creditToApply)}`,
        'TRX_PAYMENTAMOUNT',
      );
  }
  const total = a.cash + credit + a.creditToApply + discount;
  if (total > due)
    throw refuse(
      'write.invalid-value',
      `Payment amount ${money(total)} for ${a.target.doc.xmlName} ${a.target.recordNo} is more than its amount due (${money(due)})`,
      'TRX_PAYMENTAMOUNT',
    );
  if (a.credit) await takeCredit(w, payment, paymentNo, a.credit.doc, a.credit.recordNo, a.credit.amount, paidOn);
  const paid = documentKeys(a.target.doc, false);
  const detail = (
    cash: bigint,
    taken: { doc: CatalogObject; recordNo: number; entryKey: number | null; amount: bigint } | null,
  ) => {
    const values = new Map<string, FieldValue>([
      [paid.key, a.target.recordNo],
      [paid.entry, a.target.entryKey],
      ['TRX_PAYMENTAMOUNT', money(cash)],
    ]);
    if (taken) {
      const keys = documentKeys(taken.doc, true);
      values.set(keys.key, taken.recordNo);
      values.set(keys.entry, taken.entryKey);
      values.set(
        taken.doc.xmlName === 'APADJUSTMENT' ? 'TRX_ADJUSTMENTAMOUNT' : 'TRX_INLINEAMOUNT',
        money(taken.amount),
      );
    }
    return values;
  };
  const first = detail(a.cash, a.credit);
  if (discount > 0n) first.set('TRX_DISCOUNTAMOUNT', money(discount));
  if (a.discountDate !== null) first.set('DISCOUNTDATE', usDate(a.discountDate));
  const records: DetailValues[] = [first];
  if (a.creditToApply > 0n) {
    let left = a.creditToApply;
    for (const { doc, t } of await openCredits(w, vendorId)) {
      if (left === 0n) break;
      const open = t.paid - t.entered;
      const take = smaller(open, left);
      await takeCredit(w, payment, paymentNo, doc, t.recordNo, take, paidOn);
      records.push(detail(0n, { doc, recordNo: t.recordNo, entryKey: null, amount: take }));
      left -= take;
    }
    if (left > 0n)
      throw refuse(
        'write.invalid-value',
        `CREDITTOAPPLY ${money(a.creditToApply)} is more than the ${money(a.creditToApply - left)} of open credits of VENDORID '${vendorId}'`,
        'CREDITTOAPPLY',
      );
  }
  await applyToDocument(w, a.target.doc, a.target.recordNo, total, paidOn);
  if (a.target.doc.xmlName === 'APBILL') await recordApplication(w, payment, paymentNo, a.target.recordNo, total);
  else await recordCreditApplication(w, payment, paymentNo, a.target.doc, a.target.recordNo, total);
  return records;
}

/** DISCOUNTDATE as the reference writes it, `mm/dd/yyyy` (the catalog keeps it as text). */
function usDate(iso: string): string {
  return `${iso.slice(5, 7)}/${iso.slice(8, 10)}/${iso.slice(0, 4)}`;
}
