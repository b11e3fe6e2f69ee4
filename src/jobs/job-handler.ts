// What a job type implements: its lane, and a run that applies its effects through the transaction it is given.

import type { Database } from '../store/database.ts';
import type { ClaimedJob } from './claim-job.ts';
import type { JobLane } from './job-states.ts';

export interface JobContext {
  readonly job: ClaimedJob;
  /** The job's transaction: every effect goes through it, and commits with the job's final state. */
  readonly tx: Database;
  /** The queue's main handle, for work that must not wait for the job (reads on a separate snapshot). */
  readonly db: Database;
  readonly now: () => number;
  /** A safe point: true when cancel was requested; the handler then throws, or returns and the worker rolls back. */
  stopRequested(): Promise<boolean>;
}

export interface JobOutcome {
  /** Kept on the job (lq_job.result), e.g. a response document or a stored report's id. */
  readonly result?: string;
  /** Replaces DETAILS, e.g. with rows done. */
  readonly details?: string;
}

export interface JobHandler {
  readonly lane: JobLane;
  run(ctx: JobContext): Promise<JobOutcome | void>;
}

/** A failure that retrying cannot fix (a bad payload): the job fails at once instead of being deferred. */
export class PermanentJobError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentJobError';
  }
}
