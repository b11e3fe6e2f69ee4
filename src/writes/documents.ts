// Bills and invoices written whole with their lines, and payments applied to them, keeping vendor and customer balances
// consistent.

import { COMPANY_COLUMN, findField } from '../catalog/catalog.ts';
import type { CatalogObject } from '../catalog/types.ts';
import { LedgerqError } from '../errors.ts';
import { ident, join, p, sql } from '../store/sql.ts';
import { decodeValue, type FieldValue } from '../catalog/field-values.ts';
import { DOCUMENTS, OWNED_LINES, PAYMENTS, refreshPartyDue } from './party-due.ts';
import type { RawRecord } from './record-values.ts';
import {
  applyToDocument,
  cents,
  documentTotals,
  money,
  paidState,
  recordApplication,
  unapplyPayment,
} from './payment-applications.ts';
import {
  createRecord,
  resolveRecordNo,
  updateRecord,
  type RecordRef,
  type Writer,
  type WrittenKey,
} from './write-record.ts';
import { storedColumn } from '../catalog/catalog.ts';
import { settableState, withLabelAccounts } from './expense-reports.ts';
import { type ApApplied, type ApDetailExtras, applyApDetail, checkApDetail } from './ap-payment-credits.ts';
import { summaryValues } from './summaries.ts';
import { type DetailValues, setPaymentDetailsState, writePaymentDetails } from './payment-detail-records.ts';

/**
 * A line sent with AMOUNT and no TRX_AMOUNT (fylein/fyle-intacct-api's journal entry lines, apps/sage_intacct/utils.py,
 * send `amount` and `tr_type`) means that amount; AMOUNT then stays a claim checked against the result.
 */
export function amountAsTxn(line: CatalogObject, raw: RawRecord): RawRecord {
  const txn = findField(line, 'TRX_AMOUNT');
  const base = findField(line, 'AMOUNT');
  if (!txn || !base || raw.has(txn)) return raw;
  const v = raw.get(base);
  if (v === undefined || v === null || v === '') return raw;
  return new Map([...raw, [txn, v]]);
}

/**
 * A bill or invoice and its lines in one transaction. Each line's TRX_AMOUNT is
 * its amount (single currency: AMOUNT equals it); the header's totals are the
 * lines' sum, the document starts Posted with nothing paid.
 */
export async function createDocument(
  w: Writer,
  header: CatalogObject,
  raw: RawRecord,
  sentLines: readonly RawRecord[],
): Promise<WrittenKey> {
  const spec = DOCUMENTS[header.xmlName];
  if (!spec) throw new LedgerqError('internal', `${header.xmlName} is not a document with lines`);
  const lineObject = w.catalog.require(spec.line);
  const lines = sentLines.map((l) => amountAsTxn(lineObject, l));
  if (lines.length === 0) {
    throw new LedgerqError('write.required-field', `A ${header.xmlName} needs at least one line`, {
      object: header.xmlName,
      field: spec.line,
    });
  }
  const amountField = findField(lineObject, 'TRX_AMOUNT')!;
  const amounts: bigint[] = [];
  for (const line of lines) {
    const amount = line.get(amountField);
    if (amount === undefined || amount === null || amount === '') continue; // createRecord reports the missing required amount
    try {
      amounts.push(cents(String(amount)));
    } catch {
      throw new LedgerqError(
        'write.invalid-value',
        `Invalid value for TRX_AMOUNT of ${lineObject.xmlName}: ${JSON.stringify(amount)} is not an amount`,
        { object: lineObject.xmlName, field: 'TRX_AMOUNT' },
      );
    }
  }
  if (spec.signed?.sameSign) requireSameSign(lineObject, amounts);
  const total = amounts.reduce((a, b) => a + b, 0n);
  for (const line of lines) requireAccount(lineObject, line);
  const partyId = spec.partyId === null ? null : String(raw.get(findField(header, spec.partyId)!) ?? '');
  const settled = spec.settableStates ? settableState(header, raw, spec.settableStates) : { raw, state: null };
  return w.db.transaction(async (db) => {
    const tx = { ...w, db };
    const written = spec.labelAccounts ? await withLabelAccounts(tx, lineObject, lines, spec.labelAccounts) : lines;
    const names =
      spec.party === null || spec.partyId === null
        ? []
        : await partyNames(tx, w.catalog.require(spec.party), spec.partyId, partyId ?? '');
    const nameField = spec.party === 'VENDOR' ? 'VENDORNAME' : 'CUSTOMERNAME';
    // The summary a bill or invoice names gives its PRBATCHKEY, PRBATCH and posting date (summaries.ts).
    const placed = await summaryValues(tx, header, settled.raw);
    const computed = new Map<string, FieldValue>(
      [
        ...placed,
        ['STATE', settled.state ?? spec.settableStates?.[0] ?? 'Posted'],
        ['TOTALENTERED', money(total)],
        ['TOTALDUE', money(total)],
        ['TOTALPAID', '0.00'],
        ['TRX_TOTALENTERED', money(total)],
        ['TRX_TOTALDUE', money(total)],
        ['TRX_TOTALPAID', '0.00'],
        [nameField, names[0]?.n ?? null],
        ...(spec.zeroTotals ?? []).map((name) => [name, '0.00']),
      ].filter(([name]) => findField(header, name as string)?.column) as [string, FieldValue][],
    );
    const key = await createRecord(tx, header, settled.raw, computed);
    let lineNo = 0;
    for (const line of written) {
      lineNo += 1;
      const amount = line.get(amountField);
      const lineComputed = new Map<string, FieldValue>(
        [
          ['RECORDKEY', key.recordNo],
          ['LINE_NO', lineNo],
          ['AMOUNT', amount == null || amount === '' ? null : money(cents(String(amount)))],
          ['TOTALPAID', '0.00'],
          ['TRX_TOTALPAID', '0.00'],
          ...(spec.lineZeroTotals ?? []).map((name) => [name, '0.00']),
        ].filter(([name]) => findField(lineObject, name as string)?.column) as [string, FieldValue][],
      );
      await createRecord(tx, lineObject, line, lineComputed);
    }
    if (partyId !== null) await refreshPartyDue(tx, header, partyId);
    return key;
  });
}

