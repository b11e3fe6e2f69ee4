// Test support for the write tests: read a record back through the SDK's query and read, and through the REST objects
// API, and compare the three; a sync client.

import { buildCatalog } from '../../src/catalog/catalog.ts';
import type { CatalogObject } from '../../src/catalog/types.ts';
import { DEMO_CLIENT } from '../rest/rest-server.ts';
import { expect } from 'vitest';
import {
  envelope,
  errorNumbers,
  IA,
  postRaw,
  rejection,
  requestConfig,
  sdkClient,
  sdkParse,
  type Gateway,
  type Login,
} from '../xml/support/gateway-harness.ts';

export type Rec = Record<string, string>;
export const catalog = buildCatalog();

export async function query(
  g: Gateway,
  object: string,
  fields: string[],
  field?: string,
  value?: string,
  pageSize = 100,
  login: Login = {},
): Promise<Rec[]> {
  const Q = IA.Functions.Common.NewQuery;
  const q = new Q.Query();
  q.assignFromObject(object);
  q.assignSelectFields(new Q.QuerySelect.SelectBuilder().addFields(fields).selects);
  if (field) q.assignFilter(new Q.QueryFilter.Filter(field).equalTo(value!));
  q.assignPageSize(pageSize);
  return (await sdkClient(g, login).execute(q, requestConfig())).getResult().data as Rec[];
}

/** query with docparid, as the reference's "Query and List Order Entry Transactions" and integrations send it. */
export async function queryDocs(
  g: Gateway,
  object: string,
  docparid: string,
  fields: string[],
  field: string,
  value: string,
): Promise<Rec[]> {
  const Q = IA.Functions.Common.NewQuery;
  const q = new Q.Query();
  q.assignFromObject(object);
  q.assignDocParId(docparid);
  q.assignSelectFields(new Q.QuerySelect.SelectBuilder().addFields(fields).selects);
  q.assignFilter(new Q.QueryFilter.Filter(field).equalTo(value));
  return (await sdkClient(g).execute(q, requestConfig())).getResult().data as Rec[];
}

export async function first(
  g: Gateway,
  object: string,
  fields: string[],
  field?: string,
  value?: string,
): Promise<Rec> {
  const [row] = await query(g, object, fields, field, value, 1);
  if (!row) throw new Error(`no ${object} row to start from`);
  return row;
}

/** The first GL account, location and department of the caller's company: what the write tests put on lines. */
export async function lineReferences(g: Gateway): Promise<{ account: string; location: string; department: string }> {
  return {
    account: (await first(g, 'GLACCOUNT', ['ACCOUNTNO'])).ACCOUNTNO!,
    location: (await first(g, 'LOCATION', ['LOCATIONID'])).LOCATIONID!,
    department: (await first(g, 'DEPARTMENT', ['DEPARTMENTID'])).DEPARTMENTID!,
  };
}

export async function read(g: Gateway, object: string, recordNo: string | number): Promise<Rec | undefined> {
  const r = new IA.Functions.Common.Read();
  r.objectName = object;
  r.keys = [Number(recordNo)];
  return ((await sdkClient(g).execute(r, requestConfig())).getResult().data as Rec[])[0];
}

/** A record as query selects `fields`, checked equal through read and readByQuery. */
export async function readAlike(g: Gateway, object: string, fields: string[], recordNo: string | number): Promise<Rec> {
  const [row] = await query(g, object, fields, 'RECORDNO', String(recordNo));
  expect(await read(g, object, recordNo)).toMatchObject(row!);
  const rbq = new IA.Functions.Common.ReadByQuery();
  rbq.objectName = object;
  rbq.query = new IA.Functions.Common.Query.QueryString(`RECORDNO = ${recordNo}`);
  rbq.fields = fields;
  const [viaRbq] = (await sdkClient(g).execute(rbq, requestConfig())).getResult().data as Rec[];
  expect(viaRbq).toMatchObject(row!);
  return row!;
}

/** The gateway's 'MM/DD/YYYY' date in REST's 'YYYY-MM-DD'. */
export const restDate = (d: string) => `${d.slice(6)}-${d.slice(0, 2)}-${d.slice(3, 5)}`;

export async function execute(
  g: Gateway,
  fn: IA.Functions.IFunction,
  login: Login = {},
): Promise<IA.Xml.Response.Result> {
  return (await sdkClient(g, login).execute(fn, requestConfig())).getResult();
}

/** A write refused as an invalid record: "Could not create … record!", then the error naming the element. */
/** One function posted as raw XML (the reference's examples, an integration's payload); its result as the SDK parses it. */
export async function postFunction(
  g: Gateway,
  fn: string,
  login: Login = {},
): Promise<{ status: string; key: string; errors: string[]; body: string }> {
  const res = await postRaw(g.loopback, envelope(`<function controlid="f">${fn}</function>`, { login }));
  expect(res.status).toBe(200);
  const r = sdkParse(res.body).results[0]!;
  return { status: r.status, key: r.key ?? '', errors: r.errors ?? [], body: res.body };
}

