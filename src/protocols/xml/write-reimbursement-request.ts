// create_reimbursementrequest, Intacct's "Create Reimbursement Request (Legacy)", as the official SDK's
// ReimbursementRequestCreate sends it: lower-case elements, the payment date split into year, month and day, and
// `<eppaymentrequestitems><eppaymentrequestitem>` applying amounts to expense reports. The elements are those of the
// reference's parameter tables (russellkt/intacct-mcp-server docs/employee-expenses-reimbursements.md).

import { findField } from '../../catalog/catalog.ts';
import { LedgerqError } from '../../errors.ts';
import { createReimbursementRequest, type ReimbursementItem } from '../../writes/reimbursement-requests.ts';
import type { FunctionContext, FunctionOutcome } from './function-context.ts';
import { legacyWriter, writeFailed } from './write-functions.ts';
import { itemLeaves, legacyRecord, words } from './write-legacy-documents.ts';
import type { XmlElement } from './xml-tree.ts';
import { textEl } from './xml-writer.ts';

/** Header elements kept in EPPAYMENTREQUEST fields (ledgerq's names, marked inferred in the catalog). */
const HEADER_FIELDS: Readonly<Record<string, string>> = {
  bankaccountid: 'FINANCIALENTITY',
  employeeid: 'EMPLOYEEID',
  memo: 'DESCRIPTION',
  paymentmethod: 'PAYMENTMETHOD',
  paymentdate: 'PAYMENTDATE',
  paymentoption: 'PAYMENTOPTION',
  documentnumber: 'DOCNUMBER',
  paymentdescription: 'PAYMENTDESCRIPTION',
  paymentcontact: 'PAYMENTCONTACT',
};

/** The reference's create_reimbursementrequest table; any other element is refused by name. */
const HEADER_TAKES = words(`${Object.keys(HEADER_FIELDS).join(' ')} eppaymentrequestitems`);

/** The reference's eppaymentrequestitem table. */
const ITEM_TAKES = words('key paymentamount credittoapply');

/** The reference's values, as it spells them: paymentmethod "Printed Check … Cash … EFT … ACH", paymentoption. */
const CHOICES: Readonly<Record<string, readonly string[]>> = {
  paymentmethod: ['Printed Check', 'Cash', 'EFT', 'ACH'],
  paymentoption: ['employee', 'expense', 'employeepref'],
};

function item(e: XmlElement): ReimbursementItem {
  const value = itemLeaves('EPPAYMENTREQUEST', e, ITEM_TAKES);
  return { key: value('key'), amount: value('paymentamount'), credit: value('credittoapply') };
}

function items(element: XmlElement): ReimbursementItem[] {
  return element.children
    .filter((c) => c.name.toLowerCase() === 'eppaymentrequestitems')
    .flatMap((c) => c.children)
    .map((i) => {
      if (i.name.toLowerCase() !== 'eppaymentrequestitem')
        throw new LedgerqError('write.unknown-field', `${i.name} is not an item of eppaymentrequestitems`, {
          object: 'EPPAYMENTREQUEST',
          field: i.name,
        });
      return item(i);
    });
}

/** create_reimbursementrequest: `<key>` is the new request's RECORDNO, as the other legacy create functions answer. */
export async function runCreateReimbursementRequest(
  ctx: FunctionContext,
  element: XmlElement,
): Promise<FunctionOutcome> {
  const o = ctx.catalog.require('EPPAYMENTREQUEST');
  try {
    const raw = new Map(legacyRecord(o, element, HEADER_FIELDS, HEADER_TAKES, new Set(['eppaymentrequestitems'])));
    for (const [element_, allowed] of Object.entries(CHOICES)) {
      const f = findField(o, HEADER_FIELDS[element_]!)!;
      const sent = raw.get(f);
      if (sent === undefined) continue;
      const stored = allowed.find((a) => a.toLowerCase() === String(sent).toLowerCase());
      if (stored === undefined)
        throw new LedgerqError(
          'write.invalid-value',
          `Invalid value for ${element_} of create_reimbursementrequest: ${JSON.stringify(sent)}; use ${allowed.join(', ')}`,
          { object: o.xmlName, field: element_ },
        );
      raw.set(f, stored);
    }
    const key = await createReimbursementRequest(legacyWriter(ctx), raw, items(element));
    return { kind: 'data', data: textEl('key', key.recordNo) };
  } catch (e) {
    throw writeFailed('create', o, e);
  }
}
