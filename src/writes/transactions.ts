// Order-entry, purchasing and inventory transactions (SODOCUMENT, PODOCUMENT, INVDOCUMENT) written whole with their
// lines: the transaction definition checked, the document ID and number assigned, line values summed into the totals.

import { COMPANY_COLUMN, findField, storedColumn } from '../catalog/catalog.ts';
import type { CatalogField, CatalogObject } from '../catalog/types.ts';
import { decimalToScaled, decodeValue, type FieldValue } from '../catalog/field-values.ts';
import { LedgerqError } from '../errors.ts';
import { ident, join, p, sql } from '../store/sql.ts';
import { allocateRecordNos } from './allocate-record-no.ts';
import { money } from './payment-applications.ts';
import type { RawRecord, RawValue } from './record-values.ts';
import { createRecord, resolveRecordNo, updateRecord, type RecordRef, type WrittenKey } from './write-record.ts';
import type { Writer } from './writer.ts';

/** Header → its lines, its transaction definitions, and the party CUSTVENDID names (none for inventory). */
export const TRANSACTIONS: Readonly<
  Record<string, { readonly line: string; readonly params: string; readonly party: string | null }>
> = {
  SODOCUMENT: { line: 'SODOCUMENTENTRY', params: 'SODOCUMENTPARAMS', party: 'CUSTOMER' },
  PODOCUMENT: { line: 'PODOCUMENTENTRY', params: 'PODOCUMENTPARAMS', party: 'VENDOR' },
  INVDOCUMENT: { line: 'INVDOCUMENTENTRY', params: 'INVDOCUMENTPARAMS', party: null },
};

/**
 * What a create or update may set on a document's STATE: the reference's `state` values for create_sotransaction,
 * create_potransaction and create_ictransaction ("Draft, Pending, Closed; default depends on the definition"), and
 * Submitted, which the REST reference's "Create an Order Entry document" example sends. ledgerq keeps no
 * per-definition default and starts documents Pending.
 */
const SETTABLE_STATES: readonly string[] = ['Draft', 'Pending', 'Closed', 'Submitted'];

/**
 * A line change of an update: `ordinal` names the document's n-th line (update_sotransaction's 1-based line_num),
 * `key` a line by its RECORDNO (REST PATCH); with neither, the line is added.
 */
export interface TransactionLineChange {
  readonly ordinal: number | null;
  readonly key?: string;
  readonly raw: RawRecord;
}

const blank = (v: RawValue | undefined): boolean => v === undefined || v === null || String(v).trim() === '';

function spec(header: CatalogObject) {
  const s = TRANSACTIONS[header.xmlName];
  if (!s) throw new LedgerqError('internal', `${header.xmlName} is not a transaction document`);
  return s;
}

function stateOf(header: CatalogObject, raw: RawRecord): string | undefined {
  const f = findField(header, 'STATE')!;
  const v = raw.get(f);
  if (blank(v)) return undefined;
  // XML sends the XML spelling (Pending), REST its own (pending).
  const want = String(v).trim().toLowerCase();
  const spelled = f.enumValues?.find((e) => e.xml.toLowerCase() === want || e.rest.toLowerCase() === want)?.xml;
  const state = SETTABLE_STATES.find((s) => s === spelled);
  if (!state)
    throw new LedgerqError(
      'write.invalid-value',
      `Invalid state '${String(v)}' for ${header.xmlName}: use ${SETTABLE_STATES.join(', ')}`,
      { object: header.xmlName, field: 'STATE' },
    );
  return state;
}

/** The client's record without STATE, which the server sets (it is read-only in the object's definition). */
function withoutState(header: CatalogObject, raw: RawRecord): Map<CatalogField, RawValue> {
  const out = new Map(raw);
  out.delete(findField(header, 'STATE')!);
  return out;
}

/** The definition must exist for this object: a Sales Order definition is not a purchasing one. */
async function requireDefinition(w: Writer, header: CatalogObject, docparid: string): Promise<void> {
  const params = w.catalog.require(spec(header).params);
  const rows = await w.db.all(sql`SELECT 1 AS x FROM ${ident(params.table)}
    WHERE ${ident(COMPANY_COLUMN)} = ${p(w.companyKey)} AND ${ident(storedColumn(params, 'DOCID'))} = ${p(docparid)}`);
  if (rows.length === 0)
    throw new LedgerqError(
      'write.missing-reference',
      `Invalid transaction definition '${docparid}': no ${params.xmlName} record with DOCID '${docparid}' exists`,
      { object: header.xmlName, field: 'DOCPARID' },
    );
}

/**
 * The next document number of a definition when the create names none ("leave blank to use auto numbering", the
 * reference's documentno): the latest number of that definition plus one, keeping its prefix and width (SO0007 →
 * SO0008); the first document of a definition is numbered 1.
 */
