// A worker's side of the IPC channel to its primary (`serve --processes N`): questions with answers, and the
// primary's requests (flush, stop).

import { flushOwnJournal } from '../emulator/journal-buffer.ts';
import { flushOwnMeter } from '../emulator/meter-buffer.ts';
import { setSiblingFlush } from '../emulator/write-behind.ts';
import type { Database } from '../store/database.ts';
import { type RateCounter, rateRefusal } from './edge/rate-limit.ts';
import { isLedgerqMessage, type ToPrimary, type ToWorker } from './process-messages.ts';

type Answer = Extract<ToWorker, { type: 'lq.answer' }>;

export class PrimaryChannel {
  private nextId = 0;
  private readonly waiting = new Map<number, (a: Answer) => void>();
  private onStop: () => void = () => {};
  /** The primary asked for a stop before the server was up: it stops as soon as it is. */
  private stopAsked = false;
  private db: Database | null = null;

  constructor() {
    process.on('message', (m: unknown) => {
      if (!isLedgerqMessage(m)) return;
      const msg = m as ToWorker;
      switch (msg.type) {
        case 'lq.answer': {
          const resolve = this.waiting.get(msg.re);
          this.waiting.delete(msg.re);
          resolve?.(msg);
          return;
        }
        case 'lq.flush-buffers':
          this.flushHere().then(
            () => this.send({ type: 'lq.answer', re: msg.id }),
            () => this.send({ type: 'lq.answer', re: msg.id }),
          );
          return;
        case 'lq.stop':
          this.stopAsked = true;
          this.onStop();
          return;
      }
    });
  }

  send(m: ToPrimary, sent?: () => void): void {
    if (process.send) process.send(m, undefined, undefined, sent);
    else sent?.();
  }

  /** Sends a question and waits for its answer (the primary answers each; a lost primary ends this process). */
  ask(m: { readonly type: 'lq.rate'; readonly caller: string } | { readonly type: 'lq.flush' }): Promise<Answer> {
    const id = ++this.nextId;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.send({ ...m, id } as ToPrimary);
    });
  }

  /** The primary's flush requests write this process's buffers of `db`; a meter or journal read here has the
   * siblings write theirs first; `onStop` runs on the primary's stop. */
  serve(db: Database, onStop: () => void): void {
    this.db = db;
    this.onStop = onStop;
    setSiblingFlush(() => this.ask({ type: 'lq.flush' }).then(() => undefined));
    if (this.stopAsked) onStop();
  }

  private async flushHere(): Promise<void> {
    if (!this.db) return;
    await flushOwnMeter(this.db);
    await flushOwnJournal(this.db);
  }
}

/** The rate limit counted once for every process, in the primary: one IPC round trip per admitted request. */
export class PrimaryRateCounter implements RateCounter {
  constructor(
    private readonly perMinute: number,
    private readonly channel: PrimaryChannel,
  ) {}

  async take(caller: string): Promise<void> {
    const a = await this.channel.ask({ type: 'lq.rate', caller });
    if (a.retryAfter != null) throw rateRefusal(this.perMinute, a.retryAfter);
  }
}
