// Random datasets and queries give identical pages on every database and on the reference evaluator, in every scope
// (longer runs: npm run test:differential).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { DifferentialRunner, prepareDatabases, runDifferential } from './harness.ts';
import { formatFailure, formatStats } from './report.ts';

/** Fixed, so a failure here replays with `npm run test:differential -- --runs 2000 --seed 20240315`. */
const SEED = 20240315;
const QUERIES = 2000;
/** 40 datasets of 50 queries: loading a dataset costs about as much as fifty queries. */
const PER_DATASET = 50;

describe(`differential ${BACKENDS.join(' ')} evaluator`, () => {
  let dbs: TestDatabase[] = [];
  let runner: DifferentialRunner;
  beforeAll(async () => {
    dbs = await Promise.all(BACKENDS.map((b) => createTestDatabase(b)));
    runner = new DifferentialRunner(dbs.map((t) => ({ name: t.backend, db: t.db })));
    await prepareDatabases(runner.dbs, runner.catalog);
  });
  afterAll(async () => {
    for (const t of dbs) await t.drop();
  });

  it(`${QUERIES} random queries agree in every scope and never show another company's or a hidden entity's rows`, async () => {
    const details = await runDifferential(runner, {
      seed: SEED,
      queries: QUERIES,
      perDataset: PER_DATASET,
      shrinkBudget: 30_000,
    });
    if (details.failed) expect.fail(`${formatFailure(details)}\n${formatStats(runner.stats)}`);
    // The generator aims at valid requests with answers: many refusals or empty pages would leave ground untested.
    expect(runner.stats.rejected).toBeLessThan(runner.stats.queries * 0.02);
    expect(runner.stats.nonEmpty).toBeGreaterThan(runner.stats.variants * 0.2);
  }, 240_000);
});