async function nextDocumentNumber(w: Writer, header: CatalogObject, docparid: string): Promise<string> {
  const rows = await w.db.all<{ n: string | null }>(sql`SELECT ${ident(storedColumn(header, 'DOCNO'))} AS n
    FROM ${ident(header.table)} WHERE ${ident(COMPANY_COLUMN)} = ${p(w.companyKey)}
      AND ${ident(storedColumn(header, 'DOCPARID'))} = ${p(docparid)}
    ORDER BY ${ident(storedColumn(header, 'RECORDNO'))} DESC`);
  const parsed = rows.map((r) => /^(.*?)(\d+)$/.exec(r.n ?? '')).filter((m): m is RegExpExecArray => m !== null);
  const latest = parsed[0];
  if (!latest) return '1';
  const prefix = latest[1]!;
  const max = parsed.filter((m) => m[1] === prefix).reduce((a, m) => (BigInt(m[2]!) > a ? BigInt(m[2]!) : a), 0n);
  return `${prefix}${String(max + 1n).padStart(latest[2]!.length, '0')}`;
}

/** A scaled decimal of a sent value, or null when it is absent or not a number (createRecord then names the field). */
function scaled(f: CatalogField | undefined, v: RawValue | FieldValue | undefined): bigint | null {
  if (!f || v === undefined || v === null || String(v).trim() === '') return null;
  try {
    return decimalToScaled(String(v), f.scale);
  } catch {
    return null;
  }
}

/**
 * A line's value in cents: quantity × price, less its discount percent, rounded half up once per line (the demo's
 * documents are built the same way, so written and generated documents add up alike).
 */
function lineValue(line: CatalogObject, values: ReadonlyMap<CatalogField, RawValue | FieldValue>): bigint {
  const qf = findField(line, 'QUANTITY');
  const pf = findField(line, 'PRICE');
  const df = findField(line, 'DISCOUNTPERCENT');
  const q = scaled(qf, qf && values.get(qf));
  const price = scaled(pf, pf && values.get(pf));
  if (q === null || price === null) return 0n;
  const d = scaled(df, df && values.get(df)) ?? 0n;
  const ds = 10n ** BigInt(df?.scale ?? 0);
  const num = q * price * (100n * ds - d);
  const den = 10n ** BigInt(qf!.scale) * 100n * ds;
  const neg = num < 0n;
  const abs = neg ? -num : num;
  const r = (abs * 2n + den) / (den * 2n);
  return neg ? -r : r;
}

/** The computed values of a line that present on the line object: its header, place, and the price in both views. */
function lineComputed(
  line: CatalogObject,
  doc: { recordNo: number; docid: string; docparid: string; currency: FieldValue },
  lineNo: number | null,
  raw: RawRecord,
): Map<string, FieldValue> {
  const pf = findField(line, 'PRICE');
  const price = pf ? raw.get(pf) : undefined;
  const entries: [string, FieldValue][] = [
    ['DOCHDRNO', doc.recordNo],
    ['DOCHDRID', doc.docid],
    ['DOCPARID', doc.docparid],
  ];
  if (lineNo !== null) entries.push(['LINE_NO', lineNo]);
  // The price sent is the price in the transaction currency, as the UI's unit price (UIPRICE) shows it.
  if (!blank(price)) entries.push(['UIPRICE', String(price).trim()], ['TRX_PRICE', String(price).trim()]);
  const cf = findField(line, 'CURRENCY');
  if (cf && blank(raw.get(cf)) && doc.currency !== null) entries.push(['CURRENCY', doc.currency]);
  return new Map(entries.filter(([name]) => findField(line, name)?.column));
}

function totals(header: CatalogObject, total: bigint): [string, FieldValue][] {
  return (
    [
      ['SUBTOTAL', money(total)],
      ['TOTAL', money(total)],
      ['TRX_SUBTOTAL', money(total)],
      ['TRX_TOTAL', money(total)],
    ] as [string, FieldValue][]
  ).filter(([name]) => findField(header, name)?.column);
}

/**
 * A transaction and its lines in one database transaction. DOCPARID names a definition of the object; DOCNO is the
 * one sent or the definition's next; DOCID is `<definition>-<number>` ("Sales Order-SO1234", the reference's
 * update_sotransaction key); CUSTVENDNAME is the customer's or vendor's name; the totals are the lines' values
 * (single currency: base and transaction totals are equal, as bills have them).
 */
