// Holds journal entries captured after their responses went out, and writes them in batches: one transaction every ~200
// ms, on close, before a read.

import type { Database } from '../store/database.ts';
import { appendJournalBatch, type NewJournalEntry } from './journal-store.ts';
import { flushSiblings, shareBuffer, WriteBehindBuffer } from './write-behind.ts';

export const JOURNAL_FLUSH_MS = 200;

/** An entry not prepared yet: redaction, truncation and the company lookup run at flush time, off the request path. */
export type PendingEntry = () => Promise<NewJournalEntry | null>;

/** One process's unwritten entries for one database. */
class JournalBuffer extends WriteBehindBuffer {
  private pending: { entry: PendingEntry; keep: number }[] = [];

  constructor(
    private readonly db: Database,
    onError: (err: unknown) => void,
  ) {
    super(JOURNAL_FLUSH_MS, onError);
  }

  push(entry: PendingEntry, keep: number): void {
    this.pending.push({ entry, keep });
    this.schedule();
  }

  protected override async write(): Promise<void> {
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    const ready: { entry: NewJournalEntry; keep: number }[] = [];
    for (const { entry, keep } of batch) {
      try {
        const e = await entry();
        if (e) ready.push({ entry: e, keep });
      } catch (err) {
        // One entry that cannot be prepared does not cost the others theirs.
        this.onError(err);
      }
    }
    // The journal never retries: an entry lost to a database error is logged, like a failed write was before.
    if (ready.length > 0) await appendJournalBatch(this.db, ready);
  }
}

const buffers = new WeakMap<Database, JournalBuffer>();

/** Buffers the journal of `db` in this process until the returned close function runs (it writes what is left). */
export function openJournalBuffer(
  db: Database,
  onError: (err: unknown) => void = () => {},
): { push: JournalBuffer['push']; close(): Promise<void> } {
  const { buffer, close } = shareBuffer(buffers, db, () => new JournalBuffer(db, onError));
  return { push: (entry, keep) => buffer.push(entry, keep), close };
}

/** Writes the pending entries of `db`, this process's and its siblings', before the journal is read or cleared. */
export async function flushJournal(db: Database): Promise<void> {
  await flushSiblings();
  await flushOwnJournal(db);
}

/** Writes this process's pending entries of `db`. */
export async function flushOwnJournal(db: Database): Promise<void> {
  await buffers.get(db)?.flush();
}
