// Which documents carry lines and a party balance, and the recomputation that keeps vendor and customer TOTALDUE equal
// to their open documents.

import { COMPANY_COLUMN, storedColumn } from '../catalog/catalog.ts';
import type { CatalogObject } from '../catalog/types.ts';
import { ident, join, p, sql } from '../store/sql.ts';
import type { Writer } from './writer.ts';
import { OPEN_STATES } from '../catalog/document-states.ts';
import type { LabelAccounts } from './expense-reports.ts';

/**
 * What a document type writes besides its lines' totals (expense reports and adjustments: their states, zeroed
 * totals, expense types).
 */
export interface DocumentSpec {
  readonly line: string;
  readonly party: string | null;
  readonly partyId: string | null;
  /** The states a client may set (`state`), the first being a create's default; without it, a create is Posted. */
  readonly settableStates?: readonly string[];
  /** Header and line totals a create starts at zero besides TOTALPAID (what is selected, non-reimbursable …). */
  readonly zeroTotals?: readonly string[];
  readonly lineZeroTotals?: readonly string[];
  /** A line naming an expense type and no GL account posts to the type's account. */
  readonly labelAccounts?: LabelAccounts;
  /**
   * Amounts carry a sign (adjustments: a positive amount raises what the party owes, a negative one lowers it), so a
   * negative total is kept; `sameSign` refuses lines of both signs.
   */
  readonly signed?: { readonly sameSign: boolean };
}

/** Expense reports and adjustments: Submitted or Draft, nothing selected or non-reimbursable yet, expense types. */
function employeeExpense(line: string): DocumentSpec {
  return {
    line,
    party: null,
    partyId: null,
    settableStates: ['Submitted', 'Draft'],
    zeroTotals: ['TOTALSELECTED', 'TRX_TOTALSELECTED', 'NR_TOTALENTERED', 'NR_TRX_TOTALENTERED'],
    lineZeroTotals: ['TOTALSELECTED'],
    labelAccounts: { object: 'EEACCOUNTLABEL', label: 'ACCOUNTLABEL', account: 'GLACCOUNTNO' },
  };
}

/**
 * AP and AR adjustments: Posted (the legacy `action` Submit, the default) or Draft, with signed amounts. Intacct's AR
 * reference: "Use a positive number to create a debit memo or a negative number to create a credit memo" (a debit
 * memo raises what the customer owes); its AP reference says only that amounts "must be all positive or all negative,
 * not mixed", and Intacct's AP help that a credit memo increases what is owed to the vendor and a debit memo decreases
 * it. ledgerq reads a positive AP amount as a credit memo (the vendor is owed more) and a negative one as a debit
 * memo: the same sign rule as AR (positive raises the party's balance), marked as ledgerq's reading in docs/writes.md.
 */
function adjustment(line: string, party: string, partyId: string, sameSign: boolean): DocumentSpec {
  return { line, party, partyId, settableStates: ['Posted', 'Draft'], signed: { sameSign } };
}

/**
 * Header object → its line object, the party whose TOTALDUE follows its open documents, and the party's ID field. A
 * charge card transaction has no party: what it owes is the card's, which ledgerq keeps no balance for. An expense
 * report's employee is its link, not a balance: the catalog's EMPLOYEE keeps no TOTALDUE.
 */
export const DOCUMENTS: Readonly<Record<string, DocumentSpec>> = {
  APBILL: { line: 'APBILLITEM', party: 'VENDOR', partyId: 'VENDORID' },
  ARINVOICE: { line: 'ARINVOICEITEM', party: 'CUSTOMER', partyId: 'CUSTOMERID' },
  CCTRANSACTION: { line: 'CCTRANSACTIONENTRY', party: null, partyId: null },
  EEXPENSES: employeeExpense('EEXPENSESITEM'),
  EXPENSEADJUSTMENTS: employeeExpense('EXPENSEADJUSTMENTSITEM'),
  APADJUSTMENT: adjustment('APADJUSTMENTITEM', 'VENDOR', 'VENDORID', true),
  ARADJUSTMENT: adjustment('ARADJUSTMENTITEM', 'CUSTOMER', 'CUSTOMERID', false),
};

/** Payment object → the documents it pays. */
export const PAYMENTS: Readonly<Record<string, string>> = { APPYMT: 'APBILL', ARPYMT: 'ARINVOICE' };

