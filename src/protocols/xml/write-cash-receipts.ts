// Legacy cash-management receipt functions the SDK's OtherReceiptCreate and DepositCreate send (record_otherreceipt,
// record_deposit): lower-case elements, split dates, `receiptitems` lines, `receiptkeys`.

import { LedgerqError } from '../../errors.ts';
import {
  createDeposit,
  createOtherReceipt,
  type ReceiptLineChange,
  updateOtherReceipt,
} from '../../writes/receipts.ts';
import { deleteRecord } from '../../writes/write-record.ts';
import type { FunctionContext, FunctionOutcome } from './function-context.ts';
import { legacyWriter, writeFailed } from './write-functions.ts';
import { keyAttr, legacyRecord } from './write-legacy-documents.ts';
import { child, type XmlElement } from './xml-tree.ts';
import { textEl } from './xml-writer.ts';

const words = (s: string): ReadonlySet<string> => new Set(s.split(/\s+/).filter(Boolean));

/** record_otherreceipt header elements → OTHERRECEIPTS fields (russellkt/intacct-mcp-server docs/cash-management-other-receipts.md). */
const RECEIPT_FIELDS: Readonly<Record<string, string>> = {
  paymentdate: 'TXNDATE',
  payee: 'PAYER',
  receiveddate: 'WHENPAID',
  paymentmethod: 'PAYMENTMETHOD',
  undepglaccountno: 'UNDEPOSITEDGLACCOUNTID',
  bankaccountid: 'FINANCIALENTITY',
  depositdate: 'DEPOSITDATE',
  refid: 'RECORDID',
  description: 'DESCRIPTION',
  currency: 'CURRENCY',
  exchratedate: 'EXCHANGERATEDATE',
  exchratetype: 'EXCHANGERATETYPEID',
  exchrate: 'EXCHANGERATERATE',
  inclusivetax: 'ISINCLUSIVETAX',
  taxsolutionid: 'TAXSOLUTIONID',
};

/**
 * Its parameter table; `supdocid` and `customfields` are accepted and not kept (OTHERRECEIPTS has no attachment field
 * in the OpenAPI schema).
 */
const RECEIPT_TAKES = words(`${Object.keys(RECEIPT_FIELDS).join(' ')} supdocid customfields`);

/** lineitem elements → OTHERRECEIPTSENTRY fields. */
const RECEIPT_LINE_FIELDS: Readonly<Record<string, string>> = {
  glaccountno: 'ACCOUNTNO',
  accountlabel: 'ACCOUNTLABEL',
  amount: 'TRX_AMOUNT',
  memo: 'DESCRIPTION',
  locationid: 'LOCATIONID',
  departmentid: 'DEPARTMENTID',
  projectid: 'PROJECTID',
  employeeid: 'EMPLOYEEID',
};

/**
 * A lineitem's parameter table plus what the SDK's OtherReceiptLineCreate writes there (`contractid`, `warehouseid`).
 * Dimensions the line object has no field for (task, cost type, customer, vendor, item, class, contract, warehouse),
 * custom fields and tax entries are accepted and not kept; any other element is refused by name.
 */
const RECEIPT_LINE_TAKES = words(`${Object.keys(RECEIPT_LINE_FIELDS).join(' ')}
  customfields taskid costtypeid customerid vendorid itemid classid contractid warehouseid totaltrxamount taxentries`);

/**
 * update_otherreceipt's parameter table: record_otherreceipt's without `taxsolutionid`; its `lineitem` and
 * `updatelineitem` take the reference's line elements (no `contractid` or `warehouseid`, which only the SDK's create
 * class writes).
 */
const RECEIPT_UPDATE_TAKES = words(`${[...RECEIPT_TAKES].filter((n) => n !== 'taxsolutionid').join(' ')}`);
const RECEIPT_UPDATE_LINE_TAKES = words(
  `${[...RECEIPT_LINE_TAKES].filter((n) => n !== 'contractid' && n !== 'warehouseid').join(' ')}`,
);

/** record_deposit elements → DEPOSIT fields (russellkt/intacct-mcp-server docs/cash-management-deposits.md). */
const DEPOSIT_FIELDS: Readonly<Record<string, string>> = {
  bankaccountid: 'FINANCIALENTITY',
  depositdate: 'TXNDATE',
  depositid: 'DEPOSITID',
  description: 'DESCRIPTION',
  supdocid: 'SUPDOCID',
};
const DEPOSIT_TAKES = words(`${Object.keys(DEPOSIT_FIELDS).join(' ')} customfields`);

/** The children of `container` (`receiptitems`, `receiptkeys`), each of them a `name` element. */
function itemsOf(e: XmlElement, container: string, name: string, object: string): readonly XmlElement[] {
  const items = child(e, container)?.children ?? [];
  for (const i of items)
    if (i.name !== name)
      throw new LedgerqError('write.unknown-field', `${i.name} is not a ${name} of ${container}`, {
        object,
        field: i.name,
      });
  return items;
}

