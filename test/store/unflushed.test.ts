// Bookkeeping writes that do not wait for a flush to disk (readMore cursors, store/unflushed.ts): atomic, visible at
// once, and relaxed for their own transaction only. Not protocol behaviour: a property of the store.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/open.ts';
import type { Database } from '../../src/store/database.ts';
import { p, sql } from '../../src/store/sql.ts';
import { runUnflushed } from '../../src/store/unflushed.ts';
import { BACKENDS, testDatabaseUrl } from '../support/databases.ts';

describe.each(BACKENDS)('unflushed writes on %s', (backend) => {
  let db: Database;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    const t = testDatabaseUrl(backend);
    cleanup = t.cleanup;
    db = await openDatabase(t.url);
    await db.execScript('CREATE TABLE unflushed_t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)');
  });
  afterAll(async () => {
    await db?.close();
    await cleanup?.();
  });

  const values = async () =>
    (await db.all<{ id: number | string; v: string }>(sql`SELECT id, v FROM unflushed_t ORDER BY id`)).map((r) => [
      Number(r.id),
      r.v,
    ]);

  it('answers each write its changed rows, and the writes are read at once', async () => {
    const counts = await runUnflushed(db, [
      sql`INSERT INTO unflushed_t (id, v) VALUES (${p(1)}, ${p('a')}), (${p(2)}, ${p('b')})`,
      sql`UPDATE unflushed_t SET v = ${p('c')} WHERE id = ${p(2)}`,
      sql`UPDATE unflushed_t SET v = ${p('d')} WHERE id = ${p(3)}`,
    ]);
    expect(counts).toEqual([2, 1, 0]);
    expect(await values()).toEqual([
      [1, 'a'],
      [2, 'c'],
    ]);
  });

  it('a failing write undoes the writes before it in the same call', async () => {
    await expect(
      runUnflushed(db, [
        sql`UPDATE unflushed_t SET v = ${p('x')} WHERE id = ${p(1)}`,
        sql`INSERT INTO unflushed_t (id, v) VALUES (${p(2)}, ${p('duplicate key')})`,
      ]),
    ).rejects.toThrow();
    expect((await values())[0]).toEqual([1, 'a']);
  });

  it('inside a transaction the writes are the transaction’s own: rolled back with it', async () => {
    await expect(
      db.transaction(async (tx) => {
        expect(tx.runUnflushed).toBeUndefined();
        await runUnflushed(tx, [sql`INSERT INTO unflushed_t (id, v) VALUES (${p(9)}, ${p('rolled back')})`]);
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect((await values()).map(([id]) => id)).not.toContain(9);
  });

  it.runIf(backend === 'postgres')(
    'on PostgreSQL the write commits with synchronous_commit off, and other statements keep it on',
    async () => {
      await runUnflushed(db, [
        sql`INSERT INTO unflushed_t (id, v) VALUES (${p(10)}, current_setting('synchronous_commit'))`,
      ]);
      await db.run(sql`INSERT INTO unflushed_t (id, v) VALUES (${p(11)}, current_setting('synchronous_commit'))`);
      expect((await values()).filter(([id]) => Number(id) >= 10)).toEqual([
        [10, 'off'],
        [11, 'on'],
      ]);
    },
  );
});
