// Timesheets (TIMESHEET and their TIMESHEETENTRY lines) written whole: the header with its entries, each entry in the
// timesheet's state, numbered and tied to the timesheet and its employee.

import { COMPANY_COLUMN, findField, storedColumn } from '../catalog/catalog.ts';
import { decodeValue, type FieldValue } from '../catalog/field-values.ts';
import type { CatalogObject } from '../catalog/types.ts';
import { LedgerqError } from '../errors.ts';
import { ident, p, sql } from '../store/sql.ts';
import { settableState } from './expense-reports.ts';
import type { RawRecord } from './record-values.ts';
import type { Writer } from './writer.ts';
import {
  createRecord,
  isBlank,
  resolveRecordNo,
  type RecordRef,
  updateRecord,
  type WrittenKey,
} from './write-record.ts';

/** What a create or update may ask for: "Action. Use Draft or Submitted. (Default: Draft)" (Intacct's timesheets reference). */
const SETTABLE = ['Draft', 'Submitted'] as const;

/** One entry of a stored timesheet, as approvals and updates need it. */
export interface StoredEntry {
  readonly recordNo: number;
  readonly state: string;
}

/** The entries of timesheet `recordNo`, in line order. */
export async function timesheetEntries(w: Writer, recordNo: number): Promise<StoredEntry[]> {
  const line = w.catalog.require('TIMESHEETENTRY');
  const state = findField(line, 'STATE')!;
  const rows = await w.db.all<{ k: number; s: unknown }>(
    sql`SELECT ${ident(storedColumn(line, 'RECORDNO'))} AS k, ${ident(state.column!)} AS s FROM ${ident(line.table)}
      WHERE ${ident(COMPANY_COLUMN)} = ${p(w.companyKey)} AND ${ident(storedColumn(line, 'TIMESHEETKEY'))} = ${p(recordNo)}
      ORDER BY ${ident(storedColumn(line, 'LINENO'))}, ${ident(storedColumn(line, 'RECORDNO'))}`,
  );
  return rows.map((r) => ({ recordNo: Number(r.k), state: String(decodeValue(state, r.s) ?? '') }));
}

/** The timesheet's STATE and EMPLOYEEID as stored. */
export async function timesheetHeader(
  w: Writer,
  recordNo: number,
): Promise<{ readonly state: string; readonly employee: string }> {
  const header = w.catalog.require('TIMESHEET');
  const rows = await w.db.all<{ s: unknown; e: unknown }>(
    sql`SELECT ${ident(storedColumn(header, 'STATE'))} AS s, ${ident(storedColumn(header, 'EMPLOYEEID'))} AS e
      FROM ${ident(header.table)} WHERE ${ident(COMPANY_COLUMN)} = ${p(w.companyKey)}
        AND ${ident(storedColumn(header, 'RECORDNO'))} = ${p(recordNo)}`,
  );
  return { state: String(rows[0]?.s ?? ''), employee: String(rows[0]?.e ?? '') };
}

/** Server values of one stored entry (its STATE, its timesheet and employee): entries change only with their timesheet. */
export function setEntry(
  w: Writer,
  timesheet: number,
  entry: number,
  values: ReadonlyMap<string, FieldValue>,
): Promise<WrittenKey> {
  const computed = new Map<string, FieldValue>([['TIMESHEETKEY', timesheet], ...values]);
  return updateRecord(w, w.catalog.require('TIMESHEETENTRY'), { by: 'key', value: String(entry) }, new Map(), computed);
}

/**
 * At least one entry ("must have at least 1"), and none naming its task twice over: TASKID is "Do not use if TASKKEY is
 * set" and TASKKEY "Do not use if TASKID is set" (the entry table), so an entry giving both is refused.
 */
function requireEntries(w: Writer, header: CatalogObject, lines: readonly RawRecord[]): void {
  if (lines.length === 0)
    throw new LedgerqError('write.required-field', `A ${header.xmlName} needs at least one TIMESHEETENTRY`, {
      object: header.xmlName,
      field: 'TIMESHEETENTRIES',
    });
  const line = w.catalog.require('TIMESHEETENTRY');
  const [id, key] = [findField(line, 'TASKID')!, findField(line, 'TASKKEY')!];
  if (lines.some((l) => !isBlank(l.get(id)) && !isBlank(l.get(key))))
    throw new LedgerqError('write.invalid-value', 'A TIMESHEETENTRY names its task by TASKKEY or TASKID, not both', {
      object: line.xmlName,
      field: 'TASKID',
    });
}

