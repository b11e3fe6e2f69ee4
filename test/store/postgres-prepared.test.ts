// PostgreSQL runs a repeated statement shape as a named prepared statement (parsed and planned once per connection),
// and leaves one-offs, DDL and table-shaped results (SELECT *) unnamed. Not protocol behaviour: a property of the store.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresDatabase, queryConfig } from '../../src/store/postgres.ts';
import { p, sql } from '../../src/store/sql.ts';
import { BACKENDS, testDatabaseUrl } from '../support/databases.ts';

describe('statement naming', () => {
  it('names a repeated SELECT with the same name, and not DDL, scripts, long texts or SELECT *', () => {
    const a = queryConfig('SELECT x FROM t WHERE id = $1', [1]);
    const b = queryConfig('SELECT x FROM t WHERE id = $1', [2]);
    expect(a.name).toMatch(/^lq_\d+$/);
    expect(b.name).toBe(a.name);
    expect(b.values).toEqual([2]);
    expect(queryConfig('SELECT y FROM t WHERE id = $1', [1]).name).not.toBe(a.name);
    expect(queryConfig('CREATE TABLE t (x INTEGER)', []).name).toBeUndefined();
    expect(queryConfig('SELECT * FROM t', []).name).toBeUndefined();
    expect(queryConfig('INSERT INTO t SELECT r.* FROM r', []).name).toBeUndefined();
    expect(queryConfig(`SELECT ${'1, '.repeat(10_000)}1`, []).name).toBeUndefined();
  });
});

describe.runIf(BACKENDS.includes('postgres'))('prepared statements on PostgreSQL', () => {
  let db: PostgresDatabase;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    const t = testDatabaseUrl('postgres');
    cleanup = t.cleanup;
    const { ensurePostgresDatabase } = await import('../../src/store/postgres.ts');
    await ensurePostgresDatabase(t.url);
    db = PostgresDatabase.open(t.url, 1);
  });
  afterAll(async () => {
    await db?.close();
    await cleanup?.();
  });

  it('prepares a repeated statement once on its connection and keeps answering after the table changes', async () => {
    await db.execScript('CREATE TABLE prep_t (id INTEGER PRIMARY KEY, name TEXT)');
    await db.run(sql`INSERT INTO prep_t (id, name) VALUES (${p(1)}, ${p('a')})`);
    await db.run(sql`INSERT INTO prep_t (id, name) VALUES (${p(2)}, ${p('b')})`);
    const read = (id: number) => db.all<{ name: string }>(sql`SELECT name FROM prep_t WHERE id = ${p(id)}`);
    expect(await read(1)).toEqual([{ name: 'a' }]);
    expect(await read(2)).toEqual([{ name: 'b' }]);
    const prepared = await db.all<{ statement: string }>(sql`SELECT statement FROM pg_prepared_statements`);
    expect(prepared.filter((r) => r.statement.startsWith('SELECT name FROM prep_t'))).toHaveLength(1);
    // A migration's new column re-plans the statement; its result (one named column) is unchanged.
    await db.execScript('ALTER TABLE prep_t ADD COLUMN extra TEXT');
    expect(await read(2)).toEqual([{ name: 'b' }]);
    expect(await db.all(sql`SELECT * FROM prep_t WHERE id = ${p(1)}`)).toEqual([{ id: 1, name: 'a', extra: null }]);
  });
});
