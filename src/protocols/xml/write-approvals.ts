// approve / decline (TIMESHEET, PODOCUMENT) and approve_ / decline_ / send_ / confirm_appaymentrequest: the elements
// the official SDK's TimesheetApprove/Decline, PurchasingTransactionApprove/Decline and ApPaymentApprove/Decline/Send/
// Confirm write.

import type { CatalogObject } from '../../catalog/types.ts';
import { LedgerqError } from '../../errors.ts';
import {
  type ApprovalAction,
  advancePaymentRequests,
  decideRecords,
  decideTimesheet,
  type PaymentRequestStep,
} from '../../writes/approvals.ts';
import type { FunctionContext, FunctionOutcome } from './function-context.ts';
import { keysXml, legacyWriter, writeFailed } from './write-functions.ts';
import { paymentRequestKeys } from './write-legacy-documents.ts';
import { childText, type XmlElement } from './xml-tree.ts';

/** The elements each record of approve / decline takes (Intacct's timesheets and purchasing transactions references). */
const ELEMENTS: Readonly<Record<string, Readonly<Record<ApprovalAction, readonly string[]>>>> = {
  // DECLINEDEDBY is the decline table's spelling of the parameter its prose and the SDK's TimesheetDecline call DECLINEDBY.
  TIMESHEET: {
    approve: ['RECORDNO', 'ENTRYKEYS', 'APPROVEDBY', 'COMMENT'],
    decline: ['RECORDNO', 'ENTRYKEYS', 'DECLINEDBY', 'DECLINEDEDBY', 'COMMENT'],
  },
  PODOCUMENT: { approve: ['DOCID', 'COMMENT'], decline: ['DOCID', 'COMMENT'] },
};

function requireText(o: CatalogObject, record: XmlElement, name: string, fn: string): string {
  const v = childText(record, name)?.trim();
  if (!v)
    throw new LedgerqError('write.required-field', `Required field ${name} of ${o.xmlName} is missing for ${fn}`, {
      object: o.xmlName,
      field: name,
    });
  return v;
}

/**
 * `<approve><TIMESHEET>` / `<approve><PODOCUMENT>` and the same for decline: one record element per function, as
 * the SDK writes them. COMMENT is accepted and not stored (ledgerq keeps no approval history). The answer lists the
 * record decided, as update's does.
 */
function decide(action: ApprovalAction) {
  return async (ctx: FunctionContext, element: XmlElement): Promise<FunctionOutcome> => {
    const record = element.children[0];
    const o = record && ctx.catalog.object(record.name);
    const takes = o ? ELEMENTS[o.xmlName]?.[action] : undefined;
    if (!record || element.children.length !== 1 || !o || !takes)
      throw new LedgerqError(
        'parse.invalid-request',
        `${action} takes one TIMESHEET or PODOCUMENT element${record ? `, not ${element.children.map((c) => c.name).join(', ')}` : ''}`,
      );
    try {
      const extra = record.children.find((c) => !takes.includes(c.name.toUpperCase()));
      if (extra)
        throw new LedgerqError(
          'write.unknown-field',
          `${extra.name} is not a parameter of ${action} ${o.xmlName}; it takes ${takes.join(', ')}`,
          { object: o.xmlName, field: extra.name },
        );
      const w = legacyWriter(ctx);
      if (o.xmlName === 'PODOCUMENT') {
        const docid = requireText(o, record, 'DOCID', action);
        const keys = await decideRecords(w, o, [{ by: 'id', value: docid }], action);
        return { kind: 'data', data: keysXml(keys, ctx) };
      }
      const by =
        action === 'approve'
          ? childText(record, 'APPROVEDBY')
          : (childText(record, 'DECLINEDBY') ?? childText(record, 'DECLINEDEDBY'));
      const key = await decideTimesheet(
        w,
        {
          recordNo: requireText(o, record, 'RECORDNO', action),
          entryKeys: (childText(record, 'ENTRYKEYS') ?? '')
            .split(',')
            .map((k) => k.trim())
            .filter(Boolean),
          onBehalfOf: by?.trim() ? by.trim() : null,
        },
        action,
      );
      return { kind: 'data', data: keysXml([key], ctx) };
    } catch (e) {
      throw writeFailed(action, o, e);
    }
  };
}

export const runApprove = decide('approve');
export const runDecline = decide('decline');

/**
 * The `*_appaymentrequest` functions: every payment request in `<appaymentkeys>` (record numbers) takes `step` —
 * approve / decline: Submitted → Approved / Declined; send: Approved → Delivered; confirm: Approved or Delivered →
 * Confirmed (src/writes/approvals.ts). Success without `<data>`, as void_appaymentrequest answers.
 */
function paymentRequests(step: ApprovalAction | PaymentRequestStep) {
  return async (ctx: FunctionContext, element: XmlElement): Promise<FunctionOutcome> => {
    const o = ctx.catalog.require('APPYMT');
    try {
      const refs = paymentRequestKeys(o, element).map((value) => ({ by: 'key', value }) as const);
      const w = legacyWriter(ctx);
      if (step === 'send' || step === 'confirm') await advancePaymentRequests(w, o, refs, step);
      else await decideRecords(w, o, refs, step);
      return { kind: 'data', data: '' };
    } catch (e) {
      throw writeFailed(step, o, e);
    }
  };
}

export const runApproveApPaymentRequest = paymentRequests('approve');
export const runDeclineApPaymentRequest = paymentRequests('decline');
export const runSendApPaymentRequest = paymentRequests('send');
export const runConfirmApPaymentRequest = paymentRequests('confirm');
