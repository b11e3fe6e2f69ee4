// Value rules shared by the compiler's decoder and the reference evaluator, so both produce identical text.

import { scaledToDecimal } from '../catalog/field-values.ts';

/** ASCII-only lower case: what LOWER() does on both databases for byte-compared ("C") text. */
export function asciiLower(s: string): string {
  return s.replace(/[A-Z]+/g, (m) => m.toLowerCase());
}

/** Decimal places of an average: the field's own, and at least 2. */
export function averageScale(fieldScale: number): number {
  return Math.max(2, fieldScale);
}

/**
 * Exact average of scaled integers, rounded half away from zero.
 * `sum` is the sum of values scaled by 10^fieldScale; the result is decimal text.
 */
export function averageText(sum: unknown, count: unknown, fieldScale: number): string | null {
  const n = BigInt(String(count ?? 0));
  if (n === 0n || sum === null || sum === undefined) return null;
  const out = averageScale(fieldScale);
  // value = sum / 10^fieldScale / n; scaled to 10^out: sum * 10^(out-fieldScale) / n
  const num = BigInt(String(sum)) * 10n ** BigInt(out - fieldScale);
  const neg = num < 0n;
  const a = neg ? -num : num;
  let q = a / n;
  if ((a % n) * 2n >= n) q += 1n;
  return scaledToDecimal(neg ? -q : q, out);
}

/** Seconds → 'H:mm:ss' (JOBQUEUERECORD ACTIVETIME, WAITINQUEUE). */
export function formatDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.round(totalSeconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return `${h}:${String(m).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}
