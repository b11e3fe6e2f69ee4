// REST create bodies by Intacct's OpenAPI for contact, item, journal entry (with its lines) and employee expense (with
// its lines) (src/writes/rest-reference-*.ts; lorenz-bus-service/node-intacct-rest-api spec/<module>.json at
// 1dcbea361b3a4951e419d749dbea3c75e1b3ecd6): each object's own "Create" request example replayed with the demo
// company's ids, read back through REST GET and through the XML gateway's query and read; keys the OpenAPI does not
// list refused by name. The request examples are those of the OpenAPI's paths, as dgaretz-oss/intacct-mcp
// docs/rest/<module>.md renders them ("Request example — …").

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../support/databases.ts';
import { gatewayDatabase, startGateway, type Gateway } from '../xml/support/gateway-harness.ts';
import { demoDimensions, expectRefused, send } from './rest-body-support.ts';
import { catalog, first, query, read, restGet, restMismatches, restToken, type Rec } from './write-harness.ts';

type Json = Record<string, unknown>;

describe.each(BACKENDS)(
  'REST create bodies by the OpenAPI (contact, item, journal entry, employee expense) on %s',
  (backend) => {
    const { url, cleanup } = gatewayDatabase(backend);
    let g: Gateway;
    let auth: Record<string, string>;
    const ids: Record<string, string> = {};
    const objects = (object: string) => `http://127.0.0.1:${g.port}/ia/api/v1/objects/${object}`;
    /** Each body is refused with 422, the error naming `target`. */
    const refused = (method: string, at: string, cases: readonly (readonly [Json, string, string])[]) =>
      expectRefused(method, at, cases, auth);
    /** A create answered 201; its key. */
    const created = async (object: string, body: Json): Promise<string> => {
      const r = await send('POST', objects(object), body, auth);
      if (r.status !== 201) console.log(JSON.stringify(r.body));
      expect(r.status).toBe(201);
      return r.body['ia::result'].key as string;
    };
    /** The record as the XML query answers it, equal through read and through REST GET (restMismatches). */
    const readBack = async (xmlName: string, key: string, fields: string[]): Promise<Rec> => {
      const [row] = await query(g, xmlName, fields, 'RECORDNO', key);
      expect(row).toBeDefined();
      expect(await read(g, xmlName, key)).toMatchObject(row!);
      const rest = await restGet(g, catalog.require(xmlName), key, auth.authorization!.slice('Bearer '.length));
      expect(rest).not.toBeNull();
      // Dates as REST spells them (the gateway answers MM/DD/YYYY, REST YYYY-MM-DD).
      const o = catalog.require(xmlName);
      const restDates = Object.fromEntries(
        Object.entries(row!).map(([k, v]) =>
          o.fields.find((f) => f.xmlId === k)?.type === 'date' && v
            ? [k, `${v.slice(6)}-${v.slice(0, 5).replace('/', '-')}`]
            : [k, v],
        ),
      );
      expect(restMismatches(o, restDates, rest!)).toEqual([]);
      return row!;
    };

    beforeAll(async () => {
      g = await startGateway(url);
      auth = { authorization: `Bearer ${await restToken(g)}` };
      for (const [name, object, field] of [
        ['account', 'GLACCOUNT', 'ACCOUNTNO'],
        ['location', 'LOCATION', 'LOCATIONID'],
        ['department', 'DEPARTMENT', 'DEPARTMENTID'],
        ['class', 'CLASS', 'CLASSID'],
        ['item', 'ITEM', 'ITEMID'],
        ['vendor', 'VENDOR', 'VENDORID'],
        ['customer', 'CUSTOMER', 'CUSTOMERID'],
        ['project', 'PROJECT', 'PROJECTID'],
        ['journal', 'GLJOURNAL', 'SYMBOL'],
        ['paymentType', 'EXPENSEPAYMENTTYPE', 'NAME'],
      ] as const)
        ids[name] = (await first(g, object, [field]))[field]!;
      ids.employee = (await first(g, 'EMPLOYEE', ['EMPLOYEEID'], 'STATUS', 'active')).EMPLOYEEID!;
    });
    afterAll(async () => {
      await g?.close();
      await cleanup();
    });

    it('contact: the OpenAPI\'s "Create a contact" and "Assign a price list …" examples replayed and read back', async () => {
      // spec/company-configuration.json POST /objects/company-config/contact, example "Create a contact" (objects.
      // company-config.contact): every key is a catalog field; entityUseCode and priceSchedule, which the schema lists
      // and the catalog lacks, are accepted and not kept.
      const key = await created('company-config/contact', {
        id: 'AMoore',
        prefix: 'Mr',
        firstName: 'Andy',
        lastName: 'Moore',
        middleName: 'Robert',
        printAs: 'Andy Moore',
        companyName: 'Sage',
        phone1: '9134598676',
        mobile: '9133132299',
        fax: '9134598677',
        email1: 'andy.moore@mycompany.com',
        URL1: 'http://andy.exampledomain.com',
        mailingAddress: {
          addressLine1: '744 Edgewater Blvd',
          city: 'Kansas City',
          state: 'KS',
          postCode: '66104',
          isoCountryCode: 'us',
        },
        tax: { isTaxable: true, taxId: '123-12-1234', group: { id: 'New York' } },
        status: 'active',
        entityUseCode: 'A',
        priceSchedule: { id: 'Discount-Premium' },
      });
      expect(
        await readBack('CONTACT', key, [
          'CONTACTNAME',
          'PRINTAS',
          'FIRSTNAME',
          'LASTNAME',
          'INITIAL',
          'CELLPHONE',
          'EMAIL1',
          'MAILADDRESS.CITY',
          'MAILADDRESS.ZIP',
          'TAXABLE',
          'TAXGROUP',
          'TAXID',
          'STATUS',
        ]),
      ).toMatchObject({
        CONTACTNAME: 'AMoore',
        PRINTAS: 'Andy Moore',
        INITIAL: 'Robert',
        CELLPHONE: '9133132299',
        'MAILADDRESS.CITY': 'Kansas City',
        TAXABLE: 'true',
        TAXGROUP: 'New York',
        TAXID: '123-12-1234',
      });
      // PATCH example "Assign a price list and set a contact as non-taxable".
      const at = `${objects('company-config/contact')}/${key}`;
      const patched = await send(
        'PATCH',
        at,
        { priceList: { id: 'Best customer pricing' }, tax: { isTaxable: false } },
        auth,
      );
      expect(patched.status).toBe(200);
      expect(await readBack('CONTACT', key, ['PRICELIST', 'TAXABLE'])).toMatchObject({
        PRICELIST: 'Best customer pricing',
        TAXABLE: 'false',
      });
      await refused('PATCH', at, [
        [{ emial1: 'x@y.z' }, 'write.unknown-field', 'emial1'],
        // The schema lists no audit for a contact: audit.createdByUser is not one of its keys.
        [{ audit: { createdByUser: { id: 'Admin' } } }, 'write.unknown-field', 'audit.createdByUser.id'],
        [{ entity: { key: '54' } }, 'write.read-only-field', 'entity.key'],
        [{ priceSchedule: { key: 7 } }, 'write.invalid-value', 'priceSchedule.key'],
      ]);
    });

    it('item: the OpenAPI\'s "Create an item" example replayed and read back', async () => {
      // spec/inventory-control.json POST /objects/inventory-control/item, example "Create an item" (objects.
      // inventory-control.item). Kept: id, name, status, itemType, costMethod, productLine, description (the catalog's
      // EXTENDED_DESCRIPTION), notes, unitOfMeasure (the catalog's UOMGRP), inventory.glGroup, sales.basePrice and
      // isTaxable, purchasing.standardCost, itemDetails.universalProductCode, enableFulfillment; every other key the
      // schema lists is accepted and not kept. The example's commercial.defaultConversionType is left out: the schema
      // has defaultConversionType at the top level, not under commercial, so it is refused there (below).
      const body = {
        id: 'Dell_15_6_XPS_15_Multi_Touch',
        name: 'Dell 15.6 XPS 15 Multi-Touch Laptop (Platinum Silver)',
        status: 'active',
        description: 'Dell 15.6 XPS 15 Multi-Touch Laptop (Platinum Silver)',
        costMethod: 'standard',
        notes: 'Dell 15.6 XPS 15 Multi-Touch Laptop (Platinum Silver)',
        itemType: 'inventory',
        productLine: { id: '2' },
        kitRevenuePosting: null,
        substituteItemId: '',
        inventory: { shippingWeight: 120, glGroup: { id: 'Auto GL Group' } },
        sales: {
          isTaxable: true,
          basePrice: '1300',
          taxGroup: { id: 'Goods Standard Rate' },
          taxSolution: { id: 'United Kingdom - VAT' },
          isAvailableForDropShip: false,
          isAvailableForBuyToOrder: false,
          allowMultipleTaxGroups: false,
        },
        purchasing: { standardCost: '1200' },
        unitOfMeasure: { id: 'Count' },
        precision: { inventoryPrecision: 10, purchasingPrecision: 10, salesPrecision: 10, upc: '23342' },
        tracking: {
          enableSerialNo: true,
          serialMask: '',
          enableLotCategory: false,
          lotCategory: '',
          enableBins: false,
          enableExpiration: false,
        },
        replenishment: {
          enableReplenishment: true,
          replenishmentMethod: 'reorderPoint',
          unitOfMeasureDefault: 'Each',
          reorderPoint: 1,
          safetyStock: 1,
          reorderQuantity: 1,
          maximumOrderQuantity: 10,
        },
        measurements: {
          weightUnitOfMeasure: { id: 'Grams' },
          netWeight: 12,
          lengthWidthHeightUnitOfMeasure: { id: 'Centimeters' },
          length: 12.4554,
          width: 12,
          height: 12,
          thicknessUnitOfMeasure: { id: 'Centimeters' },
          thickness: 12,
          minimumThickness: 12,
          maximumThickness: 13,
          areaUnitOfMeasure: { id: 'Square Inch' },
          area: 12,
          volumeUnitOfMeasure: { id: 'Cubic Centimeters' },
          volume: 22,
          diameterUnitOfMeasure: { id: 'Centimeters' },
          innerDiameter: 12,
          outerDiameter: 12,
          durometerUnitOfMeasure: '22',
          densityUnitOfMeasure: 'grams per cubic centimeter',
          density: 22,
        },
        itemDetails: {
          universalProductCode: 123456789123,
          internationalArticleNumber: 1234567891234,
          isSafetyItem: true,
          isRestrictedItem: false,
          isCompliantItem: false,
          condition: 'Good',
          engineeringAlert: 'Verification of Item',
          specification1: 'Dell 15.6 XPS 15',
          isApprovedByEngineering: true,
          isApprovedByQualityControl: true,
          isApprovedBySales: true,
          primaryCountryOfOrigin: 'USA',
        },
        contractTerm: {
          periodsMeasuredIn: 'weeks',
          numberOfPeriods: 99,
          isProratedPricingAllowed: false,
          defaultRenewalTemplate: { id: 'SUBInvoiceSameAsOriginalPrcie' },
        },
        commercial: {
          brand: 'Dell Inspiron',
          subBrand: 'Dell 15 inch',
          category: 'Dell 15.6 XPS 15',
          subCategory: 'Dell 15.6 XPS 15',
          catalogReference: 'Dell 15.6 XPS 15 Multi',
          color: 'Platinum Silver',
          size1: '12',
          size2: '12',
          isGiftCard: true,
          isWebEnabled: true,
          webName: 'Dell Inspiration 15 inch LED',
          webShortDiscription: 'Dell Inspiration 15 inch LED',
          webLongDescription: 'Dell 15.6 XPS 15 Multi-Touch Laptop (Platinum Silver)',
        },
        enableFulfillment: false,
        itemVendor: [
          {
            vendor: { key: '12' },
            stockNumber: '#5678901234',
            leadTime: 15,
            demandForecastDuringLeadTime: 5,
            economicalOrderQuantity: 10,
            vendorMinimumOrderQuantity: 10,
            isPreferredVendor: true,
          },
        ],
        landedCost: { enableLandedCost: true },
      };
      // The example's warehouseInfo (a list of objects.inventory-control.item-warehouse-inventory) is created with the
      // item, each entry an ITEMWAREHOUSEINFO record linked to it by ITEMID (the catalog's item relationship), readable
      // as its own object through the XML query and REST GET (docs/writes.md, "REST bodies").
      const warehouseInfo = [{ warehouse: { key: '2' }, storageArea: 'Bella', reorderPoint: 1 }];
      const key = await created('inventory-control/item', { ...body, warehouseInfo });
      const [info, ...more] = await query(g, 'ITEMWAREHOUSEINFO', ['RECORDNO'], 'ITEMID', body.id);
      expect(more).toEqual([]);
      expect(
        await readBack('ITEMWAREHOUSEINFO', info!.RECORDNO!, ['ITEMID', 'WAREHOUSEKEY', 'STORAGEAREA', 'REORDERPOINT']),
      ).toMatchObject({ ITEMID: body.id, WAREHOUSEKEY: '2', STORAGEAREA: 'Bella', REORDERPOINT: '1' });
      expect(
        await readBack('ITEM', key, [
          'ITEMID',
          'NAME',
          'ITEMTYPE',
          'COST_METHOD',
          'PRODUCTLINEID',
          'EXTENDED_DESCRIPTION',
          'UOMGRP',
          'GLGROUP',
          'BASEPRICE',
          'STANDARD_COST',
          'TAXABLE',
          'UPC',
        ]),
      ).toMatchObject({
        ITEMID: 'Dell_15_6_XPS_15_Multi_Touch',
        ITEMTYPE: 'Inventory',
        PRODUCTLINEID: '2',
        UOMGRP: 'Count',
        GLGROUP: 'Auto GL Group',
        TAXABLE: 'true',
        UPC: '123456789123',
      });
      const at = `${objects('inventory-control/item')}/${key}`;
      // PATCH example "Update an item": description and its landed costs (accepted, not kept); the example's attachment
      // is left out, the catalog keeps no SUPDOCID for an item and the schema's attachment is a reference, accepted
      // and not kept, so it is sent as such.
      const patched = await send(
        'PATCH',
        at,
        {
          description: '12th Gen Core i3-1215U',
          itemLandedCost: [{ key: '74', distributionMethod: 'count', landedCostValue: '1.000000000', active: true }],
          attachment: { id: 'Supporting doc' },
        },
        auth,
      );
      expect(patched.status).toBe(200);
      expect(await readBack('ITEM', key, ['EXTENDED_DESCRIPTION'])).toMatchObject({
        EXTENDED_DESCRIPTION: '12th Gen Core i3-1215U',
      });
      await refused('PATCH', at, [
        [
          { commercial: { defaultConversionType: 'quantity' } },
          'write.unknown-field',
          'commercial.defaultConversionType',
        ],
        [{ quantityOnHand: '3' }, 'write.read-only-field', 'quantityOnHand'],
        [{ defaultConversionType: 'weight' }, 'write.invalid-value', 'defaultConversionType'],
        [{ replenishment: { reorderPoint: 1.5 } }, 'write.invalid-value', 'replenishment.reorderPoint'],
      ]);
    });

    it('journal entry: the OpenAPI\'s "Create a journal entry" example replayed with its lines, balanced, read back', async () => {
      // spec/general-ledger.json POST /objects/general-ledger/journal-entry, example "Create a journal entry"
      // (objects.general-ledger.journal-entry and .journal-entry-line), with the demo's journal, account and dimensions
      // named by id (the example names the dimensions by key, a property the catalog lacks, so a reference by key
      // alone would not be kept). The example's scheduledOperationKey is left out: the schema marks it readOnly, and
      // ledgerq refuses a read-only property sent with a value (below).
      const line = (txnType: string) => ({
        txnType,
        txnAmount: '200',
        glAccount: { id: ids.account },
        dimensions: { department: { id: ids.department }, location: { id: ids.location } },
        documentId: `October_revenue_${txnType}_transactions`,
      });
      const body = {
        glJournal: { id: ids.journal },
        postingDate: '2024-11-01',
        description: 'October revenue posting',
        lines: [line('credit'), line('debit')],
      };
      const key = await created('general-ledger/journal-entry', body);
      expect(
        await readBack('GLBATCH', key, ['RECORDNO', 'BATCHNO', 'BATCH_TITLE', 'BATCH_DATE', 'JOURNAL', 'STATE']),
      ).toMatchObject({
        BATCHNO: key,
        BATCH_TITLE: 'October revenue posting',
        BATCH_DATE: '11/01/2024',
        JOURNAL: ids.journal,
        STATE: 'Posted',
      });
      const lineFields = [
        'RECORDNO',
        'LINE_NO',
        'TR_TYPE',
        'ACCOUNTNO',
        'TRX_AMOUNT',
        'AMOUNT',
        'DOCUMENT',
        'LOCATION',
      ];
      const lines = await query(g, 'GLENTRY', lineFields, 'BATCHNO', key);
      expect(
        lines.map((l) => [l.LINE_NO, l.TR_TYPE, l.ACCOUNTNO, l.TRX_AMOUNT, l.AMOUNT, l.DOCUMENT, l.LOCATION]).sort(),
      ).toEqual([
        ['1', '-1', ids.account, '200', '200', 'October_revenue_credit_transactions', ids.location],
        ['2', '1', ids.account, '200', '200', 'October_revenue_debit_transactions', ids.location],
      ]);
      for (const l of lines) await readBack('GLENTRY', l.RECORDNO!, lineFields);

      const entries = objects('general-ledger/journal-entry');
      await refused('POST', entries, [
        [{ ...body, scheduledOperationKey: '40' }, 'write.read-only-field', 'scheduledOperationKey'],
        [{ ...body, lines: [line('credit'), { ...line('debit'), txnAmount: '150' }] }, 'write.invalid-value', 'lines'],
        [{ ...body, lines: [] }, 'write.required-field', 'lines'],
        [{ ...body, lines: [line('credit'), { ...line('debit'), memo: 'x' }] }, 'write.unknown-field', 'memo'],
        [
          { ...body, lines: [line('credit'), { ...line('debit'), interEntityTxnType: 'r' }] },
          'write.read-only-field',
          'interEntityTxnType',
        ],
        [{ ...body, lines: [line('credit'), { ...line('debit'), txnType: 'both' }] }, 'write.invalid-value', 'TR_TYPE'],
      ]);
      // spec/general-ledger.json PATCH /objects/general-ledger/journal-entry/{key}, example "Update a  journal entry":
      // the posting date, and both lines by key, their types swapped and amounts halved (the demo's account and
      // dimensions by id); automaticReversalDate, which the catalog lacks, is accepted and not kept.
      const at = `${entries}/${key}`;
      const [credit, debit] = [...lines].sort((a, b) => Number(a.LINE_NO) - Number(b.LINE_NO)).map((l) => l.RECORDNO!);
      const changed = (lineKey: string, txnType: string, documentId: string) => ({
        key: lineKey,
        txnType,
        txnAmount: '100',
        glAccount: { id: ids.account },
        dimensions: { department: { id: ids.department }, location: { id: ids.location } },
        documentId,
        currency: { txnCurrency: 'USD' },
      });
      const patch = {
        key,
        postingDate: '2024-12-11',
        automaticReversalDate: '2024-12-31',
        lines: [changed(credit!, 'debit', 'Debit-USD-195'), changed(debit!, 'credit', 'Credit-USD-196')],
      };
      const patched = await send('PATCH', at, patch, auth);
      if (patched.status !== 200) console.log(JSON.stringify(patched.body));
      expect(patched.status).toBe(200);
      expect(await readBack('GLBATCH', key, ['BATCH_DATE'])).toMatchObject({ BATCH_DATE: '12/11/2024' });
      const linesNow = async () =>
        (await query(g, 'GLENTRY', lineFields, 'BATCHNO', key))
          .map((l) => [l.LINE_NO, l.TR_TYPE, l.TRX_AMOUNT, l.AMOUNT, l.DOCUMENT])
          .sort();
      const swapped = [
        ['1', '1', '100', '100', 'Debit-USD-195'],
        ['2', '-1', '100', '100', 'Credit-USD-196'],
      ];
      expect(await linesNow()).toEqual(swapped);
      // A change that leaves the entry unbalanced (one line changed, or one added) is refused whole; nothing moves.
      await refused('PATCH', at, [
        [{ lines: [{ key: credit, txnAmount: '90' }] }, 'write.invalid-value', 'lines'],
        [
          { postingDate: '2024-12-12', lines: [{ ...changed(credit!, 'debit', 'x'), key: undefined }] },
          'write.invalid-value',
          'lines',
        ],
        [{ lines: [{ key: credit, txnAmount: '100', memo: 'x' }] }, 'write.unknown-field', 'memo'],
        [{ txnSource: 'bank' }, 'write.read-only-field', 'txnSource'],
        [{ eReportingType: 'purchase' }, 'write.invalid-value', 'eReportingType'],
      ]);
      expect(await linesNow()).toEqual(swapped);
      expect(await readBack('GLBATCH', key, ['BATCH_DATE'])).toMatchObject({ BATCH_DATE: '12/11/2024' });
      // A balanced pair added without keys is written after the last line.
      const added = await send(
        'PATCH',
        at,
        {
          lines: [
            { ...changed(credit!, 'debit', 'A'), key: undefined },
            { ...changed(debit!, 'credit', 'B'), key: undefined },
          ],
        },
        auth,
      );
      expect(added.status).toBe(200);
      expect((await linesNow()).map((l) => [l[0], l[4]])).toEqual([
        ['1', 'Debit-USD-195'],
        ['2', 'Credit-USD-196'],
        ['3', 'A'],
        ['4', 'B'],
      ]);
      const stranger = await send('PATCH', at, { lines: [{ key: '999999', txnAmount: '1' }] }, auth);
      expect(stranger.status).toBe(404);
    });

    it('employee expense: the OpenAPI\'s "Create an employee expense" example replayed in the schema\'s keys and read back', async () => {
      // spec/expenses.json POST /objects/expenses/employee-expense, example "Create an employee expense" (objects.
      // expenses.employee-expense and .employee-expense-line), with the demo's employee, account, payment type and
      // dimensions. The example disagrees with its own schema in five places, each replayed in the schema's spelling and
      // refused as sent (below): basePaymentInformation and reimbursementInformation (the schema's basePayment and
      // reimbursement), expenseSummary.title (readOnly), a line's `id` (readOnly; the example's value is a GL account
      // id, sent as glAccount.id), `unitrate` (unitRate), `account: null` (not listed), and paymentType's name and
      // isNonreimbursable (not listed; isNonReimbursable is readOnly). One currency: txnCurrency is the company's, the
      // conversion (transactionToReimburseConversion) is accepted and not kept.
      const line = {
        paidTo: 'paid To',
        paidFor: 'paid For',
        isBillable: false,
        form1099: { isForm1099: 'true', type: 'MISC', box: '3' },
        glAccount: { id: ids.account },
        paymentType: { id: ids.paymentType },
        quantity: '10',
        unitRate: '20',
        txnCurrency: 'USD',
        txnAmount: '100',
        transactionToReimburseConversion: { exchangeRateDate: '2021-03-11', exchangeRateTypeId: 'Intacct Daily Rate' },
        dimensions: demoDimensions(ids),
      };
      const body = {
        state: 'submitted',
        expenseReportNumber: 'EXP-00001',
        employee: { id: ids.employee },
        createdDate: '2021-03-11',
        expenseSummary: { postingDate: '2021-01-31' },
        basePayment: { baseCurrency: 'USD' },
        reimbursement: { reimbursementCurrency: 'USD' },
        description: 'Travel expense',
        memo: 'Paid to employee',
        lines: [line],
      };
      const key = await created('expenses/employee-expense', body);
      expect(
        await readBack('EEXPENSES', key, [
          'RECORDID',
          'EMPLOYEEID',
          'WHENCREATED',
          'WHENPOSTED',
          'STATE',
          'DESCRIPTION',
          'MEMO',
          'TOTALENTERED',
          'TOTALDUE',
        ]),
      ).toMatchObject({
        RECORDID: 'EXP-00001',
        EMPLOYEEID: ids.employee,
        WHENPOSTED: '01/31/2021',
        STATE: 'Submitted',
        TOTALENTERED: '100',
        TOTALDUE: '100',
      });
      const lineFields = [
        'RECORDNO',
        'ACCOUNTNO',
        'TRX_AMOUNT',
        'QUANTITY',
        'UNITRATE',
        'EXPPMTTYPE',
        'FORM1099TYPE',
        'CLASSID',
      ];
      const [written] = await query(g, 'EEXPENSESITEM', lineFields, 'RECORDKEY', key);
      expect(written).toMatchObject({
        ACCOUNTNO: ids.account,
        TRX_AMOUNT: '100',
        QUANTITY: '10',
        UNITRATE: '20',
        EXPPMTTYPE: ids.paymentType,
        FORM1099TYPE: 'MISC',
        CLASSID: ids.class,
      });
      await readBack('EEXPENSESITEM', written!.RECORDNO!, lineFields);

      const reports = objects('expenses/employee-expense');
      const { paymentType: _named, ...unnamed } = line;
      await refused('POST', reports, [
        [
          { ...body, basePaymentInformation: { baseCurrency: 'USD' } },
          'write.unknown-field',
          'basePaymentInformation.baseCurrency',
        ],
        [
          { ...body, reimbursementInformation: { reimbursementCurrency: 'EUR' } },
          'write.unknown-field',
          'reimbursementInformation.reimbursementCurrency',
        ],
        [
          { ...body, expenseSummary: { title: 'Expenses - Q1 batch' } },
          'write.read-only-field',
          'expenseSummary.title',
        ],
        // A line's `id` is its record number in the catalog (RECORDNO), read-only, named as the catalog names it.
        [{ ...body, lines: [{ ...line, id: '6775.30' }] }, 'write.read-only-field', 'RECORDNO'],
        [{ ...body, lines: [{ ...line, unitrate: '20' }] }, 'write.unknown-field', 'unitrate'],
        [{ ...body, lines: [{ ...line, account: null }] }, 'write.unknown-field', 'account'],
        [
          { ...body, lines: [{ ...unnamed, paymentType: { key: '1', name: 'Non-reimburse' } }] },
          'write.unknown-field',
          'paymentType.name',
        ],
        [{ ...body, lines: [{ ...line, reimbursementAmount: '100' }] }, 'write.read-only-field', 'reimbursementAmount'],
      ]);
      // PATCH example "Updates an employee expense"; reclassificationNotes, which the schema lists and the catalog
      // lacks, is accepted and not kept.
      const at = `${reports}/${key}`;
      expect((await send('PATCH', at, { memo: 'Covered by customer', reclassificationNotes: 'n' }, auth)).status).toBe(
        200,
      );
      expect(await readBack('EEXPENSES', key, ['MEMO'])).toMatchObject({ MEMO: 'Covered by customer' });
      await refused('PATCH', at, [
        [{ employeeContact: { id: 'Thomas, Glenn' } }, 'write.read-only-field', 'employeeContact.id'],
        [{ memoo: 'x' }, 'write.unknown-field', 'memoo'],
      ]);
    });
  },
);
