// Field values as Intacct writes them in gateway responses: mm/dd/yyyy dates, bare decimals, true/false.

import type { CatalogField } from '../../catalog/types.ts';
import { assertNever } from '../../errors.ts';
import type { BoundSelect } from '../../query/ir/bound.ts';
import type { FieldValue } from '../../catalog/field-values.ts';

/** seed queue-administration: JOBQUEUERECORD writes TIMEQUEUED/TIMESTARTED "in ISO 8601 date time format" (2018-06-22T11:21:48Z). */
const ISO_DATETIME_OBJECTS = new Set(['JOBQUEUERECORD']);

/** 'YYYY-MM-DD' → 'MM/DD/YYYY'. */
function usDate(iso: string): string {
  return `${iso.slice(5, 7)}/${iso.slice(8, 10)}/${iso.slice(0, 4)}`;
}

/** Intacct writes amounts bare: 205375, 1679615.93 (intacct-responses fact 31), never padded to the scale. */
export function bareDecimal(text: string): string {
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}

export function formatFieldValue(field: CatalogField, objectName: string, v: FieldValue): string {
  if (v === null) return '';
  switch (field.type) {
    case 'boolean':
      return v === true ? 'true' : 'false';
    case 'date':
      return usDate(String(v));
    case 'datetime': {
      const s = String(v);
      // Stored as 'YYYY-MM-DDTHH:MM:SSZ'; records elsewhere read 07/24/2017 15:19:46 (fact 31).
      return ISO_DATETIME_OBJECTS.has(objectName.toUpperCase()) ? s : `${usDate(s)} ${s.slice(11, 19)}`;
    }
    case 'decimal':
    case 'currency':
      return bareDecimal(String(v));
    case 'integer':
    case 'text':
    case 'enum':
      return String(v);
    default:
      return assertNever(field.type);
  }
}

export function formatSelectValue(s: BoundSelect, v: FieldValue): string {
  if (s.kind === 'field') return formatFieldValue(s.ref.field, s.ref.object.xmlName, v);
  switch (s.fn) {
    case 'count':
      return v === null ? '0' : String(v);
    case 'sum':
    case 'avg':
      return v === null ? '' : bareDecimal(String(v));
    case 'min':
    case 'max':
      return formatFieldValue(s.ref.field, s.ref.object.xmlName, v);
    default:
      return assertNever(s.fn);
  }
}
