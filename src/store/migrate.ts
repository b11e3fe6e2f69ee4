// Brings a database to the desired schema: each run diffs it against the database and records what it applied as a new
// version.

import { createHash } from 'node:crypto';
import { LedgerqError } from '../errors.ts';
import type { Database } from './database.ts';
import type { Dialect } from './dialect.ts';
import { ident, identList, join, p, sql } from './sql.ts';
import type { ColumnSpec, IndexSpec, TableSpec } from './table-spec.ts';

export interface MigrationResult {
  /** The version recorded by this run, or null when the schema was already current. */
  readonly version: number | null;
  readonly statements: readonly string[];
}

export interface AppliedMigration {
  readonly version: number;
  readonly name: string;
  readonly checksum: string;
}

const BOOKKEEPING: readonly TableSpec[] = [
  {
    name: 'lq_migration',
    scope: 'server',
    columns: [
      { name: 'version', kind: 'integer', notNull: true },
      { name: 'name', kind: 'text', notNull: true },
      { name: 'checksum', kind: 'text', notNull: true },
      { name: 'statements', kind: 'text', notNull: true },
      { name: 'applied_at', kind: 'datetime', notNull: true },
    ],
    primaryKey: ['version'],
    indexes: [],
  },
  {
    // The storage class each column was created with, so a changed declaration is refused instead of silently ignored.
    name: 'lq_column',
    scope: 'server',
    columns: [
      { name: 'table_name', kind: 'text', notNull: true },
      { name: 'column_name', kind: 'text', notNull: true },
      { name: 'kind', kind: 'text', notNull: true },
    ],
    primaryKey: ['table_name', 'column_name'],
    indexes: [],
  },
];

function columnDdl(d: Dialect, c: ColumnSpec): string {
  return `${d.quoteIdent(c.name)} ${d.columnType(c.kind)}${c.notNull && c.kind !== 'serial' ? ' NOT NULL' : ''}`;
}

export function createTableDdl(d: Dialect, t: TableSpec, ifNotExists = false): string {
  const parts = t.columns.map((c) => columnDdl(d, c));
  if (t.primaryKey.length) parts.push(`PRIMARY KEY (${t.primaryKey.map((c) => d.quoteIdent(c)).join(', ')})`);
  return `CREATE TABLE ${ifNotExists ? 'IF NOT EXISTS ' : ''}${d.quoteIdent(t.name)} (${parts.join(', ')})`;
}

export function createIndexDdl(d: Dialect, table: string, ix: IndexSpec): string {
  return `CREATE ${ix.unique ? 'UNIQUE ' : ''}INDEX ${d.quoteIdent(ix.name)} ON ${d.quoteIdent(table)} (${ix.columns.map((c) => d.quoteIdent(c)).join(', ')})`;
}

