// What the meter and journal buffers share: a flush a short delay after new work, flushes in sequence, one buffer per
// database.

import type { Database } from '../store/database.ts';

/** Pending work of one process for one database, written by `write()` at most `delayMs` after it arrived. */
export abstract class WriteBehindBuffer {
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();
  /** Apps using this buffer; the last one to close stops its timer. */
  users = 0;

  constructor(
    private readonly delayMs: number,
    protected readonly onError: (err: unknown) => void,
  ) {}

  /** Writes what is pending (nothing when nothing is). */
  protected abstract write(): Promise<void>;

  protected schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flush().catch(this.onError);
    }, this.delayMs);
    this.timer.unref();
  }

  /**
   * Flushes now rather than at the timer (a backlog grew large); one such flush is queued at a time. The timer stays:
   * what arrives while this flush runs is written by it.
   */
  protected flushSoon(): void {
    if (this.soon) return;
    this.soon = true;
    this.flush()
      .catch(this.onError)
      .finally(() => {
        this.soon = false;
      });
  }
  private soon = false;

  /** Flushes run one after another, so a read after `flush()` sees everything captured before it. */
  flush(): Promise<void> {
    const run = this.flushing.catch(() => {}).then(() => this.write());
    this.flushing = run;
    return run;
  }

  stopTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}

/**
 * The buffer of `db` in this process (created on first use), shared by every app on that database until the
 * returned close function runs; close writes what is left.
 */
export function shareBuffer<B extends WriteBehindBuffer>(
  buffers: WeakMap<Database, B>,
  db: Database,
  create: () => B,
): { buffer: B; close(): Promise<void> } {
  let buffer = buffers.get(db);
  if (!buffer) {
    buffer = create();
    buffers.set(db, buffer);
  }
  buffer.users++;
  const b = buffer;
  let closed = false;
  return {
    buffer: b,
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

/** Set in each process of `serve --processes N`: has the other processes write what they hold, resolved once they have. */
let siblingFlush: (() => Promise<void>) | null = null;

export function setSiblingFlush(flush: (() => Promise<void>) | null): void {
  siblingFlush = flush;
}

/** The other processes' pending meter counts and journal entries, written (nothing to do in a process alone). */
export function flushSiblings(): Promise<void> {
  return siblingFlush ? siblingFlush() : Promise.resolve();
}
