// Micro-benchmark of the answer writers (issue 20: "the XML and JSON writers at 100 MB/s of output or more"): the
// gateway's records as XML, json and csv (query's returnFormat) and the REST query service's `ia::result` records as
// the server sends them (JSON.stringify of the body), over real demo rows of APBILL (every field) and VENDOR.
//
//   npm run bench:writers [-- --rows 20000 --seconds 3] [-- --only csv,REST]
//
// Rows come from the small demo in a temporary SQLite file, read once through the query path, then repeated to the
// row count asked; each writer then runs for the given CPU time and the output rate is printed in MB per CPU second
// (10^6 bytes; garbage collection on other threads is not counted).

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedDemo } from '../src/app/seed.ts';
import { scopeFor } from '../src/auth/scope.ts';
import { findCompany } from '../src/auth/tenancy.ts';
import { buildCatalog } from '../src/catalog/catalog.ts';
import type { FieldValue } from '../src/catalog/field-values.ts';
import { recordsCsv, recordsJson, recordsXml } from '../src/protocols/xml/xml-records.ts';
import { lowerQueryText } from '../src/protocols/query-text.ts';
import { lowerRestQuery } from '../src/protocols/rest/lower-query.ts';
import { restRecords } from '../src/protocols/rest/run-rest-query.ts';
import { bindQuery } from '../src/query/bind.ts';
import type { BoundQuery } from '../src/query/ir/bound.ts';
import { selectLabel } from '../src/query/labels.ts';
import { runQuery } from '../src/query/run-query.ts';
import { openDatabase } from '../src/store/open.ts';

const args = process.argv.slice(2);
const flag = (name: string, fallback: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const ROWS = flag('--rows', 20_000);
const SECONDS = flag('--seconds', 3);
const TARGET_MB_S = 100;
// Writers whose name contains one of these words (case-insensitive): all when not given.
const ONLY = (() => {
  const i = args.indexOf('--only');
  return i >= 0
    ? String(args[i + 1])
        .toLowerCase()
        .split(',')
    : null;
})();

function repeatTo<T>(rows: readonly T[], n: number): T[] {
  if (rows.length === 0) throw new Error('the demo query returned no rows');
  return Array.from({ length: n }, (_, i) => rows[i % rows.length]!);
}

/**
 * Runs `write` repeatedly for SECONDS of this process's CPU time (after a warm-up) and answers output bytes per CPU
 * second: CPU time rather than wall time, so that other work on a shared machine does not count against the writer.
 */
function rate(write: () => string): { mbPerSecond: number; bytes: number } {
  const bytes = Buffer.byteLength(write());
  for (let i = 0; i < 3; i++) write();
  const cpu = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1e6;
  };
  let runs = 0;
  const start = cpu();
  let used = 0;
  while (used < SECONDS) {
    write();
    runs++;
    used = cpu() - start;
  }
  return { mbPerSecond: (bytes * runs) / used / 1e6, bytes };
}

const dir = mkdtempSync(join(tmpdir(), 'ledgerq-bench-writers-'));
const db = await openDatabase(`sqlite:${join(dir, 'writers.db')}`);
try {
  const catalog = buildCatalog();
  await seedDemo(db, catalog, { size: 'small', seed: 1 });
  const company = (await findCompany(db, 'demo'))!;
  const ctx = { scope: await scopeFor(db, company, null), now: '2026-12-01T00:00:00Z' };

  async function xmlRows(text: string): Promise<{ bound: BoundQuery; rows: FieldValue[][] }> {
    const bound = bindQuery(catalog, lowerQueryText(text)[0]!.request, ctx);
    return { bound, rows: repeatTo((await runQuery(db, bound)).rows, ROWS) };
  }

  const lines: string[] = [];
  const report = (name: string, measure: () => { mbPerSecond: number; bytes: number }) => {
    if (ONLY && !ONLY.some((w) => name.toLowerCase().includes(w))) return;
    const r = measure();
    const ok = r.mbPerSecond >= TARGET_MB_S ? 'met' : 'MISSED';
    lines.push(
      `${name.padEnd(34)} ${(r.bytes / 1e6).toFixed(1).padStart(6)} MB per answer  ${r.mbPerSecond.toFixed(0).padStart(5)} MB/s  (target ≥ ${TARGET_MB_S}: ${ok})`,
    );
  };

  for (const object of ['APBILL', 'VENDOR']) {
    const { bound, rows } = await xmlRows(
      `<readByQuery><object>${object}</object><fields>*</fields><query></query><pagesize>1000</pagesize></readByQuery>`,
    );
    const cols = { labels: bound.select.map((s) => selectLabel(s, bound.naming)), selects: bound.select };
    report(`XML records, ${object} * (${cols.labels.length})`, () => rate(() => recordsXml(object, cols, rows)));
    report(`XML json, ${object} *`, () => rate(() => recordsJson(cols, rows)));
    report(`XML csv, ${object} *`, () => rate(() => recordsCsv(cols, rows)));
  }

  for (const [object, fields] of [
    [
      'accounts-payable/bill',
      [
        'key',
        'id',
        'vendor.id',
        'vendor.name',
        'state',
        'totalTxnAmount',
        'totalTxnAmountDue',
        'createdDate',
        'dueDate',
        'description',
        'audit.modifiedDateTime',
        'href',
      ],
    ],
    [
      'accounts-payable/vendor',
      ['key', 'id', 'name', 'status', 'vendorType.id', 'creditLimit', 'totalDue', 'audit.createdDateTime', 'href'],
    ],
  ] as const) {
    const rest = lowerRestQuery({ object, fields, size: 4000 });
    const bound = bindQuery(catalog, rest.request, ctx);
    const rows = repeatTo((await runQuery(db, bound)).rows, ROWS);
    report(`REST ${object} (${fields.length})`, () =>
      rate(() => JSON.stringify({ 'ia::result': restRecords(bound, rest, rows), 'ia::meta': {} })),
    );
  }
  console.log(`writers, ${ROWS} rows per answer, ${SECONDS} CPU s each (node ${process.version})`);
  for (const l of lines) console.log(l);
} finally {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
}
