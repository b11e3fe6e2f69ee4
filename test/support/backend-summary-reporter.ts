// Prints, after vitest's own summary, how many tests ran on each database, so CI output shows the PostgreSQL tests ran.

import type { Reporter, TestModule } from 'vitest/node';

export default class BackendSummaryReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const counts = {
      sqlite: { passed: 0, failed: 0, skipped: 0 },
      postgres: { passed: 0, failed: 0, skipped: 0 },
      all: { passed: 0, failed: 0, skipped: 0 },
    };
    for (const m of modules) {
      for (const t of m.children.allTests()) {
        const state = t.result().state;
        const bucket = state === 'passed' ? 'passed' : state === 'failed' ? 'failed' : 'skipped';
        counts.all[bucket]++;
        const name = t.fullName.toLowerCase();
        if (/\bpostgres\b/.test(name)) counts.postgres[bucket]++;
        if (/\bsqlite\b/.test(name)) counts.sqlite[bucket]++;
      }
    }
    const line = (c: { passed: number; failed: number; skipped: number }) =>
      `${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped`;
    process.stdout.write(
      `\nSQLite tests: ${line(counts.sqlite)}\nPostgreSQL tests: ${line(counts.postgres)}\nall: ${line(counts.all)}\n`,
    );
  }
}
