// Writes through the XML gateway as the official SDK sends them: create, update and delete read back through read and query; transactions; the error table.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../support/databases.ts';
import {
  envelope, errorNumbers, gatewayDatabase, IA, postRaw, rejection, requestConfig, sdkClient, type Gateway, startGateway,
} from '../xml/support/gateway-harness.ts';

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
    beforeAll(async () => { g = await startGateway(url); });
    afterAll(async () => { await g?.close(); await cleanup(); });

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
      expect(read).toMatchObject({ VENDORID: 'WV-1', NAME: 'Write Test Vendor', CREDITLIMIT: '1250.5', PAYMENTPRIORITY: 'high', STATUS: 'active' });
      expect(read!.WHENCREATED).toMatch(/^\d\d\/\d\d\/\d{4} \d\d:\d\d:\d\d$/);

      const update = new IA.Functions.AccountsPayable.VendorUpdate();
      update.vendorId = 'WV-1';
      update.vendorName = 'Renamed Vendor';
      update.active = false;
      await sdkClient(g).execute(update, requestConfig());
      expect(await queryWhere(g, 'VENDOR', 'VENDORID', 'WV-1', ['RECORDNO', 'NAME', 'STATUS'])).toEqual([{ RECORDNO: recordNo, NAME: 'Renamed Vendor', STATUS: 'inactive' }]);

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
      const body = envelope('<function controlid="c1"><create>'
        + '<DEPARTMENT><DEPARTMENTID>WD-2</DEPARTMENTID><TITLE>Two</TITLE></DEPARTMENT>'
        + '<CLASS><CLASSID>WC-2</CLASSID><NAME>Class two</NAME></CLASS>'
        + '</create></function>');
      const ans = await postRaw(g.loopback, body);
      expect(resultsOf(ans.body)).toEqual([{ status: 'success', errors: [] }]);
      expect(ans.body).toMatch(/<data listtype="objects" count="2"><department><RECORDNO>\d+<\/RECORDNO><DEPARTMENTID>WD-2<\/DEPARTMENTID><\/department><class><RECORDNO>\d+<\/RECORDNO><CLASSID>WC-2<\/CLASSID><\/class><\/data>/);
    });

    it('transaction="true": a failing function leaves nothing of the request applied', async () => {
      const body = envelope('<function controlid="ok"><create><DEPARTMENT><DEPARTMENTID>WD-TX</DEPARTMENTID><TITLE>tx</TITLE></DEPARTMENT></create></function>'
        + '<function controlid="bad"><create><DEPARTMENT><TITLE>no id</TITLE></DEPARTMENT></create></function>', { transaction: true });
      const ans = await postRaw(g.loopback, body);
      expect(resultsOf(ans.body)).toEqual([
        { status: 'aborted', errors: ['XL03000009'] },
        { status: 'failure', errors: ['BL01001973', 'BL01001973', 'XL03000009'] },
      ]);
      expect(await queryWhere(g, 'DEPARTMENT', 'DEPARTMENTID', 'WD-TX', ['TITLE'])).toEqual([]);
    });

    it('without a transaction each function stands alone', async () => {
      const body = envelope('<function controlid="ok"><create><DEPARTMENT><DEPARTMENTID>WD-NT</DEPARTMENTID><TITLE>nt</TITLE></DEPARTMENT></create></function>'
        + '<function controlid="bad"><create><DEPARTMENT><TITLE>no id</TITLE></DEPARTMENT></create></function>');
      const ans = await postRaw(g.loopback, body);
      expect(resultsOf(ans.body).map((r) => r.status)).toEqual(['success', 'failure']);
      expect(ans.body).toContain('<status>failure</status><function>create</function><controlid>bad</controlid><data listtype="objects" count="0"/><errormessage>');
      expect(await queryWhere(g, 'DEPARTMENT', 'DEPARTMENTID', 'WD-NT', ['TITLE'])).toEqual([{ TITLE: 'nt' }]);
    });

    // One row per kind of invalid write: [rule, function XML, login user, text the specific error names].
    const ERROR_CASES: readonly (readonly [string, string, string, string])[] = [
      ['a required field is missing', '<create><VENDOR><NAME>x</NAME></VENDOR></create>', 'admin', 'Required field VENDORID of VENDOR is missing'],
      ['a read-only field is refused', '<create><VENDOR><VENDORID>WE-1</VENDORID><NAME>x</NAME><TOTALDUE>5</TOTALDUE></VENDOR></create>', 'admin', 'Field TOTALDUE of VENDOR is read-only'],
      ['an unknown field is refused', '<create><VENDOR><VENDORID>WE-2</VENDORID><NAME>x</NAME><NOPE>1</NOPE></VENDOR></create>', 'admin', 'NOPE is not a field of VENDOR'],
      ['a value of the wrong type', '<create><VENDOR><VENDORID>WE-3</VENDORID><NAME>x</NAME><CREDITLIMIT>lots</CREDITLIMIT></VENDOR></create>', 'admin', 'Invalid value for CREDITLIMIT'],
      ['an enum value in neither spelling', '<create><VENDOR><VENDORID>WE-4</VENDORID><NAME>x</NAME><PAYMENTPRIORITY>asap</PAYMENTPRIORITY></VENDOR></create>', 'admin', 'Invalid value for PAYMENTPRIORITY'],
      ['a reference to a record that does not exist', '<create><VENDOR><VENDORID>WE-5</VENDORID><NAME>x</NAME><TERMNAME>No such term</TERMNAME></VENDOR></create>', 'admin', "Invalid TERMNAME 'No such term'"],
      ['a duplicate ID', '<create><DEPARTMENT><DEPARTMENTID>WD-DUP</DEPARTMENTID><TITLE>a</TITLE></DEPARTMENT><DEPARTMENT><DEPARTMENTID>WD-DUP</DEPARTMENTID><TITLE>b</TITLE></DEPARTMENT></create>', 'admin', "with DEPARTMENTID 'WD-DUP' already exists"],
      ['an update of a record that does not exist', '<update><VENDOR><VENDORID>NOPE-404</VENDORID><NAME>x</NAME></VENDOR></update>', 'admin', "No VENDOR record with VENDORID 'NOPE-404' exists"],
      ['a read-only object', '<create><GLDETAIL><BATCHNO>1</BATCHNO></GLDETAIL></create>', 'admin', 'GLDETAIL records cannot be created'],
      ['a read-only user', '<create><DEPARTMENT><DEPARTMENTID>WD-RO</DEPARTMENTID><TITLE>x</TITLE></DEPARTMENT></create>', 'viewer', 'User viewer has read-only permissions'],
    ];
    it.each(ERROR_CASES)('error table: %s', async (_rule, fn, user, specific) => {
      const ans = await postRaw(g.loopback, envelope(`<function controlid="e">${fn}</function>`, { login: { userId: user, password: user } }));
      const [r] = resultsOf(ans.body);
      expect(r!.status).toBe('failure');
      expect(r!.errors).toEqual(['BL01001973', 'BL01001973']);
      expect(ans.body).toMatch(/<description2>Could not (create|update) \w+ record!<\/description2>/);
      expect(ans.body).toContain(specific);
    });

    it('uniqueid=true refuses a repeated controlid, and of two racing copies exactly one is applied', async () => {
      const unique = (controlId: string, id: string) => envelope(`<function controlid="u"><create><DEPARTMENT><DEPARTMENTID>${id}</DEPARTMENTID><TITLE>u</TITLE></DEPARTMENT></create></function>`, { controlId })
        .replace('<uniqueid>false</uniqueid>', '<uniqueid>true</uniqueid>');
      const once = await postRaw(g.loopback, unique('ctl-once', 'WD-U1'));
      expect(resultsOf(once.body).map((r) => r.status)).toEqual(['success']);
      const again = await postRaw(g.loopback, unique('ctl-once', 'WD-U1B'));
      expect(again.body).toContain('<control><status>failure</status>');
      expect(again.body).toContain('<errorno>XL03000005</errorno>');
      expect(await queryWhere(g, 'DEPARTMENT', 'DEPARTMENTID', 'WD-U1B', ['TITLE'])).toEqual([]);

      const race = await Promise.all(Array.from({ length: 6 }, () => postRaw(g.loopback, unique('ctl-race', 'WD-RACE'))));
      expect(race.filter((r) => r.body.includes('<status>success</status><function>create</function>'))).toHaveLength(1);
      expect(race.filter((r) => r.body.includes('<control><status>failure</status>'))).toHaveLength(5);
      expect(await queryWhere(g, 'DEPARTMENT', 'DEPARTMENTID', 'WD-RACE', ['TITLE'])).toHaveLength(1);
    });

    it('concurrent creates get distinct record numbers', async () => {
      const posts = Array.from({ length: 8 }, (_, i) => postRaw(g.loopback, envelope(`<function controlid="c"><create><CLASS><CLASSID>WC-P${i}</CLASSID><NAME>p</NAME></CLASS></create></function>`)));
      const bodies = (await Promise.all(posts)).map((a) => a.body);
      const recordNos = bodies.map((b) => /<RECORDNO>(\d+)<\/RECORDNO>/.exec(b)?.[1]);
      expect(recordNos.every(Boolean)).toBe(true);
      expect(new Set(recordNos).size).toBe(8);
    });

    it('incremental sync: WHENMODIFIED > last sync returns exactly the records written since', async () => {
      const since = new Date(Date.now() + 1000);
      await new Promise((r) => setTimeout(r, 2100 - (Date.now() % 1000)));
      const create = new IA.Functions.Company.DepartmentCreate();
      create.departmentId = 'WD-SYNC';
      create.departmentName = 'sync';
      await sdkClient(g).execute(create, requestConfig());
      const upd = new IA.Functions.AccountsPayable.VendorUpdate();
      const v = await queryWhere(g, 'VENDOR', 'STATUS', 'active', ['VENDORID']);
      upd.vendorId = v[0]!.VENDORID!;
      upd.comments = 'touched';
      await sdkClient(g).execute(upd, requestConfig());
      const pad = (n: number) => String(n).padStart(2, '0');
      const stamp = `${pad(since.getUTCMonth() + 1)}/${pad(since.getUTCDate())}/${since.getUTCFullYear()} ${pad(since.getUTCHours())}:${pad(since.getUTCMinutes())}:${pad(since.getUTCSeconds())}`;
      const changed = async (object: string, field: string) => {
        const r = new IA.Functions.Common.ReadByQuery();
        r.objectName = object;
        r.fields = [field];
        r.query = new IA.Functions.Common.Query.QueryString(`WHENMODIFIED > '${stamp}'`);
        return ((await sdkClient(g).execute(r, requestConfig())).getResult().data as Rec[]).map((x) => x[field]);
      };
      expect(await changed('DEPARTMENT', 'DEPARTMENTID')).toEqual(['WD-SYNC']);
      expect(await changed('VENDOR', 'VENDORID')).toEqual([upd.vendorId]);
    });

    it('a record created inside an entity belongs to it, and another entity cannot change it', async () => {
      const us = await postRaw(g.loopback, envelope('<function controlid="e"><create><VENDOR><VENDORID>WV-US</VENDORID><NAME>US vendor</NAME></VENDOR></create></function>', { login: { entityId: 'US' } }));
      expect(resultsOf(us.body).map((r) => r.status)).toEqual(['success']);
      expect(await queryWhere(g, 'VENDOR', 'VENDORID', 'WV-US', ['MEGAENTITYID', 'MEGAENTITYNAME'])).toEqual([{ MEGAENTITYID: 'US', MEGAENTITYNAME: expect.any(String) }]);
      const uk = await postRaw(g.loopback, envelope('<function controlid="e"><update><VENDOR><VENDORID>WV-US</VENDORID><NAME>taken</NAME></VENDOR></update></function>', { login: { entityId: 'UK' } }));
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
