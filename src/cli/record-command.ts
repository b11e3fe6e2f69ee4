// `ledgerq record --upstream URL --out FILE`: runs the recording proxy until SIGINT or SIGTERM.
// `ledgerq record --import-company FILE --company ID`: writes the records a recording saw into a company.

import { type Command, InvalidArgumentError } from 'commander';
import { DEFAULT_RECORD_TIMEOUT_MS, startRecordProxy } from '../server/record-proxy.ts';
import { writeReadyFile } from './ready-file.ts';
import { loadConfig, type ConfigOverrides } from '../app/config.ts';
import { migrateSchema } from '../app/schema.ts';
import { buildCatalog } from '../catalog/catalog.ts';
import { openDatabase } from '../store/open.ts';
import { importRecording } from './import-recording.ts';
import { readEntries } from './replay-command.ts';

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0) throw new InvalidArgumentError('not a non-negative integer');
  return n;
}

interface RecordOptions extends ConfigOverrides {
  importCompany?: string;
  company?: string;
  replace?: boolean;
  upstream?: string;
  out?: string;
  host: string;
  port: number;
  timeout: number;
  readyFile?: string;
}

async function runProxy(o: RecordOptions): Promise<void> {
  if (!o.upstream || !o.out) throw new InvalidArgumentError('record needs --upstream and --out');
  try {
    new URL(o.upstream);
  } catch {
    throw new InvalidArgumentError(`--upstream is not a URL: ${o.upstream}`);
  }
  const proxy = await startRecordProxy({
    upstream: o.upstream,
    out: o.out,
    host: o.host,
    port: o.port,
    timeoutMs: o.timeout,
  });
  console.log(`ledgerq record: ${proxy.url} → ${o.upstream}, recording to ${o.out}`);
  console.log(`  point clients at ${proxy.url}/ia/xml/xmlgw.phtml and ${proxy.url}/ia/api/v1`);
  if (o.readyFile) writeReadyFile(o.readyFile, proxy.url);
  let stopping = false;
  const stop = () => {
    if (stopping) process.exit(1);
    stopping = true;
    proxy.close().then(
      () => {
        console.log(`ledgerq record: ${proxy.recorded()} exchanges recorded to ${o.out}`);
        process.exit(0);
      },
      (e: unknown) => {
        console.error(`ledgerq record: ${(e as Error).message}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

async function runImport(file: string, o: RecordOptions): Promise<void> {
  if (!o.company) throw new InvalidArgumentError('--import-company needs --company');
  const entries = readEntries(file);
  const config = loadConfig(o);
  const db = await openDatabase(config.db);
  try {
    const catalog = buildCatalog(config.custom);
    await migrateSchema(db, catalog);
    const summary = await importRecording(db, catalog, o.company, entries, { replace: o.replace === true });
    const written = Object.entries(summary.written);
    console.log(
      `${db.displayUrl}: company ${o.company}: ${written.length === 0 ? 'no records' : written.map(([obj, n]) => `${n} ${obj}`).join(', ')} from ${file}`,
    );
    for (const [why, n] of Object.entries(summary.skipped)) console.log(`  left out ${n}×: ${why}`);
  } finally {
    await db.close();
  }
}

export function addRecordCommand(program: Command): void {
  program
    .command('record')
    .description(
      'a proxy that forwards XML gateway and REST requests to an upstream (Intacct or a ledgerq) and records each exchange, redacted, for `ledgerq replay --compare`',
    )
    .option('--upstream <url>', 'where requests go, e.g. https://api.intacct.com')
    .option('--out <file>', 'the recording: JSON lines in the journal format, appended to')
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .option('--port <n>', 'port; 0 picks a free one', positiveInteger, 7171)
    .option(
      '--timeout <ms>',
      'how long the upstream may stay silent before the exchange is recorded as timed out',
      positiveInteger,
      DEFAULT_RECORD_TIMEOUT_MS,
    )
    .option('--ready-file <file>', 'write the proxy URL to this file once it listens')
    .option('--import-company <file>', 'instead of recording: write the records this recording saw into --company')
    .option('--company <id>', 'with --import-company: the company written to (it must exist)')
    .option('--replace', "with --import-company: delete the company's other records of each object seen first")
    .option('--db <url>', 'with --import-company: database (env LEDGERQ_DB; default sqlite:./data/ledgerq.db)')
    .option('--config <file>', 'with --import-company: settings and custom objects/fields (env LEDGERQ_CONFIG)')
    .action(async (o: RecordOptions) => {
      if (o.importCompany) await runImport(o.importCompany, o);
      else await runProxy(o);
    });
}
