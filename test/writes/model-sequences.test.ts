// Property: random sequences of creates, updates and deletes through XML and REST (classes; bills with lines and their
// payments) leave the database equal to an in-memory model.

import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../support/databases.ts';
import { gatewayDatabase, type Gateway, startGateway } from '../xml/support/gateway-harness.ts';
import {
  anyAccount,
  classProperty,
  documentProperty,
  modelTarget,
  type ModelTarget,
  type Tally,
} from './write-model.ts';

/** Short in npm test; `npm run test:writes-model -- --runs 500` runs the long one. */
const RUNS = Number(process.env.LEDGERQ_WRITES_MODEL_RUNS ?? 25);
const SEED = Number(process.env.LEDGERQ_WRITES_MODEL_SEED ?? 8);

describe.each(BACKENDS)('random write sequences against a model on %s', (backend) => {
  const { url, cleanup } = gatewayDatabase(backend);
  let g: Gateway;
  let t: ModelTarget;
  beforeAll(async () => {
    g = await startGateway(url);
    t = await modelTarget(g);
  });
  afterAll(async () => {
    await g?.close();
    await cleanup();
  });

  it(
    'classes: the database equals the model after every sequence',
    async () => {
      await fc.assert(classProperty(t, 'C'), { numRuns: RUNS, seed: SEED });
    },
    60_000 + RUNS * 2_000,
  );

  it(
    'bills, lines and payments: totals, states and the vendor due equal the model after every sequence',
    async () => {
      const tally: Tally = {};
      await fc.assert(documentProperty(t, await anyAccount(t), 'D', tally), {
        numRuns: Math.max(1, Math.round(RUNS / 2)),
        seed: SEED,
      });
      // The operations the sequences applied, by outcome: each kind must have been both accepted and refused.
      console.log(
        `${backend} document operations: ${Object.entries(tally)
          .sort()
          .map(([k, n]) => `${k} ${n}`)
          .join(', ')}`,
      );
      for (const kind of ['line', 'pay'])
        expect(Object.keys(tally)).toEqual(expect.arrayContaining([`${kind}:ok`, `${kind}:refused`]));
    },
    60_000 + RUNS * 4_000,
  );
});
