// Real databases for tests: a temporary SQLite file, or a PostgreSQL database created for the test and dropped after.

import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Database } from '../../src/store/database.ts';
import { openDatabase } from '../../src/store/open.ts';

export type Backend = 'sqlite' | 'postgres';

/** Server the PostgreSQL tests use; each test database is created on it and dropped after. */
export const PG_SERVER_URL = process.env.LEDGERQ_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function canReachPostgres(): Promise<boolean> {
  const client = new pg.Client({ connectionString: PG_SERVER_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

const reachable = await canReachPostgres();

/**
 * Backends to run a suite on. Outside CI, PostgreSQL tests are skipped with a
 * notice when no server answers; in CI they always run, so an unreachable
 * server fails them instead of hiding them.
 */
const available: readonly Backend[] = reachable || process.env.CI ? ['sqlite', 'postgres'] : ['sqlite'];
/** LEDGERQ_TEST_BACKENDS=sqlite (or postgres) narrows a local run while iterating; CI always runs both. */
const only = process.env.CI ? undefined : process.env.LEDGERQ_TEST_BACKENDS?.split(',').map((s) => s.trim());
export const BACKENDS: readonly Backend[] = only ? available.filter((b) => only.includes(b)) : available;
if (!BACKENDS.includes('postgres')) {
  console.warn(`PostgreSQL at ${PG_SERVER_URL} is unreachable: its tests are skipped (they never are with CI=true)`);
}

export interface TestDatabase {
  readonly backend: Backend;
  readonly url: string;
  readonly db: Database;
  /** Closes the connection and removes the database. */
  drop(): Promise<void>;
}

export function testDatabaseUrl(backend: Backend): { url: string; cleanup: () => Promise<void> } {
  if (backend === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'ledgerq-test-'));
    return {
      url: `sqlite:${join(dir, 'test.db')}`,
      cleanup: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const name = `ledgerq_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const url = new URL(PG_SERVER_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    cleanup: async () => {
      const client = new pg.Client({ connectionString: PG_SERVER_URL });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

export async function createTestDatabase(backend: Backend): Promise<TestDatabase> {
  const { url, cleanup } = testDatabaseUrl(backend);
  const db = await openDatabase(url);
  return {
    backend,
    url,
    db,
    async drop() {
      await db.close();
      await cleanup();
    },
  };
}
