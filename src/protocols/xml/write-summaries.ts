// Legacy create_billbatch and create_invoicebatch (the SDK's BillSummaryCreate and InvoiceSummaryCreate): a new open
// bill or invoice summary titled `batchtitle` whose GL posting date is `datecreated`. Sources: Intacct's AP and AR
// summaries references (russellkt/intacct-mcp-server docs/accounts-payable-ap-summaries.md,
// docs/accounts-receivable-ar-summaries.md: batchtitle and datecreated both Required), api.xsd (intacct/intacct_dtd
// v3.0: `create_billbatch (batchtitle, datecreated?, create_bill*)`, the same for invoices), and what the SDK's classes
// write (@intacct/intacct-sdk Functions/AccountsPayable/BillSummaryCreate, Functions/AccountsReceivable/
// InvoiceSummaryCreate). The elements are checked against api.xsd's declaration (function-schemas.ts), which refuses
// any other element by name; the create_bill / create_invoice elements it may hold are created into the new summary.
// create_apadjustmentbatch, create_aradjustmentbatch, create_arpaymentbatch and create_expensereportbatch (the SDK's
// ApAdjustmentSummaryCreate, ArAdjustmentSummaryCreate, ArPaymentSummaryCreate, ExpenseReportSummaryCreate) make the
// other summaries the references name (docs/accounts-payable-ap-summaries.md, docs/accounts-receivable-ar-summaries.md,
// docs/employee-expenses-expense-summaries.md: batchtitle and datecreated Required; the AR payment summary's
// bankaccountid "Required if not using undepfundsacct" and the reverse); they hold no documents.

import { LedgerqError } from '../../errors.ts';
import { createSummary } from '../../writes/summaries.ts';
import type { FunctionContext, FunctionOutcome } from './function-context.ts';
import { legacyWriter, writeFailed } from './write-functions.ts';
import { legacyRecord, runCreateBill, runCreateInvoice } from './write-legacy-documents.ts';
import type { XmlElement } from './xml-tree.ts';
import { textEl } from './xml-writer.ts';

type Handler = (ctx: FunctionContext, element: XmlElement) => Promise<FunctionOutcome>;

/** batchtitle → TITLE, datecreated (split into year, month, day) → CREATED. */
const SUMMARY_FIELDS: Readonly<Record<string, string>> = { batchtitle: 'TITLE', datecreated: 'CREATED' };
/** create_arpaymentbatch's deposit account: a bank account or the undeposited funds GL account. */
const AR_PAYMENT_SUMMARY_FIELDS: Readonly<Record<string, string>> = {
  ...SUMMARY_FIELDS,
  bankaccountid: 'BANKACCOUNTID',
  undepfundsacct: 'UNDEPFUNDSACCT',
};

/**
 * The summary's record; `datecreated` is required as the references' tables say (api.xsd makes it optional), so a
 * summary always has its posting date.
 */
function summaryRecord(
  ctx: FunctionContext,
  object: string,
  element: XmlElement,
  nested: string | null,
  fields: Readonly<Record<string, string>> = SUMMARY_FIELDS,
) {
  const o = ctx.catalog.require(object);
  if (!element.children.some((c) => c.name === 'datecreated'))
    throw new LedgerqError('write.required-field', `${element.name} needs datecreated, the summary's GL posting date`, {
      object,
      field: 'datecreated',
    });
  const held = nested ? [nested] : [];
  return legacyRecord(o, element, fields, new Set([...Object.keys(fields), ...held]), new Set(held));
}

/**
 * create_arpaymentbatch's deposit account: bankaccountid or undepfundsacct, one of the two (each "Required if not
 * using" the other).
 */
function depositAccount(element: XmlElement): void {
  const named = element.children.filter(
    (c) => (c.name === 'bankaccountid' || c.name === 'undepfundsacct') && c.text.trim() !== '',
  );
  if (named.length === 1) return;
  throw new LedgerqError(
    named.length === 0 ? 'write.required-field' : 'write.invalid-value',
    `${element.name} needs one of bankaccountid and undepfundsacct, the account its payments are deposited to`,
    { object: 'ARPYMTBATCH', field: 'bankaccountid' },
  );
}

/** A create_bill / create_invoice held by the summary function, sent into the new summary as its batchkey. */
function intoSummary(document: XmlElement, key: number): XmlElement {
  const named = document.children.find((c) => c.name === 'batchkey' && c.text.trim() !== '');
  if (named)
    throw new LedgerqError(
      'write.invalid-value',
      `batchkey of ${document.name}: a ${document.name} inside the summary function goes into the summary it creates`,
      { object: document.name, field: 'batchkey' },
    );
  const batchkey: XmlElement = { name: 'batchkey', attrs: {}, children: [], text: String(key) };
  return { ...document, children: [...document.children.filter((c) => c.name !== 'batchkey'), batchkey] };
}

function run(object: string, header: string, nested: string, createDocument: Handler): Handler {
  return (ctx, element) =>
    // The summary and the documents it holds are one write: a refused document leaves no summary behind.
    ctx.db.transaction(async (db) => {
      const tx: FunctionContext = { ...ctx, db };
      let key: number;
      try {
        const o = tx.catalog.require(object);
        key = (await createSummary(legacyWriter(tx), o, summaryRecord(tx, object, element, nested))).recordNo;
      } catch (e) {
        throw writeFailed('create', object, e);
      }
      for (const document of element.children.filter((c) => c.name === nested)) {
        let sent: XmlElement;
        try {
          sent = intoSummary(document, key);
        } catch (e) {
          throw writeFailed('create', header, e);
        }
        await createDocument(tx, sent);
      }
      // Legacy create functions answer with the new record's key (intacct-responses fact 34).
      return { kind: 'data', data: textEl('key', key) };
    });
}

/** A summary function that holds no documents: the summary alone, answered with its key. */
function runAlone(object: string, fields: Readonly<Record<string, string>> = SUMMARY_FIELDS): Handler {
  return async (ctx, element) => {
    try {
      const o = ctx.catalog.require(object);
      if (object === 'ARPYMTBATCH') depositAccount(element);
      const key = (await createSummary(legacyWriter(ctx), o, summaryRecord(ctx, object, element, null, fields)))
        .recordNo;
      return { kind: 'data', data: textEl('key', key) };
    } catch (e) {
      throw writeFailed('create', object, e);
    }
  };
}

/** create_billbatch: an open APBILLBATCH, and the bills it holds created into it. */
export const runCreateBillBatch = run('APBILLBATCH', 'APBILL', 'create_bill', runCreateBill);
/** create_invoicebatch: an open ARINVOICEBATCH, and the invoices it holds created into it. */
export const runCreateInvoiceBatch = run('ARINVOICEBATCH', 'ARINVOICE', 'create_invoice', runCreateInvoice);
/** create_apadjustmentbatch: an open APADJUSTMENTBATCH. */
export const runCreateApAdjustmentBatch = runAlone('APADJUSTMENTBATCH');
/** create_aradjustmentbatch: an open ARADJUSTMENTBATCH. */
export const runCreateArAdjustmentBatch = runAlone('ARADJUSTMENTBATCH');
/** create_arpaymentbatch: an open ARPYMTBATCH depositing to a bank account or the undeposited funds account. */
export const runCreateArPaymentBatch = runAlone('ARPYMTBATCH', AR_PAYMENT_SUMMARY_FIELDS);
/** create_expensereportbatch: an open EEXPENSESBATCH. */
export const runCreateExpenseReportBatch = runAlone('EEXPENSESBATCH');
