// Legacy create_billbatch and create_invoicebatch (the SDK's BillSummaryCreate and InvoiceSummaryCreate): a new open
// bill or invoice summary titled `batchtitle` whose GL posting date is `datecreated`. Sources: Intacct's AP and AR
// summaries references (russellkt/intacct-mcp-server docs/accounts-payable-ap-summaries.md,
// docs/accounts-receivable-ar-summaries.md: batchtitle and datecreated both Required), api.xsd (intacct/intacct_dtd
// v3.0: `create_billbatch (batchtitle, datecreated?, create_bill*)`, the same for invoices), and what the SDK's classes
// write (@intacct/intacct-sdk Functions/AccountsPayable/BillSummaryCreate, Functions/AccountsReceivable/
// InvoiceSummaryCreate). The elements are checked against api.xsd's declaration (function-schemas.ts), which refuses
// any other element by name; the create_bill / create_invoice elements it may hold are created into the new summary.

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

/**
 * The summary's record; `datecreated` is required as the references' tables say (api.xsd makes it optional), so a
 * summary always has its posting date.
 */
function summaryRecord(ctx: FunctionContext, object: string, element: XmlElement, nested: string) {
  const o = ctx.catalog.require(object);
  if (!element.children.some((c) => c.name === 'datecreated'))
    throw new LedgerqError('write.required-field', `${element.name} needs datecreated, the summary's GL posting date`, {
      object,
      field: 'datecreated',
    });
  return legacyRecord(o, element, SUMMARY_FIELDS, new Set([...Object.keys(SUMMARY_FIELDS), nested]), new Set([nested]));
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

/** create_billbatch: an open APBILLBATCH, and the bills it holds created into it. */
export const runCreateBillBatch = run('APBILLBATCH', 'APBILL', 'create_bill', runCreateBill);
/** create_invoicebatch: an open ARINVOICEBATCH, and the invoices it holds created into it. */
export const runCreateInvoiceBatch = run('ARINVOICEBATCH', 'ARINVOICE', 'create_invoice', runCreateInvoice);
