// ID auto-numbering (Intacct's document sequence per object, a company setting): the demo companies number vendors and
// customers, so a create without VENDORID / CUSTOMERID gets the next number. The first case replays the official PHP
// SDK's own example, intacct/intacct-sdk-php-examples crud-customer.php (CustomerCreate with a name only, then
// CustomerUpdate / Read / CustomerDelete by the CUSTOMERID the create answered), through the JavaScript SDK's classes.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../support/databases.ts';
import {
  envelope,
  errorNumbers,
  gatewayDatabase,
  IA,
  postRaw,
  rejection,
  startGateway,
  type Gateway,
} from '../xml/support/gateway-harness.ts';
import { execute, query, read, type Rec, restToken } from './write-harness.ts';

const number = (id: string, prefix: string) => Number(id.slice(prefix.length));
const ADMIN = 'numbering-admin-token';

for (const backend of BACKENDS) {
  describe(`ID auto-numbering (${backend})`, () => {
    const { url, cleanup } = gatewayDatabase(backend);
    // PostgreSQL: two servers with their own pools on one database, so the racing creates really run at once.
    let g: Gateway;
    let other: Gateway;
    beforeAll(async () => {
      g = await startGateway(url, undefined, ADMIN);
      other = backend === 'postgres' ? await startGateway(url) : g;
    });
    afterAll(async () => {
      if (other !== g) await other?.close();
      await g?.close();
      await cleanup();
    });

    async function numbering(method: 'GET' | 'PUT', body?: unknown, company = 'demo2') {
      const res = await fetch(
        `http://127.0.0.1:${g.port}/ledgerq/admin/numbering${method === 'GET' ? `?company=${company}` : ''}`,
        {
          method,
          headers: { authorization: `Bearer ${ADMIN}`, ...(body ? { 'content-type': 'application/json' } : {}) },
          body: body ? JSON.stringify(body) : undefined,
        },
      );
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    }

    const highest = async (object: string, field: string, prefix: string, companyId = 'demo') => {
      const rows = await query(g, object, [field], undefined, undefined, 2000, { companyId });
      return Math.max(
        ...rows
          .map((r) => r[field]!)
          .filter((id) => new RegExp(`^${prefix}\\d+$`).test(id))
          .map((id) => number(id, prefix)),
      );
    };

    it("the PHP SDK's crud-customer example: a customer created by name gets the next CUSTOMERID, then is updated, read and deleted by it", async () => {
      const before = await highest('CUSTOMER', 'CUSTOMERID', 'C-');
      const create = new IA.Functions.AccountsReceivable.CustomerCreate();
      create.customerName = 'Joshua Granley';
      create.active = false;
      const created = (await execute(g, create)).data as Rec[];
      const customerId = created[0]!.CUSTOMERID!;
      expect(customerId).toBe(`C-${String(before + 1).padStart(5, '0')}`);
      const recordNo = created[0]!.RECORDNO!;

      const update = new IA.Functions.AccountsReceivable.CustomerUpdate();
      update.customerId = customerId;
      update.active = true;
      await execute(g, update);
      expect(await read(g, 'CUSTOMER', recordNo)).toMatchObject({
        CUSTOMERID: customerId,
        NAME: 'Joshua Granley',
        STATUS: 'active',
      });
      // The SDK writes a DISPLAYCONTACT; its contact is named after the numbered ID.
      expect(await query(g, 'CUSTOMER', ['DISPLAYCONTACT.CONTACTNAME'], 'CUSTOMERID', customerId)).toEqual([
        { 'DISPLAYCONTACT.CONTACTNAME': `Joshua Granley(C${customerId})` },
      ]);

      const del = new IA.Functions.AccountsReceivable.CustomerDelete();
      del.customerId = customerId;
      await execute(g, del);
      expect(await query(g, 'CUSTOMER', ['CUSTOMERID'], 'CUSTOMERID', customerId)).toEqual([]);
    });

    it('vendors: XML and REST creates without an ID take consecutive numbers; a number taken by hand is skipped', async () => {
      const before = await highest('VENDOR', 'VENDORID', 'V-');
      const id = (n: number) => `V-${String(n).padStart(4, '0')}`;
      const sdk = new IA.Functions.AccountsPayable.VendorCreate();
      sdk.vendorName = 'Numbered One';
      expect(((await execute(g, sdk)).data as Rec[])[0]!.VENDORID).toBe(id(before + 1));
      // Entered by hand: the sequence's next number is already someone's ID.
      const raw = await postRaw(
        g.loopback,
        envelope(
          `<function controlid="h"><create><VENDOR><VENDORID>${id(before + 2)}</VENDORID><NAME>By hand</NAME></VENDOR></create></function>`,
        ),
      );
      expect(raw.body).toContain('<status>success</status>');
      const res = await fetch(`http://127.0.0.1:${g.port}/ia/api/v1/objects/accounts-payable/vendor`, {
        method: 'POST',
        headers: { authorization: `Bearer ${await restToken(g)}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Numbered Rest' }),
      });
      expect(res.status).toBe(201);
      expect(((await res.json()) as { 'ia::result': { id: string } })['ia::result'].id).toBe(id(before + 3));
    });

    it('a refused create gives its number back; inside an entity the company sequence is used', async () => {
      const before = await highest('VENDOR', 'VENDORID', 'V-');
      const bad = new IA.Functions.AccountsPayable.VendorCreate();
      bad.vendorName = 'Refused';
      bad.paymentTerm = 'No such term';
      const e = await rejection(execute(g, bad));
      expect(errorNumbers(e)[0]).toBe('BL01001973');
      const ok = new IA.Functions.AccountsPayable.VendorCreate();
      ok.vendorName = 'In US';
      const created = ((await execute(g, ok, { entityId: 'US' })).data as Rec[])[0]!;
      expect(created.VENDORID).toBe(`V-${String(before + 1).padStart(4, '0')}`);
    });

    it('per company: demo2 numbers with its own sequence, and with numbering off the ID is required again', async () => {
      const before = await highest('CUSTOMER', 'CUSTOMERID', 'CUST', 'demo2');
      const create = new IA.Functions.AccountsReceivable.CustomerCreate();
      create.customerName = 'Demo Two Customer';
      const data = (await execute(g, create, { companyId: 'demo2' })).data as Rec[];
      expect(data[0]!.CUSTOMERID).toBe(`CUST${String(before + 1).padStart(3, '0')}`);

      // Numbering off through the admin API (and `ledgerq admin numbering off CUSTOMER --company demo2`).
      const off = await numbering('PUT', { company: 'demo2', object: 'CUSTOMER', sequence: false });
      expect(off.status).toBe(200);
      expect(off.body.sequences).toEqual([expect.objectContaining({ object: 'VENDOR', prefix: 'SUP', digits: 4 })]);
      try {
        const e = await rejection(execute(g, create, { companyId: 'demo2' }));
        expect(errorNumbers(e)).toEqual(['BL01001973', 'BL01001973']);
        expect(String(e.message)).toContain('Required field CUSTOMERID of CUSTOMER is missing');
        // demo keeps numbering its customers.
        const inDemo = (await execute(g, create)).data as Rec[];
        expect(inDemo[0]!.CUSTOMERID).toMatch(/^C-\d{5}$/);
      } finally {
        await numbering('PUT', { company: 'demo2', object: 'CUSTOMER', sequence: { prefix: 'CUST', digits: 3 } });
      }
      // On again: it continues after the highest ID held in its format.
      const again = ((await execute(g, create, { companyId: 'demo2' })).data as Rec[])[0]!;
      expect(again.CUSTOMERID).toBe(`CUST${String(before + 2).padStart(3, '0')}`);
    });

    it('the admin API shows each numbered object with its next ID, and refuses what cannot be numbered', async () => {
      const before = await highest('VENDOR', 'VENDORID', 'V-');
      const shown = await numbering('GET', undefined, 'demo');
      expect(shown.body).toEqual({
        company: 'demo',
        sequences: [
          {
            object: 'CUSTOMER',
            // The SEQUENCE record (REST company-config/document-sequence) the object is numbered from.
            sequence: 'CUSTOMER',
            sequenceKey: expect.any(Number),
            prefix: 'C-',
            digits: 5,
            suffix: '',
            lastNumber: expect.any(Number),
            next: expect.stringMatching(/^C-\d{5}$/),
          },
          {
            object: 'VENDOR',
            sequence: 'VENDOR',
            sequenceKey: expect.any(Number),
            prefix: 'V-',
            digits: 4,
            suffix: '',
            lastNumber: before,
            next: `V-${String(before + 1).padStart(4, '0')}`,
          },
        ],
      });
      for (const [body, field] of [
        [{ company: 'demo', object: 'NOSUCH', sequence: false }, 'object'],
        [{ company: 'demo', object: 'JOBQUEUERECORD', sequence: false }, 'object'],
        [{ company: 'demo', object: 'VENDOR', sequence: { prefix: 'V-', digits: 99 } }, 'digits'],
        [{ company: 'demo', object: 'VENDOR', sequence: { prefix: 'V -' } }, 'prefix'],
        [{ company: 'demo', object: 'VENDOR' }, 'sequence'],
        [{ company: 'demo', object: 'VENDOR', sequence: { id: 'No such sequence' } }, 'sequence.id'],
      ] as const) {
        const bad = await numbering('PUT', body);
        expect(bad.status, JSON.stringify(body)).toBe(400);
        expect(JSON.stringify(bad.body)).toContain(field);
      }
      expect((await numbering('GET', undefined, 'nosuch')).status).toBe(404);
      const res = await fetch(`http://127.0.0.1:${g.port}/ledgerq/admin/numbering?company=demo`);
      expect(res.status).toBe(401);
    });

    it('20 concurrent creates without an ID get 20 distinct consecutive numbers', async () => {
      const before = await highest('CUSTOMER', 'CUSTOMERID', 'C-');
      const body = (i: number) =>
        envelope(
          `<function controlid="r${i}"><create><CUSTOMER><NAME>Racer ${i}</NAME></CUSTOMER></create></function>`,
        );
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, i) => postRaw((i % 2 ? other : g).loopback, body(i))),
      );
      const ids = answers.map((a) => /<CUSTOMERID>([^<]+)<\/CUSTOMERID>/.exec(a.body)?.[1] ?? a.body);
      expect(new Set(ids).size).toBe(20);
      expect(ids.map((id) => number(id, 'C-')).sort((a, b) => a - b)).toEqual(
        Array.from({ length: 20 }, (_, i) => before + 1 + i),
      );
    });
  });
}