export async function expectWriteRefused(write: Promise<unknown>, message: RegExp): Promise<void> {
  const e = await rejection(write);
  expect(errorNumbers(e)).toEqual(['BL01001973', 'BL01001973']);
  expect(String(e.message)).toMatch(message);
}

export async function restToken(g: Gateway, username = 'admin@demo'): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${g.port}/ia/api/v1/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ grant_type: 'client_credentials', ...DEMO_CLIENT, username }),
  });
  return ((await res.json()) as { access_token: string }).access_token;
}

export async function restGet(
  g: Gateway,
  o: CatalogObject,
  key: string,
  token: string,
): Promise<Record<string, unknown> | null> {
  const res = await fetch(`http://127.0.0.1:${g.port}/ia/api/v1/objects/${o.restName}/${key}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return res.status === 200 ? ((await res.json()) as { 'ia::result': Record<string, unknown> })['ia::result'] : null;
}

/** The value at a REST path (`contacts.primary.name`) of a REST record. */
function at(record: Record<string, unknown>, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>(
      (node, k) => (node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[k] : undefined),
      record,
    );
}

/**
 * The XML values of a record as its REST form should show them: enums in their
 * REST spelling, numbers compared as numbers, booleans as booleans. Returns the
 * fields whose REST value differs, so a test can expect `[]`.
 */
export function restMismatches(o: CatalogObject, xml: Rec, rest: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const [name, value] of Object.entries(xml)) {
    const f = o.fields.find((x) => x.xmlId === name);
    if (!f?.restPath || f.hidden) continue;
    const got = at(rest, f.restPath);
    let same: boolean;
    // An empty XML element is a null value.
    if (value === '') {
      if (got !== null && got !== undefined) out.push(`${name}: xml empty rest ${f.restPath}=${JSON.stringify(got)}`);
      continue;
    }
    switch (f.type) {
      case 'enum':
        same = got === (f.enumValues?.find((e) => e.xml === value)?.rest ?? value);
        break;
      case 'integer':
      case 'decimal':
      case 'currency':
        same = got !== null && got !== undefined && Number(got) === Number(value);
        break;
      case 'boolean':
        same = String(got) === value;
        break;
      case 'date':
        // The gateway's MM/DD/YYYY is REST's YYYY-MM-DD.
        same = got === value || (/^\d\d\/\d\d\/\d{4}$/.test(value) && got === restDate(value));
        break;
      default:
        same = got === value;
    }
    if (!same) out.push(`${name}: xml ${JSON.stringify(value)} rest ${f.restPath}=${JSON.stringify(got)}`);
  }
  return out;
}

/** 'MM/DD/YYYY HH:MM:SS' (the gateway's datetime) → ISO, which sorts. */
export const iso = (s: string) => `${s.slice(6, 10)}-${s.slice(0, 2)}-${s.slice(3, 5)}T${s.slice(11)}Z`;

/**
 * The sync client the docs describe: WHENMODIFIED has whole seconds, so it asks
 * for `WHENMODIFIED >= watermark` (the highest WHENMODIFIED it has seen) and
 * drops rows it already holds with that same WHENMODIFIED.
 */
export class SyncClient {
  watermark = '';
  private readonly seen = new Map<string, string>();
  constructor(
    private readonly g: Gateway,
    private readonly object: string,
  ) {}

  async rows(condition: string): Promise<Rec[]> {
    const r = new IA.Functions.Common.ReadByQuery();
    r.objectName = this.object;
    r.fields = ['RECORDNO', 'WHENMODIFIED'];
    r.pageSize = 1000;
    r.query = new IA.Functions.Common.Query.QueryString(condition);
    return (await sdkClient(this.g).execute(r, requestConfig())).getResult().data as Rec[];
  }

  /** The RECORDNOs created or changed since the last call. */
  async sync(): Promise<string[]> {
    const rows = await this.rows(this.watermark ? `WHENMODIFIED >= '${this.watermark}'` : '');
    const changed = rows.filter((r) => this.seen.get(r.RECORDNO!) !== r.WHENMODIFIED).map((r) => r.RECORDNO!);
    for (const r of rows) {
      this.seen.set(r.RECORDNO!, r.WHENMODIFIED!);
      if (!this.watermark || iso(r.WHENMODIFIED!) > iso(this.watermark)) this.watermark = r.WHENMODIFIED!;
    }
    return changed.sort((a, b) => Number(a) - Number(b));
  }
}
