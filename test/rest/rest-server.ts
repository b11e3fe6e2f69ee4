// Test support: a real ledgerq HTTP server on loopback over a test database, and a small REST client that signs in like
// an Intacct client.

import type { FastifyInstance } from 'fastify';
import { buildCatalog, type Catalog } from '../../src/catalog/catalog.ts';
import { buildApp } from '../../src/server/app.ts';
import type { RestApiOptions } from '../../src/server/rest-api.ts';
import { createTestDatabase, type Backend, type TestDatabase } from '../support/databases.ts';
import { seedDemo } from '../../src/app/seed.ts';
import { migrateSchema } from '../../src/app/schema.ts';

export const DEMO_CLIENT = { client_id: 'ledgerq-demo', client_secret: 'ledgerq-demo' } as const;

export interface RestServer {
  readonly url: string;
  readonly api: string;
  readonly t: TestDatabase;
  readonly catalog: Catalog;
  readonly app: FastifyInstance;
  close(): Promise<void>;
}

/** Listens on 127.0.0.1 with an ephemeral port; `seed: false` leaves the database migrated but empty. */
export async function startRestServer(
  backend: Backend,
  opts: {
    seed?: boolean;
    rest?: RestApiOptions;
    rateLimitPerMinute?: number;
    t?: TestDatabase;
    bodyLimit?: number;
  } = {},
): Promise<RestServer> {
  const t = opts.t ?? (await createTestDatabase(backend));
  const catalog = buildCatalog();
  if (opts.seed === false) await migrateSchema(t.db, catalog);
  else if (!opts.t) await seedDemo(t.db, catalog, { size: 'small', seed: 1 });
  const app = buildApp({
    db: t.db,
    catalog,
    bodyLimit: opts.bodyLimit ?? 10 * 1024 * 1024,
    logger: false,
    rest: opts.rest,
    rateLimitPerMinute: opts.rateLimitPerMinute,
  });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    url,
    api: `${url}/ia/api/v1`,
    t,
    catalog,
    app,
    async close() {
      await app.close();
      if (!opts.t) await t.drop();
    },
  };
}

export interface JsonResponse {
  readonly status: number;
  readonly headers: Headers;
  /** Parsed JSON; tests check it member by member, so it is left untyped. */
  readonly body: any;
}

async function toJson(res: Response): Promise<JsonResponse> {
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text === '' ? null : JSON.parse(text);
  } catch {
    /* left as text: the test fails on shape */
  }
  return { status: res.status, headers: res.headers, body };
}

export async function postJson(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<JsonResponse> {
  return toJson(
    await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    }),
  );
}

export async function getJson(url: string, headers: Record<string, string> = {}): Promise<JsonResponse> {
  return toJson(await fetch(url, { headers }));
}

/** client_credentials for `username` (user@company or user@company|entity); returns the token response. */
export async function token(
  api: string,
  username = 'admin@demo',
): Promise<{ access_token: string; refresh_token: string; expires_in: number }> {
  const r = await postJson(`${api}/oauth2/token`, { grant_type: 'client_credentials', ...DEMO_CLIENT, username });
  if (r.status !== 200) throw new Error(`token for ${username}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

export const bearer = (accessToken: string) => ({ authorization: `Bearer ${accessToken}` });
