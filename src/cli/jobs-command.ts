// `ledgerq jobs list|promote|cancel|show|result|export|report|schedule`: the queue administration of the seed, exports
// and reports, for the operator of this ledgerq.

import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { InvalidArgumentError, type Command } from 'commander';
import { findCompany, type Company } from '../auth/tenancy.ts';
import { buildCatalog, type Catalog } from '../catalog/catalog.ts';
import { loadConfig, type ConfigOverrides } from '../app/config.ts';
import { LedgerqError } from '../errors.ts';
import { FILE_ROWS, submitExport } from '../jobs/dds-export.ts';
import { jobDetails, jobResult, type ResultFormat } from '../jobs/job-result.ts';
import { addSchedule, listSchedules, removeSchedule } from '../jobs/report-schedules.ts';
import { submitReport } from '../jobs/stored-report.ts';
import { openDatabase } from '../store/open.ts';
import { cancelJob } from '../queue/cancel-job.ts';
import { findJobState } from '../queue/find-job-state.ts';
import { promoteJob } from '../queue/promote-job.ts';
import type { Database } from '../store/database.ts';
import { readQueryText, runQueryCommand } from './query-command.ts';
import { migrateSchema } from '../app/schema.ts';

/** seed queue-administration's legacy listing (readByQuery) with the fields it documents; `state` is a code (Q, T, S, D, R, C) as in its filters. */
export async function listJobs(
  db: Database,
  catalog: Catalog,
  company: string,
  state: string | undefined,
  limit: number,
  write: (s: string) => void,
): Promise<void> {
  if (state !== undefined && !/^[QTSDRC]$/.test(state))
    throw new LedgerqError('parse.invalid-query', `--state takes Q, T, S, D, R or C, not ${JSON.stringify(state)}`);
  const where = state ? `STATE = '${state}'` : '';
  const query = `<readByQuery><object>JOBQUEUERECORD</object><fields>JOBID,JOBTYPE,STATE,TIMEQUEUED,TIMESTARTED,WAITINQUEUE,ACTIVETIME,USERS,ACTION,DETAILS</fields><query>${where}</query><pagesize>${limit}</pagesize></readByQuery>`;
  await runQueryCommand(db, catalog, query, { company, format: 'table' }, write);
}

/**
 * Unlike the gateway, the command does not ask for the Premium service level:
 * whoever runs it administers this ledgerq, not one company's subscription.
 */
export async function changeJobs(
  db: Database,
  action: 'promote' | 'cancel',
  companyId: string,
  jobIds: readonly string[],
  write: (s: string) => void,
): Promise<void> {
  const company = await findCompany(db, companyId);
  if (!company) throw new LedgerqError('auth.unknown-company', `no company ${companyId}`);
  for (const id of jobIds) {
    const outcome =
      action === 'promote'
        ? (await promoteJob(db, company.key, id))
          ? 'promoted'
          : 'not-promotable'
        : await cancelJob(db, company.key, id, Date.now());
    const ok = outcome === 'promoted' || outcome === 'cancelled' || outcome === 'stop-requested';
    const state = await findJobState(db, company.key, id);
    write(
      ok
        ? `${id}: ${action === 'promote' ? 'promoted to the head of the queue' : outcome === 'stop-requested' ? 'stop requested' : 'cancelled'}\n`
        : `${id}: ${state === null ? 'no such job' : `not ${action === 'promote' ? 'promoted' : 'cancelled'}: it is ${state}${outcome === 'irrevocable' ? ' and its request has already run' : ''}`}\n`,
    );
    if (!ok) process.exitCode = 1;
  }
}

async function companyOrFail(db: Database, companyId: string): Promise<Company> {
  const company = await findCompany(db, companyId);
  if (!company) throw new LedgerqError('auth.unknown-company', `no company ${companyId} in ${db.displayUrl}`);
  return company;
}

/** `jobs export`: queues a DDS job and prints its JOBID (a worker, in `serve` or `ledgerq worker`, runs it). */
export async function exportCommand(
  db: Database,
  catalog: Catalog,
  exportDir: string,
  opts: { company: string; object: string; since?: string; fileRows?: number; fields?: string },
  write: (s: string) => void,
): Promise<string> {
  const company = await companyOrFail(db, opts.company);
  const jobId = await submitExport(
    db,
    catalog,
    company,
    exportDir,
    {
      object: opts.object,
      since: opts.since,
      fileRows: opts.fileRows,
      fields: opts.fields?.split(','),
      userId: 'admin',
    },
    Date.now(),
  );
  write(`${jobId}\n`);
  return jobId;
}

