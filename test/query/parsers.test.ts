// The front ends' small languages: readByQuery conditions, REST filterExpression, date macros, LIKE patterns.

import { describe, expect, it } from 'vitest';
import { lowerRestQuery } from '../../src/protocols/rest/lower-query.ts';
import { parseReadByQuery } from '../../src/protocols/xml/read-by-query-parser.ts';
import { parseFilterExpression } from '../../src/protocols/rest/filter-expression.ts';
import { macroRange, type DateMacro } from '../../src/query/date-macros.ts';
import { parseLikePattern } from '../../src/query/bind.ts';
import type { Filter } from '../../src/query/ir/request.ts';

const eq = (path: string, value: string): Filter => ({ kind: 'compare', op: 'eq', path, value });

describe('readByQuery conditions', () => {
  const cases: [string, string, ReturnType<typeof parseReadByQuery>][] = [
    ['empty means every record', '', { filter: null, offset: 0, limit: null }],
    // seed: CONTACTNAME = 'Erin\'s Software' — "Note the escaped apostrophe."
    [
      'a backslash-escaped quote',
      "CONTACTNAME = 'Erin\\'s Software'",
      { filter: eq('CONTACTNAME', "Erin's Software"), offset: 0, limit: null },
    ],
    [
      'AND binds tighter than OR',
      "A = '1' OR B = '2' AND C = '3'",
      {
        filter: { kind: 'or', items: [eq('A', '1'), { kind: 'and', items: [eq('B', '2'), eq('C', '3')] }] },
        offset: 0,
        limit: null,
      },
    ],
    [
      'NOT prefixes a condition',
      "NOT VENDORID = 'V1234'",
      { filter: { kind: 'not', item: eq('VENDORID', 'V1234') }, offset: 0, limit: null },
    ],
    [
      '!= and <> are the same',
      "A != 'x' AND B <> 'y'",
      {
        filter: {
          kind: 'and',
          items: [
            { kind: 'compare', op: 'ne', path: 'A', value: 'x' },
            { kind: 'compare', op: 'ne', path: 'B', value: 'y' },
          ],
        },
        offset: 0,
        limit: null,
      },
    ],
    [
      'numbers, comparisons and IS NULL',
      'OBJ_ID > 2000 AND STATUS IS NULL AND X IS NOT NULL',
      {
        filter: {
          kind: 'and',
          items: [
            { kind: 'compare', op: 'gt', path: 'OBJ_ID', value: '2000' },
            { kind: 'null', negated: false, path: 'STATUS' },
            { kind: 'null', negated: true, path: 'X' },
          ],
        },
        offset: 0,
        limit: null,
      },
    ],
    [
      'in and not in, keywords in any case',
      "D in ('10','20') and E NOT IN (1)",
      {
        filter: {
          kind: 'and',
          items: [
            { kind: 'in', negated: false, path: 'D', values: ['10', '20'] },
            { kind: 'in', negated: true, path: 'E', values: ['1'] },
          ],
        },
        offset: 0,
        limit: null,
      },
    ],
    [
      'like and not like',
      "EMPLOYEEID like '_b%' AND N not like 'x%'",
      {
        filter: {
          kind: 'and',
          items: [
            { kind: 'like', negated: false, path: 'EMPLOYEEID', pattern: '_b%' },
            { kind: 'like', negated: true, path: 'N', pattern: 'x%' },
          ],
        },
        offset: 0,
        limit: null,
      },
    ],
    // seed: "rownum is used to limit the query to the first row found"
    [
      'rownum = 1 limits to the first row',
      "id in (1,2) and (status = 'posted' OR status = 'summary_posted') and rownum = 1 ",
      {
        filter: {
          kind: 'and',
          items: [
            { kind: 'in', negated: false, path: 'id', values: ['1', '2'] },
            { kind: 'or', items: [eq('status', 'posted'), eq('status', 'summary_posted')] },
          ],
        },
        offset: 0,
        limit: 1,
      },
    ],
    ['rownum < 6 returns five rows', 'rownum < 6', { filter: null, offset: 0, limit: 5 }],
    ['rownum > 10 skips ten rows', "A = 'x' AND rownum > 10", { filter: eq('A', 'x'), offset: 10, limit: null }],
    [
      '= NULL means IS NULL',
      'A = NULL',
      { filter: { kind: 'null', negated: false, path: 'A' }, offset: 0, limit: null },
    ],
  ];
  it.each(cases)('%s', (_n, text, expected) => expect(parseReadByQuery(text)).toEqual(expected));

  it.each([
    ['a dangling AND', "A = '1' AND", /expected a field name/],
    ['an unknown character', 'A = #1', /unexpected character "#"/],
    ['rownum inside OR', "A = '1' OR rownum = 1", /rownum may only be combined with AND at the top level/],
    ['a missing operator', "A 'x'", /expected an operator/],
    ['an unclosed parenthesis', "(A = '1'", /expected "\)"/],
  ])('refuses %s', (_n, text, message) => expect(() => parseReadByQuery(text)).toThrow(message));
});

