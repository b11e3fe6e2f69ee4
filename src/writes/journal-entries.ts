// Journal entries (GLBATCH) written with their lines (GLENTRY): created whole, and changed by their header with lines
// changed or added by key; debits must equal credits after every write, as Intacct refuses an unbalanced entry.

import { COMPANY_COLUMN, findField, storedColumn } from '../catalog/catalog.ts';
import type { CatalogField, CatalogObject } from '../catalog/types.ts';
import type { FieldValue } from '../catalog/field-values.ts';
import { LedgerqError } from '../errors.ts';
import { ident, p, paramList, sql } from '../store/sql.ts';
import { amountAsTxn } from './documents.ts';
import { cents, money } from './payment-applications.ts';
import type { RawRecord } from './record-values.ts';
import {
  createRecord,
  isBlank,
  resolveRecordNo,
  updateRecord,
  type RecordRef,
  type Writer,
  type WrittenKey,
} from './write-record.ts';

/** A line's debit (+) or credit (−) amount in cents; null when it has none or an invalid one (createRecord names it). */
function signedCents(typeField: CatalogField, type: unknown, amount: unknown): bigint | null {
  if (amount === undefined || amount === null || amount === '') return null;
  let c: bigint;
  try {
    c = cents(String(amount));
  } catch {
    return null;
  }
  // TR_TYPE as XML (1, -1) or REST (debit, credit) spells it; createRecord refuses any other value by field.
  const credit = typeField.enumValues?.find((e) => e.xml === '-1');
  return [credit?.xml, credit?.rest].includes(String(type ?? '1').trim()) ? -c : c;
}

function requireBalanced(batch: CatalogObject, balance: bigint, group: string): void {
  if (balance !== 0n)
    throw new LedgerqError(
      'write.invalid-value',
      `Debits and credits of the GLBATCH are not equal (difference ${money(balance < 0n ? -balance : balance)})`,
      { object: batch.xmlName, field: group },
    );
}

/**
 * GLENTRY as a statistical entry's lines are written: the same table and fields, its ACCOUNTNO naming a STATACCOUNT
 * rather than a GLACCOUNT (Intacct's statistical journal entries reference, russellkt/intacct-mcp-server
 * docs/general-ledger-stat-journal-entries.md: "ACCOUNTNO … Account number" of a statistical account).
 */
const statEntries = new WeakMap<CatalogObject, CatalogObject>();
function statisticalLineObject(entry: CatalogObject): CatalogObject {
  let o = statEntries.get(entry);
  if (!o) {
    o = {
      ...entry,
      relationships: entry.relationships.map((r) =>
        r.relatedObject === 'GLACCOUNT' ? { ...r, relatedObject: 'STATACCOUNT', objectName: 'STATACCOUNT' } : r,
      ),
    };
    statEntries.set(entry, o);
  }
  return o;
}

/** GLENTRY fields of a financial line that the statistical entry's GLENTRY table does not list: refused there. */
const NOT_STATISTICAL = ['CURRENCY', 'EXCH_RATE_DATE', 'EXCHANGE_RATE', 'EXCH_RATE_TYPE_ID', 'BILLABLE'];

/**
 * Whether the entry's lines name statistical accounts: a line whose ACCOUNTNO is a STATACCOUNT's and no GLACCOUNT's
 * is statistical, any other financial. A statistical entry is one-sided ("Stat journal entries do not need to balance
 * like regular journal entries"); lines of both kinds in one entry are refused.
 */
