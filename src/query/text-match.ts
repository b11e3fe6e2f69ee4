// Text matching on code points, as both databases do it on byte-compared text: LIKE patterns and order. The binder
// matches enum spellings with it and the reference evaluator matches stored text.

import { assertNever } from '../errors.ts';
import type { LikeToken } from './ir/bound.ts';

/**
 * `%` splits a pattern into segments of fixed length (literal code points and
 * `_`). The first is anchored at the start, the last at the end; each middle
 * one is taken at its leftmost place, which is never wrong because the `%`
 * after it absorbs whatever a later place would have skipped.
 */
export function likeMatches(text: string, pattern: readonly LikeToken[]): boolean {
  const segments: (string | null)[][] = [[]];
  for (const t of pattern) {
    switch (t.kind) {
      case 'anyChars':
        segments.push([]);
        break;
      case 'oneChar':
        segments.at(-1)!.push(null);
        break;
      case 'text':
        segments.at(-1)!.push(...Array.from(t.text));
        break;
      default:
        assertNever(t);
    }
  }
  const chars = Array.from(text);
  const fits = (seg: readonly (string | null)[], at: number) =>
    at >= 0 && at + seg.length <= chars.length && seg.every((c, k) => c === null || c === chars[at + k]);
  const first = segments[0]!;
  const last = segments.at(-1)!;
  if (segments.length === 1) return chars.length === first.length && fits(first, 0);
  if (!fits(first, 0)) return false;
  let pos = first.length;
  for (const seg of segments.slice(1, -1)) {
    let at = pos;
    while (at + seg.length <= chars.length && !fits(seg, at)) at++;
    if (at + seg.length > chars.length) return false;
    pos = at + seg.length;
  }
  return chars.length - last.length >= pos && fits(last, chars.length - last.length);
}

/** Unicode code point order: UTF-8 byte order, so SQLite's BINARY and PostgreSQL's COLLATE "C" (UTF-16 order differs above U+FFFF). */
export function compareCodePoints(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(j)!;
    if (x !== y) return x < y ? -1 : 1;
    i += x > 0xffff ? 2 : 1;
    j += y > 0xffff ? 2 : 1;
  }
  return Number(i < a.length) - Number(j < b.length);
}
