// Summaries of bills, invoices, AP and AR adjustments, AR payments and expense reports (APBILLBATCH, ARINVOICEBATCH,
// APADJUSTMENTBATCH, ARADJUSTMENTBATCH, ARPYMTBATCH, EEXPENSESBATCH): a new summary is open; a new document that names
// one is placed in it and posts on its date. Sources: Intacct's AP and AR summaries references (russellkt/intacct-mcp-server
// docs/accounts-payable-ap-summaries.md, docs/accounts-receivable-ar-summaries.md: batchtitle, datecreated "GL posting
// date"), its bills and invoices references (docs/accounts-payable-bills.md: create_bill batchkey "Summary record
// number"; APBILL PRBATCH "Summary name to post into", WHENPOSTED "Not used if PRBATCH provided"), and the REST
// bill-summary and invoice-summary schemas (state open | closed: "An open summary can have items added to it").

import { COMPANY_COLUMN, findField, storedColumn } from '../catalog/catalog.ts';
import type { CatalogField, CatalogObject } from '../catalog/types.ts';
import { decodeValue, encodeValue, type FieldValue } from '../catalog/field-values.ts';
import { LedgerqError } from '../errors.ts';
import { ident, p, sql } from '../store/sql.ts';
import { parseWritten, type RawRecord } from './record-values.ts';
import { createRecord, type Writer, type WrittenKey } from './write-record.ts';

/** The summary object each document posts into (the summaries' references: AP, AR and expense summaries). */
const SUMMARY_OF: Readonly<Record<string, string>> = {
  APBILL: 'APBILLBATCH',
  ARINVOICE: 'ARINVOICEBATCH',
  APADJUSTMENT: 'APADJUSTMENTBATCH',
  ARADJUSTMENT: 'ARADJUSTMENTBATCH',
  ARPYMT: 'ARPYMTBATCH',
  EEXPENSES: 'EEXPENSESBATCH',
};
const SUMMARIES: ReadonlySet<string> = new Set(Object.values(SUMMARY_OF));
/** The record type (XML spelling) of the summaries that carry one: those the REST schemas give a recordType. */
const RECORD_TYPE: Readonly<Record<string, string>> = { APBILLBATCH: 'pi', ARINVOICEBATCH: 'ri' };

export function isSummary(o: CatalogObject): boolean {
  return SUMMARIES.has(o.xmlName);
}

/** The summary object a document object posts into, or undefined. */
export function summaryObjectOf(header: string): string | undefined {
  return SUMMARY_OF[header];
}

/** A new summary: of its object's record type, and open unless the record says otherwise (OPEN is writable). */
export function createSummary(w: Writer, o: CatalogObject, raw: RawRecord): Promise<WrittenKey> {
  const recordType = RECORD_TYPE[o.xmlName];
  const computed = new Map<string, FieldValue>(recordType ? [['RECORDTYPE', recordType]] : []);
  const open = findField(o, 'OPEN')!;
  const given = raw.get(open);
  if (given === undefined || given === null || given === '') computed.set('OPEN', 'Open');
  return createRecord(w, o, raw, computed);
}

const given = (raw: RawRecord, f: CatalogField | undefined) => {
  const v = f ? raw.get(f) : undefined;
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '') ? undefined : v;
};

interface SummaryRow {
  readonly key: number;
  readonly title: string;
  readonly postingDate: FieldValue;
  readonly open: boolean;
  /** The AR payment summary's bank account (BANKACCOUNTID), empty for other summaries. */
  readonly bankAccount: string;
}

/**
 * The values a new bill or invoice takes from the summary it names, by record number (PRBATCHKEY: create_bill's and
 * create_invoice's batchkey, REST billSummary.id / invoiceSummary.key) or by title (PRBATCH, as the generic create
 * takes it): PRBATCHKEY, PRBATCH and WHENPOSTED, the summary's GL posting date. None named: none. A summary that does
 * not exist, a title that is not the named summary's, or a closed summary is refused, naming the document's field.
 */
