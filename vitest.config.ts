import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores: files in parallel, each file's database work in sequence.
    pool: 'forks',
    reporters: ['default', './test/support/backend-summary-reporter.ts'],
  },
});
