// Writes as production integrations send them, through the official SDK's client and REST: empty elements, read-only
// fields the server computes sent back with their values. Each payload names the public code it copies.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../support/databases.ts';
import {
  errorNumbers,
  gatewayDatabase,
  type Gateway,
  rejection,
  startGateway,
} from '../xml/support/gateway-harness.ts';
import { PayloadFunction, type Payload } from './payload-support.ts';
import { execute, first, query, read, type Rec, restToken } from './write-harness.ts';

async function create(g: Gateway, object: string, body: Payload): Promise<Rec> {
  return ((await execute(g, new PayloadFunction('create', { [object]: body }))).data as Rec[])[0]!;
}

for (const backend of BACKENDS) {
  describe(`production payloads (${backend})`, () => {
    const { url, cleanup } = gatewayDatabase(backend);
    let g: Gateway;
    let token: string;
    beforeAll(async () => {
      g = await startGateway(url);
      token = await restToken(g);
    });
    afterAll(async () => {
      await g?.close();
      await cleanup();
    });

    it('an empty element is a field not given, read-only ones included, in a create and an update', async () => {
      // fylein/sageintacct-sdk-py serialises None as an empty element; `<RECORDNO/>` and `<TOTALDUE/>` are read-only.
      const key = await create(g, 'VENDOR', {
        RECORDNO: null,
        VENDORID: 'PP-V1',
        NAME: 'Payload Vendor',
        TOTALDUE: null,
        TERMNAME: null,
      });
      expect(key.VENDORID).toBe('PP-V1');
      await execute(
        g,
        new PayloadFunction('update', { VENDOR: { RECORDNO: null, VENDORID: 'PP-V1', NAME: 'Renamed' } }),
      );
      expect(await read(g, 'VENDOR', key.RECORDNO!)).toMatchObject({ NAME: 'Renamed', TOTALDUE: '0' });
      // An element the object does not know stays refused, empty or not, and the error names it.
      const e = await rejection(create(g, 'VENDOR', { VENDORID: 'PP-V2', NAME: 'x', NOSUCHFIELD: null }));
      expect(errorNumbers(e)).toEqual(['BL01001973', 'BL01001973']);
      expect(String(e.message)).toMatch(/NOSUCHFIELD/);
    });

    it('a bill sent with the totals, base amounts, vendor name and base currency the server computes is accepted', async () => {
      const vendor = await first(g, 'VENDOR', ['VENDORID', 'NAME'], 'STATUS', 'active');
      const account = await first(g, 'GLACCOUNT', ['ACCOUNTNO']);
      // fylein/fyle-intacct-api apps/sage_intacct/utils.py `__construct_bill` sends BASECURR and CURRENCY.
      const bill = (total: string): Payload => ({
        WHENCREATED: '11/03/2026',
        VENDORID: vendor.VENDORID!,
        VENDORNAME: vendor.NAME!,
        RECORDID: 'PP-B1',
        BASECURR: 'USD',
        TOTALENTERED: total,
        APBILLITEMS: {
          APBILLITEM: [
            { ACCOUNTNO: account.ACCOUNTNO!, TRX_AMOUNT: '100.25', AMOUNT: '100.25' },
            { ACCOUNTNO: account.ACCOUNTNO!, TRX_AMOUNT: '20' },
          ],
        },
      });
      const key = await create(g, 'APBILL', bill('120.25'));
      expect(await read(g, 'APBILL', key.RECORDNO!)).toMatchObject({
        TOTALENTERED: '120.25',
        TOTALDUE: '120.25',
        VENDORNAME: vendor.NAME,
      });
      // Another value than the computed one is refused, naming the field (the stricter reading: Intacct's answer is
      // not public).
      const e = await rejection(create(g, 'APBILL', bill('99')));
      expect(String(e.message)).toMatch(/TOTALENTERED of APBILL is computed by the server \(120\.25\)/);
    });

    it("fyle's bill: elements Intacct's reference lists but ledgerq does not model are accepted, unknown ones refused", async () => {
      const vendor = await first(g, 'VENDOR', ['VENDORID'], 'STATUS', 'active');
      const account = await first(g, 'GLACCOUNT', ['ACCOUNTNO']);
      // fylein/fyle-intacct-api apps/sage_intacct/utils.py `__construct_bill`, None values as empty elements. TOTALTRXAMOUNT,
      // ALLOCATION, TASKID, COSTTYPEID, TAXENTRIES and EXCH_RATE_TYPE_ID are in Intacct's create APBILL reference
      // (russellkt/intacct-mcp-server docs/accounts-payable-bills.md); customfields is what fyle sends on each line.
      const line = (extra: Payload = {}): Payload => ({
        ACCOUNTNO: account.ACCOUNTNO!,
        TRX_AMOUNT: 80,
        TOTALTRXAMOUNT: 80,
        ENTRYDESCRIPTION: 'fyle expense',
        LOCATIONID: null,
        DEPARTMENTID: null,
        PROJECTID: null,
        CUSTOMERID: null,
        ITEMID: null,
        TASKID: null,
        COSTTYPEID: null,
        CLASSID: null,
        BILLABLE: null,
        ALLOCATION: null,
        TAXENTRIES: { TAXENTRY: { DETAILID: null } },
        customfields: {
          customfield: [{ customfieldname: 'FYLE_EXPENSE_URL', customfieldvalue: 'https://example.com/x' }],
        },
        ...extra,
      });
      const bill = (l: Payload): Payload => ({
        WHENCREATED: '11/04/2026',
        VENDORID: vendor.VENDORID!,
        RECORDID: 'PP-FYLE-1',
        WHENDUE: '12/04/2026',
        BASECURR: 'USD',
        SUPDOCID: null,
        CURRENCY: 'USD',
        EXCH_RATE_TYPE_ID: null,
        APBILLITEMS: { APBILLITEM: [l] },
      });
      const key = await create(g, 'APBILL', bill(line()));
      expect(await read(g, 'APBILL', key.RECORDNO!)).toMatchObject({ TOTALENTERED: '80', RECORDID: 'PP-FYLE-1' });
      for (const extra of [{ NOSUCHLINEFIELD: 'x' }, { NOSUCHGROUP: { INNER: '1' } }] as Payload[]) {
        const e = await rejection(create(g, 'APBILL', bill(line(extra))));
        expect(errorNumbers(e)).toEqual(['BL01001973', 'BL01001973']);
        expect(String(e.message)).toContain(`${Object.keys(extra)[0]} is not a field of APBILLITEM`);
      }
    });

    it("fyle's vendor and employee: DISPLAYCONTACT and PERSONALINFO create their contacts, read back by dot path and name", async () => {
      // fylein/fyle-intacct-api apps/sage_intacct/utils.py `post_vendor`, then `sync_vendors` selects
      // DISPLAYCONTACT.EMAIL1. CONTACTNAME left blank is `[NAME](V[VENDORID])` (Intacct's create VENDOR reference,
      // russellkt/intacct-mcp-server docs/accounts-payable-vendors.md; the SDK's VendorCreate says the same).
      const v = await create(g, 'VENDOR', {
        NAME: 'Ada Lovelace',
        VENDORID: 'PP-ADA',
        DISPLAYCONTACT: { PRINTAS: 'Ada Lovelace', EMAIL1: 'ada@example.com', FIRSTNAME: 'Ada', LASTNAME: 'Lovelace' },
      });
      const [row] = await query(
        g,
        'VENDOR',
        ['VENDORID', 'DISPLAYCONTACT.EMAIL1', 'DISPLAYCONTACT.CONTACTNAME', 'PAYTO.CONTACTNAME'],
        'VENDORID',
        'PP-ADA',
      );
      expect(row).toEqual({
        VENDORID: 'PP-ADA',
        'DISPLAYCONTACT.EMAIL1': 'ada@example.com',
        'DISPLAYCONTACT.CONTACTNAME': 'Ada Lovelace(VPP-ADA)',
        'PAYTO.CONTACTNAME': 'Ada Lovelace(VPP-ADA)',
      });
      const rest = await fetch(`http://127.0.0.1:${g.port}/ia/api/v1/objects/accounts-payable/vendor/${v.RECORDNO}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const body = (await rest.json()) as { 'ia::result': { contacts: { default: { key: string } } } };
      expect(body['ia::result'].contacts.default.key).toMatch(/^\d+$/);
      // An update of DISPLAYCONTACT changes the linked contact.
      await execute(
        g,
        new PayloadFunction('update', {
          VENDOR: { VENDORID: 'PP-ADA', DISPLAYCONTACT: { EMAIL1: 'ada@new.example.com' } },
        }),
      );
      expect((await query(g, 'VENDOR', ['DISPLAYCONTACT.EMAIL1'], 'VENDORID', 'PP-ADA'))[0]).toEqual({
        'DISPLAYCONTACT.EMAIL1': 'ada@new.example.com',
      });

      // `post_employees`: PERSONALINFO names the contact; `get_or_create_employee` then looks it up by CONTACT_NAME.
      await create(g, 'EMPLOYEE', {
        PERSONALINFO: { CONTACTNAME: 'Grace Hopper' },
        EMPLOYEEID: 'PP-GRACE',
        LOCATIONID: null,
      });
      const [emp] = await query(
        g,
        'EMPLOYEE',
        ['EMPLOYEEID', 'CONTACT_NAME', 'CONTACTKEY'],
        'CONTACT_NAME',
        'Grace Hopper',
      );
      expect(emp).toMatchObject({ EMPLOYEEID: 'PP-GRACE', CONTACT_NAME: 'Grace Hopper' });
      expect(emp!.CONTACTKEY).toMatch(/^\d+$/);
      // A vendor's slot naming a contact that does not exist is refused, naming it.
      const e = await rejection(
        create(g, 'VENDOR', { NAME: 'x', VENDORID: 'PP-X', PAYTO: { CONTACTNAME: 'Nobody here' } }),
      );
      expect(String(e.message)).toMatch(/PAYTO\.CONTACTNAME 'Nobody here'/);
    });

    it('journal entry lines written with amount and tr_type (the GLENTRY AMOUNT) post a balanced entry', async () => {
      const journal = await first(g, 'GLJOURNAL', ['SYMBOL']);
      const accounts = await query(g, 'GLACCOUNT', ['ACCOUNTNO'], undefined, undefined, 2);
      // fylein/fyle-intacct-api apps/sage_intacct/utils.py `__construct_journal_entry`: lower-case line elements with
      // `amount` and `tr_type`.
      const key = await create(g, 'GLBATCH', {
        JOURNAL: journal.SYMBOL!,
        BATCH_DATE: '11/03/2026',
        BATCH_TITLE: 'PP-JE',
        ENTRIES: {
          GLENTRY: [
            {
              accountno: accounts[0]!.ACCOUNTNO!,
              amount: 42.5,
              tr_type: 1,
              description: 'debit',
              currency: 'USD',
              taskid: null,
              costtypeid: null,
              allocation: null,
              customfields: { customfield: [{ customfieldname: 'FYLE_EXPENSE_URL', customfieldvalue: 'x' }] },
            },
            { accountno: accounts[1]!.ACCOUNTNO!, amount: 42.5, tr_type: -1, description: 'credit', currency: 'USD' },
          ],
        },
      });
      const lines = await query(g, 'GLENTRY', ['TR_TYPE', 'AMOUNT', 'TRX_AMOUNT'], 'BATCHNO', key.RECORDNO!, 10);
      expect(lines.map((l) => `${l.TR_TYPE}:${l.AMOUNT}:${l.TRX_AMOUNT}`).sort()).toEqual([
        '-1:42.5:42.5',
        '1:42.5:42.5',
      ]);
    });

    it('REST: a vendor with contacts.default and an employee with primaryContact create their contacts', async () => {
      const post = (object: string, body: unknown) =>
        fetch(`http://127.0.0.1:${g.port}/ia/api/v1/objects/${object}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
      // vendor.contacts.default is a company-config/contact (the catalog's relationship, from Intacct's REST vendor
      // example); its fields take the contact's REST names. A public sample of Intacct accepting a new contact inline
      // was not found: issue 17 reports this shape from an integration, and ledgerq treats it as XML DISPLAYCONTACT.
      const res = await post('accounts-payable/vendor', {
        id: 'PP-RV2',
        name: 'REST Contact Vendor',
        contacts: { default: { printAs: 'REST Contact Vendor', email1: 'rest@example.com' } },
      });
      expect(res.status).toBe(201);
      expect((await query(g, 'VENDOR', ['DISPLAYCONTACT.EMAIL1'], 'VENDORID', 'PP-RV2'))[0]).toEqual({
        'DISPLAYCONTACT.EMAIL1': 'rest@example.com',
      });
      const emp = await post('company-config/employee', {
        id: 'PP-REMP',
        primaryContact: { id: 'Rest Employee', firstName: 'Rest', lastName: 'Employee' },
      });
      expect(emp.status).toBe(201);
      expect((await query(g, 'EMPLOYEE', ['CONTACT_NAME'], 'EMPLOYEEID', 'PP-REMP'))[0]).toEqual({
        CONTACT_NAME: 'Rest Employee',
      });
    });

    it('the 2.1 create_contact and update_contact write a contact, answered with its name', async () => {
      // Intacct's create_contact / update_contact reference (russellkt/intacct-mcp-server
      // docs/company-console-contacts.md): lower-case fields, mailaddress as a group.
      const created = await execute(
        g,
        new PayloadFunction('create_contact', {
          contactname: 'PP Legacy Contact',
          printas: 'Legacy',
          email1: 'legacy@example.com',
          mailaddress: { city: 'Leeds', country: 'United Kingdom' },
        }),
      );
      expect(created.key).toBe('PP Legacy Contact');
      await execute(g, new PayloadFunction('update_contact', { contactname: 'PP Legacy Contact', phone1: '555-0100' }));
      expect(
        (
          await query(
            g,
            'CONTACT',
            ['PRINTAS', 'EMAIL1', 'PHONE1', 'MAILADDRESS.CITY'],
            'CONTACTNAME',
            'PP Legacy Contact',
          )
        )[0],
      ).toEqual({
        PRINTAS: 'Legacy',
        EMAIL1: 'legacy@example.com',
        PHONE1: '555-0100',
        'MAILADDRESS.CITY': 'Leeds',
      });
    });

    it('REST: null for a read-only field is not given', async () => {
      const res = await fetch(`http://127.0.0.1:${g.port}/ia/api/v1/objects/accounts-payable/vendor`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ id: 'PP-RV1', name: 'REST payload vendor', totalDue: null, audit: { createdBy: null } }),
      });
      expect(res.status).toBe(201);
    });
  });
}
