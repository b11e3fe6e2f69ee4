// The API transactions a gateway request's functions count, by `xml:<function>`: online requests (metered by the edge)
// and the asynchronous ones workers run (metered in their job's transaction) alike.

import { xmlFunctionTransactions } from '../../emulator/meter-rules.ts';
import type { GatewayFunction } from './envelope.ts';
import { childText } from './xml-tree.ts';

export interface RanFunction {
  readonly fn: GatewayFunction;
  readonly status: 'success' | 'failure' | 'aborted';
}

export function gatewayTransactions(ran: readonly RanFunction[]): Map<string, number> {
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
  return counts;
}
