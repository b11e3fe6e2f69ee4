// Snapshot, restore, list and delete one company's state: INSERT … SELECT into the lqs_ tables and back, each in one
// transaction.

import { findCompany, type Company } from '../auth/tenancy.ts';
import { LedgerqError } from '../errors.ts';
import type { Database } from '../store/database.ts';
import { ident, identList, join, p, sql, type Sql } from '../store/sql.ts';
import type { TableSpec } from '../store/table-spec.ts';
import { companyStateTables, ensureSnapshotTables, rowKey, snapshotTableName } from './snapshot-tables.ts';

export interface SnapshotInfo {
  readonly company: string;
  readonly name: string;
  readonly createdAt: string;
  /** Rows copied, all tables together. */
  readonly rows: number;
}

export interface SnapshotTiming {
  readonly rows: number;
  readonly millis: number;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

export async function requireCompany(db: Database, companyId: string): Promise<Company> {
  const c = await findCompany(db, companyId);
  if (!c)
    throw new LedgerqError('admin.unknown-company', `there is no company ${JSON.stringify(companyId)} on this server`, {
      company: companyId,
    });
  return c;
}

function checkName(name: string): void {
  if (!NAME.test(name))
    throw new LedgerqError(
      'admin.invalid-request',
      `a snapshot name is 1–100 letters, digits, '.', '_' or '-' (starting with a letter or digit), not ${JSON.stringify(name)}`,
      { field: 'name' },
    );
}

async function snapshotId(db: Database, company: Company, name: string): Promise<number> {
  const [row] = await db.all<{ id: number | string }>(
    sql`SELECT id FROM lq_snapshot WHERE company_id = ${p(company.companyId.toLowerCase())} AND name = ${p(name)}`,
  );
  if (!row)
    throw new LedgerqError(
      'admin.unknown-snapshot',
      `company ${company.companyId} has no snapshot named ${JSON.stringify(name)}`,
      { name },
    );
  return Number(row.id);
}

/** The source table's columns other than company_key, which restore writes as the company's current key. */
const dataColumns = (t: TableSpec) => t.columns.map((c) => c.name).filter((n) => n !== 'company_key');

export async function createSnapshot(
  db: Database,
  schema: readonly TableSpec[],
  companyId: string,
  name: string,
): Promise<SnapshotInfo & SnapshotTiming> {
  checkName(name);
  const company = await requireCompany(db, companyId);
  await ensureSnapshotTables(db, schema);
  const started = performance.now();
  const createdAt = Date.now();
  const rows = await db.transaction(async (tx) => {
    const key = company.companyId.toLowerCase();
    if ((await tx.all(sql`SELECT 1 FROM lq_snapshot WHERE company_id = ${p(key)} AND name = ${p(name)}`)).length > 0) {
      throw new LedgerqError(
        'admin.duplicate-snapshot',
        `company ${company.companyId} already has a snapshot named ${JSON.stringify(name)}; delete it first or pick another name`,
        { name },
      );
    }
    const [row] = await tx.all<{
      id: number | string;
    }>(sql`INSERT INTO lq_snapshot (company_id, name, created_at_ms, row_count)
      VALUES (${p(key)}, ${p(name)}, ${p(createdAt)}, ${p(0)}) RETURNING id`);
    const id = Number(row!.id);
    let copied = 0;
    for (const t of companyStateTables(schema)) {
      const cols = identList(t.columns.map((c) => c.name));
      const key = rowKey(t);
      copied += await tx.run(sql`INSERT INTO ${ident(snapshotTableName(t.name))} (snapshot_id, ${cols})
        SELECT CAST(${p(id)} AS INTEGER), ${cols} FROM ${ident(t.name)} WHERE company_key = ${p(company.key)}${key.length ? sql` ORDER BY ${identList(key)}` : sql``}`);
    }
    await tx.run(sql`UPDATE lq_snapshot SET row_count = ${p(copied)} WHERE id = ${p(id)}`);
    return copied;
  });
  return {
    company: company.companyId,
    name,
    createdAt: new Date(createdAt).toISOString(),
    rows,
    millis: Math.round(performance.now() - started),
  };
}

/** `a.c = b.c`, NULLs equal, for every column: the key aside, a row unchanged since the snapshot (key columns are compared plainly, so the index serves). */
function sameRow(a: string, b: string, columns: readonly string[]): Sql {
  return join(
    columns.map(
      (c) =>
        sql`(${ident(a)}.${ident(c)} = ${ident(b)}.${ident(c)} OR (${ident(a)}.${ident(c)} IS NULL AND ${ident(b)}.${ident(c)} IS NULL))`,
    ),
    ' AND ',
  );
}

/**
 * Brings every table's rows of the company back to the snapshot's, in one
 * transaction: a reader sees the state before or after, never a mix, and
 * other companies' rows are never touched (every statement is scoped by
 * company_key). Only rows that differ are written: live rows with no equal
 * saved row (looked up by key) are deleted, then saved rows with no live row
 * of their key are inserted. Looking rows up costs far less than rewriting
 * every row and its indexes: a test changes a few rows of 100,000.
 * Sessions and tokens stay valid.
 */
export async function restoreSnapshot(
  db: Database,
  schema: readonly TableSpec[],
  companyId: string,
  name: string,
): Promise<SnapshotInfo & SnapshotTiming & { changed: number }> {
  const company = await requireCompany(db, companyId);
  await ensureSnapshotTables(db, schema);
  const id = await snapshotId(db, company, name);
  const started = performance.now();
  const changed = await db.transaction(async (tx) => {
    let written = 0;
    for (const t of companyStateTables(schema)) {
      const cols = dataColumns(t);
      const saved = snapshotTableName(t.name);
      const rest = cols.length
        ? sql`, ${join(
            cols.map((c) => sql`s.${ident(c)}`),
            ', ',
          )}`
        : sql``;
      const insert = sql`INSERT INTO ${ident(t.name)} (company_key${cols.length ? sql`, ${identList(cols)}` : sql``})
        SELECT CAST(${p(company.key)} AS INTEGER)${rest} FROM ${ident(saved)} s WHERE s.snapshot_id = ${p(id)}`;
      const key = rowKey(t);
      if (key.length === 0) {
        // No key to find a row's saved copy by: replace them all.
        written += await tx.run(sql`DELETE FROM ${ident(t.name)} WHERE company_key = ${p(company.key)}`);
        written += await tx.run(insert);
        continue;
      }
      written += await tx.run(sql`DELETE FROM ${ident(t.name)} WHERE company_key = ${p(company.key)} AND NOT EXISTS (
        SELECT 1 FROM ${ident(saved)} WHERE ${ident(saved)}.snapshot_id = ${p(id)}
          AND ${join(
            key.map((k) => sql`${ident(saved)}.${ident(k)} = ${ident(t.name)}.${ident(k)}`),
            ' AND ',
          )}
          ${
            cols.length > key.length
              ? sql`AND ${sameRow(
                  saved,
                  t.name,
                  cols.filter((c) => !key.includes(c)),
                )}`
              : sql``
          })`);
      written += await tx.run(sql`${insert} AND NOT EXISTS (
        SELECT 1 FROM ${ident(t.name)} x WHERE x.company_key = ${p(company.key)} AND ${join(
          key.map((k) => sql`x.${ident(k)} = s.${ident(k)}`),
          ' AND ',
        )})`);
    }
    return written;
  });
  const [info] = await listSnapshots(db, companyId, name);
  return { ...info!, changed, millis: Math.round(performance.now() - started) };
}

export async function listSnapshots(db: Database, companyId: string, only?: string): Promise<SnapshotInfo[]> {
  const company = await requireCompany(db, companyId);
  const filters = [
    sql`company_id = ${p(company.companyId.toLowerCase())}`,
    ...(only !== undefined ? [sql`name = ${p(only)}`] : []),
  ];
  const rows = await db.all<{
    name: string;
    created_at_ms: number | string;
    row_count: number | string;
  }>(sql`SELECT name, created_at_ms, row_count
    FROM lq_snapshot WHERE ${join(filters, ' AND ')} ORDER BY created_at_ms, id`);
  return rows.map((r) => ({
    company: company.companyId,
    name: r.name,
    createdAt: new Date(Number(r.created_at_ms)).toISOString(),
    rows: Number(r.row_count),
  }));
}

export async function deleteSnapshot(
  db: Database,
  schema: readonly TableSpec[],
  companyId: string,
  name: string,
): Promise<void> {
  const company = await requireCompany(db, companyId);
  await ensureSnapshotTables(db, schema);
  const id = await snapshotId(db, company, name);
  await db.transaction(async (tx) => {
    for (const t of companyStateTables(schema))
      await tx.run(sql`DELETE FROM ${ident(snapshotTableName(t.name))} WHERE snapshot_id = ${p(id)}`);
    await tx.run(sql`DELETE FROM lq_snapshot WHERE id = ${p(id)}`);
  });
}
