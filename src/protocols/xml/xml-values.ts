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
  if (!text.includes('.')) return text;
  let end = text.length;
  while (text.charCodeAt(end - 1) === 48 /* 0 */) end--;
  if (text.charCodeAt(end - 1) === 46 /* . */) end--;
  return end === text.length ? text : text.slice(0, end);
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

const asText = (v: FieldValue): string => (v === null ? '' : typeof v === 'string' ? v : String(v));

/**
 * The writer of one selected column, chosen once per answer: the same text as formatSelectValue, without deciding the
 * field's type again for every value (the record writers' hot loop, bench/writers.ts).
 */
export function selectFormatter(s: BoundSelect): (v: FieldValue) => string {
  if (s.kind === 'aggregate' && s.fn !== 'min' && s.fn !== 'max') return (v) => formatSelectValue(s, v);
  switch (s.ref.field.type) {
    case 'integer':
    case 'text':
    case 'enum':
      return asText;
    case 'decimal':
    case 'currency':
      return (v) => (v === null ? '' : bareDecimal(String(v)));
    case 'date':
      return (v) => (v === null ? '' : usDate(String(v)));
    case 'datetime':
      // The object's ISO-or-US choice made once per column, not per value.
      return ISO_DATETIME_OBJECTS.has(s.ref.object.xmlName.toUpperCase())
        ? asText
        : (v) => {
            if (v === null) return '';
            const t = String(v);
            return `${usDate(t)} ${t.slice(11, 19)}`;
          };
    default:
      return (v) => formatSelectValue(s, v);
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
