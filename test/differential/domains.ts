// Small value domains shared by the dataset and query generators, so that matches, ties, NULLs and duplicates are
// common.

import { findField } from '../../src/catalog/catalog.ts';
import type { CatalogField, CatalogObject } from '../../src/catalog/types.ts';
import { formatDuration } from '../../src/query/values.ts';
import { scaledToDecimal, type FieldValue } from '../../src/catalog/field-values.ts';

/** The instant every query is bound at: open durations run to it and date macros count from its day. */
export const NOW = '2024-03-15T12:00:00Z';

/** The connected objects the generators populate and query. */
export const OBJECTS = [
  'APBILL',
  'APBILLITEM',
  'VENDOR',
  'APTERM',
  'CONTACT',
  'CUSTOMER',
  'ARINVOICE',
  'JOBQUEUERECORD',
] as const;

export const COMPANIES = [1, 2] as const;
/** EP is private: hidden at the top level unless includePrivate. */
export const ENTITIES = ['E1', 'E2', 'EP'] as const;
export const PRIVATE_ENTITIES = ['EP'] as const;

/** Record numbers per company: company 1 uses 1–10 and company 2 uses 101–110, so a key names one row of one company. */
export const KEYS_PER_COMPANY = 10;
export const keyOffset = (companyKey: number) => (companyKey - 1) * 100;

/** Hostile and non-ASCII text: quotes, backslashes, LIKE and GLOB metacharacters, comment and statement separators, case pairs, and code points above U+FFFF. */
export const TEXTS: readonly string[] = [
  '',
  'a',
  'A',
  'ab',
  'Ab',
  'abc',
  'b',
  "O'Brien",
  "o'brien",
  "' OR 1=1 --",
  'back\\slash',
  '\\',
  '50%',
  '5_0',
  '%',
  '_',
  'a--b',
  'x; DROP TABLE o_vendor; --',
  'Zoë',
  'zoë',
  'ZOË',
  'ÉCOLE',
  'école',
  'Ecole',
  '😀',
  'a😀b',
  '\uFB00',
  '\uE000x',
  '[x]',
  '*',
  '?',
  'tab\there',
  'line\nbreak',
  ' a',
  'a ',
  'Ω',
];

/** Pieces LIKE patterns and match values are built from. */
export const PATTERN_PIECES: readonly string[] = [
  'a',
  'A',
  'b',
  'ab',
  "O'",
  "o'",
  'ë',
  'Ë',
  'É',
  'é',
  'cole',
  'COLE',
  '😀',
  '\\',
  '[',
  ']',
  '*',
  '?',
  '-',
  ';',
  '%',
  '_',
  ' ',
  'x',
  '\uFB00',
];

export const VENDOR_IDS = ['V1', 'V2', 'V3', 'v1', "O'Brien"];
export const TERM_NAMES = ['Net 30', 'Net 10', 'net 30', 'Due\\Now'];
export const CUSTOMER_IDS = ['C1', 'C2', 'C3', 'c1', 'Zoë'];

export const INTEGERS = [-2, 0, 1, 2, 3, 30];
export const CURRENCIES = ['0.00', '0.01', '1.00', '-1.00', '10.50', '99.99', '-0.50', '1000000.00'];
export const DECIMALS = ['0.000000', '0.333333', '1.000000', '-2.500000', '0.000001', '12.345678'];
export const DATES = [
  '2023-12-31',
  '2024-01-01',
  '2024-02-29',
  '2024-03-01',
  '2024-03-10',
  '2024-03-15',
  '2024-03-16',
  '2024-04-01',
  '2025-01-01',
];
export const DATETIMES = [
  '2024-01-01T00:00:00Z',
  '2024-03-01T08:30:00Z',
  '2024-03-14T23:59:59Z',
  '2024-03-15T00:00:00Z',
  '2024-03-15T11:59:59Z',
  '2024-03-15T12:00:00Z',
  '2024-03-15T13:00:00Z',
  '2024-03-16T00:00:00Z',
];
/** Durations between the instants above (and to NOW), as written in filters. */
export const DURATIONS: readonly string[] = [
  ...new Set(
    DATETIMES.flatMap((a) => [...DATETIMES, NOW].map((b) => (Date.parse(b) - Date.parse(a)) / 1000))
      .filter((s) => s >= 0)
      .map(formatDuration),
  ),
].sort();

/** Fields whose values join to another object: they share the related field's domain. */
const JOIN_DOMAINS: Record<string, readonly FieldValue[]> = {
  'VENDOR.VENDORID': VENDOR_IDS,
  'VENDOR.PARENTID': VENDOR_IDS,
  'APBILL.VENDORID': VENDOR_IDS,
  'APBILLITEM.VENDORID': VENDOR_IDS,
  'APTERM.NAME': TERM_NAMES,
  'APBILL.TERMNAME': TERM_NAMES,
  'VENDOR.TERMNAME': TERM_NAMES,
  'CUSTOMER.CUSTOMERID': CUSTOMER_IDS,
  'CUSTOMER.PARENTID': CUSTOMER_IDS,
  'ARINVOICE.CUSTOMERID': CUSTOMER_IDS,
  'APBILLITEM.CUSTOMERID': CUSTOMER_IDS,
};

/** Reference fields holding another object's record number: own company's keys mostly, the other company's sometimes. */
const KEY_REFERENCES = new Set([
  'VENDOR.PAYTOKEY',
  'VENDOR.DISPLAYCONTACTKEY',
  'VENDOR.PRIMARYCONTACTKEY',
  'VENDOR.RETURNTOKEY',
  'CUSTOMER.DISPLAYCONTACTKEY',
  'CUSTOMER.CONTACTKEY',
  'CUSTOMER.BILLTOKEY',
  'CUSTOMER.SHIPTOKEY',
  'APBILLITEM.RECORDKEY',
]);

export const ALL_KEYS: readonly number[] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 101, 102, 103, 104, 105];

export function isKeyReference(o: CatalogObject, f: CatalogField): boolean {
  return KEY_REFERENCES.has(`${o.xmlName}.${f.xmlId}`);
}

/** The values a stored field takes in generated rows (besides NULL) and that filters compare it with. */
export function domainOf(o: CatalogObject, f: CatalogField): readonly FieldValue[] {
  const join = JOIN_DOMAINS[`${o.xmlName}.${f.xmlId}`];
  if (join) return join;
  if (isKeyReference(o, f) || (f.xmlId === o.keyField && f.type === 'integer')) return ALL_KEYS;
  if (f.xmlId === 'MEGAENTITYID') return ENTITIES;
  switch (f.type) {
    case 'text':
      return TEXTS;
    case 'enum':
      return f.enumValues!.slice(0, 4).map((v) => v.xml);
    case 'integer':
      return INTEGERS;
    case 'currency':
    case 'decimal':
      return f.scale === 2 ? CURRENCIES : f.scale === 6 ? DECIMALS : INTEGERS.map((i) => scaledToDecimal(i, f.scale));
    case 'boolean':
      return [true, false];
    case 'date':
      return DATES;
    case 'datetime':
      return DATETIMES;
  }
}

/** A JOBQUEUERECORD key: unique across companies, like record numbers. */
export function jobId(companyKey: number, n: number): string {
  return `${companyKey === 1 ? 'J' : 'K'}${n}`;
}

export function keyField(o: CatalogObject): CatalogField {
  return findField(o, o.keyField)!;
}
