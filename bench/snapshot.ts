// Times a snapshot and a restore of one company of ≥100,000 rows on SQLite and PostgreSQL (issue 9: each under a
// second).

import { loadavg } from 'node:os';
import { buildCatalog } from '../src/catalog/catalog.ts';
import { createSnapshot, deleteSnapshot, restoreSnapshot } from '../src/emulator/snapshot-company.ts';
import { ident, p, sql } from '../src/store/sql.ts';
import { findCompany } from '../src/auth/tenancy.ts';
import { createTestDatabase, BACKENDS } from '../test/support/databases.ts';
import { seedDemo } from '../src/app/seed.ts';
import { desiredSchema } from '../src/app/schema.ts';
import { createCheckpoint } from '../src/store/checkpoint.ts';
import { openDatabase } from '../src/store/open.ts';

/** Extra bills (about three rows each with lines and GL) on top of the small demo, to pass 100,000 rows in company demo. */
const LARGE = { vendors: 2_000, bills: Number(process.env.BENCH_BILLS ?? 25_000) };
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

/** Wall time in ms (fractions kept: a reset takes milliseconds), and on SQLite (which runs in this process) the CPU time too: on a shared machine the wall time mostly measures the neighbours. */
async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; wall: number; cpu: number }> {
  const cpu = process.cpuUsage();
  const wall = performance.now();
  const value = await fn();
  const used = process.cpuUsage(cpu);
  return {
    value,
    wall: Math.round((performance.now() - wall) * 10) / 10,
    cpu: Math.round((used.user + used.system) / 1000),
  };
}

const catalog = buildCatalog({});
const schema = desiredSchema(catalog);
console.log(
  `load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')} on this machine`,
);
async function memoryDatabase() {
  const db = await openDatabase('sqlite::memory:');
  return { db, drop: () => db.close() };
}

// The library API's reset (src/store/checkpoint.ts) on the small demo: the change log on SQLite in memory and PostgreSQL.
for (const backend of BACKENDS) {
  const t = backend === 'sqlite' ? await memoryDatabase() : await createTestDatabase(backend);
  try {
    await seedDemo(t.db, catalog, { size: 'small', seed: 1 });
    const demo = (await findCompany(t.db, 'demo'))!;
    const checkpoint = await createCheckpoint(
      t.db,
      schema.map((s) => s.name),
    );
    const figures: number[] = [];
    for (let round = 1; round <= ROUNDS * 3; round++) {
      // A test's worth of changes: a hundred bills edited, each by its own statement.
      const bills = await t.db.all<{ recordno: number }>(
        sql`SELECT ${ident('recordno')} FROM ${ident('o_apbill')} WHERE company_key = ${p(demo.key)} ORDER BY ${ident('recordno')} LIMIT 100`,
      );
      for (const b of bills)
        await t.db.run(sql`UPDATE ${ident('o_apbill')} SET ${ident('description')} = ${p(`reset ${round}`)}
          WHERE company_key = ${p(demo.key)} AND ${ident('recordno')} = ${p(b.recordno)}`);
      figures.push((await timed(() => checkpoint.restore())).wall);
    }
    await checkpoint.release();
    figures.sort((a, b) => a - b);
    console.log(
      `${backend}: library reset() after 100 edits (${checkpoint.method}), ${figures.length} rounds: ` +
        `median ${figures[Math.floor(figures.length / 2)]} ms, worst ${figures[figures.length - 1]} ms ` +
        `(goal ≤ ${backend === 'sqlite' ? 10 : 50} ms)`,
    );
  } finally {
    await t.drop();
  }
}
if (process.argv.includes('--reset-only')) process.exit(0);

for (const backend of BACKENDS) {
  const t = await createTestDatabase(backend);
  try {
    await seedDemo(t.db, catalog, { size: 'large', seed: 1, large: LARGE });
    const demo = (await findCompany(t.db, 'demo'))!;
    const first = await createSnapshot(t.db, schema, 'demo', 'warm-up');
    console.log(
      `${backend}: company demo has ${first.rows} rows; first snapshot (creates the snapshot tables) ${first.millis} ms`,
    );
    await deleteSnapshot(t.db, schema, 'demo', 'warm-up');
    for (let round = 1; round <= ROUNDS; round++) {
      const made = await timed(() => createSnapshot(t.db, schema, 'demo', `bench-${round}`));
      // A test's worth of changes: a hundred bills edited.
      await t.db.run(sql`UPDATE ${ident('o_apbill')} SET ${ident('description')} = ${p(`bench ${round}`)}
        WHERE company_key = ${p(demo.key)} AND ${ident('recordno')} IN (SELECT ${ident('recordno')} FROM ${ident('o_apbill')} WHERE company_key = ${p(demo.key)} ORDER BY ${ident('recordno')} LIMIT 100)`);
      const edits = await timed(() => restoreSnapshot(t.db, schema, 'demo', `bench-${round}`));
      const wholesale = await t.db.run(sql`DELETE FROM ${ident('o_apbillitem')} WHERE company_key = ${p(demo.key)}`);
      const heavy = await timed(() => restoreSnapshot(t.db, schema, 'demo', `bench-${round}`));
      const cpu = (x: { cpu: number }) => (backend === 'sqlite' ? `, ${x.cpu} ms CPU` : '');
      console.log(
        `${backend} round ${round}: snapshot of ${made.value.rows} rows ${made.wall} ms${cpu(made)}; ` +
          `restore after 100 edits ${edits.wall} ms${cpu(edits)} (${edits.value.changed} rows written); ` +
          `restore after deleting ${wholesale} bill lines ${heavy.wall} ms${cpu(heavy)} (${heavy.value.changed} rows written)`,
      );
    }
  } finally {
    await t.drop();
  }
}
