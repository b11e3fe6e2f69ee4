// Bills and invoices written whole with their lines, and payments applied to them, keeping vendor and customer balances consistent.

import { COMPANY_COLUMN, findField } from '../catalog/catalog.ts';
import type { CatalogObject } from '../catalog/types.ts';
import { LedgerqError } from '../errors.ts';
import { ident, join, p, sql } from '../store/sql.ts';
import { decimalToScaled, decodeValue, scaledToDecimal, type FieldValue } from '../store/values.ts';
import { col, DOCUMENTS, PAYMENTS, refreshPartyDue } from './party-due.ts';
import type { RawRecord } from './record-values.ts';
import { createRecord, type Writer, type WrittenKey } from './write-record.ts';

const cents = (v: FieldValue): bigint => decimalToScaled(String(v ?? '0'), 2);
const money = (c: bigint): string => scaledToDecimal(c, 2);

/**
 * A bill or invoice and its lines in one transaction. Each line's TRX_AMOUNT is
 * its amount (single currency: AMOUNT equals it); the header's totals are the
 * lines' sum, the document starts Posted with nothing paid.
 */
export async function createDocument(w: Writer, header: CatalogObject, raw: RawRecord, lines: readonly RawRecord[]): Promise<WrittenKey> {
  const spec = DOCUMENTS[header.xmlName];
  if (!spec) throw new LedgerqError('internal', `${header.xmlName} is not a document with lines`);
  const lineObject = w.catalog.require(spec.line);
  if (lines.length === 0) {
    throw new LedgerqError('write.required-field', `A ${header.xmlName} needs at least one line`, { object: header.xmlName, field: spec.line });
  }
  const amountField = findField(lineObject, 'TRX_AMOUNT')!;
  let total = 0n;
  for (const line of lines) {
    const amount = line.get(amountField);
    if (amount === undefined || amount === null || amount === '') continue; // createRecord reports the missing required amount
    try {
      total += cents(String(amount));
    } catch {
      throw new LedgerqError('write.invalid-value', `Invalid value for TRX_AMOUNT of ${lineObject.xmlName}: ${JSON.stringify(amount)} is not an amount`, { object: lineObject.xmlName, field: 'TRX_AMOUNT' });
    }
  }
  const partyIdField = findField(header, spec.partyId)!;
  const partyId = String(raw.get(partyIdField) ?? '');
  return w.db.transaction(async (db) => {
    const tx = { ...w, db };
    const party = w.catalog.require(spec.party);
    const names = await db.all<{ n: string | null }>(sql`SELECT ${ident(col(party, 'NAME'))} AS n FROM ${ident(party.table)}
      WHERE ${ident(COMPANY_COLUMN)} = ${p(w.companyPk)} AND ${ident(col(party, spec.partyId))} = ${p(partyId)}`);
    const nameField = header.xmlName === 'APBILL' ? 'VENDORNAME' : 'CUSTOMERNAME';
    const computed = new Map<string, FieldValue>([
      ['STATE', 'Posted'], ['TOTALENTERED', money(total)], ['TOTALDUE', money(total)], ['TOTALPAID', '0.00'],
      ['TRX_TOTALENTERED', money(total)], ['TRX_TOTALDUE', money(total)], ['TRX_TOTALPAID', '0.00'],
      [nameField, names[0]?.n ?? null],
    ].filter(([name]) => findField(header, name as string)?.column) as [string, FieldValue][]);
    const key = await createRecord(tx, header, raw, computed);
    let lineNo = 0;
    for (const line of lines) {
      lineNo += 1;
      const amount = line.get(amountField);
      const lineComputed = new Map<string, FieldValue>([['RECORDKEY', key.recordNo], ['LINE_NO', lineNo], ['AMOUNT', amount == null || amount === '' ? null : money(cents(String(amount)))], ['TOTALPAID', '0.00'], ['TRX_TOTALPAID', '0.00']]
        .filter(([name]) => findField(lineObject, name as string)?.column) as [string, FieldValue][]);
      await createRecord(tx, lineObject, line, lineComputed);
    }
    await refreshPartyDue(tx, header, partyId);
    return key;
  });
}

