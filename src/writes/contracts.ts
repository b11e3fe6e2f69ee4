// Contracts (CONTRACT) and contract lines (CONTRACTDETAIL): the rules of Intacct's contracts and contract lines
// references (russellkt/intacct-mcp-server docs/contracts-rev-mgmt-contracts.md, docs/contracts-rev-mgmt-contract-lines.md)
// that a create or update checks beyond the catalog's types, and the hold and resume of a line's schedules.

import { COMPANY_COLUMN, findField, storedColumn } from '../catalog/catalog.ts';
import { decodeValue, type FieldValue } from '../catalog/field-values.ts';
import type { CatalogField, CatalogObject } from '../catalog/types.ts';
import { LedgerqError } from '../errors.ts';
import { ident, p, sql } from '../store/sql.ts';
import { parseWritten, type RawRecord, type RawValue } from './record-values.ts';
import type { Writer } from './writer.ts';
import { isBlank, resolveRecordNo, type RecordRef, updateRecord, type WrittenKey } from './write-record.ts';

/** A raw value in the XML spelling of its enum (`inProgress` → In progress), or its trimmed text. */
function spelled(o: CatalogObject, f: CatalogField, v: RawValue | undefined): string | null {
  if (isBlank(v)) return null;
  const parsed = parseWritten(o, f, v as string | number | boolean, 'xml');
  return parsed === null ? null : String(parsed);
}

function refuse(o: CatalogObject, field: string, message: string): LedgerqError {
  return new LedgerqError('write.invalid-value', message, { object: o.xmlName, field });
}

/** "State in which to create the contract": In progress (the default) or Draft; a contract line may also start Renewal only. */
const CREATE_STATES: Readonly<Record<string, readonly string[]>> = {
  CONTRACT: ['In progress', 'draft'],
  CONTRACTDETAIL: ['In progress', 'Draft', 'Renewal only'],
};

function checkCreateState(o: CatalogObject, raw: RawRecord): void {
  const f = findField(o, 'STATE')!;
  const state = spelled(o, f, raw.get(f));
  if (state !== null && !CREATE_STATES[o.xmlName]!.includes(state))
    throw refuse(o, 'STATE', `A ${o.xmlName} is created ${CREATE_STATES[o.xmlName]!.join(' or ')}, not ${state}`);
}

/** One stored value of a record found by `field` = `value`; undefined when there is no such record. */
async function storedValue(
  w: Writer,
  o: CatalogObject,
  by: string,
  value: FieldValue,
  want: string,
): Promise<FieldValue | undefined> {
  const f = findField(o, want)!;
  const rows = await w.db.all<{ v: unknown }>(sql`SELECT ${ident(f.column!)} AS v FROM ${ident(o.table)}
    WHERE ${ident(COMPANY_COLUMN)} = ${p(w.companyKey)} AND ${ident(storedColumn(o, by))} = ${p(value as string | number)}`);
  return rows[0] ? decodeValue(f, rows[0].v) : undefined;
}

/**
 * A create's values after the object's own rules: a contract's STATE (In progress or Draft), ENDDATE "Required when
 * the term type is Termed" (the default term type) and EVERGREENMACRO "Required for an Evergreen term type"; a contract
 * line's STATE, its LOCATIONID taken from its contract when it sends none (the reference's own line examples send
 * none), and BILLINGOPTIONS "Use billing template" by default for a Fixed price line. Other objects' records pass
 * unchanged.
 */
export async function contractRulesOnCreate(w: Writer, o: CatalogObject, raw: RawRecord): Promise<RawRecord> {
  if (o.xmlName === 'CONTRACT') {
    checkCreateState(o, raw);
    const termType = spelled(o, findField(o, 'TERMTYPE')!, raw.get(findField(o, 'TERMTYPE')!)) ?? 'Termed';
    const needs = termType === 'Evergreen' ? 'EVERGREENMACRO' : 'ENDDATE';
    if (isBlank(raw.get(findField(o, needs)!)))
      throw new LedgerqError(
        'write.required-field',
        `Required field ${needs} of CONTRACT is missing: the contract's TERMTYPE is ${termType}`,
        { object: o.xmlName, field: needs },
      );
    return raw;
  }
  if (o.xmlName !== 'CONTRACTDETAIL') return raw;
  checkCreateState(o, raw);
  const out = new Map(raw);
  const location = findField(o, 'LOCATIONID')!;
  const contractId = raw.get(findField(o, 'CONTRACTID')!);
  if (isBlank(raw.get(location)) && !isBlank(contractId)) {
    // An unknown contract leaves the line without one: the write then names CONTRACTID.
    const own = await storedValue(w, w.catalog.require('CONTRACT'), 'CONTRACTID', String(contractId), 'LOCATIONID');
    if (own !== undefined && own !== null) out.set(location, String(own));
  }
  const method = findField(o, 'BILLINGMETHOD')!;
  const options = findField(o, 'BILLINGOPTIONS')!;
  if ((spelled(o, method, raw.get(method)) ?? 'Fixed price') === 'Fixed price' && isBlank(raw.get(options)))
    out.set(options, 'Use billing template');
  return out;
}

