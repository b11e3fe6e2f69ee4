// Holds journal entries captured after their responses went out, and writes them in batches: one transaction every ~200 ms, on close, before a read.

import type { Database } from '../store/database.ts';
import { appendJournalBatch, type NewJournalEntry } from './journal-store.ts';

export const JOURNAL_FLUSH_MS = 200;

/** An entry not prepared yet: redaction, truncation and the company lookup run at flush time, off the request path. */
export type PendingEntry = () => Promise<NewJournalEntry | null>;

/** One process's unwritten entries for one database. */
class JournalBuffer {
  private pending: { entry: PendingEntry; keep: number }[] = [];
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();
  users = 0;

  constructor(private readonly db: Database, private readonly onError: (err: unknown) => void) {}

  push(entry: PendingEntry, keep: number): void {
    this.pending.push({ entry, keep });
    if (!this.timer) {
      this.timer = setTimeout(() => { this.timer = null; this.flush().catch(this.onError); }, JOURNAL_FLUSH_MS);
      this.timer.unref();
    }
  }

  /** Flushes run one after another, so a read after `flush()` sees every entry captured before it. */
  flush(): Promise<void> {
    const run = this.flushing.catch(() => {}).then(() => this.write());
    this.flushing = run;
    return run;
  }

  private async write(): Promise<void> {
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

  stopTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}

const buffers = new WeakMap<Database, JournalBuffer>();

/** Buffers the journal of `db` in this process until the returned close function runs (it writes what is left). */
export function openJournalBuffer(db: Database, onError: (err: unknown) => void = () => {}): { push: JournalBuffer['push']; close(): Promise<void> } {
  let buffer = buffers.get(db);
  if (!buffer) {
    buffer = new JournalBuffer(db, onError);
    buffers.set(db, buffer);
  }
  buffer.users++;
  const b = buffer;
  let closed = false;
  return {
    push: (entry, keep) => b.push(entry, keep),
    async close() {
      if (closed) return;
      closed = true;
      if (--b.users === 0) {
        b.stopTimer();
        buffers.delete(db);
      }
      await b.flush();
    },
  };
}

/** Writes this process's pending entries of `db`, before the journal is read or cleared. */
export async function flushJournal(db: Database): Promise<void> {
  await buffers.get(db)?.flush();
}