/**
 * The AP adjustment reference: "If supplying multiple lines, amounts must be all positive or all negative, not mixed"
 * (russellkt/intacct-mcp-server docs/accounts-payable-ap-adjustments.md, lineitem amount).
 */
function requireSameSign(line: CatalogObject, amounts: readonly bigint[]): void {
  if (amounts.some((a) => a > 0n) && amounts.some((a) => a < 0n))
    throw new LedgerqError(
      'write.invalid-value',
      `Invalid value for TRX_AMOUNT of ${line.xmlName}: amounts must be all positive or all negative, not mixed`,
      { object: line.xmlName, field: 'TRX_AMOUNT' },
    );
}

async function partyNames(
  w: Writer,
  party: CatalogObject,
  idField: string,
  id: string,
): Promise<{ n: string | null }[]> {
  return w.db.all<{ n: string | null }>(sql`SELECT ${ident(storedColumn(party, 'NAME'))} AS n FROM ${ident(party.table)}
    WHERE ${ident(COMPANY_COLUMN)} = ${p(w.companyKey)} AND ${ident(storedColumn(party, idField))} = ${p(id)}`);
}

/**
 * A line names its GL account or an account label: the legacy ccpayitem's glaccountno is "Required if not using
 * accountlabel" (Intacct's charge card transactions reference). Lines whose ACCOUNTNO is required are checked by it.
 */
function requireAccount(line: CatalogObject, raw: RawRecord): void {
  const account = findField(line, 'ACCOUNTNO');
  const label = findField(line, 'ACCOUNTLABEL');
  if (!account || account.required || !label) return;
  const given = (f: typeof account) => {
    const v = raw.get(f);
    return v !== undefined && v !== null && v !== '';
  };
  if (!given(account) && !given(label))
    throw new LedgerqError(
      'write.required-field',
      `Required field ACCOUNTNO of ${line.xmlName} is missing (give ACCOUNTNO or ACCOUNTLABEL)`,
      { object: line.xmlName, field: 'ACCOUNTNO' },
    );
}

export interface PaymentDetail {
  /** RECORDNO of the bill or invoice paid ('' when an AP detail pays a credit memo, POSADJKEY). */
  readonly recordKey: string;
  /**
   * RECORDNO of one line of that document (ENTRYKEY), or null. It must be a line of the document; the amount is kept
   * per document (ledgerq does not track what each line has been paid).
   */
  readonly entryKey?: string | null;
  readonly amount: string;
  /** An AP payment detail's credit memo, credits and discounts (src/writes/ap-payment-credits.ts). */
  readonly ap?: ApDetailExtras;
}

