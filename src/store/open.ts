// Opens the database a URL names: `sqlite:<path>` (embedded default) or `postgres://…` (created if missing).

import { LedgerqError } from '../errors.ts';
import type { Database } from './database.ts';
import { ensurePostgresDatabase, PostgresDatabase } from './postgres.ts';
import { SqliteDatabase } from './sqlite.ts';

export const DEFAULT_DB_URL = 'sqlite:./data/ledgerq.db';

export type DbLocation =
  | { readonly kind: 'sqlite'; readonly path: string }
  | { readonly kind: 'postgres'; readonly url: string };

export function parseDbUrl(url: string): DbLocation {
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length).replace(/^\/\//, '');
    if (!path)
      throw new LedgerqError('config.invalid', `database URL ${url} names no file (use sqlite:./data/ledgerq.db)`);
    return { kind: 'sqlite', path };
  }
  if (/^postgres(ql)?:\/\//.test(url)) return { kind: 'postgres', url };
  throw new LedgerqError(
    'config.invalid',
    `database URL ${JSON.stringify(url)} is neither sqlite:<path> nor postgres://…`,
  );
}

export async function openDatabase(url: string, options: { poolSize?: number } = {}): Promise<Database> {
  const loc = parseDbUrl(url);
  if (loc.kind === 'sqlite') return SqliteDatabase.open(loc.path);
  try {
    await ensurePostgresDatabase(loc.url);
  } catch (e) {
    throw new LedgerqError(
      'store.unreachable',
      `cannot reach PostgreSQL at ${new URL(loc.url).host}: ${(e as Error).message}`,
    );
  }
  const db = PostgresDatabase.open(loc.url, options.poolSize);
  await db.ping();
  return db;
}
