// HTTP wiring of the REST API under /ia/api/v1: OAuth2 token endpoints, bearer auth with entity narrowing, query,
// object reads, model, OpenAPI.

import { readFileSync } from 'node:fs';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  DEFAULT_LIFETIMES,
  grantClientCredentials,
  grantRefresh,
  revokeToken,
  type ClientCredentials,
  type TokenLifetimes,
} from '../auth/oauth.ts';
import { SESSION_TIMEOUT_SECONDS } from '../auth/sessions.ts';
import type { Catalog } from '../catalog/catalog.ts';
import { LedgerqError } from '../errors.ts';
import { generateSequenceValue, listDimensions, xmlSessionForToken } from '../protocols/rest/company-services.ts';
import { describeObject } from '../protocols/rest/object-model.ts';
import { buildOpenApi } from '../protocols/rest/openapi.ts';
import { listObjectKeys, readObject } from '../protocols/rest/read-objects.ts';
import { REST_PAGE } from '../protocols/rest/lower-query.ts';
import { renderRestError } from '../protocols/rest/rest-error.ts';
import { runRestBatch, runRestQuery } from '../protocols/rest/run-rest-query.ts';
import { runView } from '../protocols/rest/run-view.ts';
import {
  createUserView,
  listUserViews,
  patchUserView,
  readUserView,
  removeUserView,
} from '../protocols/rest/user-views.ts';
import { pageParam } from '../protocols/rest/read-objects.ts';
import { createRestRecord, deleteRestRecord, updateRestRecord } from '../protocols/rest/write-objects.ts';
import type { Database } from '../store/database.ts';
import type { EdgeRoute } from './edge/edge-state.ts';
import { bindContextOf, principalOf, writerOf } from './edge/request-context.ts';

export interface RestApiOptions {
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

const token = (operation: string): { config: { edge: EdgeRoute } } => ({
  config: { edge: { auth: 'token', errors: 'json', operation: `rest:${operation}` } },
});
const CREDENTIALS = { config: { edge: { auth: 'credentials', errors: 'json', operation: 'rest:token' } as EdgeRoute } };

export function registerRestApi(
  app: FastifyInstance,
  ctx: { readonly db: Database; readonly catalog: Catalog },
  options: RestApiOptions = {},
): void {
  const { db, catalog } = ctx;
  const lifetimes = options.tokenLifetimes ?? DEFAULT_LIFETIMES;
  let openApi: unknown;

  app.register(
    async (api) => {
      api.removeAllContentTypeParsers();
      api.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body));

      api.post('/oauth2/token', CREDENTIALS, async (req, reply) => {
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

      api.post('/oauth2/revoke', CREDENTIALS, async (req) => {
        const body = asObject(parseBody(req.body, true, req.headers['content-type']));
        await revokeToken(db, clientOf(req, body), stringParam(body, 'token', true)!);
        return {};
      });

      api.post('/services/core/query', token('query'), async (req) => {
        const body = parseBody(req.body, false, req.headers['content-type']);
        const bind = await bindContextOf(db, req);
        const pages = req.lq.limits?.rest;
        if (Array.isArray(body)) {
          return runRestBatch(
            db,
            catalog,
            body,
            bind,
            (e) => {
              if (renderRestError(e).status >= 500) req.log.error({ err: e }, 'REST batch query failed');
            },
            pages,
          );
        }
        return runRestQuery(db, catalog, body, bind, pages);
      });

      api.post('/services/core/view', token('view'), async (req) => {
        const p = principalOf(req);
        return runView(
          db,
          catalog,
          parseBody(req.body, false, req.headers['content-type']),
          { companyKey: p.company.key, userId: p.userId },
          await bindContextOf(db, req),
          req.lq.limits?.rest,
        );
      });

      // core/user-view is not a catalog object: these static routes take its paths before /objects/:module/:object.
      api.get('/objects/core/user-view', token('list'), async (req) => {
        const p = principalOf(req);
        const q = req.query as Record<string, unknown>;
        return listUserViews(
          db,
          { companyKey: p.company.key, userId: p.userId },
          pageParam(q.start, 'start', 1),
          pageParam(q.size, 'size', REST_PAGE.default),
        );
      });

      api.get('/objects/core/user-view/:key', token('read'), async (req) => {
        const p = principalOf(req);
        return readUserView(db, { companyKey: p.company.key, userId: p.userId }, (req.params as { key: string }).key);
      });

      api.post('/objects/core/user-view', token('create'), async (req, reply) => {
        const result = await createUserView(writerOf(db, catalog, req), await bindContextOf(db, req), req.body);
        reply.code(201);
        return result;
      });

      api.patch('/objects/core/user-view/:key', token('update'), async (req) =>
        patchUserView(
          writerOf(db, catalog, req),
          await bindContextOf(db, req),
          (req.params as { key: string }).key,
          req.body,
        ),
      );

      api.delete('/objects/core/user-view/:key', token('delete'), async (req, reply) => {
        await removeUserView(writerOf(db, catalog, req), (req.params as { key: string }).key);
        reply.code(204);
        return null;
      });

      api.get('/services/core/model', token('model'), async (req) => ({
        'ia::result': describeObject(catalog, (req.query as Record<string, unknown>).name),
        'ia::meta': { totalCount: 1, totalSuccess: 1, totalError: 0 },
      }));

      // An XML session for the token's caller, so an integration holding REST credentials can call the gateway.
      api.get('/services/core/session/id', token('session'), async (req) => {
        const p = principalOf(req);
        return xmlSessionForToken(
          db,
          { companyKey: p.company.key, userId: p.userId, entityId: p.entityId },
          req.lq.limits?.sessionTimeoutSeconds ?? SESSION_TIMEOUT_SECONDS,
        );
      });

      api.get('/services/company-config/dimensions/list', token('dimensions'), async (req) =>
        listDimensions(catalog, principalOf(req).company.companyId),
      );

      api.post('/services/company-config/document-sequence/generate-next-value', token('create'), async (req) =>
        generateSequenceValue(writerOf(db, catalog, req), parseBody(req.body, false, req.headers['content-type'])),
      );

      api.get('/objects/:module/:object', token('list'), async (req) => {
        const { module, object } = req.params as { module: string; object: string };
        return listObjectKeys(
          db,
          catalog,
          `${module}/${object}`,
          req.query as Record<string, unknown>,
          await bindContextOf(db, req),
        );
      });

      api.get('/objects/:module/:object/:key', token('read'), async (req) => {
        const { module, object, key } = req.params as { module: string; object: string; key: string };
        return readObject(db, catalog, `${module}/${object}`, key, await bindContextOf(db, req));
      });

      api.post('/objects/:module/:object', token('create'), async (req, reply) => {
        const { module, object } = req.params as { module: string; object: string };
        const result = await createRestRecord(writerOf(db, catalog, req), `${module}/${object}`, req.body);
        reply.code(201);
        return result;
      });

      api.patch('/objects/:module/:object/:key', token('update'), async (req) => {
        const { module, object, key } = req.params as { module: string; object: string; key: string };
        return updateRestRecord(writerOf(db, catalog, req), `${module}/${object}`, key, req.body);
      });

      api.delete('/objects/:module/:object/:key', token('delete'), async (req, reply) => {
        const { module, object, key } = req.params as { module: string; object: string; key: string };
        await deleteRestRecord(writerOf(db, catalog, req), `${module}/${object}`, key);
        reply.code(204);
        return null;
      });

      // The API's description is public, as Intacct publishes its own.
      api.get('/openapi.json', async () => (openApi ??= buildOpenApi(catalog, VERSION)));
    },
    { prefix: REST_PREFIX },
  );
}
