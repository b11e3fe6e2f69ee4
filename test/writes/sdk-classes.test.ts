// The SDK's create/update/delete classes for master data and dimensions: each record reads back equal through read, query and the REST objects API.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCatalog } from '../../src/catalog/catalog.ts';
import { BACKENDS } from '../support/databases.ts';
import { gatewayDatabase, IA, requestConfig, sdkClient, type Gateway, startGateway } from '../xml/support/gateway-harness.ts';
import { DEMO_CLIENT } from '../rest/rest-server.ts';

type Rec = Record<string, string>;
const F = IA.Functions;
const catalog = buildCatalog();

/** [object, build create, expected after create, build update, expected after update, build delete]. */
interface Case {
  readonly object: string;
  readonly id: string;
  readonly create: () => IA.Functions.IFunction;
  readonly created: Rec;
  readonly update: () => IA.Functions.IFunction;
  readonly updated: Rec;
  readonly remove: () => IA.Functions.IFunction;
}

const set = <T extends object>(o: T, props: Partial<T>): T => Object.assign(o, props);

const CASES: readonly Case[] = [
  {
    object: 'CUSTOMER', id: 'WCU-1',
    create: () => set(new F.AccountsReceivable.CustomerCreate(), { customerId: 'WCU-1', customerName: 'Write Customer', creditLimit: 500 }),
    created: { CUSTOMERID: 'WCU-1', NAME: 'Write Customer', CREDITLIMIT: '500', STATUS: 'active' },
    update: () => set(new F.AccountsReceivable.CustomerUpdate(), { customerId: 'WCU-1', customerName: 'Write Customer 2' }),
    updated: { NAME: 'Write Customer 2' },
    remove: () => set(new F.AccountsReceivable.CustomerDelete(), { customerId: 'WCU-1' }),
  },
  {
    object: 'CONTACT', id: 'Write Contact',
    create: () => set(new F.Company.ContactCreate(), { contactName: 'Write Contact', printAs: 'W. Contact', firstName: 'Wanda' }),
    created: { CONTACTNAME: 'Write Contact', PRINTAS: 'W. Contact', FIRSTNAME: 'Wanda' },
    update: () => set(new F.Company.ContactUpdate(), { contactName: 'Write Contact', lastName: 'Writer' }),
    updated: { LASTNAME: 'Writer' },
    remove: () => set(new F.Company.ContactDelete(), { contactName: 'Write Contact' }),
  },
  {
    object: 'LOCATION', id: 'WLOC',
    create: () => set(new F.Company.LocationCreate(), { locationId: 'WLOC', locationName: 'Write Location' }),
    created: { LOCATIONID: 'WLOC', NAME: 'Write Location' },
    update: () => set(new F.Company.LocationUpdate(), { locationId: 'WLOC', locationName: 'Write Location 2' }),
    updated: { NAME: 'Write Location 2' },
    remove: () => set(new F.Company.LocationDelete(), { locationId: 'WLOC' }),
  },
  {
    object: 'CLASS', id: 'WCLS',
    create: () => set(new F.Company.ClassCreate(), { classId: 'WCLS', className: 'Write Class' }),
    created: { CLASSID: 'WCLS', NAME: 'Write Class' },
    update: () => set(new F.Company.ClassUpdate(), { classId: 'WCLS', className: 'Write Class 2' }),
    updated: { NAME: 'Write Class 2' },
    remove: () => set(new F.Company.ClassDelete(), { classId: 'WCLS' }),
  },
  {
    // The category in its REST spelling: enum values are accepted in either spelling and stored in the XML one.
    object: 'PROJECT', id: 'WPRJ',
    create: () => set(new F.Projects.ProjectCreate(), { projectId: 'WPRJ', projectName: 'Write Project', projectCategory: 'internalBillable' }),
    created: { PROJECTID: 'WPRJ', NAME: 'Write Project', PROJECTCATEGORY: 'Internal Billable' },
    update: () => set(new F.Projects.ProjectUpdate(), { projectId: 'WPRJ', projectName: 'Write Project 2' }),
    updated: { NAME: 'Write Project 2' },
    remove: () => set(new F.Projects.ProjectDelete(), { projectId: 'WPRJ' }),
  },
];

async function viaQuery(g: Gateway, object: string, idField: string, id: string, fields: string[]): Promise<Rec[]> {
  const Q = IA.Functions.Common.NewQuery;
  const q = new Q.Query();
  q.assignFromObject(object);
  q.assignSelectFields(new Q.QuerySelect.SelectBuilder().addFields(fields).selects);
  q.assignFilter(new Q.QueryFilter.Filter(idField).equalTo(id));
  return (await sdkClient(g).execute(q, requestConfig())).getResult().data as Rec[];
}

async function viaRead(g: Gateway, object: string, recordNo: string): Promise<Rec | undefined> {
  const r = new IA.Functions.Common.Read();
  r.objectName = object;
  r.keys = [Number(recordNo)];
  return ((await sdkClient(g).execute(r, requestConfig())).getResult().data as Rec[])[0];
}

async function viaRest(g: Gateway, restName: string, key: string, token: string): Promise<Record<string, unknown> | null> {
  const res = await fetch(`http://127.0.0.1:${g.port}/ia/api/v1/objects/${restName}/${key}`, { headers: { authorization: `Bearer ${token}` } });
  return res.status === 200 ? ((await res.json()) as { 'ia::result': Record<string, unknown> })['ia::result'] : null;
}

for (const backend of BACKENDS) {
  describe(`SDK create/update/delete classes (${backend})`, () => {
    const { url, cleanup } = gatewayDatabase(backend);
    let g: Gateway;
    let token: string;
    beforeAll(async () => {
      g = await startGateway(url);
      const res = await fetch(`http://127.0.0.1:${g.port}/ia/api/v1/oauth2/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ grant_type: 'client_credentials', ...DEMO_CLIENT, username: 'admin@demo' }) });
      token = ((await res.json()) as { access_token: string }).access_token;
    });
    afterAll(async () => { await g?.close(); await cleanup(); });

    it.each(CASES)('$object: created, updated and deleted; read, query and REST agree', async (c) => {
      const o = catalog.require(c.object);
      const idField = o.idField!;
      await sdkClient(g).execute(c.create(), requestConfig());
      const fields = ['RECORDNO', ...Object.keys({ ...c.created, ...c.updated })];
      const [queried] = await viaQuery(g, c.object, idField, c.id, fields);
      expect(queried).toMatchObject(c.created);
      const recordNo = queried!.RECORDNO!;
      expect(await viaRead(g, c.object, recordNo)).toMatchObject(c.created);
      const rest = await viaRest(g, o.restName!, recordNo, token);
      expect(rest).toMatchObject({ key: recordNo, id: c.id });

      await sdkClient(g).execute(c.update(), requestConfig());
      expect((await viaQuery(g, c.object, idField, c.id, fields))[0]).toMatchObject(c.updated);
      expect(await viaRead(g, c.object, recordNo)).toMatchObject(c.updated);

      await sdkClient(g).execute(c.remove(), requestConfig());
      expect(await viaQuery(g, c.object, idField, c.id, fields)).toEqual([]);
      expect(await viaRest(g, o.restName!, recordNo, token)).toBeNull();
    });
  });
}
