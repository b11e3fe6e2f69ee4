// Writes through the XML gateway as the official SDK sends them: create, update and delete read back through read and
// query; transactions; uniqueid; incremental sync; entities.

import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
  type Gateway,
  startGateway,
} from '../xml/support/gateway-harness.ts';
import { iso, restToken, SyncClient } from './write-harness.ts';

type Rec = Record<string, string>;

async function readOne(g: Gateway, object: string, key: string | number): Promise<Rec | undefined> {
  const r = new IA.Functions.Common.Read();
  r.objectName = object;
  r.keys = [Number(key)];
  const res = await sdkClient(g).execute(r, requestConfig());
  return (res.getResult().data as Rec[])[0];
}

async function queryWhere(g: Gateway, object: string, field: string, value: string, fields: string[]): Promise<Rec[]> {
  const Q = IA.Functions.Common.NewQuery;
  const q = new Q.Query();
  q.assignFromObject(object);
  q.assignSelectFields(new Q.QuerySelect.SelectBuilder().addFields(fields).selects);
  q.assignFilter(new Q.QueryFilter.Filter(field).equalTo(value));
  const res = await sdkClient(g).execute(q, requestConfig());
  return res.getResult().data as Rec[];
}

function resultsOf(body: string): { status: string; errors: string[] }[] {
  return [...body.matchAll(/<result>(.*?)<\/result>/gs)].map((m) => ({
    status: /<status>(\w+)<\/status>/.exec(m[1]!)![1]!,
    errors: [...m[1]!.matchAll(/<errorno>([^<]*)<\/errorno>/g)].map((e) => e[1]!),
  }));
}

