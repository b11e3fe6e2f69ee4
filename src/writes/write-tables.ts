// The tables the write path adds: the last record number per company and object, the control ids uniqueid has used,
// what each payment paid, and which document sequence numbers each object's new IDs.

import type { TableSpec } from '../store/table-spec.ts';

/**
 * A counter row per (company, object) rather than MAX(RECORDNO)+1: two writers
 * on PostgreSQL reading the same MAX would both insert it, while the upsert on
 * this row makes the second wait for the first's commit and take the next number.
 */
export const WRITE_TABLES: readonly TableSpec[] = [
  {
    name: 'lq_record_counter',
    scope: 'company',
    columns: [
      { name: 'company_key', kind: 'integer', notNull: true, formerNames: ['company_id'] },
      { name: 'object_name', kind: 'text', notNull: true },
      { name: 'last_no', kind: 'bigint', notNull: true },
    ],
    primaryKey: ['company_key', 'object_name'],
    indexes: [],
  },
  {
    // ID auto-numbering, Intacct's module setting "document sequence" per object (a vendor's or customer's ID): a row
    // binds the object to a SEQUENCE record, whose NEXTNUMBER numbering advances (writes/id-sequences.ts).
    name: 'lq_id_numbering',
    scope: 'company',
    columns: [
      { name: 'company_key', kind: 'integer', notNull: true },
      { name: 'object_name', kind: 'text', notNull: true },
      { name: 'sequence_no', kind: 'bigint', notNull: true },
    ],
    primaryKey: ['company_key', 'object_name'],
    indexes: [],
  },
  {
    // Before sequences were SEQUENCE records: each object's format and counter. Read once per company and emptied
    // (writes/id-sequences.ts adoptLegacySequences); nothing writes it any more.
    name: 'lq_id_sequence',
    scope: 'company',
    columns: [
      { name: 'company_key', kind: 'integer', notNull: true },
      { name: 'object_name', kind: 'text', notNull: true },
      { name: 'prefix', kind: 'text', notNull: true },
      { name: 'digits', kind: 'integer', notNull: true },
      { name: 'suffix', kind: 'text', notNull: true },
      { name: 'last_no', kind: 'bigint', notNull: true },
    ],
    primaryKey: ['company_key', 'object_name'],
    indexes: [],
  },
  {
    // Control ids of requests sent with <uniqueid>true</uniqueid>: the primary key makes the second of two racing
    // requests fail.
    name: 'lq_used_control_id',
    scope: 'server',
    columns: [
      { name: 'sender_id', kind: 'text', notNull: true },
      { name: 'control_id', kind: 'text', notNull: true },
      { name: 'used_at', kind: 'datetime', notNull: true },
    ],
    primaryKey: ['sender_id', 'control_id'],
    indexes: [],
  },
  {
    // Which documents a payment paid and how much (cents): deleting or reversing the payment gives exactly this back.
    name: 'lq_payment_application',
    scope: 'company',
    columns: [
      { name: 'company_key', kind: 'integer', notNull: true, formerNames: ['company_id'] },
      { name: 'payment_object', kind: 'text', notNull: true },
      { name: 'payment_no', kind: 'bigint', notNull: true },
      { name: 'document_no', kind: 'bigint', notNull: true },
      { name: 'amount_cents', kind: 'bigint', notNull: true },
      // The same amount in the document's transaction currency, where the two differ (the demo's payments of
      // foreign-currency bills); null: amount_cents moves both the base and the transaction totals.
      { name: 'trx_amount_cents', kind: 'bigint', notNull: false },
    ],
    primaryKey: ['company_key', 'payment_object', 'payment_no', 'document_no'],
    indexes: [],
  },
  {
    // What an AP payment applied to or from documents other than the bills it pays (src/writes/ap-payment-credits.ts):
    // AP adjustments (debit memos taken as credits, credit memos paid) and negative bills taken as credits, by object.
    // amount_cents is the signed change of the document's TOTALPAID: deleting or reversing the payment undoes it.
    name: 'lq_payment_credit_application',
    scope: 'company',
    columns: [
      { name: 'company_key', kind: 'integer', notNull: true },
      { name: 'payment_object', kind: 'text', notNull: true },
      { name: 'payment_no', kind: 'bigint', notNull: true },
      { name: 'document_object', kind: 'text', notNull: true },
      { name: 'document_no', kind: 'bigint', notNull: true },
      { name: 'amount_cents', kind: 'bigint', notNull: true },
    ],
    primaryKey: ['company_key', 'payment_object', 'payment_no', 'document_object', 'document_no'],
    indexes: [],
  },
];
