// The object-specific rules the generic record writer applies (write-record.ts calls them): contracts' and contract
// lines' create and update rules, an online bank feed's refused delete, a document's subtotals deleted with it, and a
// document sequence's values.
// They read and check only, never write through write-record.ts, so the writer can call them without an import cycle;
// the functions that write these objects (contracts.ts, bank-feeds.ts, transaction-subtotals.ts) build on them.

import { COMPANY_COLUMN, findField, storedColumn } from '../catalog/catalog.ts';
import { decodeValue, type FieldValue } from '../catalog/field-values.ts';
import type { CatalogField, CatalogObject } from '../catalog/types.ts';
import { LedgerqError } from '../errors.ts';
import { ident, p, sql } from '../store/sql.ts';
import { isBlank, parseWritten, type RawRecord, type RawValue } from './record-values.ts';
import type { Writer } from './writer.ts';

/** A raw value in the XML spelling of its enum (`inProgress` → In progress), or its trimmed text. */
export function spelled(o: CatalogObject, f: CatalogField, v: RawValue | undefined): string | null {
  if (isBlank(v)) return null;
  const parsed = parseWritten(o, f, v as string | number | boolean, 'xml');
  return parsed === null ? null : String(parsed);
}

export function refuse(o: CatalogObject, field: string, message: string): LedgerqError {
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
export async function storedValue(
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
  recordNoOf: () => Promise<number>,
  raw: RawRecord,
): Promise<void> {
  if (o.xmlName !== 'CONTRACTDETAIL') return;
  const f = findField(o, 'CONTRACTID')!;
  const sent = raw.get(f);
  if (isBlank(sent)) return;
  const recordNo = await recordNoOf();
  const own = await storedValue(w, o, 'RECORDNO', recordNo, 'CONTRACTID');
  if (String(own) !== String(sent).trim())
    throw refuse(
      o,
      'CONTRACTID',
      `CONTRACTDETAIL ${recordNo} belongs to contract ${String(own)}; a line cannot move to another contract`,
    );
}

/** "You cannot delete an online bank feed from Sage Cloud Services": only an xml feed is deleted. */
export async function refuseFeedDelete(w: Writer, feed: CatalogObject, recordNo: number): Promise<void> {
  const rows = await w.db.all<{ t: string | null }>(sql`SELECT ${ident(storedColumn(feed, 'FEEDTYPE'))} AS t
    FROM ${ident(feed.table)} WHERE ${ident(COMPANY_COLUMN)} = ${p(w.companyKey)}
      AND ${ident(storedColumn(feed, 'RECORDNO'))} = ${p(recordNo)}`);
  const type = rows[0]?.t;
  if (type !== undefined && type !== 'xml')
    throw new LedgerqError(
      'write.referenced-record',
      `BANKACCTTXNFEED ${recordNo} is ${type === 'onl' ? 'an online' : `a ${String(type)}`} feed; only an xml feed can be deleted`,
      { object: feed.xmlName, key: String(recordNo) },
    );
}

const KEPT_BY_BOTH: Readonly<Record<string, string>> = {
  description: 'DESCRIPTION',
  total: 'TOTAL',
  absval: 'ABSOLUTEVALUE',
  percentval: 'PERCENTVALUE',
  locationid: 'LOCATIONID',
};

/**
 * The subtotal object of a document and the elements it keeps (element → field). INVDOCUMENTSUBTOTALS has no field
 * naming its document in the catalog, so an inventory transaction's subtotals are checked and not kept; elements a
 * subtotal object has no field for (project, task, vendor … dimensions) are accepted and not kept.
 */
export const SUBTOTAL_OBJECTS: Readonly<
  Record<string, { readonly object: string; readonly fields: Record<string, string> }>
> = {
  SODOCUMENT: {
    object: 'SODOCUMENTSUBTOTALS',
    fields: { ...KEPT_BY_BOTH, departmentid: 'DEPARTMENTID', customerid: 'CUSTOMERID' },
  },
  PODOCUMENT: { object: 'PODOCUMENTSUBTOTALS', fields: KEPT_BY_BOTH },
};

/** A document's subtotal rows go with it. */
export async function deleteSubtotals(w: Writer, header: CatalogObject, recordNo: number): Promise<void> {
  const spec = SUBTOTAL_OBJECTS[header.xmlName];
  if (!spec) return;
  const o = w.catalog.require(spec.object);
  await w.db.run(sql`DELETE FROM ${ident(o.table)} WHERE ${ident(COMPANY_COLUMN)} = ${p(w.companyKey)}
    AND ${ident(storedColumn(o, 'DOCHDRNO'))} = ${p(recordNo)}`);
}

/** A SEQUENCE record's fields as stored, by field name. */
async function storedRecord(w: Writer, o: CatalogObject, recordNo: number): Promise<Record<string, FieldValue>> {
  const rows = await w.db.all<Record<string, unknown>>(sql`SELECT * FROM ${ident(o.table)}
    WHERE ${ident(COMPANY_COLUMN)} = ${p(w.companyKey)} AND ${ident(storedColumn(o, o.keyField))} = ${p(recordNo)}`);
  const row = rows[0] ?? {};
  return Object.fromEntries(o.fields.filter((f) => f.column).map((f) => [f.xmlId, decodeValue(f, row[f.column!])]));
}

/**
 * A document sequence as written (create or update, checked inside its transaction), by the OpenAPI's
 * objects.company-config.document-sequence: startingNumber and nextNumber "Required when `type` is `numeric`",
 * startingSequence and nextSequence "Required when `type` is `alpha`"; fixedLength "up to 16 characters" (taken as a
 * length from 1 to 16); alpha sequences "padded with a's" (taken as lower-case letters). The next value lies within
 * the starting and ending ones, as a rollover's next number "Must be within the limits set by the startingNumber and
 * endingNumber" (the stricter reading for the sequence's own).
 */
export async function checkDocumentSequence(w: Writer, o: CatalogObject, recordNo: number): Promise<void> {
  const r = await storedRecord(w, o, recordNo);
  const missing = (name: string, type: string) =>
    new LedgerqError('write.required-field', `Required field ${name} of ${o.xmlName} is missing (type ${type})`, {
      object: o.xmlName,
      field: name,
    });
  const length = r.FIXEDLENGTH == null ? null : String(r.FIXEDLENGTH);
  if (length !== null && !/^(?:[1-9]|1[0-6])$/.test(length))
    throw refuse(
      o,
      'FIXEDLENGTH',
      `FIXEDLENGTH of ${o.xmlName} is a length from 1 to 16, not ${JSON.stringify(length)}`,
    );
  if ((r.TYPE ?? 'numeric') === 'numeric') {
    for (const name of ['STARTINGNUMBER', 'NEXTNUMBER']) if (r[name] == null) throw missing(name, 'numeric');
    const num = (v: FieldValue | undefined) => (v == null ? null : Number(v));
    const [start, next, end] = [num(r.STARTINGNUMBER), num(r.NEXTNUMBER), num(r.ENDINGNUMBER)];
    if (start! < 0) throw refuse(o, 'STARTINGNUMBER', `STARTINGNUMBER of ${o.xmlName} is not negative`);
    if (next! < start!)
      throw refuse(o, 'NEXTNUMBER', `NEXTNUMBER ${next} of ${o.xmlName} is below its STARTINGNUMBER ${start}`);
    if (end !== null && (end < start! || next! > end + 1))
      throw refuse(o, 'ENDINGNUMBER', `ENDINGNUMBER ${end} of ${o.xmlName} is below its STARTINGNUMBER or NEXTNUMBER`);
    return;
  }
  for (const name of ['STARTINGSEQUENCE', 'NEXTSEQUENCE']) if (r[name] == null) throw missing(name, 'alpha');
  for (const name of ['STARTINGSEQUENCE', 'ENDINGSEQUENCE', 'NEXTSEQUENCE'])
    if (r[name] != null && !/^[a-z]{1,16}$/.test(String(r[name])))
      throw refuse(o, name, `${name} of an alpha ${o.xmlName} is lower-case letters, not ${JSON.stringify(r[name])}`);
}
