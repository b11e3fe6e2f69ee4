// The web console: its page, script (web/*.ts bundled by esbuild on first request from the sources, compiled ahead in the
// package: console-bundle.ts) and style at /, and its small API under /console/api.

import { readFile } from 'node:fs/promises';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { grantClientCredentials } from '../auth/oauth.ts';
import { createSession } from '../auth/sessions.ts';
import { findCompany, listEntities } from '../auth/tenancy.ts';
import type { Catalog } from '../catalog/catalog.ts';
import { LedgerqError } from '../errors.ts';
import { checkSender, checkSenderCompany, signIn } from '../protocols/xml/sign-in.ts';
import { bindQuery } from '../query/bind.ts';
import { explainQuery } from '../query/explain-query.ts';
import type { Database } from '../store/database.ts';
import { p, sql } from '../store/sql.ts';
import { lowerQueryText } from '../protocols/query-text.ts';
import type { EdgeRoute } from './edge/edge-state.ts';
import { bindContextOf } from './edge/request-context.ts';
import { bundleConsole, CONSOLE_DIR, FROM_SOURCES } from './console-bundle.ts';

export interface ConsoleOptions {
  readonly db: Database;
  readonly catalog: Catalog;
}

/** What the page needs after sign-in to call the real protocols itself. */
export interface ConsoleSession {
  readonly companyId: string;
  readonly companyName: string;
  readonly serviceLevel: 'standard' | 'premium';
  readonly multiEntity: boolean;
  readonly userId: string;
  /** The entity signed into; null at the top level. */
  readonly entityId: string | null;
  /** The user may only ever work in this entity. */
  readonly restrictedToEntity: string | null;
  readonly entities: readonly { entityId: string; name: string; private: boolean }[];
  /** An XML gateway session (`<sessionid>`), sent with the sender's credentials on every gateway request. */
  readonly sessionId: string;
  /** A REST bearer token of the same user, at the company's top level (entities are chosen with X-IA-API-Param-Entity). */
  readonly accessToken: string;
}

function text(body: Record<string, unknown>, name: string, required: boolean): string {
  const v = body[name];
  if (v === undefined || v === null || v === '') {
    if (required) throw new LedgerqError('parse.invalid-query', `${name} is required`, { field: name });
    return '';
  }
  if (typeof v !== 'string') throw new LedgerqError('parse.invalid-query', `${name} must be a string`, { field: name });
  return v.trim();
}

function asBody(v: unknown): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw new LedgerqError('parse.invalid-query', 'the body must be a JSON object', { field: 'body' });
  return v as Record<string, unknown>;
}

/**
 * Signs in exactly as the gateway does (sender, sender's authorization for the
 * company, user with throttling), then opens a gateway session and a REST
 * token: the page calls the real APIs with them, so what it shows is what any
 * client would send and receive.
 */
async function openConsoleSession(db: Database, raw: unknown, address: string): Promise<ConsoleSession> {
  const body = asBody(raw);
  const companyId = text(body, 'companyId', true);
  const userId = text(body, 'userId', true);
  const password = typeof body.password === 'string' ? body.password : '';
  const entityId = text(body, 'entityId', false) || null;
  const senderId = text(body, 'senderId', true);
  const senderPassword = typeof body.senderPassword === 'string' ? body.senderPassword : '';
  await checkSender(db, senderId, senderPassword, address);
  const company = await findCompany(db, companyId);
  if (company) await checkSenderCompany(db, senderId, company);
  const caller = await signIn(
    db,
    { kind: 'login', companyId, userId, password, locationId: entityId },
    company,
    null,
    address,
  );
  // The token first: a refused OAuth client then leaves no gateway session behind.
  const client = {
    clientId: text(body, 'clientId', true),
    clientSecret: typeof body.clientSecret === 'string' ? body.clientSecret : '',
  };
  const token = await grantClientCredentials(db, client, `${caller.userId}@${caller.company.companyId}`, password);
  const { sessionId } = await createSession(db, {
    companyKey: caller.company.key,
    userId: caller.userId,
    entityId: caller.entityId,
  });
  const users = await db.all<{ entity_id: string | null }>(
    sql`SELECT entity_id FROM lq_user WHERE company_key = ${p(caller.company.key)} AND user_id = ${p(caller.userId)}`,
  );
  const restricted = users[0]?.entity_id ?? null;
  const entities = await listEntities(db, caller.company);
  return {
    companyId: caller.company.companyId,
    companyName: caller.company.name,
    serviceLevel: caller.company.serviceLevel,
    multiEntity: caller.company.multiEntity,
    userId: caller.userId,
    entityId: caller.entityId,
    restrictedToEntity: restricted,
    entities: restricted ? entities.filter((e) => e.entityId === restricted) : entities,
    sessionId,
    accessToken: token.access_token,
  };
}

