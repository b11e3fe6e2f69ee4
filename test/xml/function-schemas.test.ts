// Every served function has its declaration, the official SDK's request shapes pass them (shared/protocol
// xml-gateway.md §3, the SDK's writers), and the checker refuses by path what a declaration does not allow.

import { describe, expect, it } from 'vitest';
import { LedgerqError } from '../../src/errors.ts';
import { checkFunctionElement, FUNCTION_SCHEMAS } from '../../src/protocols/xml/function-schemas.ts';
import { SERVED_FUNCTIONS } from '../../src/protocols/xml/gateway-functions.ts';
import { parseXml } from '../../src/protocols/xml/xml-tree.ts';

function faultOf(xml: string): string | null {
  try {
    checkFunctionElement(parseXml(xml));
    return null;
  } catch (e) {
    if (e instanceof LedgerqError && e.code === 'parse.invalid-element') return e.message;
    throw e;
  }
}

describe('function request declarations', () => {
  it('one declaration per served function, and none for a function not served', () => {
    expect(Object.keys(FUNCTION_SCHEMAS).sort()).toEqual([...SERVED_FUNCTIONS].sort());
  });

  it.each([
    '<getAPISession />',
    '<getAPISession><locationid>E100</locationid></getAPISession>',
    '<query><select><field>VENDORID</field><count>RECORDNO</count><sum>TOTALDUE</sum><avg>TOTALDUE</avg><min>TOTALDUE</min><max>TOTALDUE</max></select><object>VENDOR</object><docparid>Vendor Invoice</docparid><filter><and><equalto><field>STATUS</field><value>active</value></equalto><or><like><field>NAME</field><value>A%</value></like><between><field>TOTALDUE</field><value>10</value><value>20</value></between><in><field>VENDORID</field><value>V1</value><value>V2</value></in><notin><field>VENDORID</field><value>V3</value></notin><isnull><field>PARENTKEY</field></isnull><isnotnull><field>PARENTKEY</field></isnotnull></or><notequalto><field>A</field><value>x</value></notequalto><lessthan><field>B</field><value>1</value></lessthan><lessthanorequalto><field>C</field><value>2</value></lessthanorequalto><greaterthan><field>D</field><value>3</value></greaterthan><greaterthanorequalto><field>E</field><value>4</value></greaterthanorequalto><notlike><field>G</field><value>z%</value></notlike></and></filter><orderby><order><field>VENDORID</field><ascending /></order><order><field>NAME</field><descending /></order></orderby><options><caseinsensitive>true</caseinsensitive><showprivate>true</showprivate></options><pagesize>5</pagesize><offset>10</offset></query>',
    "<readByQuery><object>VENDOR</object><query>STATUS = 'active'</query><fields>*</fields><pagesize>10</pagesize><returnFormat>xml</returnFormat></readByQuery>",
    '<readByQuery><object>VENDOR</object><query /><fields>RECORDNO,VENDORID</fields><pagesize>1000</pagesize><returnFormat>xml</returnFormat><docparid>x</docparid></readByQuery>',
    '<readMore><resultId>uozue4h5np</resultId></readMore>',
    '<readMore><object>APBILL</object></readMore>',
    '<read><object>VENDOR</object><keys>1,2</keys><fields>*</fields><returnFormat>xml</returnFormat></read>',
    '<read><object>VENDOR</object><keys /><fields>*</fields><returnFormat>xml</returnFormat></read>',
    '<read><object>APBILL</object><keys>5</keys><fields>RECORDNO,VENDORID</fields><returnFormat>xml</returnFormat><docparid>Bill</docparid></read>',
    '<readByName><object>VENDOR</object><keys>V001,V002</keys><fields>*</fields><returnFormat>xml</returnFormat></readByName>',
    '<lookup><object>SODOCUMENT</object><docparid>Sales Invoice</docparid></lookup>',
    '<inspect><object>*</object></inspect>',
    '<inspect detail="1"><object>VENDOR</object></inspect>',
    '<delete><object>CLASS</object><keys>12</keys></delete>',
    '<create><CLASS><CLASSID>C1</CLASSID><NAME>One</NAME></CLASS></create>',
    '<delete_vendor vendorid="V1" />',
    '<reverse_bill key="42"><datereversed><year>2026</year><month>11</month><day>30</day></datereversed></reverse_bill>',
    '<apply_arpayment><arpaymentkey>7</arpaymentkey><paymentdate><year>2026</year><month>11</month><day>10</day></paymentdate><arpaymentitems><arpaymentitem><invoicekey>3</invoicekey><amount>30</amount></arpaymentitem></arpaymentitems></apply_arpayment>',
    '<void_appaymentrequest><appaymentkeys><appaymentkey>9</appaymentkey></appaymentkeys></void_appaymentrequest>',
    '<approve_appaymentrequest><appaymentkeys><appaymentkey>1234</appaymentkey></appaymentkeys></approve_appaymentrequest>',
    '<decline_appaymentrequest><appaymentkeys><appaymentkey>1234</appaymentkey></appaymentkeys></decline_appaymentrequest>',
    '<send_appaymentrequest><appaymentkeys><appaymentkey>1234</appaymentkey></appaymentkeys></send_appaymentrequest>',
    '<confirm_appaymentrequest><appaymentkeys><appaymentkey>1234</appaymentkey></appaymentkeys></confirm_appaymentrequest>',
    '<approve><TIMESHEET><RECORDNO>2</RECORDNO><ENTRYKEYS>499,328</ENTRYKEYS><COMMENT>Approved by James</COMMENT></TIMESHEET></approve>',
    '<decline><PODOCUMENT><DOCID>Purchase Order-PO0213</DOCID><COMMENT>Need to wait on this</COMMENT></PODOCUMENT></decline>',
    '<promote><JOBQUEUERECORD><JOBID>A</JOBID></JOBQUEUERECORD></promote>',
    '<cancel><object>JOBQUEUERECORD</object><keys>A,B</keys></cancel>',
    '<getDimensions/>',
    '<getDimensionRelationships></getDimensionRelationships>',
  ])('accepts %s', (xml) => {
    expect(faultOf(xml)).toBeNull();
  });

  it.each([
    ['<lookup><object>VENDOR</object>APBILL</lookup>', 'lookup: lookup holds elements, not text'],
    ['<lookup><object><name>VENDOR</name></object></lookup>', 'lookup/object/name: object holds a value, not elements'],
    [
      '<inspect verbose="1"><object>*</object></inspect>',
      'inspect: verbose is not an attribute of inspect (it takes detail)',
    ],
    ['<delete_vendor />', 'delete_vendor: delete_vendor needs a vendorid attribute'],
    [
      '<delete_vendor vendorid="V1"><memo>x</memo></delete_vendor>',
      'delete_vendor/memo: memo is not an element of delete_vendor (it takes none)',
    ],
    ['<create></create>', 'create: create needs at least 1 record element'],
    ['<approve></approve>', 'approve: approve needs at least 1 record element'],
    [
      '<decline_appaymentrequest><appaymentkeys /></decline_appaymentrequest>',
      'decline_appaymentrequest/appaymentkeys: appaymentkeys needs the element appaymentkey',
    ],
    ['<delete><object>CLASS</object></delete>', 'delete: delete needs the element keys'],
    [
      '<reverse_bill key="42"><description>x</description><datereversed><year>2026</year><month>11</month><day>30</day></datereversed></reverse_bill>',
      'reverse_bill/datereversed: datereversed comes before description in reverse_bill (order: datereversed, description)',
    ],
    [
      '<getAPISession><locationid>E1</locationid><locationid>E2</locationid></getAPISession>',
      'getAPISession/locationid: getAPISession holds at most 1 locationid element',
    ],
    [
      '<getDimensions><object>DEPARTMENT</object></getDimensions>',
      'getDimensions/object: object is not an element of getDimensions (it takes none)',
    ],
    [
      '<getDimensionRelationships>all</getDimensionRelationships>',
      'getDimensionRelationships: getDimensionRelationships holds elements, not text',
    ],
  ])('refuses %s', (xml, message) => {
    expect(faultOf(xml)).toBe(message);
  });
});
