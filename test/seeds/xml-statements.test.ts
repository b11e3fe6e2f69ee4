// Statements of xml-query-and-readbyquery.txt that refuse what Intacct refuses, each proved over real HTTP on both
// databases, requests posted as raw XML and answers read with the official SDK's response parser.

import { afterAll, beforeAll, describe, expect } from 'vitest';
import { type RunningServer, startServer } from '../../src/server/serve.ts';
import { BACKENDS } from '../support/databases.ts';
import { seed } from '../support/seed.ts';
import { envelope, gatewayDatabase, postRaw, sdkParse, testConfig } from '../xml/support/gateway-harness.ts';
import { XML_GATEWAY_PATH } from '../../src/server/xml-gateway.ts';

/** A custom relationship between two standard objects, as Platform Services lets one declare. */
const CUSTOM = {
  customRelationships: {
    VENDOR: [
      {
        xmlPath: 'R_twin',
        relatedObject: 'CUSTOMER',
        relatedBy: { local: 'VENDORID', related: 'CUSTOMERID' },
        kind: 'many-to-one' as const,
      },
    ],
  },
};

describe.each(BACKENDS)('xml-query-and-readbyquery.txt statements on %s', (backend) => {
  const { url, cleanup } = gatewayDatabase(backend);
  let server: RunningServer;
  let gateway: string;
  beforeAll(async () => {
    server = await startServer({ ...testConfig(url), custom: CUSTOM }, { logger: false });
    gateway = `http://127.0.0.1:${new URL(server.url).port}${XML_GATEWAY_PATH}`;
  });
  afterAll(async () => {
    await server?.close();
    await cleanup();
  });

  /** One function; its result's status, error strings (errorno first) and record count. */
  async function run(fn: string): Promise<{ status: string; errors: string[]; count: number }> {
    const res = await postRaw(gateway, envelope(`<function controlid="f">${fn}</function>`));
    expect(res.status).toBe(200);
    const r = sdkParse(res.body).results[0]!;
    return { status: r.status, errors: r.errors ?? [], count: r.data?.length ?? 0 };
  }

  seed(
    'xml-query-and-readbyquery.txt:1198',
    'Note: You cannot query on a field that is a join by foreign key.',
    async () => {
      const ok = await run(
        "<readByQuery><object>APBILL</object><fields>RECORDNO,VENDORID</fields><query>VENDORID like 'V%'</query><pagesize>5</pagesize></readByQuery>",
      );
      expect(ok.status).toBe('success');
      expect(ok.count).toBeGreaterThan(0);
      for (const [fields, query] of [
        ['RECORDNO,VENDOR.NAME', ''],
        ['RECORDNO', "VENDOR.NAME like 'A%'"],
        ['RECORDNO', "RECORDNO > 0 AND NOT VENDOR.NAME = 'x'"],
      ]) {
        const r = await run(
          `<readByQuery><object>APBILL</object><fields>${fields}</fields><query>${query}</query><pagesize>5</pagesize></readByQuery>`,
        );
        expect(r.status).toBe('failure');
        expect(r.errors[0]).toMatch(
          /^BL01001973 You cannot query on a field that is a join by foreign key: VENDOR\.NAME/,
        );
      }
    },
  );

  /** APBILL's states a query filter finds, with how many bills of each (grouped by STATE). */
  async function statesFound(filter: string, caseInsensitive = false): Promise<Record<string, number>> {
    const res = await postRaw(
      gateway,
      envelope(
        `<function controlid="f"><query><object>APBILL</object><select><field>STATE</field><count>RECORDNO</count></select><filter>${filter}</filter><options><caseinsensitive>${caseInsensitive}</caseinsensitive></options></query></function>`,
      ),
    );
    const r = sdkParse(res.body).results[0]!;
    expect(r.status).toBe('success');
    return Object.fromEntries(r.data.map((row: Record<string, string>) => [row.STATE, Number(row['COUNT.RECORDNO'])]));
  }

  // Enums are compared as the XML gateway shows them (labels: Paid, Partially Paid), under the same case rule as text.
  seed(
    'xml-query-and-readbyquery.txt:1047',
    'Queries are case sensitive by default, but you can choose a case-insensitive query with the options element.',
    async () => {
      const all = await statesFound('<isnotnull><field>STATE</field></isnotnull>');
      const paid = { Paid: all.Paid };
      const pa = Object.fromEntries(Object.entries(all).filter(([s]) => s.startsWith('Pa')));
      expect(all.Paid).toBeGreaterThan(0);
      expect(Object.keys(pa).length).toBeGreaterThan(1);
      const equal = (v: string) => `<equalto><field>STATE</field><value>${v}</value></equalto>`;
      const like = (v: string) => `<like><field>STATE</field><value>${v}</value></like>`;
      expect(await statesFound(equal('Paid'))).toEqual(paid);
      expect(await statesFound(equal('pAiD'))).toEqual({});
      expect(await statesFound(equal('pAiD'), true)).toEqual(paid);
      expect(await statesFound(like('Pa%'))).toEqual(pa);
      expect(await statesFound(like('pa%'))).toEqual({});
      expect(await statesFound(like('pa%'), true)).toEqual(pa);
      expect(await statesFound(`<in><field>STATE</field><value>PAID</value><value>Paid</value></in>`)).toEqual(paid);
      // Not equal to a spelling no value has: every bill with a state.
      expect(await statesFound(`<notequalto><field>STATE</field><value>pAiD</value></notequalto>`)).toEqual(all);
      const { Paid: _, ...others } = all;
      expect(await statesFound(`<notequalto><field>STATE</field><value>pAiD</value></notequalto>`, true)).toEqual(
        others,
      );
      // A value that is none of the field's, in any case, is still refused.
      const bogus = await run(
        `<query><object>APBILL</object><select><field>RECORDNO</field></select><filter>${equal('Bogus')}</filter></query>`,
      );
      expect(bogus.status).toBe('failure');
      expect(bogus.errors[0]).toMatch(/^BL01001973 .*Bogus.*STATE/);
    },
  );

  /** The rows an APBILL query returns: status, count, and the error strings. */
  const bills = (inner: string, options = '') =>
    run(
      `<query><object>APBILL</object><select><field>RECORDNO</field></select>${inner}${options ? `<options>${options}</options>` : ''}</query>`,
    );

  seed('xml-query-and-readbyquery.txt:1068', 'Default value: 100', async () => {
    expect((await bills('')).count).toBe(100);
  });

  seed('xml-query-and-readbyquery.txt:1070', 'Maximum value: 2000', async () => {
    // The demo company holds over 2000 bills, counting its private entity's.
    expect((await bills('<pagesize>2000</pagesize>', '<showprivate>true</showprivate>')).count).toBe(2000);
    const over = await bills('<pagesize>2001</pagesize>');
    expect(over.status).toBe('failure');
    expect(over.errors[0]).toMatch(/^BL01001973 pagesize must be an integer from 1 to 2000/);
  });

  seed(
    'xml-query-and-readbyquery.txt:306',
    'Lists bills that are due between the given dates. Note that the first date value must be the earlier date:',
    async () => {
      const between = (a: string, b: string) =>
        bills(`<filter><between><field>WHENDUE</field><value>${a}</value><value>${b}</value></between></filter>`);
      expect((await between('01/01/2024', '12/31/2026')).count).toBeGreaterThan(0);
      expect((await between('12/31/2026', '01/01/2024')).count).toBe(0);
    },
  );

  /** How many APBILL records a filter finds (all of them, counted by the query itself). */
  async function countBills(filter: string, options = ''): Promise<number> {
    const res = await postRaw(
      gateway,
      envelope(
        `<function controlid="f"><query><object>APBILL</object><select><count>RECORDNO</count></select>${filter ? `<filter>${filter}</filter>` : ''}<options>${options}</options></query></function>`,
      ),
    );
    const r = sdkParse(res.body).results[0]!;
    expect(r.status).toBe('success');
    return Number(r.data[0]['COUNT.RECORDNO']);
  }

  const PAID = '<equalto><field>STATE</field><value>Paid</value></equalto>';
  const LARGE = '<greaterthan><field>TOTALENTERED</field><value>1000</value></greaterthan>';

  seed('xml-query-and-readbyquery.txt:942', 'and All conditions must be true', async () => {
    const paid = await countBills(PAID);
    const both = await countBills(`<and>${PAID}${LARGE}</and>`);
    expect(both).toBeGreaterThan(0);
    expect(both).toBeLessThan(paid);
    const small = '<lessthanorequalto><field>TOTALENTERED</field><value>1000</value></lessthanorequalto>';
    expect(both).toBe(paid - (await countBills(`<and>${PAID}${small}</and>`)));
  });

  seed('xml-query-and-readbyquery.txt:943', 'or One or more conditions must be true', async () => {
    const paid = await countBills(PAID);
    const large = await countBills(LARGE);
    const both = await countBills(`<and>${PAID}${LARGE}</and>`);
    expect(await countBills(`<or>${PAID}${LARGE}</or>`)).toBe(paid + large - both);
  });

  // The demo company signs in at the top level; PRIV is its private entity.
  seed(
    'xml-query-and-readbyquery.txt:1056',
    'By default, in a multi-entity company, queries from the top-level entity do not access data in private entities. You can set the showprivate option to true if you want to query data in private entities.',
    async () => {
      const count = (options: string) => countBills('', options);
      const without = await count('');
      expect(without).toBeGreaterThan(0);
      expect(await count('<showprivate>false</showprivate>')).toBe(without);
      expect(await count('<showprivate>true</showprivate>')).toBeGreaterThan(without);
    },
  );

  seed(
    'xml-query-and-readbyquery.txt:986',
    'Valid values are xml, csv, and json. Note that CSV and JSON responses do not include any surrounding XML elements such as <control> and <authenticatiohn>; they only include the response data.',
    async () => {
      const query = (format: string) =>
        postRaw(
          gateway,
          envelope(
            `<function controlid="f"><query><object>VENDOR</object><select><field>VENDORID</field></select><options><returnformat>${format}</returnformat></options><pagesize>2</pagesize></query></function>`,
          ),
        );
      const csv = await query('csv');
      expect(csv.contentType).toMatch(/^text\/csv/);
      expect(csv.body).not.toMatch(/<control>|<authentication>/);
      expect(csv.body.split('\n')[0]).toBe('VENDORID');
      const json = await query('json');
      expect(json.contentType).toMatch(/^application\/json/);
      expect(JSON.parse(json.body)).toHaveLength(2);
      expect(sdkParse((await query('xml')).body).results[0]!.data).toHaveLength(2);
      const bad = sdkParse((await query('yaml')).body).results[0]!;
      expect(bad.status).toBe('failure');
      expect(bad.errors[0]).toMatch(/^BL01001973 returnformat must be xml, json or csv/);
    },
  );

  // readByQuery has no options: its enum strings are labels or codes, exactly as written.
  seed('xml-query-and-readbyquery.txt:1227', "APBILL STATE='A' List bills whose state is set to posted.", async () => {
    const all = await statesFound('<isnotnull><field>STATE</field></isnotnull>');
    expect(all.Posted).toBeGreaterThan(0);
    const count = async (query: string) => {
      const res = await postRaw(
        gateway,
        envelope(
          `<function controlid="f"><readByQuery><object>APBILL</object><fields>RECORDNO,STATE</fields><query>${query}</query><pagesize>1000</pagesize></readByQuery></function>`,
        ),
      );
      const r = sdkParse(res.body).results[0]!;
      expect(r.status).toBe('success');
      expect(new Set(r.data.map((x: { STATE: string }) => x.STATE)).size).toBeLessThanOrEqual(1);
      return r.totalCount;
    };
    expect(await count("STATE='A'")).toBe(all.Posted);
    expect(await count("STATE = 'Posted'")).toBe(all.Posted);
    expect(await count("STATE = 'posted'")).toBe(0);
    expect(await count("STATE = 'a'")).toBe(0);
  });

  seed(
    'xml-query-and-readbyquery.txt:181',
    'Querying across a custom relationship between two standard objects is not supported.',
    async () => {
      const r = await run(
        '<query><object>VENDOR</object><select><field>VENDORID</field><field>R_twin.NAME</field></select><pagesize>5</pagesize></query>',
      );
      expect(r.status).toBe('failure');
      expect(r.errors[0]).toMatch(
        /^BL01001973 R_twin\.NAME: R_twin is a custom relationship between two standard objects/,
      );
      // The standard relationship of the same objects is still queried.
      const standard = await run(
        '<query><object>APBILL</object><select><field>RECORDNO</field><field>VENDOR.NAME</field></select><pagesize>5</pagesize></query>',
      );
      expect(standard.status).toBe('success');
      expect(standard.count).toBeGreaterThan(0);
    },
  );

  seed(
    'queue-administration.txt:164',
    'returnFormat	Optional	string	Data format for the response body:',
    async () => {
      const job = '6465762230WuhjPAriEFQAAG91x@AAAAAK7';
      const read = (format: string) =>
        postRaw(
          gateway,
          envelope(
            `<function controlid="f"><read><object>JOBQUEUERECORD</object><keys>${job}</keys><fields>JOBID,STATE</fields><returnFormat>${format}</returnFormat></read></function>`,
          ),
        );
      const json = await read('json');
      expect(json.contentType).toMatch(/^application\/json/);
      expect(JSON.parse(json.body)).toEqual([{ JOBID: job, STATE: 'Queued' }]);
      const csv = await read('csv');
      expect(csv.contentType).toMatch(/^text\/csv/);
      expect(csv.body).toBe(`JOBID,STATE\n${job},Queued\n`);
      const xml = sdkParse((await read('xml')).body).results[0]!;
      expect(xml.data).toHaveLength(1);
      const bad = sdkParse((await read('yaml')).body).results[0]!;
      expect(bad.status).toBe('failure');
    },
  );

  seed('xml-query-and-readbyquery.txt:101', '<OBJECTNAME>JOURNAL</OBJECTNAME>', async () => {
    const res = await postRaw(
      gateway,
      envelope('<function controlid="f"><lookup><object>GLBATCH</object></lookup></function>'),
    );
    expect(sdkParse(res.body).results[0]!.status).toBe('success');
    const journal = /<Relationship><OBJECTPATH>JOURNAL<\/OBJECTPATH>.*?<\/Relationship>/s.exec(res.body)?.[0];
    expect(journal).toBe(
      '<Relationship><OBJECTPATH>JOURNAL</OBJECTPATH><OBJECTNAME>JOURNAL</OBJECTNAME><LABEL></LABEL><RELATIONSHIPTYPE>MANY2ONE</RELATIONSHIPTYPE><RELATEDBY>JOURNAL</RELATEDBY></Relationship>',
    );
  });

  // The macros are the REST query service's: the XML gateway takes dates as mm/dd/yyyy and nothing else.
  seed(
    'rest-query-service.txt:667',
    'Date macros allow you to apply dynamic, relative date filters in your query requests without specifying exact calendar dates.',
    async () => {
      for (const macro of ['today', 'currentYear']) {
        const r = await run(
          `<query><object>APBILL</object><select><field>RECORDNO</field></select><filter><equalto><field>WHENCREATED</field><value>${macro}</value></equalto></filter></query>`,
        );
        expect(r.status).toBe('failure');
        expect(r.errors[0]).toMatch(new RegExp(`^BL01001973 .*${macro}.*a date mm/dd/yyyy`));
      }
      const dated = await run(
        '<query><object>APBILL</object><select><field>RECORDNO</field></select><filter><greaterthan><field>WHENCREATED</field><value>01/01/2000</value></greaterthan></filter><pagesize>1</pagesize></query>',
      );
      expect(dated.status).toBe('success');
    },
  );

  seed(
    'xml-query-and-readbyquery.txt:1177',
    'Using the result ID ensures that your paged results are from the same originating readByQuery call, which is important if there might be multiple readByQuery calls on the same object or data changing behind the scenes.',
    async () => {
      const call = async (fn: string) => {
        const res = await postRaw(gateway, envelope(`<function controlid="f">${fn}</function>`));
        return sdkParse(res.body).results[0]!;
      };
      const older = await call(
        '<readByQuery><object>APBILL</object><fields>RECORDNO</fields><query/><pagesize>1</pagesize></readByQuery>',
      );
      expect(older.numRemaining).toBeGreaterThan(2);
      const two = (
        await call(
          '<query><object>APBILL</object><select><field>RECORDNO</field></select><pagesize>2</pagesize></query>',
        )
      ).data.map((r: { RECORDNO: string }) => r.RECORDNO);
      const latest = await call(
        `<readByQuery><object>APBILL</object><fields>RECORDNO</fields><query>RECORDNO in (${two.join(',')})</query><pagesize>1</pagesize></readByQuery>`,
      );
      expect(latest.numRemaining).toBe(1);
      // By object: the latest readByQuery is continued, and once it is used up, nothing more, not the older one.
      const next = await call('<readMore><object>APBILL</object></readMore>');
      expect(next.status).toBe('success');
      expect(next.data.map((r: { RECORDNO: string }) => r.RECORDNO)).toEqual([two[1]]);
      const after = await call('<readMore><object>APBILL</object></readMore>');
      expect(after.status).toBe('failure');
      expect(after.errors[0]).toMatch(/^BL01001973 There are no more APBILL results to read/);
      // By result ID the older readByQuery still continues.
      const byId = await call(`<readMore><resultId>${older.resultId}</resultId></readMore>`);
      expect(byId.status).toBe('success');
      expect(byId.data).toHaveLength(1);
      // A used-up result ID is Intacct's invalid one.
      const used = await call(`<readMore><resultId>${latest.resultId}</resultId></readMore>`);
      expect(used.errors[0]).toBe(
        `BL01001973 Attempt to readMore with an invalid or expired resultId: ${latest.resultId}`,
      );
      // A later readByQuery answered in one page (and one that finds nothing) leaves no cursor, yet it is the latest
      // on the object: readMore by object does not go back to an older, unfinished one.
      for (const query of [`RECORDNO = ${two[0]}`, 'RECORDNO = -1']) {
        const unfinished = await call(
          '<readByQuery><object>APBILL</object><fields>RECORDNO</fields><query/><pagesize>1</pagesize></readByQuery>',
        );
        expect(unfinished.numRemaining).toBeGreaterThan(2);
        const whole = await call(
          `<readByQuery><object>APBILL</object><fields>RECORDNO</fields><query>${query}</query><pagesize>1</pagesize></readByQuery>`,
        );
        expect(whole.status).toBe('success');
        expect(whole.numRemaining).toBe(0);
        const none = await call('<readMore><object>APBILL</object></readMore>');
        expect(none.status, query).toBe('failure');
        expect(none.errors[0]).toMatch(/^BL01001973 There are no more APBILL results to read/);
        // Its own result ID still reads on.
        expect((await call(`<readMore><resultId>${unfinished.resultId}</resultId></readMore>`)).data).toHaveLength(1);
      }
    },
  );
});