/** A payment's own state once posted: AP payments read Posted, AR receipts Complete (ARPYMT's states). */
function postedPaymentState(payment: CatalogObject): string {
  return payment.xmlName === 'ARPYMT' ? 'Complete' : 'Posted';
}

/** An ENTRYKEY names a line of the document the detail pays (APBILLITEM of that APBILL). */
async function checkEntryKey(
  w: Writer,
  payment: CatalogObject,
  doc: CatalogObject,
  docNo: number,
  entryKey: string,
): Promise<void> {
  const owned = OWNED_LINES[doc.xmlName]!;
  const line = w.catalog.require(owned.line);
  const rows = /^\d{1,15}$/.test(entryKey.trim())
    ? await w.db.all(sql`SELECT 1 AS x FROM ${ident(line.table)} WHERE ${ident(COMPANY_COLUMN)} = ${p(w.companyKey)}
        AND ${ident(storedColumn(line, 'RECORDNO'))} = ${p(Number(entryKey.trim()))}
        AND ${ident(storedColumn(line, owned.parentKey))} = ${p(docNo)}`)
    : [];
  if (rows.length === 0) {
    throw new LedgerqError(
      'write.missing-reference',
      `Invalid ENTRYKEY '${entryKey}' specified: no ${line.xmlName} of ${doc.xmlName} ${docNo} with that RECORDNO`,
      { object: payment.xmlName, field: 'ENTRYKEY' },
    );
  }
}

/** Each detail's amount in cents and document number, checked against the payment's party before anything is written. */
async function checkDetails(
  w: Writer,
  payment: CatalogObject,
  partyId: string,
  details: readonly PaymentDetail[],
): Promise<CheckedDetail[]> {
  const doc = w.catalog.require(PAYMENTS[payment.xmlName]!);
  const spec = DOCUMENTS[doc.xmlName]!;
  const out: CheckedDetail[] = [];
  for (const d of details) {
    let amount: bigint;
    try {
      amount = cents(d.amount);
    } catch {
      throw new LedgerqError(
        'write.invalid-value',
        `Invalid payment amount ${JSON.stringify(d.amount)} for ${doc.xmlName} ${d.recordKey}`,
        { object: payment.xmlName, field: 'TRX_PAYMENTAMOUNT' },
      );
    }
    const t = /^\d{1,15}$/.test(d.recordKey.trim()) ? await documentTotals(w, doc, Number(d.recordKey)) : null;
    if (!t || t.party !== partyId) {
      throw new LedgerqError(
        'write.missing-reference',
        `Invalid RECORDKEY '${d.recordKey}' specified: no ${doc.xmlName} of ${spec.partyId!} '${partyId}' with that RECORDNO`,
        { object: payment.xmlName, field: 'RECORDKEY' },
      );
    }
    if (d.entryKey !== undefined && d.entryKey !== null) await checkEntryKey(w, payment, doc, t.recordNo, d.entryKey);
    if (amount <= 0n) {
      throw new LedgerqError(
        'write.invalid-value',
        `Payment amount ${money(amount)} for ${doc.xmlName} ${d.recordKey} must be more than zero`,
        { object: payment.xmlName, field: 'TRX_PAYMENTAMOUNT' },
      );
    }
    const entryKey = d.entryKey == null ? null : Number(d.entryKey.trim());
    out.push({ recordNo: t.recordNo, entryKey, amount });
  }
  return out;
}

/** A detail checked by checkDetails: the document paid, its line when one was named, and the cash in cents. */
interface CheckedDetail {
  readonly recordNo: number;
  readonly entryKey: number | null;
  readonly amount: bigint;
}

/** The ARPYMTDETAIL values of the invoices an AR payment paid: the invoice, its line and the cash (payment-detail-records.ts). */
function arDetailValues(applied: readonly CheckedDetail[]): DetailValues[] {
  return applied.map(
    (a) =>
      new Map<string, FieldValue>([
        ['RECORDKEY', a.recordNo],
        ['ENTRYKEY', a.entryKey],
        ['TRX_PAYMENTAMOUNT', money(a.amount)],
      ]),
  );
}

