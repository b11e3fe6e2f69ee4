// GLOB matching in JavaScript, registered on every SQLite connection as lq_glob(pattern, text) for patterns too long
// for SQLite's own GLOB.

import type BetterSqlite3 from 'better-sqlite3';

/**
 * SQLite refuses LIKE and GLOB patterns longer than this many bytes
 * ("LIKE or GLOB pattern too complex"); SQLITE_MAX_LIKE_PATTERN_LENGTH is a
 * compile-time ceiling that sqlite3_limit cannot raise.
 */
export const MAX_GLOB_PATTERN_BYTES = 50_000;

/** One piece between stars: code points, null where `?` stands. */
type Piece = readonly (string | null)[];

function pieces(pattern: string): Piece[] {
  const out: (string | null)[][] = [[]];
  const chars = Array.from(pattern);
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (c === '*') out.push([]);
    else if (c === '?') out.at(-1)!.push(null);
    // The dialect writes a metacharacter meant literally as a one-character class: `[*]`, `[?]`, `[[]`.
    else if (c === '[' && chars[i + 2] === ']') out.at(-1)!.push(chars[(i += 2) - 1]!);
    else out.at(-1)!.push(c);
  }
  return out;
}

/**
 * A matcher for ledgerq's GLOB subset (`*` any run, `?` one code point, `[c]`
 * the character c). Each piece between stars is taken at its leftmost place,
 * which is never wrong because the star after it absorbs whatever a later
 * place would skip: no backtracking, and no regular expression (V8 refuses
 * ones as long as these patterns).
 */
export function compileGlob(pattern: string): (text: string) => boolean {
  const ps = pieces(pattern);
  const first = ps[0]!;
  const last = ps.at(-1)!;
  return (text) => {
    const chars = Array.from(text);
    const fits = (p: Piece, at: number) =>
      at >= 0 && at + p.length <= chars.length && p.every((c, k) => c === null || c === chars[at + k]);
    if (ps.length === 1) return chars.length === first.length && fits(first, 0);
    if (!fits(first, 0)) return false;
    let pos = first.length;
    for (const p of ps.slice(1, -1)) {
      while (pos + p.length <= chars.length && !fits(p, pos)) pos++;
      if (pos + p.length > chars.length) return false;
      pos += p.length;
    }
    return chars.length - last.length >= pos && fits(last, chars.length - last.length);
  };
}

/** lq_glob(pattern, text): NULL text is unknown, as for GLOB; a NULL pattern means "no further condition". */
export function registerGlobFunction(db: BetterSqlite3.Database): void {
  // A statement calls it once per row with the same pattern: keep the last one compiled.
  let cached: { pattern: string; matches: (text: string) => boolean } | null = null;
  db.function('lq_glob', { deterministic: true }, (pattern: unknown, text: unknown) => {
    if (text === null || text === undefined) return null;
    if (pattern === null || pattern === undefined) return 1;
    const p = String(pattern);
    if (cached?.pattern !== p) cached = { pattern: p, matches: compileGlob(p) };
    return cached.matches(String(text)) ? 1 : 0;
  });
}
