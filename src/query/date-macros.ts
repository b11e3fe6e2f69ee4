// REST date macros (today … priorYear) as inclusive date ranges relative to an as-of date.

export const DATE_MACROS = [
  'today',
  'yesterday',
  'currentWeek',
  'lastWeek',
  'currentMonth',
  'priorMonth',
  'currentQuarter',
  'priorQuarter',
  'currentYear',
  'priorYear',
] as const;
export type DateMacro = (typeof DATE_MACROS)[number];

export function isDateMacro(v: unknown): v is DateMacro {
  return typeof v === 'string' && (DATE_MACROS as readonly string[]).includes(v);
}

/** Inclusive range of ISO dates. */
export interface DateRange {
  readonly from: string;
  readonly to: string;
}

function iso(d: Date): string {
  return d.toISOString().slice(0, 10);
}

function utc(y: number, m: number, d: number): Date {
  return new Date(Date.UTC(y, m, d));
}

/**
 * `asOf` is 'YYYY-MM-DD'. Weeks run Sunday to Saturday, as Intacct's US
 * calendar shows them; quarters are calendar quarters (fiscal calendars are
 * not modelled).
 */
export function macroRange(macro: DateMacro, asOf: string): DateRange {
  const [y, m, d] = asOf.split('-').map(Number) as [number, number, number];
  const base = utc(y, m - 1, d);
  const day = (offset: number) => utc(y, m - 1, d + offset);
  const q = Math.floor((m - 1) / 3);
  switch (macro) {
    case 'today':
      return { from: iso(base), to: iso(base) };
    case 'yesterday':
      return { from: iso(day(-1)), to: iso(day(-1)) };
    case 'currentWeek': {
      const s = -base.getUTCDay();
      return { from: iso(day(s)), to: iso(day(s + 6)) };
    }
    case 'lastWeek': {
      const s = -base.getUTCDay() - 7;
      return { from: iso(day(s)), to: iso(day(s + 6)) };
    }
    case 'currentMonth':
      return { from: iso(utc(y, m - 1, 1)), to: iso(utc(y, m, 0)) };
    case 'priorMonth':
      return { from: iso(utc(y, m - 2, 1)), to: iso(utc(y, m - 1, 0)) };
    case 'currentQuarter':
      return { from: iso(utc(y, q * 3, 1)), to: iso(utc(y, q * 3 + 3, 0)) };
    case 'priorQuarter':
      return { from: iso(utc(y, q * 3 - 3, 1)), to: iso(utc(y, q * 3, 0)) };
    case 'currentYear':
      return { from: `${y}-01-01`, to: `${y}-12-31` };
    case 'priorYear':
      return { from: `${y - 1}-01-01`, to: `${y - 1}-12-31` };
  }
}
