// REST bodies as Intacct's OpenAPI describes them (src/writes/rest-reference-fields.ts; lorenz-bus-service/
// node-intacct-rest-api spec/accounts-payable.json at 1dcbea361b3a4951e419d749dbea3c75e1b3ecd6): a key the OpenAPI
// lists as writable but the catalog lacks is accepted and not kept, catalog fields are kept, keys the OpenAPI does not
// list are refused by name, and read-only ones the catalog lacks are refused when given a value.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../support/databases.ts';
import { bearer, getJson, postJson, startRestServer, token, type RestServer } from '../rest/rest-server.ts';
import { send } from './rest-body-support.ts';

describe.each(BACKENDS)('REST bodies by the OpenAPI on %s', (backend) => {
  let s: RestServer;
  let auth: Record<string, string>;
  let ref: { term: string; account: string; parent: string };
  const vendors = () => `${s.api}/objects/accounts-payable/vendor`;
  const first = async (object: string, field: string) =>
    (await postJson(`${s.api}/services/core/query`, { object, fields: [field], size: 1 }, auth)).body['ia::result'][0][
      field
    ] as string;

  beforeAll(async () => {
    s = await startRestServer(backend);
    auth = bearer((await token(s.api)).access_token);
    // The example names the demo company's own term, account and parent vendor in place of Net 60, 1500 and 202.
    ref = {
      term: await first('accounts-payable/term', 'id'),
      account: await first('general-ledger/account', 'id'),
      parent: await first('accounts-payable/vendor', 'id'),
    };
  });
  afterAll(async () => {
    await s?.close();
  });

  it('POST of the OpenAPI\'s "Create a restricted vendor" example: 201, catalog fields kept, the rest accepted', async () => {
    // spec/accounts-payable.json, POST /objects/accounts-payable/vendor, example "Create a restricted vendor"; `state`,
    // `billPayment` and `contacts.default.hideContactList` are OpenAPI properties the catalog lacks.
    const created = await send(
      'POST',
      vendors(),
      {
        id: `Vend-00100-${backend}`,
        name: 'Regulatory Filing Group',
        parent: { id: ref.parent },
        contacts: {
          default: {
            mailingAddress: {
              addressLine1: '9500 Arboretum Blvd',
              addressLine2: 'Suite 310',
              addressLine3: 'Western industrial area',
              city: 'Austin',
              country: 'United States',
              postCode: '78759',
              state: 'TX',
            },
            tax: { isTaxable: true },
            URL1: 'https:/rfginc.com',
            companyName: 'RFG Inc',
            email1: 'jjones@mycompany.com',
            email2: 'jjones@jmail.com',
            fax: '14085555522',
            firstName: 'Jack',
            lastName: 'Jones',
            middleName: 'Inc',
            mobile: '14085554420',
            pager: '14085554400',
            phone1: '14085551212',
            printAs: 'RFG Inc',
            hideContactList: true,
          },
        },
        term: { id: ref.term },
        vendorAccountNumber: '203',
        taxId: '192-35-4308',
        creditLimit: 350000,
        billingType: 'balanceForward',
        notes: 'None',
        defaultExpenseGLAccount: { id: ref.account },
        paymentPriority: 'normal',
        status: 'active',
        state: 'a',
        isOneTimeUse: false,
        isOnHold: false,
        doNotPay: false,
        displayTermDiscountOnCheckStub: false,
        displayVendorAccountOnCheckStub: false,
        sendPaymentNotification: false,
        mergePaymentRequests: true,
        billPayment: { defaultDateOptions: 'none' },
      },
      auth,
    );
    expect(created.status).toBe(201);
    const key = created.body['ia::result'].key as string;
    const read = (await getJson(`${vendors()}/${key}`, auth)).body['ia::result'];
    expect(read).toMatchObject({
      id: `Vend-00100-${backend}`,
      name: 'Regulatory Filing Group',
      parent: { id: ref.parent },
      term: { id: ref.term },
      taxId: '192-35-4308',
      billingType: 'balanceForward',
      vendorAccountNumber: '203',
      defaultExpenseGLAccount: { id: ref.account },
    });
    expect(Number(read.creditLimit)).toBe(350000);
    expect(read.state).toBeUndefined();
    const contact = (await getJson(`${s.api}/objects/company-config/contact/${read.contacts.default.key}`, auth)).body[
      'ia::result'
    ];
    expect(contact).toMatchObject({ printAs: 'RFG Inc', email1: 'jjones@mycompany.com', firstName: 'Jack' });
    expect(contact.mailingAddress).toMatchObject({ city: 'Austin', postCode: '78759' });
  });

  it('PATCH of the OpenAPI\'s "Update multiple values" example: 200, kept fields read back', async () => {
    const created = await send('POST', vendors(), { id: `UPD-${backend}`, name: 'Update me' }, auth);
    expect(created.status).toBe(201);
    const key = created.body['ia::result'].key as string;
    // spec/accounts-payable.json, PATCH /objects/accounts-payable/vendor/{key}, example "Update multiple values":
    // defaultLeadTime is an OpenAPI property the catalog lacks.
    const patched = await send(
      'PATCH',
      `${vendors()}/${key}`,
      {
        defaultLeadTime: 5,
        taxId: '192354308',
        form1099: { nameOn1099: 'NCS', type: 'MISC', box: '3' },
        isOnHold: true,
        doNotPay: true,
        alwaysCreateBill: true,
        creditLimit: 10000,
        retainagePercentage: 20,
        notes: 'Make sure to include on 1099',
        discountPercent: 20,
      },
      auth,
    );
    expect(patched.status).toBe(200);
    const read = (await getJson(`${vendors()}/${key}`, auth)).body['ia::result'];
    expect(read).toMatchObject({
      taxId: '192354308',
      form1099: { nameOn1099: 'NCS', type: 'MISC', box: '3' },
      isOnHold: true,
      doNotPay: true,
      alwaysCreateBill: true,
      notes: 'Make sure to include on 1099',
    });
    expect([Number(read.creditLimit), Number(read.retainagePercentage), Number(read.discountPercent)]).toEqual([
      10000, 20, 20,
    ]);
    expect(read.defaultLeadTime).toBeUndefined();
  });

  it("replays bernespinoza/intacct-rest's vendor payload (every key of DEFAULT_VENDOR_WRITABLE_ATTRIBUTES it sends)", async () => {
    // bernespinoza/intacct-rest lib/intacct_rest/vendor.rb posts, for each attribute set on the model, the JSON key
    // lib/intacct_rest/configuration.rb DEFAULT_VENDOR_WRITABLE_ATTRIBUTES maps it to: top-level keys of the OpenAPI's
    // vendor schema, nested objects as the model holds them.
    const body = {
      id: `RB-${backend}`,
      name: 'NCS, Inc.',
      isOneTimeUse: false,
      status: 'active',
      state: 'a',
      vendorType: { id: null },
      accountLabel: { id: null },
      defaultLeadTime: 5,
      filePaymentService: 'none',
      bankFiles: { paymentCountryCode: 'gb', paymentCurrency: 'GBP' },
      taxId: '192354308',
      tpar: { isTparEnabled: false, name: 'TPAR 1' },
      t5018: { isT5018Enabled: false, t5018Number: '123456789' },
      form1099: { is1099Eligible: true, nameOn1099: 'NCS', type: 'MISC', box: '3' },
      attachment: { id: null },
      isOnHold: false,
      doNotPay: false,
      alwaysCreateBill: false,
      creditLimit: 10000,
      retainagePercentage: 20,
      isIndividualPerson: false,
      notes: 'Make sure to include on form 1099.',
      priceList: { id: null },
      priceSchedule: { id: null },
      discountPercent: 10,
      contacts: { default: { printAs: 'NCS, Inc.', email1: 'ap@ncs.example' } },
      contactList: [],
      vendorEmailTemplates: [],
    };
    const created = await send('POST', vendors(), body, auth);
    expect(created.status).toBe(201);
    const read = (await getJson(`${vendors()}/${created.body['ia::result'].key}`, auth)).body['ia::result'];
    expect(read).toMatchObject({ id: `RB-${backend}`, name: 'NCS, Inc.', taxId: '192354308', form1099: { box: '3' } });
  });

  it('POST of the OpenAPI\'s "Create a customer" example with OpenAPI keys the catalog lacks; PATCH; misspelled keys refused', async () => {
    const customers = `${s.api}/objects/accounts-receivable/customer`;
    // spec/accounts-receivable.json, POST /objects/accounts-receivable/customer, example "Create a customer"; the
    // customer schema's customerRestriction, disableRefund, overridePriceList, printTemplates and
    // customerAccountHealth are not in the catalog, contacts.default.showInContactList is a contact field.
    const created = await send(
      'POST',
      customers,
      {
        id: `CUST-002-${backend}`,
        name: 'Starluck',
        taxId: '12-3456789',
        creditLimit: 50000,
        status: 'active',
        customerRestriction: 'unrestricted',
        disableRefund: false,
        overridePriceList: 'customer',
        advanceBillByType: '',
        printTemplates: { arInvoice: { id: 'Standard AR Invoice' } },
        customerAccountHealth: { healthScore: 85, healthStatus: 'healthy', churnRisk: false },
        contacts: { default: { printAs: 'Starluck', email1: 'ar@starluck.example', showInContactList: true } },
      },
      auth,
    );
    expect(created.status).toBe(201);
    const key = created.body['ia::result'].key as string;
    const read = (await getJson(`${customers}/${key}`, auth)).body['ia::result'];
    expect(read).toMatchObject({ id: `CUST-002-${backend}`, name: 'Starluck', taxId: '12-3456789', status: 'active' });
    expect(Number(read.creditLimit)).toBe(50000);
    const contact = (await getJson(`${s.api}/objects/company-config/contact/${read.contacts.default.key}`, auth)).body[
      'ia::result'
    ];
    expect(contact).toMatchObject({ printAs: 'Starluck', email1: 'ar@starluck.example' });

    const patched = await send(
      'PATCH',
      `${customers}/${key}`,
      { notes: 'Service tier 1', emailOptIn: true, disableRefund: true },
      auth,
    );
    expect(patched.status).toBe(200);
    expect((await getJson(`${customers}/${key}`, auth)).body['ia::result']).toMatchObject({
      notes: 'Service tier 1',
      emailOptIn: true,
    });

    for (const [body, errorId, target] of [
      [{ custmerType: { id: 'X' } }, 'write.unknown-field', 'custmerType.id'],
      // A catalog field's own check names its XML field, as before.
      [{ deliveryOptions: 'fax' }, 'write.invalid-value', 'DELIVERY_OPTIONS'],
      [
        { customerAccountHealth: { healthStatus: 'fine' } },
        'write.invalid-value',
        'customerAccountHealth.healthStatus',
      ],
      [{ subscriptionEndDate: '2023-03-31' }, 'write.read-only-field', 'subscriptionEndDate'],
    ] as const) {
      const r = await send('PATCH', `${customers}/${key}`, body, auth);
      expect([
        r.status,
        r.body['ia::result']['ia::error'].errorId,
        r.body['ia::result']['ia::error'].details[0].target,
      ]).toEqual([422, errorId, target]);
    }
  });

  it("POST of an employee with the schema's own example values, OpenAPI keys the catalog lacks accepted; misspelled refused", async () => {
    const employees = `${s.api}/objects/company-config/employee`;
    const contactId = await first('company-config/contact', 'id');
    // spec/company-configuration.json objects.company-config.employee: each value is the property's `example`
    // (jsmith, VP Sales, 2021-04-30 …); SSN, isPlaceholderResource, form1099, ach.bankRoutingNumber and
    // filePaymentService are OpenAPI properties the catalog lacks. primaryContact names an existing contact by id, as
    // the schema's required primaryContact.id does.
    const created = await send(
      'POST',
      employees,
      {
        id: `jsmith-${backend}`,
        primaryContact: { id: contactId },
        startDate: '2021-04-30',
        jobTitle: 'VP Sales',
        status: 'active',
        birthDate: '1984-04-13',
        gender: 'female',
        postActualCostWithVariance: false,
        mergePaymentRequests: true,
        sendAutomaticPaymentNotification: true,
        defaultCurrency: 'USD',
        SSN: '078051120',
        isPlaceholderResource: false,
        form1099: { name: 'John Smith', type: 'MISC', box: '3' },
        ach: { enabled: false, bankRoutingNumber: '325070760', accountType: 'checkingAccount' },
        filePaymentService: 'none',
        employeePosition: { id: null },
        audit: { createdDateTime: null },
      },
      auth,
    );
    expect(created.status).toBe(201);
    const key = created.body['ia::result'].key as string;
    const read = (await getJson(`${employees}/${key}`, auth)).body['ia::result'];
    expect(read).toMatchObject({
      id: `jsmith-${backend}`,
      jobTitle: 'VP Sales',
      startDate: '2021-04-30',
      birthDate: '1984-04-13',
      gender: 'female',
      primaryContact: { id: contactId },
    });
    expect(read.SSN).toBeUndefined();

    for (const [body, errorId, target] of [
      [{ SNN: '078051120' }, 'write.unknown-field', 'SNN'],
      [{ ach: { bankRoutingNumbr: '1' } }, 'write.unknown-field', 'ach.bankRoutingNumbr'],
      [{ filePaymentService: 'wire' }, 'write.invalid-value', 'filePaymentService'],
      [{ webURL: 'https://intacct.com/x' }, 'write.read-only-field', 'webURL'],
    ] as const) {
      const r = await send('PATCH', `${employees}/${key}`, body, auth);
      expect([
        r.status,
        r.body['ia::result']['ia::error'].errorId,
        r.body['ia::result']['ia::error'].details[0].target,
      ]).toEqual([422, errorId, target]);
    }
  });

  it.each([
    // spec/company-configuration.json objects.company-config.department / .class: the schema's example values; the
    // department's deprecated `number` and the class's `parent.key` are OpenAPI properties not kept here.
    [
      'company-config/department',
      { id: 'SW', name: 'Software Dev', reportTitle: 'Software Engineering', number: '10' },
      { reportTitle: 'Software Engineering' },
      'reportTitel',
    ],
    [
      'company-config/class',
      { id: '1-Goods', name: 'Goods', description: 'Goods available for donations', locationKey: null },
      { description: 'Goods available for donations' },
      'descripton',
    ],
  ] as const)(
    '%s: a create with the OpenAPI example values, read back; a misspelled key refused',
    async (object, body, kept, typo) => {
      const url = `${s.api}/objects/${object}`;
      const created = await send('POST', url, { ...body, id: `${body.id}-${backend}` }, auth);
      expect(created.status).toBe(201);
      const key = created.body['ia::result'].key as string;
      expect((await getJson(`${url}/${key}`, auth)).body['ia::result']).toMatchObject({ name: body.name, ...kept });
      const r = await send('PATCH', `${url}/${key}`, { [typo]: 'x' }, auth);
      expect([
        r.status,
        r.body['ia::result']['ia::error'].errorId,
        r.body['ia::result']['ia::error'].details[0].target,
      ]).toEqual([422, 'write.unknown-field', typo]);
    },
  );

  it.each([
    ['a misspelled top-level key', { creditLimt: 5 }, 'write.unknown-field', 'creditLimt'],
    [
      'a misspelled key inside a listed object',
      { tpar: { isTparEnable: true } },
      'write.unknown-field',
      'tpar.isTparEnable',
    ],
    ['a key of another object', { customerType: { id: 'X' } }, 'write.unknown-field', 'customerType.id'],
    [
      'a misspelled key of the default contact',
      { contacts: { default: { emial1: 'x@y.z' } } },
      'write.unknown-field',
      'emial1',
    ],
    ['a value outside the enum', { state: 'approved' }, 'write.invalid-value', 'state'],
    ['a value of the wrong type', { tpar: { isTparEnabled: 'yes' } }, 'write.invalid-value', 'tpar.isTparEnabled'],
    ['a list where the OpenAPI has an object', { billPayment: [] }, 'write.unknown-field', 'billPayment'],
    [
      'a read-only property the catalog lacks, given a value',
      { lastBillCreatedDate: '2024-01-31' },
      'write.read-only-field',
      'lastBillCreatedDate',
    ],
    ['a read-only reference the catalog lacks', { customer: { id: 'C1' } }, 'write.read-only-field', 'customer.id'],
  ] as const)('refused: %s, naming it', async (_case, extra, errorId, target) => {
    const r = await send('POST', vendors(), { id: `BAD-${backend}`, name: 'x', ...extra }, auth);
    expect(r.status).toBe(422);
    const e = r.body['ia::result']['ia::error'];
    expect(e.errorId).toBe(errorId);
    expect(e.details[0].target).toBe(target);
    expect(e.message).toContain(target);
  });

  it('a read-only property sent as null and the links (href) inside references are accepted', async () => {
    const r = await send(
      'POST',
      vendors(),
      {
        id: `RO-${backend}`,
        name: 'Round trip',
        lastBillCreatedDate: null,
        webURL: null,
        term: { id: ref.term, href: '/objects/accounts-payable/term/1' },
      },
      auth,
    );
    expect(r.status).toBe(201);
  });
});
