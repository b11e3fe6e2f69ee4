// Tables of the report jobs: stored report rows (downloaded later) and report schedules.

import type { TableSpec } from '../store/table-spec.ts';

export const REPORT_ROW_TABLE = 'lq_report_row';
export const REPORT_SCHEDULE_TABLE = 'lq_report_schedule';

export const JOB_RESULT_TABLES: readonly TableSpec[] = [
  {
    // One row per result row of a stored or scheduled report, `data` a JSON array aligned with the result's labels.
    name: REPORT_ROW_TABLE,
    scope: 'company',
    columns: [
      { name: 'company_key', kind: 'integer', notNull: true, formerNames: ['company_id'] },
      { name: 'job_id', kind: 'text', notNull: true },
      { name: 'row_no', kind: 'bigint', notNull: true },
      { name: 'data', kind: 'text', notNull: true },
    ],
    primaryKey: ['company_key', 'job_id', 'row_no'],
    indexes: [],
  },
  {
    // next_run (epoch ms) is the next due instant; schedulers claim an instant by moving it on (compare-and-set).
    name: REPORT_SCHEDULE_TABLE,
    scope: 'company',
    columns: [
      { name: 'company_key', kind: 'integer', notNull: true, formerNames: ['company_id'] },
      { name: 'name', kind: 'text', notNull: true },
      { name: 'cron', kind: 'text', notNull: true },
      { name: 'timezone', kind: 'text', notNull: true },
      { name: 'query', kind: 'text', notNull: true },
      { name: 'entity_id', kind: 'text', notNull: false },
      { name: 'user_id', kind: 'text', notNull: true },
      { name: 'next_run', kind: 'bigint', notNull: true },
      { name: 'created_at', kind: 'text', notNull: true },
    ],
    primaryKey: ['company_key', 'name'],
    indexes: [{ name: 'ix_lq_report_schedule_next_run', columns: ['next_run'], unique: false }],
  },
];
