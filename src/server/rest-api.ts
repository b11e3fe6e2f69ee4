// HTTP wiring of the REST API under /ia/api/v1: OAuth2 token endpoints, bearer auth with entity narrowing, query,
// object reads, model, OpenAPI.

import { readFileSync } from 'node:fs';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  DEFAULT_LIFETIMES,
  grantClientCredentials,
  grantRefresh,
  revokeToken,
  type ClientCredentials,
  type TokenLifetimes,
} from '../auth/oauth.ts';
import { scopeFor } from '../auth/scope.ts';
import type { Catalog } from '../catalog/catalog.ts';
import { LedgerqError } from '../errors.ts';
import { describeObject } from '../protocols/rest/object-model.ts';
import { buildOpenApi } from '../protocols/rest/openapi.ts';
import { RateLimiter } from '../protocols/rest/rate-limit.ts';
import { listObjectKeys, readObject } from '../protocols/rest/read-objects.ts';
import { restCaller } from '../protocols/rest/rest-caller.ts';
import { renderRestError } from '../protocols/rest/rest-error.ts';
import { runRestBatch, runRestQuery } from '../protocols/rest/run-rest-query.ts';
import { registerRestWrites } from '../protocols/rest/write-objects.ts';
import type { BindContext } from '../query/bind.ts';
import type { Database } from '../store/database.ts';
import { answerInjectedFault, restLimits } from './request-gates.ts';

export interface RestApiOptions {
  /** Requests per minute per (client, company, user); 0 = no limit. Default: env LEDGERQ_REST_RATE_LIMIT, else 6000. */
  readonly rateLimitPerMinute?: number;
  readonly tokenLifetimes?: TokenLifetimes;
}

export const REST_PREFIX = '/ia/api/v1';

const VERSION = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

type Body = Record<string, unknown>;

