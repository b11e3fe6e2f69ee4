// `ledgerq import`: submits a CSV import job and, unless --no-wait, runs it in this process until it ends, printing
// progress and the summary.

import { type Command, InvalidArgumentError } from 'commander';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { findCompany, listEntities } from '../auth/tenancy.ts';
import { buildCatalog, type Catalog } from '../catalog/catalog.ts';
import { loadConfig, type ConfigOverrides } from '../app/config.ts';
import { LedgerqError } from '../errors.ts';
import {
  CSV_IMPORT_KIND,
  csvImportErrors,
  csvImportHandler,
  csvImportStatus,
  importFileLimit,
  submitCsvImport,
  type ImportStatus,
} from '../jobs/csv-import.ts';
import { JOB_STATE } from '../queue/job-states.ts';
import { startWorkerPool } from '../queue/worker-pool.ts';
import type { Database } from '../store/database.ts';
import { openDatabase } from '../store/open.ts';
import { migrateSchema } from '../app/schema.ts';

export interface ImportCommandOptions {
  readonly company: string;
  readonly object: string;
  readonly user: string;
  readonly entity?: string;
  /** Run the job here until it ends (default), or only queue it for the server's or a `ledgerq worker`'s workers. */
  readonly wait: boolean;
  /** Where the error CSV goes; default: next to the file, `<name>.errors.csv`. */
  readonly errors?: string;
  readonly chunkRows?: number;
}

export function defaultErrorsPath(file: string): string {
  return join(dirname(file), `${basename(file, extname(file))}.errors.csv`);
}

const WAITING: readonly string[] = [JOB_STATE.queued, JOB_STATE.running, JOB_STATE.deferred];

/**
 * Waiting runs a one-worker pool for CSV imports only: it takes this job (or
 * an older queued import first; a server's workers may also take this one,
 * and the command then just follows it). Returns the process exit code:
 * non-zero only when the whole job failed or was cancelled, not for bad rows.
 */
export async function runImportCommand(
  db: Database,
  catalog: Catalog,
  file: string,
  opts: ImportCommandOptions,
  out: (s: string) => void,
  err: (s: string) => void,
): Promise<number> {
  const company = await findCompany(db, opts.company);
  if (!company) throw new LedgerqError('auth.unknown-company', `no company ${opts.company}`);
  let entityId: string | null = null;
  if (opts.entity !== undefined) {
    const known = (await listEntities(db, company)).find(
      (e) => e.entityId.toUpperCase() === opts.entity!.toUpperCase(),
    );
    if (!known)
      throw new LedgerqError('auth.unknown-entity', `${opts.entity} is not an entity of company ${company.companyId}`);
    entityId = known.entityId;
  }
  const size = statSync(file).size;
  if (size > importFileLimit())
    throw new LedgerqError(
      'limit.file-too-large',
      `${file} has ${size.toLocaleString('en-US')} bytes; an import takes at most ${importFileLimit().toLocaleString('en-US')} (LEDGERQ_IMPORT_MAX_BYTES)`,
    );
  const csv = readFileSync(file, 'utf8');
  const { jobId, object } = await submitCsvImport(db, catalog, {
    companyKey: company.key,
    userId: opts.user,
    entityId,
    object: opts.object,
    fileName: basename(file),
    csv,
    chunkRows: opts.chunkRows,
  });
  out(`job ${jobId}: import ${object} from ${basename(file)} queued\n`);
  if (!opts.wait) {
    out(
      `a worker (ledgerq serve or ledgerq worker on this database) runs it; follow it with: ledgerq jobs list --company ${company.companyId}\n`,
    );
    return 0;
  }

  const pool = startWorkerPool({
    db,
    handlers: { [CSV_IMPORT_KIND]: csvImportHandler({ catalog }) },
    concurrency: 1,
    pollMs: 200,
    name: `ledgerq-import:${process.pid}`,
  });
  let interrupted = false;
  const onSignal = () => {
    interrupted = true;
  };
  process.once('SIGINT', onSignal);
  let status: ImportStatus;
  try {
    let shown = '';
    for (;;) {
      status = await csvImportStatus(db, company.key, jobId);
      if (status.details !== shown && status.state === JOB_STATE.running) {
        err(`${status.details}\n`);
        shown = status.details;
      }
      if (!WAITING.includes(status.state) || interrupted) break;
      await new Promise((r) => setTimeout(r, 250));
    }
  } finally {
    process.removeListener('SIGINT', onSignal);
    // A job still held is given back to the queue; it resumes after its last committed chunk.
    await pool.stop(1000);
  }
  if (interrupted && WAITING.includes(status.state)) {
    err(`interrupted: job ${jobId} is back in the queue and resumes after its last committed chunk\n`);
    return 130;
  }
  if (status.state !== JOB_STATE.delivered) {
    err(`job ${jobId} ${status.state.toLowerCase()}: ${status.error ?? status.details}\n`);
    return 1;
  }
  out(`${status.details}\n`);
  if (status.rows.errors > 0) {
    const path = opts.errors ?? defaultErrorsPath(file);
    writeFileSync(path, await csvImportErrors(db, company.key, jobId));
    out(`${status.rows.errors.toLocaleString('en-US')} rejected rows, with their line and reason: ${path}\n`);
  }
  return 0;
}

function positive(value: string): number {
  const v = Number(value);
  if (!Number.isSafeInteger(v) || v < 1) throw new InvalidArgumentError('not a positive integer');
  return v;
}

/** `ledgerq import --company C --object VENDOR [--user admin] [--entity E] [--no-wait] [--errors FILE] file.csv`. */
export function addImportCommand(program: Command): Command {
  return program
    .command('import')
    .description(
      'import a CSV file of records (header row = field names) as a "CSV import" job; bad rows go to an error CSV',
    )
    .argument('<file>', 'CSV file: a header row of field names (VENDORID,NAME,…), then one record per row')
    .requiredOption('--company <id>', 'company to import into (e.g. demo)')
    .requiredOption('--object <name>', 'object the rows are records of (e.g. VENDOR)')
    .option('--user <id>', 'user the job runs as (must not be read-only)', 'admin')
    .option('--entity <id>', 'entity new records belong to (default: top level)')
    .option('--errors <file>', 'where to write the rejected rows (default: <file name>.errors.csv beside the file)')
    .option('--chunk-rows <n>', 'rows per committed chunk', positive)
    .option('--wait', 'run the job in this process until it ends (the default)')
    .option('--no-wait', 'only queue the job, for the workers of a server or `ledgerq worker` on the same database')
    .option('--db <url>', 'database: sqlite:<path> or postgres://… (env LEDGERQ_DB; default sqlite:./data/ledgerq.db)')
    .option(
      '--config <file>',
      'settings and custom objects/fields (env LEDGERQ_CONFIG; default ./ledgerq.config.json if present)',
    )
    .action(
      async (
        file: string,
        opts: ConfigOverrides & {
          company: string;
          object: string;
          user: string;
          entity?: string;
          errors?: string;
          chunkRows?: number;
          wait?: boolean;
        },
      ) => {
        const config = loadConfig(opts);
        const db = await openDatabase(config.db);
        let code: number;
        try {
          const catalog = buildCatalog(config.custom);
          await migrateSchema(db, catalog);
          code = await runImportCommand(
            db,
            catalog,
            file,
            { ...opts, wait: opts.wait !== false },
            (s) => process.stdout.write(s),
            (s) => process.stderr.write(s),
          );
        } finally {
          await db.close();
        }
        process.exitCode = code;
      },
    );
}
