// The audit trail (ACTIVITYLOG) of custom-object records, and the offline job queue's history (JOBQUEUERECORD).

import { dayOf, EVENTS_LAST, epochSeconds, isoDateTime, isoInstant } from './calendar.ts';
import type { DemoContext } from './demo-context.ts';
import { FIRST_DAY } from './documents.ts';
import type { Random } from './random.ts';
import type { DemoRecord } from './record-writer.ts';

const TRAILS = [
  (r: DemoRecord) => `Record ${r.id} created`,
  (r: DemoRecord) => `Field status changed to ${r.status ?? 'empty'}`,
  (r: DemoRecord) => `Record ${r.id} updated via Web Services`,
  (r: DemoRecord) => `Field NAME changed to ${r.NAME ?? r.Rasset}`,
  () => 'Record viewed in export',
];

/** Audit entries of custom-object records; OBJ_ID is the record's id (above 10000). */
export function addActivityLog(ctx: DemoContext): void {
  const rng = ctx.rng.fork('activity-log');
  const records = [...ctx.rows('MCA_attendee'), ...ctx.rows('depreciation_schedule')];
  const users = ctx.rows('USERINFO').filter((u) => u.STATUS === 'active');
  // An entry is about a record that existed by then.
  const add = (at: string) => {
    const record = rng.pick(records.filter((r) => (r.WHENCREATED as string) <= at));
    const user = rng.pick(users);
    ctx.add('ACTIVITYLOG', {
      RECORDNO: ctx.nextKey('ACTIVITYLOG'),
      OBJ_ID: record.id as number,
      TRAIL_TEXT: rng.pick(TRAILS)(record),
      EMAIL_TEXT: rng.chance(0.1) ? `Change notification sent to ${user['CONTACTINFO.EMAIL1']}` : null,
      CREATED_BY: user.RECORDNO as number,
      CREATEDBYUSER: user.LOGINID as string,
      CREATED_AT: at,
    });
  };
  // The seed lists OBJ_ID > 2000 entries between 04/19/2021 12:00:00 and 04/20/2021 12:00:00.
  if (ctx.plan.seedExamples) {
    const noon = epochSeconds(dayOf('2021-04-19'), 12 * 3600);
    for (let i = 0; i < 24; i++) add(isoInstant(noon - 6 * 3600 + i * 3000 + rng.int(0, 2999)));
  }
  // From the day after the first record was created (a company may create its first custom records late).
  const firstCreated = records.reduce((m, r) => Math.min(m, dayOf((r.WHENCREATED as string).slice(0, 10))), Infinity);
  const from = Math.max(FIRST_DAY, firstCreated + 1);
  while (ctx.rows('ACTIVITYLOG').length < ctx.plan.counts.activityLogs) {
    add(isoDateTime(rng.int(from, dayOf(EVENTS_LAST)), rng.int(7 * 3600, 20 * 3600)));
  }
}

const JOB_TYPES = [
  'DDS job',
  'Asynchronous API requests',
  'CSV import',
  'Scheduled memorized report',
  'Scheduled financial report',
  'Update report',
  'Process & store report',
  'Scheduled report',
  'Email report',
  'Process & store report group',
  'Scheduled report group',
  'Recurring consolidation',
  'Offline consolidation',
  'Run action',
  'Contract invoices',
  'Project invoices',
  'Check run',
  'Confirm check run',
  'Void check run',
  'Wells Fargo payments',
];
const COMMON_TYPES: [string, number][] = [
  ['DDS job', 25],
  ['CSV import', 25],
  ['Asynchronous API requests', 20],
  ['Scheduled report', 8],
  ['Email report', 6],
  ['Check run', 4],
  ['Process & store report', 4],
  ['Contract invoices', 3],
];
const REPORTS = [
  'AP Aging',
  'AR Aging',
  'Balance Sheet',
  'Income Statement',
  'Trial Balance',
  'Sales by Customer',
  'Cash Flow',
  'Vendor 1099 Summary',
];
const DDS_OBJECTS = ['Sales Document Detail', 'GL Detail', 'AP Bill', 'AR Invoice', 'Vendor', 'Customer'];
const IMPORTS: [string, string][] = [
  ['Vendor import', 'vendors.csv'],
  ['Customer import', 'customers.csv'],
  ['Journal entry import', 'journal_entries.csv'],
  ['Bill import', 'bills.csv'],
  ['Item import', 'items.csv'],
];

