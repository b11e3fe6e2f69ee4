// Isolation over every route: two companies and users held to one entity send seeded random requests, reads and
// writes, to every route of the server's route table (and every function the XML gateway serves), aimed at their own
// records and at the other company's and other entities' (issue 21). Two checks per request:
// - no answer contains a marker planted in the rows the caller may not see (each company's and each entity's rows
//   carry their own marker in their descriptive text columns);
// - no write changes such a row: triggers on every company-keyed table log each changed row's company and entity, and
//   the log is read after every request.
// At the end, a digest of every company-keyed table before and after the run must differ only where the log saw
// changes, which proves the triggers missed nothing. A route or XML function without a request generator fails the
// test, so a new route is covered as soon as it is added. LEDGERQ_ISOLATION_REQUESTS sets the requests per database
// (npm run test:isolation runs 100,000); LEDGERQ_ISOLATION_SEED replays a run.

import { createHash } from 'node:crypto';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { desiredSchema } from '../../src/app/schema.ts';
import { seedDemo } from '../../src/app/seed.ts';
import { addUser, type Company, findCompany } from '../../src/auth/tenancy.ts';
import { buildCatalog, type Catalog } from '../../src/catalog/catalog.ts';
import type { CatalogObject } from '../../src/catalog/types.ts';
import { SERVED_FUNCTIONS } from '../../src/protocols/xml/gateway-functions.ts';
import { buildApp } from '../../src/server/app.ts';
import { routeTable } from '../../src/server/route-table.ts';
import { ident, join, p, sql } from '../../src/store/sql.ts';
import { companyKeyedTables, type TableSpec } from '../../src/store/table-spec.ts';
import { BACKENDS, createTestDatabase, type TestDatabase } from '../support/databases.ts';

const REQUESTS = Number(process.env.LEDGERQ_ISOLATION_REQUESTS ?? 1000);
const SEED = Number(process.env.LEDGERQ_ISOLATION_SEED ?? 20261205);
/** A bound on hangs on two shared cores, not a speed check. */
const TIMEOUT_MS = Math.max(600_000, REQUESTS * 300);
const ADMIN_TOKEN = 'isolation-admin-token';

// ---- who sees what --------------------------------------------------------------------------------------------------

/** The marker of one company's rows in one entity (`0`: the top level, rows without an entity). */
const marker = (company: string, entity: string | null) => `ZQ${company.toUpperCase()}${entity ?? '0'}Q`;
const DEMO_ENTITIES = ['US', 'UK', 'PRIV'];
const ALL_MARKERS = [marker('demo2', null), ...[null, ...DEMO_ENTITIES].map((e) => marker('demo', e))];

interface Actor {
  readonly name: string;
  readonly companyId: 'demo' | 'demo2';
  readonly userId: string;
  readonly password: string;
  /** X-IA-API-Param-Entity and <locationid> for an admin who narrows itself to an entity. */
  readonly narrowTo: string | null;
  /** The entity the caller is held to (its own or the one it narrowed to); null at the top level. */
  readonly entity: string | null;
  token: string;
}

const ACTORS: Actor[] = [
  { name: 'demo2 admin', companyId: 'demo2', userId: 'admin', password: 'admin', narrowTo: null, entity: null },
  { name: 'demo admin', companyId: 'demo', userId: 'admin', password: 'admin', narrowTo: null, entity: null },
  { name: 'demo admin in US', companyId: 'demo', userId: 'admin', password: 'admin', narrowTo: 'US', entity: 'US' },
  // Added by the test: an administrator held to entity US, so entity-held writes are tried too (usclerk only reads).
  { name: 'demo US admin', companyId: 'demo', userId: 'isous', password: 'isous', narrowTo: null, entity: 'US' },
  { name: 'demo US clerk', companyId: 'demo', userId: 'usclerk', password: 'usclerk', narrowTo: null, entity: 'US' },
].map((a) => ({ ...a, token: '' }) as Actor);

/** The markers an actor may never receive: the other company's, and other entities' when it is held to one. */
function forbiddenMarkers(a: Actor): string[] {
  const other = a.companyId === 'demo' ? 'demo2' : 'demo';
  const out = other === 'demo' ? [null, ...DEMO_ENTITIES].map((e) => marker('demo', e)) : [marker('demo2', null)];
  if (a.entity !== null) for (const e of DEMO_ENTITIES) if (e !== a.entity) out.push(marker(a.companyId, e));
  return out;
}

/** Descriptive text columns: where a marker goes without touching a key, an ID or a reference. */
const MARKED_FIELDS = /^(NAME|DESCRIPTION|DESCRIPTION2|TITLE|MEMO|COMMENTS|NOTE|PRINTAS|EXTENDED_DESCRIPTION)$/;
function markedFields(o: CatalogObject) {
  const locals = new Set(o.relationships.map((r) => r.relatedBy.local));
  return o.fields.filter(
    (f) =>
      f.type === 'text' &&
      !f.hidden &&
      f.column !== null &&
      MARKED_FIELDS.test(f.xmlId) &&
      f.xmlId !== o.idField &&
      f.xmlId !== o.keyField &&
      !locals.has(f.xmlId),
  );
}

// ---- the change log -------------------------------------------------------------------------------------------------

interface Change {
  readonly id: number;
  readonly tbl: string;
  readonly company_key: number | string | null;
  readonly entity_id: string | null;
}

/** Written after the answers by design (the journal and the meter count the caller's requests in batches). */
const UNWATCHED = new Set(['lq_journal', 'lq_meter_count']);
/** A caller's own sign-ins: sessions and tokens of the user, in whatever entity it may enter. */
const SIGN_IN_TABLES = new Set(['lq_session', 'lq_oauth_token']);

function changeLogScript(backend: string, tables: readonly TableSpec[]): string {
  const hasEntity = (t: TableSpec) => t.columns.some((c) => c.name === 'entity_id');
  const watched = tables.filter((t) => !UNWATCHED.has(t.name));
  if (backend === 'sqlite') {
    const parts = ['CREATE TABLE iso_change (id INTEGER PRIMARY KEY AUTOINCREMENT, tbl TEXT, company_key, entity_id);'];
    for (const t of watched) {
      const e = (row: string) => (hasEntity(t) ? `${row}.entity_id` : 'NULL');
      for (const [event, rows] of [
        ['INSERT', ['NEW']],
        ['UPDATE', ['OLD', 'NEW']],
        ['DELETE', ['OLD']],
      ] as const) {
        const inserts = rows
          .map(
            (r) =>
              `INSERT INTO iso_change (tbl, company_key, entity_id) VALUES ('${t.name}', ${r}.company_key, ${e(r)});`,
          )
          .join(' ');
        parts.push(
          `CREATE TRIGGER iso_${event.toLowerCase()}_${t.name} AFTER ${event} ON "${t.name}" BEGIN ${inserts} END;`,
        );
      }
    }
    return parts.join('\n');
  }
  const parts = [
    'CREATE TABLE iso_change (id BIGSERIAL PRIMARY KEY, tbl TEXT, company_key BIGINT, entity_id TEXT);',
    `CREATE FUNCTION iso_log() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
       IF TG_OP <> 'INSERT' THEN INSERT INTO iso_change (tbl, company_key, entity_id)
         VALUES (TG_TABLE_NAME, (to_jsonb(OLD)->>'company_key')::bigint, to_jsonb(OLD)->>'entity_id'); END IF;
       IF TG_OP <> 'DELETE' THEN INSERT INTO iso_change (tbl, company_key, entity_id)
         VALUES (TG_TABLE_NAME, (to_jsonb(NEW)->>'company_key')::bigint, to_jsonb(NEW)->>'entity_id'); END IF;
       RETURN NULL; END $$;`,
  ];
  for (const t of watched)
    parts.push(
      `CREATE TRIGGER iso_log AFTER INSERT OR UPDATE OR DELETE ON "${t.name}" FOR EACH ROW EXECUTE FUNCTION iso_log();`,
    );
  return parts.join('\n');
}

// ---- requests -------------------------------------------------------------------------------------------------------

interface Planned {
  readonly key: string;
  readonly xml: { readonly names: string[]; readonly fns: string[]; readonly transaction: boolean } | null;
  readonly req: Req | null;
  readonly head: boolean;
}