/**
 * A payment record plus its effect on each document it pays: TOTALPAID rises,
 * TOTALDUE falls, and the state moves Posted → Partially Paid → Paid. Paying
 * more than is due is refused, as Intacct refuses an overpayment of a bill.
 * `entered` (the legacy `paymentamount`) may exceed what is applied now: the
 * rest stays on the payment as TOTALDUE, for a later apply_arpayment.
 */
export async function createPayment(
  w: Writer,
  payment: CatalogObject,
  raw: RawRecord,
  details: readonly PaymentDetail[],
  entered?: string,
): Promise<WrittenKey> {
  const docName = PAYMENTS[payment.xmlName];
  if (!docName) throw new LedgerqError('internal', `${payment.xmlName} is not a payment`);
  const doc = w.catalog.require(docName);
  const spec = DOCUMENTS[docName]!;
  if (details.length === 0)
    throw new LedgerqError('write.required-field', `A ${payment.xmlName} needs at least one document to pay`, {
      object: payment.xmlName,
      field: 'RECORDKEY',
    });
  const partyId = String(raw.get(findField(payment, spec.partyId!)!) ?? '');
  const dateField = findField(payment, 'PAYMENTDATE') ?? findField(payment, 'RECEIPTDATE');
  const method = String(raw.get(findField(payment, 'PAYMENTMETHOD')!) ?? '');
  return w.db.transaction(async (db) => {
    const tx = { ...w, db };
    // An AP payment's details may take credits and discounts and pay credit memos (ap-payment-credits.ts).
    const apDetails: ApApplied[] = [];
    if (payment.xmlName === 'APPYMT')
      for (const d of details)
        apDetails.push(await checkApDetail(tx, partyId, method, { ...d, ...(d.ap ?? NO_EXTRAS) }));
    const applied = payment.xmlName === 'APPYMT' ? [] : await checkDetails(tx, payment, partyId, details);
    const total = applied.reduce((sum, a) => sum + a.amount, 0n) + apDetails.reduce((sum, a) => sum + a.cash, 0n);
    let whole = total;
    if (entered !== undefined && entered !== '') {
      try {
        whole = cents(entered);
      } catch {
        throw new LedgerqError('write.invalid-value', `Invalid payment amount ${JSON.stringify(entered)}`, {
          object: payment.xmlName,
          field: 'PAYMENTAMOUNT',
        });
      }
      if (whole < total)
        throw new LedgerqError(
          'write.invalid-value',
          `The payment amount ${money(whole)} is less than the ${money(total)} applied to documents`,
          { object: payment.xmlName, field: 'PAYMENTAMOUNT' },
        );
    }
    // An AR payment naming its summary (create_arpayment batchkey) takes its PRBATCHKEY and PRBATCH (summaries.ts).
    const placed = await summaryValues(tx, payment, raw);
    const computed = new Map<string, FieldValue>(
      [
        ...placed,
        ['STATE', postedPaymentState(payment)],
        ['TOTALENTERED', money(whole)],
        ['TOTALPAID', money(total)],
        ['TOTALDUE', money(whole - total)],
        ['TRX_TOTALENTERED', money(whole)],
        ['TRX_TOTALPAID', money(total)],
        ['TRX_TOTALDUE', money(whole - total)],
      ].filter(([name]) => findField(payment, name as string)?.column) as [string, FieldValue][],
    );
    const key = await createRecord(tx, payment, raw, computed);
    const paidOn = await db.all<{
      d: string | null;
    }>(sql`SELECT ${ident(dateField?.column ?? storedColumn(payment, 'RECORDNO'))} AS d FROM ${ident(payment.table)}
      WHERE ${ident(COMPANY_COLUMN)} = ${p(w.companyKey)} AND ${ident(storedColumn(payment, 'RECORDNO'))} = ${p(key.recordNo)}`);
    const whenPaid = dateField ? (paidOn[0]?.d ?? null) : null;
    for (const a of applied) {
      await applyToDocument(tx, doc, a.recordNo, a.amount, whenPaid);
      await recordApplication(tx, payment, key.recordNo, a.recordNo, a.amount);
    }
    const records: DetailValues[] = arDetailValues(applied);
    for (const a of apDetails) records.push(...(await applyApDetail(tx, payment, key.recordNo, partyId, a, whenPaid)));
    // Each detail applied is an APPYMTDETAIL / ARPYMTDETAIL record of the payment (payment-detail-records.ts).
    const currency = findField(payment, 'CURRENCY');
    await writePaymentDetails(
      tx,
      payment.xmlName,
      {
        recordNo: key.recordNo,
        date: whenPaid,
        state: postedPaymentState(payment),
        currency: currency ? ((raw.get(currency) as string | null | undefined) ?? null) : null,
      },
      records,
    );
    await refreshPartyDue(tx, doc, partyId);
    return key;
  });
}

