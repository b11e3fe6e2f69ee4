// create_appayment, Intacct's "Create Manual AP Payment (Legacy)": lower-case elements, the payment date split into
// year, month and day, `<payitems><payitem>` lines posting to GL accounts. The elements are those of the reference's
// parameter tables (russellkt/intacct-mcp-server docs/accounts-payable-ap-payments.md); the official SDK has no class
// that sends this function.

import { findField } from '../../catalog/catalog.ts';
import { LedgerqError } from '../../errors.ts';
import {
  createManualApPayment,
  type ManualPaymentLine,
  PAYITEM_DIMENSIONS,
  type PayItemDimension,
} from '../../writes/manual-payments.ts';
import type { FunctionContext, FunctionOutcome } from './function-context.ts';
import { legacyWriter, writeFailed } from './write-functions.ts';
import { itemLeaves, legacyRecord, words } from './write-legacy-documents.ts';
import { child, type XmlElement } from './xml-tree.ts';
import { textEl } from './xml-writer.ts';

/** Header elements kept in APPYMT fields: `checkno` is the check or reference number, `memo` the description. */
const HEADER_FIELDS: Readonly<Record<string, string>> = {
  vendorid: 'VENDORID',
  memo: 'DESCRIPTION',
  paymentmethod: 'PAYMENTMETHOD',
  checkdate: 'PAYMENTDATE',
  checkno: 'DOCNUMBER',
  currency: 'CURRENCY',
};

/**
 * The reference's create_appayment table. `bankaccountid` / `chargecardid` become FINANCIALENTITY and `batchkey`
 * PRBATCHKEY (read here); `billno` (APPYMT has no bill reference field) and the multi-currency elements (`basecurr`,
 * `basepaymentamount`, `exchratedate`, `exchratetype`, `exchrate`, `paymentexchratetype`) are accepted and not kept.
 * Any other element is refused by name.
 */
const HEADER_TAKES = words(`bankaccountid chargecardid vendorid memo paymentmethod checkdate batchkey checkno billno
  basepaymentamount basecurr currency exchratedate exchratetype exchrate paymentexchratetype payitems`);

/** The reference's payitem table; any other element of a payitem is refused by name. */
const PAYITEM_TAKES = words(
  `glaccountno accountlabel paymentamount item1099 ${PAYITEM_DIMENSIONS.join(' ').toLowerCase()}`,
);

/**
 * The reference's paymentmethod values → APPYMT PAYMENTMETHOD: `Credit` is the card payment the catalog spells
 * `Credit Card` (ledgerq's reading: chargecardid pays by card); the others are stored as spelled.
 */
const METHODS: Readonly<Record<string, string>> = {
  'printed check': 'Printed Check',
  'manual check': 'Manual Check',
  'joint check': 'Joint Check',
  cash: 'Cash',
  eft: 'EFT',
  credit: 'Credit Card',
};

/** A child's text, or null when the element is absent or empty (an empty element is a field not given). */
function given(e: XmlElement, name: string): string | null {
  const v = child(e, name)?.text.trim() ?? '';
  return v === '' ? null : v;
}

function payItem(item: XmlElement): ManualPaymentLine {
  const value = itemLeaves('APPYMT', item, PAYITEM_TAKES);
  const dimensions: Partial<Record<PayItemDimension, string>> = {};
  for (const d of PAYITEM_DIMENSIONS) {
    const v = value(d.toLowerCase());
    if (v !== null) dimensions[d] = v;
  }
  return {
    amount: value('paymentamount'),
    account: value('glaccountno'),
    label: value('accountlabel'),
    form1099: value('item1099'),
    dimensions,
  };
}

function payItems(element: XmlElement): ManualPaymentLine[] {
  return element.children
    .filter((c) => c.name.toLowerCase() === 'payitems')
    .flatMap((c) => c.children)
    .map((i) => {
      if (i.name.toLowerCase() !== 'payitem')
        throw new LedgerqError('write.unknown-field', `${i.name} is not a payitem of payitems`, {
          object: 'APPYMT',
          field: i.name,
        });
      return payItem(i);
    });
}

/** create_appayment: `<key>` is the new payment's RECORDNO, as the other legacy create functions answer. */
export async function runCreateApPayment(ctx: FunctionContext, element: XmlElement): Promise<FunctionOutcome> {
  const o = ctx.catalog.require('APPYMT');
  try {
    const raw = new Map(legacyRecord(o, element, HEADER_FIELDS, HEADER_TAKES, new Set(['payitems'])));
    const method = given(element, 'paymentmethod');
    if (method !== null) {
      const stored = METHODS[method.toLowerCase()];
      if (stored === undefined)
        throw new LedgerqError(
          'write.invalid-value',
          `Invalid value for paymentmethod of create_appayment: ${JSON.stringify(method)}; use Printed Check, Manual Check, Joint Check, Cash, EFT or Credit`,
          { object: o.xmlName, field: 'paymentmethod' },
        );
      raw.set(findField(o, 'PAYMENTMETHOD')!, stored);
    }
    const key = await createManualApPayment(
      legacyWriter(ctx),
      raw,
      { bankAccount: given(element, 'bankaccountid'), chargeCard: given(element, 'chargecardid') },
      given(element, 'batchkey'),
      payItems(element),
    );
    return { kind: 'data', data: textEl('key', key.recordNo) };
  } catch (e) {
    throw writeFailed('create', o, e);
  }
}
