// Benchmark: seeds the large demo (1,000,000 bills with lines, 10,000 vendors) on SQLite and PostgreSQL and prints
// rows/s.
// Run: npm run bench:seed [-- --pg postgres://postgres@127.0.0.1:5432/postgres] [--only sqlite|postgres]

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { buildCatalog } from '../src/catalog/catalog.ts';
import { progressBar } from '../src/cli/progress-bar.ts';
import { openDatabase } from '../src/store/open.ts';
import { seedDemo } from '../src/app/seed.ts';

const args = process.argv.slice(2);
const arg = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const pgServer = arg('--pg') ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const only = arg('--only');

async function run(label: string, url: string): Promise<void> {
  const db = await openDatabase(url);
  try {
    const s = await seedDemo(db, buildCatalog(), { size: 'large', seed: 1, progress: progressBar() });
    const rows = Object.values(s.rows).reduce((a, b) => a + b, 0);
    console.log(
      `SEED ${label.padEnd(10)} ${rows.toLocaleString('en-US')} rows in ${(s.millis / 1000).toFixed(1)} s = ${Math.round(rows / (s.millis / 1000)).toLocaleString('en-US')} rows/s (target: under 60 s on SQLite)`,
    );
  } finally {
    await db.close();
  }
}

if (only !== 'postgres') {
  const dir = mkdtempSync(join(tmpdir(), 'ledgerq-bench-'));
  try {
    await run('sqlite', `sqlite:${join(dir, 'bench.db')}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
if (only !== 'sqlite') {
  const name = `ledgerq_bench_${process.pid}`;
  const url = new URL(pgServer);
  url.pathname = `/${name}`;
  try {
    await run('postgres', url.toString());
  } finally {
    const c = new pg.Client({ connectionString: pgServer });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await c.end();
  }
}