const NO_EXTRAS: ApDetailExtras = {
  posAdjKey: null,
  posAdjEntryKey: null,
  credit: null,
  discountDate: null,
  discountToApply: null,
  creditToApply: null,
};

/**
 * apply_arpayment: applies more of an existing payment's unapplied amount (its
 * TOTALDUE) to documents of the same party.
 */
export async function applyPayment(
  w: Writer,
  payment: CatalogObject,
  ref: RecordRef,
  details: readonly PaymentDetail[],
): Promise<WrittenKey> {
  const doc = w.catalog.require(PAYMENTS[payment.xmlName]!);
  const _spec = DOCUMENTS[doc.xmlName]!;
  if (details.length === 0)
    throw new LedgerqError('write.required-field', `Applying a ${payment.xmlName} needs at least one document to pay`, {
      object: payment.xmlName,
      field: 'RECORDKEY',
    });
  return w.db.transaction(async (db) => {
    const tx = { ...w, db };
    const current = await readPayment(tx, payment, ref);
    if (UNDONE_PAYMENT_STATES.has(current.state))
      throw new LedgerqError(
        'write.invalid-value',
        `${payment.xmlName} ${ref.value} is ${current.state.toLowerCase()} and cannot be applied`,
        { object: payment.xmlName, field: 'RECORDNO' },
      );
    const applied = await checkDetails(tx, payment, current.party, details);
    const total = applied.reduce((sum, a) => sum + a.amount, 0n);
    if (total > current.entered - current.paid) {
      throw new LedgerqError(
        'write.invalid-value',
        `Applying ${money(total)} is more than the ${money(current.entered - current.paid)} left on ${payment.xmlName} ${ref.value}`,
        { object: payment.xmlName, field: 'PAYMENTAMOUNT' },
      );
    }
    const paid = current.paid + total;
    const key = await updateRecord(
      tx,
      payment,
      { by: 'key', value: String(current.recordNo) },
      new Map(),
      new Map<string, FieldValue>([
        ['TOTALPAID', money(paid)],
        ['TRX_TOTALPAID', money(paid)],
        ['TOTALDUE', money(current.entered - paid)],
        ['TRX_TOTALDUE', money(current.entered - paid)],
      ]),
    );
    for (const a of applied) {
      await applyToDocument(tx, doc, a.recordNo, a.amount, current.date);
      await recordApplication(tx, payment, current.recordNo, a.recordNo, a.amount);
    }
    // Each invoice applied now is one more ARPYMTDETAIL of the payment, with its date, state and currency.
    await writePaymentDetails(
      tx,
      payment.xmlName,
      { recordNo: current.recordNo, date: current.date, state: current.state, currency: current.currency },
      arDetailValues(applied),
    );
    await refreshPartyDue(tx, doc, current.party);
    return key;
  });
}

async function readPayment(
  w: Writer,
  payment: CatalogObject,
  ref: RecordRef,
): Promise<{
  recordNo: number;
  party: string;
  state: string;
  entered: bigint;
  paid: bigint;
  date: string | null;
  currency: string | null;
}> {
  const spec = DOCUMENTS[PAYMENTS[payment.xmlName]!]!;
  const dateField = findField(payment, 'PAYMENTDATE') ?? findField(payment, 'RECEIPTDATE')!;
  const currencyField = findField(payment, 'CURRENCY');
  const recordNo = /^\d{1,15}$/.test(ref.value.trim()) ? Number(ref.value.trim()) : -1;
  const rows = await w.db.all<
    Record<string, unknown>
  >(sql`SELECT ${ident(storedColumn(payment, spec.partyId!))} AS party, ${ident(storedColumn(payment, 'STATE'))} AS state,
      ${ident(storedColumn(payment, 'TOTALENTERED'))} AS entered, ${ident(storedColumn(payment, 'TOTALPAID'))} AS paid, ${ident(dateField.column!)} AS d,
      ${currencyField?.column ? ident(currencyField.column) : sql`NULL`} AS currency
    FROM ${ident(payment.table)} WHERE ${ident(COMPANY_COLUMN)} = ${p(w.companyKey)} AND ${ident(storedColumn(payment, 'RECORDNO'))} = ${p(recordNo)}`);
  const row = rows[0];
  if (!row)
    throw new LedgerqError('write.unknown-record', `No ${payment.xmlName} record with RECORDNO '${ref.value}' exists`, {
      object: payment.xmlName,
      key: ref.value,
    });
  const f = findField(payment, 'TOTALPAID')!;
  return {
    recordNo,
    party: String(row.party ?? ''),
    state: String(row.state ?? ''),
    entered: cents(decodeValue(f, row.entered)),
    paid: cents(decodeValue(f, row.paid)),
    date: (decodeValue(dateField, row.d) as string | null) ?? null,
    currency: currencyField ? ((decodeValue(currencyField, row.currency) as string | null) ?? null) : null,
  };
}

