// Scheduled reports: schedules (cron expression, time zone, saved query) and the loop that queues a "Scheduled report"
// job when one is due.

import { Cron } from 'croner';
import type { Catalog } from '../catalog/catalog.ts';
import { LedgerqError } from '../errors.ts';
import type { Database } from '../store/database.ts';
import { ident, p, sql } from '../store/sql.ts';
import { enqueueJob } from '../queue/enqueue-job.ts';
import { REPORT_SCHEDULE_TABLE } from './job-result-tables.ts';
import { instantOf } from '../queue/job-states.ts';
import {
  parseSavedQuery,
  prepareReport,
  reportScope,
  SCHEDULED_REPORT_JOB_TYPE,
  SCHEDULED_REPORT_KIND,
  type ReportPayload,
} from './stored-report.ts';

export interface ScheduleInput {
  readonly name: string;
  /** Five fields (minute hour day-of-month month day-of-week), or six with seconds first, as croner reads them. */
  readonly cron: string;
  /** IANA zone the expression is read in; UTC by default. */
  readonly timezone?: string;
  readonly query: string;
  readonly entity?: string | null;
  readonly userId: string;
}

export interface Schedule {
  readonly name: string;
  readonly cron: string;
  readonly timezone: string;
  readonly query: string;
  readonly entity: string | null;
  readonly userId: string;
  /** The next instant a job is queued for (ISO). */
  readonly nextRun: string;
  readonly createdAt: string;
}

function cronOf(expr: string, timezone: string): Cron {
  try {
    const c = new Cron(expr, { timezone, paused: true });
    c.nextRun(new Date(0)); // an unknown time zone only fails when an instant is computed
    return c;
  } catch (e) {
    throw new LedgerqError(
      'queue.invalid-schedule',
      `${JSON.stringify(expr)} in time zone ${timezone} is not a usable cron schedule: ${(e as Error).message}`,
      { field: 'cron' },
    );
  }
}

/** The first due instant strictly after `afterMs`, or null when the expression never fires again. */
export function nextDue(expr: string, timezone: string, afterMs: number): number | null {
  return cronOf(expr, timezone).nextRun(new Date(afterMs))?.getTime() ?? null;
}

/** Never: a schedule whose expression has no future instant stays listed but is never due. */
const NEVER = Number.MAX_SAFE_INTEGER;

export async function addSchedule(
  db: Database,
  catalog: Catalog,
  companyKey: number,
  input: ScheduleInput,
  nowMs: number,
): Promise<Schedule> {
  const name = input.name.trim();
  if (!/^[\w .@-]{1,100}$/.test(name))
    throw new LedgerqError('queue.invalid-schedule', 'a schedule name is 1 to 100 letters, digits, spaces or . _ @ -', {
      field: 'name',
    });
  const timezone = input.timezone?.trim() || 'UTC';
  const next = nextDue(input.cron, timezone, nowMs) ?? NEVER;
  // The query must bind now, not fail at every due instant.
  prepareReport(catalog, parseSavedQuery(input.query), await reportScope(db, companyKey, input.entity ?? null), nowMs);
  const createdAt = instantOf(nowMs);
  await db.transaction(async (tx) => {
    const existing = await tx.all(
      sql`SELECT name FROM ${ident(REPORT_SCHEDULE_TABLE)} WHERE company_key = ${p(companyKey)} AND name = ${p(name)}`,
    );
    if (existing.length > 0)
      throw new LedgerqError('queue.duplicate-schedule', `a schedule named ${name} already exists; remove it first`, {
        field: 'name',
      });
    await tx.run(sql`INSERT INTO ${ident(REPORT_SCHEDULE_TABLE)} (company_key, name, cron, timezone, query, entity_id, user_id, next_run, created_at)
      VALUES (${p(companyKey)}, ${p(name)}, ${p(input.cron)}, ${p(timezone)}, ${p(input.query)}, ${p(input.entity ?? null)}, ${p(input.userId)}, ${p(next)}, ${p(createdAt)})`);
  });
  return {
    name,
    cron: input.cron,
    timezone,
    query: input.query,
    entity: input.entity ?? null,
    userId: input.userId,
    nextRun: isoOf(next),
    createdAt,
  };
}

function isoOf(ms: number): string {
  return ms >= NEVER ? 'never' : instantOf(ms);
}

interface ScheduleRow {
  company_key: unknown;
  name: string;
  cron: string;
  timezone: string;
  query: string;
  entity_id: string | null;
  user_id: string;
  next_run: unknown;
  created_at: string;
}

