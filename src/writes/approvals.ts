// Approving and declining what waits for approval: AP payment requests (APPYMT), purchasing transactions
// (PODOCUMENT) and timesheets (TIMESHEET, whole or entry by entry). Each moves the record's STATE as Intacct's
// reference documents; what is not awaiting approval is refused by name.

import { COMPANY_COLUMN, findField, storedColumn } from '../catalog/catalog.ts';
import type { FieldValue } from '../catalog/field-values.ts';
import type { CatalogObject } from '../catalog/types.ts';
import { LedgerqError } from '../errors.ts';
import { ident, p, sql } from '../store/sql.ts';
import { setEntry, timesheetEntries } from './timesheets.ts';
import { resolveRecordNo, updateRecord, type RecordRef, type Writer, type WrittenKey } from './write-record.ts';

export type ApprovalAction = 'approve' | 'decline';

const OUTCOME: Readonly<Record<ApprovalAction, string>> = { approve: 'Approved', decline: 'Declined' };

/**
 * States awaiting an approver. A payment request or purchasing transaction is Submitted, or Partially Approved while
 * later approvers have yet to act (the APPYMT and PODOCUMENT STATE values); ledgerq models one approval level, so an
 * approval there completes it. Approving or declining anything else (a draft, a posted payment, a converted order, a
 * request already approved or declined) is refused: Intacct's answer to those is not public, this is the stricter
 * reading (docs/writes.md).
 */
const AWAITING: ReadonlySet<string> = new Set(['Submitted', 'Partially Approved']);

function notAwaiting(o: CatalogObject, key: string, state: string, action: ApprovalAction): LedgerqError {
  return new LedgerqError(
    'write.invalid-value',
    `${o.xmlName} ${key} is ${state || 'in no state'}, not awaiting approval: only a submitted ${o.xmlName} can be ${OUTCOME[action].toLowerCase()}`,
    { object: o.xmlName, field: 'STATE', key },
  );
}

async function stateOf(w: Writer, o: CatalogObject, recordNo: number): Promise<string> {
  const rows = await w.db.all<{ s: unknown }>(
    sql`SELECT ${ident(storedColumn(o, 'STATE'))} AS s FROM ${ident(o.table)}
      WHERE ${ident(COMPANY_COLUMN)} = ${p(w.companyKey)} AND ${ident(storedColumn(o, o.keyField))} = ${p(recordNo)}`,
  );
  return String(rows[0]?.s ?? '');
}

/**
 * approve_appaymentrequest / decline_appaymentrequest (the SDK's ApPaymentApprove / ApPaymentDecline), and
 * PODOCUMENT approve / decline (PurchasingTransactionApprove / …Decline, naming the document by DOCID): the record
 * moves from Submitted (or Partially Approved) to Approved or Declined. All records named are checked before any
 * moves, in one transaction.
 */
export async function decideRecords(
  w: Writer,
  o: CatalogObject,
  refs: readonly RecordRef[],
  action: ApprovalAction,
): Promise<WrittenKey[]> {
  return w.db.transaction(async (db) => {
    const tx = { ...w, db };
    const found: { ref: RecordRef; recordNo: number }[] = [];
    for (const ref of refs) {
      const recordNo = await resolveRecordNo(tx, o, ref);
      const state = await stateOf(tx, o, recordNo);
      if (!AWAITING.has(state)) throw notAwaiting(o, ref.value, state, action);
      found.push({ ref, recordNo });
    }
    const keys: WrittenKey[] = [];
    for (const { recordNo } of found)
      keys.push(
        await updateRecord(
          tx,
          o,
          { by: 'key', value: String(recordNo) },
          new Map(),
          new Map([['STATE', OUTCOME[action]]]),
        ),
      );
    return keys;
  });
}

export interface TimesheetDecision {
  readonly recordNo: string;
  /** ENTRYKEYS: the entries to decide; empty for every submitted entry of the timesheet. */
  readonly entryKeys: readonly string[];
  /** APPROVEDBY / DECLINEDBY: the user on whose behalf; null for the signed-in user. */
  readonly onBehalfOf: string | null;
}

/**
 * The timesheet's STATE from its entries' (TIMESHEET's STATE values, Intacct's timesheets reference): every entry
 * approved → Approved, every entry declined → Declined; entries still submitted beside decided ones → Partially
 * Approved, or Partially Declined when one of them is declined; none submitted but both outcomes → Partially Declined
 * (ledgerq's reading: the declined time goes back to the employee while the rest stands approved).
 */
export function timesheetState(states: readonly string[]): string {
  const has = (s: string) => states.includes(s);
  if (states.every((s) => s === 'Approved')) return 'Approved';
  if (states.every((s) => s === 'Declined')) return 'Declined';
  if (has('Declined')) return 'Partially Declined';
  return has('Approved') ? 'Partially Approved' : 'Submitted';
}

/**
 * approve / decline TIMESHEET: "You can approve all the entries on a timesheet or approve only selected ones.
 * Timesheet entries can be approved if they are in the Submitted state" (Intacct's timesheets reference). ENTRYKEYS
 * names entries of this timesheet, each of which must be Submitted; without it every submitted entry is decided, and
 * a timesheet with none is refused. APPROVEDBY / DECLINEDBY must name a user of the company; the timesheet's
 * APPROVEDBY records who decided ("a declined timesheet's … field for the user that executed the function is
 * APPROVEDBY").
 */
