// Formats a differential failure for people: seed, shrunk query and rows, each engine's answer and the SQL that gave
// it.

import type fc from 'fast-check';
import type { Dataset } from '../../src/query/evaluate.ts';
import { DifferentialFailure, type DifferentialStats } from './harness.ts';
import type { GeneratedQuery } from './query-arbitrary.ts';

/** Rows without their NULL columns, tables without rows: the shrunk dataset as it is worth reading. */
export function compactDataset(data: Dataset): Record<string, Record<string, unknown>[]> {
  const out: Record<string, Record<string, unknown>[]> = {};
  for (const [table, rows] of Object.entries(data)) {
    if (rows.length) out[table] = rows.map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== null)));
  }
  return out;
}

export function formatStats(s: DifferentialStats): string {
  const lines = [
    `${s.queries} queries, ${s.variants} bound variants compared (${s.nonEmpty} with rows), ${s.rejected} refused by the binder`,
  ];
  lines.push(`  time: ${[...s.time].map(([k, ms]) => `${k} ${(ms / 1000).toFixed(1)}s`).join(', ')}`);
  for (const [k, n] of [...s.rejections].sort((a, b) => b[1] - a[1]).slice(0, 5)) lines.push(`  refused ${n}× ${k}`);
  return lines.join('\n');
}

export function formatFailure(details: fc.RunDetails<[Dataset, GeneratedQuery[]]>): string {
  const e = details.errorInstance;
  const lines = [`seed ${details.seed} (replay: --seed ${details.seed} with the same --runs and --per-dataset)`];
  if (e instanceof DifferentialFailure) {
    lines.push(`failure: ${e.message}`, '', 'query:', JSON.stringify(e.query), '');
    if (details.counterexample)
      lines.push(
        'dataset (shrunk, NULL columns left out):',
        JSON.stringify(compactDataset(details.counterexample[0]), null, 1),
        '',
      );
    for (const [name, r] of Object.entries(e.results)) lines.push(`${name}:`, JSON.stringify(r));
    for (const [name, text] of Object.entries(e.sqlText)) lines.push('', `SQL (${name}):`, text);
  } else {
    lines.push(String((e as Error | null)?.stack ?? e));
  }
  return lines.join('\n');
}