/** record_otherreceipt (the SDK's OtherReceiptCreate with OtherReceiptLineCreate lines): `<key>` is the new RECORDNO. */
export async function runRecordOtherReceipt(ctx: FunctionContext, element: XmlElement): Promise<FunctionOutcome> {
  const o = ctx.catalog.require('OTHERRECEIPTS');
  const line = ctx.catalog.require('OTHERRECEIPTSENTRY');
  try {
    const lines = itemsOf(element, 'receiptitems', 'lineitem', line.xmlName).map((l) =>
      legacyRecord(line, l, RECEIPT_LINE_FIELDS, RECEIPT_LINE_TAKES),
    );
    const raw = legacyRecord(o, element, RECEIPT_FIELDS, RECEIPT_TAKES, new Set(['receiptitems']));
    const key = await createOtherReceipt(legacyWriter(ctx), raw, lines);
    return { kind: 'data', data: textEl('key', key.recordNo) };
  } catch (e) {
    throw writeFailed('create', o, e);
  }
}

/** record_deposit (the SDK's DepositCreate): the receipts in `<receiptkeys>` deposited; `<key>` is the new RECORDNO. */
export async function runRecordDeposit(ctx: FunctionContext, element: XmlElement): Promise<FunctionOutcome> {
  const o = ctx.catalog.require('DEPOSIT');
  try {
    const keys = itemsOf(element, 'receiptkeys', 'receiptkey', o.xmlName).map((k) => k.text);
    const raw = legacyRecord(o, element, DEPOSIT_FIELDS, DEPOSIT_TAKES, new Set(['receiptkeys']));
    const key = await createDeposit(legacyWriter(ctx), raw, keys);
    return { kind: 'data', data: textEl('key', key.recordNo) };
  } catch (e) {
    throw writeFailed('create', o, e);
  }
}

/**
 * update_otherreceipt key="N" (russellkt/intacct-mcp-server docs/cash-management-other-receipts.md, "Update Other
 * Receipt (Legacy)"): header elements; `<receiptitems>` holds `<updatelineitem line_num="N">` (changes the N-th line)
 * and `<lineitem>` (adds one), at least one when given.
 */
export async function runUpdateOtherReceipt(ctx: FunctionContext, element: XmlElement): Promise<FunctionOutcome> {
  const o = ctx.catalog.require('OTHERRECEIPTS');
  const line = ctx.catalog.require('OTHERRECEIPTSENTRY');
  try {
    const key = keyAttr(o, element);
    const items = child(element, 'receiptitems');
    if (items && items.children.length === 0)
      throw new LedgerqError('write.required-field', 'receiptitems of update_otherreceipt needs at least one line', {
        object: line.xmlName,
        field: 'receiptitems',
      });
    const changes = (items?.children ?? []).map((l): ReceiptLineChange => {
      if (l.name !== 'lineitem' && l.name !== 'updatelineitem')
        throw new LedgerqError('write.unknown-field', `${l.name} is not a line of receiptitems`, {
          object: line.xmlName,
          field: l.name,
        });
      const ordinal = l.name === 'updatelineitem' ? Number(l.attrs.line_num ?? Number.NaN) : null;
      if (ordinal !== null && !Number.isInteger(ordinal))
        throw new LedgerqError('write.required-field', 'updatelineitem needs a line_num attribute', {
          object: line.xmlName,
          field: 'line_num',
        });
      return { ordinal, raw: legacyRecord(line, l, RECEIPT_LINE_FIELDS, RECEIPT_UPDATE_LINE_TAKES) };
    });
    const raw = legacyRecord(o, element, RECEIPT_FIELDS, RECEIPT_UPDATE_TAKES, new Set(['receiptitems']));
    const k = await updateOtherReceipt(legacyWriter(ctx), key, raw, changes);
    return { kind: 'data', data: textEl('key', k.recordNo) };
  } catch (e) {
    throw writeFailed('update', o, e);
  }
}

/**
 * delete_otherreceipt key="N": the receipt and its lines, by record number; one a deposit holds is refused (the
 * generic delete's rule).
 */
export async function runDeleteOtherReceipt(ctx: FunctionContext, element: XmlElement): Promise<FunctionOutcome> {
  const o = ctx.catalog.require('OTHERRECEIPTS');
  try {
    const k = await deleteRecord(legacyWriter(ctx), o, { by: 'key', value: keyAttr(o, element) });
    return { kind: 'data', data: textEl('key', k.recordNo) };
  } catch (e) {
    throw writeFailed('delete', o, e);
  }
}