export async function createTransaction(
  w: Writer,
  header: CatalogObject,
  raw: RawRecord,
  lines: readonly RawRecord[],
): Promise<WrittenKey> {
  const s = spec(header);
  const lineObject = w.catalog.require(s.line);
  if (lines.length === 0)
    throw new LedgerqError('write.required-field', `A ${header.xmlName} needs at least one line`, {
      object: header.xmlName,
      field: lineObject.xmlName,
    });
  const state = stateOf(header, raw) ?? 'Pending';
  const docparField = findField(header, 'DOCPARID')!;
  const docparid = blank(raw.get(docparField)) ? '' : String(raw.get(docparField)).trim();
  return w.db.transaction(async (db) => {
    const tx = { ...w, db };
    // Taking no record number but holding the object's counter row until commit serialises the creates of this
    // object in the company, so the next document number and the DOCID check below see every committed document.
    await allocateRecordNos(db, w.companyKey, header, 0);
    if (docparid) await requireDefinition(tx, header, docparid);
    const record = withoutState(header, raw);
    const docnoField = findField(header, 'DOCNO')!;
    if (docparid && blank(record.get(docnoField)))
      record.set(docnoField, await nextDocumentNumber(tx, header, docparid));
    const docno = String(record.get(docnoField) ?? '').trim();
    const docid = docparid ? `${docparid}-${docno}` : null;
    if (docid) await refuseDuplicateDocid(tx, header, docid);
    const computed = new Map<string, FieldValue>([['STATE', state], ...totals(header, sumLines(lineObject, lines))]);
    if (docid) computed.set('DOCID', docid);
    if (s.party) computed.set('CUSTVENDNAME', await partyName(tx, header, s.party, record));
    const key = await createRecord(tx, header, record, computed);
    const currency = findField(header, 'CURRENCY');
    const doc = { recordNo: key.recordNo, docid: docid ?? '', docparid, currency: headerCurrency(currency, record) };
    // LINE_NO counts from 0: "the generic read … identifies the first entry as LINE_NO 0" (Intacct's functions page,
    // russellkt/intacct-mcp-server docs/functions.md).
    for (const [i, line] of lines.entries())
      await createRecord(tx, lineObject, line, lineComputed(lineObject, doc, i, line));
    return key;
  });
}

function headerCurrency(f: CatalogField | undefined, raw: RawRecord): FieldValue {
  const v = f ? raw.get(f) : undefined;
  return blank(v) ? null : String(v).trim();
}

function sumLines(lineObject: CatalogObject, lines: readonly RawRecord[]): bigint {
  return lines.reduce((sum, l) => sum + lineValue(lineObject, l), 0n);
}

async function refuseDuplicateDocid(w: Writer, header: CatalogObject, docid: string): Promise<void> {
  const rows = await w.db.all(sql`SELECT 1 AS x FROM ${ident(header.table)}
    WHERE ${ident(COMPANY_COLUMN)} = ${p(w.companyKey)} AND ${ident(storedColumn(header, 'DOCID'))} = ${p(docid)}`);
  if (rows.length > 0)
    throw new LedgerqError(
      'write.duplicate-id',
      `Another ${header.xmlName} record with DOCID '${docid}' already exists`,
      {
        object: header.xmlName,
        field: 'DOCID',
      },
    );
}

/** The customer's or vendor's NAME (an unknown ID is refused by the reference check of the create). */
async function partyName(w: Writer, header: CatalogObject, partyObject: string, raw: RawRecord): Promise<FieldValue> {
  const id = raw.get(findField(header, 'CUSTVENDID')!);
  if (blank(id)) return null;
  const party = w.catalog.require(partyObject);
  const rows = await w.db.all<{ n: string | null }>(sql`SELECT ${ident(storedColumn(party, 'NAME'))} AS n
    FROM ${ident(party.table)} WHERE ${ident(COMPANY_COLUMN)} = ${p(w.companyKey)}
      AND ${ident(storedColumn(party, party.idField!))} = ${p(String(id).trim())}`);
  return rows[0]?.n ?? null;
}

/**
 * update_sotransaction / update_potransaction / update_ictransaction (and REST PATCH): header fields, changed lines
 * (`ordinal`: the n-th line, 1-based as the legacy line_num) and new lines, then the totals recomputed from every line.
 * The definition and the document number stay (the reference's update functions take neither).
 */
