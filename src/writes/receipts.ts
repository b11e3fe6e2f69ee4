// Cash management's other receipts (OTHERRECEIPTS with their OTHERRECEIPTSENTRY lines, into a bank account or
// undeposited funds) and deposits of undeposited receipts into a bank account (DEPOSIT with one DEPOSITENTRY per
// receipt), each written whole in one transaction.

import { COMPANY_COLUMN, ENTITY_COLUMN, findField, storedColumn } from '../catalog/catalog.ts';
import { decodeValue, encodeValue, type FieldValue } from '../catalog/field-values.ts';
import type { CatalogObject } from '../catalog/types.ts';
import { LedgerqError } from '../errors.ts';
import { ident, p, paramList, sql } from '../store/sql.ts';
import { amountAsTxn } from './documents.ts';
import { cents, money } from './payment-applications.ts';
import type { RawRecord } from './record-values.ts';
import { createRecord, isBlank, resolveRecordNo, updateRecord, type Writer, type WrittenKey } from './write-record.ts';
import { bankAccountEntity, entityOfNamed } from './financial-entities.ts';

/** A receipt recorded into undeposited funds waits for a deposit; one in a bank account, or deposited, does not. */
const UNDEPOSITED = 'approved';
const DEPOSITED = 'deposited';

const given = (raw: RawRecord, o: CatalogObject, name: string): boolean => !isBlank(raw.get(findField(o, name)!));

/** The lines' TRX_AMOUNT total in cents; a line names its GL account or an AR account label. */
function linesTotal(line: CatalogObject, lines: readonly RawRecord[]): bigint {
  const amount = findField(line, 'TRX_AMOUNT')!;
  let total = 0n;
  for (const l of lines) {
    if (!given(l, line, 'ACCOUNTNO') && !given(l, line, 'ACCOUNTLABEL'))
      throw new LedgerqError(
        'write.required-field',
        `Required field ACCOUNTNO of ${line.xmlName} is missing (give ACCOUNTNO or ACCOUNTLABEL)`,
        { object: line.xmlName, field: 'ACCOUNTNO' },
      );
    const v = l.get(amount);
    if (isBlank(v)) continue; // createRecord reports the missing required amount
    try {
      total += cents(String(v));
    } catch {
      throw new LedgerqError(
        'write.invalid-value',
        `Invalid value for TRX_AMOUNT of ${line.xmlName}: ${JSON.stringify(v)} is not an amount`,
        { object: line.xmlName, field: 'TRX_AMOUNT' },
      );
    }
  }
  return total;
}

const receiptObjects = (w: Writer) => ({
  o: w.catalog.require('OTHERRECEIPTS'),
  line: w.catalog.require('OTHERRECEIPTSENTRY'),
});

/** Both destinations named: the reference makes each "Required if not using" the other (the stricter reading). */
const bothDestinations = (o: CatalogObject) =>
  new LedgerqError(
    'write.invalid-value',
    'A OTHERRECEIPTS goes into a bank account (FINANCIALENTITY) or undeposited funds (UNDEPOSITEDGLACCOUNTID), not both',
    { object: o.xmlName, field: 'FINANCIALENTITY' },
  );

const known = (o: CatalogObject, entries: readonly (readonly [string, FieldValue])[]): Map<string, FieldValue> =>
  new Map(entries.filter(([name]) => findField(o, name)?.column));

/**
 * record_otherreceipt / REST POST other-receipt: the receipt and its lines. It goes into a bank account
 * (FINANCIALENTITY, Intacct's `bankaccountid`) or undeposited funds (UNDEPOSITEDGLACCOUNTID, `undepglaccountno`):
 * exactly one of the two, as the reference requires one "if not using" the other (both: refused, the stricter
 * reading). Its totals are the lines'; it is `deposited` when recorded into a bank account, else `approved` until a
 * deposit takes it.
 */
