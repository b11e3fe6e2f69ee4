// Transaction allocations (ALLOCATION) written with their entries (ALLOCATIONENTRY), as Intacct's transaction
// allocations reference describes them (russellkt/intacct-mcp-server docs/general-ledger-transaction-allocations.md):
// created whole, an update's entries replacing the stored ones, and the entries' values checked against the TYPE.

import { COMPANY_COLUMN, findField, storedColumn } from '../catalog/catalog.ts';
import { decimalToScaled, type FieldValue } from '../catalog/field-values.ts';
import type { CatalogObject } from '../catalog/types.ts';
import { LedgerqError } from '../errors.ts';
import { ident, p, sql } from '../store/sql.ts';
import type { RawRecord } from './record-values.ts';
import {
  createRecord,
  isBlank,
  resolveRecordNo,
  type RecordRef,
  updateRecord,
  type Writer,
  type WrittenKey,
} from './write-record.ts';

/** TYPE: "Percentage" (the default), "Absolute", or "Fixed amount with over/under logic". */
const TYPES = ['Percentage', 'Absolute', 'Fixed amount with over/under logic'] as const;
type AllocationType = (typeof TYPES)[number];
const FIXED: AllocationType = 'Fixed amount with over/under logic';

const HUNDRED = decimalToScaled('100', 6);

function invalid(object: string, field: string, message: string): LedgerqError {
  return new LedgerqError('write.invalid-value', message, { object, field });
}

function allocationType(header: CatalogObject, value: unknown): AllocationType {
  const text = String(value ?? 'Percentage').trim();
  const type = TYPES.find((t) => t.toLowerCase() === text.toLowerCase());
  if (!type)
    throw invalid(header.xmlName, 'TYPE', `Invalid value for TYPE of ALLOCATION: "${text}"; use ${TYPES.join(', ')}`);
  return type;
}

/**
 * The entries' values against the TYPE: VALUETYPE is Amount or Percent, required with the over/under TYPE and
 * implied by the others ("defaults to the correct value"); amount entries come before percent entries; the percent
 * entries add up to 100 ("Transaction allocation entries must add up to 100 if TYPE is Percentage or Fixed amount
 * with over/under logic"). Answers the entries without VALUETYPE: the catalog types it decimal, so it is not kept.
 */
function checkedEntries(
  header: CatalogObject,
  entry: CatalogObject,
  type: AllocationType,
  lines: readonly RawRecord[],
): RawRecord[] {
  if (lines.length === 0)
    throw new LedgerqError('write.required-field', 'An ALLOCATION needs at least one ALLOCATIONENTRY', {
      object: header.xmlName,
      field: 'ALLOCATIONENTRIES',
    });
  const valueType = findField(entry, 'VALUETYPE')!;
  const value = findField(entry, 'VALUE')!;
  let percent = 0n;
  let seenPercent = false;
  const out: RawRecord[] = [];
  for (const line of lines) {
    const sent = line.get(valueType);
    const given = isBlank(sent) ? null : String(sent).trim();
    const kind = given === null ? null : ['Amount', 'Percent'].find((k) => k.toLowerCase() === given.toLowerCase());
    if (given !== null && !kind)
      throw invalid(
        entry.xmlName,
        'VALUETYPE',
        `Invalid value for VALUETYPE of ALLOCATIONENTRY: "${given}"; use Amount or Percent`,
      );
    if (type === FIXED && !kind)
      throw new LedgerqError(
        'write.required-field',
        'Required field VALUETYPE of ALLOCATIONENTRY is missing: the ALLOCATION TYPE is Fixed amount with over/under logic',
        { object: entry.xmlName, field: 'VALUETYPE' },
      );
    const implied = type === 'Percentage' ? 'Percent' : type === 'Absolute' ? 'Amount' : null;
    if (kind && implied && kind !== implied)
      throw invalid(entry.xmlName, 'VALUETYPE', `VALUETYPE ${kind} does not fit an ALLOCATION of TYPE ${type}`);
    const effective = kind ?? implied!;
    if (effective === 'Amount' && seenPercent)
      throw invalid(entry.xmlName, 'VALUETYPE', 'Entries for exact amounts must come before entries for percentages');
    if (effective === 'Percent') {
      seenPercent = true;
      const v = line.get(value);
      // A value that is not a number is refused by the write, naming VALUE.
      if (!isBlank(v) && /^[+-]?\d+(\.\d+)?$/.test(String(v).trim())) percent += decimalToScaled(String(v).trim(), 6);
    }
    const kept = new Map(line);
    kept.delete(valueType);
    out.push(kept);
  }
  if (type !== 'Absolute' && percent !== HUNDRED)
    throw invalid(
      header.xmlName,
      'ALLOCATIONENTRIES',
      `The percentages of the ALLOCATION's entries add up to ${Number(percent) / 1e6}, not 100`,
    );
  return out;
}

async function writeEntries(w: Writer, allocation: number, lines: readonly RawRecord[]): Promise<void> {
  const entry = w.catalog.require('ALLOCATIONENTRY');
  for (const line of lines)
    await createRecord(w, entry, line, new Map<string, FieldValue>([['ALLOCATIONKEY', allocation]]));
}

/** create ALLOCATION with ALLOCATIONENTRIES: the header and its entries in one transaction. */
export async function createAllocation(
  w: Writer,
  header: CatalogObject,
  raw: RawRecord,
  lines: readonly RawRecord[],
): Promise<WrittenKey> {
  const entry = w.catalog.require('ALLOCATIONENTRY');
  const entries = checkedEntries(header, entry, allocationType(header, raw.get(findField(header, 'TYPE')!)), lines);
  return w.db.transaction(async (db) => {
    const tx = { ...w, db };
    const key = await createRecord(tx, header, raw);
    await writeEntries(tx, key.recordNo, entries);
    return key;
  });
}

/**
 * update ALLOCATION: the header's fields, and when ALLOCATIONENTRIES is sent (the SDK's AllocationUpdate writes it
 * only when given) the entries sent replace the stored ones, checked against the TYPE the allocation then has.
 */
export async function updateAllocation(
  w: Writer,
  header: CatalogObject,
  ref: RecordRef,
  raw: RawRecord,
  lines: readonly RawRecord[] | null,
): Promise<WrittenKey> {
  const entry = w.catalog.require('ALLOCATIONENTRY');
  const typeField = findField(header, 'TYPE')!;
  return w.db.transaction(async (db) => {
    const tx = { ...w, db };
    const recordNo = await resolveRecordNo(tx, header, ref);
    const stored = await db.all<{ t: string | null }>(sql`SELECT ${ident(typeField.column!)} AS t
      FROM ${ident(header.table)} WHERE ${ident(COMPANY_COLUMN)} = ${p(w.companyKey)}
        AND ${ident(storedColumn(header, 'RECORDNO'))} = ${p(recordNo)}`);
    const type = allocationType(header, raw.has(typeField) ? raw.get(typeField) : stored[0]?.t);
    const entries = lines === null ? null : checkedEntries(header, entry, type, lines);
    const key = await updateRecord(tx, header, { by: 'key', value: String(recordNo) }, raw);
    if (entries === null) return key;
    await db.run(sql`DELETE FROM ${ident(entry.table)} WHERE ${ident(COMPANY_COLUMN)} = ${p(w.companyKey)}
      AND ${ident(storedColumn(entry, 'ALLOCATIONKEY'))} = ${p(recordNo)}`);
    await writeEntries(tx, recordNo, entries);
    return key;
  });
}
