// A test that proves one statement of a seed document (shared/seeds/*.txt): the file and line, and the sentence quoted.
// scripts/seed-coverage.ts collects these calls into docs/seed-coverage.md, so keep both arguments string literals.

import { it } from 'vitest';

export type SeedRef =
  | `rest-query-service.txt:${number}`
  | `xml-query-and-readbyquery.txt:${number}`
  | `queue-administration.txt:${number}`;

export function seed(ref: SeedRef, sentence: string, fn: () => unknown, timeout?: number): void {
  it(`${ref} "${sentence}"`, fn, timeout);
}