/** `jobs report`: queues a "Process & store report" job of a saved query and prints its JOBID. */
export async function reportCommand(
  db: Database,
  catalog: Catalog,
  opts: { company: string; entity?: string; query: string },
  write: (s: string) => void,
): Promise<string> {
  const company = await companyOrFail(db, opts.company);
  const jobId = await submitReport(
    db,
    catalog,
    company.key,
    { query: opts.query, entity: opts.entity ?? null, userId: 'admin' },
    Date.now(),
  );
  write(`${jobId}\n`);
  return jobId;
}

/** `jobs show`: every field of one job, its attempts, error, progress and result summary. */
export async function showJobCommand(
  db: Database,
  opts: { company: string; jobId: string; json?: boolean },
  write: (s: string) => void,
): Promise<void> {
  const company = await companyOrFail(db, opts.company);
  const job = await jobDetails(db, company.key, opts.jobId);
  if (opts.json) {
    write(`${JSON.stringify(job, null, 2)}\n`);
    return;
  }
  const lines: [string, unknown][] = [
    ['JOBID', job.jobId],
    ['JOBTYPE', job.jobType],
    ['STATE', job.state],
    ['ACTION', job.action],
    ['DETAILS', job.details],
    ['USERS', job.user],
    ['TIMEQUEUED', job.timeQueued],
    ['TIMESTARTED', job.timeStarted],
    ['TIMEFINISHED', job.timeFinished],
    ['kind', job.kind],
    ['lane', job.lane],
    ['attempts', `${job.attempts} of ${job.maxAttempts}`],
    ['cancel requested', job.cancelRequested ? 'yes' : 'no'],
    ['error', job.error],
    ['progress', job.progress],
  ];
  const r = job.result;
  if (r?.kind === 'dds-export')
    lines.push(['result', `${r.manifest.rows} rows in ${r.manifest.files.length} file(s) under ${r.dir}`]);
  else if (r?.kind === 'report') lines.push(['result', `${r.rows} rows (${r.labels.join(', ')})`]);
  else if (r?.kind === 'text') lines.push(['result', r.text]);
  write(`${lines.map(([k, v]) => `${k.padEnd(17)} ${v === null || v === undefined ? '' : String(v)}`).join('\n')}\n`);
}

/** `jobs result`: a stored report's rows or an export's manifest, to standard output or a file, streamed. */
export async function jobResultCommand(
  db: Database,
  opts: { company: string; jobId: string; format: ResultFormat; out?: string },
  write: (s: string) => void,
): Promise<void> {
  const company = await companyOrFail(db, opts.company);
  const result = await jobResult(db, company.key, opts.jobId, opts.format);
  if (opts.out) {
    await pipeline(Readable.from(result.chunks), createWriteStream(opts.out));
    return;
  }
  for await (const chunk of result.chunks) write(chunk);
}

export async function scheduleCommand(
  db: Database,
  catalog: Catalog,
  action: 'add' | 'list' | 'remove',
  opts: { company: string; name?: string; cron?: string; timezone?: string; query?: string; entity?: string },
  write: (s: string) => void,
): Promise<void> {
  const company = await companyOrFail(db, opts.company);
  if (action === 'add') {
    const s = await addSchedule(
      db,
      catalog,
      company.key,
      {
        name: opts.name!,
        cron: opts.cron!,
        timezone: opts.timezone,
        query: opts.query!,
        entity: opts.entity ?? null,
        userId: 'admin',
      },
      Date.now(),
    );
    write(`schedule ${s.name} added: ${s.cron} (${s.timezone}), next run ${s.nextRun}\n`);
  } else if (action === 'remove') {
    await removeSchedule(db, company.key, opts.name!);
    write(`schedule ${opts.name} removed\n`);
  } else {
    const all = await listSchedules(db, company.key);
    if (all.length === 0) write('(no schedules)\n');
    for (const s of all)
      write(`${s.name}\t${s.cron}\t${s.timezone}\tnext ${s.nextRun}\t${s.query.replace(/\s+/g, ' ').slice(0, 60)}\n`);
  }
}

type WithDb = (c: Command) => Command;
type DbOptions = ConfigOverrides & { company: string };

/** Opens, migrates and closes the database around one command. */
async function withDatabase(
  opts: ConfigOverrides,
  fn: (db: Database, catalog: Catalog, exportDir: string) => Promise<void>,
): Promise<void> {
  const config = loadConfig(opts);
  const db = await openDatabase(config.db);
  try {
    const catalog = buildCatalog(config.custom);
    await migrateSchema(db, catalog);
    await fn(db, catalog, config.exportDir!);
  } finally {
    await db.close();
  }
}

const out = (s: string) => {
  process.stdout.write(s);
};

