// `npm run test:differential -- --runs N --seed S`: a long differential run on SQLite, PostgreSQL and the evaluator.

import { parseArgs } from 'node:util';
import { BACKENDS, createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { DifferentialRunner, prepareDatabases, runDifferential } from './harness.ts';
import { formatFailure, formatStats } from './report.ts';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '10000' },
    seed: { type: 'string' },
    'per-dataset': { type: 'string', default: '50' },
  },
});
const queries = Number(values.runs);
const perDataset = Number(values['per-dataset']);
const seed = values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(values.seed);
if (
  !Number.isSafeInteger(queries) ||
  queries < 1 ||
  !Number.isSafeInteger(perDataset) ||
  perDataset < 1 ||
  !Number.isSafeInteger(seed)
) {
  console.error('usage: npm run test:differential -- [--runs N] [--seed S] [--per-dataset K]');
  process.exit(2);
}

console.log(`differential: ${queries} queries on ${BACKENDS.join(', ')} and the evaluator, seed ${seed}`);
const started = Date.now();
const dbs: TestDatabase[] = [];
let failed = true;
try {
  for (const b of BACKENDS) dbs.push(await createTestDatabase(b));
  const runner = new DifferentialRunner(dbs.map((t) => ({ name: t.backend, db: t.db })));
  await prepareDatabases(runner.dbs, runner.catalog);
  let lastPrint = 0;
  const details = await runDifferential(runner, {
    seed,
    queries,
    perDataset,
    onProgress: (done) => {
      if (Date.now() - lastPrint < 2000 && done < queries) return;
      lastPrint = Date.now();
      console.log(`  ${done}/${queries} queries, ${((Date.now() - started) / 1000).toFixed(1)}s`);
    },
  });
  console.log(formatStats(runner.stats));
  if (details.failed) {
    console.error(
      `\nFAILED after ${details.numRuns} datasets and ${details.numShrinks} shrinks\n${formatFailure(details)}`,
    );
  } else {
    failed = false;
    console.log(`ok: ${queries} queries agree, seed ${seed}, ${((Date.now() - started) / 1000).toFixed(1)}s`);
  }
} finally {
  for (const t of dbs) await t.drop();
}
process.exit(failed ? 1 : 0);
