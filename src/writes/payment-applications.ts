// What each payment paid: applying an amount to a bill or invoice moves its totals and state, and deleting or reversing
// the payment gives it back.

import { COMPANY_COLUMN, findField } from '../catalog/catalog.ts';
import type { CatalogObject } from '../catalog/types.ts';
import { LedgerqError } from '../errors.ts';
import { ident, join, p, sql } from '../store/sql.ts';
import { decimalToScaled, decodeValue, scaledToDecimal, type FieldValue } from '../catalog/field-values.ts';
import { DOCUMENTS, PAYMENTS, refreshPartyDue } from './party-due.ts';
import type { Writer } from './writer.ts';
import { storedColumn } from '../catalog/catalog.ts';

export const cents = (v: FieldValue): bigint => decimalToScaled(String(v ?? '0'), 2);
export const money = (c: bigint): string => scaledToDecimal(c, 2);

/** A document's state follows what is paid: nothing → Posted, part → Partially Paid, all → Paid. */
export function paidState(paid: bigint, due: bigint): string {
  return paid === 0n ? 'Posted' : due === 0n ? 'Paid' : 'Partially Paid';
}

export interface DocumentTotals {
  readonly recordNo: number;
  readonly party: string;
  readonly state: string;
  readonly entered: bigint;
  readonly paid: bigint;
  readonly trxEntered: bigint;
  readonly trxPaid: bigint;
}

/** A bill's or invoice's totals by RECORDNO, or null when the company has no such document. */
export async function documentTotals(w: Writer, doc: CatalogObject, recordNo: number): Promise<DocumentTotals | null> {
  const spec = DOCUMENTS[doc.xmlName]!;
  const rows = await w.db.all<
    Record<string, unknown>
  >(sql`SELECT ${ident(storedColumn(doc, 'TOTALPAID'))} AS paid, ${ident(storedColumn(doc, 'TOTALENTERED'))} AS entered,
      ${ident(storedColumn(doc, 'TRX_TOTALPAID'))} AS trx_paid, ${ident(storedColumn(doc, 'TRX_TOTALENTERED'))} AS trx_entered,
      ${spec.partyId === null ? sql`NULL` : ident(storedColumn(doc, spec.partyId))} AS party, ${ident(storedColumn(doc, 'STATE'))} AS state
    FROM ${ident(doc.table)} WHERE ${ident(COMPANY_COLUMN)} = ${p(w.companyKey)} AND ${ident(storedColumn(doc, 'RECORDNO'))} = ${p(recordNo)}`);
  const row = rows[0];
  if (!row) return null;
  const paidField = findField(doc, 'TOTALPAID')!;
  return {
    recordNo,
    party: String(row.party ?? ''),
    state: String(row.state ?? ''),
    entered: cents(decodeValue(paidField, row.entered)),
    paid: cents(decodeValue(paidField, row.paid)),
    trxEntered: cents(decodeValue(paidField, row.trx_entered)),
    trxPaid: cents(decodeValue(paidField, row.trx_paid)),
  };
}

/**
 * Adds `delta` cents (negative to give back) to a document's TOTALPAID. Paying
 * more than is due, or giving back more than was paid, is refused as Intacct
 * refuses an overpayment. WHENPAID is the payment's date once fully paid.
 * The write path's payments carry one amount, which moves the base and the
 * transaction totals alike; `trxDelta`, when given, moves the TRX_ totals
 * instead (a demo payment of a bill in another currency gives back what it paid
 * in each).
 */
export async function applyToDocument(
  w: Writer,
  doc: CatalogObject,
  recordNo: number,
  delta: bigint,
  paidOn: string | null,
  trxDelta?: bigint,
): Promise<void> {
  const t = await documentTotals(w, doc, recordNo);
  if (!t)
    throw new LedgerqError(
      'write.missing-reference',
      `Invalid RECORDKEY '${recordNo}' specified: no ${doc.xmlName} with that RECORDNO`,
      { object: doc.xmlName, field: 'RECORDKEY' },
    );
  if (t.state === 'Reversed') {
    throw new LedgerqError('write.invalid-value', `${doc.xmlName} ${recordNo} is reversed and cannot be paid`, {
      object: doc.xmlName,
      field: 'RECORDKEY',
    });
  }
  const paid = t.paid + delta;
  const due = t.entered - paid;
  // A document with a negative total (an AP debit memo, a negative bill taken as a credit) is applied towards zero:
  // its TOTALPAID and TOTALDUE keep its total's sign.
  const sign = t.entered < 0n ? -1n : 1n;
  if (due * sign < 0n) {
    throw new LedgerqError(
      'write.invalid-value',
      `Payment amount ${money(delta)} for ${doc.xmlName} ${recordNo} is more than its amount due`,
      { object: doc.xmlName, field: 'TRX_PAYMENTAMOUNT' },
    );
  }
  if (paid * sign < 0n)
    throw new LedgerqError('internal', `${doc.xmlName} ${recordNo} would have TOTALPAID of the other sign`);
  const trxPaid = trxDelta === undefined ? paid : t.trxPaid + trxDelta;
  const trxDue = trxDelta === undefined ? due : t.trxEntered - trxPaid;
  const sets = [
    sql`${ident(storedColumn(doc, 'TOTALPAID'))} = ${p(Number(paid))}`,
    sql`${ident(storedColumn(doc, 'TOTALDUE'))} = ${p(Number(due))}`,
    sql`${ident(storedColumn(doc, 'TRX_TOTALPAID'))} = ${p(Number(trxPaid))}`,
    sql`${ident(storedColumn(doc, 'TRX_TOTALDUE'))} = ${p(Number(trxDue))}`,
    sql`${ident(storedColumn(doc, 'STATE'))} = ${p(paidState(paid, due))}`,
    sql`${ident(storedColumn(doc, 'WHENMODIFIED'))} = ${p(w.now)}`,
    sql`${ident(storedColumn(doc, 'WHENPAID'))} = ${p(due === 0n ? paidOn : null)}`,
  ];
  await w.db.run(
    sql`UPDATE ${ident(doc.table)} SET ${join(sets, ', ')} WHERE ${ident(COMPANY_COLUMN)} = ${p(w.companyKey)} AND ${ident(storedColumn(doc, 'RECORDNO'))} = ${p(recordNo)}`,
  );
}

