// Example for other languages: examples/with-ledgerq.sh starts `ledgerq serve --port 0 --ready-file FILE`, runs a
// Python client against the URL it wrote, and stops the server with SIGTERM. Runs on SQLite in memory and PostgreSQL.

import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { BACKENDS, testDatabaseUrl } from '../support/databases.ts';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));

for (const backend of BACKENDS) {
  describe(`with-ledgerq.sh (${backend})`, () => {
    const database = backend === 'postgres' ? testDatabaseUrl('postgres') : null;
    afterAll(() => database?.cleanup());

    it('serves a client in another language, then stops on SIGTERM', async () => {
      const args = [...(database ? ['--db', database.url] : []), '--', 'python3', 'examples/query-vendors.py'];
      const { stdout } = await run('examples/with-ledgerq.sh', args, {
        cwd: root,
        env: { ...process.env, LEDGERQ: `node ${root}bin/ledgerq.mjs` },
        timeout: 180_000,
      });
      // The seed's vendors (test/demo-data.test.ts counts them too).
      expect(stdout).toMatch(/^vendors: [1-9]\d*$/m);
    }, 200_000);
  });
}