/**
 * The entries written in one timesheet: each gets the timesheet's key, its employee and state, and LINENO 1… unless
 * it names one ("Line number to add entry to").
 */
async function writeEntries(
  w: Writer,
  timesheet: number,
  employee: string,
  state: string,
  lines: readonly RawRecord[],
): Promise<void> {
  const line = w.catalog.require('TIMESHEETENTRY');
  const lineNo = findField(line, 'LINENO')!;
  let n = 0;
  for (const raw of lines) {
    n += 1;
    const computed = new Map<string, FieldValue>([
      ['TIMESHEETKEY', timesheet],
      ['EMPLOYEEID', employee],
      ['STATE', state],
    ]);
    if (isBlank(raw.get(lineNo))) computed.set('LINENO', n);
    await createRecord(w, line, raw, computed);
  }
}

/** create TIMESHEET with TIMESHEETENTRIES: the header and every entry in one transaction, Draft unless Submitted. */
export async function createTimesheet(
  w: Writer,
  header: CatalogObject,
  raw: RawRecord,
  lines: readonly RawRecord[],
): Promise<WrittenKey> {
  requireEntries(w, header, lines);
  const settled = settableState(header, raw, SETTABLE);
  const state = settled.state ?? 'Draft';
  const employee = String(raw.get(findField(header, 'EMPLOYEEID')!) ?? '');
  return w.db.transaction(async (db) => {
    const tx = { ...w, db };
    const key = await createRecord(tx, header, settled.raw, new Map([['STATE', state]]));
    // Each entry names its timesheet first (TIMESHEETKEY), so it is written into the timesheet's entity.
    await writeEntries(tx, key.recordNo, employee, state, lines);
    return key;
  });
}

/**
 * update TIMESHEET: "effectively a complete replace of the existing timesheet and all of its entries" (Intacct's
 * timesheets reference), so entries sent replace the stored ones; without TIMESHEETENTRIES (the SDK's TimesheetUpdate
 * writes them only when given) the entries stay. STATE is Draft or Submitted; an update that sends none keeps a draft
 * a draft and submits anything else, so a declined timesheet corrected and updated goes back for approval. The
 * timesheet's entries all take that state. A timesheet with approved entries is refused: approved time is not
 * rewritten (the stricter reading; Intacct's answer is not public).
 */
export async function updateTimesheet(
  w: Writer,
  header: CatalogObject,
  ref: RecordRef,
  raw: RawRecord,
  lines: readonly RawRecord[] | null,
): Promise<WrittenKey> {
  if (lines !== null) requireEntries(w, header, lines);
  const settled = settableState(header, raw, SETTABLE);
  return w.db.transaction(async (db) => {
    const tx = { ...w, db };
    const recordNo = await resolveRecordNo(tx, header, ref);
    const before = await timesheetHeader(tx, recordNo);
    const entries = await timesheetEntries(tx, recordNo);
    const approved = entries.find((e) => e.state === 'Approved');
    if (approved)
      throw new LedgerqError(
        'write.invalid-value',
        `TIMESHEET ${recordNo} has approved entries (TIMESHEETENTRY ${approved.recordNo}) and cannot be updated`,
        { object: header.xmlName, field: 'STATE' },
      );
    const state = settled.state ?? (before.state === 'Draft' ? 'Draft' : 'Submitted');
    const key = await updateRecord(tx, header, ref, settled.raw, new Map([['STATE', state]]));
    const { employee } = await timesheetHeader(tx, recordNo);
    const line = w.catalog.require('TIMESHEETENTRY');
    if (lines === null) {
      for (const e of entries)
        await setEntry(
          tx,
          recordNo,
          e.recordNo,
          new Map([
            ['EMPLOYEEID', employee],
            ['STATE', state],
          ]),
        );
      return key;
    }
    await db.run(sql`DELETE FROM ${ident(line.table)} WHERE ${ident(COMPANY_COLUMN)} = ${p(w.companyKey)}
      AND ${ident(storedColumn(line, 'TIMESHEETKEY'))} = ${p(recordNo)}`);
    await writeEntries(tx, recordNo, employee, state, lines);
    return key;
  });
}
