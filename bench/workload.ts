// What the benchmark runs: the six queries (XML <query> and REST bodies) and the walks, and each one's exact SQL from
// ledgerq's own compiler.

import { scopeFor } from '../src/auth/scope.ts';
import { findCompany } from '../src/auth/tenancy.ts';
import type { Catalog } from '../src/catalog/catalog.ts';
import { lowerXmlQuery } from '../src/protocols/xml/lower-query.ts';
import { parseXml } from '../src/protocols/xml/xml-tree.ts';
import { lowerRestQuery } from '../src/protocols/rest/lower-query.ts';
import { bindQuery } from '../src/query/bind.ts';
import { queryRequest, type QueryRequest, type SelectItem } from '../src/query/ir/request.ts';
import type { Scope } from '../src/query/ir/bound.ts';
import { compileQuery } from '../src/query/sql/compile.ts';
import type { Database } from '../src/store/database.ts';
import { p, sql, type Sql } from '../src/store/sql.ts';

export interface QueryCase {
  readonly name: string;
  /** The <query> element sent inside a gateway function. */
  readonly xml: string;
  /** The REST query-service body. */
  readonly rest: Record<string, unknown>;
}

export interface Statements {
  readonly select: Sql;
  readonly count: Sql;
  /** The page limit: a page this full needs the count statement for its total. */
  readonly limit: number | null;
}

export interface Workload {
  readonly companyKey: number;
  readonly scope: Scope;
  readonly queries: readonly QueryCase[];
  readonly bills: number;
  /** The vendor with the most paid bills in the first half of the keys: its bills fill a 100-row page. */
  readonly vendor: string;
}

const BILL_FIELDS_XML = ['RECORDNO', 'RECORDID', 'VENDORID', 'STATE', 'WHENCREATED', 'TOTALENTERED'];
const BILL_FIELDS_REST = ['key', 'billNumber', 'vendor.id', 'state', 'createdDate', 'totalBaseAmount'];

const fieldsXml = (names: readonly string[]) => `<select>${names.map((n) => `<field>${n}</field>`).join('')}</select>`;