interface Req {
  readonly method: string;
  readonly path: string;
  readonly body?: string;
  readonly contentType?: string;
}

/** Records of both companies and every entity, which the requests aim at (keys and IDs mean nothing across them). */
interface Pools {
  readonly keys: Record<string, string[]>;
  readonly ids: Record<string, string[]>;
  readonly jobIds: string[];
  readonly resultIds: string[];
  readonly scheduleNames: string[];
  readonly snapshotNames: string[];
}

const POOLED = [
  'VENDOR',
  'CUSTOMER',
  'APBILL',
  'ARINVOICE',
  'APPYMT',
  'ARPYMT',
  'DEPARTMENT',
  'LOCATION',
  'CLASS',
  'CONTACT',
  'GLACCOUNT',
  'PROJECT',
  'EMPLOYEE',
  'ITEM',
  'TASK',
  'SODOCUMENT',
  'PODOCUMENT',
  'INVDOCUMENT',
  'CREDITCARD',
  'CCTRANSACTION',
  'SUPDOC',
  'SUPDOCFOLDER',
  'EEXPENSES',
  'EXPENSEADJUSTMENTS',
  'APADJUSTMENT',
  'ARADJUSTMENT',
  'OTHERRECEIPTS',
  'TIMESHEET',
  'TIMESHEETENTRY',
  'SEQUENCE',
];
/** Objects the generic create/update/delete aim at, with a text field to write. */
const WRITABLE: Readonly<Record<string, { id: string; text: string; rest: string; restText: string }>> = {
  VENDOR: { id: 'VENDORID', text: 'NAME', rest: 'accounts-payable/vendor', restText: 'name' },
  CUSTOMER: { id: 'CUSTOMERID', text: 'NAME', rest: 'accounts-receivable/customer', restText: 'name' },
  DEPARTMENT: { id: 'DEPARTMENTID', text: 'TITLE', rest: 'company-config/department', restText: 'name' },
  CLASS: { id: 'CLASSID', text: 'NAME', rest: 'company-config/class', restText: 'name' },
  LOCATION: { id: 'LOCATIONID', text: 'NAME', rest: 'company-config/location', restText: 'name' },
  PROJECT: { id: 'PROJECTID', text: 'NAME', rest: 'projects/project', restText: 'name' },
  APBILL: { id: 'RECORDID', text: 'DESCRIPTION', rest: 'accounts-payable/bill', restText: 'description' },
  ARINVOICE: { id: 'RECORDID', text: 'DESCRIPTION', rest: 'accounts-receivable/invoice', restText: 'description' },
  APPYMT: { id: 'RECORDNO', text: 'DESCRIPTION', rest: 'accounts-payable/payment', restText: 'description' },
};

/** Requests that answer rows, sent more often than the rest. */
const XML_READS = ['query', 'readByQuery', 'read', 'readByName', 'readMore'];
const REST_READS = [
  'POST /ia/api/v1/services/core/query',
  'GET /ia/api/v1/objects/:module/:object/:key',
  'POST /console/api/explain',
];

/** client_credentials for a username (`user@company|entity`; the run completes a bare `|entity` with the caller). */
const tokenRequest = (username: string): Req => ({
  method: 'POST',
  path: '/ia/api/v1/oauth2/token',
  body: JSON.stringify({
    grant_type: 'client_credentials',
    client_id: 'ledgerq-demo',
    client_secret: 'ledgerq-demo',
    username,
  }),
});

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const tag = (t: string, inner: string) => `<${t}>${inner}</${t}>`;
const json = (v: unknown) => JSON.stringify(v);
let unique = 0;
const fresh = () => `ISO${++unique}`;

