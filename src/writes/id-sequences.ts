// ID auto-numbering: Intacct's document sequences (catalog object SEQUENCE, REST company-config/document-sequence) and
// the company setting that numbers an object's IDs (VENDOR, CUSTOMER …) from one of them, so a create without the ID
// field gets the sequence's next value. The sequence record itself is what numbering reads and advances: a sequence
// created or changed through the API changes what auto-numbering gives. Unbound, the ID field stays required.

import type { Catalog } from '../catalog/catalog.ts';
import { COMPANY_COLUMN, findField, storedColumn } from '../catalog/catalog.ts';
import { decodeValue, encodeValue, type FieldValue } from '../catalog/field-values.ts';
import type { CatalogObject } from '../catalog/types.ts';
import { LedgerqError } from '../errors.ts';
import type { Database } from '../store/database.ts';
import { ident, identList, join, p, type Sql, sql } from '../store/sql.ts';
import { allocateRecordNo } from './allocate-record-no.ts';

/** A sequence's format: `V-` + the number zero-padded to `digits` (0: no padding) + `suffix`. */
export interface IdSequenceFormat {
  readonly prefix: string;
  readonly digits: number;
  readonly suffix: string;
}

/** Where sequences are read: the company, its database and the catalog that holds SEQUENCE. */
export interface SequenceScope {
  readonly db: Database;
  readonly companyKey: number;
  readonly catalog: Catalog;
}

export function formatSequenced(f: IdSequenceFormat, n: number): string {
  return `${f.prefix}${String(n).padStart(f.digits, '0')}${f.suffix}`;
}

/** The number a sequence would have given `id`, or null when `id` is not of its format. */
export function numberOf(f: IdSequenceFormat, id: string): number | null {
  if (!id.startsWith(f.prefix) || !id.endsWith(f.suffix) || id.length < f.prefix.length + f.suffix.length + 1)
    return null;
  const digits = id.slice(f.prefix.length, id.length - f.suffix.length);
  return /^\d{1,15}$/.test(digits) ? Number(digits) : null;
}

/** The highest number of `format` among `ids` (0: none). */
export function highestNumber(format: IdSequenceFormat, ids: readonly string[]): number {
  return Math.max(0, ...ids.map((id) => numberOf(format, id) ?? 0));
}

/** A SEQUENCE row's fields as the ID format they give: prefix + separator, the number padded to FIXEDLENGTH, separator + suffix. */
export function formatOfSequence(row: Readonly<Record<string, FieldValue>>): IdSequenceFormat {
  const t = (name: string) => (row[name] == null ? '' : String(row[name]));
  const length = Number(t('FIXEDLENGTH') || 0);
  return {
    prefix: t('FIXEDPREFIX') + t('PREFIXSEPARATOR'),
    digits: Number.isInteger(length) ? length : 0,
    suffix: t('SUFFIXSEPARATOR') + t('FIXEDSUFFIX'),
  };
}

/** The SEQUENCE fields of an ID format, for a new sequence record (the demo's and the admin API's). */
export function sequenceFields(o: CatalogObject, format: IdSequenceFormat, next: number): Record<string, FieldValue> {
  return {
    TITLE: o.xmlName,
    PRINTTITLE: o.label,
    TYPE: 'numeric',
    FIXEDPREFIX: format.prefix || null,
    FIXEDLENGTH: format.digits > 0 ? String(format.digits) : null,
    FIXEDSUFFIX: format.suffix || null,
    STARTINGNUMBER: 1,
    NEXTNUMBER: next,
    STATUS: 'active',
  };
}

const FORMAT_FIELDS = [
  'RECORDNO',
  'TITLE',
  'TYPE',
  'STATUS',
  'FIXEDPREFIX',
  'PREFIXSEPARATOR',
  'FIXEDLENGTH',
  'SUFFIXSEPARATOR',
  'FIXEDSUFFIX',
  'STARTINGNUMBER',
  'ENDINGNUMBER',
  'NEXTNUMBER',
] as const;

interface Bound {
  readonly object: string;
  readonly row: Record<string, FieldValue>;
}

