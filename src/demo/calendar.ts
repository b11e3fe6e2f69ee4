// Fixed calendar arithmetic for the demo: every date is a day number counted from a constant anchor, never from the
// clock.

const MS_PER_DAY = 86_400_000;

/**
 * Demo transactions span these three years; older rows exist only where a seed example needs them. The years end in
 * the past of any moment the demo is seeded (issue 18: nothing in the demo lies in the future), on the same day as its
 * record of events, so the data is the same whenever it is seeded.
 */
export const ANCHOR_FIRST = '2023-01-01';
export const ANCHOR_LAST = '2025-12-31';
/**
 * The last day of the demo's record of what happened (the offline queue's jobs, the audit trail). A fixed day in the
 * past of any moment the demo is seeded, so no job was queued, started or finished after "now", and the data is the
 * same whenever it is seeded. Jobs still queued or running were queued in its last three days.
 */
export const EVENTS_LAST = '2025-12-31';

/** 'YYYY-MM-DD' → days since 1970-01-01. */
export function dayOf(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d) / MS_PER_DAY;
}

export function isoDate(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Day number plus seconds into that day → 'YYYY-MM-DDTHH:MM:SSZ'. */
export function isoDateTime(day: number, seconds: number): string {
  return `${new Date(day * MS_PER_DAY + seconds * 1000).toISOString().slice(0, 19)}Z`;
}

/** Seconds since the epoch → 'YYYY-MM-DDTHH:MM:SSZ'. */
export function isoInstant(epochSeconds: number): string {
  return `${new Date(epochSeconds * 1000).toISOString().slice(0, 19)}Z`;
}

export function epochSeconds(day: number, seconds: number): number {
  return day * 86_400 + seconds;
}

export function yearOf(day: number): number {
  return new Date(day * MS_PER_DAY).getUTCFullYear();
}

/** 0-based month index counted from January 1970: orders periods and names them. */
export function monthOf(day: number): number {
  const d = new Date(day * MS_PER_DAY);
  return d.getUTCFullYear() * 12 + d.getUTCMonth() - 1970 * 12;
}

export function firstDayOfMonth(month: number): number {
  return Date.UTC(1970 + Math.floor(month / 12), month % 12, 1) / MS_PER_DAY;
}

export function lastDayOfMonth(month: number): number {
  return firstDayOfMonth(month + 1) - 1;
}

const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** Intacct's reporting-period name: 'Month Ended June 2021'. */
export function periodName(month: number): string {
  return `Month Ended ${MONTH_NAMES[month % 12]} ${1970 + Math.floor(month / 12)}`;
}

/** 'December 31st 2024', as the REST seed's journal-entry descriptions spell dates. */
export function longDate(day: number): string {
  const d = new Date(day * MS_PER_DAY);
  const n = d.getUTCDate();
  const suffix =
    n % 10 === 1 && n !== 11 ? 'st' : n % 10 === 2 && n !== 12 ? 'nd' : n % 10 === 3 && n !== 13 ? 'rd' : 'th';
  return `${MONTH_NAMES[d.getUTCMonth()]} ${n}${suffix} ${d.getUTCFullYear()}`;
}
