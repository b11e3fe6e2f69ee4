// Timesheets: a week of hours per timesheet (TIMESHEET) for an active employee, each day an entry (TIMESHEETENTRY) on
// a task of a project the employee's entity sees. Some are submitted and wait for approval, so approve and decline
// have something to act on; others are drafts, approved, declined or partly approved, entry by entry.

import { dayOf, isoDate, isoDateTime } from './calendar.ts';
import type { DemoContext } from './demo-context.ts';
import { documentDay } from './documents.ts';
import { ENTITY, type DemoRecord, micros } from './record-writer.ts';

/** Timesheets per company, and their states in turn (the timesheet's STATE; entries follow it). */
const TIMESHEETS = 12;
const STATES = ['Submitted', 'Approved', 'Draft', 'Submitted', 'Declined', 'Partially Approved'] as const;
const WORK = ['Design review', 'Site visit', 'Client workshop', 'Build and test', 'Documentation', 'Planning'];

/** A known Monday: timesheets begin on the Monday of their week. */
const MONDAY = dayOf('2025-01-06');

/** The state of entry `n` of `count` on a timesheet in `state`: a partly approved one has its first entries approved. */
function entryState(state: (typeof STATES)[number], n: number, count: number): string {
  if (state !== 'Partially Approved') return state;
  return n < Math.ceil(count / 2) ? 'Approved' : 'Submitted';
}

export function addTimesheets(ctx: DemoContext): void {
  const rng = ctx.rng.fork('timesheets');
  const employees = ctx.rows('EMPLOYEE').filter((e) => e.STATUS === 'active');
  const approver = String(ctx.rows('USERINFO')[0]?.LOGINID ?? '');
  for (let i = 0; i < TIMESHEETS && employees.length > 0; i++) {
    const employee = rng.pick(employees);
    const entity = (employee[ENTITY] ?? null) as string | null;
    const projects = ctx.visible('PROJECT', entity);
    const tasks = ctx.rows('TASK').filter((t) => projects.some((p) => p.PROJECTID === t.PROJECTID));
    if (tasks.length === 0) continue;
    const day = documentDay(rng);
    const begin = day - ((((day - MONDAY) % 7) + 7) % 7);
    const state = ctx.cycle('timesheet-state', STATES);
    const decided = state !== 'Draft' && state !== 'Submitted';
    const created = isoDateTime(begin + 4, rng.int(15 * 3600, 18 * 3600));
    const header = ctx.add('TIMESHEET', {
      RECORDNO: ctx.nextKey('TIMESHEET'),
      [ENTITY]: entity,
      EMPLOYEEID: employee.EMPLOYEEID,
      BEGINDATE: isoDate(begin),
      GLPOSTDATE: null,
      DESCRIPTION: `Week of ${isoDate(begin)}`,
      SUPDOCID: null,
      STATE: state,
      ENTRYKEYS: null,
      APPROVEDBY: decided ? approver : null,
      COMMENT: null,
      DECLINEDEDBY: null,
      WHENCREATED: created,
      WHENMODIFIED: decided ? isoDateTime(begin + 7, rng.int(9 * 3600, 12 * 3600)) : created,
    });
    const count = rng.int(3, 5);
    for (let n = 0; n < count; n++) {
      const task = rng.pick(tasks);
      const project = projects.find((p) => p.PROJECTID === task.PROJECTID)!;
      ctx.add('TIMESHEETENTRY', timesheetEntry(ctx, header, n, count, { task, project, employee }, rng.int(2, 9)));
    }
  }
}

function timesheetEntry(
  ctx: DemoContext,
  header: DemoRecord,
  n: number,
  count: number,
  on: { readonly task: DemoRecord; readonly project: DemoRecord; readonly employee: DemoRecord },
  hours: number,
): DemoRecord {
  const begin = dayOf(String(header.BEGINDATE));
  return {
    RECORDNO: ctx.nextKey('TIMESHEETENTRY'),
    [ENTITY]: header[ENTITY],
    TIMESHEETKEY: header.RECORDNO,
    LINENO: n + 1,
    STATE: entryState(header.STATE as (typeof STATES)[number], n, count),
    ENTRYDATE: isoDate(begin + n),
    QTY: micros(hours * 1_000_000),
    DESCRIPTION: WORK[(Number(header.RECORDNO) + n) % WORK.length]!,
    NOTES: null,
    EMPLOYEEID: on.employee.EMPLOYEEID,
    CUSTOMERID: on.project.CUSTOMERID ?? null,
    ITEMID: null,
    PROJECTID: on.project.PROJECTID,
    TASKID: on.task.TASKID,
    TASKKEY: on.task.RECORDNO,
    COSTTYPEID: null,
    TIMETYPE: null,
    BILLABLE: on.task.BILLABLE === true,
    EMPPOSITIONID: null,
    LABORCLASSID: null,
    LABORSHIFTID: null,
    LABORUNIONID: null,
    LOCATIONID: on.project.LOCATIONID ?? null,
    DEPARTMENTID: on.employee.DEPARTMENTID ?? null,
    VENDORID: null,
    CLASSID: null,
    CONTRACTID: null,
    WAREHOUSEID: null,
    EXTBILLRATE: null,
    EXTCOSTRATE: null,
    EXTAMOUNT: null,
    EXTEMPLOYERTAXES: null,
    EXTFRINGES: null,
    EXTCASHFRINGES: null,
    WHENCREATED: header.WHENCREATED,
    WHENMODIFIED: header.WHENMODIFIED,
  };
}