export async function decideTimesheet(
  w: Writer,
  decision: TimesheetDecision,
  action: ApprovalAction,
): Promise<WrittenKey> {
  const header = w.catalog.require('TIMESHEET');
  const line = w.catalog.require('TIMESHEETENTRY');
  return w.db.transaction(async (db) => {
    const tx = { ...w, db };
    const recordNo = await resolveRecordNo(tx, header, { by: 'key', value: decision.recordNo });
    const by = decision.onBehalfOf === null ? w.userId : await requireUser(tx, decision.onBehalfOf, action);
    const entries = await timesheetEntries(tx, recordNo);
    const byKey = new Map(entries.map((e) => [String(e.recordNo), e]));
    let targets = entries.filter((e) => e.state === 'Submitted');
    if (decision.entryKeys.length > 0) {
      targets = decision.entryKeys.map((k) => {
        const e = byKey.get(k);
        if (!e)
          throw new LedgerqError(
            'write.missing-reference',
            `Invalid ENTRYKEYS '${k}' specified: no TIMESHEETENTRY ${k} on TIMESHEET ${recordNo}`,
            { object: header.xmlName, field: 'ENTRYKEYS' },
          );
        if (e.state !== 'Submitted') throw notAwaiting(line, k, e.state, action);
        return e;
      });
    } else if (targets.length === 0) {
      throw notAwaiting(header, String(recordNo), await stateOf(tx, header, recordNo), action);
    }
    const decided = new Set(targets.map((e) => e.recordNo));
    for (const e of targets) await setEntry(tx, recordNo, e.recordNo, new Map([['STATE', OUTCOME[action]]]));
    const states = entries.map((e) => (decided.has(e.recordNo) ? OUTCOME[action] : e.state));
    return updateRecord(
      tx,
      header,
      { by: 'key', value: String(recordNo) },
      new Map(),
      new Map<string, FieldValue>([
        ['STATE', timesheetState(states)],
        ['APPROVEDBY', by],
      ]),
    );
  });
}

/** The login named by APPROVEDBY / DECLINEDBY, as the company's USERINFO spells it; an unknown one is refused. */
async function requireUser(w: Writer, login: string, action: ApprovalAction): Promise<string> {
  const u = w.catalog.require('USERINFO');
  const field = findField(u, 'LOGINID')!;
  const rows = await w.db.all<{ l: string }>(sql`SELECT ${ident(field.column!)} AS l FROM ${ident(u.table)}
    WHERE ${ident(COMPANY_COLUMN)} = ${p(w.companyKey)} AND LOWER(${ident(field.column!)}) = ${p(login.toLowerCase())}`);
  if (!rows[0])
    throw new LedgerqError(
      'write.missing-reference',
      `Invalid ${action === 'approve' ? 'APPROVEDBY' : 'DECLINEDBY'} '${login}' specified: no user with that login ID`,
      { object: 'TIMESHEET', field: action === 'approve' ? 'APPROVEDBY' : 'DECLINEDBY' },
    );
  return rows[0].l;
}

/** The steps after approval that the SDK's ApPaymentSend / ApPaymentConfirm take a payment request through. */
export type PaymentRequestStep = 'send' | 'confirm';

/**
 * Where each step may start and where it leaves the request. Intacct's payment status descriptions (help page
 * "Payment status descriptions"): Approved is ready to be paid; Delivered is a check, ACH or bank file payment whose
 * process was initiated and is not yet complete; the request is complete when confirmed to the General Ledger (the
 * APPYMT STATE value Confirmed). send_appaymentrequest initiates it (Approved → Delivered); confirm_appaymentrequest
 * ("confirm checks have been successfully printed", Intacct's AP payments reference) completes it from Delivered, or
 * from Approved since check printing happens outside the API (ledgerq's reading). Anything else is out of order.
 */
const STEPS: Readonly<Record<PaymentRequestStep, { readonly from: readonly string[]; readonly to: string }>> = {
  send: { from: ['Approved'], to: 'Delivered' },
  confirm: { from: ['Approved', 'Delivered'], to: 'Confirmed' },
};

/**
 * send_appaymentrequest / confirm_appaymentrequest: each request named moves to the step's state; a request not in
 * one of its starting states is refused by name and state (as approval refuses what is not awaiting it), and all
 * named are checked before any moves, in one transaction.
 */
export async function advancePaymentRequests(
  w: Writer,
  o: CatalogObject,
  refs: readonly RecordRef[],
  step: PaymentRequestStep,
): Promise<WrittenKey[]> {
  const { from, to } = STEPS[step];
  return w.db.transaction(async (db) => {
    const tx = { ...w, db };
    const found: number[] = [];
    for (const ref of refs) {
      const recordNo = await resolveRecordNo(tx, o, ref);
      const state = await stateOf(tx, o, recordNo);
      if (!from.includes(state))
        throw new LedgerqError(
          'write.invalid-value',
          `${o.xmlName} ${ref.value} is ${state || 'in no state'}: only an ${from.join(' or ')} payment request can be ${step === 'send' ? 'sent' : 'confirmed'}`,
          { object: o.xmlName, field: 'STATE', key: ref.value },
        );
      found.push(recordNo);
    }
    const keys: WrittenKey[] = [];
    for (const recordNo of found)
      keys.push(await updateRecord(tx, o, { by: 'key', value: String(recordNo) }, new Map(), new Map([['STATE', to]])));
    return keys;
  });
}
