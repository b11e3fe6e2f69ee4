// A vendor's and customer's email, phones, names and address as the official SDKs' setters write them: into the
// DISPLAYCONTACT group of VendorCreate / VendorUpdate / CustomerCreate / CustomerUpdate (node_modules/@intacct/
// intacct-sdk dist/Functions/AccountsPayable/VendorCreate.js and AccountsReceivable/CustomerCreate.js; the PHP SDK's
// intacct/intacct-sdk-php src/Intacct/Functions/AccountsReceivable/CustomerCreate.php writes the same elements, with
// PRINTAS = the name when no print-as is set). Each is stored on the linked contact and read back as integrations read
// it: DISPLAYCONTACT.EMAIL1 … through query, and the contact through REST.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../support/databases.ts';
import { gatewayDatabase, IA, startGateway, type Gateway } from '../xml/support/gateway-harness.ts';
import { PayloadFunction } from './payload-support.ts';
import { execute, expectWriteRefused, query, type Rec, restToken } from './write-harness.ts';

/** What the SDKs' contact setters write, and the DISPLAYCONTACT dot path each is read back through. */
const SETTERS = {
  printAs: ['PRINTAS', 'Print As Name'],
  companyName: ['COMPANYNAME', 'Contact Co'],
  prefix: ['PREFIX', 'Ms'],
  firstName: ['FIRSTNAME', 'Ada'],
  lastName: ['LASTNAME', 'Lovelace'],
  middleName: ['INITIAL', 'K'],
  primaryPhoneNo: ['PHONE1', '+1 415 555 0100'],
  secondaryPhoneNo: ['PHONE2', '+1 415 555 0101'],
  cellularPhoneNo: ['CELLPHONE', '+1 415 555 0102'],
  pagerNo: ['PAGER', '555 0103'],
  faxNo: ['FAX', '+1 415 555 0104'],
  primaryEmailAddress: ['EMAIL1', 'ap@contact.example'],
  secondaryEmailAddress: ['EMAIL2', 'ar@contact.example'],
  primaryUrl: ['URL1', 'https://contact.example'],
  secondaryUrl: ['URL2', 'https://contact.example/2'],
  addressLine1: ['MAILADDRESS.ADDRESS1', '1 Market St'],
  addressLine2: ['MAILADDRESS.ADDRESS2', 'Suite 2'],
  city: ['MAILADDRESS.CITY', 'San Francisco'],
  stateProvince: ['MAILADDRESS.STATE', 'CA'],
  zipPostalCode: ['MAILADDRESS.ZIP', '94105'],
  country: ['MAILADDRESS.COUNTRY', 'United States'],
  isoCountryCode: ['MAILADDRESS.COUNTRYCODE', 'US'],
} as const;

const PATHS = Object.values(SETTERS).map(([path]) => `DISPLAYCONTACT.${path}`);
const expected = (override: Record<string, string> = {}) =>
  Object.fromEntries(Object.values(SETTERS).map(([path, v]) => [`DISPLAYCONTACT.${path}`, override[path] ?? v]));

function setAll(fn: object): void {
  for (const [setter, [, value]] of Object.entries(SETTERS)) (fn as Record<string, string>)[setter] = value;
}