/** A contract line stays with its contract: an update naming another CONTRACTID is refused. */
export async function contractRulesOnUpdate(
  w: Writer,
  o: CatalogObject,
  ref: RecordRef,
  raw: RawRecord,
): Promise<void> {
  if (o.xmlName !== 'CONTRACTDETAIL') return;
  const f = findField(o, 'CONTRACTID')!;
  const sent = raw.get(f);
  if (isBlank(sent)) return;
  const recordNo = await resolveRecordNo(w, o, ref);
  const own = await storedValue(w, o, 'RECORDNO', recordNo, 'CONTRACTID');
  if (String(own) !== String(sent).trim())
    throw refuse(
      o,
      'CONTRACTID',
      `CONTRACTDETAIL ${recordNo} belongs to contract ${String(own)}; a line cannot move to another contract`,
    );
}

/** What `hold` and `resume` name: the schedules (BILLING, REVENUE, EXPENSE) and the date. */
export interface ScheduleHold {
  readonly asOfDate: string | null;
  readonly schedules: readonly ('BILLING' | 'REVENUE' | 'EXPENSE')[];
  readonly memo: string | null;
}

/**
 * `hold` puts the named schedules of an In progress line on hold ("the state of the contract line remains in
 * progress, but the billing and revenue schedules and/or expense schedules can be put on hold"); `resume` takes them
 * off hold as of its ASOFDATE ("Required"). The line's BILLING, REVENUE and EXPENSE read whether that schedule is on
 * hold, ASOFDATE the date of the last hold or resume, MEMO its description (ledgerq's reading: the reference does not
 * say what a read of a held line answers). A hold naming no schedule, or a resume of a schedule not on hold, is
 * refused: there is nothing to do (the stricter reading).
 */
export async function holdContractLine(
  w: Writer,
  line: CatalogObject,
  ref: RecordRef,
  action: 'hold' | 'resume',
  what: ScheduleHold,
): Promise<WrittenKey> {
  if (action === 'resume' && what.asOfDate === null)
    throw new LedgerqError('write.required-field', 'Required field ASOFDATE of CONTRACTDETAIL is missing for resume', {
      object: line.xmlName,
      field: 'ASOFDATE',
    });
  if (what.schedules.length === 0)
    throw new LedgerqError(
      'write.required-field',
      `${action} names no schedule: set BILLING, REVENUE or EXPENSE to true`,
      { object: line.xmlName, field: 'BILLING' },
    );
  return w.db.transaction(async (db) => {
    const tx = { ...w, db };
    const recordNo = await resolveRecordNo(tx, line, ref);
    const state = await storedValue(tx, line, 'RECORDNO', recordNo, 'STATE');
    if (state !== 'In progress')
      throw refuse(
        line,
        'STATE',
        `CONTRACTDETAIL ${recordNo} is ${String(state ?? 'without a state')}, not In progress: its schedules cannot be put on hold or resumed`,
      );
    const changes = new Map<CatalogField, RawValue>();
    for (const s of what.schedules) {
      const held = await storedValue(tx, line, 'RECORDNO', recordNo, s);
      if (action === 'resume' && held !== true)
        throw refuse(line, s, `The ${s.toLowerCase()} schedule of CONTRACTDETAIL ${recordNo} is not on hold`);
      changes.set(findField(line, s)!, action === 'hold' ? 'true' : 'false');
    }
    if (what.asOfDate !== null) changes.set(findField(line, 'ASOFDATE')!, what.asOfDate);
    if (what.memo !== null) changes.set(findField(line, 'MEMO')!, what.memo);
    return updateRecord(tx, line, { by: 'key', value: String(recordNo) }, changes);
  });
}
