// Legacy bill, invoice and payment functions the SDK's classes send (create_/update_/reverse_bill and _invoice,
// create_/apply_/reverse_arpayment, reverse_/void_appayment): lower-case fields, split dates, line items.

import { findField } from '../../catalog/catalog.ts';
import type { CatalogField, CatalogObject } from '../../catalog/types.ts';
import { LedgerqError } from '../../errors.ts';
import {
  applyPayment,
  createDocument,
  createPayment,
  reverseDocument,
  reversePayment,
  updateDocument,
  type LineChange,
} from '../../writes/documents.ts';
import type { RawRecord, RawValue } from '../../writes/record-values.ts';
import type { FunctionContext, FunctionOutcome } from './function-context.ts';
import { child, childText, type XmlElement } from './xml-tree.ts';
import { textEl } from './xml-writer.ts';
import { legacyWriter, writeFailed } from './write-functions.ts';

/** Legacy header element → catalog field, where the object has it; dates arrive split into year, month and day. */
const HEADER_FIELDS: Readonly<Record<string, string>> = {
  vendorid: 'VENDORID',
  customerid: 'CUSTOMERID',
  datecreated: 'WHENCREATED',
  dateposted: 'WHENPOSTED',
  datedue: 'WHENDUE',
  termname: 'TERMNAME',
  // The summary the bill or invoice goes into (src/writes/summaries.ts).
  batchkey: 'PRBATCHKEY',
  billno: 'RECORDID',
  invoiceno: 'RECORDID',
  ponumber: 'DOCNUMBER',
  description: 'DESCRIPTION',
  onhold: 'ONHOLD',
  currency: 'CURRENCY',
  supdocid: 'SUPDOCID',
  inclusivetax: 'INCLUSIVETAX',
};

/** Legacy line element → catalog field of the line object, where it has it. */
const LINE_FIELDS: Readonly<Record<string, string>> = {
  glaccountno: 'ACCOUNTNO',
  offsetglaccountno: 'OFFSETGLACCOUNTNO',
  accountlabel: 'ACCOUNTLABEL',
  amount: 'TRX_AMOUNT',
  memo: 'ENTRYDESCRIPTION',
  locationid: 'LOCATIONID',
  departmentid: 'DEPARTMENTID',
  projectid: 'PROJECTID',
  customerid: 'CUSTOMERID',
  vendorid: 'VENDORID',
  employeeid: 'EMPLOYEEID',
  itemid: 'ITEMID',
  classid: 'CLASSID',
  warehouseid: 'WAREHOUSEID',
  billable: 'BILLABLE',
  item1099: 'FORM1099',
  form1099type: 'FORM1099TYPE',
  form1099box: 'FORM1099BOX',
};

/** The element names of a parameter table, written as one whitespace-separated string. */
export const words = (s: string): ReadonlySet<string> => new Set(s.split(/\s+/).filter(Boolean));

/**
 * The elements each legacy function takes: the parameter tables of Intacct's XML reference (accounts-payable/bills,
 * accounts-receivable/invoices, as mirrored in dgaretz-oss/intacct-mcp docs/xml/*.md) plus what the official SDK's
 * classes write there (`onhold` in InvoiceCreate; `allocationid`, `key`, `totalpaid`, `totaldue` in an
 * updatelineitem). An element listed is kept in its catalog field where the object has one, else accepted and not
 * kept (tax entries, allocations, 1099 details of invoices, multi-currency rates …); any other is refused by name.
 */
const BILL_LINE = words(`glaccountno accountlabel offsetglaccountno amount allocationid memo locationid departmentid
  item1099 form1099type form1099box key totalpaid totaldue customfields projectid taskid costtypeid customerid vendorid
  employeeid itemid classid contractid warehouseid billable totaltrxamount partialexempt taxentries`);
const INVOICE_LINE = words(`glaccountno accountlabel offsetglaccountno amount allocationid memo locationid departmentid
  key totalpaid totaldue customfields revrectemplate defrevaccount revrecstartdate revrecenddate projectid taskid
  costtypeid customerid vendorid employeeid itemid classid contractid warehouseid taxentries`);

export interface LegacyElements {
  readonly header: ReadonlySet<string>;
  /** The container of the lines, and the elements each kind of line in it takes. */
  readonly items: string;
  readonly lines: Readonly<Record<string, ReadonlySet<string>>>;
  /** The line element that changes an existing line (`line_num`); any other line element adds one. */
  readonly updateLine?: string;
  /** Legacy element → catalog field, where they differ from the bill's and invoice's (HEADER_FIELDS, LINE_FIELDS). */
  readonly headerNames?: Readonly<Record<string, string>>;
  readonly lineNames?: Readonly<Record<string, string>>;
}