function requestArbitraries(catalog: Catalog, pools: Pools) {
  const objects = catalog.objects.filter((o) => markedFields(o).length > 0);
  const restObjects = objects.filter((o) => o.restName !== null);
  const pick = <T>(xs: readonly T[]) => fc.constantFrom(...(xs.length ? xs : ([] as T[])));
  const anyObject = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...POOLED) },
    fc.constantFrom(...objects.map((o) => o.xmlName)),
  );
  const keyOf = (o: string) => (pools.keys[o]?.length ? fc.constantFrom(...pools.keys[o]!) : fc.constant('1'));
  const idOf = (o: string) => (pools.ids[o]?.length ? fc.constantFrom(...pools.ids[o]!) : fc.constant('X'));
  const pooled = fc.constantFrom(...POOLED);
  const writable = fc.constantFrom(...Object.keys(WRITABLE));
  const fieldsOf = (name: string) => {
    const o = catalog.objects.find((x) => x.xmlName === name)!;
    return [o.keyField, ...(o.idField ? [o.idField] : []), ...markedFields(o).map((f) => f.xmlId)];
  };
  const restFieldsOf = (o: CatalogObject) =>
    ['key', 'id', ...markedFields(o).map((f) => f.restPath)].filter((f): f is string => typeof f === 'string');
  const jobId = fc.oneof(pick(pools.jobIds), fc.constant('9999'));
  const date = `<year>2026</year><month>11</month><day>02</day>`;

  // Every function the gateway serves: a test failure names any function added without a generator here.
  const xmlFunctions: Record<string, fc.Arbitrary<string>> = {
    getAPISession: fc
      .option(fc.constantFrom('US', 'UK', 'PRIV'), { nil: undefined })
      .map((e) => `<getAPISession>${e ? tag('locationid', e) : ''}</getAPISession>`),
    query: fc.tuple(anyObject, fc.boolean()).chain(([o, filtered]) =>
      (filtered && pools.ids[o]?.length ? idOf(o).map((v) => v as string | null) : fc.constant(null)).map((v) => {
        const obj = catalog.objects.find((x) => x.xmlName === o)!;
        const filter =
          v !== null && obj.idField
            ? tag('filter', tag('equalto', tag('field', obj.idField) + tag('value', esc(v))))
            : '';
        return `<query>${tag('object', o)}${tag(
          'select',
          fieldsOf(o)
            .map((f) => tag('field', f))
            .join(''),
        )}${filter}${tag('pagesize', '50')}</query>`;
      }),
    ),
    readByQuery: fc
      .tuple(anyObject, fc.integer({ min: 1, max: 100 }))
      .map(
        ([o, n]) =>
          `<readByQuery>${tag('object', o)}${tag('fields', '*')}${tag('query', '')}${tag('pagesize', String(n))}</readByQuery>`,
      ),
    readMore: fc.oneof(
      pick(pools.resultIds).map((r) => `<readMore>${tag('resultId', r)}</readMore>`),
      anyObject.map((o) => `<readMore>${tag('object', o)}</readMore>`),
    ),
    read: pooled.chain((o) =>
      fc
        .array(keyOf(o), { minLength: 1, maxLength: 5 })
        .map((ks) => `<read>${tag('object', o)}${tag('keys', ks.join(','))}${tag('fields', '*')}</read>`),
    ),
    readByName: pooled.chain((o) =>
      fc
        .array(idOf(o), { minLength: 1, maxLength: 3 })
        .map(
          (ks) => `<readByName>${tag('object', o)}${tag('keys', esc(ks.join(',')))}${tag('fields', '*')}</readByName>`,
        ),
    ),
    lookup: anyObject.map((o) => `<lookup>${tag('object', o)}</lookup>`),
    inspect: anyObject.map((o) => `<inspect detail="1">${tag('object', o)}</inspect>`),
    create: fc.constantFrom('VENDOR', 'CUSTOMER', 'DEPARTMENT', 'CLASS', 'PROJECT').map((o) => {
      const w = WRITABLE[o]!;
      const id = fresh();
      return `<create><${o}>${tag(w.id, id)}${tag(w.text, `Isolation ${id}`)}</${o}></create>`;
    }),
    update: writable.chain((o) =>
      fc.tuple(keyOf(o), fc.boolean()).map(([k, byKey]) => {
        const w = WRITABLE[o]!;
        const ref =
          byKey || w.id === 'RECORDNO'
            ? tag('RECORDNO', k)
            : tag(w.id, esc(pools.ids[o]?.[Number(k) % Math.max(1, pools.ids[o]!.length)] ?? k));
        return `<update><${o}>${ref}${tag(w.text, 'Updated by isolation')}</${o}></update>`;
      }),
    ),
    delete: writable.chain((o) => keyOf(o).map((k) => `<delete>${tag('object', o)}${tag('keys', k)}</delete>`)),
    create_bill: fc
      .tuple(idOf('VENDOR'), idOf('GLACCOUNT'), idOf('DEPARTMENT'))
      .map(
        ([v, g, d]) =>
          `<create_bill>${tag('vendorid', esc(v))}<datecreated>${date}</datecreated><billitems><lineitem>${tag('glaccountno', esc(g))}${tag('amount', '12.50')}${tag('departmentid', esc(d))}</lineitem></billitems></create_bill>`,
      ),
    create_contact: fc.constant(null).map(() => {
      const n = fresh();
      return `<create_contact>${tag('contactname', n)}${tag('printas', n)}</create_contact>`;
    }),
    update_contact: idOf('CONTACT').map(
      (c) => `<update_contact>${tag('contactname', esc(c))}${tag('printas', 'Updated by isolation')}</update_contact>`,
    ),
    create_invoice: fc
      .tuple(idOf('CUSTOMER'), idOf('GLACCOUNT'))
      .map(
        ([c, g]) =>
          `<create_invoice>${tag('customerid', esc(c))}<datecreated>${date}</datecreated><datedue>${date}</datedue><invoiceitems><lineitem>${tag('glaccountno', esc(g))}${tag('amount', '20')}</lineitem></invoiceitems></create_invoice>`,
      ),
    create_arpayment: fc
      .tuple(idOf('CUSTOMER'), keyOf('ARINVOICE'))
      .map(
        ([c, k]) =>
          `<create_arpayment>${tag('customerid', esc(c))}${tag('paymentamount', '1')}${tag('bankaccountid', 'BOA')}${tag('paymentmethod', 'Cash')}<receiveddate>${date}</receiveddate><arpaymentitem>${tag('invoicekey', k)}${tag('amount', '1')}</arpaymentitem></create_arpayment>`,
      ),
    update_bill: keyOf('APBILL').map(
      (k) => `<update_bill key="${k}">${tag('description', 'Updated by isolation')}</update_bill>`,
    ),
    update_invoice: keyOf('ARINVOICE').map(
      (k) => `<update_invoice key="${k}">${tag('description', 'Updated by isolation')}</update_invoice>`,
    ),
    reverse_bill: keyOf('APBILL').map(
      (k) => `<reverse_bill key="${k}"><datereversed>${date}</datereversed></reverse_bill>`,
    ),
    reverse_invoice: keyOf('ARINVOICE').map(
      (k) => `<reverse_invoice key="${k}"><datereversed>${date}</datereversed></reverse_invoice>`,
    ),
    // A manual AP payment (russellkt/intacct-mcp-server docs/accounts-payable-ap-payments.md, "Create Manual AP Payment
    // (Legacy)"): out of one of the demo's checking accounts or a card, to a GL account.
    create_appayment: fc
      .tuple(
        idOf('VENDOR'),
        idOf('GLACCOUNT'),
        fc.oneof(
          fc.constantFrom('BOA-CHK-1000', 'BARCLAYS-GBP-1050', 'LLOYDS-CUR-1200').map((b) => tag('bankaccountid', b)),
          idOf('CREDITCARD').map((c) => tag('chargecardid', esc(c))),
        ),
      )
      .map(
        ([v, g, from]) =>
          `<create_appayment>${from}${tag('vendorid', esc(v))}${tag('memo', 'Isolation')}<checkdate>${date}</checkdate>${tag('checkno', '77')}<payitems><payitem>${tag('glaccountno', esc(g))}${tag('paymentamount', '4.75')}</payitem></payitems></create_appayment>`,
      ),
    reverse_appayment: keyOf('APPYMT').map(
      (k) => `<reverse_appayment key="${k}"><datereversed>${date}</datereversed></reverse_appayment>`,
    ),
    reverse_arpayment: keyOf('ARPYMT').map(
      (k) => `<reverse_arpayment key="${k}"><datereversed>${date}</datereversed></reverse_arpayment>`,
    ),
    apply_arpayment: fc
      .tuple(keyOf('ARPYMT'), keyOf('ARINVOICE'))
      .map(
        ([pk, ik]) =>
          `<apply_arpayment>${tag('arpaymentkey', pk)}<paymentdate>${date}</paymentdate><arpaymentitems><arpaymentitem>${tag('invoicekey', ik)}${tag('amount', '1')}</arpaymentitem></arpaymentitems></apply_arpayment>`,
      ),
    void_appaymentrequest: keyOf('APPYMT').map(
      (k) => `<void_appaymentrequest><appaymentkeys>${tag('appaymentkey', k)}</appaymentkeys></void_appaymentrequest>`,
    ),
    ...Object.fromEntries(
      (['approve', 'decline', 'send', 'confirm'] as const).map((fn) => [
        `${fn}_appaymentrequest`,
        keyOf('APPYMT').map(
          (k) =>
            `<${fn}_appaymentrequest><appaymentkeys>${tag('appaymentkey', k)}</appaymentkeys></${fn}_appaymentrequest>`,
        ),
      ]),
    ),
    ...Object.fromEntries(
      (['approve', 'decline'] as const).map((fn) => [
        fn,
        fc.oneof(
          fc
            .tuple(keyOf('TIMESHEET'), fc.option(keyOf('TIMESHEETENTRY'), { nil: undefined }))
            .map(
              ([k, e]) =>
                `<${fn}><TIMESHEET>${tag('RECORDNO', k)}${e ? tag('ENTRYKEYS', e) : ''}${tag('COMMENT', 'By isolation')}</TIMESHEET></${fn}>`,
            ),
          idOf('PODOCUMENT').map((d) => `<${fn}><PODOCUMENT>${tag('DOCID', esc(d))}</PODOCUMENT></${fn}>`),
        ),
      ]),
    ),
    create_sotransaction: fc
      .tuple(idOf('CUSTOMER'), idOf('ITEM'))
      .map(
        ([c, i]) =>
          `<create_sotransaction>${tag('transactiontype', 'Sales Order')}<datecreated>${date}</datecreated>${tag('customerid', esc(c))}<sotransitems><sotransitem>${tag('itemid', esc(i))}${tag('quantity', '2')}${tag('price', '5')}</sotransitem></sotransitems></create_sotransaction>`,
      ),
    create_potransaction: fc
      .tuple(idOf('VENDOR'), idOf('ITEM'))
      .map(
        ([v, i]) =>
          `<create_potransaction>${tag('transactiontype', 'Purchase Order')}<datecreated>${date}</datecreated>${tag('vendorid', esc(v))}<returnto><contactname/></returnto><payto><contactname/></payto><potransitems><potransitem>${tag('itemid', esc(i))}${tag('quantity', '2')}${tag('price', '5')}</potransitem></potransitems></create_potransaction>`,
      ),
    create_ictransaction: idOf('ITEM').map(
      (i) =>
        `<create_ictransaction>${tag('transactiontype', 'Adjustment Increase')}<datecreated>${date}</datecreated><ictransitems><ictransitem>${tag('itemid', esc(i))}${tag('warehouseid', 'WH-MAIN')}${tag('quantity', '2')}${tag('cost', '5')}</ictransitem></ictransitems></create_ictransaction>`,
    ),
    ...Object.fromEntries(
      (
        [
          ['sotransaction', 'SODOCUMENT'],
          ['potransaction', 'PODOCUMENT'],
          ['ictransaction', 'INVDOCUMENT'],
        ] as const
      ).flatMap(([fn, o]) => [
        [
          `update_${fn}`,
          idOf(o).map((k) => `<update_${fn} key="${esc(k)}">${tag('message', 'Updated by isolation')}</update_${fn}>`),
        ],
        [`delete_${fn}`, idOf(o).map((k) => `<delete_${fn} key="${esc(k)}"/>`)],
      ]),
    ),
    record_cctransaction: fc
      .tuple(idOf('CREDITCARD'), idOf('GLACCOUNT'))
      .map(
        ([c, g]) =>
          `<record_cctransaction>${tag('chargecardid', esc(c))}<paymentdate>${date}</paymentdate>${tag('payee', 'Isolation')}<ccpayitems><ccpayitem>${tag('glaccountno', esc(g))}${tag('paymentamount', '3.25')}</ccpayitem></ccpayitems></record_cctransaction>`,
      ),
    update_cctransaction: keyOf('CCTRANSACTION').map(
      (k) => `<update_cctransaction key="${k}">${tag('description', 'Updated by isolation')}</update_cctransaction>`,
    ),
    reverse_cctransaction: keyOf('CCTRANSACTION').map(
      (k) => `<reverse_cctransaction key="${k}"><datereversed>${date}</datereversed></reverse_cctransaction>`,
    ),
    // Other receipts and deposits (russellkt/intacct-mcp-server docs/cash-management-other-receipts.md,
    // docs/cash-management-deposits.md): into the demo's US checking account or undeposited funds.
    record_otherreceipt: fc
      .tuple(idOf('GLACCOUNT'), fc.boolean())
      .map(
        ([g, bank]) =>
          `<record_otherreceipt><paymentdate>${date}</paymentdate>${tag('payee', 'Isolation')}<receiveddate>${date}</receiveddate>${tag('paymentmethod', 'Cash')}${bank ? tag('bankaccountid', 'BOA-CHK-1000') : tag('undepglaccountno', esc(g))}<receiptitems><lineitem>${tag('glaccountno', esc(g))}${tag('amount', '2.50')}</lineitem></receiptitems></record_otherreceipt>`,
      ),
    update_otherreceipt: keyOf('OTHERRECEIPTS').map(
      (k) => `<update_otherreceipt key="${k}">${tag('description', 'Updated by isolation')}</update_otherreceipt>`,
    ),
    delete_otherreceipt: keyOf('OTHERRECEIPTS').map((k) => `<delete_otherreceipt key="${k}"></delete_otherreceipt>`),
    record_deposit: keyOf('OTHERRECEIPTS').map(
      (k) =>
        `<record_deposit>${tag('bankaccountid', 'BOA-CHK-1000')}<depositdate>${date}</depositdate>${tag('depositid', fresh())}<receiptkeys>${tag('receiptkey', k)}</receiptkeys></record_deposit>`,
    ),
    // Attachments (russellkt/intacct-mcp-server docs/company-console-attachments.md): the files' data is base64.
    create_supdoc: idOf('SUPDOCFOLDER').map(
      (f) =>
        `<create_supdoc>${tag('supdocid', fresh())}${tag('supdocfoldername', esc(f))}<attachments><attachment>${tag('attachmentname', 'iso')}${tag('attachmenttype', 'txt')}${tag('attachmentdata', 'aXNvbGF0aW9u')}</attachment></attachments></create_supdoc>`,
    ),
    update_supdoc: idOf('SUPDOC').map(
      (k) =>
        `<update_supdoc>${tag('supdocid', esc(k))}${tag('supdocdescription', 'Updated by isolation')}<attachments><attachment>${tag('attachmentname', fresh())}${tag('attachmenttype', 'txt')}${tag('attachmentdata', 'aXNv')}</attachment></attachments></update_supdoc>`,
    ),
    delete_supdoc: idOf('SUPDOC').map((k) => `<delete_supdoc key="${esc(k)}"/>`),
    create_supdocfolder: fc
      .constant(0)
      .map(() => `<create_supdocfolder>${tag('supdocfoldername', fresh())}</create_supdocfolder>`),
    update_supdocfolder: idOf('SUPDOCFOLDER').map(
      (k) =>
        `<update_supdocfolder>${tag('supdocfoldername', esc(k))}${tag('supdocfolderdescription', 'Updated by isolation')}</update_supdocfolder>`,
    ),
    delete_supdocfolder: idOf('SUPDOCFOLDER').map((k) => `<delete_supdocfolder key="${esc(k)}"/>`),
    get: fc
      .constantFrom(['supdoc', 'SUPDOC'] as const, ['supdocfolder', 'SUPDOCFOLDER'] as const)
      .chain(([name, o]) => idOf(o).map((k) => `<get object="${name}" key="${esc(k)}"/>`)),
    get_list: fc
      .tuple(fc.constantFrom('supdoc', 'supdocfolder'), fc.boolean())
      .map(
        ([name, filtered]) =>
          `<get_list object="${name}">${filtered ? tag('filter', tag('expression', tag('field', name === 'supdoc' ? 'supdocid' : 'name') + tag('operator', 'like') + tag('value', '%'))) : ''}</get_list>`,
      ),
    create_expensereport: fc
      .tuple(idOf('EMPLOYEE'), idOf('GLACCOUNT'))
      .map(
        ([e, g]) =>
          `<create_expensereport>${tag('employeeid', esc(e))}<datecreated>${date}</datecreated><expenses><expense>${tag('glaccountno', esc(g))}${tag('amount', '4.75')}</expense></expenses></create_expensereport>`,
      ),
    update_expensereport: keyOf('EEXPENSES').map(
      (k) => `<update_expensereport key="${k}">${tag('memo', 'Updated by isolation')}</update_expensereport>`,
    ),
    reverse_expensereport: keyOf('EEXPENSES').map(
      (k) => `<reverse_expensereport key="${k}"><datereversed>${date}</datereversed></reverse_expensereport>`,
    ),
    delete_expensereport: keyOf('EEXPENSES').map((k) => `<delete_expensereport key="${k}"/>`),
    // Most pairs name another employee's report or a spent one and are refused; the rest pay part of a report.
    create_reimbursementrequest: fc
      .tuple(idOf('EMPLOYEE'), keyOf('EEXPENSES'), fc.constantFrom('BOA-CHK-1000', 'BARCLAYS-GBP-1050'))
      .map(
        ([e, k, b]) =>
          `<create_reimbursementrequest>${tag('bankaccountid', b)}${tag('employeeid', esc(e))}${tag('paymentmethod', 'Printed Check')}<paymentdate>${date}</paymentdate><eppaymentrequestitems><eppaymentrequestitem>${tag('key', k)}${tag('paymentamount', '1.00')}</eppaymentrequestitem></eppaymentrequestitems></create_reimbursementrequest>`,
      ),
    create_expenseadjustmentreport: fc
      .tuple(idOf('EMPLOYEE'), idOf('GLACCOUNT'))
      .map(
        ([e, g]) =>
          `<create_expenseadjustmentreport>${tag('employeeid', esc(e))}<datecreated>${date}</datecreated><expenseadjustments><expenseadjustment>${tag('glaccountno', esc(g))}${tag('amount', '1.25')}</expenseadjustment></expenseadjustments></create_expenseadjustmentreport>`,
      ),
    update_expenseadjustmentreport: keyOf('EXPENSEADJUSTMENTS').map(
      (k) =>
        `<update_expenseadjustmentreport key="${k}">${tag('description', 'Updated by isolation')}</update_expenseadjustmentreport>`,
    ),
    delete_expenseadjustmentreport: keyOf('EXPENSEADJUSTMENTS').map(
      (k) => `<delete_expenseadjustmentreport key="${k}"/>`,
    ),
    create_apadjustment: fc
      .tuple(idOf('VENDOR'), idOf('GLACCOUNT'), fc.constantFrom('-3.50', '3.50'))
      .map(
        ([v, g, amount]) =>
          `<create_apadjustment>${tag('vendorid', esc(v))}<datecreated>${date}</datecreated><apadjustmentitems><lineitem>${tag('glaccountno', esc(g))}${tag('amount', amount)}</lineitem></apadjustmentitems></create_apadjustment>`,
      ),
    update_apadjustment: keyOf('APADJUSTMENT').map(
      (k) =>
        `<update_apadjustment key="${k}"><datecreated>${date}</datecreated>${tag('description', 'Updated by isolation')}</update_apadjustment>`,
    ),
    delete_apadjustment: keyOf('APADJUSTMENT').map((k) => `<delete_apadjustment key="${k}"/>`),
    create_aradjustment: fc
      .tuple(idOf('CUSTOMER'), idOf('GLACCOUNT'), fc.constantFrom('-2.25', '2.25'))
      .map(
        ([c, g, amount]) =>
          `<create_aradjustment>${tag('customerid', esc(c))}<datecreated>${date}</datecreated><aradjustmentitems><lineitem>${tag('glaccountno', esc(g))}${tag('amount', amount)}</lineitem></aradjustmentitems></create_aradjustment>`,
      ),
    update_aradjustment: keyOf('ARADJUSTMENT').map(
      (k) => `<update_aradjustment key="${k}">${tag('description', 'Updated by isolation')}</update_aradjustment>`,
    ),
    delete_aradjustment: keyOf('ARADJUSTMENT').map((k) => `<delete_aradjustment key="${k}"/>`),
    delete_statglaccount: idOf('STATACCOUNT').map((k) => `<delete_statglaccount glaccountno="${esc(k)}"/>`),
    delete_allocation: idOf('ALLOCATION').map((k) => `<delete_allocation key="${esc(k)}"/>`),
    hold: keyOf('CONTRACTDETAIL').map(
      (k) =>
        `<hold><CONTRACTDETAIL>${tag('RECORDNO', k)}<ASOFDATE>06/01/2026</ASOFDATE>${tag('BILLING', 'true')}</CONTRACTDETAIL></hold>`,
    ),
    resume: keyOf('CONTRACTDETAIL').map(
      (k) =>
        `<resume><CONTRACTDETAIL>${tag('RECORDNO', k)}<ASOFDATE>07/01/2026</ASOFDATE>${tag('BILLING', 'true')}</CONTRACTDETAIL></resume>`,
    ),
    // A summary alone, or holding a bill or invoice created into it (api.xsd: create_billbatch … create_bill*).
    create_billbatch: fc
      .tuple(idOf('VENDOR'), idOf('GLACCOUNT'), fc.boolean())
      .map(
        ([v, g, withBill]) =>
          `<create_billbatch>${tag('batchtitle', fresh())}<datecreated>${date}</datecreated>${withBill ? `<create_bill>${tag('vendorid', esc(v))}<datecreated>${date}</datecreated><billitems><lineitem>${tag('glaccountno', esc(g))}${tag('amount', '4.25')}</lineitem></billitems></create_bill>` : ''}</create_billbatch>`,
      ),
    create_invoicebatch: fc
      .tuple(idOf('CUSTOMER'), idOf('GLACCOUNT'), fc.boolean())
      .map(
        ([c, g, withInvoice]) =>
          `<create_invoicebatch>${tag('batchtitle', fresh())}<datecreated>${date}</datecreated>${withInvoice ? `<create_invoice>${tag('customerid', esc(c))}<datecreated>${date}</datecreated><invoiceitems><lineitem>${tag('glaccountno', esc(g))}${tag('amount', '4.25')}</lineitem></invoiceitems></create_invoice>` : ''}</create_invoicebatch>`,
      ),
    // The summaries that hold no documents (the AR and AP summaries references, the expense summaries reference).
    create_apadjustmentbatch: fc
      .constant(0)
      .map(
        () =>
          `<create_apadjustmentbatch>${tag('batchtitle', fresh())}<datecreated>${date}</datecreated></create_apadjustmentbatch>`,
      ),
    create_aradjustmentbatch: fc
      .constant(0)
      .map(
        () =>
          `<create_aradjustmentbatch>${tag('batchtitle', fresh())}<datecreated>${date}</datecreated></create_aradjustmentbatch>`,
      ),
    create_arpaymentbatch: fc
      .tuple(idOf('GLACCOUNT'), fc.boolean())
      .map(
        ([g, undeposited]) =>
          `<create_arpaymentbatch>${tag('batchtitle', fresh())}${undeposited ? tag('undepfundsacct', esc(g)) : tag('bankaccountid', 'BOA')}<datecreated>${date}</datecreated></create_arpaymentbatch>`,
      ),
    create_expensereportbatch: fc
      .constant(0)
      .map(
        () =>
          `<create_expensereportbatch>${tag('batchtitle', fresh())}<datecreated>${date}</datecreated></create_expensereportbatch>`,
      ),
    promote: jobId.map((j) => `<promote><JOBQUEUERECORD>${tag('JOBID', j)}</JOBQUEUERECORD></promote>`),
    cancel: jobId.map((j) => `<cancel><JOBQUEUERECORD>${tag('JOBID', j)}</JOBQUEUERECORD></cancel>`),
    getDimensions: fc.constant('<getDimensions/>'),
    getDimensionRelationships: fc.constant('<getDimensionRelationships/>'),
  };
  const legacyDeleted: Record<string, string> = {
    delete_vendor: 'VENDOR',
    delete_customer: 'CUSTOMER',
    delete_contact: 'CONTACT',
    delete_department: 'DEPARTMENT',
    delete_location: 'LOCATION',
    delete_class: 'CLASS',
    delete_project: 'PROJECT',
    delete_employee: 'EMPLOYEE',
    delete_item: 'ITEM',
    delete_task: 'TASK',
    delete_bill: 'APBILL',
    delete_invoice: 'ARINVOICE',
    delete_glaccount: 'GLACCOUNT',
  };
  for (const [fn, o] of Object.entries(legacyDeleted)) {
    const byRecordNo = fn === 'delete_bill' || fn === 'delete_invoice';
    xmlFunctions[fn] = (byRecordNo ? keyOf(o) : idOf(o)).map((k) => `<${fn} key="${esc(k)}"/>`);
  }

  // Reads carry the markers: half the functions sent are reads, the other half every other function.
  const xmlFunctionName = fc.oneof(
    fc.constantFrom(...XML_READS),
    fc.constantFrom(...Object.keys(xmlFunctions).filter((f) => !XML_READS.includes(f))),
  );
  const xmlRequest = fc
    .tuple(fc.array(xmlFunctionName, { minLength: 1, maxLength: 3 }), fc.boolean())
    .chain(([names, transaction]) =>
      fc.tuple(...names.map((n) => xmlFunctions[n]!)).map((fns) => ({ names, fns, transaction })),
    );

  const restObject = fc.constantFrom(...restObjects);
  const restWritable = fc.constantFrom(...Object.keys(WRITABLE));
  const entityName = fc.constantFrom('demo', 'demo2');
  const get = (path: string) => fc.constant<Req>({ method: 'GET', path });
  const viewKey = fc.integer({ min: 1, max: 12 });

  // Every route of the server: keyed `METHOD url` as Fastify registered it; HEAD routes reuse their GET's request.
  const routes: Record<string, fc.Arbitrary<Req>> = {
    'GET /healthz': get('/healthz'),
    'GET /': get('/'),
    'GET /console/app.js': get('/console/app.js'),
    'GET /console/app.css': get('/console/app.css'),
    'GET /ia/api/v1/openapi.json': get('/ia/api/v1/openapi.json'),
    'POST /console/api/session': fc.constantFrom('US', 'UK', 'PRIV', '').map((e) => ({
      method: 'POST',
      path: '/console/api/session',
      body: json({
        entityId: e,
        ...{ senderId: 'ledgerq', senderPassword: 'ledgerq' },
        ...{ clientId: 'ledgerq-demo', clientSecret: 'ledgerq-demo' },
      }),
    })),
    'POST /console/api/explain': restObject.map((o) => ({
      method: 'POST',
      path: '/console/api/explain',
      body: json({ query: json({ object: o.restName, fields: restFieldsOf(o) }) }),
    })),
    'GET /console/api/objects': get('/console/api/objects'),
    'GET /metrics': get('/metrics'),
    'POST /ia/api/v1/oauth2/token': fc.constantFrom('', '|US', '|UK', '|PRIV').map((e) => tokenRequest(e)),
    'POST /ia/api/v1/oauth2/revoke': fc
      .string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 8, maxLength: 40 })
      .map((t) => ({
        method: 'POST',
        path: '/ia/api/v1/oauth2/revoke',
        body: json({ client_id: 'ledgerq-demo', client_secret: 'ledgerq-demo', token: t }),
      })),
    'POST /ia/api/v1/services/core/query': fc.tuple(restObject, fc.boolean()).chain(([o, filtered]) =>
      (filtered && pools.ids[o.xmlName]?.length
        ? idOf(o.xmlName).map((v) => [{ $eq: { id: v } }])
        : fc.constant([])
      ).map((filters) => ({
        method: 'POST',
        path: '/ia/api/v1/services/core/query',
        body: json({ object: o.restName, fields: restFieldsOf(o), filters, size: 50 }),
      })),
    ),
    // User views: keys are numbered per company, so a small key hits another company's views as often as the caller's.
    'POST /ia/api/v1/services/core/view': fc.tuple(viewKey, fc.constantFrom(undefined, 1, 5)).map(([k, size]) => ({
      method: 'POST',
      path: '/ia/api/v1/services/core/view',
      body: json({ key: String(k), viewType: 'user', ...(size ? { size } : {}) }),
    })),
    'GET /ia/api/v1/objects/core/user-view': get('/ia/api/v1/objects/core/user-view'),
    'GET /ia/api/v1/objects/core/user-view/:key': viewKey.map((k) => ({
      method: 'GET',
      path: `/ia/api/v1/objects/core/user-view/${k}`,
    })),
    'POST /ia/api/v1/objects/core/user-view': fc.tuple(restObject, fc.boolean()).map(([o, isPublic]) => ({
      method: 'POST',
      path: '/ia/api/v1/objects/core/user-view',
      body: json({ name: fresh(), isPublic, query: { object: o.restName, fields: restFieldsOf(o) } }),
    })),
    'PATCH /ia/api/v1/objects/core/user-view/:key': viewKey.map((k) => ({
      method: 'PATCH',
      path: `/ia/api/v1/objects/core/user-view/${k}`,
      body: json({ description: 'Patched by isolation' }),
    })),
    'DELETE /ia/api/v1/objects/core/user-view/:key': viewKey.map((k) => ({
      method: 'DELETE',
      path: `/ia/api/v1/objects/core/user-view/${k}`,
    })),
    'GET /ia/api/v1/services/core/model': restObject.map((o) => ({
      method: 'GET',
      path: `/ia/api/v1/services/core/model?name=${o.restName}`,
    })),
    'GET /ia/api/v1/services/core/session/id': get('/ia/api/v1/services/core/session/id'),
    'GET /ia/api/v1/services/company-config/dimensions/list': get('/ia/api/v1/services/company-config/dimensions/list'),
    // A document sequence's next value (spec/company-configuration.json generate-next-value), by key or by id.
    'POST /ia/api/v1/services/company-config/document-sequence/generate-next-value': fc
      .tuple(keyOf('SEQUENCE'), idOf('SEQUENCE'), fc.boolean())
      .map(([k, id, byKey]) => ({
        method: 'POST',
        path: '/ia/api/v1/services/company-config/document-sequence/generate-next-value',
        body: json(byKey ? { key: String(k) } : { id }),
      })),
    'GET /ia/api/v1/objects/:module/:object': restObject.map((o) => ({
      method: 'GET',
      path: `/ia/api/v1/objects/${o.restName}`,
    })),
    'GET /ia/api/v1/objects/:module/:object/:key': fc
      .constantFrom(...POOLED.filter((o) => catalog.objects.find((x) => x.xmlName === o)?.restName))
      .chain((o) =>
        keyOf(o).map((k) => ({
          method: 'GET',
          path: `/ia/api/v1/objects/${catalog.objects.find((x) => x.xmlName === o)!.restName}/${k}`,
        })),
      ),
    'POST /ia/api/v1/objects/:module/:object': fc.constantFrom('VENDOR', 'CUSTOMER', 'DEPARTMENT', 'CLASS').map((o) => {
      const w = WRITABLE[o]!;
      const id = fresh();
      return {
        method: 'POST',
        path: `/ia/api/v1/objects/${w.rest}`,
        body: json({ id, [w.restText]: `Isolation ${id}` }),
      };
    }),
    'PATCH /ia/api/v1/objects/:module/:object/:key': restWritable.chain((o) =>
      keyOf(o).map((k) => ({
        method: 'PATCH',
        path: `/ia/api/v1/objects/${WRITABLE[o]!.rest}/${k}`,
        body: json({ [WRITABLE[o]!.restText]: 'Patched by isolation' }),
      })),
    ),
    'DELETE /ia/api/v1/objects/:module/:object/:key': restWritable.chain((o) =>
      keyOf(o).map((k) => ({ method: 'DELETE', path: `/ia/api/v1/objects/${WRITABLE[o]!.rest}/${k}` })),
    ),
    'POST /ia/xml/xmlgw.phtml': fc.constant({ method: 'POST', path: '/ia/xml/xmlgw.phtml' }),
    'POST /jobs/exports': pooled.map((o) => ({ method: 'POST', path: '/jobs/exports', body: json({ object: o }) })),
    'POST /jobs/reports': restObject.map((o) => ({
      method: 'POST',
      path: '/jobs/reports',
      body: json({ query: { object: o.restName, fields: restFieldsOf(o) } }),
    })),
    'GET /jobs/schedules': get('/jobs/schedules'),
    'POST /jobs/schedules': restObject.map((o) => ({
      method: 'POST',
      path: '/jobs/schedules',
      body: json({ name: fresh(), cron: '0 3 * * *', query: { object: o.restName, fields: restFieldsOf(o) } }),
    })),
    'DELETE /jobs/schedules/:name': pick(pools.scheduleNames).map((n) => ({
      method: 'DELETE',
      path: `/jobs/schedules/${n}`,
    })),
    'GET /jobs/:jobId': jobId.map((j) => ({ method: 'GET', path: `/jobs/${j}` })),
    'GET /jobs/:jobId/result': fc
      .tuple(jobId, fc.constantFrom('csv', 'json'))
      .map(([j, f]) => ({ method: 'GET', path: `/jobs/${j}/result?format=${f}` })),
    'POST /jobs/imports/': fc.constantFrom('DEPARTMENT', 'VENDOR', 'CLASS').map((o) => {
      const w = WRITABLE[o]!;
      const id = fresh();
      return {
        method: 'POST',
        path: `/jobs/imports?object=${o}`,
        body: `${w.id},${w.text}\n${id},Imported ${id}\n`,
        contentType: 'text/csv',
      };
    }),
    'GET /jobs/imports/:jobId': jobId.map((j) => ({ method: 'GET', path: `/jobs/imports/${j}` })),
    'GET /jobs/imports/:jobId/errors.csv': jobId.map((j) => ({ method: 'GET', path: `/jobs/imports/${j}/errors.csv` })),
    'GET /jobs/callbacks': get('/jobs/callbacks'),
    'GET /ledgerq/admin/meter': entityName.map((c) => ({ method: 'GET', path: `/ledgerq/admin/meter?company=${c}` })),
    'GET /ledgerq/admin/journal': entityName.map((c) => ({
      method: 'GET',
      path: `/ledgerq/admin/journal?company=${c}`,
    })),
    'DELETE /ledgerq/admin/journal': entityName.map((c) => ({
      method: 'DELETE',
      path: `/ledgerq/admin/journal?company=${c}`,
    })),
    'GET /ledgerq/admin/companies/:company/snapshots': entityName.map((c) => ({
      method: 'GET',
      path: `/ledgerq/admin/companies/${c}/snapshots`,
    })),
    'POST /ledgerq/admin/companies/:company/snapshots': entityName.map((c) => ({
      method: 'POST',
      path: `/ledgerq/admin/companies/${c}/snapshots`,
      body: json({ name: fresh() }),
    })),
    'POST /ledgerq/admin/companies/:company/snapshots/:name/restore': fc
      .tuple(entityName, pick(pools.snapshotNames))
      .map(([c, n]) => ({ method: 'POST', path: `/ledgerq/admin/companies/${c}/snapshots/${n}/restore`, body: '{}' })),
    'DELETE /ledgerq/admin/companies/:company/snapshots/:name': fc
      .tuple(entityName, pick(pools.snapshotNames))
      .map(([c, n]) => ({ method: 'DELETE', path: `/ledgerq/admin/companies/${c}/snapshots/${n}` })),
    'POST /ledgerq/admin/companies/:company/reset': entityName.map((c) => ({
      method: 'POST',
      path: `/ledgerq/admin/companies/${c}/reset`,
      body: '{}',
    })),
    'GET /ledgerq/admin/limits': entityName.map((c) => ({ method: 'GET', path: `/ledgerq/admin/limits?company=${c}` })),
    'PUT /ledgerq/admin/limits': entityName.map((c) => ({
      method: 'PUT',
      path: '/ledgerq/admin/limits',
      body: json({ company: c, set: { concurrency: 1 } }),
    })),
    'GET /ledgerq/admin/numbering': entityName.map((c) => ({
      method: 'GET',
      path: `/ledgerq/admin/numbering?company=${c}`,
    })),
    'PUT /ledgerq/admin/numbering': entityName.map((c) => ({
      method: 'PUT',
      path: '/ledgerq/admin/numbering',
      body: json({ company: c, object: 'VENDOR', sequence: { prefix: 'ISO-', digits: 4 } }),
    })),
    'GET /ledgerq/admin/security': entityName.map((c) => ({
      method: 'GET',
      path: `/ledgerq/admin/security?company=${c}`,
    })),
    'PUT /ledgerq/admin/security': entityName.map((c) => ({
      method: 'PUT',
      path: '/ledgerq/admin/security',
      body: json({ company: c, lockoutAttempts: 1 }),
    })),
    'GET /ledgerq/admin/faults': get('/ledgerq/admin/faults'),
    'POST /ledgerq/admin/faults': entityName.map((c) => ({
      method: 'POST',
      path: '/ledgerq/admin/faults',
      body: json({ company: c, status: 503, body: 'html' }),
    })),
    'DELETE /ledgerq/admin/faults': fc.constant({ method: 'DELETE', path: '/ledgerq/admin/faults' }),
    'DELETE /ledgerq/admin/faults/:id': fc
      .string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 4, maxLength: 12 })
      .map((id) => ({
        method: 'DELETE',
        path: `/ledgerq/admin/faults/${id}`,
      })),
  };
  return { xmlFunctions, xmlRequest, routes };
}