async function statisticalEntry(w: Writer, entry: CatalogObject, lines: readonly RawRecord[]): Promise<boolean> {
  const accountField = findField(entry, 'ACCOUNTNO')!;
  const numbers = [
    ...new Set(
      lines
        .map((l) => l.get(accountField))
        .filter((v) => !isBlank(v))
        .map((v) => String(v).trim()),
    ),
  ];
  if (numbers.length === 0) return false;
  const found = async (object: string): Promise<Set<string>> => {
    const o = w.catalog.require(object);
    const rows = await w.db.all<{
      n: string;
    }>(sql`SELECT ${ident(storedColumn(o, 'ACCOUNTNO'))} AS n FROM ${ident(o.table)}
      WHERE ${ident(COMPANY_COLUMN)} = ${p(w.companyKey)} AND ${ident(storedColumn(o, 'ACCOUNTNO'))} IN (${paramList(numbers)})`);
    return new Set(rows.map((r) => String(r.n)));
  };
  const [stat, gl] = [await found('STATACCOUNT'), await found('GLACCOUNT')];
  const kinds = lines.map((l) => {
    const n = l.get(accountField);
    return !isBlank(n) && stat.has(String(n).trim()) && !gl.has(String(n).trim());
  });
  if (!kinds.some(Boolean)) return false;
  const financial = lines.findIndex((_, i) => !kinds[i]);
  if (financial >= 0)
    throw new LedgerqError(
      'write.invalid-value',
      `A GLBATCH's lines name statistical accounts or GL accounts, not both: ACCOUNTNO '${String(lines[financial]!.get(accountField) ?? '')}' is no statistical account`,
      { object: entry.xmlName, field: 'ACCOUNTNO' },
    );
  for (const line of lines)
    for (const name of NOT_STATISTICAL) {
      const f = findField(entry, name);
      if (f && !isBlank(line.get(f)))
        throw new LedgerqError('write.unknown-field', `${name} is not a field of a statistical GLENTRY`, {
          object: entry.xmlName,
          field: name,
        });
    }
  return true;
}

/** A line's base AMOUNT: its TRX_AMOUNT (one currency), when it sends one. */
function baseAmount(entry: CatalogObject, line: RawRecord): [string, FieldValue][] {
  const amount = line.get(findField(entry, 'TRX_AMOUNT')!);
  if (amount === undefined) return [];
  if (amount === null || amount === '') return [['AMOUNT', null]];
  try {
    return [['AMOUNT', money(cents(String(amount)))]];
  } catch {
    return []; // the write reports TRX_AMOUNT by field
  }
}

/**
 * A journal entry (GLBATCH) and its lines (GLENTRY) in one transaction. Debits
 * (TR_TYPE 1) must equal credits (TR_TYPE -1), as Intacct refuses an unbalanced
 * entry; BATCHNO on the header and on each line is the new record number.
 */
export async function createJournalEntry(
  w: Writer,
  batch: CatalogObject,
  raw: RawRecord,
  sentLines: readonly RawRecord[],
  /** What the protocol calls the lines, named by the errors: XML's ENTRIES, REST's lines. */
  group = 'ENTRIES',
): Promise<WrittenKey> {
  const entry = w.catalog.require('GLENTRY');
  const lines = sentLines.map((l) => amountAsTxn(entry, l));
  if (lines.length === 0)
    throw new LedgerqError('write.required-field', `A GLBATCH needs at least one line in ${group}`, {
      object: batch.xmlName,
      field: group,
    });
  const amountField = findField(entry, 'TRX_AMOUNT')!;
  const typeField = findField(entry, 'TR_TYPE')!;
  const statistical = await statisticalEntry(w, entry, lines);
  let balance = 0n;
  for (const line of lines) balance += signedCents(typeField, line.get(typeField), line.get(amountField)) ?? 0n;
  if (!statistical) requireBalanced(batch, balance, group);
  const lineObject = statistical ? statisticalLineObject(entry) : entry;
  // A statistical line's memo: "If left blank, set this value to match BATCH_TITLE".
  const title = raw.get(findField(batch, 'BATCH_TITLE')!);
  const description = findField(entry, 'DESCRIPTION')!;
  return w.db.transaction(async (db) => {
    const tx = { ...w, db };
    // Without STATE (the SDK sends it only when an action is set) an entry is posted, as Intacct posts it.
    const state = findField(batch, 'STATE')!;
    const key = await createRecord(tx, batch, raw, raw.has(state) ? new Map() : new Map([['STATE', 'Posted']]));
    await db.run(sql`UPDATE ${ident(batch.table)} SET ${ident(storedColumn(batch, 'BATCHNO'))} = ${p(key.recordNo)}
      WHERE ${ident(COMPANY_COLUMN)} = ${p(w.companyKey)} AND ${ident(storedColumn(batch, 'RECORDNO'))} = ${p(key.recordNo)}`);
    let lineNo = 0;
    for (const line of lines) {
      lineNo += 1;
      const computed = new Map<string, FieldValue>([
        ['BATCHNO', key.recordNo],
        ['LINE_NO', lineNo],
        ...baseAmount(entry, line),
      ]);
      if (!computed.has('AMOUNT')) computed.set('AMOUNT', null);
      const memo = statistical && isBlank(line.get(description)) && !isBlank(title);
      await createRecord(tx, lineObject, memo ? new Map(line).set(description, title!) : line, computed);
    }
    return key;
  });
}

