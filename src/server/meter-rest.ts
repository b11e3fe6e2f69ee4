// Meters REST calls as they are answered: a query one transaction (a batch one per query), a read or write one, OAuth2
// none.

import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Database } from '../store/database.ts';
import './request-annotations.ts';
import { restTransactions } from '../emulator/meter-rules.ts';
import { addTransactions } from '../emulator/meter-store.ts';
import { openMeterBuffer } from '../emulator/meter-buffer.ts';

const REST_PREFIX = '/ia/api/v1';

function operationOf(req: FastifyRequest, path: string): string {
  if (/\/services\/core\/query$/.test(path)) return 'rest:query';
  if (/\/services\/core\/model$/.test(path)) return 'rest:model';
  switch (req.method) {
    case 'POST':
      return 'rest:create';
    case 'PATCH':
      return 'rest:update';
    case 'DELETE':
      return 'rest:delete';
    default:
      return 'rest:read';
  }
}

function parsedBody(req: FastifyRequest): unknown {
  if (typeof req.body !== 'string' || !req.body.trimStart().startsWith('[')) return req.body;
  try {
    return JSON.parse(req.body) as unknown;
  } catch {
    return null;
  }
}

export function registerRestMeter(app: FastifyInstance, db: Database): void {
  // The app's counts (XML and REST) go to this process's buffer; closing the app writes what is left.
  const closeBuffer = openMeterBuffer(db, (err) =>
    app.log.warn({ err }, 'meter: counts not written yet, retried at the next flush'),
  );
  app.addHook('onClose', async () => closeBuffer());
  // onSend, so the count is in the buffer before the client has its answer and a meter read (which flushes) right after
  // sees it.
  app.addHook('onSend', async (req, reply, payload) => {
    const path = req.url.split('?')[0]!;
    if (!path.startsWith(`${REST_PREFIX}/`) || !req.lqCompany) return payload;
    const n = restTransactions(path, reply.statusCode, parsedBody(req));
    if (n > 0)
      await addTransactions(db, req.lqCompany, new Map([[operationOf(req, path), n]])).catch((err: unknown) =>
        req.log.warn({ err }, 'meter: REST call not counted'),
      );
    return payload;
  });
}