/** `ledgerq query --explain`'s steps (lower, bind, compile, EXPLAIN) for one query text, in the caller's company and entity. */
async function explain(db: Database, catalog: Catalog, req: FastifyRequest) {
  const query = text(asBody(req.body), 'query', true);
  const bind = await bindContextOf(db, req);
  const statements = [];
  for (const { request } of lowerQueryText(query)) {
    const bound = bindQuery(catalog, request, bind);
    const e = await explainQuery(db, bound);
    statements.push({
      object: bound.object.xmlName,
      database: db.dialect.name,
      sql: e.sql,
      params: e.params,
      plan: e.plan,
    });
  }
  return { statements };
}

let bundle: Promise<string> | undefined;

/** Bundled (or read) once per process, on first request; a failure is retried by the next request. */
function consoleScript(): Promise<string> {
  bundle ??= FROM_SOURCES ? bundleConsole(CONSOLE_DIR) : readFile(`${CONSOLE_DIR}app.js`, 'utf8');
  bundle.catch(() => {
    bundle = undefined;
  });
  return bundle;
}

const files = new Map<string, Promise<string>>();
function webFile(name: string): Promise<string> {
  let f = files.get(name);
  if (!f) {
    f = readFile(`${CONSOLE_DIR}${name}`, 'utf8');
    f.catch(() => files.delete(name));
    files.set(name, f);
  }
  return f;
}

/** The console's API: signing in proves itself in the body; the rest is called with the REST token it got. */
const SIGN_IN: EdgeRoute = { auth: 'credentials', errors: 'json', operation: 'console:session' };
const api = (operation: string): { config: { edge: EdgeRoute } } => ({
  config: { edge: { auth: 'token', errors: 'json', operation: `console:${operation}` } },
});

export function registerConsole(app: FastifyInstance, opts: ConsoleOptions): void {
  app.get('/', async (_req, reply) => {
    reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8');
    return webFile('index.html');
  });
  app.get('/console/app.js', async (_req, reply) => {
    reply.header('cache-control', 'no-cache').type('text/javascript; charset=utf-8');
    return consoleScript();
  });
  app.get('/console/app.css', async (_req, reply) => {
    reply.header('cache-control', 'no-cache').type('text/css; charset=utf-8');
    return webFile('console.css');
  });

  app.post('/console/api/session', { config: { edge: SIGN_IN } }, async (req, reply) => {
    reply.header('cache-control', 'no-store');
    return openConsoleSession(opts.db, req.body, req.ip);
  });
  app.post('/console/api/explain', api('explain'), async (req) => explain(opts.db, opts.catalog, req));
  app.get('/console/api/objects', api('objects'), async () => {
    return {
      objects: opts.catalog.objects
        .map((o) => ({ xmlName: o.xmlName, restName: o.restName ?? null, label: o.label }))
        .sort((a, b) => a.xmlName.localeCompare(b.xmlName)),
    };
  });
}
