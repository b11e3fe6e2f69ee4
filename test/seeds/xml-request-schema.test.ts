// The XML request validator against the seeds' schema and parameter tables: each function element is checked against
// its declaration (src/protocols/xml/function-schemas.ts) before it runs, and a fault is refused naming the element by
// its path. Proved over real HTTP on both databases; answers are read with the official SDK's response parser.

import { describe, expect } from 'vitest';
import { BACKENDS } from '../support/databases.ts';
import { seed } from '../support/seed.ts';
import { runFunction, useGateway } from '../xml/support/gateway-harness.ts';

/** A query of APBILL with the given filter and extra elements. */
const bills = (filter: string, extra = '') =>
  `<query><object>APBILL</object><select><field>RECORDNO</field></select>${filter ? `<filter>${filter}</filter>` : ''}${extra}<pagesize>5</pagesize></query>`;
const isnull = (f: string) => `<isnull><field>${f}</field></isnull>`;
const greater = (f: string, v: string) => `<greaterthan><field>${f}</field><value>${v}</value></greaterthan>`;

describe.each(BACKENDS)('the XML request schema on %s', (backend) => {
  const gateway = useGateway(backend);
  const run = (fn: string) => runFunction(gateway().loopback, fn);

  async function refused(fn: string, error: RegExp): Promise<void> {
    const r = await run(fn);
    expect(r.status, fn).toBe('failure');
    expect(r.errors[0], fn).toMatch(error);
  }

  async function accepted(fn: string): Promise<number> {
    const r = await run(fn);
    expect(r.errors, fn).toEqual([]);
    expect(r.status, fn).toBe('success');
    return r.count;
  }

  seed('xml-query-and-readbyquery.txt:599', 'Complete schema (XSD file)', async () => {
    // Every element the XSD declares, as the SDK writes them, is accepted…
    expect(
      await accepted(
        '<query><select><field>VENDORID</field><field>NAME</field></select><object>VENDOR</object>' +
          '<orderby><order><field>VENDORID</field><ascending /></order></orderby>' +
          '<options><caseinsensitive>false</caseinsensitive><showprivate>false</showprivate><returnformat>xml</returnformat></options>' +
          '<pagesize>5</pagesize><offset>0</offset></query>',
      ),
    ).toBeGreaterThan(0);
    // …and anything else is refused by name, element names being case-sensitive.
    await refused(
      bills('', '<pageSize>5</pageSize>'),
      /^XL03000003 query\/pageSize: pageSize is not an element of query \(expected select, object, docparid, filter, orderby, options, pagesize, offset\); element names are case-sensitive: pagesize$/,
    );
    await refused(
      bills('', '<orderBy><order><field>RECORDNO</field></order></orderBy>'),
      /^XL03000003 query\/orderBy: orderBy is not an element of query .*case-sensitive: orderby$/,
    );
    await refused(
      bills('', '<options><showPrivate>true</showPrivate></options>'),
      /^XL03000003 query\/options\/showPrivate: showPrivate is not an element of options \(expected caseinsensitive, showprivate, returnformat\)/,
    );
    await refused(bills('', '<bogus/>'), /^XL03000003 query\/bogus: bogus is not an element of query/);
    await refused(
      bills(`<equalto><field>RECORDNO</field><value>1</value><bogus/></equalto>`),
      /^XL03000003 query\/filter\/equalto\/bogus: bogus is not an element of equalto \(expected field, value\)/,
    );
    await refused(
      '<query><object>APBILL</object><pagesize>5</pagesize></query>',
      /^XL03000003 query: query needs the element select$/,
    );
    // xs:sequence: an operator's field comes before its value.
    await refused(
      bills('<equalto><value>1</value><field>RECORDNO</field></equalto>'),
      /^XL03000003 query\/filter\/equalto\/field: field comes before value in equalto/,
    );
  });

  seed(
    'xml-query-and-readbyquery.txt:595',
    'Under the filter element, only one top-level operator is allowed. For complex queries, use an and/or operator at the top level to build expressions with as many conditions as you need.',
    async () => {
      await refused(
        bills(isnull('DESCRIPTION') + greater('TOTALDUE', '0')),
        /^XL03000003 query\/filter: filter holds at most 1 child element, not 2$/,
      );
      await refused(bills('', '<filter/>'), /^XL03000003 query\/filter: filter holds at least 1 child element, not 0$/);
      await accepted(bills(`<and>${isnull('DESCRIPTION')}${greater('TOTALDUE', '0')}</and>`));
    },
  );

  seed('xml-query-and-readbyquery.txt:697', '<xs:choice minOccurs="2" maxOccurs="unbounded">', async () => {
    for (const junction of ['and', 'or']) {
      await refused(
        bills(`<${junction}>${greater('TOTALDUE', '0')}</${junction}>`),
        new RegExp(`^XL03000003 query/filter/${junction}: ${junction} holds at least 2 child elements, not 1$`),
      );
      await accepted(bills(`<${junction}>${greater('TOTALDUE', '0')}${isnull('DESCRIPTION')}</${junction}>`));
    }
    // Nested: the inner <or> is checked as well.
    await refused(
      bills(`<and>${isnull('DESCRIPTION')}<or>${greater('TOTALDUE', '0')}</or></and>`),
      /^XL03000003 query\/filter\/and\/or: or holds at least 2 child elements, not 1$/,
    );
    // The XSD has no <not>.
    await refused(
      bills(`<and>${isnull('DESCRIPTION')}<not>${greater('TOTALDUE', '0')}</not></and>`),
      /^XL03000003 query\/filter\/and\/not: not is not an element of and/,
    );
  });

  seed('xml-query-and-readbyquery.txt:812', '<xs:element name="isnull">', async () => {
    await refused(
      bills('<isnull><field>DESCRIPTION</field><value>x</value></isnull>'),
      /^XL03000003 query\/filter\/isnull\/value: value is not an element of isnull \(expected field\)$/,
    );
    await refused(
      bills('<isnotnull><field>DESCRIPTION</field><value>x</value></isnotnull>'),
      /^XL03000003 query\/filter\/isnotnull\/value: value is not an element of isnotnull/,
    );
    await refused(bills('<isnull></isnull>'), /^XL03000003 query\/filter\/isnull: isnull needs the element field$/);
    await accepted(bills(isnull('DESCRIPTION')));
  });

  seed('xml-query-and-readbyquery.txt:625', '<xs:choice minOccurs="0" maxOccurs="1">', async () => {
    const ordered = (directions: string) =>
      bills('', `<orderby><order><field>RECORDNO</field>${directions}</order></orderby>`);
    await refused(
      ordered('<ascending/><descending/>'),
      /^XL03000003 query\/orderby\/order: order takes ascending or descending, not more than one of them$/,
    );
    await refused(
      ordered('<descending/><descending/>'),
      /^XL03000003 query\/orderby\/order\/descending: order holds at most 1 descending element$/,
    );
    await accepted(ordered('<ascending/>'));
    await accepted(ordered('<descending/>'));
    await accepted(ordered(''));
  });

  seed(
    'xml-query-and-readbyquery.txt:771',
    '<xs:element name="value" type="xs:string" minOccurs="2" maxOccurs="2"/>',
    async () => {
      const between = (values: string[]) =>
        bills(`<between><field>TOTALDUE</field>${values.map((v) => `<value>${v}</value>`).join('')}</between>`);
      await refused(between(['1']), /^XL03000003 query\/filter\/between: between needs 2 value elements, not 1$/);
      await refused(
        between(['1', '2', '3']),
        /^XL03000003 query\/filter\/between\/value: between holds at most 2 value elements$/,
      );
      await accepted(between(['0', '1000000']));
    },
  );

  seed(
    'xml-query-and-readbyquery.txt:1145',
    'You can provide an empty query element to return all APBILL objects (up to the limit specified with pagesize). See Paginate results to access results beyond the specified limit.',
    async () => {
      expect(
        await accepted(
          '<readByQuery><object>APBILL</object><fields>RECORDNO</fields><query/><pagesize>5</pagesize></readByQuery>',
        ),
      ).toBe(5);
      // Empty, not absent: Intacct's schema requires <query> in readByQuery (api.xsd minOccurs="1").
      await refused(
        '<readByQuery><object>APBILL</object><fields>RECORDNO</fields><pagesize>5</pagesize></readByQuery>',
        /^XL03000003 readByQuery: readByQuery needs the element query$/,
      );
      await refused(
        '<readByQuery><object>APBILL</object><query/><pageSize>5</pageSize></readByQuery>',
        /^XL03000003 readByQuery\/pageSize: pageSize is not an element of readByQuery .*case-sensitive: pagesize$/,
      );
    },
  );

  seed(
    'xml-query-and-readbyquery.txt:1177',
    'Provide either the object name or the result ID (from the readByQuery response) for the child element as shown.',
    async () => {
      await refused('<readMore></readMore>', /^XL03000003 readMore: readMore needs object or resultId$/);
      await refused(
        '<readMore><object>APBILL</object><resultId>x</resultId></readMore>',
        /^XL03000003 readMore: readMore takes object or resultId, not more than one of them$/,
      );
      await refused(
        '<readMore><resultid>x</resultid></readMore>',
        /^XL03000003 readMore\/resultid: resultid is not an element of readMore .*case-sensitive: resultId$/,
      );
    },
  );

  seed('queue-administration.txt:161', 'keys	Required	string	Comma-separated list of job JOBID to get', async () => {
    const job = '6465762230WuhjPAriEFQAAG91x@AAAAAK7';
    await refused(
      '<read><object>JOBQUEUERECORD</object><fields>JOBID</fields></read>',
      /^XL03000003 read: read needs the element keys$/,
    );
    expect(
      await accepted(`<read><object>JOBQUEUERECORD</object><keys>${job}</keys><fields>JOBID</fields></read>`),
    ).toBe(1);
  });

  seed('queue-administration.txt:177', 'object	Required	string	Use JOBQUEUERECORD', async () => {
    const job = '6465762230WuhjPAriEFQAAG91x@AAAAAK7';
    // The parameter table's form needs both of its elements; the example's form cannot be mixed with it.
    await refused(
      '<promote><object>JOBQUEUERECORD</object></promote>',
      /^XL03000003 promote: promote needs keys with object$/,
    );
    await refused(`<cancel><keys>${job}</keys></cancel>`, /^XL03000003 cancel: cancel needs object with keys$/);
    await refused(
      `<promote><JOBQUEUERECORD><JOBID>${job}</JOBID></JOBQUEUERECORD><object>JOBQUEUERECORD</object><keys>${job}</keys></promote>`,
      /^XL03000003 promote: promote takes JOBQUEUERECORD or object and keys, not more than one of them$/,
    );
    await refused(
      '<promote><JOBQUEUERECORD><JOBNO>1</JOBNO></JOBQUEUERECORD></promote>',
      /^XL03000003 promote\/JOBQUEUERECORD\/JOBNO: JOBNO is not an element of JOBQUEUERECORD \(expected JOBID\)$/,
    );
  });
});
