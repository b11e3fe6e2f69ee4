// Read-only fields the server computes on a write (a document's totals, a line's base amount, the party's name, the
// base currency): production payloads send them anyway, so a value equal to the computed one is accepted.

import type { CatalogField, CatalogObject } from '../catalog/types.ts';
import { encodeValue, type FieldValue } from '../catalog/field-values.ts';
import { LedgerqError } from '../errors.ts';
import { parseWritten, type RawRecord, type RawValue } from './record-values.ts';

/**
 * Read-only fields Intacct derives from the company and that ledgerq does not model per entity: accepted and not
 * stored. fylein/fyle-intacct-api (apps/sage_intacct/utils.py, `__construct_bill`) sends BASECURR on every bill.
 */
const DERIVED_UNMODELLED: ReadonlySet<string> = new Set(['BASECURR']);

/** The client's record without the server-computed fields it sent, and those fields apart. */
export function splitComputed(
  raw: RawRecord,
  computed: ReadonlyMap<string, FieldValue>,
): { readonly given: RawRecord; readonly claims: RawRecord } {
  const given = new Map<CatalogField, RawValue>();
  const claims = new Map<CatalogField, RawValue>();
  for (const [f, v] of raw) {
    const derived = f.readOnly && (computed.has(f.xmlId) || DERIVED_UNMODELLED.has(f.xmlId));
    (derived ? claims : given).set(f, v);
  }
  return { given, claims };
}

/**
 * A computed field sent with the value the server computes is accepted; another value is refused as read-only,
 * naming both (the stricter reading: Intacct's answer to a differing total is not public).
 */
export function checkClaims(
  o: CatalogObject,
  claims: RawRecord,
  computed: ReadonlyMap<string, FieldValue>,
  naming: 'xml' | 'rest',
): void {
  for (const [f, v] of claims) {
    if (v === null || v === '' || !computed.has(f.xmlId)) continue;
    const server = computed.get(f.xmlId) ?? null;
    const sent = parseWritten(o, f, v, naming);
    if (encodeValue(f, sent) === encodeValue(f, server)) continue;
    throw new LedgerqError(
      'write.read-only-field',
      `Field ${f.xmlId} of ${o.xmlName} is computed by the server (${String(server)}) and cannot be set to ${String(v)}`,
      { object: o.xmlName, field: f.xmlId },
    );
  }
}
