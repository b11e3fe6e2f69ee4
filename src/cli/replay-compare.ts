// What replay ignores when it compares a response with the recorded one: instants, sessions and tokens, generated ids,
// the endpoint.

import { ALIAS_PATTERN } from '../emulator/journal-redact.ts';

/** Ids the server makes up per request; replay learns the target's and substitutes them into later requests. */
export const GENERATED_IDS: readonly RegExp[] = [
  /resultId="([^"]+)"/g,
  /<resultId>([^<]+)<\/resultId>/g,
  // Intacct-shaped JOBIDs: ten digits and 25 characters of [A-Za-z0-9@].
  /\b(\d{10}[A-Za-z0-9@]{25})\b/g,
];

/** Generated ids of a response, in order of appearance. */
export function generatedIds(text: string): string[] {
  const found: { at: number; id: string }[] = [];
  const seen = new Set<number>();
  for (const re of GENERATED_IDS) {
    for (const m of text.matchAll(re)) {
      const at = m.index + m[0].indexOf(m[1]!);
      if (!seen.has(at)) {
        seen.add(at);
        found.push({ at, id: m[1]! });
      }
    }
  }
  return found.sort((a, b) => a.at - b.at).map((f) => f.id);
}

const VOLATILE: readonly [RegExp, string][] = [
  [ALIAS_PATTERN, '[$1]'],
  [/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?/g, '[instant]'],
  [/\b\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2}\b/g, '[instant]'],
  [/resultId="[^"]*"/g, 'resultId="[id]"'],
  [/<resultId>[^<]*<\/resultId>/g, '<resultId>[id]</resultId>'],
  [/\b\d{10}[A-Za-z0-9@]{25}\b/g, '[jobid]'],
  [/<endpoint>[^<]*<\/endpoint>/g, '<endpoint>[endpoint]</endpoint>'],
  [/"issued_at"\s*:\s*\d+/g, '"issued_at":[instant]'],
  [/…\[truncated \d+ characters\]$/, '…[truncated]'],
];

/** A response body with its volatile parts replaced by placeholders. */
export function normalizeBody(text: string): string {
  let out = text;
  for (const [re, by] of VOLATILE) out = out.replace(re, by);
  return out;
}

/** The first difference of two texts, with a little context, for the replay report. */
export function firstDifference(expected: string, actual: string): string {
  let i = 0;
  while (i < expected.length && i < actual.length && expected[i] === actual[i]) i++;
  const from = Math.max(0, i - 40);
  return `at character ${i}: expected …${JSON.stringify(expected.slice(from, i + 80))}… got …${JSON.stringify(actual.slice(from, i + 80))}…`;
}
