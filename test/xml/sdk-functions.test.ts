// The XML gateway's functions as the official Intacct SDK meets them over real HTTP: every function and query option,
// readMore walks, result errors, transactions.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { buildCatalog } from '../../src/catalog/catalog.ts';
import { p, sql } from '../../src/store/sql.ts';
import { BACKENDS } from '../support/databases.ts';
import {
  envelope,
  errorNumbers,
  gatewayDatabase,
  IA,
  postRaw,
  rejection,
  requestConfig,
  sdkClient,
  sdkConfig,
  sdkParse,
  startGateway,
  type Gateway,
} from './support/gateway-harness.ts';

const Q = IA.Functions.Common.NewQuery;
const F = (name: string) => new Q.QueryFilter.Filter(name);

function query(
  object: string,
  fields: string[],
  build: (q: IA.Functions.Common.NewQuery.Query) => void = () => {},
): IA.Functions.Common.NewQuery.Query {
  const q = new Q.Query();
  q.assignFromObject(object);
  q.assignSelectFields(new Q.QuerySelect.SelectBuilder().addFields(fields).selects);
  build(q);
  return q;
}

type Rec = Record<string, string>;

// The request bodies the SDK was recorded sending (protocol Appendix A) are accepted byte for byte and answered as
// Intacct would.
interface Recorded {
  id: string;
  title: string;
  body: string;
}
const { requests } = JSON.parse(
  readFileSync(new URL('../fixtures/xml/appendix-a-requests.json', import.meta.url), 'utf8'),
) as { requests: Recorded[] };

/** The recording's credentials become the demo's; every other byte stays as the SDK wrote it. */
function withDemoCredentials(body: string): string {
  return body
    .replace(
      '<senderid>testsender</senderid><password>sendpass</password>',
      '<senderid>ledgerq</senderid><password>ledgerq</password>',
    )
    .replace(
      '<userid>xml_user</userid><companyid>demo</companyid><password>userpass</password>',
      '<userid>admin</userid><companyid>demo</companyid><password>admin</password>',
    )
    .replaceAll('E100', 'US');
}

type Expected =
  | { readonly level: 'control' | 'authentication'; readonly errorno: string }
  | { readonly level: 'result'; readonly statuses: readonly string[]; readonly errorno?: string };

const EXPECTED: Record<string, Expected> = {
  'A.1': { level: 'result', statuses: ['success'] },
  // SESSION123.. was the recording server's session; here it is unknown.
  'A.2': { level: 'authentication', errorno: 'XL03000006' },
  'A.3': { level: 'result', statuses: ['success'] },
  // Shape only: fields A…G and a docparid on VENDOR do not exist.
  'A.4': { level: 'result', statuses: ['failure'], errorno: 'BL01001973' },
  'A.5': { level: 'result', statuses: ['success'] },
  'A.6': { level: 'result', statuses: ['success'] },
  'A.7': { level: 'result', statuses: ['success'] },
  // uozue4h5np was the recording server's resultId.
  'A.8': { level: 'result', statuses: ['failure'], errorno: 'BL01001973' },
  'A.9': { level: 'result', statuses: ['success'] },
  'A.10': { level: 'result', statuses: ['success'] },
  'A.11': { level: 'result', statuses: ['success'] },
  'A.12': { level: 'result', statuses: ['success'] },
  'A.13': { level: 'result', statuses: ['success'] },
  'A.14': { level: 'result', statuses: ['success'] },
  'A.15': { level: 'result', statuses: ['success'] },
  'A.16': { level: 'result', statuses: ['success'] },
  'A.17': { level: 'result', statuses: ['failure'], errorno: 'BL01001973' },
  // getAPISession is not alone and the operation is a transaction (intacct-responses fact 13).
  'A.18': { level: 'result', statuses: ['failure', 'aborted'], errorno: 'BL01001973' },
  'A.19': { level: 'control', errorno: 'BL01001973' },
};