/** record_cctransaction / update_cctransaction header elements → CCTRANSACTION fields. */
const CC_HEADER_FIELDS: Readonly<Record<string, string>> = {
  chargecardid: 'FINANCIALENTITY',
  paymentdate: 'WHENCREATED',
  referenceno: 'RECORDID',
  payee: 'DESCRIPTION2',
  description: 'DESCRIPTION',
  supdocid: 'SUPDOCID',
  currency: 'CURRENCY',
};

/** ccpayitem / updateccpayitem elements → CCTRANSACTIONENTRY fields: the amount is `paymentamount`, the memo `description`. */
const CC_LINE_FIELDS: Readonly<Record<string, string>> = {
  ...Object.fromEntries(Object.entries(LINE_FIELDS).filter(([k]) => k !== 'amount' && k !== 'memo')),
  paymentamount: 'TRX_AMOUNT',
  description: 'DESCRIPTION',
};

/**
 * A ccpayitem's elements (Intacct's charge card transactions reference, russellkt/intacct-mcp-server
 * docs/cash-management-charge-card-transactions.md; the SDK's ChargeCardTransactionLineCreate writes a subset). Tasks,
 * cost types, contracts, warehouses, tax entries and inclusive-tax totals are accepted and not kept.
 */
const CC_LINE = words(`glaccountno accountlabel description paymentamount departmentid locationid customerid vendorid
  employeeid projectid taskid costtypeid itemid classid contractid warehouseid customfields totaltrxamount taxentries
  billable`);

const LEGACY_ELEMENTS = {
  create_bill: {
    header: words(`vendorid datecreated dateposted datedue termname action batchkey billno ponumber onhold description
      externalid payto returnto basecurr currency exchratedate exchratetype exchrate nogl supdocid customfields
      inclusivetax taxsolutionid`),
    items: 'billitems',
    lines: { lineitem: BILL_LINE },
  },
  update_bill: {
    header: words(`vendorid datecreated dateposted datedue termname action billno ponumber onhold description payto
      returnto currency exchratedate exchratetype exchrate supdocid customfields inclusivetax`),
    items: 'updatebillitems',
    lines: { updatelineitem: BILL_LINE, lineitem: BILL_LINE },
  },
  create_invoice: {
    header: words(`customerid datecreated dateposted datedue termname batchkey action invoiceno ponumber onhold
      description externalid billto shipto basecurr currency exchratedate exchratetype exchrate nogl supdocid
      customfields taxsolutionid`),
    items: 'invoiceitems',
    lines: { lineitem: INVOICE_LINE },
  },
  update_invoice: {
    header: words(`customerid datecreated dateposted datedue termname action invoiceno ponumber description payto
      returnto basecurr currency exchratedate exchratetype exchrate supdocid customfields`),
    items: 'updateinvoiceitems',
    lines: { updatelineitem: INVOICE_LINE, lineitem: INVOICE_LINE },
  },
  record_cctransaction: {
    header: words(`chargecardid paymentdate referenceno payee description supdocid currency exchratedate exchratetype
      exchrate customfields inclusivetax taxsolutionid`),
    items: 'ccpayitems',
    lines: { ccpayitem: CC_LINE },
    headerNames: CC_HEADER_FIELDS,
    lineNames: CC_LINE_FIELDS,
  },
  update_cctransaction: {
    header: words(`paymentdate referenceno payee description supdocid currency exchratedate exchratetype exchrate
      customfields inclusivetax`),
    items: 'updateccpayitems',
    lines: { updateccpayitem: CC_LINE, ccpayitem: CC_LINE },
    updateLine: 'updateccpayitem',
    headerNames: CC_HEADER_FIELDS,
    lineNames: CC_LINE_FIELDS,
  },
} as const satisfies Record<string, LegacyElements>;

function dateOf(e: XmlElement): string {
  const [y, m, d] = ['year', 'month', 'day'].map((n) => childText(e, n) ?? '');
  return y && m && d ? `${m}/${d}/${y}` : e.text.trim();
}

/**
 * The text of each leaf element of a legacy item (a payitem, an eppaymentrequestitem …) by lower-cased name, an empty
 * element being not given; any element outside `takes` is refused by name.
 */
export function itemLeaves(object: string, e: XmlElement, takes: ReadonlySet<string>): (name: string) => string | null {
  for (const c of e.children)
    if (!takes.has(c.name.toLowerCase()))
      throw new LedgerqError('write.unknown-field', `${c.name} is not a field of ${e.name}`, { object, field: c.name });
  return (name) =>
    e.children
      .filter((c) => c.name.toLowerCase() === name)
      .map((c) => c.text.trim())
      .find((v) => v !== '') ?? null;
}

