// The details of a generic APPYMT / ARPYMT create (`<APPYMTDETAILS><APPYMTDETAIL>`), as the official SDK's
// ApPaymentCreate writes them (ApPaymentDetailBill: RECORDKEY, ENTRYKEY, DISCOUNTDATE, DISCOUNTTOAPPLY, a credit's
// ADJUSTMENTKEY / ADVANCEKEY / INLINEKEY, CREDITTOAPPLY, TRX_PAYMENTAMOUNT) and Intacct's create APPYMT reference lists
// them (dgaretz-oss/intacct-mcp docs/xml/accounts-payable-ap-payments.md).

import type { CatalogObject } from '../../catalog/types.ts';
import { LedgerqError } from '../../errors.ts';
import { acceptedElement } from '../../writes/accepted-elements.ts';
import { CREDIT_KINDS, type CreditKind, type DetailCredit } from '../../writes/ap-payment-credits.ts';
import type { PaymentDetail } from '../../writes/documents.ts';
import type { XmlElement } from './xml-tree.ts';

/**
 * What ledgerq applies: the document (RECORDKEY), one of its lines (ENTRYKEY) and the amount (TRX_PAYMENTAMOUNT; the
 * older PAYMENTAMOUNT and AMOUNT spellings too). CURRENCY is accepted and not stored (one currency).
 */
const AMOUNTS = ['TRX_PAYMENTAMOUNT', 'PAYMENTAMOUNT', 'AMOUNT'] as const;
const APPLIED: ReadonlySet<string> = new Set(['RECORDKEY', 'ENTRYKEY', 'CURRENCY', ...AMOUNTS]);

/**
 * An AP payment detail also takes a credit memo to pay (POSADJKEY, POSADJENTRYKEY), one credit of each detail
 * (ADJUSTMENTKEY / ADVANCEKEY / INLINEKEY with their entry key and amount), a discount date, and the SDK's
 * DISCOUNTTOAPPLY and CREDITTOAPPLY (src/writes/ap-payment-credits.ts). JOINTPAYEEPRINTAS stays refused.
 */
const AP_APPLIED: ReadonlySet<string> = new Set([
  ...APPLIED,
  'POSADJKEY',
  'POSADJENTRYKEY',
  'DISCOUNTDATE',
  'DISCOUNTTOAPPLY',
  'CREDITTOAPPLY',
  ...Object.values(CREDIT_KINDS).flatMap((k) => [k.key, k.entry, k.amount]),
]);

/** The credit a detail names: one kind at most (the reference's examples give each credit its own detail). */
function detailCredit(values: ReadonlyMap<string, string>): DetailCredit | null {
  const named = (Object.keys(CREDIT_KINDS) as CreditKind[]).filter((k) =>
    [CREDIT_KINDS[k].key, CREDIT_KINDS[k].entry, CREDIT_KINDS[k].amount].some((n) => values.has(n)),
  );
  if (named.length > 1)
    throw new LedgerqError(
      'write.invalid-value',
      `One APPYMTDETAIL applies one credit: ${named.map((k) => CREDIT_KINDS[k].key).join(' and ')} given together (give each its own APPYMTDETAIL)`,
      { object: 'APPYMT', field: CREDIT_KINDS[named[1]!].key },
    );
  const kind = named[0];
  if (kind === undefined) return null;
  const k = CREDIT_KINDS[kind];
  const key = values.get(k.key);
  if (key === undefined)
    throw new LedgerqError('write.required-field', `${k.amount} of APPYMTDETAIL needs its ${k.key}`, {
      object: 'APPYMT',
      field: k.key,
    });
  return { kind, key, entryKey: values.get(k.entry) ?? null, amount: values.get(k.amount) ?? null };
}

/**
 * Each detail of `record`'s `<{payment}DETAILS>`. An APPYMT detail's credits, credit memo and discounts are read for
 * src/writes/ap-payment-credits.ts; elements the reference lists that ledgerq does not model (joint payees; for ARPYMT,
 * the AP credits and discounts too) are refused by name rather than dropped, as dropping them would apply a different
 * amount than the client asked for; anything else is an unknown element.
 */
export function paymentDetails(payment: CatalogObject, record: XmlElement): PaymentDetail[] {
  const group = `${payment.xmlName}DETAILS`;
  const detailName = `${payment.xmlName}DETAIL`;
  // ACTION Draft (the reference: "move the payment to the outbox") would leave the bills unpaid; ledgerq posts every
  // payment it creates, so a draft is refused rather than posted.
  const action = record.children.find((c) => c.name.toUpperCase() === 'ACTION')?.text.trim() ?? '';
  if (action !== '' && action.toLowerCase() !== 'submit') {
    throw new LedgerqError(
      'write.invalid-value',
      `ACTION ${action} of ${payment.xmlName} is not supported by ledgerq: payments are posted when created (use Submit or leave ACTION out)`,
      { object: payment.xmlName, field: 'ACTION' },
    );
  }
  return record.children
    .filter((c) => c.name.toUpperCase() === group)
    .flatMap((c) => c.children)
    .map((d) => {
      if (d.name.toUpperCase() !== detailName) unknown(`${group}.${d.name}`, payment);
      const values = new Map<string, string>();
      const applied = payment.xmlName === 'APPYMT' ? AP_APPLIED : APPLIED;
      for (const c of d.children) {
        const name = c.name.toUpperCase();
        if (c.children.length === 0 && c.text.trim() === '') continue;
        if (c.children.length === 0 && applied.has(name)) {
          values.set(name, c.text.trim());
          continue;
        }
        if (acceptedElement(detailName, name)) {
          throw new LedgerqError(
            'write.invalid-value',
            payment.xmlName === 'APPYMT'
              ? `${name} of ${detailName} is not supported by ledgerq: joint payees are not modelled`
              : `${name} of ${detailName} is not supported by ledgerq: credits, discounts and joint payees are not modelled; pay each document with RECORDKEY (and ENTRYKEY) and TRX_PAYMENTAMOUNT`,
            { object: payment.xmlName, field: name },
          );
        }
        unknown(name, { xmlName: detailName } as CatalogObject);
      }
      return {
        recordKey: values.get('RECORDKEY') ?? '',
        entryKey: values.get('ENTRYKEY') ?? null,
        amount: AMOUNTS.map((a) => values.get(a)).find((v) => v !== undefined) ?? '',
        ...(payment.xmlName === 'APPYMT'
          ? {
              ap: {
                posAdjKey: values.get('POSADJKEY') ?? null,
                posAdjEntryKey: values.get('POSADJENTRYKEY') ?? null,
                credit: detailCredit(values),
                discountDate: values.get('DISCOUNTDATE') ?? null,
                discountToApply: values.get('DISCOUNTTOAPPLY') ?? null,
                creditToApply: values.get('CREDITTOAPPLY') ?? null,
              },
            }
          : {}),
      };
    });
}

function unknown(name: string, o: Pick<CatalogObject, 'xmlName'>): never {
  throw new LedgerqError('write.unknown-field', `${name} is not a field of ${o.xmlName}`, {
    object: o.xmlName,
    field: name,
  });
}