/** The company's bindings (object → its sequence record), with the sequences' format fields. */
async function boundSequences(s: SequenceScope, object?: string): Promise<Bound[]> {
  const seq = s.catalog.require('SEQUENCE');
  const cols = FORMAT_FIELDS.map((f) => sql`q.${ident(storedColumn(seq, f))} AS ${ident(f.toLowerCase())}`);
  const rows = await s.db.all<Record<string, unknown>>(sql`SELECT b.object_name AS object_name, ${join(cols, ', ')}
    FROM lq_id_numbering b JOIN ${ident(seq.table)} q
      ON q.${ident(COMPANY_COLUMN)} = b.company_key AND q.${ident(storedColumn(seq, 'RECORDNO'))} = b.sequence_no
    WHERE b.company_key = ${p(s.companyKey)}${object === undefined ? sql`` : sql` AND b.object_name = ${p(object)}`}
    ORDER BY b.object_name`);
  return rows.map((r) => ({
    object: String(r.object_name),
    row: Object.fromEntries(FORMAT_FIELDS.map((f) => [f, decodeValue(findField(seq, f)!, r[f.toLowerCase()])])),
  }));
}

/** A sequence numbers IDs while it is numeric and not inactive. */
const numbers = (row: Readonly<Record<string, FieldValue>>) =>
  (row.TYPE ?? 'numeric') === 'numeric' && row.STATUS !== 'inactive';

/**
 * Rows of lq_id_sequence, where a database made before document sequences were records kept each object's format and
 * counter, become SEQUENCE records bound to their objects (once, the first time the company's numbering is read).
 */
async function adoptLegacySequences(s: SequenceScope): Promise<void> {
  const legacy = await s.db.all<{
    object_name: string;
    prefix: string;
    digits: unknown;
    suffix: string;
    last_no: unknown;
  }>(
    sql`SELECT object_name, prefix, digits, suffix, last_no FROM lq_id_sequence WHERE company_key = ${p(s.companyKey)}`,
  );
  if (legacy.length === 0) return;
  await s.db.transaction(async (db) => {
    const tx = { ...s, db };
    for (const r of legacy) {
      const o = s.catalog.object(r.object_name);
      if (o) {
        const format = { prefix: r.prefix, digits: Number(r.digits), suffix: r.suffix };
        await bindSequence(tx, o, await writeSequence(tx, o, format, Number(r.last_no) + 1));
      }
      await db.run(
        sql`DELETE FROM lq_id_sequence WHERE company_key = ${p(s.companyKey)} AND object_name = ${p(r.object_name)}`,
      );
    }
  });
}

async function ids(s: SequenceScope, o: CatalogObject): Promise<string[]> {
  const column = findField(o, o.idField!)!.column!;
  const rows = await s.db.all<{ id: unknown }>(
    sql`SELECT ${ident(column)} AS id FROM ${ident(o.table)} WHERE ${ident(COMPANY_COLUMN)} = ${p(s.companyKey)}`,
  );
  return rows.map((r) => String(r.id ?? ''));
}

/** Creates (or, by its TITLE, rewrites) the SEQUENCE record of `o`'s format; its record number. */
async function writeSequence(
  s: SequenceScope,
  o: CatalogObject,
  format: IdSequenceFormat,
  next: number,
): Promise<number> {
  const seq = s.catalog.require('SEQUENCE');
  const values = sequenceFields(o, format, next);
  const col = (name: string) => ident(storedColumn(seq, name));
  const enc = (name: string) => p(encodeValue(findField(seq, name)!, values[name] ?? null));
  const now = `${new Date().toISOString().slice(0, 19)}Z`;
  const found = await s.db.all<{ k: unknown }>(sql`SELECT ${col('RECORDNO')} AS k FROM ${ident(seq.table)}
    WHERE ${ident(COMPANY_COLUMN)} = ${p(s.companyKey)} AND ${col('TITLE')} = ${p(o.xmlName)}`);
  const names = Object.keys(values);
  if (found[0]) {
    const sets = names.map((n) => sql`${col(n)} = ${enc(n)}`);
    await s.db.run(sql`UPDATE ${ident(seq.table)} SET ${join(sets, ', ')}, ${col('WHENMODIFIED')} = ${p(now)}
      WHERE ${ident(COMPANY_COLUMN)} = ${p(s.companyKey)} AND ${col('RECORDNO')} = ${p(Number(found[0].k))}`);
    return Number(found[0].k);
  }
  const recordNo = await allocateRecordNo(s.db, s.companyKey, seq);
  const columns = [
    COMPANY_COLUMN,
    ...['RECORDNO', ...names, 'WHENCREATED', 'WHENMODIFIED'].map((n) => storedColumn(seq, n)),
  ];
  const params = [p(s.companyKey), p(recordNo), ...names.map(enc), p(now), p(now)].map((v) => sql`${v}`);
  await s.db.run(sql`INSERT INTO ${ident(seq.table)} (${identList(columns)}) VALUES (${join(params, ', ')})`);
  return recordNo;
}

