// The `ledgerq` command: serve, migrate, seed.

import { Command, InvalidArgumentError } from 'commander';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { buildCatalog } from '../catalog/catalog.ts';
import { loadConfig, type ConfigOverrides } from '../app/config.ts';
import type { DemoSize } from '../demo/seed-demo.ts';
import { LedgerqError } from '../errors.ts';
import { openDatabase } from '../store/open.ts';
import { runWorkerProcess } from '../jobs/run-workers.ts';
import { changeJobs, listJobs, registerJobCommands } from './jobs-command.ts';
import { closeOnSignals, createLogger, type LogFormat, startServer } from '../server/serve.ts';
import { startBanner } from './banner.ts';
import { isServeWorker, startPrimary, startServeWorker } from '../server/serve-processes.ts';
import { progressBar } from './progress-bar.ts';
import { readQueryText, runQueryCommand } from './query-command.ts';
import { addAdminCommand } from './admin-command.ts';
import { addReplayCommand } from './replay-command.ts';
import { addRecordCommand } from './record-command.ts';
import { writeReadyFile } from './ready-file.ts';
import { addImportCommand } from './import-command.ts';
import { seedDemo } from '../app/seed.ts';
import { migrateSchema } from '../app/schema.ts';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

function integer(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new InvalidArgumentError('not an integer');
  return n;
}

const program = new Command()
  .name('ledgerq')
  .description('Self-hosted Sage Intacct query APIs and offline job queue over SQLite or PostgreSQL')
  .version(pkg.version)
  .showHelpAfterError();

const withDb = (c: Command) =>
  c
    .option('--db <url>', 'database: sqlite:<path> or postgres://… (env LEDGERQ_DB; default sqlite:./data/ledgerq.db)')
    .option(
      '--config <file>',
      'settings and custom objects/fields (env LEDGERQ_CONFIG; default ./ledgerq.config.json if present)',
    );

type ServeOptions = ConfigOverrides & {
  seed: boolean;
  demoSeed: number;
  logLevel?: string;
  logFormat?: string;
  readyFile?: string;
  workers: number;
  processes: number;
};

/** `--processes`: a count of at least 1, or `auto` for one per core. */
function processCount(value: string): number {
  if (value === 'auto') return availableParallelism();
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError('a count of at least 1, or auto');
  return n;
}

function logFormat(value: string | undefined): LogFormat | undefined {
  if (value === undefined || value === 'pretty' || value === 'json') return value;
  throw new InvalidArgumentError(`--log-format must be pretty or json, not ${value}`);
}

withDb(program.command('serve'))
  .description('start the server (migrates, and seeds the small demo into a new database)')
  .option('--host <host>', 'address to bind (env LEDGERQ_HOST; default 127.0.0.1)')
  .option('--port <port>', 'port; 0 picks a free one (env LEDGERQ_PORT; default 7070)')
  .option('--log-level <level>', 'pino level: fatal, error, warn, info, debug, silent (default info)')
  .option('--log-format <format>', 'pretty (one line per request) or json (default: pretty on a terminal, else json)')
  .option('--ready-file <file>', 'write the URL to this file once the server listens (for scripts and CI)')
  .option('--no-seed', 'do not seed the demo companies into a new database')
  .option('--demo-seed <n>', 'random seed of the demo data', integer, 1)
  .option(
    '--workers <n>',
    'job workers run in this process; 0 runs none, so submitted jobs wait in the queue',
    integer,
    2,
  )
  .option(
    '--processes <n>',
    'server processes sharing the port over one database (auto: one per core); jobs run in the primary',
    processCount,
    1,
  )
  .action(async (opts: ServeOptions) => {
    const config = loadConfig(opts);
    const logger = createLogger(config.logLevel, logFormat(opts.logFormat));
    if (isServeWorker()) return startServeWorker(config, logger);
    if (opts.processes > 1) {
      const group = await startPrimary(config, {
        processes: opts.processes,
        seedDemo: opts.seed,
        demoSeed: opts.demoSeed,
        workers: opts.workers,
        logger,
        progress: progressBar(),
      });
      process.stdout.write(startBanner(group, config));
      if (opts.readyFile) writeReadyFile(opts.readyFile, group.url);
      return;
    }
    const server = await startServer(config, {
      seedDemo: opts.seed,
      demoSeed: opts.demoSeed,
      logger,
      progress: progressBar(),
      workers: opts.workers,
    });
    process.stdout.write(startBanner(server, config));
    closeOnSignals(server, (m) => logger.info(m));
    if (opts.readyFile) writeReadyFile(opts.readyFile, server.url);
  });

withDb(program.command('worker'))
  .description('run job workers as their own process, beside servers on the same database')
  .option('--concurrency <n>', 'jobs this process runs at once', integer, 2)
  .option('--log-level <level>', 'pino level: fatal, error, warn, info, debug, silent (default info)')
  .action(async (opts: ConfigOverrides & { concurrency: number; logLevel?: string }) => {
    const config = loadConfig(opts);
    const logger = createLogger(config.logLevel);
    const db = await openDatabase(config.db);
    const catalog = buildCatalog(config.custom);
    await migrateSchema(db, catalog);
    await runWorkerProcess(db, catalog, opts.concurrency, logger);
  });

