// The library API's checkpoint (src/store/checkpoint.ts): after any mix of inserts, updates (a key changed too) and
// deletes, restore() brings every logged table back row for row, and serial ids start again where the checkpoint had
// them; tables outside the checkpoint keep their changes. On SQLite in memory and on PostgreSQL.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Checkpoint, createCheckpoint } from '../src/store/checkpoint.ts';
import type { Database } from '../src/store/database.ts';
import { migrate } from '../src/store/migrate.ts';
import { openDatabase } from '../src/store/open.ts';
import { ident, p, sql } from '../src/store/sql.ts';
import type { TableSpec } from '../src/store/table-spec.ts';
import { BACKENDS, createTestDatabase } from './support/databases.ts';

const TABLES: readonly TableSpec[] = [
  {
    name: 't_item',
    scope: 'company',
    columns: [
      { name: 'company_key', kind: 'integer', notNull: true },
      { name: 'item_id', kind: 'text', notNull: true },
      { name: 'qty', kind: 'bigint', notNull: false },
      { name: 'active', kind: 'boolean', notNull: true },
      { name: 'due', kind: 'date', notNull: false },
    ],
    primaryKey: ['company_key', 'item_id'],
    indexes: [{ name: 'ix_t_item_qty', columns: ['qty'], unique: false }],
  },
  {
    name: 't_event',
    scope: 'server',
    columns: [
      { name: 'id', kind: 'serial', notNull: true },
      { name: 'note', kind: 'text', notNull: true },
    ],
    primaryKey: [],
    indexes: [],
  },
  {
    name: 't_outside',
    scope: 'server',
    columns: [{ name: 'k', kind: 'text', notNull: true }],
    primaryKey: ['k'],
    indexes: [],
  },
];

const dump = async (db: Database, table: string, key: string) =>
  db.all(sql`SELECT * FROM ${ident(table)} ORDER BY ${ident(key)}`);

async function insertEvent(db: Database, note: string): Promise<number> {
  await db.run(sql`INSERT INTO t_event (note) VALUES (${p(note)})`);
  const [row] = await db.all<{ id: number }>(sql`SELECT max(id) AS id FROM t_event`);
  return Number(row!.id);
}

for (const backend of BACKENDS) {
  describe(`checkpoint restore (${backend})`, () => {
    let db: Database;
    let drop: () => Promise<void>;
    let checkpoint: Checkpoint;
    let before: { items: unknown[]; events: unknown[] };

    beforeAll(async () => {
      if (backend === 'sqlite') {
        db = await openDatabase('sqlite::memory:');
        drop = () => db.close();
      } else {
        const t = await createTestDatabase(backend);
        db = t.db;
        drop = t.drop;
      }
      await migrate(db, TABLES);
      for (let i = 1; i <= 20; i++)
        await db.run(
          sql`INSERT INTO t_item (company_key, item_id, qty, active, due)
            VALUES (${p(i % 2)}, ${p(`I${i}`)}, ${p(i * 10)}, ${p(i % 3 === 0)}, ${p(i % 4 ? null : `2026-01-0${i % 9}`)})`,
        );
      for (let i = 1; i <= 3; i++) await insertEvent(db, `seeded ${i}`);
      checkpoint = await createCheckpoint(db, ['t_item', 't_event']);
      before = { items: await dump(db, 't_item', 'item_id'), events: await dump(db, 't_event', 'id') };
    });
    afterAll(async () => {
      await checkpoint?.release();
      await drop?.();
    });

    it('undoes inserts, updates, key changes and deletes, however often a row changed', async () => {
      await db.run(sql`UPDATE t_item SET qty = qty + 1 WHERE company_key = 1`);
      await db.run(sql`UPDATE t_item SET qty = NULL, active = ${p(true)} WHERE item_id = ${p('I2')}`);
      await db.run(sql`UPDATE t_item SET item_id = ${p('I3-renamed')} WHERE item_id = ${p('I3')}`);
      await db.run(sql`DELETE FROM t_item WHERE item_id IN (${p('I4')}, ${p('I5')})`);
      await db.run(sql`INSERT INTO t_item (company_key, item_id, qty, active) VALUES (1, ${p('I5')}, 5, ${p(false)})`);
      await db.run(sql`INSERT INTO t_item (company_key, item_id, qty, active) VALUES (0, ${p('NEW')}, 1, ${p(true)})`);
      await db.run(sql`INSERT INTO t_item (company_key, item_id, qty, active) VALUES (0, ${p('GONE')}, 1, ${p(true)})`);
      await db.run(sql`DELETE FROM t_item WHERE item_id = ${p('GONE')}`);
      await db.run(sql`DELETE FROM t_event WHERE id = 2`);
      await db.run(sql`UPDATE t_event SET note = ${p('changed')} WHERE id = 1`);
      expect(await dump(db, 't_item', 'item_id')).not.toEqual(before.items);

      await checkpoint.restore();
      expect(await dump(db, 't_item', 'item_id')).toEqual(before.items);
      expect(await dump(db, 't_event', 'id')).toEqual(before.events);
    });

    it('hands out the same serial ids after a restore as right after the checkpoint', async () => {
      const first = await insertEvent(db, 'after checkpoint');
      await insertEvent(db, 'and another');
      await checkpoint.restore();
      expect(await insertEvent(db, 'after restore')).toBe(first);
      await checkpoint.restore();
      expect(await dump(db, 't_event', 'id')).toEqual(before.events);
    });

    it('restores again and again, and leaves tables outside the checkpoint alone', async () => {
      for (let round = 0; round < 3; round++) {
        await db.run(sql`UPDATE t_item SET qty = ${p(round)} WHERE item_id = ${p('I1')}`);
        await db.run(sql`INSERT INTO t_outside (k) VALUES (${p(`kept ${round}`)})`);
        await checkpoint.restore();
        expect(await dump(db, 't_item', 'item_id')).toEqual(before.items);
      }
      await checkpoint.restore();
      expect(await db.all(sql`SELECT k FROM t_outside ORDER BY k`)).toEqual([
        { k: 'kept 0' },
        { k: 'kept 1' },
        { k: 'kept 2' },
      ]);
    });
  });
}
