// Legacy create_bill and create_invoice (what the SDK's BillCreate and InvoiceCreate send): lower-case fields, split dates, line items.

import { findField } from '../../catalog/catalog.ts';
import type { CatalogField, CatalogObject } from '../../catalog/types.ts';
import { LedgerqError } from '../../errors.ts';
import { createDocument, createPayment } from '../../writes/documents.ts';
import type { RawRecord, RawValue } from '../../writes/record-values.ts';
import type { FunctionContext, FunctionOutcome } from './function-context.ts';
import { child, childText, type XmlElement } from './xml-tree.ts';
import { textEl } from './xml-writer.ts';
import { legacyWriter, writeFailed } from './write-functions.ts';

/** Legacy header element → catalog field; dates arrive split into year, month and day. */
const HEADER_FIELDS: Readonly<Record<string, string>> = {
  vendorid: 'VENDORID', customerid: 'CUSTOMERID', datecreated: 'WHENCREATED', dateposted: 'WHENPOSTED', datedue: 'WHENDUE',
  termname: 'TERMNAME', billno: 'RECORDID', invoiceno: 'RECORDID', ponumber: 'DOCNUMBER', description: 'DESCRIPTION',
  onhold: 'ONHOLD', currency: 'CURRENCY', supdocid: 'SUPDOCID',
};

/** Legacy line element → catalog field of the line object. */
const LINE_FIELDS: Readonly<Record<string, string>> = {
  glaccountno: 'ACCOUNTNO', offsetglaccountno: 'OFFSETGLACCOUNTNO', accountlabel: 'ACCOUNTLABEL', amount: 'TRX_AMOUNT', memo: 'ENTRYDESCRIPTION',
  locationid: 'LOCATIONID', departmentid: 'DEPARTMENTID', projectid: 'PROJECTID', customerid: 'CUSTOMERID', vendorid: 'VENDORID',
  employeeid: 'EMPLOYEEID', itemid: 'ITEMID', classid: 'CLASSID', billable: 'BILLABLE',
};

/** Elements the SDK may send that ledgerq accepts and does not keep (no catalog field holds them). */
const IGNORED = new Set(['action', 'batchkey', 'externalid', 'payto', 'returnto', 'nogl', 'customfields', 'exchratedate', 'exchratetype', 'exchrate',
  'allocationid', 'key', 'totalpaid', 'totaldue', 'contractid', 'warehouseid', 'basecurr', 'shipto', 'billto']);

function dateOf(e: XmlElement): string {
  const [y, m, d] = ['year', 'month', 'day'].map((n) => childText(e, n) ?? '');
  return y && m && d ? `${m}/${d}/${y}` : e.text.trim();
}

function legacyRecord(o: CatalogObject, e: XmlElement, names: Readonly<Record<string, string>>, skip: ReadonlySet<string>): RawRecord {
  const out = new Map<CatalogField, RawValue>();
  for (const c of e.children) {
    const k = c.name.toLowerCase();
    if (skip.has(k) || IGNORED.has(k)) continue;
    const f = names[k] ? findField(o, names[k]) : undefined;
    if (!f) throw new LedgerqError('write.unknown-field', `${c.name} is not a field of ${e.name}`, { object: o.xmlName, field: c.name });
    out.set(f, c.children.length > 0 ? dateOf(c) : c.text.trim());
  }
  return out;
}

async function createLegacyDocument(ctx: FunctionContext, element: XmlElement, header: string, line: string, items: string): Promise<FunctionOutcome> {
  const o = ctx.catalog.require(header);
  const lineObject = ctx.catalog.require(line);
  try {
    const lines = (child(element, items)?.children ?? []).map((l) => legacyRecord(lineObject, l, LINE_FIELDS, new Set()));
    const key = await createDocument(legacyWriter(ctx), o, legacyRecord(o, element, HEADER_FIELDS, new Set([items])), lines);
    // Legacy create functions answer with the new record's key directly in the result (intacct-responses fact 34).
    return { kind: 'data', data: textEl('key', key.recordNo) };
  } catch (e) {
    throw writeFailed('create', o, e);
  }
}

export function runCreateBill(ctx: FunctionContext, element: XmlElement): Promise<FunctionOutcome> {
  return createLegacyDocument(ctx, element, 'APBILL', 'APBILLITEM', 'billitems');
}

export function runCreateInvoice(ctx: FunctionContext, element: XmlElement): Promise<FunctionOutcome> {
  return createLegacyDocument(ctx, element, 'ARINVOICE', 'ARINVOICEITEM', 'invoiceitems');
}

/** Legacy create_arpayment header elements → ARPYMT fields. */
const AR_PAYMENT_FIELDS: Readonly<Record<string, string>> = {
  customerid: 'CUSTOMERID', bankaccountid: 'FINANCIALENTITY', refid: 'DOCNUMBER', datereceived: 'RECEIPTDATE', paymentmethod: 'PAYMENTMETHOD',
};

/** Kept by Intacct for multi-currency, deposits and card processing; accepted here and not stored. */
const AR_PAYMENT_IGNORED = new Set(['paymentamount', 'translatedamount', 'undepfundsacct', 'overpaylocid', 'overpaydeptid', 'cctype', 'authcode', 'onlinecardpayment', 'onlineachpayment']);

/** What the SDK's ArPaymentCreate sends: the invoices paid are `<arpaymentitem><invoicekey/><amount/></arpaymentitem>` children. */
export async function runCreateArPayment(ctx: FunctionContext, element: XmlElement): Promise<FunctionOutcome> {
  const o = ctx.catalog.require('ARPYMT');
  try {
    const items = element.children.filter((c) => c.name === 'arpaymentitem');
    const details = items.map((i) => ({ recordKey: childText(i, 'invoicekey') ?? '', amount: childText(i, 'amount') ?? '' }));
    const skip = new Set(['arpaymentitem', ...AR_PAYMENT_IGNORED]);
    const key = await createPayment(legacyWriter(ctx), o, legacyRecord(o, element, AR_PAYMENT_FIELDS, skip), details);
    return { kind: 'data', data: textEl('key', key.recordNo) };
  } catch (e) {
    throw writeFailed('create', o, e);
  }
}