/**
 * The party's TOTALDUE is recomputed from its open documents of every kind (a vendor's bills and AP adjustments, a
 * customer's invoices and AR adjustments), so it can never drift from them.
 */
export async function refreshPartyDue(w: Writer, header: CatalogObject, partyId: string): Promise<void> {
  const spec = DOCUMENTS[header.xmlName]!;
  if (spec.party === null || spec.partyId === null) return;
  const party = w.catalog.require(spec.party);
  const open = join(
    [...OPEN_STATES].map((s) => sql`${p(s)}`),
    ', ',
  );
  const sums = Object.entries(DOCUMENTS)
    .filter(([, d]) => d.party === spec.party && d.partyId !== null)
    .map(([name, d]) => {
      const doc = w.catalog.require(name);
      return sql`(SELECT COALESCE(SUM(${ident(storedColumn(doc, 'TOTALDUE'))}), 0) FROM ${ident(doc.table)}
        WHERE ${ident(COMPANY_COLUMN)} = ${p(w.companyKey)} AND ${ident(storedColumn(doc, d.partyId!))} = ${p(partyId)}
          AND ${ident(storedColumn(doc, 'STATE'))} IN (${open}))`;
    });
  await w.db.run(sql`UPDATE ${ident(party.table)} SET ${ident(storedColumn(party, 'TOTALDUE'))} = ${join(sums, ' + ')}
    WHERE ${ident(COMPANY_COLUMN)} = ${p(w.companyKey)} AND ${ident(storedColumn(party, spec.partyId))} = ${p(partyId)}`);
}

/** Lines owned by a header, by the line's field holding the header's RECORDNO: deleted with it. */
export const OWNED_LINES: Readonly<Record<string, { readonly line: string; readonly parentKey: string }>> = {
  APBILL: { line: 'APBILLITEM', parentKey: 'RECORDKEY' },
  ARINVOICE: { line: 'ARINVOICEITEM', parentKey: 'RECORDKEY' },
  GLBATCH: { line: 'GLENTRY', parentKey: 'BATCHNO' },
  SODOCUMENT: { line: 'SODOCUMENTENTRY', parentKey: 'DOCHDRNO' },
  PODOCUMENT: { line: 'PODOCUMENTENTRY', parentKey: 'DOCHDRNO' },
  INVDOCUMENT: { line: 'INVDOCUMENTENTRY', parentKey: 'DOCHDRNO' },
  CCTRANSACTION: { line: 'CCTRANSACTIONENTRY', parentKey: 'RECORDKEY' },
  EEXPENSES: { line: 'EEXPENSESITEM', parentKey: 'RECORDKEY' },
  EXPENSEADJUSTMENTS: { line: 'EXPENSEADJUSTMENTSITEM', parentKey: 'RECORDKEY' },
  APADJUSTMENT: { line: 'APADJUSTMENTITEM', parentKey: 'RECORDKEY' },
  ARADJUSTMENT: { line: 'ARADJUSTMENTITEM', parentKey: 'RECORDKEY' },
  OTHERRECEIPTS: { line: 'OTHERRECEIPTSENTRY', parentKey: 'RECORDKEY' },
  DEPOSIT: { line: 'DEPOSITENTRY', parentKey: 'RECORDKEY' },
  TIMESHEET: { line: 'TIMESHEETENTRY', parentKey: 'TIMESHEETKEY' },
  ALLOCATION: { line: 'ALLOCATIONENTRY', parentKey: 'ALLOCATIONKEY' },
  // An AP payment's details (payment-detail-records.ts): written by the payment, deleted with it.
  APPYMT: { line: 'APPYMTDETAIL', parentKey: 'PAYMENTKEY' },
  // An AR payment's details, the same way (create ARPYMT, create_arpayment and apply_arpayment write them).
  ARPYMT: { line: 'ARPYMTDETAIL', parentKey: 'PAYMENTKEY' },
};

/**
 * Other receipts and deposits, written whole by src/writes/receipts.ts (record_otherreceipt, record_deposit, REST POST)
 * and never changed afterwards: a deposit's totals are its receipts', and a receipt's state follows its deposit.
 */
export const CASH_RECEIPTS: Readonly<Record<string, string>> = {
  OTHERRECEIPTS: 'with its lines (record_otherreceipt, or REST POST with lines)',
  DEPOSIT: 'with the receipts it deposits (record_deposit, or REST POST with details)',
};
