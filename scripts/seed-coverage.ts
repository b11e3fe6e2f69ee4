// Writes docs/seed-coverage.md: each statement of the three seed documents with the test that proves it (a `seed(ref,
// sentence, …)` call in test/, see test/support/seed.ts) or the reason it cannot apply to an emulator (SEED_REASONS).
// `--check` exits 1 when the committed file differs (test/seed-coverage.test.ts checks the same).
// Run: npx tsx scripts/seed-coverage.ts [--check]

import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const SEED_COVERAGE_DOC = new URL('../docs/seed-coverage.md', import.meta.url);
const ROOT = fileURLToPath(new URL('../', import.meta.url));
const TESTS = join(ROOT, 'test');

export interface SeedStatement {
  /** `file.txt:line` of the seed document. */
  readonly ref: string;
  readonly sentence: string;
  /** The test file proving it, or null where a reason stands instead. */
  readonly test: string | null;
  readonly reason?: string;
}

/** Statements no emulator test can prove, with why. */
export const SEED_REASONS: readonly { ref: string; sentence: string; reason: string }[] = [
  {
    ref: 'queue-administration.txt:26',
    sentence: 'Usage information for queue administration is available in the Sage Intacct product help.',
    reason: "a pointer to Intacct's product help; nothing a request can show.",
  },
  {
    ref: 'rest-query-service.txt:1612',
    sentence:
      'If a field does not fall into these three categories, but still cannot be queried, you should open a defect described in the what support is available for developers section of the Frequently asked questions.',
    reason: "Intacct's support process; nothing a request can show.",
  },
  {
    ref: 'rest-query-service.txt:1616',
    sentence: 'Can I query owned (child) objects by starting from the parent object in the query service?',
    reason: "the seed's text ends on the question: it states no behaviour to prove.",
  },
  {
    ref: 'xml-query-and-readbyquery.txt:974',
    sentence: 'If not specified, there is no default and the order of results is undefined.',
    reason:
      'an undefined order cannot be proved; ledgerq orders by the key (then the keys of joined rows) so pages never overlap, one of the orders Intacct may give.',
  },
  {
    ref: 'xml-query-and-readbyquery.txt:1149',
    sentence:
      'If you are querying for many objects, you can improve performance by limiting the fields returned to only those you care about:',
    reason: "advice about Intacct's speed; the rows are the same whatever fields are selected.",
  },
];

/** `seed('ref', 'sentence'` with either quote style; the sentence may not hold its own quote character. */
const SEED_CALL = /\bseed\(\s*(['"`])([\w.-]+\.txt:\d+)\1,\s*(['"`])((?:(?!\3)[^\\]|\\.)*)\3/g;

function testFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? testFiles(p) : p.endsWith('.test.ts') ? [p] : [];
  });
}

export function seedStatements(): SeedStatement[] {
  const found: SeedStatement[] = [];
  for (const file of testFiles(TESTS).sort()) {
    for (const m of readFileSync(file, 'utf8').matchAll(SEED_CALL)) {
      found.push({ ref: m[2]!, sentence: m[4]!.replace(/\\(.)/g, '$1'), test: relative(ROOT, file) });
    }
  }
  for (const r of SEED_REASONS) found.push({ ...r, test: null });
  const line = (ref: string) => Number(ref.split(':')[1]);
  return found.sort(
    (a, b) => a.ref.split(':')[0]!.localeCompare(b.ref.split(':')[0]!) || line(a.ref) - line(b.ref),
  );
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function renderSeedCoverage(): string {
  const rows = seedStatements();
  const out = [
    '# Seed coverage',
    '',
    'Generated from the tests (`npm run docs:seeds`, i.e. `npx tsx scripts/seed-coverage.ts`); a test keeps them equal.',
    '',
    'Each statement of the three seed documents (shared/seeds/*.txt, quoted with its file and line) and the test that',
    'proves it on both databases, written `seed(ref, sentence, fn)` (test/support/seed.ts), or the reason it cannot',
    'apply to an emulator.',
    '',
    '## Status (issue 18, done on 2026-12-05)',
    '',
    "Listed below: every statement of the three seeds (a sentence or table row saying how the API behaves: a",
    "parameter's meaning, default, limit or required-ness, an operator, an example's request and answer, an error",
    'rule) with the test that proves it over real HTTP on both databases, or the reason it cannot apply to an',
    'emulator. Every statement is listed.',
    '',
    'Done since: user views (core/user-view) and the view service (POST /services/core/view), so',
    "rest-query-service.txt:948 holds: a view execution's filterParameters override the view's one parameter at a time,",
    "or add the section (docs/views.md; system views are refused: ledgerq has none of Intacct's).",
    "Done since: the query function's filter on JOBQUEUERECORD STATE takes the codes Q, T, S, D, R, C",
    '(queue-administration.txt:77) as values to name (equalto, notequalto, in), besides the labels the answer shows; a',
    'pattern or a range matches the labels (Intacct unknown: the narrower reading), and the catalog marks such a field',
    '`queryFilterCodes`. readMore by object continues only its owner\'s latest readByQuery on the object: a later one',
    'answered in one page, or finding nothing, ends it too, while the older cursor stays readable by its resultId.',
    '',
    "Done: enum conditions follow the case rules in the protocol's own spelling (query/enum-filter.ts): XML compares",
    'labels, readByQuery labels or codes, REST values, exactly unless caseinsensitive / caseSensitiveComparison=false;',
    'a value that is none of the field\'s in any spelling or case is still refused (Intacct unknown: the stricter reading).',
    "The demo's calendar (demo/calendar.ts) ends on 2025-12-31: its transactions span 2023-2025 (ANCHOR_FIRST to",
    'ANCHOR_LAST), its offline jobs and audit trail end on EVENTS_LAST, the same day; nothing in the demo lies after',
    'the moment it is seeded but what is scheduled ahead (due and discount dates, a pending reversal, a planned end,',
    'a depreciation month not yet posted), and the data does not depend on that moment (test/demo-data.test.ts).',
    'The XML request validator: one declaration per served function (src/protocols/xml/function-schemas.ts: the',
    'seed\'s XSD for query, Intacct\'s api.xsd and the seeds\' parameter tables for the others), checked before',
    'lowering, refuses unknown or misspelled elements, `<ascending/><descending/>`, one-child `<and>`/`<or>`,',
    '`<isnull>` with a value and a missing `<query>`/`<keys>` with XL03000003, naming the element by its path',
    '(Intacct\'s own number and text for these are unknown).',
    '',
  ];
  for (const file of [...new Set(rows.map((r) => r.ref.split(':')[0]!))]) {
    out.push(`## ${file}`, '', '| Line | Statement | Proved by |', '| --- | --- | --- |');
    for (const r of rows.filter((x) => x.ref.startsWith(`${file}:`))) {
      const by = r.test ? `\`${r.test}\`` : `not applicable: ${cell(r.reason ?? '')}`;
      out.push(`| ${r.ref.split(':')[1]} | ${cell(r.sentence)} | ${by} |`);
    }
    out.push('');
  }
  return `${out.join('\n')}`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const text = renderSeedCoverage();
  if (process.argv.includes('--check')) {
    if (readFileSync(SEED_COVERAGE_DOC, 'utf8') !== text) {
      console.error('docs/seed-coverage.md is out of date: run npm run docs:seeds');
      process.exit(1);
    }
  } else writeFileSync(SEED_COVERAGE_DOC, text);
}