/** A legacy element's children as catalog fields by `names`; an element `takes` does not list is refused by name. */
export function legacyRecord(
  o: CatalogObject,
  e: XmlElement,
  names: Readonly<Record<string, string>>,
  takes: ReadonlySet<string>,
  skip: ReadonlySet<string> = new Set(),
): RawRecord {
  const out = new Map<CatalogField, RawValue>();
  for (const c of e.children) {
    const k = c.name.toLowerCase();
    if (skip.has(k)) continue;
    if (!takes.has(k))
      throw new LedgerqError('write.unknown-field', `${c.name} is not a field of ${e.name}`, {
        object: o.xmlName,
        field: c.name,
      });
    const f = names[k] ? findField(o, names[k]) : undefined;
    // An empty element is a field not given (`<departmentid></departmentid>` in the reference's own example).
    if (f && (c.children.length > 0 || c.text.trim() !== ''))
      out.set(f, c.children.length > 0 ? dateOf(c) : c.text.trim());
  }
  return out;
}

/** The lines of a legacy document, each checked against the elements its kind of line takes. */
function legacyLines(lineObject: CatalogObject, element: XmlElement, spec: LegacyElements): readonly XmlElement[] {
  const lines = child(element, spec.items)?.children ?? [];
  for (const l of lines) {
    if (!(l.name in spec.lines))
      throw new LedgerqError('write.unknown-field', `${l.name} is not a line of ${spec.items}`, {
        object: lineObject.xmlName,
        field: l.name,
      });
  }
  return lines;
}

const linesTake = (spec: LegacyElements, l: XmlElement): ReadonlySet<string> => spec.lines[l.name]!;

export async function createLegacyDocument(
  ctx: FunctionContext,
  element: XmlElement,
  header: string,
  line: string,
  spec: LegacyElements,
): Promise<FunctionOutcome> {
  const o = ctx.catalog.require(header);
  const lineObject = ctx.catalog.require(line);
  try {
    const lines = legacyLines(lineObject, element, spec).map((l) =>
      legacyRecord(lineObject, l, spec.lineNames ?? LINE_FIELDS, linesTake(spec, l)),
    );
    const key = await createDocument(
      legacyWriter(ctx),
      o,
      legacyRecord(o, element, spec.headerNames ?? HEADER_FIELDS, spec.header, new Set([spec.items])),
      lines,
    );
    // Legacy create functions answer with the new record's key directly in the result (intacct-responses fact 34).
    return { kind: 'data', data: textEl('key', key.recordNo) };
  } catch (e) {
    throw writeFailed('create', o, e);
  }
}

export function runCreateBill(ctx: FunctionContext, element: XmlElement): Promise<FunctionOutcome> {
  return createLegacyDocument(ctx, element, 'APBILL', 'APBILLITEM', LEGACY_ELEMENTS.create_bill);
}

export function runCreateInvoice(ctx: FunctionContext, element: XmlElement): Promise<FunctionOutcome> {
  return createLegacyDocument(ctx, element, 'ARINVOICE', 'ARINVOICEITEM', LEGACY_ELEMENTS.create_invoice);
}

/** record_cctransaction (the SDK's ChargeCardTransactionCreate): a charge card transaction with its ccpayitems. */
export function runRecordCcTransaction(ctx: FunctionContext, element: XmlElement): Promise<FunctionOutcome> {
  return createLegacyDocument(
    ctx,
    element,
    'CCTRANSACTION',
    'CCTRANSACTIONENTRY',
    LEGACY_ELEMENTS.record_cctransaction,
  );
}

/** Legacy create_arpayment header elements → ARPYMT fields. */
const AR_PAYMENT_FIELDS: Readonly<Record<string, string>> = {
  customerid: 'CUSTOMERID',
  bankaccountid: 'FINANCIALENTITY',
  refid: 'DOCNUMBER',
  datereceived: 'RECEIPTDATE',
  paymentmethod: 'PAYMENTMETHOD',
  // The SDK's ArPaymentCreate summaryRecordNo: the open AR payment summary the payment goes into (summaries.ts).
  batchkey: 'PRBATCHKEY',
  // The reference's table and its multi-currency example: kept as given, without conversion (one currency, as the
  // legacy documents keep theirs).
  basecurr: 'BASECURR',
  currency: 'CURRENCY',
};