/** States of a payment that no longer pays anything. */
const UNDONE_PAYMENT_STATES: ReadonlySet<string> = new Set(['Reversed', 'Voided']);

/**
 * reverse_appayment / reverse_arpayment (and void_appaymentrequest, `state`
 * Voided): the payment stays, marked with nothing applied, and every document
 * it paid gets its amount back.
 */
export async function reversePayment(
  w: Writer,
  payment: CatalogObject,
  ref: RecordRef,
  state: 'Reversed' | 'Voided' = 'Reversed',
): Promise<WrittenKey> {
  return w.db.transaction(async (db) => {
    const tx = { ...w, db };
    const current = await readPayment(tx, payment, ref);
    if (UNDONE_PAYMENT_STATES.has(current.state))
      throw new LedgerqError(
        'write.invalid-value',
        `${payment.xmlName} ${ref.value} is already ${current.state.toLowerCase()}`,
        { object: payment.xmlName, field: 'RECORDNO' },
      );
    await unapplyPayment(tx, payment, current.recordNo);
    await setPaymentDetailsState(tx, payment.xmlName, current.recordNo, state);
    return updateRecord(
      tx,
      payment,
      { by: 'key', value: String(current.recordNo) },
      new Map(),
      new Map<string, FieldValue>(
        [
          ['STATE', state],
          ['TOTALPAID', '0.00'],
          ['TRX_TOTALPAID', '0.00'],
          ['TOTALDUE', '0.00'],
          ['TRX_TOTALDUE', '0.00'],
        ].filter(([name]) => findField(payment, name as string)?.column) as [string, FieldValue][],
      ),
    );
  });
}

/**
 * reverse_bill / reverse_invoice: the document stays, marked Reversed with
 * nothing due, so its party's due no longer counts it. A document with payments
 * applied is refused: reverse the payments first, as Intacct asks.
 */
export async function reverseDocument(w: Writer, header: CatalogObject, ref: RecordRef): Promise<WrittenKey> {
  const spec = DOCUMENTS[header.xmlName];
  if (!spec) throw new LedgerqError('internal', `${header.xmlName} is not a document with lines`);
  return w.db.transaction(async (db) => {
    const tx = { ...w, db };
    const before = (await documentTotals(tx, header, await resolveRecordNo(tx, header, ref)))!;
    if (before.state === 'Reversed')
      throw new LedgerqError('write.invalid-value', `${header.xmlName} ${ref.value} is already reversed`, {
        object: header.xmlName,
        field: 'STATE',
      });
    if (before.paid > 0n) {
      throw new LedgerqError(
        'write.referenced-record',
        `${header.xmlName} ${ref.value} has payments applied and cannot be reversed; reverse the payments first`,
        { object: header.xmlName, key: ref.value },
      );
    }
    const key = await updateRecord(
      tx,
      header,
      ref,
      new Map(),
      new Map<string, FieldValue>([
        ['STATE', 'Reversed'],
        ['TOTALDUE', '0.00'],
        ['TRX_TOTALDUE', '0.00'],
      ]),
    );
    await refreshPartyDue(tx, header, before.party);
    return key;
  });
}

/**
 * A line change of update_bill / update_invoice: `lineNo` names an existing line (LINE_NO), or `key` its record number
 * (a REST PATCH's line `key`); neither adds one.
 */
