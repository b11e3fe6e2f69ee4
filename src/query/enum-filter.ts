// Enum filters under the seeds' case rules. An enum is stored in one spelling (its XML label) but each protocol shows
// and compares its own: REST the value (`paid`), the XML query function the label (`Paid`), legacy readByQuery the
// label or the code (`STATE = 'A'`). Queries are case-sensitive unless XML `caseinsensitive` is true or REST
// `caseSensitiveComparison` is false (xml-query-and-readbyquery.txt:1047, rest-query-service.txt:1017), and that holds
// for enums as for text. Since an enum has few values, the binder decides here which stored values a condition holds
// for, and hands the compiler and the evaluator a plain `in` over stored labels: both compare stored values exactly,
// indexes stay usable, and there is one definition of the rule.

import type { EnumValue } from '../catalog/types.ts';
import { assertNever } from '../errors.ts';
import type { BoundFilter, BoundValue, FieldRef, LikeToken } from './ir/bound.ts';
import type { CompareOp } from './ir/request.ts';
import { compareCodePoints, likeMatches } from './text-match.ts';
import type { ValueContext } from './parse-value.ts';
import { asciiLower } from './values.ts';

export interface EnumRule extends ValueContext {
  readonly caseInsensitive: boolean;
}

/** What a condition compares an enum value's spellings with: text (one value, or a range), or a LIKE pattern. */
export type EnumCondition =
  | { readonly kind: 'compare'; readonly op: CompareOp; readonly value: string }
  | { readonly kind: 'in'; readonly values: readonly string[] }
  | { readonly kind: 'between'; readonly low: string; readonly high: string }
  | { readonly kind: 'like'; readonly pattern: readonly LikeToken[] };

/**
 * The spellings a protocol shows and compares: REST its values, XML its labels, readByQuery its labels and codes. The
 * query function also takes the codes of a field whose codes Intacct documents there, as values to name (equality and
 * lists); a pattern or a range still matches the labels the answer shows (Intacct unknown: the narrower reading).
 */
function spellings(v: EnumValue, rule: EnumRule, c: EnumCondition, codes: boolean): string[] {
  if (rule.naming === 'rest') return [v.rest];
  const named = c.kind === 'in' || (c.kind === 'compare' && c.op === 'eq');
  return (rule.spelling === 'code' || (codes && named)) && v.code !== undefined ? [v.xml, v.code] : [v.xml];
}

function holds(c: EnumCondition, text: string, fold: (s: string) => string): boolean {
  const cmp = (x: string) => compareCodePoints(text, fold(x));
  switch (c.kind) {
    case 'compare': {
      const n = cmp(c.value);
      return { eq: n === 0, ne: n !== 0, lt: n < 0, le: n <= 0, gt: n > 0, ge: n >= 0 }[c.op];
    }
    case 'in':
      return c.values.some((x) => cmp(x) === 0);
    case 'between':
      return cmp(c.low) >= 0 && cmp(c.high) <= 0;
    case 'like':
      return likeMatches(
        text,
        c.pattern.map((t) => (t.kind === 'text' ? { kind: 'text', text: fold(t.text) } : t)),
      );
    default:
      return assertNever(c);
  }
}

/**
 * The condition as an `in` over the stored labels of the values it holds for (any of their spellings, folded when the
 * query is case-insensitive); `negated` for not-in, not-between, not-like and ne. An empty list holds for no value.
 */
export function enumFilter(ref: FieldRef, c: EnumCondition, negated: boolean, rule: EnumRule): BoundFilter {
  const fold = rule.caseInsensitive ? asciiLower : (s: string) => s;
  // ne is the complement of eq over whole values: a readByQuery value is not 'A' when no spelling of it is 'A'.
  const ne = c.kind === 'compare' && c.op === 'ne';
  const test: EnumCondition = ne ? { ...c, op: 'eq' } : c;
  const values: BoundValue[] = (ref.field.enumValues ?? [])
    .filter((v) => spellings(v, rule, test, ref.field.queryFilterCodes).some((s) => holds(test, fold(s), fold)))
    .map((v) => v.xml);
  return { kind: 'in', negated: negated !== ne, ref, values };
}
