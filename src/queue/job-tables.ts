// The queue's own table beside o_jobqueuerecord: what a worker needs to run a job and that JOBQUEUERECORD never shows.

import type { TableSpec } from '../store/table-spec.ts';
import { OFFLINE_POLICY_TABLES } from './offline-policies.ts';

export const JOB_TABLE = 'lq_job';
export const QUEUE_COMPANY_TABLE = 'lq_queue_company';

/**
 * One row per job ledgerq created (and per stop request on a job it did not,
 * with `kind` null: such a row is never claimed). Instants are epoch
 * milliseconds so lease and retry comparisons read the same on both databases.
 */
export const JOB_TABLES: readonly TableSpec[] = [
  {
    name: JOB_TABLE,
    scope: 'company',
    columns: [
      { name: 'company_key', kind: 'integer', notNull: true, formerNames: ['company_id'] },
      { name: 'job_id', kind: 'text', notNull: true },
      { name: 'kind', kind: 'text', notNull: false },
      { name: 'lane', kind: 'text', notNull: false },
      { name: 'payload', kind: 'text', notNull: false },
      { name: 'attempts', kind: 'integer', notNull: true },
      { name: 'max_attempts', kind: 'integer', notNull: true },
      { name: 'lease_owner', kind: 'text', notNull: false },
      { name: 'lease_until', kind: 'bigint', notNull: false },
      { name: 'run_after', kind: 'bigint', notNull: false },
      { name: 'cancel_requested', kind: 'boolean', notNull: true },
      { name: 'result', kind: 'text', notNull: false },
      { name: 'error', kind: 'text', notNull: false },
      // Chunked jobs: what the last committed chunk recorded, so a retry resumes after it.
      { name: 'checkpoint', kind: 'text', notNull: false },
      // Set by the chunk after which a job's effects can no longer be undone (an asynchronous request whose request
      // has run and committed): from then on cancel refuses the job and it ends Delivered or Failed, never Cancelled.
      // NULL reads as false (rows from before the column existed).
      { name: 'irrevocable', kind: 'boolean', notNull: false },
      // The claim reads only this table: true while Queued or Deferred (NULL on rows from before it existed, until
      // prepareQueue fills it), the negated PRIORITY (so one ascending index serves "priority, then time queued"),
      // and TIMEQUEUED in epoch milliseconds.
      { name: 'waiting', kind: 'boolean', notNull: false },
      { name: 'claim_rank', kind: 'integer', notNull: false },
      { name: 'queued_ms', kind: 'bigint', notNull: false },
    ],
    primaryKey: ['company_key', 'job_id'],
    indexes: [
      // Expired leases, and the running jobs a claim counts (as many as there are workers).
      { name: 'ix_lq_job_lease_until', columns: ['lease_until'], unique: false },
      // A company's next jobs in claim order, and (its prefix) the distinct companies with waiting jobs.
      {
        name: 'ix_lq_job_claim',
        columns: ['waiting', 'company_key', 'lane', 'claim_rank', 'queued_ms', 'job_id'],
        unique: false,
      },
    ],
  },
  {
    // One row per company that has had jobs: the lock that serializes claims for it, and when it was last served.
    name: QUEUE_COMPANY_TABLE,
    scope: 'company-session',
    columns: [
      { name: 'company_key', kind: 'integer', notNull: true, formerNames: ['company_id'] },
      { name: 'last_claim_ms', kind: 'bigint', notNull: true },
    ],
    primaryKey: ['company_key'],
    indexes: [],
  },
  ...OFFLINE_POLICY_TABLES,
];
