// Fresh migrations of the whole catalog side by side, two migrators of one database, and a migration interrupted
// between its transactions, on both databases. PostgreSQL's shared lock table holds max_locks_per_transaction ×
// (max_connections + max_prepared_transactions) entries for the whole server (64 × 100 by default), and a fresh
// catalog in one transaction took about 2,500: the migrator now applies it in transactions of bounded size
// (src/store/migrate.ts).

import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { desiredSchema, migrateSchema } from '../../src/app/schema.ts';
import { buildCatalog } from '../../src/catalog/catalog.ts';
import type { Database } from '../../src/store/database.ts';
import { appliedMigrations } from '../../src/store/migrate.ts';
import { sql } from '../../src/store/sql.ts';
import { BACKENDS, createTestDatabase, type TestDatabase } from '../support/databases.ts';

const BIN = fileURLToPath(new URL('../../bin/ledgerq.mjs', import.meta.url));

/** `table.column` of every column, and `index name` of every index, in the database. */
async function schemaDump(db: Database): Promise<Set<string>> {
  const cols = await db.all<{ table_name: string; column_name: string }>(db.dialect.listColumns());
  const ixs = await db.all<{ index_name: string }>(db.dialect.listIndexes());
  return new Set([...cols.map((c) => `${c.table_name}.${c.column_name}`), ...ixs.map((i) => `index ${i.index_name}`)]);
}

/** `ledgerq migrate` in a process of its own; resolves with what it printed. */
function migrateCommand(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'migrate', '--db', url], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`ledgerq migrate exited ${code}: ${out}`)),
    );
  });
}

describe.each(BACKENDS)('migrations on %s', (backend) => {
  const made: TestDatabase[] = [];
  afterEach(async () => {
    await Promise.all(made.splice(0).map((t) => t.drop()));
  });

  it('six fresh databases migrate the whole catalog at the same time, each recording one version', async () => {
    const catalog = buildCatalog();
    made.push(...(await Promise.all(Array.from({ length: 6 }, () => createTestDatabase(backend)))));
    const results = await Promise.all(made.map((t) => migrateSchema(t.db, catalog)));
    expect(results.map((r) => r.version)).toEqual([1, 1, 1, 1, 1, 1]);
    const tables = new Set(desiredSchema(catalog).map((t) => t.name));
    for (const t of made) {
      const cols = await t.db.all<{ table_name: string }>(t.db.dialect.listColumns());
      expect(new Set(cols.map((c) => c.table_name).filter((n) => tables.has(n))).size).toBe(tables.size);
      expect((await appliedMigrations(t.db)).map((m) => m.version)).toEqual([1]);
    }
  });

  it('two processes migrating one new database at once: one applies the version, the other finds it applied', async () => {
    const t = await createTestDatabase(backend);
    made.push(t);
    const outputs = await Promise.all([migrateCommand(t.url), migrateCommand(t.url)]);
    expect(outputs.filter((o) => /applied version 1 \(\d+ statements\)/.test(o))).toHaveLength(1);
    expect(outputs.filter((o) => /schema is up to date/.test(o))).toHaveLength(1);
    expect((await appliedMigrations(t.db)).map((m) => m.version)).toEqual([1]);
  });

  it('a migration that stops after some of its transactions leaves bookkeeping true to the schema, and the next run completes it', async () => {
    const t = await createTestDatabase(backend);
    made.push(t);
    const catalog = buildCatalog();
    const schema = desiredSchema(catalog);
    const last = schema.at(-1)!.name;
    // A real failure late in the run: an index already holds the name of the last table to create (both databases
    // keep tables and indexes in one namespace).
    await t.db.execScript('CREATE TABLE lq_test_blocker (x INTEGER)');
    await t.db.execScript(`CREATE INDEX "${last}" ON lq_test_blocker (x)`);
    await expect(migrateSchema(t.db, catalog)).rejects.toThrow(/already/);

    const wanted = new Set(schema.flatMap((s) => s.columns.map((c) => `${s.name}.${c.name}`)));
    const present = [...(await schemaDump(t.db))].filter((x) => wanted.has(x)).sort();
    if (backend === 'sqlite') {
      // SQLite applies a migration in one transaction: nothing of the run remains, its bookkeeping tables included.
      expect(present).toEqual([]);
    } else {
      // PostgreSQL committed the transactions before the failing one, and recorded no version.
      expect(present.length).toBeGreaterThan(0);
      expect(await appliedMigrations(t.db)).toEqual([]);
      // lq_column names exactly the columns that exist: each was recorded in the transaction that created it.
      const recorded = await t.db.all<{ table_name: string; column_name: string }>(
        sql`SELECT table_name, column_name FROM lq_column`,
      );
      expect(recorded.map((r) => `${r.table_name}.${r.column_name}`).sort()).toEqual(present);
    }

    await t.db.execScript(`DROP INDEX "${last}"`);
    const done = await migrateSchema(t.db, catalog);
    expect(done.version).toBe(1);
    const dump = await schemaDump(t.db);
    for (const s of schema) {
      for (const c of s.columns) expect(dump).toContain(`${s.name}.${c.name}`);
      for (const ix of s.indexes) expect(dump).toContain(`index ${ix.name}`);
    }
    const kinds = await t.db.all<{ table_name: string; column_name: string; kind: string }>(
      sql`SELECT table_name, column_name, kind FROM lq_column`,
    );
    expect(kinds.map((k) => `${k.table_name}.${k.column_name} ${k.kind}`).sort()).toEqual(
      schema.flatMap((s) => s.columns.map((c) => `${s.name}.${c.name} ${c.kind}`)).sort(),
    );
    expect((await migrateSchema(t.db, catalog)).version).toBeNull();
    expect((await appliedMigrations(t.db)).map((m) => m.version)).toEqual([1]);
  });

  // The lock table is PostgreSQL's; SQLite has none to watch (its migration is one transaction, asserted above).
  it.skipIf(backend === 'sqlite')(
    'no transaction of a fresh migration holds more locks than its budget, as another connection sees them',
    async () => {
      const t = await createTestDatabase(backend);
      made.push(t);
      const watcher = new pg.Client({ connectionString: t.url });
      await watcher.connect();
      try {
        let done = false;
        const migrated = migrateSchema(t.db, buildCatalog()).finally(() => {
          done = true;
        });
        let peak = 0;
        while (!done) {
          // One entry in the lock table per locked object, whatever its modes (pg_locks shows a row per mode).
          const r = await watcher.query<{ n: number }>(`SELECT COALESCE(MAX(n), 0)::int AS n FROM (
            SELECT pid, COUNT(DISTINCT (locktype, database, relation, classid, objid, objsubid, transactionid::text, virtualxid)) AS n
            FROM pg_locks WHERE pid IN (SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid())
            GROUP BY pid) l`);
          peak = Math.max(peak, r.rows[0]!.n);
        }
        expect((await migrated).version).toBe(1);
        expect(peak).toBeGreaterThan(100);
        expect(peak).toBeLessThanOrEqual(t.db.dialect.migrationLockBudget);
      } finally {
        await watcher.end();
      }
    },
  );
});