// ---- the test -------------------------------------------------------------------------------------------------------

/** sha256 of each company-keyed table's rows per company: `table company_key` → digest. */
async function digests(t: TestDatabase, tables: readonly TableSpec[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const table of tables) {
    if (UNWATCHED.has(table.name)) continue;
    const rows = await t.db.all<Record<string, unknown>>(sql`SELECT * FROM ${ident(table.name)}`);
    const by = new Map<string, string[]>();
    for (const r of rows) {
      const k = `${table.name} ${String(r.company_key)}`;
      const list = by.get(k) ?? [];
      list.push(JSON.stringify(r, (_k, v) => (typeof v === 'bigint' ? String(v) : v)));
      by.set(k, list);
    }
    for (const [k, list] of by) out.set(k, createHash('sha256').update(list.sort().join('\n')).digest('hex'));
  }
  return out;
}

describe.each(BACKENDS)('isolation over every route on %s', (backend) => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let base: string;
  let catalog: Catalog;
  let tables: TableSpec[];
  let companies: Record<'demo' | 'demo2', Company>;
  let pools: Pools;

  async function http(r: Req, a: Actor | null, token?: string) {
    const headers: Record<string, string> = {};
    if (a || token) headers.authorization = `Bearer ${token ?? a!.token}`;
    if (a?.narrowTo) headers['x-ia-api-param-entity'] = a.narrowTo;
    if (r.body !== undefined) headers['content-type'] = r.contentType ?? 'application/json';
    const res = await fetch(`${base}${r.path}`, { method: r.method, headers, body: r.body });
    return { status: res.status, text: await res.text() };
  }

  function xmlBody(a: Actor, fns: readonly string[], transaction: boolean): string {
    const login =
      tag('userid', a.userId) +
      tag('companyid', a.companyId) +
      tag('password', a.password) +
      (a.narrowTo ? tag('locationid', a.narrowTo) : '');
    return (
      '<?xml version="1.0" encoding="UTF-8"?><request><control><senderid>ledgerq</senderid><password>ledgerq</password>' +
      '<controlid>iso</controlid><uniqueid>false</uniqueid><dtdversion>3.0</dtdversion></control>' +
      `<operation transaction="${transaction}"><authentication>${tag('login', login)}</authentication><content>` +
      fns.map((f, i) => `<function controlid="f${i}">${f}</function>`).join('') +
      '</content></operation></request>'
    );
  }

  beforeAll(async () => {
    t = await createTestDatabase(backend);
    catalog = buildCatalog();
    await seedDemo(t.db, catalog, { size: 'small', seed: 1 });
    tables = companyKeyedTables(desiredSchema(catalog));
    companies = { demo: (await findCompany(t.db, 'demo'))!, demo2: (await findCompany(t.db, 'demo2'))! };
    await addUser(t.db, companies.demo, { userId: 'isous', password: 'isous', role: 'admin', entityId: 'US' });

    // Markers in every descriptive text column of every company's rows, per entity.
    for (const o of catalog.objects) {
      const fields = markedFields(o);
      if (fields.length === 0) continue;
      for (const c of Object.values(companies)) {
        const groups = o.entityScoped && c.companyId === 'demo' ? [null, ...DEMO_ENTITIES] : [null];
        for (const e of groups) {
          const m = ` ${marker(c.companyId, e)}`;
          const sets = fields.map((f) => sql`${ident(f.column!)} = COALESCE(${ident(f.column!)}, '') || ${p(m)}`);
          const where = !o.entityScoped
            ? sql``
            : e === null
              ? sql` AND entity_id IS NULL`
              : sql` AND entity_id = ${p(e)}`;
          await t.db.run(sql`UPDATE ${ident(o.table)} SET ${join(sets, ', ')} WHERE company_key = ${p(c.key)}${where}`);
        }
      }
    }

    app = buildApp({
      db: t.db,
      catalog,
      bodyLimit: 10 * 1024 * 1024,
      logger: false,
      adminToken: ADMIN_TOKEN,
      rateLimitPerMinute: 0,
    });
    base = await app.listen({ host: '127.0.0.1', port: 0 });
    for (const a of ACTORS) {
      const res = await http(tokenRequest(`${a.userId}@${a.companyId}`), null);
      expect(res.status, res.text).toBe(200);
      a.token = (JSON.parse(res.text) as { access_token: string }).access_token;
    }

    // Records of both companies and every entity to aim at, and one job, result, schedule and snapshot of each.
    const keys: Record<string, string[]> = {};
    const ids: Record<string, string[]> = {};
    for (const name of POOLED) {
      const o = catalog.objects.find((x) => x.xmlName === name)!;
      const keyCol = o.fields.find((f) => f.xmlId === o.keyField)!.column!;
      const idCol = o.idField ? o.fields.find((f) => f.xmlId === o.idField)!.column! : keyCol;
      const rows = await t.db.all<{ k: unknown; i: unknown; e: string | null }>(
        sql`SELECT ${ident(keyCol)} AS k, ${ident(idCol)} AS i, ${o.entityScoped ? sql`entity_id` : sql`NULL`} AS e FROM ${ident(o.table)} ORDER BY ${ident(keyCol)}`,
      );
      // A few of each company and entity (keys repeat across companies: each company numbers its own records).
      const seen = new Map<string, number>();
      const chosen = rows.filter((r) => {
        const g = `${r.e}`;
        const n = (seen.get(g) ?? 0) + 1;
        seen.set(g, n);
        return n <= 8;
      });
      keys[name] = [...new Set(chosen.map((r) => String(r.k)))];
      ids[name] = [...new Set(chosen.map((r) => String(r.i)))];
    }
    const jobIds: string[] = [];
    const resultIds: string[] = [];
    const scheduleNames: string[] = [];
    const snapshotNames: string[] = [];
    for (const a of ACTORS.filter((x) => x.userId === 'admin' && x.narrowTo === null)) {
      const report = await http(
        {
          method: 'POST',
          path: '/jobs/reports',
          body: json({ query: { object: 'accounts-payable/vendor', fields: ['id', 'name'] } }),
        },
        a,
      );
      jobIds.push((JSON.parse(report.text) as { jobId: string }).jobId);
      const imported = await http(
        {
          method: 'POST',
          path: '/jobs/imports?object=DEPARTMENT',
          body: `DEPARTMENTID,TITLE\n${fresh()},x\n`,
          contentType: 'text/csv',
        },
        a,
      );
      jobIds.push((JSON.parse(imported.text) as { jobId: string }).jobId);
      const name = `nightly-${a.companyId}`;
      const schedule = await http(
        {
          method: 'POST',
          path: '/jobs/schedules',
          body: json({ name, cron: '0 2 * * *', query: { object: 'accounts-payable/vendor', fields: ['id'] } }),
        },
        a,
      );
      expect(schedule.status, schedule.text).toBe(201);
      scheduleNames.push(name);
      const paged = await http(
        {
          method: 'POST',
          path: '/ia/xml/xmlgw.phtml',
          body: xmlBody(
            a,
            [
              '<readByQuery><object>VENDOR</object><fields>*</fields><query></query><pagesize>1</pagesize></readByQuery>',
            ],
            false,
          ),
          contentType: 'application/xml',
        },
        null,
      );
      resultIds.push(/<data [^>]*resultId="([^"]+)"/.exec(paged.text)![1]!);
      const snap = await http(
        {
          method: 'POST',
          path: `/ledgerq/admin/companies/${a.companyId}/snapshots`,
          body: json({ name: `iso-${a.companyId}` }),
        },
        null,
        ADMIN_TOKEN,
      );
      expect(snap.status, snap.text).toBe(201);
      snapshotNames.push(`iso-${a.companyId}`);
    }
    pools = { keys, ids, jobIds, resultIds, scheduleNames, snapshotNames };
    await t.db.execScript(changeLogScript(backend, tables));
  }, 300_000);

  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  it(
    `${REQUESTS} seeded random requests over every route: no answer shows, no write changes, what the caller may not see`,
    async () => {
      const { xmlFunctions, xmlRequest, routes } = requestArbitraries(catalog, pools);
      // Every route the server has, and every function the gateway serves, has a request here.
      const served = routeTable(app).map((r) => `${r.method === 'HEAD' ? 'GET' : r.method} ${r.url}`);
      expect(
        [...new Set(served)].filter((k) => !(k in routes)),
        'routes without a request generator',
      ).toEqual([]);
      expect(
        SERVED_FUNCTIONS.filter((f) => !(f in xmlFunctions)),
        'XML functions without a generator',
      ).toEqual([]);
      const headRoutes = new Set(
        routeTable(app)
          .filter((r) => r.method === 'HEAD')
          .map((r) => `GET ${r.url}`),
      );

      const before = await digests(t, tables);
      const keyCompany = new Map(Object.values(companies).map((c) => [String(c.key), c.companyId]));
      const tally = new Map<string, number>();
      const count = (k: string) => tally.set(k, (tally.get(k) ?? 0) + 1);
      let lastChange = 0;
      let visibleMarkers = 0;
      let succeeded = 0;
      let changesSeen = 0;
      const changedGroups = new Set<string>();

      const routeKey = fc.oneof(
        { weight: 2, arbitrary: fc.constantFrom(...Object.keys(routes)) },
        { weight: 1, arbitrary: fc.constantFrom(...REST_READS) },
        // The gateway carries seventy-odd functions behind one route (the attachment functions and legacy get/get_list
        // among them): two fifths of the requests, so that each is sent in a 1,000-request run.
        { weight: 2, arbitrary: fc.constant('POST /ia/xml/xmlgw.phtml') },
      );
      const request = routeKey.chain(
        (k): fc.Arbitrary<Planned> =>
          k === 'POST /ia/xml/xmlgw.phtml'
            ? xmlRequest.map((x): Planned => ({ key: k, xml: x, req: null, head: false }))
            : fc
                .tuple(routes[k]!, fc.boolean())
                .map(([req, head]): Planned => ({ key: k, xml: null, req, head: head && headRoutes.has(k) })),
      );

      const check = async (a: Actor, r: Planned): Promise<void> => {
        const forbidden = forbiddenMarkers(a);
        let res: { status: number; text: string };
        let label: string;
        if (r.xml) {
          label = `${a.name}: XML ${r.xml.names.join(', ')}`;
          count(r.key);
          for (const n of r.xml.names) count(`xml ${n}`);
          res = await http(
            {
              method: 'POST',
              path: '/ia/xml/xmlgw.phtml',
              body: xmlBody(a, r.xml.fns, r.xml.transaction),
              contentType: 'application/xml',
            },
            null,
          );
        } else {
          const req = r.head ? { method: 'HEAD', path: r.req!.path } : r.req!;
          label = `${a.name}: ${req.method} ${req.path}`;
          count(r.key);
          // Sign-ins prove themselves in the body: the actor's own user, asking for the entity the generator chose.
          let body = req.body;
          if (r.key === 'POST /console/api/session')
            body = json({ ...JSON.parse(body!), companyId: a.companyId, userId: a.userId, password: a.password });
          if (r.key === 'POST /ia/api/v1/oauth2/token') {
            const b = JSON.parse(body!) as { username: string };
            body = json({ ...b, username: `${a.userId}@${a.companyId}${b.username}`, password: a.password });
          }
          res = await http({ ...req, body }, a);
        }
        expect(res.status, `${label}\n${res.text.slice(0, 500)}`).toBeLessThan(500);
        const upper = res.text.toUpperCase();
        for (const m of forbidden) {
          expect(upper.includes(m), `${label} answered ${m}:\n${res.text.slice(0, 2000)}`).toBe(false);
        }
        if (ALL_MARKERS.some((m) => !forbidden.includes(m) && upper.includes(m))) visibleMarkers += 1;
        if (res.status < 300 && !res.text.includes('<status>failure</status>')) succeeded += 1;
        else count(`refused ${r.xml ? `XML ${r.xml.names.join(',')}` : r.key}`);

        const changes = await t.db.all<Change>(sql`SELECT * FROM iso_change WHERE id > ${p(lastChange)} ORDER BY id`);
        for (const c of changes) {
          lastChange = Math.max(lastChange, Number(c.id));
          changesSeen += 1;
          const company = keyCompany.get(String(c.company_key));
          changedGroups.add(`${c.tbl} ${String(c.company_key)}`);
          if (company === undefined) continue; // a server-level row (none are watched) or a company made since
          const foreignCompany = company !== a.companyId;
          // An administrator who narrowed itself to US may still sign in to another entity: its own sessions and tokens.
          const ownSignIn = a.narrowTo !== null && SIGN_IN_TABLES.has(c.tbl);
          const foreignEntity = a.entity !== null && c.entity_id !== null && c.entity_id !== a.entity && !ownSignIn;
          expect(foreignCompany || foreignEntity, `${label} changed ${c.tbl} of ${company}/${c.entity_id}`).toBe(false);
        }
      };
      await fc.assert(fc.asyncProperty(fc.constantFrom(...ACTORS), request, check), {
        numRuns: REQUESTS,
        seed: SEED,
        endOnFailure: true,
      });
      // A route or function the random run did not reach is sent once more, drawn from its own generator with the
      // run's seed, under the same checks: with seventy-odd functions behind one route, some seeds miss one.
      const unsent = [
        ...Object.keys(routes)
          .filter((k) => !tally.has(k))
          .map((k) => ({ key: k, xml: null, req: fc.sample(routes[k]!, { seed: SEED, numRuns: 1 })[0]!, head: false })),
        ...Object.keys(xmlFunctions)
          .filter((f) => !tally.has(`xml ${f}`))
          .map((f) => ({
            key: 'POST /ia/xml/xmlgw.phtml',
            xml: { names: [f], fns: fc.sample(xmlFunctions[f]!, { seed: SEED, numRuns: 1 }), transaction: false },
            req: null,
            head: false,
          })),
      ];
      for (const [i, r] of unsent.entries()) await check(ACTORS[i % ACTORS.length]!, r);

      console.info(
        `isolation on ${backend}: ${REQUESTS} requests, ${changesSeen} row changes in ${changedGroups.size} tables, ${succeeded} answered in full, markers the caller may see in ${visibleMarkers} answers`,
      );
      if (process.env.LEDGERQ_ISOLATION_TALLY)
        console.info(
          [...tally]
            .sort()
            .map(([k, n]) => `${n} ${k}`)
            .join('\n'),
        );

      // Every route and every XML function was exercised, writes happened, and the callers saw their own markers.
      const missing = [
        ...Object.keys(routes).filter((k) => !tally.has(k)),
        ...Object.keys(xmlFunctions).filter((f) => !tally.has(`xml ${f}`)),
      ];
      if (REQUESTS >= 1000) expect(missing, 'never sent').toEqual([]);
      expect(changesSeen).toBeGreaterThan(REQUESTS / 20);
      expect(visibleMarkers).toBeGreaterThan(REQUESTS / 20);

      // The triggers saw every change: any table whose rows changed for a company is one the log named.
      const after = await digests(t, tables);
      const differing = [...new Set([...before.keys(), ...after.keys()])].filter((k) => before.get(k) !== after.get(k));
      expect(differing.filter((k) => !changedGroups.has(k))).toEqual([]);
    },
    TIMEOUT_MS,
  );
});
