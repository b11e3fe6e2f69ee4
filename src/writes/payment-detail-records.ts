// The APPYMTDETAIL / ARPYMTDETAIL records of a payment: Intacct keeps each detail of a payment as a record of its own,
// which `query` / `read` / `readByQuery` of APPYMTDETAIL and REST GET accounts-payable/payment-detail answer (russellkt/
// intacct-mcp-server docs/accounts-payable-ap-payments.md, "AP Payment Details"; lorenz-bus-service/node-intacct-rest-api
// spec/accounts-payable.json, objects.accounts-payable.payment-detail), as do ARPYMTDETAIL and accounts-receivable/
// payment-detail ("An ARPYMT is composed of header information and one or more payment detail (ARPYMTDETAIL) objects",
// docs/accounts-receivable-ar-payments.md; spec/accounts-receivable.json, objects.accounts-receivable.payment-detail).
// They are written in the payment's transaction, follow its state when it is reversed or voided (an AR detail has no
// state of its own), and go with it when it is deleted (OWNED_LINES, party-due.ts).

import { COMPANY_COLUMN, findField, storedColumn } from '../catalog/catalog.ts';
import { encodeValue, type FieldValue } from '../catalog/field-values.ts';
import type { CatalogObject } from '../catalog/types.ts';
import { ident, p, sql } from '../store/sql.ts';
import { createRecord, type Writer } from './write-record.ts';

/** The detail object of each payment object. */
export const PAYMENT_DETAILS: Readonly<Record<string, string>> = { APPYMT: 'APPYMTDETAIL', ARPYMT: 'ARPYMTDETAIL' };

/** One detail as the payment applied it, by detail field name (keys, entry keys, amounts in decimal text). */
export type DetailValues = ReadonlyMap<string, FieldValue>;

/** The payment's own values every detail repeats: its key, date, state and currency. */
export interface PaymentOfDetails {
  readonly recordNo: number;
  readonly date: string | null;
  readonly state: string;
  readonly currency: string | null;
}

/**
 * Writes one detail record of `paymentObject` (APPYMT, ARPYMT) per detail applied, in order. PAYMENTAMOUNT (REST
 * baseCurrency.paymentAmount) is the cash in the base currency: ledgerq keeps one currency, so it equals
 * TRX_PAYMENTAMOUNT, as DISCOUNTAMOUNT equals TRX_DISCOUNTAMOUNT. Values the detail object has no field for (an
 * ARPYMTDETAIL's STATE) are not kept.
 */
export async function writePaymentDetails(
  w: Writer,
  paymentObject: string,
  payment: PaymentOfDetails,
  details: readonly DetailValues[],
): Promise<void> {
  const o = w.catalog.require(PAYMENT_DETAILS[paymentObject]!);
  for (const d of details) {
    const values = new Map<string, FieldValue>([
      ['PAYMENTKEY', payment.recordNo],
      ['PAYMENTDATE', payment.date],
      ['STATE', payment.state],
      ['CURRENCY', payment.currency],
      ['PAYMENTAMOUNT', d.get('TRX_PAYMENTAMOUNT') ?? null],
      ['DISCOUNTAMOUNT', d.get('TRX_DISCOUNTAMOUNT') ?? null],
      ...d,
    ]);
    const computed = new Map([...values].filter(([name, v]) => v !== null && findField(o, name)?.column));
    await createRecord(w, o, new Map(), computed);
  }
}

/**
 * A payment reversed or voided keeps its details, which take its new state (as they read the payment's STATE). An
 * ARPYMTDETAIL has no STATE (neither the reference nor the REST schema gives one): it is left as it is.
 */
export async function setPaymentDetailsState(
  w: Writer,
  paymentObject: string,
  paymentNo: number,
  state: string,
): Promise<void> {
  const o = w.catalog.require(PAYMENT_DETAILS[paymentObject]!);
  if (!findField(o, 'STATE')?.column) return;
  const col = (n: string) => ident(storedColumn(o, n));
  await w.db.run(sql`UPDATE ${ident(o.table)} SET ${col('STATE')} = ${p(encodeValue(findField(o, 'STATE')!, state))}
    WHERE ${ident(COMPANY_COLUMN)} = ${p(w.companyKey)} AND ${col('PAYMENTKEY')} = ${p(paymentNo)}`);
}

/** The detail keys of a bill or credit memo paid, and of a credit taken, by the document they name. */
export function documentKeys(doc: CatalogObject, asCredit: boolean): { key: string; entry: string } {
  if (asCredit)
    return doc.xmlName === 'APADJUSTMENT'
      ? { key: 'ADJUSTMENTKEY', entry: 'ADJUSTMENTENTRYKEY' }
      : { key: 'INLINEKEY', entry: 'INLINEENTRYKEY' };
  return doc.xmlName === 'APADJUSTMENT'
    ? { key: 'POSADJKEY', entry: 'POSADJENTRYKEY' }
    : { key: 'RECORDKEY', entry: 'ENTRYKEY' };
}
