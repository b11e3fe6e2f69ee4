// The details of a generic APPYMT / ARPYMT create (`<APPYMTDETAILS><APPYMTDETAIL>`), as the official SDK's
// ApPaymentCreate writes them (ApPaymentDetailBill: RECORDKEY, ENTRYKEY, DISCOUNTDATE, DISCOUNTTOAPPLY, a credit's
// ADJUSTMENTKEY / ADVANCEKEY / INLINEKEY, CREDITTOAPPLY, TRX_PAYMENTAMOUNT) and Intacct's create APPYMT reference lists
// them (dgaretz-oss/intacct-mcp docs/xml/accounts-payable-ap-payments.md).

import type { CatalogObject } from '../../catalog/types.ts';
import { LedgerqError } from '../../errors.ts';
import { acceptedElement } from '../../writes/accepted-elements.ts';
import type { PaymentDetail } from '../../writes/documents.ts';
import type { XmlElement } from './xml-tree.ts';

/**
 * What ledgerq applies: the document (RECORDKEY), one of its lines (ENTRYKEY) and the amount (TRX_PAYMENTAMOUNT; the
 * older PAYMENTAMOUNT and AMOUNT spellings too). CURRENCY is accepted and not stored (one currency).
 */
const AMOUNTS = ['TRX_PAYMENTAMOUNT', 'PAYMENTAMOUNT', 'AMOUNT'] as const;
const APPLIED: ReadonlySet<string> = new Set(['RECORDKEY', 'ENTRYKEY', 'CURRENCY', ...AMOUNTS]);

/**
 * Each detail of `record`'s `<{payment}DETAILS>`. Elements the reference lists that ledgerq does not model — credit
 * memos, debit memos, advances, negative bills, discounts, joint payees — are refused by name rather than dropped, as
 * dropping them would apply a different amount than the client asked for; anything else is an unknown element.
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
      for (const c of d.children) {
        const name = c.name.toUpperCase();
        if (c.children.length === 0 && c.text.trim() === '') continue;
        if (c.children.length === 0 && APPLIED.has(name)) {
          values.set(name, c.text.trim());
          continue;
        }
        if (acceptedElement(detailName, name)) {
          throw new LedgerqError(
            'write.invalid-value',
            `${name} of ${detailName} is not supported by ledgerq: credits, discounts and joint payees are not modelled; pay each document with RECORDKEY (and ENTRYKEY) and TRX_PAYMENTAMOUNT`,
            { object: payment.xmlName, field: name },
          );
        }
        unknown(name, { xmlName: detailName } as CatalogObject);
      }
      return {
        recordKey: values.get('RECORDKEY') ?? '',
        entryKey: values.get('ENTRYKEY') ?? null,
        amount: AMOUNTS.map((a) => values.get(a)).find((v) => v !== undefined) ?? '',
      };
    });
}

function unknown(name: string, o: Pick<CatalogObject, 'xmlName'>): never {
  throw new LedgerqError('write.unknown-field', `${name} is not a field of ${o.xmlName}`, {
    object: o.xmlName,
    field: name,
  });
}
