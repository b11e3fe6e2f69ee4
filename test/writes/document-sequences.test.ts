// Document sequences (SEQUENCE, REST company-config/document-sequence) as Intacct's REST OpenAPI describes them
// (lorenz-bus-service/node-intacct-rest-api spec/company-configuration.json: objects.company-config.document-sequence,
// company-config-document-sequenceRequiredProperties) with the REST reference's examples (dgaretz-oss/intacct-mcp
// docs/rest/company-configuration.md: POST, PATCH, GET, DELETE /objects/company-config/document-sequence). The records
// are what ID auto-numbering reads and advances: a sequence changed through REST changes the next VENDORID a create
// without one gets (the create VENDOR reference: VENDORID "Required if company does not use document sequencing").

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../support/databases.ts';
import { gatewayDatabase, IA, startGateway, type Gateway } from '../xml/support/gateway-harness.ts';
import { execute, postFunction, query, type Rec, restToken } from './write-harness.ts';

const ADMIN = 'document-sequence-admin-token';
type Json = Record<string, unknown>;

for (const backend of BACKENDS) {
  describe(`document sequences (${backend})`, () => {
    const { url, cleanup } = gatewayDatabase(backend);
    let g: Gateway;
    let token: string;
    beforeAll(async () => {
      g = await startGateway(url, undefined, ADMIN);
      token = await restToken(g);
    });
    afterAll(async () => {
      await g?.close();
      await cleanup();
    });

    async function rest(method: string, path: string, body?: unknown): Promise<{ status: number; json: Json }> {
      const res = await fetch(`http://127.0.0.1:${g.port}/ia/api/v1/objects/company-config/document-sequence${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
      const text = await res.text();
      return { status: res.status, json: text ? (JSON.parse(text) as Json) : {} };
    }
    const result = (r: { json: Json }) => r.json['ia::result'] as Json;
    const byId = async (id: string) => {
      const list = (result(await rest('GET', '')) as unknown as { key: string; id: string }[]).find((s) => s.id === id);
      expect(list).toBeDefined();
      return result(await rest('GET', `/${list!.key}`));
    };
    async function bind(object: string, id: string) {
      const res = await fetch(`http://127.0.0.1:${g.port}/ledgerq/admin/numbering`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ company: 'demo', object, sequence: { id } }),
      });
      expect(res.status).toBe(200);
    }
    const newVendorId = async () => {
      const create = new IA.Functions.AccountsPayable.VendorCreate();
      create.vendorName = 'Numbered by sequence';
      return ((await execute(g, create)).data as Rec[])[0]!.VENDORID!;
    };

    it("the demo's vendor and customer sequences read through REST GET, the query service and XML query", async () => {
      const vendors = await query(g, 'VENDOR', ['VENDORID'], undefined, undefined, 2000);
      const highest = Math.max(
        ...vendors
          .map((v) => v.VENDORID!)
          .filter((id) => /^V-\d{4}$/.test(id))
          .map((id) => Number(id.slice(2))),
      );
      const vendor = await byId('VENDOR');
      expect(vendor).toMatchObject({
        id: 'VENDOR',
        printTitle: 'Vendor',
        type: 'numeric',
        fixedPrefix: 'V-',
        fixedLength: '4',
        startingNumber: 1,
        nextNumber: highest + 1,
        status: 'active',
        href: `/objects/company-config/document-sequence/${vendor.key}`,
      });
      expect(await byId('CUSTOMER')).toMatchObject({ fixedPrefix: 'C-', fixedLength: '5', type: 'numeric' });
      // XML query of the same records (the XML name SEQUENCE is inferred: the XML reference has no page for it).
      const xml = await query(g, 'SEQUENCE', ['TITLE', 'FIXEDPREFIX', 'NEXTNUMBER'], 'TITLE', 'VENDOR');
      expect(xml).toEqual([{ TITLE: 'VENDOR', FIXEDPREFIX: 'V-', NEXTNUMBER: String(highest + 1) }]);
      // REST query service.
      const q = await fetch(`http://127.0.0.1:${g.port}/ia/api/v1/services/core/query`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          object: 'company-config/document-sequence',
          fields: ['id', 'nextNumber'],
          filters: [{ $eq: { id: 'CUSTOMER' } }],
        }),
      });
      expect(q.status).toBe(200);
      expect(((await q.json()) as Json)['ia::result']).toEqual([
        { id: 'CUSTOMER', nextNumber: (await byId('CUSTOMER')).nextNumber },
      ]);
      // demo2 has its own.
      const demo2 = await query(g, 'SEQUENCE', ['TITLE', 'FIXEDPREFIX'], undefined, undefined, 100, {
        companyId: 'demo2',
      });
      expect(demo2).toEqual(
        expect.arrayContaining([
          { TITLE: 'VENDOR', FIXEDPREFIX: 'SUP' },
          { TITLE: 'CUSTOMER', FIXEDPREFIX: 'CUST' },
        ]),
      );
    });

    it('PATCH of the bound sequence changes the next VENDORID; numbering advances nextNumber; the ending number stops it', async () => {
      const vendor = await byId('VENDOR');
      // The REST reference's PATCH example changes prefixSeparator.
      const patched = await rest('PATCH', `/${vendor.key}`, {
        fixedPrefix: 'VND',
        prefixSeparator: '-',
        nextNumber: 7000,
      });
      expect(patched.status).toBe(200);
      expect(result(patched)).toMatchObject({ key: vendor.key, id: 'VENDOR' });
      expect(await newVendorId()).toBe('VND-7000');
      expect(await byId('VENDOR')).toMatchObject({ nextNumber: 7001 });
      // A REST create without an ID takes the next one too.
      const res = await fetch(`http://127.0.0.1:${g.port}/ia/api/v1/objects/accounts-payable/vendor`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Numbered over REST' }),
      });
      expect(((await res.json()) as { 'ia::result': { id: string } })['ia::result'].id).toBe('VND-7001');
      // endingNumber: the last number is given, then the sequence is exhausted and the ID is required.
      expect((await rest('PATCH', `/${vendor.key}`, { endingNumber: 7002 })).status).toBe(200);
      expect(await newVendorId()).toBe('VND-7002');
      const create = new IA.Functions.AccountsPayable.VendorCreate();
      create.vendorName = 'Past the end';
      await expect(execute(g, create)).rejects.toThrow(/reached its ending number 7002/);
      // nextNumber below startingNumber, or endingNumber below the next, is refused.
      expect((await rest('PATCH', `/${vendor.key}`, { nextNumber: 0 })).status).toBe(422);
      expect((await rest('PATCH', `/${vendor.key}`, { endingNumber: 10 })).status).toBe(422);
      expect(await byId('VENDOR')).toMatchObject({ nextNumber: 7003, endingNumber: 7002 });
    });

    it("POST the REST reference's numeric example, bind it to customers: a CUSTOMERID is P-0001-S; inactive, the ID is required", async () => {
      // The reference's "Creates a numeric document sequence" request, without rollover (not served).
      const created = await rest('POST', '', {
        id: 'Vendor Invoice',
        printTitle: 'Vendor Invoice',
        type: 'numeric',
        fixedPrefix: 'P',
        fixedSuffix: 'S',
        prefixSeparator: '-',
        suffixSeparator: '-',
        startingNumber: 1,
        endingNumber: null,
        nextNumber: 1,
        fixedLength: '4',
      });
      expect(created.status).toBe(201);
      const key = String(result(created).key);
      expect(result(created)).toMatchObject({
        id: 'Vendor Invoice',
        href: `/objects/company-config/document-sequence/${key}`,
      });
      await bind('CUSTOMER', 'Vendor Invoice');
      const customer = new IA.Functions.AccountsReceivable.CustomerCreate();
      customer.customerName = 'Sequenced customer';
      // generate-next-value's example answers "P-0001-S-2024" for this format with a fiscal-year suffix.
      expect(((await execute(g, customer)).data as Rec[])[0]!.CUSTOMERID).toBe('P-0001-S');
      expect(((await execute(g, customer)).data as Rec[])[0]!.CUSTOMERID).toBe('P-0002-S');
      // Bound, it cannot be deleted; inactive, it numbers nothing.
      expect((await rest('DELETE', `/${key}`)).status).toBe(409);
      expect((await rest('PATCH', `/${key}`, { status: 'inactive' })).status).toBe(200);
      await expect(execute(g, customer)).rejects.toThrow(/Required field CUSTOMERID/);
      expect((await rest('PATCH', `/${key}`, { status: 'active' })).status).toBe(200);
      expect(((await execute(g, customer)).data as Rec[])[0]!.CUSTOMERID).toBe('P-0003-S');
    });

    it("POST /services/company-config/document-sequence/generate-next-value, the reference's requests by id and by key, takes the next value", async () => {
      const generate = async (body: Json) => {
        const res = await fetch(
          `http://127.0.0.1:${g.port}/ia/api/v1/services/company-config/document-sequence/generate-next-value`,
          {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: JSON.stringify(body),
          },
        );
        return { status: res.status, json: (await res.json()) as Json };
      };
      const created = await rest('POST', '', {
        id: 'AR Inv',
        printTitle: 'AR Inv',
        fixedPrefix: 'INV',
        prefixSeparator: '-',
        startingNumber: 1,
        nextNumber: 16,
      });
      expect(created.status).toBe(201);
      const key = String(result(created).key);
      // The reference's "Generate next value by ID" answer: { id: 'AR Inv', nextValue: 'INV-16' }.
      const generated = await generate({ id: 'AR Inv' });
      expect(generated.status).toBe(200);
      expect(generated.json).toEqual({
        'ia::result': { id: 'AR Inv', nextValue: 'INV-16' },
        'ia::meta': { totalCount: 1, totalSuccess: 1, totalError: 0 },
      });
      expect(result(await generate({ key }))).toEqual({ key, id: 'AR Inv', nextValue: 'INV-17' });
      expect(result(await rest('GET', `/${key}`))).toMatchObject({ nextNumber: 18 });
      // The bound vendor sequence (no longer ending, as the test above left it): a value generated is one no create takes.
      const vendor = await byId('VENDOR');
      expect((await rest('PATCH', `/${String(vendor.key)}`, { endingNumber: null })).status).toBe(200);
      const vendorNext = vendor.nextNumber as number;
      const taken = result(await generate({ id: 'VENDOR' })).nextValue as string;
      expect(await newVendorId()).not.toBe(taken);
      expect(await byId('VENDOR')).toMatchObject({ nextNumber: vendorNext + 2 });
      // Refused: neither or both of key and id, a fiscal year (rollover is not served), an unknown sequence.
      expect((await generate({})).status).toBe(422);
      expect((await generate({ key, id: 'AR Inv' })).status).toBe(422);
      expect(JSON.stringify((await generate({ key, fiscalYear: 2024 })).json)).toMatch(/rollover/);
      expect((await generate({ id: 'No such' })).status).toBe(404);
      expect(result(await rest('GET', `/${key}`))).toMatchObject({ nextNumber: 18 });
    });

    it("the OpenAPI's validation: required id and printTitle, the type enum, per-type required numbers, lengths; the alpha example; DELETE", async () => {
      const refused = async (body: Json, message: RegExp) => {
        const r = await rest('POST', '', body);
        expect(r.status).toBe(422);
        expect(JSON.stringify(r.json)).toMatch(message);
      };
      const base = { id: 'Checks', printTitle: 'Checks', startingNumber: 1, nextNumber: 1 };
      await refused({ id: 'No title', startingNumber: 1, nextNumber: 1 }, /PRINTTITLE|printTitle/);
      await refused({ printTitle: 'No id', startingNumber: 1, nextNumber: 1 }, /TITLE|\bid\b/);
      await refused({ ...base, type: 'roman' }, /roman/);
      await refused({ id: 'Checks', printTitle: 'Checks', nextNumber: 1 }, /STARTINGNUMBER/);
      await refused({ ...base, fixedLength: '17' }, /FIXEDLENGTH/);
      await refused({ ...base, rollover: { isEnabled: true } }, /rollover/);
      // The reference's "Creates an alphabetic document sequence" request, without rollover.
      const alpha = {
        id: 'Alpha',
        printTitle: 'Alpha',
        type: 'alpha',
        fixedPrefix: 'P',
        fixedSuffix: 'S',
        prefixSeparator: '-',
        suffixSeparator: '-',
        startingSequence: 'a',
        endingSequence: 'c',
        nextSequence: 'a',
      };
      await refused({ ...alpha, id: 'Alpha2', nextSequence: undefined }, /NEXTSEQUENCE/);
      await refused({ ...alpha, id: 'Alpha3', startingSequence: 'A1' }, /STARTINGSEQUENCE/);
      const a = await rest('POST', '', alpha);
      expect(a.status).toBe(201);
      expect(result(await rest('GET', `/${String(result(a).key)}`))).toMatchObject({
        type: 'alpha',
        startingSequence: 'a',
        nextSequence: 'a',
        status: 'active',
      });
      // The type defaults to numeric (the OpenAPI's default).
      const n = await rest('POST', '', base);
      expect(n.status).toBe(201);
      expect(result(await rest('GET', `/${String(result(n).key)}`))).toMatchObject({ type: 'numeric' });
      const twice = await rest('POST', '', base); // the id is unique
      expect(twice.status).toBe(409);
      // Unbound, it is deleted.
      expect((await rest('DELETE', `/${String(result(n).key)}`)).status).toBe(204);
      expect((await rest('GET', `/${String(result(n).key)}`)).status).toBe(404);
      // XML: the generic create writes one too, with the same rules.
      const xml = await postFunction(
        g,
        '<create><SEQUENCE><TITLE>XML seq</TITLE><PRINTTITLE>XML seq</PRINTTITLE><STARTINGNUMBER>5</STARTINGNUMBER><NEXTNUMBER>4</NEXTNUMBER></SEQUENCE></create>',
      );
      expect(xml.status).toBe('failure');
      expect(xml.errors.join(' ')).toMatch(/NEXTNUMBER 4 of SEQUENCE is below its STARTINGNUMBER 5/);
    });
  });
}