/** `jobs export|report|show|result|schedule`, beside list/promote/cancel (registered in main.ts). */
export function registerJobCommands(jobs: Command, withDb: WithDb): void {
  const positive = (v: string) => {
    const n = Number(v);
    if (!Number.isSafeInteger(n)) throw new InvalidArgumentError('not an integer');
    return n;
  };
  withDb(jobs.command('export'))
    .description(
      'queue a Data Delivery Service export of one object to CSV files under exportDir/<company>/<object>/<jobid>/',
    )
    .requiredOption('--company <id>', 'company (e.g. demo)')
    .requiredOption('--object <name>', 'object, XML name (e.g. APBILL)')
    .option('--since <instant>', 'only rows whose WHENMODIFIED is after this ISO 8601 instant')
    .option('--file-rows <n>', `rows per file, ${FILE_ROWS.min} to ${FILE_ROWS.max}`, positive, FILE_ROWS.default)
    .option('--fields <list>', 'comma-separated XML field ids (default: every stored field)')
    .action((opts: DbOptions & { object: string; since?: string; fileRows: number; fields?: string }) =>
      withDatabase(opts, async (db, catalog, exportDir) => {
        await exportCommand(db, catalog, exportDir, opts, out);
      }),
    );

  withDb(jobs.command('report'))
    .description(
      'queue a "Process & store report" job: a saved XML <query>, <readByQuery> or REST query JSON run offline',
    )
    .requiredOption('--company <id>', 'company (e.g. demo)')
    .requiredOption('--query <file>', 'the query: a file, inline text, or - for standard input')
    .option('--entity <id>', 'run inside one entity (default: top level)')
    .action((opts: DbOptions & { query: string; entity?: string }) =>
      withDatabase(opts, async (db, catalog) => {
        await reportCommand(db, catalog, { ...opts, query: readQueryText(opts.query) }, out);
      }),
    );

  withDb(jobs.command('show'))
    .description('one job: state, attempts, error, progress and result summary')
    .argument('<jobid>', 'JOBID')
    .requiredOption('--company <id>', 'company the job belongs to')
    .option('--json', 'print JSON')
    .action((jobId: string, opts: DbOptions & { json?: boolean }) =>
      withDatabase(opts, (db) => showJobCommand(db, { company: opts.company, jobId, json: opts.json }, out)),
    );

  withDb(jobs.command('result'))
    .description("a delivered job's result: a stored report's rows, or an export's manifest")
    .argument('<jobid>', 'JOBID')
    .requiredOption('--company <id>', 'company the job belongs to')
    .option('--format <format>', 'csv or json', 'csv')
    .option('--out <file>', 'write to this file instead of standard output')
    .action((jobId: string, opts: DbOptions & { format: string; out?: string }) => {
      if (opts.format !== 'csv' && opts.format !== 'json')
        throw new InvalidArgumentError(`--format must be csv or json, not ${opts.format}`);
      return withDatabase(opts, (db) =>
        jobResultCommand(db, { company: opts.company, jobId, format: opts.format as ResultFormat, out: opts.out }, out),
      );
    });

  const schedule = jobs
    .command('schedule')
    .description('scheduled reports: a saved query queued as a "Scheduled report" job on a cron schedule');
  withDb(schedule.command('add'))
    .description('add a schedule')
    .requiredOption('--company <id>', 'company (e.g. demo)')
    .requiredOption('--name <name>', 'schedule name, unique in the company')
    .requiredOption('--cron <expr>', "cron expression, e.g. '*/15 * * * *' or '0 6 * * 1-5'")
    .option('--timezone <zone>', 'IANA time zone the expression is read in', 'UTC')
    .requiredOption('--query <file>', 'the query: a file, inline text, or - for standard input')
    .option('--entity <id>', 'run inside one entity (default: top level)')
    .action((opts: DbOptions & { name: string; cron: string; timezone: string; query: string; entity?: string }) =>
      withDatabase(opts, (db, catalog) =>
        scheduleCommand(db, catalog, 'add', { ...opts, query: readQueryText(opts.query) }, out),
      ),
    );
  withDb(schedule.command('list'))
    .description("list a company's schedules")
    .requiredOption('--company <id>', 'company (e.g. demo)')
    .action((opts: DbOptions) => withDatabase(opts, (db, catalog) => scheduleCommand(db, catalog, 'list', opts, out)));
  withDb(schedule.command('remove'))
    .description('remove a schedule')
    .argument('<name>', 'schedule name')
    .requiredOption('--company <id>', 'company (e.g. demo)')
    .action((name: string, opts: DbOptions) =>
      withDatabase(opts, (db, catalog) => scheduleCommand(db, catalog, 'remove', { ...opts, name }, out)),
    );
}
