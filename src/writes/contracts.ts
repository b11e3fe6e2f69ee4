// Contracts (CONTRACT) and contract lines (CONTRACTDETAIL): the rules of Intacct's contracts and contract lines
// references (russellkt/intacct-mcp-server docs/contracts-rev-mgmt-contracts.md, docs/contracts-rev-mgmt-contract-lines.md):
// the hold and resume of a line's schedules. The create and update rules the record writer applies are in
// record-rules.ts.

import { findField } from '../catalog/catalog.ts';
import type { CatalogField, CatalogObject } from '../catalog/types.ts';
import { LedgerqError } from '../errors.ts';
import type { RawValue } from './record-values.ts';
import { refuse, storedValue } from './record-rules.ts';
import type { Writer } from './writer.ts';
import { resolveRecordNo, type RecordRef, updateRecord, type WrittenKey } from './write-record.ts';

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
