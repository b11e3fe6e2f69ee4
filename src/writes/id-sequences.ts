// ID auto-numbering: Intacct's company setting that gives an object (VENDOR, CUSTOMER …) a document sequence, so a
// create without the ID field gets the sequence's next value. Off (no sequence), the ID field stays required.

import { COMPANY_COLUMN, findField } from '../catalog/catalog.ts';
import type { CatalogObject } from '../catalog/types.ts';
import type { Database } from '../store/database.ts';
import { ident, p, sql } from '../store/sql.ts';

/** A sequence's format: `V-` + the number zero-padded to `digits` (0: no padding) + `suffix`. */
export interface IdSequenceFormat {
  readonly prefix: string;
  readonly digits: number;
  readonly suffix: string;
}

export function formatSequenced(f: IdSequenceFormat, n: number): string {
  return `${f.prefix}${String(n).padStart(f.digits, '0')}${f.suffix}`;
}

/** The number a sequence would have given `id`, or null when `id` is not of its format. */
function numberOf(f: IdSequenceFormat, id: string): number | null {
  if (!id.startsWith(f.prefix) || !id.endsWith(f.suffix) || id.length < f.prefix.length + f.suffix.length + 1)
    return null;
  const digits = id.slice(f.prefix.length, id.length - f.suffix.length);
  return /^\d{1,15}$/.test(digits) ? Number(digits) : null;
}

async function ids(db: Database, companyKey: number, o: CatalogObject): Promise<string[]> {
  const column = findField(o, o.idField!)!.column!;
  const rows = await db.all<{ id: unknown }>(
    sql`SELECT ${ident(column)} AS id FROM ${ident(o.table)} WHERE ${ident(COMPANY_COLUMN)} = ${p(companyKey)}`,
  );
  return rows.map((r) => String(r.id ?? ''));
}

/**
 * Turns auto-numbering of `o` on with `format`, continuing after the highest ID the company already holds in that
 * format, or off (`null`).
 */
export async function setIdSequence(
  db: Database,
  companyKey: number,
  o: CatalogObject,
  format: IdSequenceFormat | null,
): Promise<void> {
  if (format === null) {
    await db.run(
      sql`DELETE FROM lq_id_sequence WHERE company_key = ${p(companyKey)} AND object_name = ${p(o.xmlName)}`,
    );
    return;
  }
  if (!o.idField) throw new Error(`${o.xmlName} has no ID field to number`);
  const last = Math.max(0, ...(await ids(db, companyKey, o)).map((id) => numberOf(format, id) ?? 0));
  await db.run(sql`INSERT INTO lq_id_sequence (company_key, object_name, prefix, digits, suffix, last_no)
    VALUES (${p(companyKey)}, ${p(o.xmlName)}, ${p(format.prefix)}, ${p(format.digits)}, ${p(format.suffix)}, ${p(last)})
    ON CONFLICT (company_key, object_name) DO UPDATE SET prefix = ${p(format.prefix)}, digits = ${p(format.digits)},
      suffix = ${p(format.suffix)}, last_no = ${p(last)}`);
}

/** One object's sequence in a company, as the admin API shows it. */
export interface IdSequence extends IdSequenceFormat {
  readonly object: string;
  /** The number the last sequenced ID took (0: none yet); the next create takes the next free one. */
  readonly lastNumber: number;
}

/** The company's sequences, by object name. */
export async function idSequences(db: Database, companyKey: number): Promise<IdSequence[]> {
  const rows = await db.all<{ object_name: string; prefix: string; digits: unknown; suffix: string; last_no: unknown }>(
    sql`SELECT object_name, prefix, digits, suffix, last_no FROM lq_id_sequence WHERE company_key = ${p(companyKey)}
      ORDER BY object_name`,
  );
  return rows.map((r) => ({
    object: r.object_name,
    prefix: r.prefix,
    digits: Number(r.digits),
    suffix: r.suffix,
    lastNumber: Number(r.last_no),
  }));
}

/** Whether the company numbers `o`'s IDs. */
export async function hasIdSequence(db: Database, companyKey: number, o: CatalogObject): Promise<boolean> {
  const rows = await db.all(
    sql`SELECT 1 AS x FROM lq_id_sequence WHERE company_key = ${p(companyKey)} AND object_name = ${p(o.xmlName)}`,
  );
  return rows.length > 0;
}

/**
 * The next ID of `o`'s sequence, inside the caller's transaction. The UPDATE holds the sequence row until the
 * transaction ends (PostgreSQL's row lock; SQLite's single writer), so two creates never get one number; a number
 * whose ID a record already holds (entered by hand) is skipped, as the unique index would refuse it.
 */
export async function nextSequencedId(tx: Database, companyKey: number, o: CatalogObject): Promise<string> {
  const column = findField(o, o.idField!)!.column!;
  for (;;) {
    const rows = await tx.all<{ last_no: unknown; prefix: string; digits: unknown; suffix: string }>(
      sql`UPDATE lq_id_sequence SET last_no = last_no + 1
        WHERE company_key = ${p(companyKey)} AND object_name = ${p(o.xmlName)}
        RETURNING last_no, prefix, digits, suffix`,
    );
    const row = rows[0];
    if (!row) throw new Error(`${o.xmlName} has no ID sequence in company ${companyKey}`);
    const id = formatSequenced(
      { prefix: row.prefix, digits: Number(row.digits), suffix: row.suffix },
      Number(row.last_no),
    );
    const taken = await tx.all(sql`SELECT 1 AS x FROM ${ident(o.table)}
      WHERE ${ident(COMPANY_COLUMN)} = ${p(companyKey)} AND ${ident(column)} = ${p(id)} LIMIT 1`);
    if (taken.length === 0) return id;
  }
}
