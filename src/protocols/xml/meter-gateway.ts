// Meters a gateway request's functions once they ran: online requests and the asynchronous ones workers run alike.

import type { GatewayFunction } from './envelope.ts';
import { childText } from './xml-tree.ts';
import type { Database } from '../../store/database.ts';
import { xmlFunctionTransactions } from '../../emulator/meter-rules.ts';
import { addTransactions } from '../../emulator/meter-store.ts';

export interface RanFunction {
  readonly fn: GatewayFunction;
  readonly status: 'success' | 'failure' | 'aborted';
}

/**
 * Adds the request's transactions to the company's meter. Runs on the
 * request's own database handle, so a worker's request is counted in its
 * job's transaction (a retried delivery counts once, when it commits).
 */
export async function meterGatewayFunctions(
  db: Database,
  companyId: string,
  ran: readonly RanFunction[],
): Promise<void> {
  const counts = new Map<string, number>();
  for (const { fn, status } of ran) {
    const n = xmlFunctionTransactions({
      name: fn.name,
      status,
      recordElements: fn.element?.children.length ?? 0,
      keysText: fn.element && fn.name === 'delete' ? (childText(fn.element, 'keys') ?? null) : null,
    });
    if (n > 0) counts.set(`xml:${fn.name}`, (counts.get(`xml:${fn.name}`) ?? 0) + n);
  }
  if (counts.size > 0) await addTransactions(db, companyId, counts);
}