export interface PaymentDetail {
  /** RECORDNO of the bill or invoice paid. */
  readonly recordKey: string;
  readonly amount: string;
}

/**
 * A payment record plus its effect on each document it pays: TOTALPAID rises,
 * TOTALDUE falls, and the state moves Posted → Partially Paid → Paid. Paying
 * more than is due is refused, as Intacct refuses an overpayment of a bill.
 */
export async function createPayment(w: Writer, payment: CatalogObject, raw: RawRecord, details: readonly PaymentDetail[]): Promise<WrittenKey> {
  const docName = PAYMENTS[payment.xmlName];
  if (!docName) throw new LedgerqError('internal', `${payment.xmlName} is not a payment`);
  const doc = w.catalog.require(docName);
  const spec = DOCUMENTS[docName]!;
  if (details.length === 0) throw new LedgerqError('write.required-field', `A ${payment.xmlName} needs at least one document to pay`, { object: payment.xmlName, field: 'RECORDKEY' });
  const partyId = String(raw.get(findField(payment, spec.partyId)!) ?? '');
  const dateField = findField(payment, 'PAYMENTDATE') ?? findField(payment, 'RECEIPTDATE');
  return w.db.transaction(async (db) => {
    const tx = { ...w, db };
    let total = 0n;
    const updates: { recordNo: number; paid: bigint; due: bigint }[] = [];
    for (const d of details) {
      let amount: bigint;
      try {
        amount = cents(d.amount);
      } catch {
        throw new LedgerqError('write.invalid-value', `Invalid payment amount ${JSON.stringify(d.amount)} for ${docName} ${d.recordKey}`, { object: payment.xmlName, field: 'TRX_PAYMENTAMOUNT' });
      }
      const rows = /^\d{1,15}$/.test(d.recordKey) ? await db.all<Record<string, unknown>>(sql`SELECT ${ident(col(doc, 'TOTALPAID'))} AS paid, ${ident(col(doc, 'TOTALENTERED'))} AS entered, ${ident(col(doc, spec.partyId))} AS party
        FROM ${ident(doc.table)} WHERE ${ident(COMPANY_COLUMN)} = ${p(w.companyPk)} AND ${ident(col(doc, 'RECORDNO'))} = ${p(Number(d.recordKey))}`) : [];
      const row = rows[0];
      if (!row || row.party !== partyId) {
        throw new LedgerqError('write.missing-reference', `Invalid RECORDKEY '${d.recordKey}' specified: no ${docName} of ${spec.partyId} '${partyId}' with that RECORDNO`, { object: payment.xmlName, field: 'RECORDKEY' });
      }
      const paidField = findField(doc, 'TOTALPAID')!;
      const paid = cents(decodeValue(paidField, row.paid)) + amount;
      const due = cents(decodeValue(paidField, row.entered)) - paid;
      if (amount <= 0n || due < 0n) {
        throw new LedgerqError('write.invalid-value', `Payment amount ${money(amount)} for ${docName} ${d.recordKey} is more than its amount due`, { object: payment.xmlName, field: 'TRX_PAYMENTAMOUNT' });
      }
      total += amount;
      updates.push({ recordNo: Number(d.recordKey), paid, due });
    }
    const computed = new Map<string, FieldValue>([
      ['STATE', 'Posted'], ['TOTALENTERED', money(total)], ['TOTALPAID', money(total)], ['TOTALDUE', '0.00'],
      ['TRX_TOTALENTERED', money(total)], ['TRX_TOTALPAID', money(total)], ['TRX_TOTALDUE', '0.00'],
    ].filter(([name]) => findField(payment, name as string)?.column) as [string, FieldValue][]);
    const key = await createRecord(tx, payment, raw, computed);
    const paidOn = await db.all<{ d: string | null }>(sql`SELECT ${ident(dateField?.column ?? col(payment, 'RECORDNO'))} AS d FROM ${ident(payment.table)}
      WHERE ${ident(COMPANY_COLUMN)} = ${p(w.companyPk)} AND ${ident(col(payment, 'RECORDNO'))} = ${p(key.recordNo)}`);
    const whenPaid = dateField ? (paidOn[0]?.d ?? null) : null;
    for (const u of updates) {
      const state = u.due === 0n ? 'Paid' : 'Partially Paid';
      const sets = [
        sql`${ident(col(doc, 'TOTALPAID'))} = ${p(Number(u.paid))}`, sql`${ident(col(doc, 'TOTALDUE'))} = ${p(Number(u.due))}`,
        sql`${ident(col(doc, 'TRX_TOTALPAID'))} = ${p(Number(u.paid))}`, sql`${ident(col(doc, 'TRX_TOTALDUE'))} = ${p(Number(u.due))}`,
        sql`${ident(col(doc, 'STATE'))} = ${p(state)}`, sql`${ident(col(doc, 'WHENMODIFIED'))} = ${p(w.now)}`,
        ...(u.due === 0n && whenPaid ? [sql`${ident(col(doc, 'WHENPAID'))} = ${p(whenPaid)}`] : []),
      ];
      await db.run(sql`UPDATE ${ident(doc.table)} SET ${join(sets, ', ')} WHERE ${ident(COMPANY_COLUMN)} = ${p(w.companyPk)} AND ${ident(col(doc, 'RECORDNO'))} = ${p(u.recordNo)}`);
    }
    await refreshPartyDue(tx, doc, partyId);
    return key;
  });
}