/** A line sent in a journal entry's update: with `key`, that line of the entry changes; without, a line is added. */
export interface JournalLineChange {
  readonly key?: string;
  readonly raw: RawRecord;
}

/**
 * A journal entry's header and lines changed in one transaction (REST PATCH with `lines`, as the OpenAPI's "Update a
 * journal entry" example sends them): each line with a key is changed, each without is added after the last; the
 * entry's lines, all of them, must then balance, or nothing is written.
 */
export async function updateJournalEntry(
  w: Writer,
  batch: CatalogObject,
  ref: RecordRef,
  raw: RawRecord,
  changes: readonly JournalLineChange[],
  group = 'lines',
): Promise<WrittenKey> {
  const entry = w.catalog.require('GLENTRY');
  return w.db.transaction(async (db) => {
    const tx = { ...w, db };
    const recordNo = await resolveRecordNo(tx, batch, ref);
    const key = await updateRecord(tx, batch, { by: 'key', value: String(recordNo) }, raw);
    const lineWhere = sql`${ident(COMPANY_COLUMN)} = ${p(w.companyKey)} AND ${ident(storedColumn(entry, 'BATCHNO'))} = ${p(key.recordNo)}`;
    const [{ last }] = (await db.all<{ last: number | null }>(
      sql`SELECT MAX(${ident(storedColumn(entry, 'LINE_NO'))}) AS last FROM ${ident(entry.table)} WHERE ${lineWhere}`,
    )) as [{ last: number | null }];
    let lineNo = Number(last ?? 0);
    for (const change of changes) {
      const line = amountAsTxn(entry, change.raw);
      // BATCHNO, unchanged, marks the line's write as made with its header.
      const computed = new Map<string, FieldValue>([['BATCHNO', key.recordNo], ...baseAmount(entry, line)]);
      if (change.key === undefined) {
        lineNo += 1;
        computed.set('LINE_NO', lineNo);
        await createRecord(tx, entry, line, computed);
        continue;
      }
      const mine = /^\d{1,15}$/.test(change.key)
        ? await db.all(sql`SELECT 1 AS x FROM ${ident(entry.table)}
            WHERE ${lineWhere} AND ${ident(storedColumn(entry, 'RECORDNO'))} = ${p(Number(change.key))}`)
        : [];
      if (mine.length === 0)
        throw new LedgerqError('write.unknown-record', `GLBATCH ${key.recordNo} has no line with key ${change.key}`, {
          object: entry.xmlName,
          key: change.key,
        });
      await updateRecord(tx, entry, { by: 'key', value: change.key }, line, computed);
    }
    const typeField = findField(entry, 'TR_TYPE')!;
    const rows = await db.all<{ t: unknown; a: unknown; n: unknown }>(sql`SELECT ${ident(typeField.column!)} AS t,
        ${ident(storedColumn(entry, 'TRX_AMOUNT'))} AS a, ${ident(storedColumn(entry, 'ACCOUNTNO'))} AS n
        FROM ${ident(entry.table)} WHERE ${lineWhere}`);
    let balance = 0n;
    for (const r of rows) balance += signedCents(typeField, r.t, r.a) ?? 0n;
    const accountField = findField(entry, 'ACCOUNTNO')!;
    const stored = rows.map((r) => new Map([[accountField, r.n === null ? null : String(r.n)]]));
    if (!(await statisticalEntry(tx, entry, stored))) requireBalanced(batch, balance, group);
    return key;
  });
}
