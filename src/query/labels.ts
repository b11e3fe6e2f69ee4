// Result column names as each protocol writes them: VENDOR.CREDITLIMIT and COUNT.RECORDNO (XML), vendor.creditLimit and
// count:key (REST).

import type { BoundSelect } from './ir/bound.ts';
import type { Naming } from './ir/request.ts';

export function selectLabel(s: BoundSelect, naming: Naming): string {
  if (s.kind === 'field') return s.ref.path;
  return naming === 'xml' ? `${s.fn.toUpperCase()}.${s.ref.path}` : `${s.fn}:${s.ref.path}`;
}