const jobs = program
  .command('jobs')
  .description(
    'the offline job queue (JOBQUEUERECORD): list, show, promote, cancel, results, exports, reports and schedules',
  );

withDb(jobs.command('list'))
  .description("list a company's jobs")
  .requiredOption('--company <id>', 'company (e.g. demo)')
  .option('--state <code>', 'Q queued, T in progress, S delivered, D failed, R deferred, C cancelled')
  .option('--limit <n>', 'at most this many jobs', integer, 100)
  .action(async (opts: ConfigOverrides & { company: string; state?: string; limit: number }) => {
    const config = loadConfig(opts);
    const db = await openDatabase(config.db);
    try {
      const catalog = buildCatalog(config.custom);
      await migrateSchema(db, catalog);
      await listJobs(db, catalog, opts.company, opts.state, opts.limit, (s) => process.stdout.write(s));
    } finally {
      await db.close();
    }
  });

for (const action of ['promote', 'cancel'] as const) {
  withDb(jobs.command(action))
    .description(
      action === 'promote'
        ? "move queued jobs to the head of their company's queue"
        : 'cancel queued jobs, or ask running ones to stop',
    )
    .argument('<jobid...>', 'JOBIDs')
    .requiredOption('--company <id>', 'company the jobs belong to')
    .action(async (jobIds: string[], opts: ConfigOverrides & { company: string }) => {
      const config = loadConfig(opts);
      const db = await openDatabase(config.db);
      try {
        await migrateSchema(db, buildCatalog(config.custom));
        await changeJobs(db, action, opts.company, jobIds, (s) => process.stdout.write(s));
      } finally {
        await db.close();
      }
    });
}

registerJobCommands(jobs, withDb);

withDb(program.command('migrate'))
  .description('bring the database schema up to date with the catalog and custom declarations')
  .action(async (opts: ConfigOverrides) => {
    const config = loadConfig(opts);
    const db = await openDatabase(config.db);
    try {
      const r = await migrateSchema(db, buildCatalog(config.custom));
      console.log(
        r.version === null
          ? `${db.displayUrl}: schema is up to date`
          : `${db.displayUrl}: applied version ${r.version} (${r.statements.length} statements)`,
      );
    } finally {
      await db.close();
    }
  });

withDb(program.command('seed'))
  .description('(re)create the demo companies demo and demo2 with deterministic data')
  .option('--size <size>', 'small (about 2,000 bills) or large (adds 1,000,000 bills and 10,000 vendors)', 'small')
  .option('--seed <n>', 'random seed; the same seed gives the same rows on SQLite and PostgreSQL', integer, 1)
  .action(async (opts: ConfigOverrides & { size: string; seed: number }) => {
    if (opts.size !== 'small' && opts.size !== 'large')
      throw new InvalidArgumentError(`--size must be small or large, not ${opts.size}`);
    const config = loadConfig(opts);
    const db = await openDatabase(config.db);
    try {
      const summary = await seedDemo(db, buildCatalog(config.custom), {
        size: opts.size as DemoSize,
        seed: opts.seed,
        progress: progressBar(),
      });
      const total = Object.values(summary.rows).reduce((a, b) => a + b, 0);
      console.log(
        `${db.displayUrl}: seeded ${summary.companies.join(', ')} (${opts.size}, seed ${opts.seed}): ${total.toLocaleString('en-US')} rows in ${(summary.millis / 1000).toFixed(1)}s`,
      );
    } finally {
      await db.close();
    }
  });

withDb(program.command('query'))
  .description(
    'run an XML <query>, a <readByQuery> or a REST query JSON (inline, a file, or - for stdin) and print the rows',
  )
  .argument('<query>', 'query text, a file holding it, or - for standard input')
  .requiredOption('--company <id>', 'company to query as (e.g. demo)')
  .option('--entity <id>', 'work inside one entity (default: top level, private entities hidden)')
  .option('--format <format>', 'table, json or csv', 'table')
  .option('--explain', 'print the SQL, its parameters and the database plan instead of rows')
  .action(
    async (
      query: string,
      opts: ConfigOverrides & { company: string; entity?: string; format: string; explain?: boolean },
    ) => {
      if (!['table', 'json', 'csv'].includes(opts.format))
        throw new InvalidArgumentError(`--format must be table, json or csv, not ${opts.format}`);
      const config = loadConfig(opts);
      const db = await openDatabase(config.db);
      try {
        const catalog = buildCatalog(config.custom);
        await migrateSchema(db, catalog);
        await runQueryCommand(
          db,
          catalog,
          readQueryText(query),
          { company: opts.company, entity: opts.entity, explain: opts.explain, format: opts.format as 'table' },
          (s) => process.stdout.write(s),
        );
      } finally {
        await db.close();
      }
    },
  );

addAdminCommand(program);
addReplayCommand(program);
addRecordCommand(program);
addImportCommand(program);

program.parseAsync(process.argv).catch((e: unknown) => {
  if (e instanceof LedgerqError || e instanceof InvalidArgumentError) {
    console.error(`ledgerq: ${e.message}`);
  } else {
    console.error(e);
  }
  process.exit(1);
});
