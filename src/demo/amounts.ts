// Money for demo documents: currencies, exchange rates, and how a document's lines split into paid, selected and due
// amounts.

import type { Random } from './random.ts';

export const CURRENCIES = ['USD', 'GBP', 'EUR', 'CAD'] as const;

/** Rough value of one unit in US dollars, in millionths; each document jitters it a little. */
const USD_MICROS: Record<string, number> = { USD: 1_000_000, GBP: 1_270_000, EUR: 1_080_000, CAD: 740_000 };

/** Exchange rate from `trx` to `base` in millionths (1.000000 when they are the same currency). */
export function exchangeRate(rng: Random, trx: string, base: string): number {
  if (trx === base) return 1_000_000;
  const mid = (USD_MICROS[trx]! / USD_MICROS[base]!) * 1_000_000;
  return Math.round(mid * (0.97 + rng.float() * 0.06));
}

/** Transaction cents at `rate` millionths → base cents, rounded half away from zero. */
export function toBase(trxCents: number, rate: number): number {
  if (rate === 1_000_000) return trxCents;
  const v = (Math.abs(trxCents) * rate) / 1_000_000;
  return Math.sign(trxCents) * Math.round(v);
}

/** How far a document has been settled. */
export type Settlement = 'open' | 'selected' | 'partial' | 'paid';

export interface LineAmounts {
  trx: number;
  base: number;
  trxPaid: number;
  basePaid: number;
  trxSelected: number;
  baseSelected: number;
}

export interface DocumentAmounts {
  readonly lines: readonly LineAmounts[];
  readonly trx: number;
  readonly base: number;
  readonly trxPaid: number;
  readonly basePaid: number;
  readonly trxSelected: number;
  readonly baseSelected: number;
}

/**
 * Splits a document's lines into paid and selected amounts, line by line, so
 * header totals are exact sums of their lines: TOTALENTERED = Σ AMOUNT,
 * TOTALPAID = Σ TOTALPAID, and TOTALDUE = TOTALENTERED − TOTALPAID. A partial
 * payment pays the first lines in full and half of the next one.
 */
export function settle(
  trxLines: readonly number[],
  rate: number,
  settlement: Settlement,
  rng: Random,
): DocumentAmounts {
  const lines: LineAmounts[] = trxLines.map((trx) => ({
    trx,
    base: toBase(trx, rate),
    trxPaid: 0,
    basePaid: 0,
    trxSelected: 0,
    baseSelected: 0,
  }));
  if (settlement === 'paid') {
    for (const l of lines) {
      l.trxPaid = l.trx;
      l.basePaid = l.base;
    }
  } else if (settlement === 'selected') {
    for (const l of lines) {
      l.trxSelected = l.trx;
      l.baseSelected = l.base;
    }
  } else if (settlement === 'partial') {
    const fully = rng.int(0, lines.length - 1);
    lines.forEach((l, i) => {
      if (i < fully) {
        l.trxPaid = l.trx;
        l.basePaid = l.base;
      } else if (i === fully) {
        l.trxPaid = Math.trunc(l.trx / 2);
        l.basePaid = Math.trunc(l.base / 2);
      }
    });
  }
  let trx = 0,
    base = 0,
    trxPaid = 0,
    basePaid = 0,
    trxSelected = 0,
    baseSelected = 0;
  for (const l of lines) {
    trx += l.trx;
    base += l.base;
    trxPaid += l.trxPaid;
    basePaid += l.basePaid;
    trxSelected += l.trxSelected;
    baseSelected += l.baseSelected;
  }
  return { lines, trx, base, trxPaid, basePaid, trxSelected, baseSelected };
}