/** Its fields, and what Intacct keeps for multi-currency, deposits and card processing (accepted, not stored). */
const AR_PAYMENT_TAKES: ReadonlySet<string> = new Set([
  ...Object.keys(AR_PAYMENT_FIELDS),
  'paymentamount',
  'translatedamount',
  'undepfundsacct',
  'overpaylocid',
  'overpaydeptid',
  'exchratedate',
  'exchratetype',
  'exchrate',
  'cctype',
  'authcode',
  'onlinecardpayment',
  'onlineachpayment',
]);

/** Where an AR payment is deposited: a bank account, the undeposited funds account, or its summary's account. */
const DEPOSITED_BY = ['bankaccountid', 'undepfundsacct', 'batchkey'] as const;

/** What the SDK's ArPaymentCreate sends: the invoices paid are `<arpaymentitem><invoicekey/><amount/></arpaymentitem>` children. */
export async function runCreateArPayment(ctx: FunctionContext, element: XmlElement): Promise<FunctionOutcome> {
  const o = ctx.catalog.require('ARPYMT');
  try {
    // The reference's table: batchkey, bankaccountid and undepfundsacct are each "Required if not using" the others.
    if (!DEPOSITED_BY.some((name) => (childText(element, name) ?? '').trim() !== ''))
      throw new LedgerqError(
        'write.required-field',
        'create_arpayment needs one of bankaccountid, undepfundsacct and batchkey, where the payment is deposited',
        { object: 'ARPYMT', field: 'bankaccountid' },
      );
    const items = element.children.filter((c) => c.name === 'arpaymentitem');
    const details = items.map((i) => ({
      recordKey: childText(i, 'invoicekey') ?? '',
      amount: childText(i, 'amount') ?? '',
    }));
    const entered = childText(element, 'paymentamount') ?? undefined;
    const key = await createPayment(
      legacyWriter(ctx),
      o,
      legacyRecord(o, element, AR_PAYMENT_FIELDS, AR_PAYMENT_TAKES, new Set(['arpaymentitem'])),
      details,
      entered,
    );
    return { kind: 'data', data: textEl('key', key.recordNo) };
  } catch (e) {
    throw writeFailed('create', o, e);
  }
}

/** The record number a legacy function's `key` attribute names; `externalkey="true"` (the document's external ID) is not kept by ledgerq. */
export function keyAttr(o: CatalogObject, element: XmlElement): string {
  if (element.attrs.externalkey === 'true') {
    throw new LedgerqError(
      'write.unknown-field',
      `${element.name}: external keys are not supported; name the ${o.xmlName} by its record number`,
      { object: o.xmlName, field: 'externalkey' },
    );
  }
  const key = element.attrs.key ?? '';
  if (!key)
    throw new LedgerqError('write.required-field', `${element.name} needs the record number in its key attribute`, {
      object: o.xmlName,
      field: 'key',
    });
  return key;
}

/**
 * update_bill / update_invoice: header fields, then `<updatebillitems>` holding
 * `<updatelineitem line_num="N">` (changes line N) and `<lineitem>` (a new line).
 * Totals are recomputed from the lines.
 */
export async function updateLegacyDocument(
  ctx: FunctionContext,
  element: XmlElement,
  header: string,
  line: string,
  spec: LegacyElements,
): Promise<FunctionOutcome> {
  const o = ctx.catalog.require(header);
  const lineObject = ctx.catalog.require(line);
  try {
    const key = keyAttr(o, element);
    const lines = legacyLines(lineObject, element, spec).map((l): LineChange => {
      const updateLine = spec.updateLine ?? 'updatelineitem';
      const n = l.name === updateLine ? Number(l.attrs.line_num ?? NaN) : null;
      if (n !== null && !Number.isInteger(n))
        throw new LedgerqError('write.required-field', `${updateLine} needs a line_num attribute`, {
          object: lineObject.xmlName,
          field: 'line_num',
        });
      return { lineNo: n, raw: legacyRecord(lineObject, l, spec.lineNames ?? LINE_FIELDS, linesTake(spec, l)) };
    });
    const k = await updateDocument(
      legacyWriter(ctx),
      o,
      { by: 'key', value: key },
      legacyRecord(o, element, spec.headerNames ?? HEADER_FIELDS, spec.header, new Set([spec.items])),
      lines,
    );
    return { kind: 'data', data: textEl('key', k.recordNo) };
  } catch (e) {
    throw writeFailed('update', o, e);
  }
}

export function runUpdateBill(ctx: FunctionContext, element: XmlElement): Promise<FunctionOutcome> {
  return updateLegacyDocument(ctx, element, 'APBILL', 'APBILLITEM', LEGACY_ELEMENTS.update_bill);
}

