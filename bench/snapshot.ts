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

/** Extra bills (about three rows each with lines and GL) on top of the small demo, to pass 100,000 rows in company demo. */
const LARGE = { vendors: 2_000, bills: Number(process.env.BENCH_BILLS ?? 25_000) };
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

/** Wall time, and on SQLite (which runs in this process) the CPU time too: on a shared machine the wall time mostly measures the neighbours. */
async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; wall: number; cpu: number }> {
  const cpu = process.cpuUsage();
  const wall = performance.now();
  const value = await fn();
  const used = process.cpuUsage(cpu);
  return { value, wall: Math.round(performance.now() - wall), cpu: Math.round((used.user + used.system) / 1000) };
}

const catalog = buildCatalog({});
const schema = desiredSchema(catalog);
console.log(
  `load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')} on this machine`,
);
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
