// Meters each answered request's API transactions: what the XML gateway reports for its functions, and REST calls by
// the meter's rules (a query one transaction, a batch one per query, a read or write one, OAuth2 none).

import type { FastifyInstance, FastifyRequest } from 'fastify';
import { openMeterBuffer } from '../../emulator/meter-buffer.ts';
import { restTransactions } from '../../emulator/meter-rules.ts';
import { addTransactions } from '../../emulator/meter-store.ts';
import type { Database } from '../../store/database.ts';

function parsedBody(req: FastifyRequest): unknown {
  if (typeof req.body !== 'string' || !req.body.trimStart().startsWith('[')) return req.body;
  try {
    return JSON.parse(req.body) as unknown;
  } catch {
    return null;
  }
}

/** The transactions of this request by operation: the protocol's own count, else the REST rules for /ia/api/v1. */
function transactionsOf(req: FastifyRequest, status: number): Map<string, number> | null {
  const s = req.lq;
  if (s.transactions) return s.transactions;
  const path = req.url.split('?')[0]!;
  if (!s.operation.startsWith('rest:') || !path.startsWith('/ia/api/v1/')) return null;
  const n = restTransactions(path, status, parsedBody(req));
  // The meter counts a list and a record read alike, as `rest:read`.
  return n > 0 ? new Map([[s.operation === 'rest:list' ? 'rest:read' : s.operation, n]]) : null;
}

export function registerMeter(app: FastifyInstance, db: Database): void {
  // The app's counts go to this process's buffer; closing the app writes what is left.
  const closeBuffer = openMeterBuffer(db, (err) =>
    app.log.warn({ err }, 'meter: counts not written yet, retried at the next flush'),
  );
  app.addHook('onClose', async () => closeBuffer());
  // onSend, so the count is in the buffer before the client has its answer and a meter read (which flushes) right after
  // sees it.
  app.addHook('onSend', async (req, reply, payload) => {
    const company = req.lq?.principal?.company.companyId;
    if (!company) return payload;
    const counts = transactionsOf(req, reply.statusCode);
    if (counts && counts.size > 0)
      await addTransactions(db, company, counts).catch((err: unknown) =>
        req.log.warn({ err }, 'meter: request not counted'),
      );
    return payload;
  });
}
