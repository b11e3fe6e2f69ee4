import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores: files in parallel, each file's database work in sequence. Vitest's default is one worker fewer than
    // the cores (one, on two), and most of a file's time is spent waiting on a database or a server, not computing.
    pool: 'forks',
    maxWorkers: 2,
    reporters: ['default', './test/support/backend-summary-reporter.ts'],
  },
});