export async function updateTransaction(
  w: Writer,
  header: CatalogObject,
  ref: RecordRef,
  raw: RawRecord,
  changes: readonly TransactionLineChange[],
  replaceLines = false,
): Promise<WrittenKey> {
  const s = spec(header);
  const lineObject = w.catalog.require(s.line);
  for (const name of ['DOCPARID', 'CUSTVENDID', 'DOCNO']) {
    const f = findField(header, name)!;
    if (!blank(raw.get(f)))
      throw new LedgerqError('write.read-only-field', `${name} of a ${header.xmlName} cannot change by update`, {
        object: header.xmlName,
        field: name,
      });
  }
  const state = stateOf(header, raw);
  return w.db.transaction(async (db) => {
    const tx = { ...w, db };
    const recordNo = await resolveRecordNo(tx, header, ref);
    const [current] = await db.all<Record<string, unknown>>(sql`SELECT * FROM ${ident(header.table)}
      WHERE ${ident(COMPANY_COLUMN)} = ${p(w.companyKey)} AND ${ident(storedColumn(header, 'RECORDNO'))} = ${p(recordNo)}`);
    const text = (name: string) => {
      const f = findField(header, name);
      const v = f?.column ? current?.[f.column] : null;
      return v === null || v === undefined ? null : String(v);
    };
    const lineWhere = sql`${ident(COMPANY_COLUMN)} = ${p(w.companyKey)} AND ${ident(storedColumn(lineObject, 'DOCHDRNO'))} = ${p(recordNo)}`;
    const order = sql`${ident(storedColumn(lineObject, 'LINE_NO'))}, ${ident(storedColumn(lineObject, 'RECORDNO'))}`;
    // A generic update sent with its lines replaces them all, as a bill's does.
    if (replaceLines && changes.length > 0)
      await db.run(sql`DELETE FROM ${ident(lineObject.table)} WHERE ${lineWhere}`);
    const existing = await db.all<{
      k: number;
      n: number | null;
    }>(sql`SELECT ${ident(storedColumn(lineObject, 'RECORDNO'))} AS k, ${ident(storedColumn(lineObject, 'LINE_NO'))} AS n
      FROM ${ident(lineObject.table)} WHERE ${lineWhere} ORDER BY ${order}`);
    const doc = {
      recordNo,
      docid: text('DOCID') ?? '',
      docparid: text('DOCPARID') ?? '',
      currency: headerCurrency(findField(header, 'CURRENCY'), raw) ?? text('CURRENCY'),
    };
    let next = existing.reduce((a, l) => Math.max(a, Number(l.n ?? -1)), -1) + 1;
    for (const change of changes) {
      if (change.ordinal === null && change.key === undefined) {
        await createRecord(tx, lineObject, change.raw, lineComputed(lineObject, doc, next, change.raw));
        next += 1;
        continue;
      }
      const target =
        change.key !== undefined
          ? existing.find((l) => String(l.k) === change.key!.trim())
          : change.ordinal! >= 1
            ? existing[change.ordinal! - 1]
            : undefined;
      if (!target)
        throw new LedgerqError(
          'write.unknown-record',
          change.key !== undefined
            ? `${header.xmlName} ${doc.docid || recordNo} has no line with key ${change.key}`
            : `${header.xmlName} ${doc.docid || recordNo} has no line ${change.ordinal} (it has ${existing.length})`,
          { object: lineObject.xmlName, key: String(change.key ?? change.ordinal) },
        );
      await updateRecord(
        tx,
        lineObject,
        { by: 'key', value: String(target.k) },
        change.raw,
        lineComputed(lineObject, doc, null, change.raw),
      );
    }
    const total = await storedTotal(tx, lineObject, lineWhere);
    const computed = new Map<string, FieldValue>(totals(header, total));
    if (state) computed.set('STATE', state);
    return updateRecord(tx, header, { by: 'key', value: String(recordNo) }, withoutState(header, raw), computed);
  });
}

/** The lines' values as stored, summed: what the totals are after an update. */
async function storedTotal(w: Writer, lineObject: CatalogObject, where: ReturnType<typeof sql>): Promise<bigint> {
  const fields = ['QUANTITY', 'PRICE', 'DISCOUNTPERCENT']
    .map((n) => findField(lineObject, n))
    .filter((f): f is CatalogField => f?.column != null);
  const rows = await w.db.all<Record<string, unknown>>(
    sql`SELECT ${join(
      fields.map((f) => sql`${ident(f.column!)}`),
      ', ',
    )} FROM ${ident(lineObject.table)} WHERE ${where}`,
  );
  return rows.reduce(
    (sum, r) => sum + lineValue(lineObject, new Map(fields.map((f) => [f, decodeValue(f, r[f.column!])]))),
    0n,
  );
}

/** The definition (DOCPARID) of the document a DOCID names, or null when there is none such. */
export async function definitionOfDocument(w: Writer, header: CatalogObject, docid: string): Promise<string | null> {
  const rows = await w.db.all<{ d: string | null }>(sql`SELECT ${ident(storedColumn(header, 'DOCPARID'))} AS d
    FROM ${ident(header.table)} WHERE ${ident(COMPANY_COLUMN)} = ${p(w.companyKey)}
      AND ${ident(storedColumn(header, 'DOCID'))} = ${p(docid)}`);
  return rows[0]?.d ?? null;
}
