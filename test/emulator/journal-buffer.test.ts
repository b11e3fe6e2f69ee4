// The journal's write-behind buffer writes only what the journal keeps: of a company's pending entries, those beyond
// the newest `keep` are dropped before the flush, and the journal read afterwards is the one writing every entry and
// trimming would leave. Not protocol behaviour (the journal is ledgerq's own): a property of the emulator's store.

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  flushJournal,
  JOURNAL_FLUSH_MS,
  JOURNAL_PENDING_BYTES,
  openJournalBuffer,
} from '../../src/emulator/journal-buffer.ts';
import {
  appendJournalBatch,
  JOURNAL_TABLES,
  journalCompanyKey,
  type NewJournalEntry,
  readJournal,
} from '../../src/emulator/journal-store.ts';
import type { Database } from '../../src/store/database.ts';
import { createTableDdl } from '../../src/store/migrate.ts';
import { sql } from '../../src/store/sql.ts';
import { BACKENDS, createTestDatabase, type TestDatabase } from '../support/databases.ts';

function entry(company: string, n: number): NewJournalEntry {
  return {
    company,
    atMs: 1_700_000_000_000 + n,
    durationMs: 1,
    method: 'POST',
    url: '/ia/xml/xmlgw.phtml',
    operation: 'xml:query',
    request: { headers: {}, body: `<request n="${n}"/>` },
    response: { status: 200, headers: {}, body: `<response n="${n}"/>` },
    fault: null,
  };
}

/** What the journal holds for a company: its entries' request bodies, oldest first. */
async function bodies(db: Database, company: string): Promise<string[]> {
  return (await readJournal(db, company, 100_000)).map((e) => e.request.body);
}

describe.each(BACKENDS)('journal buffer on %s', (backend) => {
  let db: Database;
  let reference: Database;
  const made: TestDatabase[] = [];
  beforeAll(async () => {
    for (let i = 0; i < 2; i++) {
      const t = await createTestDatabase(backend);
      made.push(t);
      for (const spec of JOURNAL_TABLES) await t.db.execScript(createTableDdl(t.db.dialect, spec));
    }
    [db, reference] = made.map((t) => t.db) as [Database, Database];
  });
  afterAll(async () => {
    for (const t of made) await t.drop();
  });

  it('keeps what writing every entry and trimming keeps, and writes no entry the trim would delete', async () => {
    const keep = 50;
    const buffer = openJournalBuffer(db);
    // A mix: company A far past `keep` (the buffer cuts its queue more than once), company B under it, entries whose
    // company is only known when they are prepared (a token request), and one that belongs to no company.
    const pushed: { entry: NewJournalEntry; keep: number }[] = [];
    let prepared = 0;
    const prepare =
      <T>(value: T) =>
      async () => {
        prepared++;
        return value;
      };
    for (let n = 0; n < 260; n++) {
      const company = n % 5 === 4 ? 'B' : 'A';
      const e = entry(company, n);
      if (n % 37 === 0) {
        buffer.push(prepare(e), keep, null, 40);
        pushed.push({ entry: e, keep });
      } else if (n === 100) {
        buffer.push(prepare(null), keep, null, 40);
      } else {
        buffer.push(prepare(e), keep, journalCompanyKey(company), 40);
        pushed.push({ entry: e, keep });
      }
    }
    await flushJournal(db);
    // The reference: every entry written in one batch, then trimmed.
    await appendJournalBatch(reference, pushed);
    for (const company of ['A', 'B']) expect(await bodies(db, company)).toEqual(await bodies(reference, company));
    expect((await bodies(db, 'A')).length).toBe(keep);
    // Entries dropped before the flush were never prepared: A's known entries beyond the newest 50 (about 150 of 209).
    expect(prepared).toBeLessThan(130);
    const [row] = await db.all<{ n: unknown }>(sql`SELECT COUNT(*) AS n FROM lq_journal`);
    expect(Number(row?.n)).toBe(keep + (await bodies(reference, 'B')).length);
    await buffer.close();
  });

  it('a second flush trims what the first wrote, as one batch would have', async () => {
    const keep = 10;
    const buffer = openJournalBuffer(db);
    const all: { entry: NewJournalEntry; keep: number }[] = [];
    for (let round = 0; round < 2; round++) {
      for (let n = 0; n < 15; n++) {
        const e = entry('C', 1000 + round * 100 + n);
        all.push({ entry: e, keep });
        buffer.push(async () => e, keep, journalCompanyKey('C'), 40);
      }
      await flushJournal(db);
    }
    await appendJournalBatch(reference, all);
    expect(await bodies(db, 'C')).toEqual(await bodies(reference, 'C'));
    expect((await bodies(db, 'C')).map((b) => b.slice(12, 16))).toEqual(
      Array.from({ length: keep }, (_, i) => String(1105 + i)),
    );
    await buffer.close();
  });

  it('writes without waiting for its timer once the pending bodies reach the cap', async () => {
    // The one-second timer cannot fire here: entries reach the database only through the flush the cap starts.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const buffer = openJournalBuffer(db);
    try {
      buffer.push(async () => entry('D', 1), 10, journalCompanyKey('D'), JOURNAL_PENDING_BYTES / 2);
      let rows: string[] = [];
      for (let i = 0; i < 200 && rows.length === 0; i++) {
        await new Promise((resolve) => setImmediate(resolve));
        rows = await bodies(db, 'D');
      }
      expect(rows).toEqual([]);
      buffer.push(async () => entry('D', 2), 10, journalCompanyKey('D'), JOURNAL_PENDING_BYTES / 2);
      for (let i = 0; i < 2000 && rows.length < 2; i++) {
        await new Promise((resolve) => setImmediate(resolve));
        rows = await bodies(db, 'D');
      }
      expect(rows).toEqual(['<request n="1"/>', '<request n="2"/>']);
      // Below the cap, an entry waits for the timer (not fired here until advanced).
      buffer.push(async () => entry('D', 3), 10, journalCompanyKey('D'), 40);
      for (let i = 0; i < 200; i++) await new Promise((resolve) => setImmediate(resolve));
      expect(await bodies(db, 'D')).toHaveLength(2);
      await vi.advanceTimersByTimeAsync(JOURNAL_FLUSH_MS);
      for (let i = 0; i < 2000 && rows.length < 3; i++) {
        await new Promise((resolve) => setImmediate(resolve));
        rows = await bodies(db, 'D');
      }
      expect(rows).toEqual(['<request n="1"/>', '<request n="2"/>', '<request n="3"/>']);
    } finally {
      vi.useRealTimers();
      await buffer.close();
    }
  });
});
