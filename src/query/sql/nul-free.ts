// Rewrites text comparisons whose value holds NUL (U+0000) into equivalent ones without it: PostgreSQL refuses NUL in
// text, SQLite's GLOB stops at it.

import { assertNever } from '../../errors.ts';
import type { BoundFilter, BoundValue, FieldRef } from '../ir/bound.ts';

const NUL = '\u0000';

const hasNul = (v: BoundValue): v is string => typeof v === 'string' && v.includes(NUL);
const prefix = (s: string) => s.slice(0, s.indexOf(NUL));

/** False for every text, unknown for NULL: what `= 'a\0b'` is, since no stored text holds NUL. */
const never = (ref: FieldRef): BoundFilter => ({ kind: 'compare', op: 'lt', ref, value: '' });
/** True for every text, unknown for NULL: what `<> 'a\0b'` is. */
const always = (ref: FieldRef): BoundFilter => ({ kind: 'compare', op: 'ge', ref, value: '' });

/**
 * Stored text never holds NUL (PostgreSQL cannot store it), and NUL is the
 * least code point. So for stored text t and a value s = p + NUL + rest:
 * t = s never; t < s exactly when t <= p; t > s exactly when t > p. Each
 * comparison becomes one on the prefix p, with the same three-valued result;
 * case folding commutes with taking the prefix. The reference evaluator
 * compares the original values directly, so the differential tests check
 * this rewrite.
 */
export function withoutNul(f: BoundFilter): BoundFilter {
  switch (f.kind) {
    case 'and':
    case 'or':
      return { kind: f.kind, items: f.items.map(withoutNul) };
    case 'not':
      return { kind: 'not', item: withoutNul(f.item) };
    case 'null':
      return f;
    case 'compare': {
      if (!hasNul(f.value)) return f;
      const p = prefix(f.value);
      switch (f.op) {
        case 'eq':
          return never(f.ref);
        case 'ne':
          return always(f.ref);
        case 'lt':
        case 'le':
          return { kind: 'compare', op: 'le', ref: f.ref, value: p };
        case 'gt':
        case 'ge':
          return { kind: 'compare', op: 'gt', ref: f.ref, value: p };
        default:
          return assertNever(f.op);
      }
    }
    case 'in': {
      if (!f.values.some(hasNul)) return f;
      const values = f.values.filter((v) => !hasNul(v));
      if (values.length === 0) return f.negated ? always(f.ref) : never(f.ref);
      return { ...f, values };
    }
    case 'between': {
      if (!hasNul(f.low) && !hasNul(f.high)) return f;
      const low: BoundFilter = hasNul(f.low)
        ? { kind: 'compare', op: 'gt', ref: f.ref, value: prefix(f.low) }
        : { kind: 'compare', op: 'ge', ref: f.ref, value: f.low };
      const high: BoundFilter = hasNul(f.high)
        ? { kind: 'compare', op: 'le', ref: f.ref, value: prefix(f.high) }
        : { kind: 'compare', op: 'le', ref: f.ref, value: f.high };
      const inside: BoundFilter = { kind: 'and', items: [low, high] };
      return f.negated ? { kind: 'not', item: inside } : inside;
    }
    case 'like':
      if (!f.pattern.some((t) => t.kind === 'text' && t.text.includes(NUL))) return f;
      return f.negated ? always(f.ref) : never(f.ref);
    default:
      return assertNever(f);
  }
}