export async function summaryValues(
  w: Writer,
  header: CatalogObject,
  raw: RawRecord,
): Promise<ReadonlyMap<string, FieldValue>> {
  const name = SUMMARY_OF[header.xmlName];
  if (!name) return new Map();
  const keyField = findField(header, 'PRBATCHKEY')!;
  // AP and AR adjustments and expense reports have no PRBATCH field: they name their summary by record number only.
  const titleField = findField(header, 'PRBATCH');
  const key = given(raw, keyField);
  const title = given(raw, titleField);
  if (key === undefined && title === undefined) return new Map();
  const o = w.catalog.require(name);
  const named = key !== undefined ? keyField : titleField!;
  const value = key ?? title!;
  const by = key !== undefined ? findField(o, o.keyField)! : findField(o, 'TITLE')!;
  const summary = await findSummary(w, o, by, parseWritten(header, named, value, w.naming));
  if (!summary)
    throw new LedgerqError(
      'write.missing-reference',
      `Invalid ${named.xmlId} '${String(value)}' specified: no ${o.xmlName} with ${by.xmlId} '${String(value)}'`,
      { object: header.xmlName, field: named.xmlId },
    );
  if (key !== undefined && title !== undefined && String(title).trim() !== summary.title)
    throw new LedgerqError(
      'write.invalid-value',
      `Invalid PRBATCH '${String(title)}' specified: ${o.xmlName} ${summary.key} is titled '${summary.title}'`,
      { object: header.xmlName, field: titleField!.xmlId },
    );
  if (!summary.open)
    throw new LedgerqError(
      'write.invalid-value',
      `Invalid ${named.xmlId} '${String(value)}' specified: ${o.xmlName} ${summary.key} ('${summary.title}') is closed; only an open summary takes new ${header.xmlName} records`,
      { object: header.xmlName, field: named.xmlId },
    );
  // create_arpayment's batchkey is "Required if not using bankaccountid or undepfundsacct" (the AR payments
  // reference): a payment naming no account of its own is deposited to its summary's bank account.
  const deposit = findField(header, 'FINANCIALENTITY');
  const deposited = deposit && given(raw, deposit) === undefined && summary.bankAccount !== '';
  // A document without a title or posting-date field of its own (ARPYMT has no WHENPOSTED) takes what it has.
  return new Map<string, FieldValue>(
    (
      [
        ['PRBATCHKEY', summary.key],
        ['PRBATCH', summary.title],
        ['WHENPOSTED', summary.postingDate],
        ...(deposited ? [['FINANCIALENTITY', summary.bankAccount]] : []),
      ] as [string, FieldValue][]
    ).filter(([name]) => findField(header, name)?.column),
  );
}

/** The company's summary whose `by` field holds `value` (the lowest record number where titles repeat). */
async function findSummary(
  w: Writer,
  o: CatalogObject,
  by: CatalogField,
  value: FieldValue,
): Promise<SummaryRow | undefined> {
  const created = findField(o, 'CREATED')!;
  const open = findField(o, 'OPEN')!;
  const bank = findField(o, 'BANKACCOUNTID')?.column;
  const rows = await w.db.all<{ k: unknown; t: unknown; c: unknown; o: unknown; b: unknown }>(sql`SELECT
      ${ident(storedColumn(o, o.keyField))} AS k, ${ident(storedColumn(o, 'TITLE'))} AS t,
      ${ident(created.column!)} AS c, ${ident(open.column!)} AS o, ${bank ? ident(bank) : sql`NULL`} AS b
    FROM ${ident(o.table)}
    WHERE ${ident(COMPANY_COLUMN)} = ${p(w.companyKey)} AND ${ident(by.column!)} = ${p(encodeValue(by, value))}
    ORDER BY ${ident(storedColumn(o, o.keyField))}`);
  const row = rows[0];
  if (!row) return undefined;
  return {
    key: Number(row.k),
    title: String(row.t ?? ''),
    postingDate: decodeValue(created, row.c),
    open: decodeValue(open, row.o) === 'Open',
    bankAccount: String(row.b ?? ''),
  };
}