/** Remembers that the payment paid `amount` cents of the document (added to what it already paid of it). */
export async function recordApplication(
  w: Writer,
  payment: CatalogObject,
  paymentNo: number,
  documentNo: number,
  amount: bigint,
): Promise<void> {
  await w.db.run(sql`INSERT INTO lq_payment_application (company_key, payment_object, payment_no, document_no, amount_cents)
    VALUES (${p(w.companyKey)}, ${p(payment.xmlName)}, ${p(paymentNo)}, ${p(documentNo)}, ${p(Number(amount))})
    ON CONFLICT (company_key, payment_object, payment_no, document_no) DO UPDATE SET amount_cents = lq_payment_application.amount_cents + ${p(Number(amount))}`);
}

/**
 * Remembers that an AP payment moved TOTALPAID of a document other than the bills it pays (an AP adjustment, a
 * negative bill taken as a credit) by `delta` cents (signed), added to what it already moved of it.
 */
export async function recordCreditApplication(
  w: Writer,
  payment: CatalogObject,
  paymentNo: number,
  doc: CatalogObject,
  documentNo: number,
  delta: bigint,
): Promise<void> {
  await w.db.run(sql`INSERT INTO lq_payment_credit_application (company_key, payment_object, payment_no, document_object, document_no, amount_cents)
    VALUES (${p(w.companyKey)}, ${p(payment.xmlName)}, ${p(paymentNo)}, ${p(doc.xmlName)}, ${p(documentNo)}, ${p(Number(delta))})
    ON CONFLICT (company_key, payment_object, payment_no, document_object, document_no) DO UPDATE SET amount_cents = lq_payment_credit_application.amount_cents + ${p(Number(delta))}`);
}

/**
 * Gives back everything the payment paid: each document's TOTALPAID falls and its
 * state moves back (Paid → Partially Paid → Posted), then the parties' due
 * amounts are recomputed. The demo seed records the applications of its settled
 * payments too (demo/payment-records.ts).
 */
export async function unapplyPayment(w: Writer, payment: CatalogObject, paymentNo: number): Promise<void> {
  const doc = w.catalog.require(PAYMENTS[payment.xmlName]!);
  const rows = await w.db.all<{
    document_no: number | string;
    amount_cents: number | string;
    trx_amount_cents: number | string | null;
  }>(sql`SELECT document_no, amount_cents, trx_amount_cents FROM lq_payment_application
    WHERE company_key = ${p(w.companyKey)} AND payment_object = ${p(payment.xmlName)} AND payment_no = ${p(paymentNo)} ORDER BY document_no`);
  const parties = new Set<string>();
  for (const r of rows) {
    const documentNo = Number(r.document_no);
    const t = await documentTotals(w, doc, documentNo);
    if (!t) continue; // the document is gone (deleted before the guard existed): nothing to give back
    const trx = r.trx_amount_cents === null ? undefined : -BigInt(r.trx_amount_cents);
    await applyToDocument(w, doc, documentNo, -BigInt(r.amount_cents), null, trx);
    parties.add(t.party);
  }
  await w.db.run(
    sql`DELETE FROM lq_payment_application WHERE company_key = ${p(w.companyKey)} AND payment_object = ${p(payment.xmlName)} AND payment_no = ${p(paymentNo)}`,
  );
  // Credits taken and credit memos paid (AP payments only) are given back the same way.
  const credits = await w.db.all<{
    document_object: string;
    document_no: number | string;
    amount_cents: number | string;
  }>(sql`SELECT document_object, document_no, amount_cents FROM lq_payment_credit_application
    WHERE company_key = ${p(w.companyKey)} AND payment_object = ${p(payment.xmlName)} AND payment_no = ${p(paymentNo)}
    ORDER BY document_object, document_no`);
  for (const r of credits) {
    const other = w.catalog.require(r.document_object);
    const documentNo = Number(r.document_no);
    const t = await documentTotals(w, other, documentNo);
    if (!t) continue;
    await applyToDocument(w, other, documentNo, -BigInt(r.amount_cents), null);
    parties.add(t.party);
  }
  await w.db.run(
    sql`DELETE FROM lq_payment_credit_application WHERE company_key = ${p(w.companyKey)} AND payment_object = ${p(payment.xmlName)} AND payment_no = ${p(paymentNo)}`,
  );
  for (const party of parties) await refreshPartyDue(w, doc, party);
}