function describe(rng: Random, type: string, ctx: DemoContext): [string, string] {
  switch (type) {
    case 'DDS job':
      return [rng.pick(DDS_OBJECTS), rng.pick(['All data', 'Changes since last run'])];
    case 'CSV import': {
      const [a, f] = rng.pick(IMPORTS);
      return [a, `${f}: ${rng.int(5, 2500)} rows`];
    }
    case 'Asynchronous API requests':
      return [
        rng.pick(['readByQuery', 'query', 'create', 'update']),
        `policy ${rng.pick(['nightly-sync', 'erp-bridge', 'ledgerq-async'])}: ${rng.int(1, 50)} functions`,
      ];
    case 'Recurring consolidation':
    case 'Offline consolidation':
      return ['Consolidation', ctx.multiEntity ? 'Books: US, UK, PRIV' : 'Books: main'];
    case 'Run action':
      return [
        rng.pick(['Recalculate exchange rates', 'Close period', 'Rebuild GL balances']),
        'Started from the action menu',
      ];
    case 'Contract invoices':
    case 'Project invoices':
      return ['Generate invoices', `${rng.int(1, 120)} invoices`];
    case 'Check run':
    case 'Confirm check run':
    case 'Void check run':
    case 'Wells Fargo payments':
      return [`${type} ${rng.pick(['BOA-CHK-1000', 'BARCLAYS-GBP-1050'])}`, `${rng.int(1, 80)} payments`];
    default:
      return [
        rng.pick(REPORTS),
        rng.chance(0.5) ? `Emailed to finance@${ctx.plan.companyId}.ledgerq.example` : 'Stored for download',
      ];
  }
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789@';
const STATES: [string, number][] = [
  ['Delivered', 60],
  ['Failed', 10],
  ['Cancelled', 5],
  ['Deferred', 5],
  ['Queued', 12],
  ['In Progress', 8],
];

/**
 * Job history in every state and type. Times agree with the state: a queued
 * or deferred job has not started, a running one has not finished. Jobs still
 * active were queued in the last three days of the history (EVENTS_LAST), the
 * others before them, so nothing lies after the moment the demo is seeded and
 * waits are never negative however late that is.
 */
export function addJobs(ctx: DemoContext): void {
  const rng = ctx.rng.fork('jobs');
  const users = ctx
    .rows('USERINFO')
    .filter((u) => u.STATUS === 'active' && u.LOGINDISABLED === false)
    .map((u) => u.LOGINID as string);
  const ids = new Set<string>();
  const add = (job: DemoRecord) => {
    ids.add(job.JOBID as string);
    ctx.add('JOBQUEUERECORD', job);
  };
  if (ctx.plan.seedExamples) {
    // The queue seed's sample responses: a delivered DDS job, and the job its promote/cancel examples name.
    add({
      JOBID: '6465763130WyzaiwriEQoAAEvnxBQAAAxxx',
      TIMEQUEUED: '2018-06-22T11:21:48Z',
      JOBTYPE: 'DDS job',
      ACTION: 'Sales Document Detail',
      DETAILS: 'All data',
      USERS: 'tjmalloney',
      STATE: 'Delivered',
      TIMESTARTED: '2018-06-22T12:11:27Z',
      TIMEFINISHED: '2018-06-22T12:16:29Z',
      PRIORITY: 0,
    });
    add({
      JOBID: '6465762230WuhjPAriEFQAAG91x@AAAAAK7',
      TIMEQUEUED: '2025-12-30T09:15:00Z',
      JOBTYPE: 'CSV import',
      ACTION: 'Vendor import',
      DETAILS: 'vendors.csv: 120 rows',
      USERS: 'admin',
      STATE: 'Queued',
      TIMESTARTED: null,
      TIMEFINISHED: null,
      PRIORITY: 0,
    });
  }
  const activeDay = dayOf(EVENTS_LAST) - 2;
  const activeFrom = epochSeconds(activeDay, 0);
  for (let i = 0; ctx.rows('JOBQUEUERECORD').length < ctx.plan.counts.jobs; i++) {
    const type = i < JOB_TYPES.length ? JOB_TYPES[i]! : rng.weighted(COMMON_TYPES);
    const state = i < STATES.length ? STATES[i]![0] : rng.weighted(STATES);
    const active = state === 'Queued' || state === 'In Progress';
    const queued = active
      ? activeFrom + rng.int(0, 3 * 86_400 - 1)
      : epochSeconds(rng.int(FIRST_DAY, activeDay - 1), rng.int(0, 86_399));
    const started =
      state === 'Queued' || state === 'Deferred' || (state === 'Cancelled' && rng.chance(0.6))
        ? null
        : queued +
          rng.weighted([
            [rng.int(1, 60), 6],
            [rng.int(60, 3600), 3],
            [rng.int(3600, 4 * 3600), 1],
          ]);
    const finished =
      started === null
        ? state === 'Cancelled'
          ? queued + rng.int(30, 7200)
          : null
        : state === 'In Progress'
          ? null
          : started + rng.int(2, 1800);
    let id: string;
    do id = `${rng.int(6465700000, 6465799999)}${rng.chars(ALPHABET, 25)}`;
    while (ids.has(id));
    const [action, details] = describe(rng, type, ctx);
    add({
      JOBID: id,
      TIMEQUEUED: isoInstant(queued),
      JOBTYPE: type,
      ACTION: action,
      DETAILS:
        state === 'Failed'
          ? `${details} - failed: ${rng.pick(['line 14: vendor ID already exists', 'timeout after 30 minutes', 'invalid date in row 3', 'recipient mailbox unavailable'])}`
          : details,
      USERS: rng.pick(users),
      STATE: state,
      TIMESTARTED: started === null ? null : isoInstant(started),
      TIMEFINISHED: finished === null ? null : isoInstant(finished),
      PRIORITY: rng.weighted([
        [0, 85],
        [5, 10],
        [10, 5],
      ]),
    });
  }
}