/**
 * A journal entry (GLBATCH) and its lines (GLENTRY) in one transaction. Debits
 * (TR_TYPE 1) must equal credits (TR_TYPE -1), as Intacct refuses an unbalanced
 * entry; BATCHNO on the header and on each line is the new record number.
 */
export async function createJournalEntry(w: Writer, batch: CatalogObject, raw: RawRecord, lines: readonly RawRecord[]): Promise<WrittenKey> {
  const entry = w.catalog.require('GLENTRY');
  if (lines.length === 0) throw new LedgerqError('write.required-field', 'A GLBATCH needs at least one line in ENTRIES', { object: batch.xmlName, field: 'ENTRIES' });
  const amountField = findField(entry, 'TRX_AMOUNT')!;
  const typeField = findField(entry, 'TR_TYPE')!;
  let balance = 0n;
  for (const line of lines) {
    const amount = line.get(amountField);
    if (amount === undefined || amount === null || amount === '') continue;
    let c: bigint;
    try { c = cents(String(amount)); } catch { continue; } // createRecord reports the invalid amount by field
    balance += String(line.get(typeField) ?? '1').trim() === '-1' ? -c : c;
  }
  if (balance !== 0n) {
    throw new LedgerqError('write.invalid-value', `Debits and credits of the GLBATCH are not equal (difference ${money(balance < 0n ? -balance : balance)})`, { object: batch.xmlName, field: 'ENTRIES' });
  }
  return w.db.transaction(async (db) => {
    const tx = { ...w, db };
    // Without STATE (the SDK sends it only when an action is set) an entry is posted, as Intacct posts it.
    const state = findField(batch, 'STATE')!;
    const key = await createRecord(tx, batch, raw, raw.has(state) ? new Map() : new Map([['STATE', 'Posted']]));
    await db.run(sql`UPDATE ${ident(batch.table)} SET ${ident(col(batch, 'BATCHNO'))} = ${p(key.recordNo)}
      WHERE ${ident(COMPANY_COLUMN)} = ${p(w.companyPk)} AND ${ident(col(batch, 'RECORDNO'))} = ${p(key.recordNo)}`);
    let lineNo = 0;
    for (const line of lines) {
      lineNo += 1;
      const amount = line.get(amountField);
      const computed = new Map<string, FieldValue>([['BATCHNO', key.recordNo], ['LINE_NO', lineNo], ['AMOUNT', amount == null || amount === '' ? null : money(cents(String(amount)))]]);
      await createRecord(tx, entry, line, computed);
    }
    return key;
  });
}