export interface LineChange {
  readonly lineNo: number | null;
  readonly key?: string;
  readonly raw: RawRecord;
}

const addsLine = (change: LineChange, replaceLines: boolean) =>
  replaceLines || (change.lineNo === null && change.key === undefined);

/**
 * Updates a bill or invoice and, in the same transaction, its lines: changed
 * lines are updated, new ones added, or (`replaceLines`) all lines replaced.
 * The totals are then recomputed from the lines, less what is already paid;
 * a change that leaves less due than paid, or a new vendor on a paid bill, is refused.
 */
export async function updateDocument(
  w: Writer,
  header: CatalogObject,
  ref: RecordRef,
  raw: RawRecord,
  lines: readonly LineChange[],
  replaceLines = false,
): Promise<WrittenKey> {
  const spec = DOCUMENTS[header.xmlName];
  if (!spec) throw new LedgerqError('internal', `${header.xmlName} is not a document with lines`);
  const lineObject = w.catalog.require(spec.line);
  const partyField = spec.partyId === null ? undefined : findField(header, spec.partyId);
  for (const change of lines) if (addsLine(change, replaceLines)) requireAccount(lineObject, change.raw);
  const settled = spec.settableStates ? settableState(header, raw, spec.settableStates) : { raw, state: null };
  return w.db.transaction(async (db) => {
    const tx = { ...w, db };
    const written = spec.labelAccounts
      ? await withLabelAccounts(
          tx,
          lineObject,
          lines.map((l) => l.raw),
          spec.labelAccounts,
        )
      : lines.map((l) => l.raw);
    const before = (await documentTotals(tx, header, await resolveRecordNo(tx, header, ref)))!;
    if (before.state === 'Reversed')
      throw new LedgerqError(
        'write.invalid-value',
        `${header.xmlName} ${ref.value} is reversed and cannot be changed`,
        { object: header.xmlName, field: 'STATE' },
      );
    const key = await updateRecord(
      tx,
      header,
      ref,
      settled.raw,
      new Map(settled.state === null ? [] : [['STATE', settled.state]]),
    );
    const party = (await documentTotals(tx, header, key.recordNo))!.party;
    const lineWhere = sql`${ident(COMPANY_COLUMN)} = ${p(w.companyKey)} AND ${ident(storedColumn(lineObject, 'RECORDKEY'))} = ${p(key.recordNo)}`;
    if (replaceLines && lines.length > 0) await db.run(sql`DELETE FROM ${ident(lineObject.table)} WHERE ${lineWhere}`);
    const [{ last }] = (await db.all<{ last: number | null }>(
      sql`SELECT MAX(${ident(storedColumn(lineObject, 'LINE_NO'))}) AS last FROM ${ident(lineObject.table)} WHERE ${lineWhere}`,
    )) as [{ last: number | null }];
    let lineNo = Number(last ?? 0);
    for (const [i, change] of lines.entries()) {
      const changed = written[i]!;
      const amount = changed.get(findField(lineObject, 'TRX_AMOUNT')!);
      const computed = new Map<string, FieldValue>(
        amount === undefined ? [] : [['AMOUNT', amount == null || amount === '' ? null : money(cents(String(amount)))]],
      );
      if (addsLine(change, replaceLines)) {
        lineNo += 1;
        for (const [name, v] of [
          ['RECORDKEY', key.recordNo],
          ['LINE_NO', lineNo],
          ['TOTALPAID', '0.00'],
          ['TRX_TOTALPAID', '0.00'],
          ...(spec.lineZeroTotals ?? []).map((n) => [n, '0.00'] as const),
        ] as const) {
          if (findField(lineObject, name)?.column) computed.set(name, v);
        }
        await createRecord(tx, lineObject, changed, computed);
        continue;
      }
      const byKey = change.lineNo === null && /^\d{1,15}$/.test(change.key ?? '');
      const named = byKey
        ? sql`${ident(storedColumn(lineObject, 'RECORDNO'))} = ${p(Number(change.key))}`
        : sql`${ident(storedColumn(lineObject, 'LINE_NO'))} = ${p(change.lineNo ?? -1)}`;
      const rows = await db.all<{
        k: number;
      }>(sql`SELECT ${ident(storedColumn(lineObject, 'RECORDNO'))} AS k FROM ${ident(lineObject.table)}
        WHERE ${lineWhere} AND ${named}`);
      if (!rows[0])
        throw new LedgerqError(
          'write.unknown-record',
          change.lineNo === null
            ? `${header.xmlName} ${key.recordNo} has no line with key ${change.key}`
            : `${header.xmlName} ${key.recordNo} has no line ${change.lineNo}`,
          { object: lineObject.xmlName, key: String(change.lineNo ?? change.key) },
        );
      computed.set('RECORDKEY', key.recordNo); // unchanged: marks the update as made with the header
      await updateRecord(tx, lineObject, { by: 'key', value: String(rows[0].k) }, changed, computed);
    }
    if (partyField && raw.has(partyField) && before.paid > 0n && party !== before.party) {
      throw new LedgerqError(
        'write.invalid-value',
        `${spec.partyId!} of a ${header.xmlName} with payments applied cannot change`,
        { object: header.xmlName, field: spec.partyId },
      );
    }
    // Totals are recomputed only when lines changed: a header-only update keeps them (demo documents in another
    // currency keep their base totals).
    if (lines.length > 0) {
      const amountColumn = storedColumn(lineObject, 'TRX_AMOUNT');
      const [{ s }] = (await db.all<{ s: number | string | null }>(
        sql`SELECT SUM(${ident(amountColumn)}) AS s FROM ${ident(lineObject.table)} WHERE ${lineWhere}`,
      )) as [{ s: number | string | null }];
      const entered = BigInt(s ?? 0);
      if (spec.signed?.sameSign) {
        const [{ neg, pos }] = (await db.all<{ neg: number | string; pos: number | string }>(
          sql`SELECT SUM(CASE WHEN ${ident(amountColumn)} < 0 THEN 1 ELSE 0 END) AS neg,
            SUM(CASE WHEN ${ident(amountColumn)} > 0 THEN 1 ELSE 0 END) AS pos FROM ${ident(lineObject.table)} WHERE ${lineWhere}`,
        )) as [{ neg: number | string; pos: number | string }];
        requireSameSign(lineObject, [Number(neg) > 0 ? -1n : 0n, Number(pos) > 0 ? 1n : 0n]);
      }
      // An adjustment's total may be negative (a debit memo of AP, a credit memo of AR): only unsigned documents need
      // a positive total at least what is paid.
      if (!spec.signed && entered <= 0n)
        throw new LedgerqError('write.required-field', `A ${header.xmlName} needs at least one line with an amount`, {
          object: header.xmlName,
          field: spec.line,
        });
      const due = entered - before.paid;
      // An adjustment with payments or credits applied keeps what was applied: its total keeps that sign and covers it.
      if (spec.signed && before.paid !== 0n && (entered * before.paid <= 0n || due * entered < 0n)) {
        throw new LedgerqError(
          'write.invalid-value',
          `The ${header.xmlName} total ${money(entered)} would not cover the ${money(before.paid)} already applied`,
          { object: header.xmlName, field: 'TRX_AMOUNT' },
        );
      }
      if (!spec.signed && due < 0n) {
        throw new LedgerqError(
          'write.invalid-value',
          `The ${header.xmlName} total ${money(entered)} would be less than the ${money(before.paid)} already paid`,
          { object: header.xmlName, field: 'TRX_AMOUNT' },
        );
      }
      const sets = [
        ['TOTALENTERED', entered],
        ['TRX_TOTALENTERED', entered],
        ['TOTALDUE', due],
        ['TRX_TOTALDUE', due],
      ].map(([name, v]) => sql`${ident(storedColumn(header, name as string))} = ${p(Number(v))}`);
      const state =
        settled.state ??
        (before.state === 'Posted' || before.state === 'Partially Paid' || before.state === 'Paid'
          ? paidState(before.paid, due)
          : before.state);
      sets.push(sql`${ident(storedColumn(header, 'STATE'))} = ${p(state)}`);
      await db.run(
        sql`UPDATE ${ident(header.table)} SET ${join(sets, ', ')} WHERE ${ident(COMPANY_COLUMN)} = ${p(w.companyKey)} AND ${ident(storedColumn(header, 'RECORDNO'))} = ${p(key.recordNo)}`,
      );
    }
    await refreshPartyDue(tx, header, party);
    if (party !== before.party) await refreshPartyDue(tx, header, before.party);
    return key;
  });
}