/** Query bodies are JSON whatever the content type says (curl -d sends form-urlencoded); the token endpoint also takes a form. */
function parseBody(raw: unknown, allowForm: boolean, contentType: string | undefined): unknown {
  const text = typeof raw === 'string' ? raw : '';
  if (allowForm && /application\/x-www-form-urlencoded/i.test(contentType ?? '') && !/^\s*[{[]/.test(text)) {
    return Object.fromEntries(new URLSearchParams(text));
  }
  if (text.trim() === '')
    throw new LedgerqError('parse.malformed-json', 'the request body is empty; send a JSON query object or array', {
      field: 'body',
    });
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new LedgerqError('parse.malformed-json', `the request body is not valid JSON: ${(e as Error).message}`, {
      field: 'body',
    });
  }
}

function stringParam(body: Body, name: string, required: boolean): string | undefined {
  const v = body[name];
  if (v === undefined || v === null || v === '') {
    if (required) throw new LedgerqError('parse.invalid-query', `${name} is required`, { field: name });
    return undefined;
  }
  if (typeof v !== 'string') throw new LedgerqError('parse.invalid-query', `${name} must be a string`, { field: name });
  return v;
}

/** Client credentials from the body, or from HTTP Basic (RFC 6749 §2.3.1 allows both). */
function clientOf(req: FastifyRequest, body: Body): ClientCredentials {
  const basic = /^Basic\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  if (basic) {
    const [id, ...secret] = Buffer.from(basic[1]!, 'base64').toString('utf8').split(':');
    return { clientId: decodeURIComponent(id ?? ''), clientSecret: decodeURIComponent(secret.join(':')) };
  }
  return { clientId: stringParam(body, 'client_id', true)!, clientSecret: stringParam(body, 'client_secret', true)! };
}

function asObject(v: unknown): Body {
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw new LedgerqError('parse.invalid-query', 'the body must be a JSON object (or a form)', { field: 'body' });
  return v as Body;
}

export function registerRestApi(
  app: FastifyInstance,
  ctx: { readonly db: Database; readonly catalog: Catalog },
  options: RestApiOptions = {},
): void {
  const { db, catalog } = ctx;
  const lifetimes = options.tokenLifetimes ?? DEFAULT_LIFETIMES;
  const envLimit = process.env.LEDGERQ_REST_RATE_LIMIT;
  const limiter = new RateLimiter(
    options.rateLimitPerMinute ?? (envLimit !== undefined && envLimit !== '' ? Number(envLimit) : 6000),
  );
  let openApi: unknown;

  /** The caller's scope: a live bearer token, narrowed to one entity by X-IA-API-Param-Entity. */
  async function session(req: FastifyRequest): Promise<BindContext> {
    const c = await restCaller(db, limiter, req);
    return {
      scope: await scopeFor(db, c.company, c.entityId),
      now: `${new Date().toISOString().slice(0, 19)}Z`,
      maxInValues: restLimits(req)?.inList,
    };
  }

  app.register(
    async (api) => {
      api.removeAllContentTypeParsers();
      api.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body));

      api.setErrorHandler((err, req, reply: FastifyReply) => {
        if (answerInjectedFault(err, req, reply)) return;
        const r = renderRestError(err);
        if (r.status >= 500) req.log.error({ err }, 'REST request failed');
        if (r.status === 401) reply.header('www-authenticate', 'Bearer realm="ledgerq"');
        if (r.status === 429 && err instanceof LedgerqError)
          reply.header('retry-after', String(err.details.retryAfter));
        reply.code(r.status).send(r.body);
      });
      api.setNotFoundHandler((req, reply) => {
        const r = renderRestError(
          new LedgerqError('bind.unknown-record', `${req.method} ${req.url} is not an endpoint of the REST API`, {
            field: req.url,
          }),
        );
        reply.code(r.status).send(r.body);
      });

      api.post('/oauth2/token', async (req, reply) => {
        const body = asObject(parseBody(req.body, true, req.headers['content-type']));
        const grant = stringParam(body, 'grant_type', true);
        reply.header('cache-control', 'no-store');
        switch (grant) {
          case 'client_credentials':
            return grantClientCredentials(
              db,
              clientOf(req, body),
              stringParam(body, 'username', true)!,
              stringParam(body, 'password', false),
              lifetimes,
            );
          case 'refresh_token':
            return grantRefresh(db, clientOf(req, body), stringParam(body, 'refresh_token', true)!, lifetimes);
          default:
            throw new LedgerqError(
              'auth.invalid-grant',
              `grant_type ${JSON.stringify(grant)} is not supported; use client_credentials or refresh_token`,
              { field: 'grant_type' },
            );
        }
      });

      api.post('/oauth2/revoke', async (req) => {
        const body = asObject(parseBody(req.body, true, req.headers['content-type']));
        await revokeToken(db, clientOf(req, body), stringParam(body, 'token', true)!);
        return {};
      });

      api.post('/services/core/query', async (req) => {
        const body = parseBody(req.body, false, req.headers['content-type']);
        const bind = await session(req);
        if (Array.isArray(body))
          return runRestBatch(
            db,
            catalog,
            body,
            bind,
            (e) => {
              if (renderRestError(e).status >= 500) req.log.error({ err: e }, 'REST batch query failed');
            },
            restLimits(req)?.rest,
          );
        return runRestQuery(db, catalog, body, bind, restLimits(req)?.rest);
      });

      api.get('/services/core/model', async (req) => {
        await session(req);
        return {
          'ia::result': describeObject(catalog, (req.query as Record<string, unknown>).name),
          'ia::meta': { totalCount: 1, totalSuccess: 1, totalError: 0 },
        };
      });

      api.get('/objects/:module/:object', async (req) => {
        const { module, object } = req.params as { module: string; object: string };
        return listObjectKeys(
          db,
          catalog,
          `${module}/${object}`,
          req.query as Record<string, unknown>,
          await session(req),
        );
      });

      api.get('/objects/:module/:object/:key', async (req) => {
        const { module, object, key } = req.params as { module: string; object: string; key: string };
        return readObject(db, catalog, `${module}/${object}`, key, await session(req));
      });

      registerRestWrites(api, ctx, limiter);

      // The API's description is public, as Intacct publishes its own.
      api.get('/openapi.json', async () => (openApi ??= buildOpenApi(catalog, VERSION)));
    },
    { prefix: REST_PREFIX },
  );
}