describe('REST filterExpression', () => {
  const f = [eq('a', '1'), eq('b', '2'), eq('c', '3')];
  it.each([
    ['(1 and 2) or 3', { kind: 'or', items: [{ kind: 'and', items: [f[0], f[1]] }, f[2]] }],
    ['1 and 2 or 3', { kind: 'or', items: [{ kind: 'and', items: [f[0], f[1]] }, f[2]] }],
    ['1 and (2 or 3)', { kind: 'and', items: [f[0], { kind: 'or', items: [f[1], f[2]] }] }],
    // seed rest "Filter expressions": "filterExpression": "or" joins every filter.
    ['or', { kind: 'or', items: f }],
    ['and', { kind: 'and', items: f }],
  ])('%s', (expr, expected) => expect(parseFilterExpression(expr, f)).toEqual(expected));

  it.each([
    ['1 and', /ends where a filter number/],
    ['1 and 4 or 2 or 3', /refers to filter 4, but there are 3 filters/],
    ['1 and 2', /does not use filter 3/],
    ['1 xor 2 or 3', /unexpected "xor"/],
    ['', /is empty/],
  ])('refuses %j', (expr, message) => expect(() => parseFilterExpression(expr, f)).toThrow(message));
});

describe('REST filters', () => {
  // seed rest-query-service.txt:1090-1093, journal entries of the top level: {"$ne": {"entity.id": "null"}}.
  it.each([
    [
      '$ne "null" is "is not null"',
      { $ne: { 'entity.id': 'null' } },
      { kind: 'null', negated: true, path: 'entity.id' },
    ],
    ['$eq null is "is null"', { $eq: { 'entity.id': null } }, { kind: 'null', negated: false, path: 'entity.id' }],
    ['$gt "null" stays a value', { $gt: { name: 'null' } }, { kind: 'compare', op: 'gt', path: 'name', value: 'null' }],
  ])('%s', (_n, filter, expected) =>
    expect(
      lowerRestQuery({ object: 'general-ledger/journal-entry', fields: ['key'], filters: [filter] }).request.filter,
    ).toEqual(expected),
  );
});

describe('date macros', () => {
  // seed rest: asOfDate 2025-03-31 with priorYear lists 2024's entries.
  it.each<[DateMacro, string, string, string]>([
    ['today', '2025-03-31', '2025-03-31', '2025-03-31'],
    ['yesterday', '2025-03-01', '2025-02-28', '2025-02-28'],
    ['currentWeek', '2025-03-31', '2025-03-30', '2025-04-05'],
    ['lastWeek', '2025-03-31', '2025-03-23', '2025-03-29'],
    ['currentMonth', '2024-02-10', '2024-02-01', '2024-02-29'],
    ['priorMonth', '2025-01-15', '2024-12-01', '2024-12-31'],
    ['currentQuarter', '2025-05-20', '2025-04-01', '2025-06-30'],
    ['priorQuarter', '2025-02-01', '2024-10-01', '2024-12-31'],
    ['currentYear', '2025-03-31', '2025-01-01', '2025-12-31'],
    ['priorYear', '2025-03-31', '2024-01-01', '2024-12-31'],
  ])('%s as of %s is %s … %s', (macro, asOf, from, to) => expect(macroRange(macro, asOf)).toEqual({ from, to }));
});

describe('LIKE patterns', () => {
  it('makes % and _ wildcards and everything else literal', () => {
    expect(parseLikePattern("__n%O'B\\")).toEqual([
      { kind: 'oneChar' },
      { kind: 'oneChar' },
      { kind: 'text', text: 'n' },
      { kind: 'anyChars' },
      { kind: 'text', text: "O'B\\" },
    ]);
  });
});