for (const backend of BACKENDS) {
  describe(`XML gateway writes (${backend})`, () => {
    const { url, cleanup } = gatewayDatabase(backend);
    let g: Gateway;
    beforeAll(async () => {
      g = await startGateway(url);
    });
    afterAll(async () => {
      await g?.close();
      await cleanup();
    });

    it('VendorCreate, VendorUpdate and VendorDelete round-trip through read and query', async () => {
      const create = new IA.Functions.AccountsPayable.VendorCreate();
      create.vendorId = 'WV-1';
      create.vendorName = 'Write Test Vendor';
      create.creditLimit = 1250.5;
      create.paymentPriority = 'High';
      const res = await sdkClient(g).execute(create, requestConfig());
      const key = (res.getResult().data as Rec[])[0]!;
      expect(key.VENDORID).toBe('WV-1');
      const recordNo = key.RECORDNO!;

      const read = await readOne(g, 'VENDOR', recordNo);
      expect(read).toMatchObject({
        VENDORID: 'WV-1',
        NAME: 'Write Test Vendor',
        CREDITLIMIT: '1250.5',
        PAYMENTPRIORITY: 'high',
        STATUS: 'active',
      });
      expect(read!.WHENCREATED).toMatch(/^\d\d\/\d\d\/\d{4} \d\d:\d\d:\d\d$/);

      const update = new IA.Functions.AccountsPayable.VendorUpdate();
      update.vendorId = 'WV-1';
      update.vendorName = 'Renamed Vendor';
      update.active = false;
      await sdkClient(g).execute(update, requestConfig());
      expect(await queryWhere(g, 'VENDOR', 'VENDORID', 'WV-1', ['RECORDNO', 'NAME', 'STATUS'])).toEqual([
        { RECORDNO: recordNo, NAME: 'Renamed Vendor', STATUS: 'inactive' },
      ]);

      const del = new IA.Functions.AccountsPayable.VendorDelete();
      del.vendorId = 'WV-1';
      await sdkClient(g).execute(del, requestConfig());
      expect(await queryWhere(g, 'VENDOR', 'VENDORID', 'WV-1', ['RECORDNO'])).toEqual([]);
    });

    it('DepartmentCreate, DepartmentUpdate and DepartmentDelete round-trip', async () => {
      const create = new IA.Functions.Company.DepartmentCreate();
      create.departmentId = 'WD-1';
      create.departmentName = 'Write Dept';
      await sdkClient(g).execute(create, requestConfig());
      const update = new IA.Functions.Company.DepartmentUpdate();
      update.departmentId = 'WD-1';
      update.departmentName = 'Write Dept 2';
      await sdkClient(g).execute(update, requestConfig());
      expect(await queryWhere(g, 'DEPARTMENT', 'DEPARTMENTID', 'WD-1', ['TITLE'])).toEqual([{ TITLE: 'Write Dept 2' }]);
      const del = new IA.Functions.Company.DepartmentDelete();
      del.departmentId = 'WD-1';
      await sdkClient(g).execute(del, requestConfig());
      expect(await queryWhere(g, 'DEPARTMENT', 'DEPARTMENTID', 'WD-1', ['TITLE'])).toEqual([]);
    });

    it('generic create of several objects answers each key; RECORDNOs are new and distinct', async () => {
      const body = envelope(
        '<function controlid="c1"><create>' +
          '<DEPARTMENT><DEPARTMENTID>WD-2</DEPARTMENTID><TITLE>Two</TITLE></DEPARTMENT>' +
          '<CLASS><CLASSID>WC-2</CLASSID><NAME>Class two</NAME></CLASS>' +
          '</create></function>',
      );
      const ans = await postRaw(g.loopback, body);
      expect(resultsOf(ans.body)).toEqual([{ status: 'success', errors: [] }]);
      expect(ans.body).toMatch(
        /<data listtype="objects" count="2"><department><RECORDNO>\d+<\/RECORDNO><DEPARTMENTID>WD-2<\/DEPARTMENTID><\/department><class><RECORDNO>\d+<\/RECORDNO><CLASSID>WC-2<\/CLASSID><\/class><\/data>/,
      );
    });

    it('transaction="true": a failing function leaves nothing of the request applied', async () => {
      const body = envelope(
        '<function controlid="ok"><create><DEPARTMENT><DEPARTMENTID>WD-TX</DEPARTMENTID><TITLE>tx</TITLE></DEPARTMENT></create></function>' +
          '<function controlid="bad"><create><DEPARTMENT><TITLE>no id</TITLE></DEPARTMENT></create></function>',
        { transaction: true },
      );
      const ans = await postRaw(g.loopback, body);
      expect(resultsOf(ans.body)).toEqual([
        { status: 'aborted', errors: ['XL03000009'] },
        { status: 'failure', errors: ['BL01001973', 'BL01001973', 'XL03000009'] },
      ]);
      expect(await queryWhere(g, 'DEPARTMENT', 'DEPARTMENTID', 'WD-TX', ['TITLE'])).toEqual([]);
    });

    it('without a transaction each function stands alone', async () => {
      const body = envelope(
        '<function controlid="ok"><create><DEPARTMENT><DEPARTMENTID>WD-NT</DEPARTMENTID><TITLE>nt</TITLE></DEPARTMENT></create></function>' +
          '<function controlid="bad"><create><DEPARTMENT><TITLE>no id</TITLE></DEPARTMENT></create></function>',
      );
      const ans = await postRaw(g.loopback, body);
      expect(resultsOf(ans.body).map((r) => r.status)).toEqual(['success', 'failure']);
      expect(ans.body).toContain(
        '<status>failure</status><function>create</function><controlid>bad</controlid><data listtype="objects" count="0"/><errormessage>',
      );
      expect(await queryWhere(g, 'DEPARTMENT', 'DEPARTMENTID', 'WD-NT', ['TITLE'])).toEqual([{ TITLE: 'nt' }]);
    });

    // The error table (one case per kind of invalid write, XML and REST) is test/writes/error-table.test.ts.

    it('uniqueid=true refuses a repeated controlid, and of two racing copies exactly one is applied', async () => {
      const unique = (controlId: string, id: string) =>
        envelope(
          `<function controlid="u"><create><DEPARTMENT><DEPARTMENTID>${id}</DEPARTMENTID><TITLE>u</TITLE></DEPARTMENT></create></function>`,
          { controlId },
        ).replace('<uniqueid>false</uniqueid>', '<uniqueid>true</uniqueid>');
      const once = await postRaw(g.loopback, unique('ctl-once', 'WD-U1'));
      expect(resultsOf(once.body).map((r) => r.status)).toEqual(['success']);
      const again = await postRaw(g.loopback, unique('ctl-once', 'WD-U1B'));
      expect(again.body).toContain('<control><status>failure</status>');
      expect(again.body).toContain('<errorno>XL03000005</errorno>');
      expect(await queryWhere(g, 'DEPARTMENT', 'DEPARTMENTID', 'WD-U1B', ['TITLE'])).toEqual([]);

      const race = await Promise.all(
        Array.from({ length: 6 }, () => postRaw(g.loopback, unique('ctl-race', 'WD-RACE'))),
      );
      expect(race.filter((r) => r.body.includes('<status>success</status><function>create</function>'))).toHaveLength(
        1,
      );
      expect(race.filter((r) => r.body.includes('<control><status>failure</status>'))).toHaveLength(5);
      expect(await queryWhere(g, 'DEPARTMENT', 'DEPARTMENTID', 'WD-RACE', ['TITLE'])).toHaveLength(1);
    });

    it('concurrent creates get distinct record numbers', async () => {
      const posts = Array.from({ length: 8 }, (_, i) =>
        postRaw(
          g.loopback,
          envelope(
            `<function controlid="c"><create><CLASS><CLASSID>WC-P${i}</CLASSID><NAME>p</NAME></CLASS></create></function>`,
          ),
        ),
      );
      const bodies = (await Promise.all(posts)).map((a) => a.body);
      const recordNos = bodies.map((b) => /<RECORDNO>(\d+)<\/RECORDNO>/.exec(b)?.[1]);
      expect(recordNos.every(Boolean)).toBe(true);
      expect(new Set(recordNos).size).toBe(8);
    });

    const recordNoOf = (body: string) => /<RECORDNO>(\d+)<\/RECORDNO>/.exec(body)?.[1] ?? `no RECORDNO in ${body}`;
    const createDepartment = async (id: string) =>
      recordNoOf(
        (
          await postRaw(
            g.loopback,
            envelope(
              `<function controlid="s"><create><DEPARTMENT><DEPARTMENTID>${id}</DEPARTMENTID><TITLE>sync</TITLE></DEPARTMENT></create></function>`,
            ),
          )
        ).body,
      );
    const updateVendor = async (id: string, comments: string) =>
      recordNoOf(
        (
          await postRaw(
            g.loopback,
            envelope(
              `<function controlid="s"><update><VENDOR><VENDORID>${id}</VENDORID><COMMENTS>${comments}</COMMENTS></VENDOR></update></function>`,
            ),
          )
        ).body,
      );

    it('incremental sync: WHENMODIFIED >= the watermark returns exactly the records created or updated since, also two within one second', async () => {
      const departments = new SyncClient(g, 'DEPARTMENT');
      const vendors = new SyncClient(g, 'VENDOR');
      // The first sync is a full load.
      expect((await departments.sync()).length).toBeGreaterThan(0);
      const all = await vendors.sync();
      expect(all.length).toBeGreaterThan(0);
      expect(await departments.sync()).toEqual([]);

      const created = await createDepartment('WS-1');
      const vendorRows = await vendors.rows('');
      const vendorId = (
        await postRaw(
          g.loopback,
          envelope(
            `<function controlid="v"><read><object>VENDOR</object><keys>${vendorRows[0]!.RECORDNO}</keys><fields>VENDORID</fields></read></function>`,
          ),
        )
      ).body;
      const updated = await updateVendor(/<VENDORID>([^<]+)<\/VENDORID>/.exec(vendorId)![1]!, 'touched');
      expect(await departments.sync()).toEqual([created]);
      expect(await vendors.sync()).toEqual([updated]);
      expect(await departments.sync()).toEqual([]);
      expect(await vendors.sync()).toEqual([]);

      // Two writes in one second with a sync between them: `>=` plus the dedupe finds the second;
      // `>` on the watermark would miss it, since both carry the same whole-second WHENMODIFIED.
      await sleep(1000 - (Date.now() % 1000) + 20);
      const first = await createDepartment('WS-2');
      expect(await departments.sync()).toEqual([first]);
      const second = await createDepartment('WS-3');
      expect(await departments.sync()).toEqual([second]);
      const stamps = await departments.rows(`RECORDNO IN (${first}, ${second})`);
      if (stamps[0]!.WHENMODIFIED === stamps[1]!.WHENMODIFIED) {
        expect(
          (await departments.rows(`WHENMODIFIED > '${stamps[0]!.WHENMODIFIED}'`)).map((r) => r.RECORDNO),
        ).not.toContain(second);
      }

      // The REST query service agrees: audit.modifiedDateTime at or after the watermark (ISO) holds the last writes.
      const token = await restToken(g);
      const res = await fetch(`http://127.0.0.1:${g.port}/ia/api/v1/services/core/query`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          object: 'company-config/department',
          fields: ['key', 'audit.modifiedDateTime'],
          filters: [{ $gte: { 'audit.modifiedDateTime': iso(departments.watermark) } }],
        }),
      });
      const restBody = (await res.json()) as { 'ia::result': { key: string }[] };
      expect(res.status, JSON.stringify(restBody)).toBe(200);
      const restKeys = restBody['ia::result'].map((r) => r.key);
      expect(restKeys).toContain(second);
      expect(restKeys.every((k) => [first, second].includes(k))).toBe(true);
    });

    it('a record created inside an entity belongs to it, and another entity cannot change it', async () => {
      const us = await postRaw(
        g.loopback,
        envelope(
          '<function controlid="e"><create><VENDOR><VENDORID>WV-US</VENDORID><NAME>US vendor</NAME></VENDOR></create></function>',
          { login: { entityId: 'US' } },
        ),
      );
      expect(resultsOf(us.body).map((r) => r.status)).toEqual(['success']);
      expect(await queryWhere(g, 'VENDOR', 'VENDORID', 'WV-US', ['MEGAENTITYID', 'MEGAENTITYNAME'])).toEqual([
        { MEGAENTITYID: 'US', MEGAENTITYNAME: expect.any(String) },
      ]);
      const uk = await postRaw(
        g.loopback,
        envelope(
          '<function controlid="e"><update><VENDOR><VENDORID>WV-US</VENDORID><NAME>taken</NAME></VENDOR></update></function>',
          { login: { entityId: 'UK' } },
        ),
      );
      expect(resultsOf(uk.body)).toEqual([{ status: 'failure', errors: ['BL01001973', 'BL01001973'] }]);
      expect(await queryWhere(g, 'VENDOR', 'VENDORID', 'WV-US', ['NAME'])).toEqual([{ NAME: 'US vendor' }]);
    });

    it('the SDK sees a failed write as Intacct error BL01001973', async () => {
      const create = new IA.Functions.Company.DepartmentCreate();
      create.departmentId = 'WD-SDK';
      create.departmentName = 'x';
      create.parentDepartmentId = 'NO-SUCH-PARENT';
      const e = await rejection(sdkClient(g).execute(create, requestConfig()));
      expect(errorNumbers(e)).toEqual(['BL01001973', 'BL01001973']);
    });
  });
}
