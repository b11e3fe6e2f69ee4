// Converts field values between their canonical JS form and the stored form, exactly (decimals never pass through
// floats).

import type { CatalogField } from './types.ts';
import type { SqlValue } from '../store/sql.ts';

/**
 * Canonical JS form of a field value, the same whichever database it came from:
 * text/enum → string (enum as its XML spelling), integer → number,
 * decimal/currency → string with exactly `scale` decimals ("1234.50"),
 * boolean → boolean, date → 'YYYY-MM-DD', datetime → 'YYYY-MM-DDTHH:MM:SSZ'.
 */
export type FieldValue = string | number | boolean | null;

const DECIMAL = /^([+-]?)(\d+)(?:\.(\d+))?$/;

/** "12.3" at scale 2 → 1230n. Throws on more decimals than the scale keeps. */
export function decimalToScaled(text: string, scale: number): bigint {
  const m = DECIMAL.exec(text.trim());
  if (!m) throw new RangeError(`not a decimal: ${JSON.stringify(text)}`);
  const [, sign, int, frac = ''] = m;
  if (frac.length > scale && /[1-9]/.test(frac.slice(scale)))
    throw new RangeError(`${text} has more than ${scale} decimal places`);
  const digits = BigInt(int! + frac.slice(0, scale).padEnd(scale, '0'));
  return sign === '-' ? -digits : digits;
}

/** 1230n at scale 2 → "12.30". */
export function scaledToDecimal(value: bigint | number, scale: number): string {
  let v = typeof value === 'bigint' ? value : BigInt(value);
  const negative = v < 0n;
  if (negative) v = -v;
  const s = v.toString().padStart(scale + 1, '0');
  const text = scale === 0 ? s : `${s.slice(0, s.length - scale)}.${s.slice(s.length - scale)}`;
  return negative ? `-${text}` : text;
}

/** Canonical value → what the column stores. */
export function encodeValue(field: CatalogField, value: FieldValue): SqlValue {
  if (value === null) return null;
  switch (field.type) {
    case 'decimal':
    case 'currency': {
      const scaled = decimalToScaled(String(value), field.scale);
      return Number.isSafeInteger(Number(scaled)) ? Number(scaled) : scaled;
    }
    case 'integer':
      return typeof value === 'number' ? value : Number(value);
    case 'boolean':
      return value === true || value === 'true';
    default:
      return value;
  }
}

/** Stored value (from either driver) → canonical value. */
export function decodeValue(field: CatalogField, stored: unknown): FieldValue {
  if (stored === null || stored === undefined) return null;
  switch (field.type) {
    case 'decimal':
    case 'currency':
      return scaledToDecimal(stored as number | bigint, field.scale);
    case 'integer':
      return Number(stored);
    case 'boolean':
      return stored === true || stored === 1 || stored === 1n;
    default:
      return String(stored);
  }
}
