// Rows of the platform custom objects the seed examples use: MCA_attendee (linked to customers) and
// depreciation_schedule.

import { dayOf, firstDayOfMonth, isoDate, isoDateTime, lastDayOfMonth, monthOf } from './calendar.ts';
import { pickPerson } from './contacts.ts';
import type { DemoContext } from './demo-context.ts';
import { ASSETS } from './names.ts';
import { money } from './record-writer.ts';

/** Custom object record numbers begin above 10000, as Intacct's do. */
export function addAttendees(ctx: DemoContext): void {
  const rng = ctx.rng.fork('attendees');
  const customers = ctx.rows('CUSTOMER');
  // Weighted toward customers that owe money: the seed filters attendees by R_attendee_customer.TOTALDUE > 5000.
  const owing = customers.filter((c) => Number((c.TOTALDUE as string).replace('.', '')) > 500_000);
  const names = new Set<string>();
  for (let i = 0; i < ctx.plan.counts.attendees; i++) {
    const p = pickPerson(ctx, rng);
    let name = `${p.first} ${p.last}`;
    for (let n = 2; names.has(name); n++) name = `${p.first} ${p.last} ${n}`;
    names.add(name);
    const customer = rng.chance(0.1) ? null : rng.pick(owing.length > 0 && rng.chance(0.5) ? owing : customers);
    const day = dayOf('2023-01-08') + rng.int(0, 1000);
    const created = isoDateTime(day, rng.int(8 * 3600, 18 * 3600));
    ctx.add('MCA_attendee', {
      id: ctx.nextKey('MCA_attendee', ctx.plan.seedExamples ? 10001 : 20001),
      NAME: name,
      R_attendee_customer: customer ? customer.CUSTOMERID : null,
      WHENCREATED: created,
      WHENMODIFIED: rng.chance(0.7) ? created : isoDateTime(day + rng.int(1, 90), rng.int(8 * 3600, 18 * 3600)),
    });
  }
}

/**
 * Monthly depreciation of a few assets. Keys start at 347800 so the seed's
 * `id in (347839,…,347842)` exists; Thinkpad T61 rows (≤ 50 a month from
 * 2021 into 2023) answer its depreciation_amount/posting_date example, and
 * months not yet posted have a NULL status (its STATUS IS NULL example).
 */
export function addDepreciationSchedules(ctx: DemoContext): void {
  const rng = ctx.rng.fork('depreciation');
  const openMonth = monthOf(dayOf('2025-07-01'));
  const instances = ctx.plan.seedExamples ? [0, 0, 1, 2, 3, 4, 5, 6, 7, 0, 2, 1] : [1, 2, 3, 5, 6];
  instances.forEach((assetIndex, n) => {
    const asset = ASSETS[assetIndex]!;
    const start =
      asset.name === 'Thinkpad T61' ? monthOf(dayOf('2021-03-01')) + n : monthOf(dayOf('2023-01-01')) + rng.int(0, 30);
    const months = rng.int(24, 36);
    const monthly = rng.int(asset.monthlyCents[0], asset.monthlyCents[1]);
    for (let m = start; m < start + months; m++) {
      const posting = lastDayOfMonth(m);
      const status = m >= openMonth ? null : m === start + months - 1 || m % 12 === 11 ? 'summary_posted' : 'posted';
      const created = isoDateTime(firstDayOfMonth(start), 10 * 3600);
      ctx.add('depreciation_schedule', {
        id: ctx.nextKey('depreciation_schedule', ctx.plan.seedExamples ? 347800 : 500001),
        Rasset: asset.name,
        Rasset_class: asset.assetClass,
        posting_date: isoDate(posting),
        depreciation_amount: money(monthly),
        status,
        WHENCREATED: created,
        WHENMODIFIED: status === null ? created : isoDateTime(posting + 1, 9 * 3600),
      });
    }
  });
}
