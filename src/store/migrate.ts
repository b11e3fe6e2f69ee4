// Brings a database to the desired schema: each run diffs it against the database and records what it applied as a new
// version.
//
// One migrator at a time: a run holds the migration lock (Database.migrationSession: a session advisory lock on
// PostgreSQL, BEGIN IMMEDIATE on SQLite) from its diff to its last commit, so a second opener waits, then finds nothing
// to do. The plan is made once, then applied in transactions of at most the dialect's migrationLockBudget locks: on
// PostgreSQL every object a transaction creates or alters takes an entry of the server's shared lock table
// (max_locks_per_transaction × max_connections, 6,400 by default), and a fresh catalog in one transaction took about
// 2,700 of them, so three fresh databases migrating at once failed with "out of shared memory". Users run stock
// PostgreSQL, so the migrator stays under the default instead of asking for a larger table. SQLite has no such table
// and applies every run in one transaction, as before.
//
// A run stopped between transactions (a failed statement, a lost connection, a killed process) leaves a usable
// database: each table, column and index is whole, lq_column records each column in the transaction that created it,
// and no version is recorded. The next run diffs again, applies what is missing, and records the version with the
// statements it applied, so the interrupted run's applied part is in the schema and in lq_column but in no version.

import { createHash } from 'node:crypto';
import { LedgerqError } from '../errors.ts';
import type { Database } from './database.ts';
import type { Dialect } from './dialect.ts';
import { ident, identList, join, p, type Sql, sql } from './sql.ts';
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

/**
 * One statement of a migration, with the bookkeeping rows that must commit with it (so lq_column always describes the
 * columns that exist, whichever transaction a run stopped after) and the relation locks it adds to its transaction.
 */
interface Step {
  readonly ddl: string;
  /** The table it creates or changes: locked once per transaction however many steps touch it. */
  readonly table: string;
  /**
   * Other objects it locks, counted as PostgreSQL's lock table does (one entry per object, whatever its modes): the
   * indexes, TOAST table and its index, sequences it creates or drops, and a new table's row type and key constraint.
   */
  readonly objects: number;
  readonly bookkeeping: readonly Sql[];
}

interface Plan {
  readonly steps: readonly Step[];
  readonly name: string;
}

/** Locks a migration transaction takes besides its steps': the bookkeeping tables, its transaction ID, the advisory lock. */
const TRANSACTION_LOCKS = 10;
/** What the first transaction adds by reading the schema to plan (about 45 catalog relations and views on PostgreSQL 15). */
const PLAN_LOCKS = 60;

export async function migrate(db: Database, desired: readonly TableSpec[]): Promise<MigrationResult> {
  const d = db.dialect;
  return db.migrationSession(async (session) => {
    // The plan is made once, under the lock; each transaction after the first applies the next batch of it.
    const first = await session.transaction(async (tx) => {
      for (const t of BOOKKEEPING) await tx.execScript(createTableDdl(d, t, true));
      const plan = await planMigration(tx, desired);
      if (plan.steps.length === 0) return null;
      const [head, ...rest] = batches(plan.steps, d.migrationLockBudget) as [Step[], ...Step[][]];
      await apply(tx, head);
      return { plan, rest, version: rest.length === 0 ? await record(tx, plan) : null };
    });
    if (first === null) return { version: null, statements: [] };
    let version = first.version;
    for (const [i, batch] of first.rest.entries()) {
      const last = i === first.rest.length - 1;
      version = await session.transaction(async (tx) => {
        await apply(tx, batch);
        return last ? record(tx, first.plan) : null;
      });
    }
    return { version, statements: first.plan.steps.map((st) => st.ddl) };
  });
}