/** Numbers `o`'s IDs from the SEQUENCE record `sequenceNo` (the module setting "document sequence" of the object). */
export async function bindSequence(s: SequenceScope, o: CatalogObject, sequenceNo: number): Promise<void> {
  if (!o.idField) throw new Error(`${o.xmlName} has no ID field to number`);
  await s.db.run(sql`INSERT INTO lq_id_numbering (company_key, object_name, sequence_no)
    VALUES (${p(s.companyKey)}, ${p(o.xmlName)}, ${p(sequenceNo)})
    ON CONFLICT (company_key, object_name) DO UPDATE SET sequence_no = ${p(sequenceNo)}`);
}

/**
 * Turns auto-numbering of `o` on with `format` — a SEQUENCE record titled after the object, continuing after the
 * highest ID the company already holds in that format — or off (`null`: the binding goes, the sequence record stays).
 */
export async function setIdSequence(
  s: SequenceScope,
  o: CatalogObject,
  format: IdSequenceFormat | null,
): Promise<void> {
  await adoptLegacySequences(s);
  if (format === null) {
    await s.db.run(
      sql`DELETE FROM lq_id_numbering WHERE company_key = ${p(s.companyKey)} AND object_name = ${p(o.xmlName)}`,
    );
    return;
  }
  if (!o.idField) throw new Error(`${o.xmlName} has no ID field to number`);
  const next = highestNumber(format, await ids(s, o)) + 1;
  await s.db.transaction(async (db) => {
    const tx = { ...s, db };
    await bindSequence(tx, o, await writeSequence(tx, o, format, next));
  });
}

/** One object's sequence in a company, as the admin API shows it. */
export interface IdSequence extends IdSequenceFormat {
  readonly object: string;
  /** The SEQUENCE record's ID (REST `id`) and record number (`key`). */
  readonly sequence: string;
  readonly sequenceKey: number;
  /** The number the last sequenced ID took (its NEXTNUMBER less one); the next create takes the next free one. */
  readonly lastNumber: number;
}

/** The company's numbered objects and their sequences, by object name. */
export async function idSequences(s: SequenceScope): Promise<IdSequence[]> {
  await adoptLegacySequences(s);
  return (await boundSequences(s)).map(({ object, row }) => ({
    object,
    sequence: String(row.TITLE ?? ''),
    sequenceKey: Number(row.RECORDNO),
    ...formatOfSequence(row),
    lastNumber: Number(row.NEXTNUMBER ?? row.STARTINGNUMBER ?? 1) - 1,
  }));
}

/** Whether the company numbers `o`'s IDs: bound to a sequence that is numeric and not inactive. */
export async function hasIdSequence(s: SequenceScope, o: CatalogObject): Promise<boolean> {
  if (!o.idField) return false;
  let bound = await boundSequences(s, o.xmlName);
  if (bound.length === 0) {
    await adoptLegacySequences(s);
    bound = await boundSequences(s, o.xmlName);
  }
  return bound.some((b) => numbers(b.row));
}

/** Advances the SEQUENCE record `which` names by one; its format fields with NEXTNUMBER already advanced, or null. */
async function advance(s: SequenceScope, which: Sql): Promise<Record<string, FieldValue> | null> {
  const seq = s.catalog.require('SEQUENCE');
  const col = (name: string) => ident(storedColumn(seq, name));
  const rows = await s.db.all<Record<string, unknown>>(sql`UPDATE ${ident(seq.table)}
    SET ${col('NEXTNUMBER')} = COALESCE(${col('NEXTNUMBER')}, ${col('STARTINGNUMBER')}, 1) + 1
    WHERE ${ident(COMPANY_COLUMN)} = ${p(s.companyKey)} AND ${which}
    RETURNING ${join(
      FORMAT_FIELDS.map((f) => sql`${col(f)} AS ${ident(f.toLowerCase())}`),
      ', ',
    )}`);
  const r = rows[0];
  return r
    ? Object.fromEntries(FORMAT_FIELDS.map((f) => [f, decodeValue(findField(seq, f)!, r[f.toLowerCase()])]))
    : null;
}

