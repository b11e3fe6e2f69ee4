// Enum conditions follow the seeds' case rules in the protocol's own spelling (query/enum-filter.ts): the reference
// evaluator and both databases give the same rows for each.

import { afterAll, beforeAll, describe, expect } from 'vitest';
import { migrateSchema } from '../../src/app/schema.ts';
import { buildCatalog } from '../../src/catalog/catalog.ts';
import { bindQuery } from '../../src/query/bind.ts';
import { evaluateQuery, type Dataset } from '../../src/query/evaluate.ts';
import { queryRequest, type Filter, type Naming, type ValueSpelling } from '../../src/query/ir/request.ts';
import { runQuery } from '../../src/query/run-query.ts';
import { loadTable } from '../differential/harness.ts';
import { BACKENDS, createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { seed } from '../support/seed.ts';

const catalog = buildCatalog();
const APBILL = catalog.require('APBILL');
const STATES = ['Paid', 'Partially Paid', 'Posted', 'Draft', null] as const;
const data: Dataset = {
  [APBILL.table]: STATES.map((state, i) => ({ company_key: 1, recordno: i + 1, state })),
};

interface Case {
  readonly naming: Naming;
  readonly spelling?: ValueSpelling;
  readonly caseInsensitive: boolean;
  readonly filter: Filter;
  /** The stored states of the rows found, in record order. */
  readonly states: readonly (string | null)[];
}

const xml = (filter: Filter, caseInsensitive: boolean, states: Case['states']): Case => ({
  naming: 'xml',
  caseInsensitive,
  filter,
  states,
});
const rest = (filter: Filter, caseInsensitive: boolean, states: Case['states']): Case => ({
  naming: 'rest',
  caseInsensitive,
  filter,
  states,
});
const eq = (path: string, value: string): Filter => ({ kind: 'compare', op: 'eq', path, value });
const ne = (path: string, value: string): Filter => ({ kind: 'compare', op: 'ne', path, value });
const like = (pattern: string, negated = false): Filter => ({ kind: 'like', negated, path: 'STATE', pattern });
const starts = (value: string, negated = false): Filter => ({
  kind: 'match',
  mode: 'startsWith',
  negated,
  path: 'state',
  value,
});

/** XML compares labels (Paid, Partially Paid). */
const XML_CASES: readonly Case[] = [
  xml(eq('STATE', 'Paid'), false, ['Paid']),
  xml(eq('STATE', 'pAiD'), false, []),
  xml(eq('STATE', 'pAiD'), true, ['Paid']),
  xml(ne('STATE', 'pAiD'), false, ['Paid', 'Partially Paid', 'Posted', 'Draft']),
  xml(ne('STATE', 'pAiD'), true, ['Partially Paid', 'Posted', 'Draft']),
  xml(like('Pa%'), false, ['Paid', 'Partially Paid']),
  xml(like('pa%'), false, []),
  xml(like('pa%'), true, ['Paid', 'Partially Paid']),
  xml(like('pa%', true), false, ['Paid', 'Partially Paid', 'Posted', 'Draft']),
  xml(like('%paid'), true, ['Paid', 'Partially Paid']),
  xml(like('%_ai_'), false, ['Paid', 'Partially Paid']),
  xml({ kind: 'in', negated: false, path: 'STATE', values: ['PAID', 'posted'] }, false, []),
  xml({ kind: 'in', negated: false, path: 'STATE', values: ['PAID', 'posted'] }, true, ['Paid', 'Posted']),
  xml({ kind: 'between', negated: false, path: 'STATE', values: ['paid', 'posted'] }, true, [
    'Paid',
    'Partially Paid',
    'Posted',
  ]),
  xml({ kind: 'not', item: eq('STATE', 'pAiD') }, false, ['Paid', 'Partially Paid', 'Posted', 'Draft']),
];

/** REST compares values (paid, partiallyPaid): Paid is the XML spelling, which REST does not show. */
const REST_CASES: readonly Case[] = [
  rest(starts('pa'), false, ['Paid', 'Partially Paid']),
  rest(starts('Pa'), false, []),
  rest(starts('Pa'), true, ['Paid', 'Partially Paid']),
  rest(starts('pa', true), false, ['Posted', 'Draft']),
  rest(eq('state', 'Paid'), false, []),
  rest(eq('state', 'paid'), false, ['Paid']),
  rest(eq('state', 'PAID'), true, ['Paid']),
  rest({ kind: 'match', mode: 'contains', negated: false, path: 'state', value: 'Paid' }, false, ['Partially Paid']),
  rest({ kind: 'match', mode: 'endsWith', negated: false, path: 'state', value: 'PAID' }, true, [
    'Paid',
    'Partially Paid',
  ]),
];

/** readByQuery: labels or codes, exactly (it has no case option). */
const READ_BY_QUERY_CASES: readonly Case[] = [
  { naming: 'xml', spelling: 'code', caseInsensitive: false, filter: eq('STATE', 'A'), states: ['Posted'] },
  { naming: 'xml', spelling: 'code', caseInsensitive: false, filter: eq('STATE', 'Posted'), states: ['Posted'] },
  { naming: 'xml', spelling: 'code', caseInsensitive: false, filter: eq('STATE', 'a'), states: [] },
  {
    naming: 'xml',
    spelling: 'code',
    caseInsensitive: false,
    filter: ne('STATE', 'A'),
    states: ['Paid', 'Partially Paid', 'Draft'],
  },
];

function request(c: Case) {
  return bindQuery(
    catalog,
    queryRequest({
      object: c.naming === 'xml' ? 'APBILL' : 'accounts-payable/bill',
      naming: c.naming,
      spelling: c.spelling ?? 'label',
      select: [{ kind: 'field', path: c.naming === 'xml' ? 'STATE' : 'state' }],
      filter: c.filter,
      limit: null,
      options: { caseInsensitive: c.caseInsensitive, includePrivate: false, asOfDate: null },
    }),
    { scope: { companyKey: 1, entity: { kind: 'all' } }, now: '2024-03-15T12:00:00Z' },
  );
}

describe.each(BACKENDS)('enum case rules on %s and the evaluator', (backend) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(backend);
    await migrateSchema(t.db, catalog);
    await loadTable(t.db, APBILL, data[APBILL.table]);
  });
  afterAll(async () => {
    await t?.drop();
  });

  async function check(cases: readonly Case[]) {
    for (const c of cases) {
      const q = request(c);
      const expected = { rows: c.states.map((s) => [s]), totalCount: c.states.length };
      expect(evaluateQuery(q, data), JSON.stringify(c)).toEqual(expected);
      expect(await runQuery(t.db, q), JSON.stringify(c)).toEqual(expected);
    }
  }

  // The operands of the query function and of readByQuery's query string.
  seed('xml-query-and-readbyquery.txt:1206', 'String operands are case-sensitive.', () =>
    check([...XML_CASES, ...READ_BY_QUERY_CASES]),
  );

  seed(
    'rest-query-service.txt:1017',
    'To extend a query to include matches regardless of case, set this parameter to false',
    () => check(REST_CASES),
  );
});