describe.each(BACKENDS)('XML gateway functions through the Intacct SDK on %s', (backend) => {
  const { url, cleanup } = gatewayDatabase(backend);
  let g: Gateway;
  const run = async (fn: IA.Functions.IFunction, login = {}) =>
    (await sdkClient(g, login).execute(fn, requestConfig())).getResult();

  beforeAll(async () => {
    g = await startGateway(url);
  });
  afterAll(async () => {
    await g?.close();
    await cleanup();
  });

  describe('query', () => {
    it('select fields and every aggregate, named COUNT.RECORDNO, SUM.TOTALDUE, …', async () => {
      const q = new Q.Query();
      q.assignFromObject('APBILL');
      q.assignSelectFields(
        new Q.QuerySelect.SelectBuilder()
          .addField('VENDORID')
          .addCount('RECORDNO')
          .addSum('TOTALDUE')
          .addAverage('TOTALDUE')
          .addMinimum('TOTALDUE')
          .addMaximum('TOTALDUE').selects,
      );
      q.assignPageSize(2000);
      const r = await run(q);
      expect(r.listType).toBe('APBILL');
      const rows = r.data as Rec[];
      expect(Object.keys(rows[0]!)).toEqual([
        'VENDORID',
        'COUNT.RECORDNO',
        'SUM.TOTALDUE',
        'AVG.TOTALDUE',
        'MIN.TOTALDUE',
        'MAX.TOTALDUE',
      ]);
      const all = await run(query('APBILL', ['RECORDNO'], (x) => x.assignPageSize(1)));
      expect(rows.reduce((n, row) => n + Number(row['COUNT.RECORDNO']), 0)).toBe(all.totalCount);
      for (const row of rows) expect(Number(row['MIN.TOTALDUE'])).toBeLessThanOrEqual(Number(row['MAX.TOTALDUE']));
    });

    // Every operator the SDK writes (protocol §3.2), each checked against the rows it returns.
    const FILTERS: [string, () => IA.Functions.Common.NewQuery.QueryFilter.IFilter, (r: Rec) => boolean][] = [
      ['equalto', () => F('STATUS').equalTo('active'), (r) => r.STATUS === 'active'],
      ['notequalto', () => F('STATUS').notEqualTo('active'), (r) => r.STATUS !== 'active'],
      ['lessthan', () => F('TOTALDUE').lessThan('100'), (r) => Number(r.TOTALDUE) < 100],
      ['lessthanorequalto', () => F('TOTALDUE').lessThanOrEqualTo('0'), (r) => Number(r.TOTALDUE) <= 0],
      ['greaterthan', () => F('TOTALDUE').greaterThan('100'), (r) => Number(r.TOTALDUE) > 100],
      ['greaterthanorequalto', () => F('TOTALDUE').greaterThanOrEqualTo('214.24'), (r) => Number(r.TOTALDUE) >= 214.24],
      [
        'between',
        () => F('TOTALDUE').between('10', '500'),
        (r) => Number(r.TOTALDUE) >= 10 && Number(r.TOTALDUE) <= 500,
      ],
      [
        'in',
        () => F('VENDORID').in(['V1234', 'V-0001', 'V-0002']),
        (r) => ['V1234', 'V-0001', 'V-0002'].includes(r.VENDORID!),
      ],
      ['notin', () => F('VENDORID').notIn(['V1234']), (r) => r.VENDORID !== 'V1234'],
      ['like', () => F('NAME').like('A%'), (r) => r.NAME!.startsWith('A')],
      ['notlike', () => F('NAME').notLike('A%'), (r) => !r.NAME!.startsWith('A')],
      ['isnull', () => F('PARENTID').isNull(), (r) => r.PARENTID === ''],
      ['isnotnull', () => F('PARENTID').isNotNull(), (r) => r.PARENTID !== ''],
      [
        'and/or nest',
        () =>
          new Q.QueryFilter.AndOperator([
            F('STATUS').equalTo('active'),
            new Q.QueryFilter.OrOperator([F('NAME').like('A%'), F('TOTALDUE').greaterThan('1000')]),
          ]),
        (r) => r.STATUS === 'active' && (r.NAME!.startsWith('A') || Number(r.TOTALDUE) > 1000),
      ],
    ];
    it.each(FILTERS)('filter %s returns exactly the rows that satisfy it', async (_name, filter, holds) => {
      const fields = ['RECORDNO', 'VENDORID', 'NAME', 'STATUS', 'TOTALDUE', 'PARENTID'];
      const every = (await run(query('VENDOR', fields, (q) => q.assignPageSize(2000)))).data as Rec[];
      const r = await run(
        query('VENDOR', fields, (q) => {
          q.assignFilter(filter());
          q.assignPageSize(2000);
        }),
      );
      const got = (r.data as Rec[]).map((x) => x.RECORDNO);
      expect(got).toEqual(every.filter(holds).map((x) => x.RECORDNO));
      expect(r.totalCount).toBe(got.length);
    });

    it('orderby ascending and descending, pagesize and offset page through the same order', async () => {
      const order = new Q.QueryOrderBy.OrderBuilder().addDescending('TOTALDUE').addAscending('VENDORID').orders;
      const all = (
        await run(
          query('VENDOR', ['VENDORID', 'TOTALDUE'], (q) => {
            q.assignOrderBy(order);
            q.assignPageSize(2000);
          }),
        )
      ).data as Rec[];
      for (let i = 1; i < all.length; i++)
        expect(Number(all[i - 1]!.TOTALDUE)).toBeGreaterThanOrEqual(Number(all[i]!.TOTALDUE));
      const page = await run(
        query('VENDOR', ['VENDORID', 'TOTALDUE'], (q) => {
          q.assignOrderBy(order);
          q.assignPageSize(5);
          q.assignOffset(10);
        }),
      );
      expect(page.data).toEqual(all.slice(10, 15));
      expect(page.count).toBe(5);
      expect(page.numRemaining).toBe(all.length - 15);
      // seed: "pagesize … Default: 100".
      expect((await run(query('APBILL', ['RECORDNO']))).count).toBe(100);
    });

    it('caseinsensitive and showprivate options', async () => {
      const lower = (ci: boolean) =>
        run(
          query('VENDOR', ['NAME'], (q) => {
            q.assignFilter(F('NAME').like('a%'));
            q.assignCaseInsensitive(ci);
            q.assignPageSize(2000);
          }),
        );
      expect((await lower(false)).totalCount).toBeLessThan((await lower(true)).totalCount);
      const priv = (sp: boolean) =>
        run(
          query('APBILL', ['RECORDNO'], (q) => {
            q.assignShowPrivate(sp);
            q.assignPageSize(1);
          }),
        );
      // seed: "queries from the top-level entity do not access data in private entities" unless showprivate.
      expect((await priv(false)).totalCount).toBeLessThan((await priv(true)).totalCount);
    });

    it('docparid narrows order-entry documents to one transaction definition', async () => {
      const r = await run(
        query('SODOCUMENT', ['RECORDNO', 'DOCPARID'], (q) => {
          q.assignDocParId('Sales Order');
          q.assignPageSize(2000);
        }),
      );
      expect(r.count).toBeGreaterThan(0);
      expect(new Set((r.data as Rec[]).map((x) => x.DOCPARID))).toEqual(new Set(['Sales Order']));
    });

    it('returnformat json and csv drop the envelope (seed: "CSV and JSON responses do not include any surrounding XML elements")', async () => {
      const fn = (format: string) =>
        envelope(
          `<function controlid="f"><query><object>VENDOR</object><select><field>VENDORID</field><field>NAME</field><field>TOTALDUE</field></select><orderby><order><field>VENDORID</field><ascending/></order></orderby><options><returnformat>${format}</returnformat></options><pagesize>3</pagesize></query></function>`,
        );
      const json = await postRaw(g.loopback, fn('json'));
      expect(json.status).toBe(200);
      const rows = JSON.parse(json.body) as Rec[];
      expect(rows).toHaveLength(3);
      expect(Object.values(rows[0]!).every((v) => typeof v === 'string')).toBe(true);
      const csv = await postRaw(g.loopback, fn('csv'));
      const lines = csv.body.trim().split('\n');
      expect(lines[0]).toBe('VENDORID,NAME,TOTALDUE');
      expect(lines).toHaveLength(4);
      expect(lines[1]).toBe(
        [rows[0]!.VENDORID, /,/.test(rows[0]!.NAME!) ? `"${rows[0]!.NAME}"` : rows[0]!.NAME, rows[0]!.TOTALDUE].join(
          ',',
        ),
      );
    });
  });

  describe('readByQuery and readMore', () => {
    it('a readMore walk by resultId returns every row once, numremaining counting down to 0, totalcount fixed', async () => {
      const rbq = new IA.Functions.Common.ReadByQuery();
      rbq.objectName = 'APBILL';
      rbq.fields = ['RECORDNO', 'VENDORID', 'STATE', 'WHENDUE', 'TOTALDUE'];
      rbq.query = new IA.Functions.Common.Query.QueryString("STATE = 'A' OR STATE = 'D'");
      rbq.pageSize = 37;
      const first = await run(rbq);
      // intacct-responses fact 19: readByQuery lists the object in lower case.
      expect(first.listType).toBe('apbill');
      expect(first.totalCount).toBe(first.count + first.numRemaining);
      const seen = (first.data as Rec[]).map((r) => r.RECORDNO);
      let remaining = first.numRemaining;
      while (remaining > 0) {
        const more = new IA.Functions.Common.ReadMore();
        more.resultId = first.resultId;
        const page = await run(more);
        expect(page.functionName).toBe('readMore');
        expect(page.totalCount).toBe(first.totalCount);
        expect(page.numRemaining).toBe(remaining - page.count);
        remaining = page.numRemaining;
        seen.push(...(page.data as Rec[]).map((r) => r.RECORDNO));
      }
      expect(seen).toHaveLength(first.totalCount);
      expect(new Set(seen).size).toBe(seen.length);
      // The walk is over: the resultId is spent.
      const again = new IA.Functions.Common.ReadMore();
      again.resultId = first.resultId;
      const e = await rejection(sdkClient(g).execute(again, requestConfig()));
      expect(e).toBeInstanceOf(IA.Exceptions.ResultException);
      expect(errorNumbers(e)).toEqual(['BL01001973']);
    });

    // Keys of every kind: RECORDNO, JOBQUEUERECORD's text JOBID, a custom object's id.
    it.each(['APBILL', 'JOBQUEUERECORD', 'MCA_attendee', 'depreciation_schedule', 'GLACCOUNTBALANCE'])(
      'a walk over %s by readMore returns every row once',
      async (object) => {
        const rbq = new IA.Functions.Common.ReadByQuery();
        rbq.objectName = object;
        rbq.fields = ['*'];
        rbq.pageSize = 97;
        const first = await run(rbq);
        expect(first.totalCount).toBeGreaterThan(first.count);
        let last = first;
        const seen = (first.data as Rec[]).map((r) => JSON.stringify(r));
        while (last.numRemaining > 0) {
          const m = new IA.Functions.Common.ReadMore();
          m.resultId = first.resultId;
          last = await run(m);
          seen.push(...(last.data as Rec[]).map((r) => JSON.stringify(r)));
        }
        expect(seen).toHaveLength(first.totalCount);
        expect(new Set(seen).size).toBe(seen.length);
      },
    );

    it('values are written as Intacct writes them: mm/dd/yyyy dates, bare decimals, true/false, enum labels', async () => {
      const rbq = new IA.Functions.Common.ReadByQuery();
      rbq.objectName = 'VENDOR';
      rbq.fields = ['VENDORID', 'ONETIME', 'STATUS', 'TOTALDUE', 'WHENCREATED'];
      rbq.query = new IA.Functions.Common.Query.QueryString("STATUS = 'T'");
      const r = await run(rbq);
      for (const row of r.data as Rec[]) {
        expect(row.ONETIME).toMatch(/^(true|false)$/);
        expect(row.STATUS).toBe('active');
        expect(row.TOTALDUE).toMatch(/^-?\d+(\.\d*[1-9])?$/);
        expect(row.WHENCREATED).toMatch(/^\d\d\/\d\d\/\d{4} \d\d:\d\d:\d\d$/);
      }
    });

    it('readMore by object continues the latest readByQuery on that object; fields * lists every field; rownum caps the result', async () => {
      const first = sdkParse(
        (
          await postRaw(
            g.loopback,
            envelope(
              '<function controlid="a"><readByQuery><object>VENDOR</object><fields>*</fields><query></query><pagesize>10</pagesize></readByQuery></function>',
            ),
          )
        ).body,
      ).getResult();
      expect(Object.keys(first.data[0] as Rec)).toEqual(
        expect.arrayContaining(['RECORDNO', 'VENDORID', 'NAME', 'STATUS', 'TOTALDUE']),
      );
      const more = sdkParse(
        (
          await postRaw(
            g.loopback,
            envelope('<function controlid="b"><readMore><object>VENDOR</object></readMore></function>'),
          )
        ).body,
      ).getResult();
      expect(more.status).toBe('success');
      expect(more.numRemaining).toBe(first.numRemaining - more.count);
      expect((more.data[0] as Rec).RECORDNO).not.toBe((first.data[0] as Rec).RECORDNO);
      const capped = sdkParse(
        (
          await postRaw(
            g.loopback,
            envelope(
              '<function controlid="c"><readByQuery><object>VENDOR</object><fields>VENDORID</fields><query>STATUS = \'T\' and rownum &lt;= 3</query><pagesize>2</pagesize></readByQuery></function>',
            ),
          )
        ).body,
      ).getResult();
      expect([capped.count, capped.totalCount, capped.numRemaining]).toEqual([2, 3, 1]);
    });

    it('the readByQuery language: NOT, IN, NOT IN, LIKE, NOT LIKE, IS NULL, <>, parentheses and escaped quotes', async () => {
      const CASES: [string, string][] = [
        ["NOT STATUS = 'T'", 'inactive'],
        ["VENDORID IN ('V1234','V-0001') AND NOT (NAME LIKE 'Z%')", 'in'],
        ["VENDORID NOT IN ('V1234') AND NAME NOT LIKE 'A%' AND PARENTID IS NULL", 'notin'],
        ["NAME <> 'O\\'Brien\\'s' AND TOTALDUE >= 0", 'escape'],
      ];
      for (const [condition] of CASES) {
        const rbq = new IA.Functions.Common.ReadByQuery();
        rbq.objectName = 'VENDOR';
        rbq.fields = ['VENDORID'];
        rbq.query = new IA.Functions.Common.Query.QueryString(condition);
        expect((await run(rbq)).status).toBe('success');
      }
    });
  });

  describe('read, readByName, lookup, inspect', () => {
    it('read by keys lists the records found, UPPER-CASE, with only listtype and count', async () => {
      const read = new IA.Functions.Common.Read();
      read.objectName = 'VENDOR';
      read.keys = [1, 2, 999999];
      read.fields = ['RECORDNO', 'VENDORID'];
      const r = await run(read);
      expect(r.listType).toBe('VENDOR');
      expect(r.data).toEqual([
        { RECORDNO: '1', VENDORID: 'V1234' },
        { RECORDNO: '2', VENDORID: 'V-0001' },
      ]);
      expect(r.totalCount).toBeUndefined();
    });

    it('read of JOBQUEUERECORD takes JOBIDs and writes its instants in ISO 8601 (seed queue-administration)', async () => {
      const read = new IA.Functions.Common.Read();
      read.objectName = 'JOBQUEUERECORD';
      read.keys = ['6465763130WyzaiwriEQoAAEvnxBQAAAxxx'] as unknown as number[];
      const r = await run(read);
      // seed: <TIMEQUEUED>2018-06-22T11:21:48Z</TIMEQUEUED> … <ACTIVETIME>0:05:02</ACTIVETIME>
      // <WAITINQUEUE>0:49:39</WAITINQUEUE>
      expect(r.data[0]).toMatchObject({
        JOBID: '6465763130WyzaiwriEQoAAEvnxBQAAAxxx',
        TIMEQUEUED: '2018-06-22T11:21:48Z',
        JOBTYPE: 'DDS job',
        STATE: 'Delivered',
        ACTIVETIME: '0:05:02',
        WAITINQUEUE: '0:49:39',
        TIMESTARTED: '2018-06-22T12:11:27Z',
      });
    });

    it('read with no keys lists the first records; readByName finds records by their ID, custom objects too', async () => {
      const read = new IA.Functions.Common.Read();
      read.objectName = 'VENDOR';
      expect((await run(read)).count).toBeGreaterThan(0);
      const byName = new IA.Functions.Common.ReadByName();
      byName.objectName = 'VENDOR';
      byName.names = ['V1234', 'V-0002'];
      expect(((await run(byName)).data as Rec[]).map((x) => x.VENDORID)).toEqual(['V1234', 'V-0002']);
      const attendee = (await run(query('MCA_attendee', ['NAME'], (q) => q.assignPageSize(1)))).data[0] as Rec;
      const custom = new IA.Functions.Common.ReadByName();
      custom.objectName = 'MCA_attendee';
      custom.names = [attendee.NAME!];
      expect(((await run(custom)).data[0] as Rec).NAME).toBe(attendee.NAME);
    });

    it('lookup answers Type, Fields (ID, LABEL, DESCRIPTION, REQUIRED, READONLY, DATATYPE, VALIDVALUES, ISCUSTOM) and Relationships', async () => {
      const lookup = new IA.Functions.Common.Lookup();
      lookup.objectName = 'GLBATCH';
      const r = await run(lookup);
      const type = r.data[0] as {
        $: Rec;
        Fields: { Field: Record<string, unknown>[] };
        Relationships: { Relationship: Rec | Rec[] };
      };
      expect(type.$).toEqual({ Name: 'GLBATCH', DocumentType: '' });
      const state = type.Fields.Field.find((f) => f.ID === 'STATE')!;
      expect(Object.keys(state)).toEqual([
        'ID',
        'LABEL',
        'DESCRIPTION',
        'REQUIRED',
        'READONLY',
        'DATATYPE',
        'VALIDVALUES',
        'ISCUSTOM',
      ]);
      expect((state.VALIDVALUES as { VALIDVALUE: string[] }).VALIDVALUE).toContain('Posted');
      // issue 16: lookup shows a DESCRIPTION for every field.
      for (const f of type.Fields.Field) expect(f.DESCRIPTION, String(f.ID)).not.toBe('');
      const rels = ([] as Rec[]).concat(type.Relationships.Relationship);
      expect(rels.find((x) => x.OBJECTPATH === 'JOURNAL')).toMatchObject({
        RELATIONSHIPTYPE: 'MANY2ONE',
        RELATEDBY: 'JOURNAL',
      });
      for (const name of ['JOBQUEUERECORD', 'MCA_attendee', 'depreciation_schedule']) {
        const l = new IA.Functions.Common.Lookup();
        l.objectName = name;
        expect((await run(l)).status).toBe('success');
      }
    });

    it("inspect lists an object's fields, or every object with *", async () => {
      const one = new IA.Functions.Common.Inspect();
      one.objectName = 'VENDOR';
      const r = await run(one);
      expect((r.data[0] as { Fields: { Field: string[] } }).Fields.Field).toContain('VENDORID');
      const all = new IA.Functions.Common.Inspect();
      const every = await run(all);
      expect(every.data.length).toBeGreaterThan(20);
      const detail = sdkParse(
        (
          await postRaw(
            g.loopback,
            envelope('<function controlid="d"><inspect detail="1"><object>CUSTOMER</object></inspect></function>'),
          )
        ).body,
      ).getResult();
      expect(Object.keys((detail.data[0] as { Fields: { Field: Rec[] } }).Fields.Field[0]!)).toEqual([
        'Name',
        'GroupName',
        'dataName',
        'externalDataName',
        'isRequired',
        'isReadOnly',
        'maxLength',
        'DisplayLabel',
        'Description',
        'id',
      ]);
    });
  });

  // issue 5: "All of them work on every catalog object, custom ones included, and on JOBQUEUERECORD."
  // readByName looks up the object's ID field, or its key where it has none (an integer there: no row has key
  // 999999999).
  it.each(buildCatalog().objects.map((o) => [o.xmlName, o.keyField, o.idField ? 'nosuch' : '999999999'] as const))(
    'every read function answers on %s',
    async (object, key, name) => {
      const res = await postRaw(
        g.loopback,
        envelope(
          [
            `<query><object>${object}</object><select><field>${key}</field></select><pagesize>1</pagesize></query>`,
            `<readByQuery><object>${object}</object><query/><fields>*</fields><pagesize>1</pagesize><returnFormat>xml</returnFormat></readByQuery>`,
            `<read><object>${object}</object><keys/><fields>*</fields><returnFormat>xml</returnFormat></read>`,
            `<readByName><object>${object}</object><keys>${name}</keys><fields>*</fields><returnFormat>xml</returnFormat></readByName>`,
            `<lookup><object>${object}</object></lookup>`,
            `<inspect><object>${object}</object></inspect>`,
          ]
            .map((f, i) => `<function controlid="f${i}">${f}</function>`)
            .join(''),
        ),
      );
      const results = sdkParse(res.body).results;
      expect(results.map((r) => `${r.functionName} ${r.status} ${r.errors?.join(' ') ?? ''}`.trim())).toEqual(
        ['query', 'readByQuery', 'read', 'readByName', 'lookup', 'inspect'].map((f) => `${f} success`),
      );
      expect(results[0]!.count).toBeGreaterThan(0);
    },
  );

  describe('result errors and transactions', () => {
    const readByQuery = (object: string, condition: string, fields = ['RECORDNO']) => {
      const f = new IA.Functions.Common.ReadByQuery();
      f.objectName = object;
      f.fields = fields;
      f.query = new IA.Functions.Common.Query.QueryString(condition);
      return f;
    };
    const more = (id: string) => {
      const m = new IA.Functions.Common.ReadMore();
      m.resultId = id;
      return m;
    };
    const CASES: [string, () => IA.Functions.IFunction, RegExp][] = [
      ['an unknown object', () => query('VENDORX', ['RECORDNO']), /Object definition VENDORX not found/],
      ['an unknown field', () => query('VENDOR', ['VENDORIDD']), /VENDORIDD is not a field of VENDOR/],
      [
        'a pattern operator on a number',
        () => query('VENDOR', ['RECORDNO'], (q) => q.assignFilter(F('TOTALDUE').like('1%'))),
        /pattern operators apply to text fields/,
      ],
      ['a readByQuery syntax error', () => readByQuery('VENDOR', "STATUS = = 'T'"), /readByQuery query/],
      [
        'a value the field cannot hold',
        () => readByQuery('APBILL', "WHENDUE = 'someday'"),
        /not a valid value for WHENDUE/,
      ],
      ['an unknown resultId', () => more('7765623332WU1hh8CoA4QAAHxI9i8AAAAA5'), /invalid or expired resultId/],
      [
        'a legacy function this gateway does not serve (get_list)',
        () => {
          const l = new IA.Functions.Common.GetList.GetList();
          l.object = 'vendor';
          return l;
        },
        /get_list is not a function this gateway serves/,
      ],
    ];
    it.each(CASES)('%s fails alone as a ResultException with BL01001973', async (_name, fn, detail) => {
      const e = await rejection(sdkClient(g).execute(fn(), requestConfig()));
      expect(e).toBeInstanceOf(IA.Exceptions.ResultException);
      expect(errorNumbers(e)).toEqual(['BL01001973']);
      expect(e.errors![0]).toMatch(detail);
    });

    it('a pagesize over the limit is refused (query 2,000, readByQuery 1,000)', async () => {
      const big = await postRaw(
        g.loopback,
        envelope(
          '<function controlid="q"><query><object>VENDOR</object><select><field>RECORDNO</field></select><pagesize>2001</pagesize></query></function><function controlid="r"><readByQuery><object>VENDOR</object><fields>*</fields><query/><pagesize>1001</pagesize></readByQuery></function>',
        ),
      );
      const results = sdkParse(big.body).results;
      expect(results.map((r) => [r.status, r.errors[0]!.split(' ')[0]])).toEqual([
        ['failure', 'BL01001973'],
        ['failure', 'BL01001973'],
      ]);
    });

    it("a resultId belongs to its session: another company's session cannot continue it", async () => {
      const f = readByQuery('VENDOR', '', ['VENDORID']);
      f.pageSize = 5;
      const first = await run(f);
      expect(first.resultId).not.toBe('');
      const other = await IA.SessionProvider.factory(sdkConfig(g, { companyId: 'demo2' }));
      const e = await rejection(new IA.OnlineClient(other).execute(more(first.resultId), requestConfig()));
      expect(e.errors![0]).toMatch(/invalid or expired resultId/);
    });

    it('a resultId expires: readMore on a lapsed cursor fails as Intacct\'s "invalid or expired resultId"', async () => {
      const f = readByQuery('VENDOR', '', ['VENDORID']);
      f.pageSize = 5;
      const first = await run(f);
      await g.server.db.run(sql`UPDATE lq_result_cursor SET expires_at = 0 WHERE result_id = ${p(first.resultId)}`);
      const e = await rejection(sdkClient(g).execute(more(first.resultId), requestConfig()));
      expect(e).toBeInstanceOf(IA.Exceptions.ResultException);
      // Intacct's own text (intacct-responses fact 15, php-readMore-failure-expired.xml), in description2.
      expect(e.errors![0]).toMatch(/^BL01001973 Attempt to readMore with an invalid or expired resultId: \S+$/);
    });

    it('without a transaction a failing function fails alone; with one, it fails with XL03000009 and the others are aborted', async () => {
      const fns = () => [
        query('VENDOR', ['VENDORID']),
        query('NOSUCH', ['RECORDNO']),
        query('CUSTOMER', ['CUSTOMERID']),
      ];
      const loose = await sdkClient(g).executeBatch(fns(), requestConfig());
      expect(loose.results.map((r) => r.status)).toEqual(['success', 'failure', 'success']);
      const strict = await postRaw(
        g.loopback,
        envelope(
          '<function controlid="a"><lookup><object>VENDOR</object></lookup></function><function controlid="b"><query><object>NOSUCH</object><select><field>RECORDNO</field></select></query></function><function controlid="c"><lookup><object>CUSTOMER</object></lookup></function>',
          { transaction: true },
        ),
      );
      const results = sdkParse(strict.body).results;
      // intacct-responses fact 13.
      expect(results.map((r) => [r.status, r.controlId, r.errors.map((x) => x.split(' ')[0])])).toEqual([
        ['aborted', 'a', ['XL03000009']],
        ['failure', 'b', ['BL01001973', 'XL03000009']],
        ['aborted', 'c', ['XL03000009']],
      ]);
      const e = await rejection(sdkClient(g).executeBatch(fns(), requestConfig({ transaction: true })));
      expect(e).toBeInstanceOf(IA.Exceptions.ResultException);
    });

    it('getAPISession must be alone in its request (Appendix A.18 batch): it fails, the batch aborts', async () => {
      const lookup = new IA.Functions.Common.Lookup();
      lookup.objectName = 'VENDOR';
      const e = await rejection(
        sdkClient(g).executeBatch(
          [new IA.Functions.ApiSessionCreate(), lookup],
          requestConfig({ transaction: true, uniqueId: true }),
        ),
      );
      expect(e).toBeInstanceOf(IA.Exceptions.ResultException);
      expect(errorNumbers(e)).toEqual(['BL01001973', 'XL03000009']);
      expect(e.errors![0]).toMatch(/Get API Session Failed/);
      const rows = await g.server.db.all(sql`SELECT 1 AS x FROM lq_session WHERE company_key = ${p(-1)}`);
      expect(rows).toEqual([]);
    });
  });

  describe('SDK-recorded requests (protocol Appendix A)', () => {
    it.each(requests.map((r) => [`${r.id} ${r.title}`, r] as const))('%s', async (_name, recorded) => {
      const expected = EXPECTED[recorded.id]!;
      const res = await postRaw(g.loopback, withDemoCredentials(recorded.body), 'application/xml');
      expect(res.status).toBe(200);
      expect(res.contentType).toBe('text/xml; charset=UTF-8');
      if (expected.level !== 'result') {
        let thrown: unknown;
        try {
          sdkParse(res.body);
        } catch (e) {
          thrown = e;
        }
        expect(thrown).toBeInstanceOf(IA.Exceptions.ResponseException);
        expect((thrown as Error).message).toMatch(
          expected.level === 'control' ? /^Response control status failure/ : /^Response authentication status failure/,
        );
        expect((thrown as { errors: string[] }).errors[0]!.split(' ')[0]).toBe(expected.errorno);
        return;
      }
      const response = sdkParse(res.body);
      expect(response.control.controlId).toBe(/<controlid>([^<]*)<\/controlid>/.exec(recorded.body)![1]);
      expect(response.results.map((r) => r.status)).toEqual(expected.statuses);
      response.results.forEach((r, i) =>
        expect(r.controlId).toBe([...recorded.body.matchAll(/<function controlid="([^"]+)"/g)][i]![1]),
      );
      if (expected.errorno) expect(response.results[0]!.errors[0]!.split(' ')[0]).toBe(expected.errorno);
    });
  });
});