for (const backend of BACKENDS) {
  describe(`SDK contact setters (${backend})`, () => {
    const { url, cleanup } = gatewayDatabase(backend);
    let g: Gateway;
    beforeAll(async () => {
      g = await startGateway(url);
    });
    afterAll(async () => {
      await g?.close();
      await cleanup();
    });

    const displayOf = async (object: string, idField: string, id: string) =>
      (await query(g, object, [`DISPLAYCONTACTKEY`, ...PATHS], idField, id))[0]!;

    it('VendorCreate and VendorUpdate: every contact setter is stored on the display contact and read back', async () => {
      const create = new IA.Functions.AccountsPayable.VendorCreate();
      create.vendorId = 'SC-V1';
      create.vendorName = 'Setter Vendor';
      setAll(create);
      await execute(g, create);
      const created = await displayOf('VENDOR', 'VENDORID', 'SC-V1');
      expect(created).toMatchObject(expected());

      const update = new IA.Functions.AccountsPayable.VendorUpdate();
      update.vendorId = 'SC-V1';
      update.primaryEmailAddress = 'new@contact.example';
      update.primaryPhoneNo = '+1 415 555 0199';
      await execute(g, update);
      // The linked contact is updated in place: same key, the other values kept.
      expect(await displayOf('VENDOR', 'VENDORID', 'SC-V1')).toEqual({
        ...expected({ EMAIL1: 'new@contact.example', PHONE1: '+1 415 555 0199' }),
        DISPLAYCONTACTKEY: created.DISPLAYCONTACTKEY,
      });
      // REST reads the same contact.
      const token = await restToken(g);
      const res = await fetch(
        `http://127.0.0.1:${g.port}/ia/api/v1/objects/company-config/contact/${created.DISPLAYCONTACTKEY}`,
        { headers: { authorization: `Bearer ${token}` } },
      );
      expect(((await res.json()) as { 'ia::result': Rec })['ia::result']).toMatchObject({
        id: 'Setter Vendor(VSC-V1)',
        email1: 'new@contact.example',
        phone1: '+1 415 555 0199',
        mobile: '+1 415 555 0102',
        mailingAddress: { city: 'San Francisco', isoCountryCode: 'US' },
      });
    });

    it('CustomerCreate and CustomerUpdate: the same on a customer', async () => {
      const create = new IA.Functions.AccountsReceivable.CustomerCreate();
      create.customerId = 'SC-C1';
      create.customerName = 'Setter Customer';
      setAll(create);
      await execute(g, create);
      const created = await displayOf('CUSTOMER', 'CUSTOMERID', 'SC-C1');
      expect(created).toMatchObject(expected());
      const update = new IA.Functions.AccountsReceivable.CustomerUpdate();
      update.customerId = 'SC-C1';
      update.secondaryEmailAddress = 'billing@contact.example';
      update.faxNo = '+1 415 555 0198';
      await execute(g, update);
      expect(await displayOf('CUSTOMER', 'CUSTOMERID', 'SC-C1')).toEqual({
        ...expected({ EMAIL2: 'billing@contact.example', FAX: '+1 415 555 0198' }),
        DISPLAYCONTACTKEY: created.DISPLAYCONTACTKEY,
      });
    });

    it("CustomerCreate's other setters the reference lists (not modelled) are accepted, not stored", async () => {
      // Reference: dgaretz-oss/intacct-mcp docs/xml/accounts-receivable-customers.md (create CUSTOMER); the SDK's
      // DELIVERYOPTIONS is the reference's DELIVERY_OPTIONS.
      const create = new IA.Functions.AccountsReceivable.CustomerCreate();
      create.customerId = 'SC-C3';
      create.customerName = 'Options Customer';
      create.excludedFromContactList = true;
      create.attachmentsId = 'ATT-1';
      create.defaultRevenueGlAccountNo = '4000';
      create.deliveryMethod = 'Print';
      create.printOptionArInvoiceTemplateName = 'Standard';
      create.restrictionType = 'Unrestricted';
      create.primaryEmailAddress = 'options@contact.example';
      await execute(g, create);
      expect(await query(g, 'CUSTOMER', ['CUSTOMERID', 'DISPLAYCONTACT.EMAIL1'], 'CUSTOMERID', 'SC-C3')).toEqual([
        { CUSTOMERID: 'SC-C3', 'DISPLAYCONTACT.EMAIL1': 'options@contact.example' },
      ]);
    });

    it("the PHP SDK's CustomerCreate form (PRINTAS = the name, email and phone) is stored the same", async () => {
      await execute(
        g,
        new PayloadFunction('create', {
          CUSTOMER: {
            CUSTOMERID: 'SC-C2',
            NAME: 'Php Customer',
            DISPLAYCONTACT: { PRINTAS: 'Php Customer', PHONE1: '020 7946 0000', EMAIL1: 'php@contact.example' },
            STATUS: 'active',
          },
        }),
      );
      expect(
        (
          await query(
            g,
            'CUSTOMER',
            ['DISPLAYCONTACT.CONTACTNAME', 'DISPLAYCONTACT.PRINTAS', 'DISPLAYCONTACT.EMAIL1', 'DISPLAYCONTACT.PHONE1'],
            'CUSTOMERID',
            'SC-C2',
          )
        )[0],
      ).toEqual({
        'DISPLAYCONTACT.CONTACTNAME': 'Php Customer(CSC-C2)',
        'DISPLAYCONTACT.PRINTAS': 'Php Customer',
        'DISPLAYCONTACT.EMAIL1': 'php@contact.example',
        'DISPLAYCONTACT.PHONE1': '020 7946 0000',
      });
    });

    it('an unknown child of a known group is refused by name, never dropped', async () => {
      const cases: [Record<string, unknown>, RegExp][] = [
        [{ PRINTAS: 'x', EMAIL3: 'a@b.c' }, /EMAIL3 is not a field of CONTACT/],
        [
          { PRINTAS: 'x', MAILADDRESS: { CITY: 'Paris', PROVINCE: 'IDF' } },
          /MAILADDRESS\.PROVINCE is not a field of CONTACT/,
        ],
        [
          { PRINTAS: 'x', MAILADDRESS: { CITY: { NESTED: 'y' } } },
          /MAILADDRESS\.CITY\.NESTED is not a field of CONTACT/,
        ],
      ];
      for (const [display, message] of cases) {
        await expectWriteRefused(
          execute(
            g,
            new PayloadFunction('create', {
              VENDOR: { VENDORID: 'SC-BAD', NAME: 'Bad', DISPLAYCONTACT: display as never },
            }),
          ),
          message,
        );
      }
      expect(await query(g, 'VENDOR', ['VENDORID'], 'VENDORID', 'SC-BAD')).toEqual([]);
    });
  });
}
