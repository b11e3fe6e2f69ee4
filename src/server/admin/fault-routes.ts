// Admin routes of fault and latency injection: list, add, remove one or clear all rules.

import type { FastifyInstance } from 'fastify';
import {
  addFaultRule,
  describeRule,
  listFaultRules,
  newFaultRule,
  removeFaultRules,
  type FaultRuleInput,
} from '../../emulator/fault-rules.ts';
import { LedgerqError } from '../../errors.ts';
import type { AdminContext } from './admin-context.ts';

export function registerFaultRoutes(scope: FastifyInstance, ctx: AdminContext): void {
  const { db } = ctx;
  const shown = (r: Awaited<ReturnType<typeof listFaultRules>>[number]) => ({ ...r, description: describeRule(r) });

  scope.get('/faults', async () => ({ rules: (await listFaultRules(db)).map(shown) }));

  scope.post('/faults', async (req, reply) => {
    let rule: ReturnType<typeof newFaultRule>;
    try {
      rule = newFaultRule((req.body ?? {}) as FaultRuleInput);
    } catch (e) {
      if (e instanceof LedgerqError && e.code === 'config.invalid')
        throw new LedgerqError('admin.invalid-request', e.message);
      throw e;
    }
    await addFaultRule(db, rule);
    ctx.controls?.invalidate();
    reply.code(201);
    return shown(rule);
  });

  scope.delete('/faults', async () => {
    const removed = await removeFaultRules(db);
    ctx.controls?.invalidate();
    return { removed };
  });

  scope.delete('/faults/:id', async (req) => {
    const { id } = req.params as { id: string };
    const removed = await removeFaultRules(db, id);
    ctx.controls?.invalidate();
    if (removed === 0) throw new LedgerqError('admin.invalid-request', `no fault rule ${id}`, { field: 'id' });
    return { removed };
  });
}
