// AP and AR payment terms, and the due dates they give.

import { dayOf, firstDayOfMonth, lastDayOfMonth, monthOf } from './calendar.ts';
import type { DemoContext } from './demo-context.ts';
import { micros } from './record-writer.ts';

interface TermSeed {
  name: string;
  days: number;
  from: string;
  discountDays?: number;
  discount?: number;
  discountBy?: 'Percentage' | 'Amount';
}

/** One AP term per due-date rule, so every DUEFROM value appears. */
const AP_TERMS: TermSeed[] = [
  { name: 'Net 30', days: 30, from: 'from bill date' },
  { name: 'Net 10', days: 10, from: 'from bill date' },
  { name: 'Net 15', days: 15, from: 'from bill date' },
  { name: 'Net 45', days: 45, from: 'from bill date' },
  { name: 'Net 60', days: 60, from: 'from bill date' },
  { name: 'Net 90', days: 90, from: 'from bill date' },
  { name: '2% 10 Net 30', days: 30, from: 'from bill date', discountDays: 10, discount: 2, discountBy: 'Percentage' },
  { name: '$50 off in 7 days', days: 30, from: 'from bill date', discountDays: 7, discount: 50, discountBy: 'Amount' },
  { name: '25th of Month', days: 25, from: 'of the month of bill date' },
  { name: '15th of Next Month', days: 15, from: 'of next month from bill date' },
  { name: '1st of 2nd Month', days: 1, from: 'of 2nd month from bill date' },
  { name: '10th of 3rd Month', days: 10, from: 'of 3rd month from bill date' },
  { name: '10th of 4th Month', days: 10, from: 'of 4th month from bill date' },
  { name: '10th of 5th Month', days: 10, from: 'of 5th month from bill date' },
  { name: '10th of 6th Month', days: 10, from: 'of 6th month from bill date' },
  { name: 'Net 30 EOM', days: 30, from: 'after end of month of bill date' },
  { name: 'Net 7 to EOM', days: 7, from: 'from bill date extending to end of month' },
];

const AR_TERMS: TermSeed[] = [
  { name: 'Net 30', days: 30, from: 'from bill date' },
  { name: 'Net 15', days: 15, from: 'from bill date' },
  { name: 'Net 45', days: 45, from: 'from bill date' },
  { name: 'Net 60', days: 60, from: 'from bill date' },
  { name: 'Due in 7 days', days: 7, from: 'from bill date' },
  { name: '1% 10 Net 30', days: 30, from: 'from bill date', discountDays: 10, discount: 1, discountBy: 'Percentage' },
  { name: '$25 off in 5 days', days: 30, from: 'from bill date', discountDays: 5, discount: 25, discountBy: 'Amount' },
  { name: 'End of Month', days: 28, from: 'of the month of bill date' },
  { name: '15th of Next Month', days: 15, from: 'of next month from bill date' },
  { name: '20th of Next Month', days: 20, from: 'of next month from bill date' },
];

const PENALTIES = [
  'No Penalty',
  'Daily',
  'Weekly',
  'Biweekly',
  'Monthly',
  'Bimonthly',
  'Quarterly',
  'Half yearly',
  'Annually',
];

/** Due date of a document created on `day` under `term`; always at least a day later. */
export function dueDay(term: TermRule, day: number): number {
  const month = monthOf(day);
  const dayInMonth = (m: number, n: number) => Math.min(firstDayOfMonth(m) + n - 1, lastDayOfMonth(m));
  const ahead = /of (\d)(?:st|nd|rd|th) month/.exec(term.from);
  let due: number;
  if (term.from === 'of the month of bill date') due = dayInMonth(month, term.days);
  else if (term.from === 'of next month from bill date') due = dayInMonth(month + 1, term.days);
  else if (ahead?.[1]) due = dayInMonth(month + Number(ahead[1]), term.days);
  else if (term.from === 'after end of month of bill date') due = lastDayOfMonth(month) + term.days;
  else if (term.from === 'from bill date extending to end of month') due = lastDayOfMonth(monthOf(day + term.days));
  else due = day + term.days;
  return Math.max(due, day + 1);
}

export interface TermRule {
  readonly name: string;
  readonly days: number;
  readonly from: string;
  readonly discountDays: number | null;
}

const rules = new WeakMap<DemoContext, Map<string, TermRule>>();

export function addTerms(ctx: DemoContext): void {
  const rng = ctx.rng.fork('terms');
  const map = new Map<string, TermRule>();
  rules.set(ctx, map);
  for (const [object, seeds] of [
    ['APTERM', AP_TERMS],
    ['ARTERM', AR_TERMS],
  ] as const) {
    seeds.forEach((t, i) => {
      const penalty = PENALTIES[i % PENALTIES.length]!;
      map.set(`${object}:${t.name}`, {
        name: t.name,
        days: t.days,
        from: t.from,
        discountDays: t.discountDays ?? null,
      });
      ctx.add(object, {
        RECORDNO: ctx.nextKey(object),
        NAME: t.name,
        DESCRIPTION: t.discount
          ? `${t.name}: discount if paid within ${t.discountDays} days`
          : `Payment due ${t.name.toLowerCase()}`,
        STATUS: i === seeds.length - 1 ? 'inactive' : 'active',
        DUEDATE: t.days,
        DUEFROM: t.from,
        DISCDATE: t.discountDays ?? null,
        DISCFROM: t.discount ? t.from : null,
        DISCAMOUNT: t.discount ? micros(t.discount * 1_000_000) : null,
        DISCPERCAMN: t.discountBy ?? null,
        DISCFUDGEDAYS: t.discount ? rng.int(0, 3) : null,
        PEN_TYPES: penalty,
        PENAMOUNT: penalty === 'No Penalty' ? null : micros(rng.pick([1, 1.5, 2, 25]) * 1_000_000),
        PENPERCAMN: penalty === 'No Penalty' ? null : i % 2 === 0 ? 'Percentage' : 'Amount',
        PENFUDGEDAYS: penalty === 'No Penalty' ? null : rng.int(0, 10),
        ...ctx.audit(rng, dayOf('2023-01-02') + rng.int(0, 30)),
      });
    });
  }
}

/** Active term names of an object (APTERM or ARTERM). */
export function activeTerms(ctx: DemoContext, object: 'APTERM' | 'ARTERM'): string[] {
  return ctx
    .rows(object)
    .filter((t) => t.STATUS === 'active')
    .map((t) => t.NAME as string);
}

/** The due-date rule behind a term name. */
export function ruleOf(ctx: DemoContext, object: 'APTERM' | 'ARTERM', name: string): TermRule {
  const rule = rules.get(ctx)?.get(`${object}:${name}`);
  if (!rule) throw new Error(`demo data: unknown ${object} ${name}`);
  return rule;
}
