// docs/seed-coverage.md is generated from the seed(...) calls of the tests; it must be current, and the collector must
// see the calls (a broken pattern would find none and prove nothing).

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderSeedCoverage, SEED_COVERAGE_DOC, seedStatements } from '../scripts/seed-coverage.ts';

describe('seed coverage', () => {
  it('docs/seed-coverage.md is what the tests prove (npm run docs:seeds writes it)', () => {
    expect(readFileSync(SEED_COVERAGE_DOC, 'utf8')).toBe(renderSeedCoverage());
  });

  it('the collector finds the seed-cited tests, each with a sentence and a line', () => {
    const all = seedStatements();
    expect(all.length).toBeGreaterThan(0);
    for (const s of all) {
      expect(s.ref).toMatch(/^(rest-query-service|xml-query-and-readbyquery|queue-administration)\.txt:\d+$/);
      expect(s.sentence.length).toBeGreaterThan(10);
      expect(s.test ?? s.reason).toBeTruthy();
    }
  });
});
