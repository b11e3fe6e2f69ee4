// Hands out the next RECORDNOs of an object in a company, safe under concurrent writers on both databases.

import { COMPANY_COLUMN, findField } from '../catalog/catalog.ts';
import type { CatalogObject } from '../catalog/types.ts';
import type { Database } from '../store/database.ts';
import { ident, p, sql } from '../store/sql.ts';

/**
 * The first of `count` consecutive record numbers (a batch of creates takes them in one statement). The first call
 * seeds the counter from the table's highest key (demo data and imports are loaded without it); later calls bump it.
 * INSERT … ON CONFLICT DO UPDATE … RETURNING is one atomic statement on SQLite (3.35+) and PostgreSQL.
 */
export async function allocateRecordNos(
  db: Database,
  companyKey: number,
  o: CatalogObject,
  count: number,
): Promise<number> {
  const key = findField(o, o.keyField)!.column!;
  const rows = await db.all<{ last_no: number | string | bigint }>(sql`
    INSERT INTO lq_record_counter (company_key, object_name, last_no)
    VALUES (${p(companyKey)}, ${p(o.xmlName)},
      (SELECT COALESCE(MAX(${ident(key)}), 0) + ${p(count)} FROM ${ident(o.table)} WHERE ${ident(COMPANY_COLUMN)} = ${p(companyKey)}))
    ON CONFLICT (company_key, object_name) DO UPDATE SET last_no = lq_record_counter.last_no + ${p(count)}
    RETURNING last_no`);
  return Number(rows[0]!.last_no) - count + 1;
}

export function allocateRecordNo(db: Database, companyKey: number, o: CatalogObject): Promise<number> {
  return allocateRecordNos(db, companyKey, o, 1);
}
