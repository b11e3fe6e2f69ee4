// REST writes: POST /objects/{module}/{object}, PATCH and DELETE …/{key}, through the shared write path, answered in
// the REST shapes.

import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Catalog } from '../../catalog/catalog.ts';
import type { CatalogField, CatalogObject } from '../../catalog/types.ts';
import { LedgerqError } from '../../errors.ts';
import { fieldNames } from '../../query/resolve-path.ts';
import type { Database } from '../../store/database.ts';
import type { RawRecord, RawValue } from '../../writes/record-values.ts';
import { updateDocument } from '../../writes/documents.ts';
import { DOCUMENTS } from '../../writes/party-due.ts';
import {
  createRecord,
  deleteRecord,
  requireWritable,
  updateRecord,
  type Writer,
  type WrittenKey,
} from '../../writes/write-record.ts';
import type { RateLimiter } from './rate-limit.ts';
import { restCaller } from './rest-caller.ts';
import { restObject } from './read-objects.ts';
import { restHref } from './rest-values.ts';

type Json = Record<string, unknown>;

/** The signed-in writer: bearer token, rate limit, and X-IA-API-Param-Entity narrowing as for reads. */
async function writerFor(db: Database, catalog: Catalog, limiter: RateLimiter, req: FastifyRequest): Promise<Writer> {
  const c = await restCaller(db, limiter, req);
  return {
    db,
    catalog,
    companyKey: c.company.key,
    entityId: c.entityId,
    userId: c.userId,
    now: `${new Date().toISOString().slice(0, 19)}Z`,
    naming: 'rest',
  };
}

function jsonBody(raw: unknown): Json {
  const text = typeof raw === 'string' ? raw : '';
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new LedgerqError('parse.malformed-json', `the request body is not valid JSON: ${(e as Error).message}`, {
      field: 'body',
    });
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw new LedgerqError('parse.malformed-json', 'the request body must be a JSON object', { field: 'body' });
  return v as Json;
}

/** Nested JSON (`{"vendor": {"id": "V1"}}`) → catalog fields by REST path (`vendor.id`); `key` and `href` name the record, not a change. */
function restRecord(o: CatalogObject, body: Json): RawRecord {
  const byPath = new Map<string, CatalogField>();
  for (const f of o.fields) for (const name of fieldNames(f, 'rest')) byPath.set(name, f);
  const out = new Map<CatalogField, RawValue>();
  const walk = (node: Json, prefix: string) => {
    for (const [k, v] of Object.entries(node)) {
      const path = prefix ? `${prefix}.${k}` : k;
      if (path === 'href' || path === 'key') continue;
      if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
        walk(v as Json, path);
        continue;
      }
      const f = byPath.get(path);
      if (!f)
        throw new LedgerqError('write.unknown-field', `${path} is not a field of ${o.restName}`, {
          object: o.xmlName,
          field: path,
        });
      if (Array.isArray(v))
        throw new LedgerqError('write.invalid-value', `Invalid value for ${path}: a list is not a ${f.type}`, {
          object: o.xmlName,
          field: path,
        });
      out.set(f, v as RawValue);
    }
  };
  walk(body, '');
  return out;
}

function keyResult(o: CatalogObject, k: WrittenKey): Json {
  return {
    'ia::result': { key: String(k.recordNo), ...(k.id !== null ? { id: k.id } : {}), href: restHref(o, k.recordNo) },
    'ia::meta': { totalCount: 1, totalSuccess: 1, totalError: 0 },
  };
}

export function registerRestWrites(
  api: FastifyInstance,
  ctx: { readonly db: Database; readonly catalog: Catalog },
  limiter: RateLimiter,
): void {
  const { db, catalog } = ctx;

  api.post('/objects/:module/:object', async (req, reply) => {
    const { module, object } = req.params as { module: string; object: string };
    const { object: o } = restObject(catalog, `${module}/${object}`);
    const w = await writerFor(db, catalog, limiter, req);
    requireWritable(o);
    const k = await createRecord(w, o, restRecord(o, jsonBody(req.body)));
    reply.code(201);
    return keyResult(o, k);
  });

  api.patch('/objects/:module/:object/:key', async (req) => {
    const { module, object, key } = req.params as { module: string; object: string; key: string };
    const { object: o } = restObject(catalog, `${module}/${object}`);
    const w = await writerFor(db, catalog, limiter, req);
    requireWritable(o);
    const raw = restRecord(o, jsonBody(req.body));
    // A bill's or invoice's header goes through the document path, so a new vendor or customer moves the balances with
    // it.
    const k = DOCUMENTS[o.xmlName]
      ? await updateDocument(w, o, { by: 'key', value: key }, raw, [])
      : await updateRecord(w, o, { by: 'key', value: key }, raw);
    return keyResult(o, k);
  });

  api.delete('/objects/:module/:object/:key', async (req, reply) => {
    const { module, object, key } = req.params as { module: string; object: string; key: string };
    const { object: o } = restObject(catalog, `${module}/${object}`);
    await deleteRecord(await writerFor(db, catalog, limiter, req), o, { by: 'key', value: key });
    reply.code(204);
    return null;
  });
}
