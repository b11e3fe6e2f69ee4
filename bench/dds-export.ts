// Benchmark: DDS export of the large demo's bills (1,000,000+) to CSV files; verifies them against a query stream and
// prints rows/s and peak RSS.
// Run: npm run bench:export [-- --db sqlite:./data/bench-large.db | postgres://…] [--file-rows N] [--batch-rows N]
// [--keep]

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findCompany } from '../src/auth/tenancy.ts';
import { buildCatalog } from '../src/catalog/catalog.ts';
import { exportObject, exportQuery, FILE_ROWS } from '../src/jobs/dds-export.ts';
import { recordsCsv } from '../src/protocols/xml/xml-records.ts';
import { selectLabel } from '../src/query/labels.ts';
import { streamQuery } from '../src/query/run-query.ts';
import { openDatabase } from '../src/store/open.ts';
import { p, sql } from '../src/store/sql.ts';
import { migrateSchema } from '../src/app/schema.ts';

const args = process.argv.slice(2);
const arg = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const dbUrl = arg('--db') ?? 'sqlite:./data/bench-large.db';
const fileRows = Number(arg('--file-rows') ?? FILE_ROWS.default);
const batchRows = arg('--batch-rows') === undefined ? undefined : Number(arg('--batch-rows'));
const LARGE_BILLS = 1_000_000;

const catalog = buildCatalog();
let db = await openDatabase(dbUrl);
await migrateSchema(db, catalog);
const billsOf = async () => {
  const demo = await findCompany(db, 'demo');
  if (!demo) return 0;
  return Number(
    (await db.all<{ n: unknown }>(sql`SELECT COUNT(*) AS n FROM o_apbill WHERE company_key = ${p(demo.key)}`))[0]!.n,
  );
};
if ((await billsOf()) < LARGE_BILLS) {
  // Seeded by the CLI in its own process, so this one's peak RSS is the export's alone.
  console.log(
    `${db.displayUrl}: fewer than ${LARGE_BILLS.toLocaleString('en-US')} bills in demo; seeding the large demo (ledgerq seed --size large)…`,
  );
  await db.close();
  execFileSync(
    process.execPath,
    [new URL('../bin/ledgerq.mjs', import.meta.url).pathname, 'seed', '--size', 'large', '--db', dbUrl],
    { stdio: 'inherit' },
  );
  db = await openDatabase(dbUrl);
}
const demo = (await findCompany(db, 'demo'))!;
const bills = await billsOf();
const dir = mkdtempSync(join(tmpdir(), 'ledgerq-export-bench-'));
const spec = {
  companyKey: demo.key,
  object: 'APBILL',
  mode: { kind: 'all' } as const,
  fileRows,
  fields: [] as string[],
  dir,
  batchRows,
};

try {
  const rssBefore = process.resourceUsage().maxRSS;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const manifest = await exportObject(db, catalog, spec, {
    onProgress: (done, total) => {
      if (process.stdout.isTTY)
        process.stdout.write(`\r  ${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} rows`);
    },
  });
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const peakMb = process.resourceUsage().maxRSS / 1024;
  if (process.stdout.isTTY) process.stdout.write('\n');
  const bytes = manifest.files.reduce((n, f) => n + statSync(join(dir, f.name)).size, 0);

  // Verification: the files' rows against the same query streamed again and written as the gateway's csv.
  const { bound, visible } = exportQuery(catalog, spec, null);
  const cols = {
    labels: bound.select.slice(0, visible).map((s) => selectLabel(s, 'xml')),
    selects: bound.select.slice(0, visible),
  };
  const header = recordsCsv(cols, []);
  const fromQuery = createHash('sha256');
  let queryRows = 0;
  for await (const batch of streamQuery(db, bound, 5000)) {
    fromQuery.update(recordsCsv(cols, batch).slice(header.length));
    queryRows += batch.length;
  }
  const fromFiles = createHash('sha256');
  let fileRowsSeen = 0;
  // Files are read in chunks, so the check costs no more memory than the export it checks (the peak RSS covers both).
  const headerBytes = Buffer.from(header, 'utf8');
  for (const f of manifest.files) {
    let skip = headerBytes.length;
    let lines = 0;
    for await (const chunk of createReadStream(join(dir, f.name)) as AsyncIterable<Buffer>) {
      let part = chunk;
      if (skip > 0) {
        const head = part.subarray(0, skip);
        if (!head.equals(headerBytes.subarray(headerBytes.length - skip, headerBytes.length - skip + head.length)))
          throw new Error(`${f.name}: unexpected header`);
        skip -= head.length;
        part = part.subarray(head.length);
      }
      fromFiles.update(part);
      for (let i = part.indexOf(10); i !== -1; i = part.indexOf(10, i + 1)) lines++;
    }
    if (lines < f.rows) throw new Error(`${f.name}: ${lines} lines for ${f.rows} rows`);
    fileRowsSeen += f.rows;
  }
  const a = fromFiles.digest('hex');
  const b = fromQuery.digest('hex');
  const ok = a === b && fileRowsSeen === queryRows && manifest.rows === queryRows;
  console.log(
    `EXPORT ${db.dialect.name.padEnd(9)} ${manifest.rows.toLocaleString('en-US')} rows (demo has ${bills.toLocaleString('en-US')} bills) in ${manifest.files.length} files, ` +
      `${(bytes / 1e6).toFixed(0)} MB, ${seconds.toFixed(1)} s = ${Math.round(manifest.rows / seconds).toLocaleString('en-US')} rows/s ` +
      `(this process: ${cpuSeconds.toFixed(1)} s CPU = ${Math.round(manifest.rows / cpuSeconds).toLocaleString('en-US')} rows per CPU-second); ` +
      `peak RSS ${peakMb.toFixed(0)} MB (${(rssBefore / 1024).toFixed(0)} MB before; target under 300 MB)`,
  );
  console.log(
    `VERIFY ${ok ? 'ok' : 'MISMATCH'}: query stream ${queryRows.toLocaleString('en-US')} rows sha256 ${b.slice(0, 16)}…, files ${fileRowsSeen.toLocaleString('en-US')} rows sha256 ${a.slice(0, 16)}…`,
  );
  if (!ok) process.exitCode = 1;
} finally {
  if (!args.includes('--keep')) rmSync(dir, { recursive: true, force: true });
  else console.log(`files kept in ${dir}`);
  await db.close();
}