export async function createOtherReceipt(
  w: Writer,
  raw: RawRecord,
  sentLines: readonly RawRecord[],
): Promise<WrittenKey> {
  const { o, line } = receiptObjects(w);
  const lines = sentLines.map((l) => amountAsTxn(line, l));
  if (lines.length === 0)
    throw new LedgerqError('write.required-field', 'A OTHERRECEIPTS needs at least one line', {
      object: o.xmlName,
      field: line.xmlName,
    });
  const bank = given(raw, o, 'FINANCIALENTITY');
  const undeposited = given(raw, o, 'UNDEPOSITEDGLACCOUNTID');
  if (bank && undeposited) throw bothDestinations(o);
  if (!bank && !undeposited)
    throw new LedgerqError(
      'write.required-field',
      'Required field FINANCIALENTITY of OTHERRECEIPTS is missing (give a bank account, or UNDEPOSITEDGLACCOUNTID)',
      { object: o.xmlName, field: 'FINANCIALENTITY' },
    );
  // The reference: the deposit date is "only used if bankaccountid is set"; sent without one, it is refused.
  if (!bank && given(raw, o, 'DEPOSITDATE'))
    throw new LedgerqError('write.invalid-value', 'DEPOSITDATE of OTHERRECEIPTS is given only with a bank account', {
      object: o.xmlName,
      field: 'DEPOSITDATE',
    });
  const total = money(linesTotal(line, lines));
  return w.db.transaction(async (db) => {
    const account = bank
      ? await bankAccountEntity({ ...w, db }, o, String(raw.get(findField(o, 'FINANCIALENTITY')!)))
      : null;
    const tx = { ...w, db, entityId: entityOfNamed(w, o, 'FINANCIALENTITY', [account]) };
    const key = await createRecord(
      tx,
      o,
      raw,
      known(o, [
        ['STATE', bank ? DEPOSITED : UNDEPOSITED],
        ['RECORDTYPE', 'cr'],
        ['TOTALENTERED', total],
        ['TRX_TOTALENTERED', total],
        ['CLEARED', 'Uncleared'],
      ]),
    );
    let lineNo = 0;
    for (const l of lines) {
      lineNo += 1;
      const amount = l.get(findField(line, 'TRX_AMOUNT')!);
      await createRecord(
        tx,
        line,
        l,
        known(line, [
          ['RECORDKEY', key.recordNo],
          ['LINE_NO', lineNo],
          ['AMOUNT', isBlank(amount) ? null : money(cents(String(amount)))],
        ]),
      );
    }
    return key;
  });
}

interface ReceiptRow {
  readonly k: number;
  readonly e: string | null;
  readonly state: string | null;
  readonly deposit: number | null;
  readonly account: string | null;
  readonly total: string | null;
  readonly trx: string | null;
}

/**
 * The receipts a deposit names, as the writer sees them: inside an entity its own entity's and top-level ones; at the
 * top level all but a private entity's (as a query there sees them). A key naming no such receipt is refused.
 */
async function visibleReceipts(w: Writer, o: CatalogObject, keys: readonly string[]): Promise<ReceiptRow[]> {
  const receipts = w.catalog.require('OTHERRECEIPTS');
  const numbers = keys.filter((k) => /^\d{1,15}$/.test(k)).map(Number);
  const visible =
    w.entityId !== null
      ? sql`(${ident(ENTITY_COLUMN)} IS NULL OR ${ident(ENTITY_COLUMN)} = ${p(w.entityId)})`
      : sql`(${ident(ENTITY_COLUMN)} IS NULL OR ${ident(ENTITY_COLUMN)} NOT IN (SELECT entity_id FROM lq_entity
          WHERE company_key = ${p(w.companyKey)} AND private IS TRUE))`;
  const col = (name: string) => ident(storedColumn(receipts, name));
  const rows =
    numbers.length === 0
      ? []
      : await w.db.all<ReceiptRow>(sql`SELECT ${col('RECORDNO')} AS k, ${ident(ENTITY_COLUMN)} AS e,
        ${col('STATE')} AS state, ${col('PARENTDEPOSITKEY')} AS deposit, ${col('UNDEPOSITEDGLACCOUNTID')} AS account,
        ${col('TOTALENTERED')} AS total, ${col('TRX_TOTALENTERED')} AS trx
      FROM ${ident(receipts.table)} WHERE ${ident(COMPANY_COLUMN)} = ${p(w.companyKey)}
        AND ${col('RECORDNO')} IN (${paramList(numbers)}) AND ${visible}`);
  // Amounts are stored scaled: read back as the decimal strings they were written as.
  const amount = (name: string, v: unknown) => decodeValue(findField(receipts, name)!, v) as string | null;
  const byKey = new Map(
    rows.map((r) => [
      Number(r.k),
      { ...r, total: amount('TOTALENTERED', r.total), trx: amount('TRX_TOTALENTERED', r.trx) },
    ]),
  );
  return keys.map((k) => {
    const row = /^\d{1,15}$/.test(k) ? byKey.get(Number(k)) : undefined;
    if (!row)
      throw new LedgerqError(
        'write.missing-reference',
        `Invalid receiptkey '${k}' specified: no OTHERRECEIPTS with RECORDNO '${k}'`,
        { object: o.xmlName, field: 'receiptkey' },
      );
    if (row.state !== UNDEPOSITED || row.deposit !== null)
      throw new LedgerqError(
        'write.invalid-value',
        row.deposit !== null
          ? `Invalid receiptkey '${k}' specified: OTHERRECEIPTS ${k} is already deposited (DEPOSIT ${row.deposit})`
          : `Invalid receiptkey '${k}' specified: OTHERRECEIPTS ${k} was recorded into a bank account, not undeposited funds`,
        { object: o.xmlName, field: 'receiptkey' },
      );
    return row;
  });
}

