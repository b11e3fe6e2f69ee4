// Bad queries get typed errors carrying what the protocols need: one row per kind, with its exact code and message.

import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../../src/catalog/catalog.ts';
import { LedgerqError, type ErrorCode } from '../../src/errors.ts';
import { lowerRestQuery } from '../../src/protocols/rest/lower-query.ts';
import { bindQuery } from '../../src/query/bind.ts';
import { lowerQueryText } from '../../src/protocols/query-text.ts';

const catalog = buildCatalog();
const ctx = { scope: { companyKey: 1, entity: { kind: 'all' as const } }, now: '2026-11-23T10:00:00Z' };

function errorOf(text: string): LedgerqError {
  try {
    for (const { request } of lowerQueryText(text)) bindQuery(catalog, request, ctx);
  } catch (e) {
    if (e instanceof LedgerqError) return e;
    throw e;
  }
  throw new Error(`no error for ${text}`);
}

const q = (object: string, select: string, filter = '') =>
  `<query><object>${object}</object><select>${select}</select>${filter ? `<filter>${filter}</filter>` : ''}</query>`;
const f = (name: string) => `<field>${name}</field>`;

const CASES: [string, string, ErrorCode, string | RegExp][] = [
  ['unknown XML object', q('APBILLZ', f('RECORDNO')), 'bind.unknown-object', 'Object definition APBILLZ not found'],
  [
    'unknown REST object',
    '{"object":"accounts-payable/bil","fields":["key"]}',
    'bind.unknown-object',
    'accounts-payable/bil is not a known object (use module/object, e.g. accounts-payable/vendor)',
  ],
  [
    'unknown field, with the nearest names',
    q('APBILL', f('VENDORNAM')),
    'bind.unknown-field',
    'VENDORNAM is not a field of APBILL; nearest: VENDORNAME, VENDOR., VENDORID',
  ],
  [
    'unknown field behind a relationship',
    q('APBILL', f('VENDOR.CREDITLIMT')),
    'bind.unknown-field',
    /^VENDOR\.CREDITLIMT is not a field of APBILL \(no CREDITLIMT on VENDOR\); nearest: CREDITLIMIT/,
  ],
  // seed xml-query: "Querying across more than one hierarchical relationship is not allowed."
  [
    'a second hierarchical hop',
    q('ARINVOICE', f('CUSTOMER.PARENT.PARENT.NAME')),
    'bind.hierarchy-depth',
    'CUSTOMER.PARENT.PARENT.NAME: only one hierarchical relationship (PARENT) may be crossed in a path',
  ],
  [
    'a one-to-many collection in a path',
    '{"object":"accounts-payable/bill","fields":["lines.amount"]}',
    'bind.collection-path',
    'lines.amount: lines is a one-to-many collection of APBILL and cannot be queried through a dot path',
  ],
  [
    'a decimal that is not a number',
    q('APBILL', f('RECORDNO'), '<greaterthan><field>TOTALDUE</field><value>lots</value></greaterthan>'),
    'bind.invalid-value',
    '"lots" is not a valid value for TOTALDUE: expected a number with at most 2 decimal places',
  ],
  [
    'an XML date in the wrong form',
    q('APBILL', f('RECORDNO'), '<equalto><field>WHENDUE</field><value>2021-13-01</value></equalto>'),
    'bind.invalid-value',
    '"2021-13-01" is not a valid value for WHENDUE: expected a date mm/dd/yyyy',
  ],
  [
    'an enum value that does not exist',
    q('APBILL', f('RECORDNO'), '<equalto><field>STATE</field><value>Lost</value></equalto>'),
    'bind.invalid-value',
    /^"Lost" is not a valid value for STATE: expected one of .*Posted/,
  ],
  [
    'a boolean that is not one',
    '{"object":"accounts-payable/vendor","fields":["id"],"filters":[{"$eq":{"isOneTimeUse":"maybe"}}]}',
    'bind.invalid-value',
    '"maybe" is not a valid value for isOneTimeUse: expected true or false',
  ],
  [
    'between with one value',
    q('APBILL', f('RECORDNO'), '<between><field>TOTALDUE</field><value>1</value></between>'),
    'parse.invalid-element',
    'query/filter/between: between needs 2 value elements, not 1',
  ],
  [
    'in with 1,001 values',
    q('APBILL', f('RECORDNO'), `<in><field>RECORDNO</field>${'<value>1</value>'.repeat(1001)}</in>`),
    'limit.too-many-values',
    'RECORDNO: in takes at most 1000 values, got 1001',
  ],
  [
    'like on a number',
    q('APBILL', f('RECORDNO'), '<like><field>TOTALDUE</field><value>1%</value></like>'),
    'bind.unsupported-operator',
    'TOTALDUE: pattern operators apply to text fields; it is currency',
  ],
  [
    'sum of a text field',
    q('APBILL', '<sum>VENDORNAME</sum>'),
    'bind.not-allowed',
    'sum needs a numeric field; VENDORNAME is text',
  ],
  // seed rest FAQ: href "cannot be used in filters or orderBy"; "*" is refused.
  [
    'href in a filter',
    '{"object":"accounts-payable/vendor","fields":["id"],"filters":[{"$eq":{"href":"x"}}]}',
    'bind.not-allowed',
    'href cannot be used in filters or orderBy',
  ],
  [
    'href in orderBy',
    '{"object":"accounts-payable/vendor","fields":["id"],"orderBy":[{"href":"asc"}]}',
    'bind.not-allowed',
    'href cannot be used in filters or orderBy',
  ],
  [
    '* in REST fields',
    '{"object":"accounts-payable/vendor","fields":["*"]}',
    'parse.invalid-query',
    '"*" is not supported in fields: list the fields to return',
  ],
  ['* in an XML select', q('APBILL', f('*')), 'bind.not-allowed', 'selecting * is not supported: name the fields'],
  [
    'docparid on an object without document types',
    '<query><object>APBILL</object><select><field>RECORDNO</field></select><docparid>Sales Order</docparid></query>',
    'bind.not-allowed',
    'APBILL has no document type: docparid applies to SODOCUMENT, PODOCUMENT and INVDOCUMENT records',
  ],
  [
    'ordering by an ungrouped field under aggregates',
    '<query><object>APBILL</object><select><field>VENDORNAME</field><count>RECORDNO</count></select><orderby><order><field>WHENDUE</field></order></orderby></query>',
    'bind.not-allowed',
    'cannot order by WHENDUE: with aggregates, order by a selected plain field or an aggregate',
  ],
  [
    'an XML pagesize over 2,000',
    '<query><object>APBILL</object><select><field>RECORDNO</field></select><pagesize>2001</pagesize></query>',
    'limit.out-of-range',
    '<pagesize> must be an integer from 1 to 2000, not "2001"',
  ],
  [
    'a REST size over 4,000',
    '{"object":"accounts-payable/vendor","fields":["id"],"size":4001}',
    'limit.out-of-range',
    'size must be an integer from 1 to 4000, not 4001',
  ],
  [
    'a readByQuery pagesize over 1,000',
    '<readByQuery><object>VENDOR</object><query></query><pagesize>1001</pagesize></readByQuery>',
    'limit.out-of-range',
    '<pagesize> must be an integer from 1 to 1000, not "1001"',
  ],
  [
    'an unknown XML operator',
    q('APBILL', f('RECORDNO'), '<equals><field>STATE</field><value>Paid</value></equals>'),
    'parse.invalid-element',
    /^query\/filter\/equals: equals is not an element of filter \(expected equalto, notequalto, /,
  ],
  [
    'two top-level XML filter operators',
    q('APBILL', f('RECORDNO'), '<isnull><field>DESCRIPTION</field></isnull><isnull><field>WHENDUE</field></isnull>'),
    'parse.invalid-element',
    'query/filter: filter holds at most 1 child element, not 2',
  ],
  [
    'an unknown REST operator',
    '{"object":"accounts-payable/vendor","fields":["id"],"filters":[{"$like":{"id":"V%"}}]}',
    'parse.invalid-query',
    /^filters\[0\]: \$like is not an operator/,
  ],
  [
    'a filterExpression naming a missing filter',
    '{"object":"accounts-payable/vendor","fields":["id"],"filters":[{"$eq":{"id":"V1"}}],"filterExpression":"1 or 2"}',
    'parse.invalid-query',
    'filterExpression "1 or 2": refers to filter 2, but there is 1 filter',
  ],
  [
    'a malformed filterExpression',
    '{"object":"accounts-payable/vendor","fields":["id"],"filters":[{"$eq":{"id":"V1"}},{"$eq":{"id":"V2"}}],"filterExpression":"(1 or 2"}',
    'parse.invalid-query',
    'filterExpression "(1 or 2": a "(" is not closed',
  ],
  [
    'a readByQuery string that does not parse',
    "<readByQuery><object>VENDOR</object><query>VENDORID = 'V1' AND</query></readByQuery>",
    'parse.invalid-query',
    'readByQuery query: expected a field name at position 20 of "VENDORID = \'V1\' AND"',
  ],
  [
    'an unterminated readByQuery string',
    "<readByQuery><object>VENDOR</object><query>NAME = 'Erin\\'s</query></readByQuery>",
    'parse.invalid-query',
    /^readByQuery query: unterminated string at position 8/,
  ],
  [
    'malformed JSON',
    '{"object": "accounts-payable/vendor",',
    'parse.malformed-json',
    /^the query is neither XML nor valid JSON/,
  ],
  ['malformed XML', '<query><object>APBILL</object>', 'parse.malformed-xml', /^XML does not parse/],
  [
    'an XML entity declaration',
    '<!DOCTYPE q [<!ENTITY x "y">]><query/>',
    'parse.malformed-xml',
    'XML with a DOCTYPE or entity declaration is not accepted',
  ],
];

describe('query errors', () => {
  it.each(CASES)('%s', (_name, text, code, message) => {
    const e = errorOf(text);
    expect(e.code).toBe(code);
    if (typeof message === 'string') expect(e.message).toBe(message);
    else expect(e.message).toMatch(message);
  });

  it('names the offending field for the protocols to report', () => {
    expect(errorOf(q('APBILL', f('VENDORNAM'))).details).toMatchObject({
      field: 'VENDORNAM',
      object: 'APBILL',
      suggestions: expect.arrayContaining(['VENDORNAME']),
    });
  });

  it('refuses a REST query body that is not an object', () => {
    expect(() => lowerRestQuery('x')).toThrow('a query is a JSON object with at least "object" and "fields"');
  });
});
