// The library API: ledgerq inside a test suite. `startLedgerq()` serves the demo companies from an in-memory SQLite
// database (or PostgreSQL), and `reset()` brings them back to their seeded state in milliseconds.

import { randomBytes } from 'node:crypto';
import { loadConfig } from './app/config.ts';
import { desiredSchema, migrateSchema } from './app/schema.ts';
import { seedDemo } from './app/seed.ts';
import { findCompany } from './auth/tenancy.ts';
import { buildCatalog } from './catalog/catalog.ts';
import { DEMO_CREDENTIALS } from './demo/company-setup.ts';
import type { DemoSize } from './demo/seed-demo.ts';
import { type AdminApiClient, adminApiClient } from './server/admin/admin-api-client.ts';
import { createLogger, type RunningServer, startServer } from './server/serve.ts';
import { type Checkpoint, createCheckpoint } from './store/checkpoint.ts';
import type { Database } from './store/database.ts';
import { openDatabase } from './store/open.ts';
import { SqliteDatabase } from './store/sqlite.ts';

export type { AdminApiClient } from './server/admin/admin-api-client.ts';
export type { FaultRuleInput } from './emulator/fault-rules.ts';

export interface LedgerqOptions {
  /** `sqlite::memory:` (the default), `sqlite:<file>` or `postgres://…` (created if missing; one ledgerq per database). */
  readonly db?: string;
  /** Port on 127.0.0.1; 0 (the default) picks a free one. */
  readonly port?: number;
  readonly host?: string;
  /** Random seed of the demo data (default 1: the README's rows). */
  readonly seed?: number;
  /** small (the default) or large (adds 1,000,000 bills: minutes to seed). */
  readonly size?: DemoSize;
  /** Job workers in this process (default 1; 0 leaves submitted jobs queued). */
  readonly workers?: number;
  /** pino level of the server's log on stdout (default silent). */
  readonly logLevel?: string;
  /** A ledgerq.config.json with custom objects and fields (default: ./ledgerq.config.json if there is one). */
  readonly config?: string;
}

/** The demo companies' fixed sign-in data (README: the demo company contract). */
export interface LedgerqCredentials {
  readonly companyId: 'demo';
  readonly companyIds: readonly string[];
  readonly userId: string;
  readonly userPassword: string;
  readonly senderId: string;
  readonly senderPassword: string;
  readonly clientId: string;
  readonly clientSecret: string;
}

export interface Ledgerq {
  /** The base URL, e.g. http://127.0.0.1:43123 (no trailing slash). */
  readonly url: string;
  /** The XML gateway: `${url}/ia/xml/xmlgw.phtml`. */
  readonly xmlEndpoint: string;
  /** The REST API's base: `${url}/ia/api/v1`. */
  readonly restBase: string;
  readonly credentials: LedgerqCredentials;
  /** The emulator controls: faults, limits, meter, journal, snapshots. */
  readonly admin: AdminApiClient;
  /** The admin API's bearer token (for the admin client of another language). */
  readonly adminToken: string;
  /** How reset() works: the change log (kept by triggers, on SQLite and PostgreSQL alike) undone. */
  readonly resetMethod: Checkpoint['method'];
  /** Brings every company, setting, fault rule and limit back to the state after start (seeded). */
  reset(): Promise<void>;
  /** An independent ledgerq on its own database and port with the same data, for test files that run in parallel. */
  fork(): Promise<Ledgerq>;
  close(): Promise<void>;
}

type Resolved = LedgerqOptions & Required<Pick<LedgerqOptions, 'db' | 'port' | 'host' | 'seed' | 'size' | 'workers'>>;
const DEFAULTS: Resolved = { db: 'sqlite::memory:', port: 0, host: '127.0.0.1', seed: 1, size: 'small', workers: 1 };
let forks = 0;

export async function startLedgerq(options: LedgerqOptions = {}): Promise<Ledgerq> {
  const given = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
  const o: Resolved = { ...DEFAULTS, ...given };
  // The environment's LEDGERQ_* settings are the CLI's; a library caller says what it wants in the options.
  const config = loadConfig({ db: o.db, port: String(o.port), host: o.host, config: o.config }, {});
  const catalog = buildCatalog(config.custom);
  const db = await openDatabase(config.db);
  try {
    await migrateSchema(db, catalog);
    if (!(await findCompany(db, 'demo'))) await seedDemo(db, catalog, { size: o.size, seed: o.seed });
  } catch (e) {
    await db.close();
    throw e;
  }
  return serve(db, o, config);
}

async function serve(db: Database, o: Resolved, config: ReturnType<typeof loadConfig>): Promise<Ledgerq> {
  const adminToken = randomBytes(24).toString('base64url');
  const logger = o.logLevel && o.logLevel !== 'silent' ? createLogger(o.logLevel, 'json') : false;
  let server: RunningServer;
  let checkpoint: Checkpoint;
  try {
    checkpoint = await createCheckpoint(
      db,
      desiredSchema(buildCatalog(config.custom)).map((t) => t.name),
    );
    server = await startServer(config, { database: db, seedDemo: false, logger, workers: o.workers, adminToken });
  } catch (e) {
    await db.close();
    throw e;
  }
  const url = server.url.replace(/\/+$/, '');
  return {
    url,
    xmlEndpoint: `${url}/ia/xml/xmlgw.phtml`,
    restBase: `${url}/ia/api/v1`,
    credentials: credentials(),
    admin: adminApiClient(url, adminToken),
    adminToken,
    resetMethod: checkpoint.method,
    async reset() {
      await checkpoint.restore();
      server.invalidateControls();
    },
    async fork() {
      if (checkpoint.bytes) return serve(SqliteDatabase.fromBytes(checkpoint.bytes), o, config);
      forks++;
      const forkUrl = new URL(config.db);
      forkUrl.pathname = `${forkUrl.pathname.replace(/^\//, '')}_fork${forks}_${process.pid}`;
      return startLedgerq({ ...o, db: forkUrl.toString() });
    },
    async close() {
      await checkpoint.release().catch(() => {});
      await server.close();
    },
  };
}

function credentials(): LedgerqCredentials {
  const c = DEMO_CREDENTIALS;
  const admin = c.users.find((u) => u.userId === 'admin')!;
  return {
    companyId: 'demo',
    companyIds: c.companies.map((x) => x.companyId),
    userId: admin.userId,
    userPassword: admin.password,
    senderId: c.sender.senderId,
    senderPassword: c.sender.password,
    clientId: c.oauthClient.clientId,
    clientSecret: c.oauthClient.secret,
  };
}
