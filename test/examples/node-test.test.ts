// Runs the node:test example suite (test/examples/node-test-sdk.node.ts) in its own Node process, on SQLite in
// memory and on PostgreSQL, and requires every one of its tests to pass.

import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { BACKENDS, testDatabaseUrl } from '../support/databases.ts';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));

for (const backend of BACKENDS) {
  describe(`node:test example (${backend})`, () => {
    const database = backend === 'postgres' ? testDatabaseUrl('postgres') : null;
    afterAll(() => database?.cleanup());

    it('passes', async () => {
      const env: NodeJS.ProcessEnv = { ...process.env };
      if (database) env.LEDGERQ_DB = database.url;
      else delete env.LEDGERQ_DB;
      const { stdout } = await run(
        process.execPath,
        ['--import', 'tsx', '--test', '--test-reporter=tap', 'test/examples/node-test-sdk.node.ts'],
        { cwd: root, env, timeout: 180_000 },
      );
      expect(stdout).toMatch(/^# pass 2$/m);
      expect(stdout).toMatch(/^# fail 0$/m);
    }, 200_000);
  });
}
