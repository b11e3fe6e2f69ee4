// Holds journal entries captured after their responses went out, and writes them in batches: one transaction about a
// second after new work, on close, and before every read (this process's and, under `serve --processes N`, its
// siblings'). Only what the journal keeps is written: of a company's pending entries, those beyond the newest `keep`
// would be trimmed by the same flush, so they are dropped as soon as they fall out (a busy server writes at most
// `keep` entries per company per flush, and holds no more than that in memory). Readers see the same journal; a
// crash of the process loses at most the last second of it.

import type { Database } from '../store/database.ts';
import { appendJournalBatch, type NewJournalEntry } from './journal-store.ts';
import { flushSiblings, shareBuffer, WriteBehindBuffer } from './write-behind.ts';

export const JOURNAL_FLUSH_MS = 1000;
const PREPARE_SLICE = 64;

/** An entry not prepared yet: redaction, truncation and the company lookup run at flush time, off the request path. */
export type PendingEntry = () => Promise<NewJournalEntry | null>;

interface Pending {
  readonly entry: PendingEntry;
  readonly keep: number;
  /** Set once `keep` newer entries of the same company are pending: the flush's trim would delete it. */
  dropped: boolean;
}

/** One process's unwritten entries for one database. */
class JournalBuffer extends WriteBehindBuffer {
  private pending: Pending[] = [];
  /** Pending entries of each known company, oldest first (entries whose company is resolved at flush time are not here). */
  private byCompany = new Map<string, Pending[]>();

  constructor(
    private readonly db: Database,
    onError: (err: unknown) => void,
  ) {
    super(JOURNAL_FLUSH_MS, onError);
  }

  /** `company`: the journal key (the company id, lower case) when the request already knows it, else null. */
  push(entry: PendingEntry, keep: number, company: string | null): void {
    const p: Pending = { entry, keep, dropped: false };
    this.pending.push(p);
    if (company !== null) {
      let queue = this.byCompany.get(company);
      if (!queue) this.byCompany.set(company, (queue = []));
      queue.push(p);
      // Amortised: the queue is cut in one splice once it holds twice what is kept.
      if (queue.length >= 2 * keep) for (const old of queue.splice(0, queue.length - keep)) old.dropped = true;
    }
    this.schedule();
  }

  protected override async write(): Promise<void> {
    if (this.pending.length === 0) return;
    // The trim keeps the newest `keep` of each company, as the newest entry gives it (appendJournalBatch).
    for (const queue of this.byCompany.values()) {
      const keep = queue[queue.length - 1]!.keep;
      for (const old of queue.slice(0, Math.max(0, queue.length - keep))) old.dropped = true;
    }
    const batch = this.pending.filter((p) => !p.dropped);
    this.pending = [];
    this.byCompany = new Map();
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
  return { push: (entry, keep, company) => buffer.push(entry, keep, company), close };
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