function toSchedule(r: ScheduleRow): Schedule {
  return {
    name: r.name,
    cron: r.cron,
    timezone: r.timezone,
    query: r.query,
    entity: r.entity_id,
    userId: r.user_id,
    nextRun: isoOf(Number(r.next_run)),
    createdAt: r.created_at,
  };
}

export async function listSchedules(db: Database, companyKey: number): Promise<Schedule[]> {
  const rows = await db.all<ScheduleRow>(
    sql`SELECT * FROM ${ident(REPORT_SCHEDULE_TABLE)} WHERE company_key = ${p(companyKey)} ORDER BY name`,
  );
  return rows.map(toSchedule);
}

export async function removeSchedule(db: Database, companyKey: number, name: string): Promise<void> {
  const n = await db.run(
    sql`DELETE FROM ${ident(REPORT_SCHEDULE_TABLE)} WHERE company_key = ${p(companyKey)} AND name = ${p(name)}`,
  );
  if (n === 0) throw new LedgerqError('queue.unknown-schedule', `no schedule named ${name}`, { field: 'name' });
}

/** Walk at most this many missed instants to find the latest one (a per-second schedule down for a day). */
const MAX_CATCH_UP = 100_000;

/**
 * Queues a job for every schedule that is due at `nowMs`. A schedule is claimed by moving next_run from the
 * value read to the following instant (compare-and-set) in the transaction that queues the job, so several
 * schedulers sharing a database queue each due instant once. Instants missed while no scheduler ran are
 * folded into one job for the latest of them (its DETAILS counts the skipped ones).
 */
export async function runDueSchedules(db: Database, nowMs: number): Promise<string[]> {
  const due = await db.all<ScheduleRow>(
    sql`SELECT * FROM ${ident(REPORT_SCHEDULE_TABLE)} WHERE next_run <= ${p(nowMs)} ORDER BY next_run LIMIT 100`,
  );
  const created: string[] = [];
  for (const s of due) {
    const old = Number(s.next_run);
    let cron: Cron;
    try {
      cron = cronOf(s.cron, s.timezone);
    } catch {
      continue; // stored before the expression went bad (a removed zone): left as it is
    }
    let dueAt = old;
    let skipped = 0;
    for (
      let next = cron.nextRun(new Date(dueAt))?.getTime();
      next !== undefined && next <= nowMs && skipped < MAX_CATCH_UP;
      next = cron.nextRun(new Date(dueAt))?.getTime()
    ) {
      dueAt = next;
      skipped++;
    }
    const following = cron.nextRun(new Date(Math.max(dueAt, nowMs)))?.getTime() ?? NEVER;
    const companyKey = Number(s.company_key);
    const jobId = await db.transaction(async (tx) => {
      const claimed = await tx.run(sql`UPDATE ${ident(REPORT_SCHEDULE_TABLE)} SET next_run = ${p(following)}
        WHERE company_key = ${p(companyKey)} AND name = ${p(s.name)} AND next_run = ${p(old)}`);
      if (claimed === 0) return null; // another scheduler queued this instant
      const payload: ReportPayload = {
        query: s.query,
        entity: s.entity_id,
        schedule: { name: s.name, dueAt: instantOf(dueAt) },
      };
      return enqueueJob(
        tx,
        {
          companyKey,
          jobType: SCHEDULED_REPORT_JOB_TYPE,
          kind: SCHEDULED_REPORT_KIND,
          lane: 'report',
          action: 'Scheduled report',
          details: `schedule ${s.name}, due ${instantOf(dueAt)}${skipped > 0 ? ` (${skipped} earlier instant(s) missed)` : ''}`,
          userId: s.user_id,
          payload: JSON.stringify(payload),
        },
        nowMs,
      );
    });
    if (jobId !== null) created.push(jobId);
  }
  return created;
}

export interface ReportScheduler {
  /** Runs one pass now (tests drive time through `now` and call this, or let the loop tick). */
  tick(): Promise<string[]>;
  stop(): Promise<void>;
}

/** A loop that checks for due schedules every `intervalMs` (1 s by default) on the injected clock. */
export function startReportScheduler(options: {
  db: Database;
  now?: () => number;
  intervalMs?: number;
  onError?: (err: unknown) => void;
}): ReportScheduler {
  const now = options.now ?? Date.now;
  const intervalMs = options.intervalMs ?? 1000;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  const tick = () => {
    const pass = running.then(() => runDueSchedules(options.db, now()));
    running = pass.catch(() => undefined);
    return pass;
  };
  const loop = () => {
    if (stopped) return;
    tick()
      .catch((e) => options.onError?.(e))
      .finally(() => {
        if (!stopped) timer = setTimeout(loop, intervalMs);
      });
  };
  timer = setTimeout(loop, 0);
  return {
    tick,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