/**
 * record_deposit / REST POST deposit: undeposited other receipts (`receiptkeys`) deposited into a bank account. Each
 * must be visible to the writer, recorded into undeposited funds and not yet deposited; the deposit's totals are
 * theirs, one DEPOSITENTRY per receipt on its undeposited funds account. Each receipt becomes `deposited`, names the
 * deposit (PARENTDEPOSITKEY) and takes its date as DEPOSITDATE, so no other deposit can take it. AR payments cannot be
 * deposited: ledgerq records every AR payment into its bank account.
 */
export async function createDeposit(w: Writer, raw: RawRecord, receiptKeys: readonly string[]): Promise<WrittenKey> {
  const o = w.catalog.require('DEPOSIT');
  const line = w.catalog.require('DEPOSITENTRY');
  const receipts = w.catalog.require('OTHERRECEIPTS');
  const keys = receiptKeys.map((k) => k.trim());
  if (keys.length === 0)
    throw new LedgerqError('write.required-field', 'A DEPOSIT needs at least one receiptkey', {
      object: o.xmlName,
      field: 'receiptkey',
    });
  const twice = keys.find((k, i) => keys.indexOf(k) !== i);
  if (twice !== undefined)
    throw new LedgerqError('write.invalid-value', `Invalid receiptkey '${twice}' specified: named twice`, {
      object: o.xmlName,
      field: 'receiptkey',
    });
  return w.db.transaction(async (db) => {
    const bank = raw.get(findField(o, 'FINANCIALENTITY')!);
    const account = isBlank(bank) ? null : await bankAccountEntity({ ...w, db }, o, String(bank));
    const rows = await visibleReceipts({ ...w, db }, o, keys);
    // The bank account's entity first, then the receipts must be of it (or top-level ones).
    const at = { ...w, entityId: entityOfNamed(w, o, 'FINANCIALENTITY', [account]) };
    const tx = {
      ...w,
      db,
      entityId: entityOfNamed(
        at,
        o,
        'receiptkey',
        rows.map((r) => r.e),
      ),
    };
    const sum = (pick: (r: ReceiptRow) => string | null) => money(rows.reduce((t, r) => t + cents(pick(r)), 0n));
    const key = await createRecord(
      tx,
      o,
      raw,
      known(o, [
        ['TOTALENTERED', sum((r) => r.total)],
        ['TRX_TOTALENTERED', sum((r) => r.trx)],
        ['CLEARED', 'Uncleared'],
      ]),
    );
    for (const r of rows) {
      await createRecord(
        tx,
        line,
        new Map(),
        known(line, [
          ['RECORDKEY', key.recordNo],
          ['ACCOUNTNO', r.account],
          ['AMOUNT', money(cents(r.total))],
          ['TRX_AMOUNT', money(cents(r.trx))],
        ]),
      );
    }
    const date = await db.all<{ d: unknown }>(sql`SELECT ${ident(storedColumn(o, 'TXNDATE'))} AS d
      FROM ${ident(o.table)} WHERE ${ident(COMPANY_COLUMN)} = ${p(w.companyKey)}
        AND ${ident(storedColumn(o, 'RECORDNO'))} = ${p(key.recordNo)}`);
    const col = (name: string) => ident(storedColumn(receipts, name));
    const set = (name: string, v: FieldValue) => sql`${col(name)} = ${p(encodeValue(findField(receipts, name)!, v))}`;
    for (const r of rows) {
      // Only a receipt still undeposited changes: a concurrent deposit that took it first makes this one fail whole.
      const changed = await db.run(sql`UPDATE ${ident(receipts.table)} SET ${set('STATE', DEPOSITED)},
          ${set('PARENTDEPOSITKEY', key.recordNo)}, ${set('PARENTDEPOSITID', String(key.recordNo))},
          ${col('DEPOSITDATE')} = ${p((date[0]?.d ?? null) as string | null)}, ${set('WHENMODIFIED', w.now)}
        WHERE ${ident(COMPANY_COLUMN)} = ${p(w.companyKey)} AND ${col('RECORDNO')} = ${p(Number(r.k))}
          AND ${col('STATE')} = ${p(UNDEPOSITED)} AND ${col('PARENTDEPOSITKEY')} IS NULL`);
      if (changed !== 1)
        throw new LedgerqError(
          'write.invalid-value',
          `Invalid receiptkey '${r.k}' specified: OTHERRECEIPTS ${r.k} is already deposited`,
          { object: o.xmlName, field: 'receiptkey' },
        );
    }
    return key;
  });
}

