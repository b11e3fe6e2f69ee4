// Bank feeds (BANKACCTTXNFEED) as Intacct's bank feeds reference describes them (russellkt/intacct-mcp-server
// docs/cash-management-bank-feeds.md): a feed of a bank or credit card account, of type xml (its transactions given
// in BANKACCTTXNRECORDS) or onl (fetched from the bank); an xml feed may be deleted, an online one not.

import { COMPANY_COLUMN, findField, storedColumn } from '../catalog/catalog.ts';
import type { CatalogObject } from '../catalog/types.ts';
import { LedgerqError } from '../errors.ts';
import { cents } from './payment-applications.ts';
import { ident, p, sql } from '../store/sql.ts';
import { parseWritten, type RawRecord } from './record-values.ts';
import type { Writer } from './writer.ts';
import { createRecord, isBlank, type WrittenKey } from './write-record.ts';

/** One BANKACCTTXNRECORD as sent: element name (upper case) → text. */
export type FeedTransaction = ReadonlyMap<string, string>;

/** The BANKACCTTXNRECORD table: its elements, and those it requires. */
export const FEED_TRANSACTION_ELEMENTS: readonly string[] = [
  'TRANSACTIONID',
  'POSTINGDATE',
  'TRANSACTIONTYPE',
  'DOCTYPE',
  'DOCNO',
  'PAYEE',
  'AMOUNT',
  'DESCRIPTION',
  'CURRENCY',
];

/** "Use `withdrawal` or `deposit` for a bank account, or `charge` or `payment` for a credit card account." */
const TYPES = { bank: ['withdrawal', 'deposit'], card: ['charge', 'payment'] } as const;

function refuse(field: string, message: string, object = 'BANKACCTTXNFEED'): LedgerqError {
  return new LedgerqError('write.invalid-value', message, { object, field });
}

function required(field: string, object = 'BANKACCTTXNFEED'): LedgerqError {
  return new LedgerqError('write.required-field', `Required field ${field} of ${object} is missing`, { object, field });
}

/** Whether the account the feed names is a bank account (checking or savings) or a credit card; refused when neither. */
async function accountKind(w: Writer, id: string): Promise<'bank' | 'card'> {
  const has = async (object: string, field: string): Promise<boolean> => {
    const o = w.catalog.require(object);
    const rows =
      await w.db.all(sql`SELECT 1 AS x FROM ${ident(o.table)} WHERE ${ident(COMPANY_COLUMN)} = ${p(w.companyKey)}
      AND ${ident(storedColumn(o, field))} = ${p(id)}`);
    return rows.length > 0;
  };
  if ((await has('CHECKINGACCOUNT', 'BANKACCOUNTID')) || (await has('SAVINGSACCOUNT', 'BANKACCOUNTID'))) return 'bank';
  if (await has('CREDITCARD', 'CARDID')) return 'card';
  throw new LedgerqError(
    'write.missing-reference',
    `Invalid FINANCIALENTITY '${id}' specified: no bank account (CHECKINGACCOUNT, SAVINGSACCOUNT) or credit card (CREDITCARD) with that ID`,
    { object: 'BANKACCTTXNFEED', field: 'FINANCIALENTITY' },
  );
}

/**
 * create BANKACCTTXNFEED: FINANCIALENTITY, FEEDDATE and FEEDTYPE are required, FEEDTYPE `xml` or `onl`; an xml feed
 * carries at least one transaction ("Required only if the feed type is xml"), an online feed none. Each transaction
 * has a TRANSACTIONTYPE that fits the account and an AMOUNT; the catalog has no object for the transactions, so they
 * are checked and not kept.
 */
export async function createBankFeed(
  w: Writer,
  feed: CatalogObject,
  raw: RawRecord,
  transactions: readonly FeedTransaction[] | null,
): Promise<WrittenKey> {
  const value = (name: string) => raw.get(findField(feed, name)!);
  for (const name of ['FINANCIALENTITY', 'FEEDDATE', 'FEEDTYPE']) if (isBlank(value(name))) throw required(name);
  const typeField = findField(feed, 'FEEDTYPE')!;
  const type = String(parseWritten(feed, typeField, value('FEEDTYPE') as string, w.naming));
  if (type !== 'xml' && type !== 'onl')
    throw refuse('FEEDTYPE', `A BANKACCTTXNFEED is created with FEEDTYPE xml or onl, not ${type}`);
  const kind = await accountKind(w, String(value('FINANCIALENTITY')).trim());
  if (type === 'onl' && transactions !== null)
    throw refuse('BANKACCTTXNRECORDS', 'An online (onl) feed fetches its transactions: it takes no BANKACCTTXNRECORDS');
  if (type === 'xml' && (transactions === null || transactions.length === 0))
    throw new LedgerqError('write.required-field', 'An xml BANKACCTTXNFEED needs at least one BANKACCTTXNRECORD', {
      object: feed.xmlName,
      field: 'BANKACCTTXNRECORDS',
    });
  for (const t of transactions ?? []) {
    const txType = t.get('TRANSACTIONTYPE')?.trim() ?? '';
    if (txType === '') throw required('TRANSACTIONTYPE', 'BANKACCTTXNRECORD');
    if (!(TYPES[kind] as readonly string[]).includes(txType.toLowerCase()))
      throw refuse(
        'TRANSACTIONTYPE',
        `Invalid TRANSACTIONTYPE '${txType}' for a ${kind === 'bank' ? 'bank account' : 'credit card'} feed; use ${TYPES[kind].join(' or ')}`,
        'BANKACCTTXNRECORD',
      );
    const amount = t.get('AMOUNT')?.trim() ?? '';
    if (amount === '') throw required('AMOUNT', 'BANKACCTTXNRECORD');
    try {
      cents(amount);
    } catch {
      throw refuse('AMOUNT', `Invalid value for AMOUNT of BANKACCTTXNRECORD: "${amount}"`, 'BANKACCTTXNRECORD');
    }
  }
  return createRecord(w, feed, raw);
}