export function runUpdateInvoice(ctx: FunctionContext, element: XmlElement): Promise<FunctionOutcome> {
  return updateLegacyDocument(ctx, element, 'ARINVOICE', 'ARINVOICEITEM', LEGACY_ELEMENTS.update_invoice);
}

/** update_cctransaction key="N" (the SDK's ChargeCardTransactionUpdate): header fields and `<updateccpayitems>`. */
export function runUpdateCcTransaction(ctx: FunctionContext, element: XmlElement): Promise<FunctionOutcome> {
  return updateLegacyDocument(
    ctx,
    element,
    'CCTRANSACTION',
    'CCTRANSACTIONENTRY',
    LEGACY_ELEMENTS.update_cctransaction,
  );
}

/**
 * reverse_bill / reverse_invoice / reverse_cctransaction / reverse_appayment / reverse_arpayment key="N":
 * `<datereversed>` and `<description>` (`<memo>`) are accepted, not kept.
 */
function reverseLegacy(
  object: string,
  kind: 'document' | 'payment',
): (ctx: FunctionContext, element: XmlElement) => Promise<FunctionOutcome> {
  return async (ctx, element) => {
    const o = ctx.catalog.require(object);
    try {
      const ref = { by: 'key', value: keyAttr(o, element) } as const;
      const k =
        kind === 'document'
          ? await reverseDocument(legacyWriter(ctx), o, ref)
          : await reversePayment(legacyWriter(ctx), o, ref);
      return { kind: 'data', data: textEl('key', k.recordNo) };
    } catch (e) {
      throw writeFailed('reverse', o, e);
    }
  };
}

export const runReverseBill = reverseLegacy('APBILL', 'document');
export const runReverseInvoice = reverseLegacy('ARINVOICE', 'document');
/** reverse_cctransaction (the SDK's ChargeCardTransactionReverse): the function schema requires `datereversed`. */
export const runReverseCcTransaction = reverseLegacy('CCTRANSACTION', 'document');
export const runReverseApPayment = reverseLegacy('APPYMT', 'payment');
export const runReverseArPayment = reverseLegacy('ARPYMT', 'payment');

/** apply_arpayment: `<arpaymentkey>` and `<arpaymentitems><arpaymentitem><invoicekey/><amount/>`: more of a receipt applied to invoices. */
export async function runApplyArPayment(ctx: FunctionContext, element: XmlElement): Promise<FunctionOutcome> {
  const o = ctx.catalog.require('ARPYMT');
  try {
    const key = childText(element, 'arpaymentkey') ?? '';
    if (!key)
      throw new LedgerqError('write.required-field', 'apply_arpayment needs arpaymentkey', {
        object: o.xmlName,
        field: 'arpaymentkey',
      });
    const items = (child(element, 'arpaymentitems')?.children ?? []).filter((c) => c.name === 'arpaymentitem');
    const details = items.map((i) => ({
      recordKey: childText(i, 'invoicekey') ?? '',
      amount: childText(i, 'amount') ?? '',
    }));
    const k = await applyPayment(legacyWriter(ctx), o, { by: 'key', value: key }, details);
    return { kind: 'data', data: textEl('key', k.recordNo) };
  } catch (e) {
    throw writeFailed('apply', o, e);
  }
}

/** The record numbers in `<appaymentkeys><appaymentkey>` of the SDK's AbstractApPaymentFunction legacy form. */
export function paymentRequestKeys(o: CatalogObject, element: XmlElement): string[] {
  const keys = (child(element, 'appaymentkeys')?.children ?? [])
    .filter((c) => c.name === 'appaymentkey')
    .map((c) => c.text.trim())
    .filter(Boolean);
  if (keys.length === 0)
    throw new LedgerqError('write.required-field', `${element.name} needs appaymentkeys`, {
      object: o.xmlName,
      field: 'appaymentkey',
    });
  return keys;
}

/**
 * void_appaymentrequest (the SDK's ApPaymentVoid): each payment in
 * `<appaymentkeys>` is marked Voided and gives back what it paid.
 */
export async function runVoidApPayment(ctx: FunctionContext, element: XmlElement): Promise<FunctionOutcome> {
  const o = ctx.catalog.require('APPYMT');
  try {
    const keys = paymentRequestKeys(o, element);
    const w = legacyWriter(ctx);
    for (const key of keys) await reversePayment(w, o, { by: 'key', value: key }, 'Voided');
    return { kind: 'data', data: '' };
  } catch (e) {
    throw writeFailed('void', o, e);
  }
}