/** The value an advanced sequence gave: its format around NEXTNUMBER less one; past ENDINGNUMBER, refused. */
function generatedValue(row: Readonly<Record<string, FieldValue>>, field: { object: string; field: string }): string {
  const n = Number(row.NEXTNUMBER) - 1;
  if (row.ENDINGNUMBER != null && n > Number(row.ENDINGNUMBER))
    throw new LedgerqError(
      'write.invalid-value',
      `Document sequence ${String(row.TITLE)} has reached its ending number ${String(row.ENDINGNUMBER)}: give ${field.field} of ${field.object}`,
      field,
    );
  return formatSequenced(formatOfSequence(row), n);
}

/**
 * The next ID of `o`'s sequence, inside the caller's transaction: the sequence record's NEXTNUMBER, which the UPDATE
 * advances and holds until the transaction ends (PostgreSQL's row lock; SQLite's single writer), so two creates never
 * get one number. A number whose ID a record already holds (entered by hand) is skipped, as the unique index would
 * refuse it; one past the sequence's ENDINGNUMBER is refused.
 */
export async function nextSequencedId(tx: SequenceScope, o: CatalogObject): Promise<string> {
  const seq = tx.catalog.require('SEQUENCE');
  const column = findField(o, o.idField!)!.column!;
  for (;;) {
    const row = await advance(
      tx,
      sql`${ident(storedColumn(seq, 'RECORDNO'))} = (SELECT sequence_no FROM lq_id_numbering
        WHERE company_key = ${p(tx.companyKey)} AND object_name = ${p(o.xmlName)})`,
    );
    if (!row) throw new Error(`${o.xmlName} has no ID sequence in company ${tx.companyKey}`);
    const id = generatedValue(row, { object: o.xmlName, field: o.idField! });
    const taken = await tx.db.all(sql`SELECT 1 AS x FROM ${ident(o.table)}
      WHERE ${ident(COMPANY_COLUMN)} = ${p(tx.companyKey)} AND ${ident(column)} = ${p(id)} LIMIT 1`);
    if (taken.length === 0) return id;
  }
}

/**
 * REST POST /services/company-config/document-sequence/generate-next-value (the OpenAPI's
 * company-config-document-sequence-generate-next-value-request: `key` or `id`, and `fiscalYear`): the sequence's next
 * value, taken (NEXTNUMBER advances). A fiscal year needs rollover, which ledgerq does not serve, so it is refused;
 * an alpha or inactive sequence gives no value (refused).
 */
export async function generateNextValue(
  s: SequenceScope,
  by: { readonly key: string } | { readonly id: string },
): Promise<{ key: string; id: string; nextValue: string }> {
  const seq = s.catalog.require('SEQUENCE');
  const which =
    'key' in by
      ? sql`${ident(storedColumn(seq, 'RECORDNO'))} = ${p(/^\d{1,15}$/.test(by.key) ? Number(by.key) : -1)}`
      : sql`${ident(storedColumn(seq, 'TITLE'))} = ${p(by.id)}`;
  return s.db.transaction(async (db) => {
    const row = await advance({ ...s, db }, which);
    const named = 'key' in by ? `key '${by.key}'` : `id '${by.id}'`;
    if (!row)
      throw new LedgerqError('write.unknown-record', `No document sequence with ${named} exists`, {
        object: seq.xmlName,
        key: 'key' in by ? by.key : by.id,
      });
    if (!numbers(row))
      throw new LedgerqError(
        'write.invalid-value',
        `Document sequence ${String(row.TITLE)} is ${row.STATUS === 'inactive' ? 'inactive' : 'alpha, which ledgerq does not generate'}`,
        { object: seq.xmlName, field: row.STATUS === 'inactive' ? 'STATUS' : 'TYPE' },
      );
    return {
      key: String(row.RECORDNO),
      id: String(row.TITLE),
      nextValue: generatedValue(row, { object: seq.xmlName, field: 'NEXTNUMBER' }),
    };
  });
}

/** The objects whose IDs a SEQUENCE record numbers (a bound sequence cannot be deleted). */
export async function objectsNumberedBy(s: SequenceScope, sequenceNo: number): Promise<string[]> {
  const rows = await s.db.all<{ o: string }>(sql`SELECT object_name AS o FROM lq_id_numbering
    WHERE company_key = ${p(s.companyKey)} AND sequence_no = ${p(sequenceNo)} ORDER BY object_name`);
  return rows.map((r) => r.o);
}
