// The admin API's token: taken from the configuration or generated at start, and left in a file only this user can
// read, where `ledgerq admin` finds it.

import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseDbUrl } from '../store/open.ts';

export const ADMIN_TOKEN_FILE = 'admin-token';

/**
 * Beside a SQLite file (./data/admin-token for the default database); for
 * PostgreSQL ./data/admin-token.<database name>, so servers of different
 * databases on one machine never overwrite each other's token.
 */
export function adminTokenPath(dbUrl: string, cwd = process.cwd()): string {
  const loc = parseDbUrl(dbUrl);
  if (loc.kind === 'sqlite' && loc.path !== ':memory:') return join(dirname(resolve(cwd, loc.path)), ADMIN_TOKEN_FILE);
  const name =
    loc.kind === 'postgres' ? new URL(loc.url).pathname.replace(/^\//, '').replace(/[^A-Za-z0-9_.-]/g, '_') : '';
  return join(resolve(cwd, 'data'), name ? `${ADMIN_TOKEN_FILE}.${name}` : ADMIN_TOKEN_FILE);
}

export function generateAdminToken(): string {
  return randomBytes(24).toString('base64url');
}

/** Writes the token with mode 0600 (the directory is created if missing); a failure to write is returned, not thrown. */
export function writeAdminToken(path: string, token: string): Error | null {
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, `${token}\n`, { mode: 0o600 });
    chmodSync(path, 0o600); // an existing file keeps its mode on write
    return null;
  } catch (e) {
    return e as Error;
  }
}

/** Removes the token file at shutdown, unless another server has written its own token there since. */
export function removeAdminToken(path: string, token: string): void {
  if (readAdminToken(path) === token) rmSync(path, { force: true });
}

export function readAdminToken(path: string): string | undefined {
  if (!existsSync(path)) return undefined;
  try {
    const t = readFileSync(path, 'utf8').trim();
    return t === '' ? undefined : t;
  } catch {
    return undefined;
  }
}