export async function migrate(db: Database, desired: readonly TableSpec[]): Promise<MigrationResult> {
  const d = db.dialect;
  return db.transaction(async (tx) => {
    const lock = d.migrationLock();
    if (lock) await tx.all(lock);
    for (const t of BOOKKEEPING) await tx.execScript(createTableDdl(d, t, true));

    const existingColumns = new Map<string, Set<string>>();
    for (const r of await tx.all<{ table_name: string; column_name: string }>(d.listColumns())) {
      const set = existingColumns.get(r.table_name) ?? new Set<string>();
      set.add(r.column_name);
      existingColumns.set(r.table_name, set);
    }
    const indexRows = await tx.all<{ index_name: string; table_name: string }>(d.listIndexes());
    const existingIndexes = new Set(indexRows.map((r) => r.index_name));
    const recordedKinds = new Map(
      (
        await tx.all<{ table_name: string; column_name: string; kind: string }>(
          sql`SELECT table_name, column_name, kind FROM lq_column`,
        )
      ).map((r) => [`${r.table_name}.${r.column_name}`, r.kind]),
    );

    const statements: string[] = [];
    const newColumns: { table: string; column: ColumnSpec }[] = [];
    const renamed: { table: string; from: string; to: string }[] = [];
    for (const t of desired) {
      const have = existingColumns.get(t.name);
      if (have) {
        for (const r of columnRenames(t, have)) {
          statements.push(
            `ALTER TABLE ${d.quoteIdent(t.name)} RENAME COLUMN ${d.quoteIdent(r.from)} TO ${d.quoteIdent(r.to)}`,
          );
          have.delete(r.from);
          have.add(r.to);
          renamed.push({ table: t.name, ...r });
        }
        // Indexes ledgerq named (ix_/ux_) that the table no longer wants, such as those of a renamed column.
        const wanted = new Set(t.indexes.map((ix) => ix.name));
        for (const r of indexRows) {
          if (r.table_name !== t.name || wanted.has(r.index_name) || !/^(ix|ux)_/.test(r.index_name)) continue;
          statements.push(`DROP INDEX ${d.quoteIdent(r.index_name)}`);
          existingIndexes.delete(r.index_name);
        }
      }
      if (!have) {
        statements.push(createTableDdl(d, t));
        newColumns.push(...t.columns.map((c) => ({ table: t.name, column: c })));
      } else {
        for (const c of t.columns) {
          const recorded = recordedKinds.get(`${t.name}.${c.name}`);
          if (recorded && recorded !== c.kind) {
            throw new LedgerqError(
              'store.schema-conflict',
              `column ${t.name}.${c.name} is stored as ${recorded} but is now declared as ${c.kind}; changing a field's type is not supported`,
            );
          }
          if (!have.has(c.name)) {
            statements.push(`ALTER TABLE ${d.quoteIdent(t.name)} ADD COLUMN ${columnDdl(d, { ...c, notNull: false })}`);
            newColumns.push({ table: t.name, column: c });
          }
        }
      }
      for (const ix of t.indexes) {
        if (existingIndexes.has(ix.name)) continue;
        if (ix.unique && have && ix.columns.every((c) => have.has(c))) {
          // The check runs before this run's renames are applied: it reads the columns by their names as they are now.
          const now = (c: string) => renamed.find((r) => r.table === t.name && r.to === c)?.from ?? c;
          await refuseDuplicates(tx, t.name, { ...ix, columns: ix.columns.map(now) });
        }
        statements.push(createIndexDdl(d, t.name, ix));
      }
    }
    if (statements.length === 0) return { version: null, statements };

    for (const s of statements) await tx.execScript(s);
    for (const r of renamed) {
      await tx.run(
        sql`UPDATE lq_column SET column_name = ${p(r.to)} WHERE table_name = ${p(r.table)} AND column_name = ${p(r.from)}`,
      );
    }
    for (const { table, column } of newColumns) {
      await tx.run(
        sql`INSERT INTO lq_column (table_name, column_name, kind) VALUES (${p(table)}, ${p(column.name)}, ${p(column.kind)})`,
      );
    }
    const [{ v }] = (await tx.all<{ v: number | null }>(sql`SELECT MAX(version) AS v FROM lq_migration`)) as [
      { v: number | null },
    ];
    const version = (v ?? 0) + 1;
    const text = statements.join(';\n');
    const created = statements.filter((s) => s.startsWith('CREATE TABLE')).length;
    const added = statements.filter((s) => / ADD COLUMN /.test(s)).length;
    const name =
      [
        created && `create ${created} tables`,
        renamed.length && `rename ${renamed.length} columns`,
        added && `add ${added} columns`,
      ]
        .filter(Boolean)
        .join(', ') || 'change indexes';
    await tx.run(sql`INSERT INTO lq_migration (version, name, checksum, statements, applied_at)
      VALUES (${p(version)}, ${p(name)}, ${p(createHash('sha256').update(text).digest('hex'))}, ${p(text)}, ${p(`${new Date().toISOString().slice(0, 19)}Z`)})`);
    return { version, statements };
  });
}

/**
 * Columns of an existing table to rename: a wanted column missing from the table whose former name is there (and is
 * not itself a wanted column of the table, as lq_company's company_id is while its old id becomes company_key).
 */
function columnRenames(t: TableSpec, have: ReadonlySet<string>): { from: string; to: string }[] {
  const wanted = new Set(t.columns.map((c) => c.name));
  const out: { from: string; to: string }[] = [];
  for (const c of t.columns) {
    if (have.has(c.name)) continue;
    const from = c.formerNames?.find((n) => have.has(n) && !wanted.has(n));
    if (from) out.push({ from, to: c.name });
  }
  return out;
}

/** A unique index added to a table that already has rows: name the duplicates rather than fail on the database's own message. */
async function refuseDuplicates(tx: Database, table: string, ix: IndexSpec): Promise<void> {
  const dups = await tx.all<
    Record<string, unknown>
  >(sql`SELECT ${identList(ix.columns)}, COUNT(*) AS n FROM ${ident(table)}
    WHERE ${join(
      ix.columns.map((c) => sql`${ident(c)} IS NOT NULL`),
      ' AND ',
    )} GROUP BY ${identList(ix.columns)} HAVING COUNT(*) > 1 LIMIT 5`);
  if (dups.length === 0) return;
  const sample = dups.map((r) => ix.columns.map((c) => String(r[c])).join('/')).join(', ');
  throw new LedgerqError(
    'store.schema-conflict',
    `table ${table} holds duplicate values of (${ix.columns.join(', ')}), which must be unique (for example ${sample}); rename or remove the duplicates, then start again`,
  );
}

export async function appliedMigrations(db: Database): Promise<AppliedMigration[]> {
  return db.all<AppliedMigration>(sql`SELECT version, name, checksum FROM lq_migration ORDER BY version`);
}
