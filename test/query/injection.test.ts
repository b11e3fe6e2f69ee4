// Hostile values in every value position: the SQL text is that of a harmless value, NUL never reaches a database, and
// the rows are the evaluator's.

import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCatalog } from '../../src/catalog/catalog.ts';
import { bindQuery } from '../../src/query/bind.ts';
import { evaluateQuery, type Dataset, type Row } from '../../src/query/evaluate.ts';
import type { BoundQuery } from '../../src/query/ir/bound.ts';
import { queryRequest, type Filter } from '../../src/query/ir/request.ts';
import { runQuery, type QueryPage } from '../../src/query/run-query.ts';
import { compileQuery } from '../../src/query/sql/compile.ts';
import type { Dialect } from '../../src/store/dialect.ts';
import { postgresDialect } from '../../src/store/postgres.ts';
import { sql } from '../../src/store/sql.ts';
import { sqliteDialect } from '../../src/store/sqlite.ts';
import type { FieldValue } from '../../src/catalog/field-values.ts';
import { loadTable } from '../differential/harness.ts';
import { BACKENDS, createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { migrateSchema } from '../../src/app/schema.ts';

const catalog = buildCatalog();
const VENDOR = catalog.require('VENDOR');
const LONG = 'x'.repeat(100_000);

/** [name, value]. NUL: PostgreSQL text cannot hold it, so no stored text does; a value holding one equals nothing and sorts just after its prefix. */
const HOSTILE: readonly (readonly [string, string])[] = [
  ['a single quote', "O'Brien"],
  ['a quote that ends the literal', "' OR 1=1 --"],
  ['a second statement', "x'; DROP TABLE o_vendor; --"],
  ['backslashes', 'back\\slash\\'],
  ['a trailing backslash (escapes the closing quote in MySQL-style strings)', 'x\\'],
  ['LIKE wildcards', '50%_off'],
  ['GLOB metacharacters', 'a[*?]b'],
  ['a line comment', '-- comment'],
  ['a block comment', '/* x */'],
  ['a lone semicolon', ';'],
  ['a quoted identifier', '"t0"."name"'],
  ['dollar quoting and placeholders', '$$ $1 ? ?1 :name @x'],
  ['newline, tab and carriage return', 'a\nb\tc\r'],
  ['unicode', 'Zoë ÉCOLE 😀 ﬀ Ω'],
  ['100,000 characters', LONG],
  ['100,000 quotes', "'".repeat(100_000)],
  ['a NUL inside', 'O\u0000Brien'],
  ['a NUL alone', '\u0000'],
  ['a NUL after a stored name', "O'Brien\u0000"],
];

const HARMLESS = 'harmless';

/** Every value position of the filter IR, each with the value where a hostile client would put it. */
const POSITIONS: readonly (readonly [string, (v: string) => Filter])[] = [
  ['eq', (v) => ({ kind: 'compare', op: 'eq', path: 'NAME', value: v })],
  ['ne', (v) => ({ kind: 'compare', op: 'ne', path: 'NAME', value: v })],
  ['lt', (v) => ({ kind: 'compare', op: 'lt', path: 'NAME', value: v })],
  ['ge', (v) => ({ kind: 'compare', op: 'ge', path: 'NAME', value: v })],
  ['in', (v) => ({ kind: 'in', negated: false, path: 'NAME', values: [HARMLESS, v] })],
  ['notin', (v) => ({ kind: 'in', negated: true, path: 'NAME', values: [HARMLESS, v] })],
  ['between (low)', (v) => ({ kind: 'between', negated: false, path: 'NAME', values: [v, 'zzz'] })],
  ['between (high)', (v) => ({ kind: 'between', negated: false, path: 'NAME', values: ['', v] })],
  ['notbetween', (v) => ({ kind: 'between', negated: true, path: 'NAME', values: [v, v] })],
  ['like', (v) => ({ kind: 'like', negated: false, path: 'NAME', pattern: v })],
  ['notlike', (v) => ({ kind: 'like', negated: true, path: 'NAME', pattern: v })],
  ['contains', (v) => ({ kind: 'match', mode: 'contains', negated: false, path: 'NAME', value: v })],
  ['startsWith', (v) => ({ kind: 'match', mode: 'startsWith', negated: false, path: 'NAME', value: v })],
  ['endsWith', (v) => ({ kind: 'match', mode: 'endsWith', negated: false, path: 'NAME', value: v })],
  ['not contains', (v) => ({ kind: 'match', mode: 'contains', negated: true, path: 'NAME', value: v })],
];

function bound(filter: Filter, caseInsensitive: boolean): BoundQuery {
  const q = queryRequest({
    object: 'VENDOR',
    naming: 'xml',
    select: [
      { kind: 'field', path: 'RECORDNO' },
      { kind: 'field', path: 'NAME' },
    ],
    filter,
    limit: null,
    options: { caseInsensitive, includePrivate: false, asOfDate: null },
  });
  return bindQuery(catalog, q, { scope: { companyKey: 1, entity: { kind: 'all' } }, now: '2024-03-15T12:00:00Z' });
}

const render = (d: Dialect, q: BoundQuery) => compileQuery(d, q).select.render(d);

/** Long names shortened to their length and hash, so a failure prints a readable diff. */
function readable(page: QueryPage): QueryPage {
  const short = (v: FieldValue) =>
    typeof v === 'string' && v.length > 100
      ? `${v.slice(0, 10)}… (${v.length} chars, sha1 ${createHash('sha1').update(v).digest('hex')})`
      : v;
  return { rows: page.rows.map((r) => r.map(short)), totalCount: page.totalCount };
}

/** Vendors named with every hostile value a database can store, so equality and patterns find some; company 2 has them too. */
const ROWS: Row[] = [
  HARMLESS,
  'a',
  'O',
  "O'Brie",
  ...HOSTILE.map(([, v]) => v).filter((v) => !v.includes('\u0000')),
  null,
].flatMap((name, i) =>
  [1, 2].map((companyKey) => ({
    company_key: companyKey,
    entity_id: null,
    recordno: companyKey * 1000 + i,
    vendorid: `V${i}`,
    name,
  })),
);
const DATA: Dataset = { [VENDOR.table]: ROWS };

describe('hostile values never change the SQL text of either dialect', () => {
  it.each(HOSTILE)('%s', (_name, value) => {
    for (const dialect of [sqliteDialect, postgresDialect]) {
      for (const caseInsensitive of [false, true]) {
        for (const [position, filter] of POSITIONS) {
          const where = `${dialect.name}, ${position}${caseInsensitive ? ', case-insensitive' : ''}`;
          const hostile = render(dialect, bound(filter(value), caseInsensitive));
          const harmless = render(dialect, bound(filter(HARMLESS), caseInsensitive));
          if (value.includes('\u0000')) {
            // Rewritten before SQL (query/sql/nul-free.ts): a comparison with its NUL-free prefix, or one true or false
            // for every text.
            expect(
              hostile.params.some((x) => typeof x === 'string' && x.includes('\u0000')),
              where,
            ).toBe(false);
            expect(hostile.text, where).not.toContain('\u0000');
          } else {
            expect(hostile.text, where).toBe(harmless.text);
            expect(hostile.params.length, where).toBe(harmless.params.length);
          }
        }
      }
    }
  });
});

describe.each(BACKENDS)('hostile values on %s', (backend) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(backend);
    await migrateSchema(t.db, catalog);
    await loadTable(t.db, VENDOR, ROWS);
  });
  afterAll(async () => {
    await t?.drop();
  });

  it.each(HOSTILE)("%s in every position returns the evaluator's rows", async (_name, value) => {
    for (const caseInsensitive of [false, true]) {
      for (const [position, filter] of POSITIONS) {
        const q = bound(filter(value), caseInsensitive);
        expect(readable(await runQuery(t.db, q)), `${position}${caseInsensitive ? ', case-insensitive' : ''}`).toEqual(
          readable(evaluateQuery(q, DATA)),
        );
      }
    }
  });

  it('leaves every row in place', async () => {
    const [{ n }] = (await t.db.all<{ n: unknown }>(sql`SELECT COUNT(*) AS n FROM o_vendor`)) as [{ n: unknown }];
    expect(Number(n)).toBe(ROWS.length);
  });
});
