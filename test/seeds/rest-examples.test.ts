// The examples, operators, paging and aggregates of rest-query-service.txt, each proved over real HTTP on both
// databases: the rows the query service returns are the ones the statement describes, checked against a wider query.

import { afterAll, beforeAll, describe, expect } from 'vitest';
import { BACKENDS } from '../support/databases.ts';
import { seed } from '../support/seed.ts';
import { bearer, postJson, startRestServer, token, type RestServer } from '../rest/rest-server.ts';

type Row = Record<string, any>;

describe.each(BACKENDS)('rest-query-service.txt examples on %s', (backend) => {
  let s: RestServer;
  let auth: Record<string, string>;
  const query = (body: unknown, headers = auth) => postJson(`${s.api}/services/core/query`, body, headers);
  beforeAll(async () => {
    s = await startRestServer(backend);
    auth = bearer((await token(s.api)).access_token);
  });
  afterAll(async () => {
    await s?.close();
  });

  /** Every row of a query, walking `next` at the largest page. */
  async function all(body: Row, headers = auth): Promise<Row[]> {
    const out: Row[] = [];
    for (let start: number | null = 1; start !== null; ) {
      const r = await query({ ...body, start, size: 4000 }, headers);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      out.push(...r.body['ia::result']);
      start = r.body['ia::meta'].next;
    }
    return out;
  }

  /** The rows a body's filters find are exactly the object's rows the predicate keeps: some, not all. */
  async function expectRows(body: Row, keep: (r: Row) => boolean): Promise<Row[]> {
    const { filters: _, filterExpression: __, ...unfiltered } = body;
    const every = await all(unfiltered);
    const found = await all(body);
    expect(found.length).toBeGreaterThan(0);
    expect(found.length).toBeLessThan(every.length);
    expect(found).toEqual(every.filter(keep));
    return found;
  }

  const errorOf = (r: { body: any }) => r.body['ia::result']['ia::error'];

  seed('rest-query-service.txt:13', 'Each single query request can only have one object.', async () => {
    const r = await query({ object: ['accounts-payable/vendor', 'accounts-payable/bill'], fields: ['key'] });
    expect(r.status).toBe(400);
    expect(errorOf(r).errorId).toBe('parse.invalid-query');
  });

  seed(
    'rest-query-service.txt:14',
    'The following basic query request returns account groups in the Chart of Accounts:',
    async () => {
      const r = await query({ object: 'general-ledger/account-group', fields: ['key', 'id', 'href'] });
      expect(r.status).toBe(200);
      expect(Object.keys(r.body)).toEqual(['ia::result', 'ia::meta']);
      const rows = r.body['ia::result'];
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) {
        expect(Object.keys(row)).toEqual(['key', 'id', 'href']);
        expect(row.href).toBe(`/objects/general-ledger/account-group/${row.key}`);
      }
      expect(r.body['ia::meta']).toEqual({
        totalCount: r.body['ia::meta'].totalCount,
        start: 1,
        pageSize: 100,
        next: r.body['ia::meta'].totalCount > 100 ? 101 : null,
        previous: null,
      });
    },
  );

  seed(
    'rest-query-service.txt:54',
    'You can construct an array of distinct objects within a single query request to retrieve multiple datasets simultaneously, each with its own parameters and structure.',
    async () => {
      const vendors = {
        object: 'accounts-payable/vendor',
        fields: ['key', 'id'],
        filters: [{ $eq: { status: 'active' } }],
      };
      const locations = { object: 'company-config/location', fields: ['id', 'name'], size: 2 };
      const r = await query([vendors, locations]);
      expect(r.status).toBe(200);
      expect(r.body['ia::meta']).toEqual({ totalCount: 2, totalSuccess: 2, totalError: 0 });
      expect(r.body['ia::result'][0]).toEqual((await query(vendors)).body);
      expect(r.body['ia::result'][1]).toEqual((await query(locations)).body);
      expect(r.body['ia::result'][1]['ia::result']).toHaveLength(2);
    },
  );

  seed(
    'rest-query-service.txt:1582',
    'Yes, the query service supports both. You can submit a single query request, or a collection of requests (array), including dynamic queries. This allows you to execute multiple queries in a singe call.',
    async () => {
      const one = { object: 'company-config/location', fields: ['id'], size: 3 };
      const single = await query(one);
      const batch = await query([one, one, one]);
      expect(batch.body['ia::meta']).toEqual({ totalCount: 3, totalSuccess: 3, totalError: 0 });
      expect(batch.body['ia::result']).toEqual([single.body, single.body, single.body]);
    },
  );

  seed(
    'rest-query-service.txt:163',
    'When querying an object that contains references to other objects, you can use dot notation to access fields from the referenced objects.',
    async () => {
      const found = await expectRows(
        {
          object: 'cash-management/bank-txn-rule-map',
          fields: ['key', 'id', 'bankTxnRule.id', 'bankTxnRule.name', 'bankTxnRuleSet.id'],
          filters: [{ $eq: { 'bankTxnRuleSet.id': '2' } }],
        },
        (r) => r['bankTxnRuleSet.id'] === '2',
      );
      expect(found.every((r) => r['bankTxnRule.id'] !== null && r['bankTxnRule.name'] !== null)).toBe(true);
    },
  );

  seed(
    'rest-query-service.txt:225',
    'to sort query results by a single field, specifying the field name and the desired sort direction (ascending or descending).',
    async () => {
      const base = { object: 'general-ledger/journal-entry', fields: ['key', 'postingDate'] };
      const asc = await all({ ...base, orderBy: [{ postingDate: 'asc' }, { key: 'asc' }] });
      const desc = await all({ ...base, orderBy: [{ postingDate: 'desc' }, { key: 'asc' }] });
      const dates = asc.map((r) => r.postingDate);
      expect(new Set(dates).size).toBeGreaterThan(1);
      expect(dates).toEqual([...dates].sort());
      expect(desc.map((r) => r.postingDate)).toEqual([...dates].sort().reverse());
    },
  );

  seed(
    'rest-query-service.txt:272',
    'to sort by multiple fields, for example sorting in ascending order by date, then in descending order by amount.',
    async () => {
      const rows = await all({
        object: 'accounts-receivable/invoice',
        fields: ['key', 'invoiceSummary.glPostingDate', 'totalTxnAmount'],
        orderBy: [{ 'invoiceSummary.glPostingDate': 'asc' }, { totalTxnAmount: 'desc' }],
      });
      expect(rows.length).toBeGreaterThan(2);
      const sorted = [...rows].sort(
        (a, b) =>
          String(a['invoiceSummary.glPostingDate']).localeCompare(String(b['invoiceSummary.glPostingDate'])) ||
          Number(b.totalTxnAmount) - Number(a.totalTxnAmount),
      );
      const key = (r: Row) => `${r['invoiceSummary.glPostingDate']}|${r.totalTxnAmount}`;
      expect(rows.map(key)).toEqual(sorted.map(key));
      // Some date has several invoices, so the second field decides.
      expect(new Set(rows.map((r) => r['invoiceSummary.glPostingDate'])).size).toBeLessThan(rows.length);
    },
  );

  const groups = { object: 'general-ledger/account-group', fields: ['key', 'id'], orderBy: [{ key: 'asc' }] };

  seed(
    'rest-query-service.txt:368',
    'Specify the first result to return, useful for skipping objects in queries.',
    async () => {
      const first = await query({ ...groups, size: 20 });
      const from10 = await query({ ...groups, start: 10 });
      expect(from10.body['ia::result'].slice(0, 11)).toEqual(first.body['ia::result'].slice(9, 20));
      expect(from10.body['ia::meta']).toMatchObject({ start: 10, pageSize: 100, previous: 1 });
    },
  );

  seed('rest-query-service.txt:417', 'Limit the maximum number of results to return per page.', async () => {
    const r = await query({ ...groups, start: 10, size: 5 });
    expect(r.body['ia::result']).toHaveLength(5);
    const total = r.body['ia::meta'].totalCount;
    expect(total).toBeGreaterThan(15);
    expect(r.body['ia::meta']).toEqual({ totalCount: total, start: 10, pageSize: 5, next: 15, previous: 5 });
    expect(r.body['ia::result']).toEqual((await query({ ...groups, size: 14 })).body['ia::result'].slice(9));
  });

  seed(
    'rest-query-service.txt:484',
    'Using the filters array, you can apply a single filter condition to a query request by specifying the target field, an operator, and a corresponding value.',
    async () => {
      await expectRows(
        { object: 'company-config/location', fields: ['id', 'parent.id'], filters: [{ $eq: { 'parent.id': 'CA' } }] },
        (r) => r['parent.id'] === 'CA',
      );
    },
  );

  seed(
    'rest-query-service.txt:545',
    'Each condition in the array represents a discrete logical statement. You can reference these conditions in a filter expression using 1-based array indexing to construct complex logic using the and and or operators. Parentheses are also supported to group conditions and control evaluation order.',
    async () => {
      const body = {
        object: 'company-config/location',
        fields: ['id', 'status', 'parent.id'],
        filters: [{ $eq: { status: 'active' } }, { $eq: { 'parent.id': 'CA' } }, { $eq: { 'parent.id': 'AZ' } }],
      };
      const active = (r: Row) => r.status === 'active';
      const ca = (r: Row) => r['parent.id'] === 'CA';
      const az = (r: Row) => r['parent.id'] === 'AZ';
      await expectRows({ ...body, filters: body.filters.slice(0, 2) }, (r) => active(r) && ca(r));
      await expectRows({ ...body, filterExpression: '1 and (2 or 3)' }, (r) => active(r) && (ca(r) || az(r)));
      await expectRows({ ...body, filterExpression: '(1 and 2) or 3' }, (r) => (active(r) && ca(r)) || az(r));
      const bad = await query({ ...body, filterExpression: '1 and 4' });
      expect(bad.status).toBe(400);
    },
  );

  seed(
    'rest-query-service.txt:605',
    'array can be applied to a query request to list results between two dates using the between',
    async () => {
      await expectRows(
        {
          object: 'order-entry/document-line',
          fields: ['key', 'documentHeader.dueDate'],
          filters: [{ $between: { 'documentHeader.dueDate': ['2024-06-01', '2025-06-30'] } }],
        },
        (r) =>
          r['documentHeader.dueDate'] !== null &&
          r['documentHeader.dueDate'] >= '2024-06-01' &&
          r['documentHeader.dueDate'] <= '2025-06-30',
      );
    },
  );

  /** Bills created in a date range, by explicit dates. */
  const createdBetween = (from: string, to: string) => [{ $gte: { createdDate: from } }, { $lte: { createdDate: to } }];
  const billKeys = async (filters: unknown[], asOfDate = '2025-06-18') =>
    (await all({ object: 'accounts-payable/bill', fields: ['key'], filters, filterParameters: { asOfDate } })).map(
      (r) => r.key,
    );

  seed('rest-query-service.txt:667', 'These macros can be used with the asOfDate filter parameter.', async () => {
    const in2024 = await billKeys([{ $eq: { createdDate: 'currentYear' } }], '2024-03-01');
    expect(in2024.length).toBeGreaterThan(0);
    expect(in2024).toEqual(await billKeys(createdBetween('2024-01-01', '2024-12-31')));
    expect(await billKeys([{ $eq: { createdDate: 'currentYear' } }], '2023-03-01')).toEqual(
      await billKeys(createdBetween('2023-01-01', '2023-12-31')),
    );
  });

  seed('rest-query-service.txt:726', 'The following are supported date macros:', async () => {
    // As of Wednesday 2025-06-18.
    const ranges: Record<string, [string, string]> = {
      today: ['2025-06-18', '2025-06-18'],
      yesterday: ['2025-06-17', '2025-06-17'],
      currentMonth: ['2025-06-01', '2025-06-30'],
      priorMonth: ['2025-05-01', '2025-05-31'],
      currentQuarter: ['2025-04-01', '2025-06-30'],
      priorQuarter: ['2025-01-01', '2025-03-31'],
      currentYear: ['2025-01-01', '2025-12-31'],
      priorYear: ['2024-01-01', '2024-12-31'],
    };
    let some = 0;
    for (const [macro, [from, to]] of Object.entries(ranges)) {
      const found = await billKeys([{ $eq: { createdDate: macro } }]);
      expect(found, macro).toEqual(await billKeys(createdBetween(from, to)));
      some += found.length;
    }
    expect(some).toBeGreaterThan(0);
    // A week is seven days around asOfDate, the prior one the seven before.
    const dated = async (macro: string) =>
      (
        await all({
          object: 'accounts-payable/bill',
          fields: ['createdDate'],
          filters: [{ $eq: { createdDate: macro } }],
          filterParameters: { asOfDate: '2025-06-18' },
        })
      ).map((r) => r.createdDate as string);
    for (const d of await dated('currentWeek')) expect(d >= '2025-06-12' && d <= '2025-06-24').toBe(true);
    for (const d of await dated('lastWeek')) expect(d >= '2025-06-05' && d <= '2025-06-17').toBe(true);
    const bogus = await query({
      object: 'accounts-payable/bill',
      fields: ['key'],
      filters: [{ $eq: { createdDate: 'nextCentury' } }],
    });
    expect(bogus.status).toBe(422);
  });

  const locations = (filters: unknown[], filterExpression?: string) => ({
    object: 'company-config/location',
    fields: ['id', 'name', 'parent.id', 'startDate'],
    filters,
    ...(filterExpression ? { filterExpression } : {}),
  });

  seed(
    'rest-query-service.txt:738',
    'element to define how filter conditions are combined. This allows you to apply logical operators (and',
    async () => {
      const az = { $eq: { 'parent.id': 'AZ' } };
      const ca = { $eq: { 'parent.id': 'CA' } };
      const either = await expectRows(locations([az, ca], 'or'), (r) => ['AZ', 'CA'].includes(r['parent.id']));
      expect(new Set(either.map((r) => r['parent.id']))).toEqual(new Set(['AZ', 'CA']));
      expect((await query(locations([az, ca], 'and'))).body['ia::result']).toEqual([]);
    },
  );

  seed('rest-query-service.txt:811', 'element also uses 1-based indexing of the filters', async () => {
    const filters = [
      { $eq: { startDate: 'currentYear' } },
      { $eq: { 'parent.id': 'AZ' } },
      { $eq: { 'parent.id': 'CA' } },
    ];
    const found = await expectRows(
      { ...locations(filters, '(1 and 2) or 3'), filterParameters: { asOfDate: '2025-06-30' } },
      (r) => (r['parent.id'] === 'AZ' && r.startDate?.startsWith('2025-')) || r['parent.id'] === 'CA',
    );
    expect(found.some((r) => r['parent.id'] === 'AZ')).toBe(true);
  });

  // Vendors, with a text, a number and a status each.
  const VENDORS = { object: 'accounts-payable/vendor', fields: ['key', 'id', 'name', 'status', 'creditLimit'] };
  const vendors = (filter: unknown, keep: (r: Row) => boolean) => expectRows({ ...VENDORS, filters: [filter] }, keep);
  const limit = (r: Row) => (r.creditLimit === null ? null : Number(r.creditLimit));

  seed('rest-query-service.txt:895', '$eq | equals', () =>
    vendors({ $eq: { status: 'active' } }, (r) => r.status === 'active'),
  );
  seed('rest-query-service.txt:898', '$ne | not equals', () =>
    vendors({ $ne: { status: 'inactive' } }, (r) => r.status !== 'inactive'),
  );
  seed('rest-query-service.txt:901', '$lt | less than', () =>
    vendors({ $lt: { creditLimit: '50000' } }, (r) => limit(r) !== null && limit(r)! < 50000),
  );
  seed('rest-query-service.txt:904', '$lte | less than or equal to', () =>
    vendors({ $lte: { creditLimit: '50000' } }, (r) => limit(r) !== null && limit(r)! <= 50000),
  );
  seed('rest-query-service.txt:907', '$gt | greater than', () =>
    vendors({ $gt: { creditLimit: 50000 } }, (r) => limit(r) !== null && limit(r)! > 50000),
  );
  seed('rest-query-service.txt:910', '$gte | greater than or equal to', () =>
    vendors({ $gte: { creditLimit: '50000' } }, (r) => limit(r) !== null && limit(r)! >= 50000),
  );
  seed('rest-query-service.txt:913', '$in | in array', async () => {
    const some = (await query({ ...VENDORS, size: 2 })).body['ia::result'].map((r: Row) => r.id);
    await vendors({ $in: { id: [...some, 'no-such-vendor'] } }, (r) => some.includes(r.id));
  });
  seed('rest-query-service.txt:916', '$notIn | not in array', async () => {
    const some = (await query({ ...VENDORS, size: 2 })).body['ia::result'].map((r: Row) => r.id);
    await vendors({ $notIn: { id: [...some, 'no-such-vendor'] } }, (r) => !some.includes(r.id));
  });
  seed('rest-query-service.txt:919', '$between | between', () =>
    vendors(
      { $between: { creditLimit: ['10000', '50000'] } },
      (r) => limit(r) !== null && limit(r)! >= 10000 && limit(r)! <= 50000,
    ),
  );
  seed('rest-query-service.txt:922', '$notBetween | not between', () =>
    vendors(
      { $notBetween: { creditLimit: ['10000', '50000'] } },
      (r) => limit(r) !== null && (limit(r)! < 10000 || limit(r)! > 50000),
    ),
  );
  seed('rest-query-service.txt:925', '$contains | contains', () =>
    vendors({ $contains: { name: 'an' } }, (r) => r.name.includes('an')),
  );
  seed('rest-query-service.txt:928', '$notContains | not contains', () =>
    vendors({ $notContains: { name: 'an' } }, (r) => r.name !== null && !r.name.includes('an')),
  );
  seed('rest-query-service.txt:931', '$startsWith | starts with', () =>
    vendors({ $startsWith: { name: 'S' } }, (r) => r.name.startsWith('S')),
  );
  seed('rest-query-service.txt:934', '$notStartsWith | not starts with', () =>
    vendors({ $notStartsWith: { name: 'S' } }, (r) => r.name !== null && !r.name.startsWith('S')),
  );
  seed('rest-query-service.txt:937', '$endsWith | ends with', () =>
    vendors({ $endsWith: { name: 's' } }, (r) => r.name.endsWith('s')),
  );
  seed('rest-query-service.txt:940', '$notEndsWith | not ends with', () =>
    vendors({ $notEndsWith: { name: 's' } }, (r) => r.name !== null && !r.name.endsWith('s')),
  );

  seed(
    'rest-query-service.txt:944',
    'Filter parameters modify the behavior of the query, rather than specifying data-matching conditions like standard filters.',
    async () => {
      const base = { object: 'accounts-payable/vendor', fields: ['key'] };
      for (const filterParameters of [
        { caseSensitiveComparison: false },
        { includePrivate: true },
        { asOfDate: '2025-01-01' },
      ])
        expect((await query({ ...base, filterParameters })).status).toBe(200);
      const unknown = await query({ ...base, filterParameters: { showPrivate: true } });
      expect(unknown.status).toBe(400);
    },
  );

  seed(
    'rest-query-service.txt:955',
    'The following example uses the asOfDate filter parameter with the priorYear date macro to list journal entries created in the prior year as of March 31st, 2025:',
    async () => {
      const keys = async (filters: unknown[]) =>
        (
          await all({
            object: 'general-ledger/journal-entry',
            fields: ['key'],
            filters,
            filterParameters: { asOfDate: '2025-03-31' },
          })
        ).map((r) => r.key);
      const prior = await keys([{ $eq: { postingDate: 'priorYear' } }]);
      expect(prior.length).toBeGreaterThan(0);
      expect(prior).toEqual(await keys([{ $between: { postingDate: ['2024-01-01', '2024-12-31'] } }]));
      // $gt a macro: after its last day.
      expect(await keys([{ $gt: { postingDate: 'priorYear' } }])).toEqual(
        await keys([{ $gt: { postingDate: '2024-12-31' } }]),
      );
    },
  );

  seed(
    'rest-query-service.txt:1141',
    'If at least one aggregate function is present, all non-aggregate fields are treated as an implicit groupBy',
    async () => {
      const grouped = await all({
        object: 'accounts-payable/bill',
        fields: [
          'state',
          'count:key',
          'sum:totalTxnAmount',
          'avg:totalTxnAmount',
          'min:totalTxnAmount',
          'max:totalTxnAmount',
        ],
      });
      const rows = await all({ object: 'accounts-payable/bill', fields: ['state', 'totalTxnAmount'] });
      const byState = new Map<string, number[]>();
      for (const r of rows) byState.set(r.state, [...(byState.get(r.state) ?? []), Number(r.totalTxnAmount)]);
      expect(grouped).toHaveLength(byState.size);
      for (const g of grouped) {
        const v = byState.get(g.state)!;
        const sum = v.reduce((a, b) => a + b, 0);
        expect(Number(g['count:key'])).toBe(v.length);
        expect(Number(g['sum:totalTxnAmount'])).toBeCloseTo(sum, 2);
        expect(Number(g['avg:totalTxnAmount'])).toBeCloseTo(sum / v.length, 1);
        expect(Number(g['min:totalTxnAmount'])).toBe(Math.min(...v));
        expect(Number(g['max:totalTxnAmount'])).toBe(Math.max(...v));
      }
      const bad = await query({ object: 'accounts-payable/bill', fields: ['median:totalTxnAmount'] });
      expect(bad.status).toBe(400);
    },
  );

  seed(
    'rest-query-service.txt:1476',
    'The following example query uses a filter to find all credit card transactions that are paid, and then displays the results in ascending order:',
    async () => {
      const found = await expectRows(
        {
          object: 'cash-management/credit-card-txn',
          fields: ['key', 'id', 'state', 'whenPaid', 'totalPaid'],
          filters: [{ $eq: { state: 'paid' } }],
          orderBy: [{ id: 'asc' }],
        },
        (r) => r.state === 'paid',
      );
      const ids = found.map((r) => r.id);
      expect(ids).toEqual([...ids].sort());
    },
  );

  seed(
    'rest-query-service.txt:1559',
    'Continue this process to fetch subsequent batches of results until next',
    async () => {
      const body = { object: 'accounts-payable/bill', fields: ['key'], orderBy: [{ key: 'asc' }] };
      const total = (await query(body)).body['ia::meta'].totalCount;
      const keys: string[] = [];
      let pages = 0;
      for (let start: number | null = 1; start !== null; pages++) {
        const r = await query({ ...body, start, size: 500 });
        keys.push(...r.body['ia::result'].map((x: Row) => x.key));
        start = r.body['ia::meta'].next;
        if (start !== null) expect(start).toBeGreaterThan(0);
      }
      expect(pages).toBe(Math.ceil(total / 500));
      expect(keys).toHaveLength(total);
      expect(new Set(keys).size).toBe(total);
    },
  );

  seed(
    'rest-query-service.txt:1600',
    'No, the query service does not support querying related collections of objects. For example, you cannot query journal entry lines for a specific journal entry.',
    async () => {
      const r = await query({ object: 'general-ledger/journal-entry', fields: ['key', 'lines.amount'] });
      expect(r.status).toBeGreaterThanOrEqual(400);
      expect(errorOf(r).message).toMatch(/lines/);
      // The lines are queried as their own object, by their entry.
      const lines = await query({
        object: 'general-ledger/journal-entry-line',
        fields: ['key', 'journalEntry.key'],
        size: 1,
      });
      expect(lines.status).toBe(200);
    },
  );

  seed(
    'rest-query-service.txt:1077',
    'It is only available at the top company level and respects user permissions.',
    async () => {
      const body = { object: 'general-ledger/journal-entry', fields: ['key', 'entity.id'] };
      const top = await all({ ...body, filterParameters: { includePrivate: true } });
      const entities = [...new Set(top.map((r) => r['entity.id']).filter((e) => e !== null && e !== 'PRIV'))];
      expect(entities.length).toBeGreaterThan(0);
      // Signed in to an entity, includePrivate shows nothing more.
      const inEntity = bearer((await token(s.api, `admin@demo|${entities[0]}`)).access_token);
      const without = await all(body, inEntity);
      expect(without.length).toBeGreaterThan(0);
      expect(await all({ ...body, filterParameters: { includePrivate: true } }, inEntity)).toEqual(without);
      expect(without.some((r) => r['entity.id'] === 'PRIV')).toBe(false);
    },
  );

  /** One aggregate over every bill (no other field, so no groups), and the bills' own values. */
  async function aggregate(fn: string, field: string, filters: unknown[] = []) {
    const r = await query({ object: 'accounts-payable/bill', fields: [`${fn}:${field}`], filters });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body['ia::result']).toHaveLength(1);
    const values = (await all({ object: 'accounts-payable/bill', fields: ['key', field], filters }))
      .map((x) => x[field])
      .filter((v) => v !== null);
    expect(values.length).toBeGreaterThan(1);
    return { value: r.body['ia::result'][0][`${fn}:${field}`], values };
  }
  const PAID = [{ $eq: { state: 'paid' } }];

  seed('rest-query-service.txt:1150', 'Returns the total of a numeric field across all matching objects.', async () => {
    const { value, values } = await aggregate('sum', 'totalTxnAmount', PAID);
    expect(Number(value)).toBeCloseTo(
      values.reduce((a, v) => a + Number(v), 0),
      2,
    );
  });

  seed('rest-query-service.txt:1238', 'Finds the smallest or earliest value in a specified field.', async () => {
    const amount = await aggregate('min', 'totalTxnAmount', PAID);
    expect(Number(amount.value)).toBe(Math.min(...amount.values.map(Number)));
    const date = await aggregate('min', 'createdDate', PAID);
    expect(date.value).toBe([...date.values].sort()[0]);
  });

  seed('rest-query-service.txt:1281', 'Finds the largest or most recent value in a specified field.', async () => {
    const amount = await aggregate('max', 'totalTxnAmount', PAID);
    expect(Number(amount.value)).toBe(Math.max(...amount.values.map(Number)));
    const date = await aggregate('max', 'createdDate', PAID);
    expect(date.value).toBe([...date.values].sort().at(-1));
  });

  seed(
    'rest-query-service.txt:1319',
    'Returns the total number of objects that meet the filter criteria.',
    async () => {
      const { value, values } = await aggregate('count', 'key', PAID);
      expect(value).toBe(String(values.length));
      const every = await aggregate('count', 'key');
      expect(Number(every.value)).toBeGreaterThan(values.length);
    },
  );

  seed('rest-query-service.txt:1607', 'It returns a list of data, which is not supported for querying.', async () => {
    for (const body of [
      { object: 'general-ledger/journal-entry', fields: ['key', 'lines'] },
      { object: 'general-ledger/journal-entry', fields: ['key'], filters: [{ $eq: { lines: '1' } }] },
    ]) {
      const r = await query(body);
      expect(r.status, JSON.stringify(body)).toBeGreaterThanOrEqual(400);
      expect(errorOf(r).message).toMatch(/lines/);
    }
  });
});