/** What the desired schema needs of the database as it is; refuses a changed column type or a unique index's duplicates. */
async function planMigration(tx: Database, desired: readonly TableSpec[]): Promise<Plan> {
  const d = tx.dialect;
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

  const steps: Step[] = [];
  const recordColumn = (table: string, c: ColumnSpec) =>
    sql`INSERT INTO lq_column (table_name, column_name, kind) VALUES (${p(table)}, ${p(c.name)}, ${p(c.kind)})`;
  const renamed: { table: string; from: string; to: string }[] = [];
  let created = 0;
  let added = 0;
  for (const t of desired) {
    const table = t.name;
    const have = existingColumns.get(table);
    if (have) {
      for (const r of columnRenames(t, have)) {
        steps.push({
          ddl: `ALTER TABLE ${d.quoteIdent(table)} RENAME COLUMN ${d.quoteIdent(r.from)} TO ${d.quoteIdent(r.to)}`,
          table,
          objects: 0,
          bookkeeping: [
            sql`UPDATE lq_column SET column_name = ${p(r.to)} WHERE table_name = ${p(table)} AND column_name = ${p(r.from)}`,
          ],
        });
        have.delete(r.from);
        have.add(r.to);
        renamed.push({ table, ...r });
      }
      // Indexes ledgerq named (ix_/ux_) that the table no longer wants, such as those of a renamed column.
      const wanted = new Set(t.indexes.map((ix) => ix.name));
      for (const r of indexRows) {
        if (r.table_name !== table || wanted.has(r.index_name) || !/^(ix|ux)_/.test(r.index_name)) continue;
        steps.push({ ddl: `DROP INDEX ${d.quoteIdent(r.index_name)}`, table, objects: 1, bookkeeping: [] });
        existingIndexes.delete(r.index_name);
      }
    }
    if (!have) {
      created++;
      const serials = t.columns.filter((c) => c.kind === 'serial').length;
      steps.push({
        ddl: createTableDdl(d, t),
        table,
        objects: 1 + (t.primaryKey.length || serials ? 2 : 0) + serials + (t.columns.some(toasted) ? 2 : 0),
        bookkeeping: t.columns.map((c) => recordColumn(table, c)),
      });
    } else {
      for (const c of t.columns) {
        const recorded = recordedKinds.get(`${table}.${c.name}`);
        if (recorded && recorded !== c.kind) {
          throw new LedgerqError(
            'store.schema-conflict',
            `column ${table}.${c.name} is stored as ${recorded} but is now declared as ${c.kind}; changing a field's type is not supported`,
          );
        }
        if (!have.has(c.name)) {
          added++;
          steps.push({
            ddl: `ALTER TABLE ${d.quoteIdent(table)} ADD COLUMN ${columnDdl(d, { ...c, notNull: false })}`,
            table,
            objects: toasted(c) ? 2 : 0,
            bookkeeping: [recordColumn(table, c)],
          });
        }
      }
    }
    for (const ix of t.indexes) {
      if (existingIndexes.has(ix.name)) continue;
      if (ix.unique && have && ix.columns.every((c) => have.has(c))) {
        // The check runs before this run's renames are applied: it reads the columns by their names as they are now.
        const now = (c: string) => renamed.find((r) => r.table === table && r.to === c)?.from ?? c;
        await refuseDuplicates(tx, table, { ...ix, columns: ix.columns.map(now) });
      }
      steps.push({ ddl: createIndexDdl(d, table, ix), table, objects: 1, bookkeeping: [] });
    }
  }
  const name =
    [
      created && `create ${created} tables`,
      renamed.length && `rename ${renamed.length} columns`,
      added && `add ${added} columns`,
    ]
      .filter(Boolean)
      .join(', ') || 'change indexes';
  return { steps, name };
}

/** A variable-length column: the first one gives a PostgreSQL table a TOAST table and its index. */
const toasted = (c: ColumnSpec) => c.kind === 'text';

/**
 * The steps in order, cut into transactions of at most `budget` locks each (a larger step stands alone); the first
 * transaction also holds what planning read.
 */
function batches(steps: readonly Step[], budget: number): Step[][] {
  const out: Step[][] = [];
  let batch: Step[] = [];
  let tables = new Set<string>();
  let locks = TRANSACTION_LOCKS + PLAN_LOCKS;
  for (const st of steps) {
    const adds = st.objects + (tables.has(st.table) ? 0 : 1);
    if (batch.length > 0 && locks + adds > budget) {
      out.push(batch);
      batch = [];
      tables = new Set();
      locks = TRANSACTION_LOCKS;
    }
    locks += adds;
    tables.add(st.table);
    batch.push(st);
  }
  if (batch.length > 0) out.push(batch);
  return out;
}

async function apply(tx: Database, batch: readonly Step[]): Promise<void> {
  for (const st of batch) {
    await tx.execScript(st.ddl);
    for (const q of st.bookkeeping) await tx.run(q);
  }
}

/**
 * Records the run as the next version, in its last transaction: the statements it planned (a run that completes an
 * interrupted one plans, and so records, only what the interrupted one left undone).
 */
async function record(tx: Database, plan: Plan): Promise<number> {
  const [{ v }] = (await tx.all<{ v: number | null }>(sql`SELECT MAX(version) AS v FROM lq_migration`)) as [
    { v: number | null },
  ];
  const version = (v ?? 0) + 1;
  const text = plan.steps.map((st) => st.ddl).join(';\n');
  await tx.run(sql`INSERT INTO lq_migration (version, name, checksum, statements, applied_at)
    VALUES (${p(version)}, ${p(plan.name)}, ${p(createHash('sha256').update(text).digest('hex'))}, ${p(text)}, ${p(`${new Date().toISOString().slice(0, 19)}Z`)})`);
  return version;
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
