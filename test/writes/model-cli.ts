// `npm run test:writes-model -- --runs 500 [--seed S]`: the write-model property (test/writes/model-sequences.test.ts)
// with many runs, on SQLite and PostgreSQL.

import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '500' }, seed: { type: 'string' } } });
const runs = Number(values.runs);
const seed = values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(values.seed);
if (!Number.isSafeInteger(runs) || runs < 1 || !Number.isSafeInteger(seed)) {
  console.error('usage: npm run test:writes-model -- [--runs N] [--seed S]');
  process.exit(2);
}
console.log(
  `writes model: ${runs} class sequences and ${Math.max(1, Math.round(runs / 2))} document sequences per database, seed ${seed}`,
);
const started = Date.now();
const r = spawnSync('npx', ['vitest', 'run', 'test/writes/model-sequences.test.ts'], {
  stdio: 'inherit',
  env: { ...process.env, LEDGERQ_WRITES_MODEL_RUNS: String(runs), LEDGERQ_WRITES_MODEL_SEED: String(seed) },
});
console.log(`${r.status === 0 ? 'ok' : 'FAILED'}: seed ${seed}, ${((Date.now() - started) / 1000).toFixed(1)}s`);
process.exit(r.status ?? 1);
