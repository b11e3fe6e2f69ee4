// Holds journal entries captured after their responses went out, and writes them in batches: one transaction about
// 200 ms after new work (sooner once the pending bodies reach JOURNAL_PENDING_BYTES), on close, and before every read
// (this process's and, under `serve --processes N`, its siblings'). Only what the journal keeps is written: of a
// company's pending entries, those beyond the newest `keep` would be trimmed by the same flush, so they are dropped
// (and their bodies let go) as soon as they fall out; a burst of small answers writes at most `keep` entries per company
// per flush. A longer delay (a second was tried) saves little CPU and lets a sibling's older entries take ids after a
// newer one's: the journal's order is its ids', so the delay stays short.

import type { Database } from '../store/database.ts';
import { appendJournalBatch, type NewJournalEntry } from './journal-store.ts';
import { flushSiblings, shareBuffer, WriteBehindBuffer } from './write-behind.ts';

export const JOURNAL_FLUSH_MS = 200;
/** Characters of pending bodies past which the buffer flushes without waiting for its timer (40 MB/s of answers). */
export const JOURNAL_PENDING_BYTES = 8 * 1024 * 1024;
const PREPARE_SLICE = 64;

/** An entry not prepared yet: redaction, truncation and the company lookup run at flush time, off the request path. */
export type PendingEntry = () => Promise<NewJournalEntry | null>;

interface Pending {
  /** null once `keep` newer entries of the same company are pending: the flush's trim would delete it. */
  entry: PendingEntry | null;
  readonly keep: number;
  readonly bytes: number;
}

/** One process's unwritten entries for one database. */
class JournalBuffer extends WriteBehindBuffer {
  private pending: Pending[] = [];
  /** Pending entries of each known company, oldest first (entries whose company is resolved at flush time are not here). */
  private byCompany = new Map<string, Pending[]>();
  /** Body characters the pending entries hold. */
  private bytes = 0;

  constructor(
    private readonly db: Database,
    onError: (err: unknown) => void,
  ) {
    super(JOURNAL_FLUSH_MS, onError);
  }

  /**
   * `company`: the journal key (the company id, lower case) when the request already knows it, else null. `bytes`:
   * the body characters the entry holds until it is written.
   */
  push(entry: PendingEntry, keep: number, company: string | null, bytes: number): void {
    const p: Pending = { entry, keep, bytes };
    this.pending.push(p);
    this.bytes += bytes;
    if (company !== null) {
      let queue = this.byCompany.get(company);
      if (!queue) this.byCompany.set(company, (queue = []));
      queue.push(p);
      // Amortised: the queue is cut in one splice once it holds twice what is kept.
      if (queue.length >= 2 * keep) for (const old of queue.splice(0, queue.length - keep)) this.drop(old);
    }
    if (this.bytes >= JOURNAL_PENDING_BYTES) this.flushSoon();
    this.schedule();
  }

  private drop(p: Pending): void {
    if (p.entry === null) return;
    p.entry = null;
    this.bytes -= p.bytes;
  }

  protected override async write(): Promise<void> {
    if (this.pending.length === 0) return;
    // The trim keeps the newest `keep` of each company, as the newest entry gives it (appendJournalBatch).
    for (const queue of this.byCompany.values()) {
      const keep = queue[queue.length - 1]!.keep;
      for (const old of queue.slice(0, Math.max(0, queue.length - keep))) this.drop(old);
    }
    const batch = this.pending.flatMap((p) => (p.entry === null ? [] : [{ entry: p.entry, keep: p.keep }]));
    this.pending = [];
    this.byCompany = new Map();
    this.bytes = 0;
    const ready: { entry: NewJournalEntry; keep: number }[] = [];
    for (const [i, { entry, keep }] of batch.entries()) {
      // Redacting a thousand answers is tens of milliseconds: requests get the event loop between slices of it.
      if (i > 0 && i % PREPARE_SLICE === 0) await new Promise((resolve) => setImmediate(resolve));
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
  return { push: (entry, keep, company, bytes) => buffer.push(entry, keep, company, bytes), close };
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
