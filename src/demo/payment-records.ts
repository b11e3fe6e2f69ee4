// What each demo payment paid, kept where the write path keeps its own payments' (lq_payment_application), so deleting
// or reversing a demo payment gives its bill or invoice the amount back.

import type { Database } from '../store/database.ts';

export interface DemoApplication {
  readonly paymentObject: 'APPYMT' | 'ARPYMT';
  readonly paymentNo: number;
  readonly documentNo: number;
  /** Cents in the company's base currency (the document's TOTALPAID moves by this). */
  readonly baseCents: number;
  /** Cents in the document's currency (its TRX_TOTALPAID moves by this). */
  readonly trxCents: number;
}

const COLUMNS = ['company_key', 'payment_object', 'payment_no', 'document_no', 'amount_cents', 'trx_amount_cents'];

export async function writeApplications(
  db: Database,
  companyKey: number,
  applications: readonly DemoApplication[],
): Promise<void> {
  if (applications.length === 0) return;
  await db.copyRows(
    'lq_payment_application',
    COLUMNS,
    applications.map((a) => [
      companyKey,
      a.paymentObject,
      a.paymentNo,
      a.documentNo,
      a.baseCents,
      // One amount for both when they agree, as the write path records its own payments.
      a.trxCents === a.baseCents ? null : a.trxCents,
    ]),
  );
}
