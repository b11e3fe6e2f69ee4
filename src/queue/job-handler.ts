// What a job type implements: its lane, and a run that applies its effects through the transaction it is given.

import type { Database } from '../store/database.ts';
import type { ClaimedJob } from './claim-job.ts';
import type { JobLane } from './job-states.ts';

export interface JobContext {
  readonly job: ClaimedJob;
  /**
   * Mode 'single': the job's transaction; every effect goes through it and commits with the job's final state.
   * Mode 'chunked': the queue's handle (the same as `db`); effects go through `commitChunk`.
   */
  readonly tx: Database;
  /** The queue's main handle, for work that must not wait for the job (reads on a separate snapshot). */
  readonly db: Database;
  readonly now: () => number;
  /** A safe point: true when cancel was requested; the handler then throws, or returns and the worker rolls back. */
  stopRequested(): Promise<boolean>;
  /** Mode 'chunked': what the last committed chunk recorded (null on a first attempt), to resume from after a crash. */
  readonly checkpoint: string | null;
  /**
   * Mode 'chunked': runs `fn` in its own transaction and, in that same transaction, records `checkpoint` (and
   * `details`, e.g. "40,000 of 100,000 rows", as the job's progress) after checking that this worker still holds the
   * job and no cancel was requested (else JobInterrupted, and the chunk rolls back). A chunk is applied whole or
   * not at all, and a retry resumes after the last chunk that committed, so no effect is ever applied twice.
   * A function as `checkpoint` is called after `fn`, for a checkpoint that depends on what the chunk did.
   * `irrevocable`: this chunk's effects cannot be undone by a later stop (an asynchronous request's response once its
   * request has run): from its commit on, cancel refuses the job, so it can only end Delivered or Failed.
   */
  commitChunk(
    fn: (tx: Database) => Promise<void>,
    checkpoint: string | (() => string),
    details?: string,
    options?: { readonly irrevocable?: boolean },
  ): Promise<void>;
}

export interface JobOutcome {
  /** Kept on the job (lq_job.result), e.g. a response document or a stored report's id. */
  readonly result?: string;
  /** Replaces DETAILS, e.g. with rows done. */
  readonly details?: string;
}

export interface JobHandler {
  readonly lane: JobLane;
  /**
   * 'single' (default): run() gets one transaction that holds all its effects and commits with the final state.
   * 'chunked': for long jobs (imports, exports) that must not hold one transaction for minutes: run() commits its
   * effects with commitChunk, and the final state commits after run() returns.
   */
  readonly mode?: 'single' | 'chunked';
  run(ctx: JobContext): Promise<JobOutcome | void>;
}

/** A failure that retrying cannot fix (a bad payload): the job fails at once instead of being deferred. */
export class PermanentJobError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentJobError';
  }
}
