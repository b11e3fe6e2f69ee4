// Admin routes of the emulator's state: the transaction meter, the request journal, snapshots and reset of a company.

import type { FastifyInstance } from 'fastify';
import { LedgerqError } from '../../errors.ts';
import { registerMeterMetrics } from '../../emulator/meter-metrics.ts';
import { readMeter } from '../../emulator/meter-store.ts';
import { flushMeter } from '../../emulator/meter-buffer.ts';
import { clearJournal, readJournal } from '../../emulator/journal-store.ts';
import { flushJournal } from '../../emulator/journal-buffer.ts';
import { resetCompany } from '../../app/reset-company.ts';
import { desiredSchema } from '../../app/schema.ts';
import {
  createSnapshot,
  deleteSnapshot,
  listSnapshots,
  requireCompany,
  restoreSnapshot,
} from '../../emulator/snapshot-company.ts';
import type { AdminContext } from './admin-context.ts';

type Query = Record<string, string | undefined>;

function requiredText(q: Query | undefined, name: string): string {
  const v = q?.[name];
  if (typeof v !== 'string' || v.trim() === '')
    throw new LedgerqError('admin.invalid-request', `${name} is required`, { field: name });
  return v.trim();
}

function optionalInteger(q: Query | undefined, name: string, fallback: number, min: number, max: number): number {
  const v = q?.[name];
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new LedgerqError('admin.invalid-request', `${name} must be an integer from ${min} to ${max}`, {
      field: name,
    });
  return n;
}

export function registerStateRoutes(scope: FastifyInstance, ctx: AdminContext): void {
  const { db, catalog } = ctx;
  const schema = desiredSchema(catalog);
  const unregister = registerMeterMetrics(db);
  scope.addHook('onClose', async () => unregister());

  scope.get('/meter', async (req) => {
    const q = req.query as Query;
    const company = await requireCompany(db, requiredText(q, 'company'));
    const month = q.month;
    if (month !== undefined && !/^\d{4}-(0[1-9]|1[0-2])$/.test(month))
      throw new LedgerqError('admin.invalid-request', 'month is YYYY-MM', { field: 'month' });
    // This process's counts first; other processes' reach the database within a second.
    await flushMeter(db);
    return readMeter(db, company.companyId, month);
  });

  scope.get('/journal', async (req) => {
    const q = req.query as Query;
    const company = requiredText(q, 'company');
    // Entries of this process's requests first (the journal is written in batches after the answers go out).
    await flushJournal(db);
    return {
      company: company.toLowerCase(),
      entries: await readJournal(
        db,
        company,
        optionalInteger(q, 'limit', 1000, 1, 100_000),
        optionalInteger(q, 'after', 0, 0, Number.MAX_SAFE_INTEGER),
      ),
    };
  });

  scope.delete('/journal', async (req) => {
    const company = requiredText(req.query as Query, 'company');
    await flushJournal(db);
    return { deleted: await clearJournal(db, company) };
  });

  scope.get('/companies/:company/snapshots', async (req) => {
    const { company } = req.params as { company: string };
    return { company, snapshots: await listSnapshots(db, company) };
  });

  scope.post('/companies/:company/snapshots', async (req, reply) => {
    const { company } = req.params as { company: string };
    const body = (req.body ?? {}) as Query;
    const made = await createSnapshot(db, schema, company, requiredText(body, 'name'));
    reply.code(201);
    return made;
  });

  scope.post('/companies/:company/snapshots/:name/restore', async (req) => {
    const { company, name } = req.params as { company: string; name: string };
    return restoreSnapshot(db, schema, company, name);
  });

  scope.delete('/companies/:company/snapshots/:name', async (req) => {
    const { company, name } = req.params as { company: string; name: string };
    await deleteSnapshot(db, schema, company, name);
    return { company, name, deleted: true };
  });

  scope.post('/companies/:company/reset', async (req) => {
    const { company } = req.params as { company: string };
    const body = (req.body ?? {}) as Record<string, unknown>;
    const seed = body.seed === undefined ? 1 : Number(body.seed);
    if (!Number.isSafeInteger(seed))
      throw new LedgerqError('admin.invalid-request', 'seed must be an integer', { field: 'seed' });
    return resetCompany(db, catalog, company, seed);
  });
}
