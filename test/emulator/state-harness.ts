// Real ledgerq servers on loopback with the admin API on, for the meter, journal and snapshot tests; plus table dumps
// of one company.

import { spawn } from 'node:child_process';
import type { FastifyInstance } from 'fastify';
import { findCompany } from '../../src/auth/tenancy.ts';
import { buildCatalog, type Catalog } from '../../src/catalog/catalog.ts';
import { DEFAULT_BODY_LIMIT } from '../../src/app/config.ts';
import { companyStateTables } from '../../src/emulator/snapshot-tables.ts';
import { buildApp } from '../../src/server/app.ts';
import type { Database } from '../../src/store/database.ts';
import { openDatabase } from '../../src/store/open.ts';
import { ident, p, sql } from '../../src/store/sql.ts';
import { XML_GATEWAY_PATH } from '../../src/server/xml-gateway.ts';
import { seedDemo } from '../../src/app/seed.ts';
import { desiredSchema, migrateSchema } from '../../src/app/schema.ts';

export const ADMIN_TOKEN = 'test-admin-token';
const BIN = new URL('../../bin/ledgerq.mjs', import.meta.url).pathname;

export interface StateServer {
  readonly db: Database;
  readonly catalog: Catalog;
  readonly app: FastifyInstance;
  /** http://127.0.0.1:<port> */
  readonly base: string;
  /** The gateway as an SDK reaches it (the harness maps *.intacct.com to loopback). */
  readonly endpoint: string;
  admin<T = unknown>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>;
  close(): Promise<void>;
}

/** Opens (and on first use seeds) the database at `url` and serves it; `beforeListen` may add hooks. */
export async function startStateServer(
  url: string,
  beforeListen: (app: FastifyInstance) => void = () => {},
): Promise<StateServer> {
  const catalog = buildCatalog({});
  const db = await openDatabase(url);
  await migrateSchema(db, catalog);
  if (!(await findCompany(db, 'demo'))) await seedDemo(db, catalog, { size: 'small', seed: 1 });
  const app = buildApp({ db, catalog, bodyLimit: DEFAULT_BODY_LIMIT, logger: false, adminToken: ADMIN_TOKEN });
  beforeListen(app);
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  const port = Number(new URL(address).port);
  const base = `http://127.0.0.1:${port}`;
  return {
    db,
    catalog,
    app,
    base,
    endpoint: `http://api.intacct.com:${port}${XML_GATEWAY_PATH}`,
    async admin<T>(method: string, path: string, body?: unknown) {
      const res = await fetch(`${base}/ledgerq/admin${path}`, {
        method,
        headers: {
          authorization: `Bearer ${ADMIN_TOKEN}`,
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
    },
    async close() {
      await app.close();
      await db.close();
    },
  };
}

/**
 * Every row the company has in every table a snapshot covers, as sorted JSON
 * lines per table; `mask` blanks columns that differ by design (password
 * hashes are salted afresh by a reset).
 */
export async function dumpCompany(
  db: Database,
  catalog: Catalog,
  companyId: string,
  mask: readonly string[] = [],
): Promise<Record<string, string[]>> {
  const company = await findCompany(db, companyId);
  if (!company) throw new Error(`no company ${companyId}`);
  const out: Record<string, string[]> = {};
  for (const t of companyStateTables(desiredSchema(catalog))) {
    const rows = await db.all<Record<string, unknown>>(
      sql`SELECT * FROM ${ident(t.name)} WHERE company_key = ${p(company.key)}`,
    );
    const columns = rows[0] ? Object.keys(rows[0]).sort() : [];
    out[t.name] = rows
      .map((r) => JSON.stringify(columns.map((k) => [k, mask.includes(k) ? '*' : normalizeValue(r[k])])))
      .sort();
  }
  return out;
}

function normalizeValue(v: unknown): unknown {
  if (typeof v === 'bigint') return v.toString();
  if (v instanceof Date) return v.toISOString();
  if (Buffer.isBuffer(v)) return v.toString('hex');
  return v;
}

export const rowCount = (dump: Record<string, string[]>) => Object.values(dump).reduce((n, rows) => n + rows.length, 0);

/** Runs `ledgerq …` (src/cli/main.ts through tsx) and returns its exit code and output. */
export function runCli(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, LEDGERQ_CONFIG: '', NO_COLOR: '1' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}