/** Picks the parameters from the data itself (a middle key, the busiest vendor), so the queries fit any seed size. */
export async function buildWorkload(db: Database): Promise<Workload> {
  const company = await findCompany(db, 'demo');
  if (!company) throw new Error('the database has no demo company: seed it first');
  const scope = await scopeFor(db, company, null);
  const companyKey = company.key;
  const [stats] = await db.all<{ n: unknown; lo: unknown; hi: unknown }>(
    sql`SELECT COUNT(*) AS n, MIN(recordno) AS lo, MAX(recordno) AS hi FROM o_apbill WHERE company_key = ${p(companyKey)}`,
  );
  const bills = Number(stats?.n ?? 0);
  if (bills === 0) throw new Error('the demo company has no bills');
  const midKey = Math.floor((Number(stats!.lo) + Number(stats!.hi)) / 2);
  const [key] = await db.all<{ k: unknown }>(
    sql`SELECT recordno AS k FROM o_apbill WHERE company_key = ${p(companyKey)} AND recordno >= ${p(midKey)} ORDER BY recordno LIMIT 1`,
  );
  const [busy] = await db.all<{ v: string }>(
    sql`SELECT vendorid AS v FROM o_apbill WHERE company_key = ${p(companyKey)} AND state = ${p('Paid')} AND recordno <= ${p(midKey)} GROUP BY vendorid ORDER BY COUNT(*) DESC, vendorid LIMIT 1`,
  );
  const k = String(key!.k);
  const vendor = busy!.v;
  const priorYear = new Date().getUTCFullYear() - 1;
  const queries: QueryCase[] = [
    {
      name: 'point read by key',
      xml: `<query><object>APBILL</object>${fieldsXml(BILL_FIELDS_XML)}<filter><equalto><field>RECORDNO</field><value>${k}</value></equalto></filter></query>`,
      rest: { object: 'accounts-payable/bill', fields: BILL_FIELDS_REST, filters: [{ $eq: { key: k } }] },
    },
    {
      name: 'vendor + state by date, 100 rows',
      xml: `<query><object>APBILL</object>${fieldsXml(BILL_FIELDS_XML)}<filter><and><equalto><field>VENDORID</field><value>${vendor}</value></equalto><equalto><field>STATE</field><value>Paid</value></equalto></and></filter><orderby><order><field>WHENCREATED</field><descending/></order></orderby><pagesize>100</pagesize></query>`,
      rest: {
        object: 'accounts-payable/bill',
        fields: BILL_FIELDS_REST,
        filters: [{ $eq: { 'vendor.id': vendor } }, { $eq: { state: 'paid' } }],
        orderBy: [{ createdDate: 'desc' }],
        size: 100,
      },
    },
    {
      name: 'join: vendor field, filtered',
      xml: `<query><object>APBILL</object>${fieldsXml(['RECORDNO', 'VENDORID', 'VENDOR.VENDTYPE', 'TOTALENTERED'])}<filter><equalto><field>VENDOR.VENDTYPE</field><value>Contractor</value></equalto></filter><pagesize>100</pagesize></query>`,
      rest: {
        object: 'accounts-payable/bill',
        fields: ['key', 'vendor.id', 'vendor.vendorType.id', 'totalBaseAmount'],
        filters: [{ $eq: { 'vendor.vendorType.id': 'Contractor' } }],
        size: 100,
      },
    },
    {
      name: 'group-by sum, all bills',
      xml: '<query><object>APBILL</object><select><field>STATE</field><sum>TOTALENTERED</sum></select></query>',
      rest: { object: 'accounts-payable/bill', fields: ['state', 'sum:totalBaseAmount'] },
    },
    {
      name: 'count over an amount range',
      xml: '<query><object>APBILL</object><select><count>RECORDNO</count></select><filter><between><field>TOTALENTERED</field><value>1000</value><value>5000</value></between></filter></query>',
      rest: {
        object: 'accounts-payable/bill',
        fields: ['count:key'],
        filters: [{ $between: { totalBaseAmount: [1000, 5000] } }],
      },
    },
    {
      // XML's query has no date macros (they are the REST query service's): it names the prior year's first and
      // last days, as an XML client does.
      name: 'prior year (REST date macro, XML between), 100 rows',
      xml: `<query><object>APBILL</object>${fieldsXml(BILL_FIELDS_XML)}<filter><between><field>WHENCREATED</field><value>01/01/${priorYear}</value><value>12/31/${priorYear}</value></between></filter><pagesize>100</pagesize></query>`,
      rest: {
        object: 'accounts-payable/bill',
        fields: BILL_FIELDS_REST,
        filters: [{ $eq: { createdDate: 'priorYear' } }],
        size: 100,
      },
    },
  ];
  return { companyKey: companyKey, scope, queries, bills, vendor };
}

function now(): string {
  return `${new Date().toISOString().slice(0, 19)}Z`;
}

function statementsOf(db: Database, catalog: Catalog, scope: Scope, request: QueryRequest): Statements {
  const c = compileQuery(db.dialect, bindQuery(catalog, request, { scope, now: now() }));
  return { select: c.select, count: c.count, limit: request.limit };
}

export function xmlStatements(db: Database, catalog: Catalog, scope: Scope, xml: string): Statements {
  return statementsOf(db, catalog, scope, lowerXmlQuery(parseXml(xml)).request);
}

export function restStatements(
  db: Database,
  catalog: Catalog,
  scope: Scope,
  body: Record<string, unknown>,
): Statements {
  return statementsOf(db, catalog, scope, lowerRestQuery(body).request);
}

/** The fields of the readByQuery walk and the 100-row XML query. */
export const READ_BY_QUERY_FIELDS: readonly string[] = BILL_FIELDS_XML;
/** The REST walk's body; `start` and `size` are added per page. */
export const REST_WALK = { object: 'accounts-payable/bill', fields: BILL_FIELDS_REST };

/** Every row a walk returns, as one statement in key order with no limit: what raw streaming reads. */
export function walkStatement(db: Database, catalog: Catalog, scope: Scope, naming: 'xml' | 'rest'): Sql {
  const names = naming === 'xml' ? BILL_FIELDS_XML : BILL_FIELDS_REST;
  const select = names.map((path): SelectItem => ({ kind: 'field', path }));
  const request = queryRequest({
    object: naming === 'xml' ? 'APBILL' : 'accounts-payable/bill',
    naming,
    spelling: naming === 'xml' ? 'code' : 'label',
    select,
    limit: null,
  });
  return compileQuery(db.dialect, bindQuery(catalog, request, { scope, now: now() })).select;
}
