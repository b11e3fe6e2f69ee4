// Checks a record as written by a client against the catalog: known, writable fields with values of their type, enums
// in either spelling.

import type { CatalogField, CatalogObject } from '../catalog/types.ts';
import { LedgerqError } from '../errors.ts';
import { isDateMacro } from '../query/date-macros.ts';
import { parseValue } from '../query/parse-value.ts';
import type { FieldValue } from '../catalog/field-values.ts';

/** A value as it arrived: XML text, or a JSON scalar from REST. Null (or '') clears the field. */
export type RawValue = string | number | boolean | null;

/** Field → raw value, in the order written. */
export type RawRecord = ReadonlyMap<CatalogField, RawValue>;

/** Fields the server sets on every write; a client that sends them is refused like any read-only field. */
export const AUDIT_FIELDS = ['WHENMODIFIED', 'CREATEDBY', 'MODIFIEDBY', 'AUWHENCREATED'] as const;

export function readOnlyRefused(o: CatalogObject, f: CatalogField): LedgerqError {
  return new LedgerqError('write.read-only-field', `Field ${f.xmlId} of ${o.xmlName} is read-only and cannot be set`, {
    object: o.xmlName,
    field: f.xmlId,
  });
}

/**
 * Parses each value by its field's type; enums accept the XML, REST and code spellings, in any case. A read-only field
 * sent empty (REST `null`, an empty CSV cell) is not given, as an empty element is. The map answered is new: the
 * caller may add to it.
 */
export function checkValues(o: CatalogObject, raw: RawRecord, naming: 'xml' | 'rest'): Map<CatalogField, FieldValue> {
  const out = new Map<CatalogField, FieldValue>();
  for (const [f, v] of raw) {
    if ((v === null || v === '') && f.readOnly) continue;
    if (f.readOnly || f.column === null || f.hidden) throw readOnlyRefused(o, f);
    if (v === null || v === '') {
      if (f.required) throw requiredMissing(o, f);
      out.set(f, null);
      continue;
    }
    out.set(f, parseWritten(o, f, v, naming));
  }
  return out;
}

/** One non-empty value as written, parsed by its field's type. */
export function parseWritten(
  o: CatalogObject,
  f: CatalogField,
  v: string | number | boolean,
  naming: 'xml' | 'rest',
): FieldValue {
  if (f.maxLength !== null && typeof v === 'string' && v.length > f.maxLength) {
    throw new LedgerqError(
      'write.invalid-value',
      `Field ${f.xmlId} of ${o.xmlName} is longer than ${f.maxLength} characters`,
      { object: o.xmlName, field: f.xmlId },
    );
  }
  // PostgreSQL text cannot hold NUL and SQLite would: refused on both, so a write does not depend on the database.
  // Intacct's answer is unknown; refusing is the stricter reading (docs/writes.md).
  if (typeof v === 'string' && v.includes('\u0000')) {
    throw new LedgerqError(
      'write.invalid-value',
      `Invalid value for ${f.xmlId} of ${o.xmlName}: the value holds a NUL character`,
      { object: o.xmlName, field: f.xmlId },
    );
  }
  // Date macros (`today`) are query vocabulary; a stored date must be written out.
  if ((f.type === 'date' || f.type === 'datetime') && isDateMacro(typeof v === 'string' ? v.trim() : v)) {
    throw new LedgerqError(
      'write.invalid-value',
      `Invalid value for ${f.xmlId} of ${o.xmlName}: write a date, not the macro ${JSON.stringify(v)}`,
      { object: o.xmlName, field: f.xmlId },
    );
  }
  try {
    const parsed = parseValue(f, v, { naming, spelling: 'label', asOf: '1970-01-01', path: f.xmlId });
    // A bare date on a datetime field parses as the whole day; a write stores its first instant.
    return parsed.kind === 'point' ? (parsed.value as FieldValue) : (parsed.low as FieldValue);
  } catch (e) {
    if (!(e instanceof LedgerqError)) throw e;
    throw new LedgerqError('write.invalid-value', `Invalid value for ${f.xmlId} of ${o.xmlName}: ${e.message}`, {
      object: o.xmlName,
      field: f.xmlId,
    });
  }
}

export function requiredMissing(o: CatalogObject, f: CatalogField): LedgerqError {
  return new LedgerqError('write.required-field', `Required field ${f.xmlId} of ${o.xmlName} is missing`, {
    object: o.xmlName,
    field: f.xmlId,
  });
}

/** A value that was not given: absent, null or the empty text of an empty element. */
export const isBlank = (v: unknown): boolean => v === undefined || v === null || v === '';
