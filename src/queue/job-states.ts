// JOBQUEUERECORD's states as stored (the XML spelling the results show) and the lanes a company's concurrency is
// counted in.

/** seed queue-administration: "For active jobs, Queued or In Progress. For processed jobs, Delivered, Failed, Deferred, or Cancelled." */
export const JOB_STATE = {
  queued: 'Queued',
  running: 'In Progress',
  delivered: 'Delivered',
  failed: 'Failed',
  deferred: 'Deferred',
  cancelled: 'Cancelled',
} as const;

export type JobState = (typeof JOB_STATE)[keyof typeof JOB_STATE];

/**
 * Intacct runs one API job and one report job at a time for a standard
 * company; every job type ledgerq runs falls in one of the two lanes.
 */
export type JobLane = 'api' | 'report';

/** Current instant as stored in JOBQUEUERECORD's datetime columns. */
export function instantOf(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}
