// readMore's stored cursors are bookkeeping rows of one company: every statement on them names the company as well as
// the resultId (non-negotiable: every table in every statement is scoped to the caller's company), so a cursor handed
// another company's key changes nothing. Not protocol behaviour: a property of the store.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  advanceCursor,
  createCursor,
  exhaustCursor,
  findCursor,
  RESULT_CURSOR_TABLES,
} from '../../src/protocols/xml/result-cursors.ts';
import { createTableDdl } from '../../src/store/migrate.ts';
import { BACKENDS, createTestDatabase, type TestDatabase } from '../support/databases.ts';

const CURSOR = {
  owner: 'session-a',
  companyKey: 1,
  object: 'VENDOR',
  request: '<readByQuery/>',
  keyHigh: '100',
  lastKey: '10',
  total: 100,
  returned: 10,
  pageSize: 10,
};

describe.each(BACKENDS)('result cursors on %s', (backend) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(backend);
    for (const spec of RESULT_CURSOR_TABLES) await t.db.execScript(createTableDdl(t.db.dialect, spec));
  });
  afterAll(async () => t?.drop());

  it("advances and uses up a cursor only under its own company's key", async () => {
    const db = t.db;
    const resultId = await createCursor(db, CURSOR);
    const mine = (await findCursor(db, resultId, CURSOR.owner, CURSOR.companyKey))!;
    expect(mine.returned).toBe(10);
    // The same resultId with another company's key: nothing moves.
    expect(await advanceCursor(db, { ...mine, companyKey: 2 }, '20', 20)).toBe(false);
    await exhaustCursor(db, { resultId, companyKey: 2 });
    expect((await findCursor(db, resultId, CURSOR.owner, CURSOR.companyKey))?.returned).toBe(10);
    // Under its own key it advances, then is used up.
    expect(await advanceCursor(db, mine, '20', 20)).toBe(true);
    expect((await findCursor(db, resultId, CURSOR.owner, CURSOR.companyKey))?.returned).toBe(20);
    await exhaustCursor(db, { resultId, companyKey: CURSOR.companyKey });
    expect(await findCursor(db, resultId, CURSOR.owner, CURSOR.companyKey)).toBeUndefined();
  });
});
