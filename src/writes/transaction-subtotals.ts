// Subtotals of order-entry and purchasing documents (SODOCUMENTSUBTOTALS, PODOCUMENTSUBTOTALS): the `<subtotals>` of
// create_sotransaction / create_potransaction and the `<updatesubtotals>` of their updates, as the official SDK's
// TransactionSubtotalCreate / TransactionSubtotalUpdate write them and Intacct's references table them
// (russellkt/intacct-mcp-server docs/order-entry-order-entry-transactions.md, docs/purchasing-purchasing-transactions.md,
// docs/inventory-control-inventory-transactions.md: `subtotal`).

import { COMPANY_COLUMN, findField, storedColumn } from '../catalog/catalog.ts';
import type { FieldValue } from '../catalog/field-values.ts';
import type { CatalogField, CatalogObject } from '../catalog/types.ts';
import { LedgerqError } from '../errors.ts';
import { ident, p, sql } from '../store/sql.ts';
import type { RawValue } from './record-values.ts';
import { SUBTOTAL_OBJECTS } from './record-rules.ts';
import type { Writer } from './writer.ts';
import { createRecord, updateRecord } from './write-record.ts';

/** One subtotal as sent: the reference's element (lower case) → text. */
export type SubtotalInput = ReadonlyMap<string, string>;

/** The reference's `subtotal` table (customfields is checked by the caller). */
export const SUBTOTAL_ELEMENTS: readonly string[] = [
  'description',
  'total',
  'absval',
  'percentval',
  'locationid',
  'departmentid',
  'projectid',
  'taskid',
  'costtypeid',
  'customerid',
  'vendorid',
  'employeeid',
  'classid',
  'itemid',
  'contractid',
  'customfields',
];

function required(element: string, name: string): LedgerqError {
  return new LedgerqError('write.required-field', `Required element ${name} of ${element} is missing`, {
    object: 'subtotal',
    field: name,
  });
}

function raw(o: CatalogObject, keeps: Readonly<Record<string, string>>, s: SubtotalInput): Map<CatalogField, RawValue> {
  const out = new Map<CatalogField, RawValue>();
  for (const [element, value] of s) {
    const f = keeps[element] ? findField(o, keeps[element]) : undefined;
    if (f && value !== '') out.set(f, value);
  }
  return out;
}

/** A new document's subtotals: description and total are required; each kept row names the document. */
export async function createSubtotals(
  w: Writer,
  header: CatalogObject,
  recordNo: number,
  docid: string | null,
  subtotals: readonly SubtotalInput[],
): Promise<void> {
  for (const s of subtotals)
    for (const name of ['description', 'total']) if (!s.get(name)) throw required('subtotal', name);
  const spec = SUBTOTAL_OBJECTS[header.xmlName];
  if (!spec) return;
  const o = w.catalog.require(spec.object);
  for (const s of subtotals) {
    const computed = new Map<string, FieldValue>([['DOCHDRNO', recordNo]]);
    if (docid && findField(o, 'DOCHDRID')) computed.set('DOCHDRID', docid);
    await createRecord(w, o, raw(o, spec.fields, s), computed);
  }
}

/**
 * An update's `<updatesubtotal>`s: each names a subtotal of the document by its description (the one element the
 * table and the SDK's TransactionSubtotalUpdate require) and changes what it sends; a description the document has
 * no subtotal for is refused (ledgerq's reading: the reference does not say how an update finds its subtotal).
 */
export async function updateSubtotals(
  w: Writer,
  header: CatalogObject,
  recordNo: number,
  subtotals: readonly SubtotalInput[],
): Promise<void> {
  for (const s of subtotals) if (!s.get('description')) throw required('updatesubtotal', 'description');
  const spec = SUBTOTAL_OBJECTS[header.xmlName];
  if (!spec) return;
  const o = w.catalog.require(spec.object);
  for (const s of subtotals) {
    const description = s.get('description')!;
    const rows = await w.db.all<{ k: number }>(sql`SELECT ${ident(storedColumn(o, 'RECORDNO'))} AS k
      FROM ${ident(o.table)} WHERE ${ident(COMPANY_COLUMN)} = ${p(w.companyKey)}
        AND ${ident(storedColumn(o, 'DOCHDRNO'))} = ${p(recordNo)} AND ${ident(storedColumn(o, 'DESCRIPTION'))} = ${p(description)}`);
    if (!rows[0])
      throw new LedgerqError(
        'write.unknown-record',
        `${header.xmlName} ${recordNo} has no subtotal with description '${description}'`,
        { object: o.xmlName, key: description },
      );
    await updateRecord(w, o, { by: 'key', value: String(rows[0].k) }, raw(o, spec.fields, s));
  }
}