/** A line change of update_otherreceipt: `ordinal` names the receipt's n-th line (the legacy 1-based line_num); null adds one. */
export interface ReceiptLineChange {
  readonly ordinal: number | null;
  readonly raw: RawRecord;
}

interface HeldReceipt {
  readonly deposit: unknown;
  readonly bank: string | null;
  readonly inclusive: unknown;
  readonly e: string | null;
}

/**
 * update_otherreceipt key="N": header fields, changed lines (the n-th) and new lines, then the totals recomputed from
 * every line. Intacct's reference says only that a receipt created with inclusive tax cannot be updated; ledgerq also
 * refuses one a deposit holds (the deposit's totals are made of it; the stricter reading, as a deposited receipt cannot
 * be deleted). Naming the other destination moves the receipt: `bankaccountid` makes it `deposited` into that account,
 * `undepglaccountno` puts it back into undeposited funds (`approved`, no bank account, no deposit date). A bank account
 * of another entity than the receipt's is refused: an update keeps a record where it is.
 */
export async function updateOtherReceipt(
  w: Writer,
  key: string,
  raw: RawRecord,
  changes: readonly ReceiptLineChange[],
): Promise<WrittenKey> {
  const { o, line } = receiptObjects(w);
  const toBank = given(raw, o, 'FINANCIALENTITY');
  const toUndeposited = given(raw, o, 'UNDEPOSITEDGLACCOUNTID');
  if (toBank && toUndeposited) throw bothDestinations(o);
  const lines = changes.map((c) => ({ ordinal: c.ordinal, raw: amountAsTxn(line, c.raw) }));
  // New lines name an account and amounts are amounts, as a create's.
  linesTotal(
    line,
    lines.filter((c) => c.ordinal === null).map((c) => c.raw),
  );
  return w.db.transaction(async (db) => {
    const tx = { ...w, db };
    const recordNo = await resolveRecordNo(tx, o, { by: 'key', value: key });
    const col = (name: string) => ident(storedColumn(o, name));
    const [held] = await db.all<HeldReceipt>(sql`SELECT ${col('PARENTDEPOSITKEY')} AS deposit,
        ${col('FINANCIALENTITY')} AS bank, ${col('ISINCLUSIVETAX')} AS inclusive, ${ident(ENTITY_COLUMN)} AS e
      FROM ${ident(o.table)} WHERE ${ident(COMPANY_COLUMN)} = ${p(w.companyKey)} AND ${col('RECORDNO')} = ${p(recordNo)}`);
    if (held!.deposit != null)
      throw new LedgerqError(
        'write.invalid-value',
        `${o.xmlName} ${recordNo} is deposited (DEPOSIT ${String(held!.deposit)}) and cannot be changed`,
        { object: o.xmlName, field: 'key' },
      );
    if (decodeValue(findField(o, 'ISINCLUSIVETAX')!, held!.inclusive) === true)
      throw new LedgerqError(
        'write.invalid-value',
        `${o.xmlName} ${recordNo} was created with inclusive tax and cannot be updated`,
        { object: o.xmlName, field: 'ISINCLUSIVETAX' },
      );
    const bank = toBank || (!toUndeposited && held!.bank !== null);
    if (!bank && given(raw, o, 'DEPOSITDATE'))
      throw new LedgerqError('write.invalid-value', 'DEPOSITDATE of OTHERRECEIPTS is given only with a bank account', {
        object: o.xmlName,
        field: 'DEPOSITDATE',
      });
    const entity = held!.e;
    if (toBank) {
      const owner = await bankAccountEntity(tx, o, String(raw.get(findField(o, 'FINANCIALENTITY')!)));
      if (owner !== null && owner !== entity)
        throw new LedgerqError(
          'write.entity-not-allowed',
          `Invalid FINANCIALENTITY specified: it belongs to entity ${owner}, and ${o.xmlName} ${recordNo} to ${entity === null ? 'the top level' : `entity ${entity}`}`,
          { object: o.xmlName, field: 'FINANCIALENTITY', entity: owner },
        );
    }
    // The lines are the receipt's, written where it is.
    const at = { ...tx, entityId: entity };
    const lineCol = (name: string) => ident(storedColumn(line, name));
    const lineWhere = sql`${ident(COMPANY_COLUMN)} = ${p(w.companyKey)} AND ${lineCol('RECORDKEY')} = ${p(recordNo)}`;
    const existing = await db.all<{ k: unknown; n: unknown }>(sql`SELECT ${lineCol('RECORDNO')} AS k,
        ${lineCol('LINE_NO')} AS n FROM ${ident(line.table)} WHERE ${lineWhere}
      ORDER BY ${lineCol('LINE_NO')}, ${lineCol('RECORDNO')}`);
    let lastNo = Math.max(0, ...existing.map((r) => Number(r.n ?? 0)));
    for (const c of lines) {
      const amount = c.raw.get(findField(line, 'TRX_AMOUNT')!);
      const computed = new Map<string, FieldValue>([['RECORDKEY', recordNo]]);
      if (!isBlank(amount)) computed.set('AMOUNT', money(cents(String(amount))));
      if (c.ordinal === null) {
        lastNo += 1;
        await createRecord(at, line, c.raw, computed.set('LINE_NO', lastNo));
        continue;
      }
      const target = Number.isInteger(c.ordinal) && c.ordinal >= 1 ? existing[c.ordinal - 1] : undefined;
      if (!target)
        throw new LedgerqError('write.unknown-record', `${o.xmlName} ${recordNo} has no line ${c.ordinal}`, {
          object: line.xmlName,
          key: String(c.ordinal),
        });
      await updateRecord(at, line, { by: 'key', value: String(target.k) }, c.raw, computed);
    }
    const [{ s }] = (await db.all<{ s: unknown }>(
      sql`SELECT SUM(${lineCol('TRX_AMOUNT')}) AS s FROM ${ident(line.table)} WHERE ${lineWhere}`,
    )) as [{ s: unknown }];
    // Amounts are stored scaled: the sum read back as an amount.
    const total = money(cents(String(decodeValue(findField(line, 'TRX_AMOUNT')!, BigInt(String(s ?? 0))) ?? '0')));
    const moved: [string, FieldValue][] = toBank
      ? [['UNDEPOSITEDGLACCOUNTID', null]]
      : toUndeposited
        ? [
            ['FINANCIALENTITY', null],
            ['DEPOSITDATE', null],
          ]
        : [];
    return updateRecord(
      tx,
      o,
      { by: 'key', value: String(recordNo) },
      raw,
      known(o, [
        ['STATE', bank ? DEPOSITED : UNDEPOSITED],
        ['TOTALENTERED', total],
        ['TRX_TOTALENTERED', total],
        ...moved,
      ]),
    );
  });
}
