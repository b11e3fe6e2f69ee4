// Bill, invoice and AR payment summaries (APBILLBATCH, ARINVOICEBATCH, ARPYMTBATCH): one per month a bill, invoice or
// receipt can be dated in, under the record number and title its documents already carry (PRBATCHKEY, PRBATCH:
// documents.ts summaryOf), so every demo bill, invoice and receipt is in its month's summary. The last two months' summaries are open, the earlier ones closed.
// Deterministic: every value comes from the month.

import { firstDayOfMonth, isoDate, isoDateTime, lastDayOfMonth, monthOf } from './calendar.ts';
import type { DemoContext } from './demo-context.ts';
import { bankAccountOf, HISTORY_FIRST, LAST_DAY, summaryOf } from './documents.ts';

/**
 * The summaries of one document object: the prefix and key base its generator passes summaryOf, and the record type
 * of those that have one.
 */
const SUMMARIES: readonly { object: string; prefix: string; keyBase: number; recordType?: string }[] = [
  { object: 'APBILLBATCH', prefix: 'Bills', keyBase: 1000, recordType: 'pi' },
  { object: 'ARINVOICEBATCH', prefix: 'Invoices', keyBase: 3000, recordType: 'ri' },
  { object: 'ARPYMTBATCH', prefix: 'Receipts', keyBase: 7000 },
];

/** Months, counted back from the last one, whose summaries are still open. */
const OPEN_MONTHS = 2;

export function addSummaries(ctx: DemoContext): void {
  const first = monthOf(HISTORY_FIRST);
  const last = monthOf(LAST_DAY);
  const user = ctx.auditUsers[0]!;
  for (const s of SUMMARIES) {
    for (let month = first; month <= last; month++) {
      const day = firstDayOfMonth(month);
      const { key, name } = summaryOf(s.prefix, day, s.keyBase);
      const open = month > last - OPEN_MONTHS;
      const created = isoDateTime(day, 6 * 3600);
      ctx.add(s.object, {
        RECORDNO: key,
        TITLE: name,
        CREATED: isoDate(day),
        STATUS: 'active',
        OPEN: open ? 'Open' : 'Closed',
        ...(s.recordType ? { RECORDTYPE: s.recordType } : {}),
        // An AR payment summary deposits to the top level's bank account (create_arpaymentbatch bankaccountid).
        ...(s.object === 'ARPYMTBATCH' ? { BANKACCOUNTID: bankAccountOf(null, ctx.multiEntity) } : {}),
        WHENCREATED: created,
        // A closed summary was closed at its month's end.
        WHENMODIFIED: open ? created : isoDateTime(lastDayOfMonth(month), 18 * 3600),
        CREATEDBY: user,
        MODIFIEDBY: user,
      });
    }
  }
}
