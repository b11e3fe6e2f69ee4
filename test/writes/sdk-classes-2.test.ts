// The official SDK's classes for objects the catalog gained after the first SDK suite (issue 17): Warehouse*,
// StatisticalAccount*, StatisticalJournalEntry*, Allocation*, Contract* and ContractLine*, BankFeeds*. Each class is
// driven through @intacct/intacct-sdk against a running server on both databases and its record read back through
// read, query and (where the object has a REST name) REST GET; each family has a payload with an element Intacct's
// reference does not list, refused with the element named. Payload shapes: the SDK's own writeXml (node_modules/
// @intacct/intacct-sdk/dist/Functions/**), and the reference pages kept as markdown in russellkt/intacct-mcp-server
// docs/*.md, named at each test.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../support/databases.ts';
import { gatewayDatabase, IA, type Gateway, startGateway } from '../xml/support/gateway-harness.ts';
import {
  catalog,
  execute,
  expectWriteRefused,
  first,
  postFunction,
  query,
  read,
  restDate,
  restGet,
  restMismatches,
  restToken,
  type Rec,
} from './write-harness.ts';

const F = IA.Functions;
const set = <T extends object>(o: T, props: Partial<T>): T => Object.assign(o, props);

/** Top-level records the cases name: a location, an employee, a warehouse, a customer, an item. */
interface Demo {
  location: string;
  employee: string;
  warehouse: string;
  customer: string;
  item: string;
  term: string;
  journal: string;
  bank: string;
  card: string;
}

async function topLevel(g: Gateway, object: string, id: string): Promise<string> {
  const scoped = catalog.require(object).fields.some((f) => f.xmlId === 'MEGAENTITYID');
  const rows = await query(g, object, scoped ? [id, 'MEGAENTITYID'] : [id], undefined, undefined, 2000);
  const row = rows.find((r) => !r.MEGAENTITYID) ?? rows[0];
  if (!row) throw new Error(`no ${object} to start from`);
  return row[id]!;
}

describe.each(BACKENDS)('SDK classes of the newer catalog objects on %s', (backend) => {
  const { url, cleanup } = gatewayDatabase(backend);
  let g: Gateway;
  let token: string;
  const demo = {} as Demo;
  beforeAll(async () => {
    g = await startGateway(url);
    token = await restToken(g);
    // A location of no entity: the demo's top-level locations are the entities' own.
    await execute(g, set(new F.Company.LocationCreate(), { locationId: 'W2LOC', locationName: 'Write location' }));
    demo.location = 'W2LOC';
    demo.employee = await topLevel(g, 'EMPLOYEE', 'EMPLOYEEID');
    demo.warehouse = await topLevel(g, 'WAREHOUSE', 'WAREHOUSEID');
    demo.customer = await topLevel(g, 'CUSTOMER', 'CUSTOMERID');
    demo.item = (await first(g, 'ITEM', ['ITEMID'])).ITEMID!;
    demo.term = (await first(g, 'ARTERM', ['NAME'])).NAME!;
    demo.journal = (await first(g, 'GLJOURNAL', ['SYMBOL'])).SYMBOL!;
    demo.bank = (await first(g, 'CHECKINGACCOUNT', ['BANKACCOUNTID'])).BANKACCOUNTID!;
    demo.card = (await first(g, 'CREDITCARD', ['CARDID'])).CARDID!;
  });
  afterAll(async () => {
    await g?.close();
    await cleanup();
  });

  /** The record found by `field` = `value` reads `expected` through query, read and REST; answers its RECORDNO. */
  async function agree(object: string, field: string, value: string, expected: Rec): Promise<string> {
    const o = catalog.require(object);
    const fields = ['RECORDNO', ...Object.keys(expected)];
    const [queried] = await query(g, object, fields, field, value);
    expect(queried).toMatchObject(expected);
    const recordNo = queried!.RECORDNO!;
    expect(await read(g, object, recordNo)).toMatchObject(expected);
    if (o.restName) {
      const rest = await restGet(g, o, recordNo, token);
      expect(rest).toMatchObject({ key: recordNo });
      // Dates read MM/DD/YYYY through the gateway and YYYY-MM-DD through REST.
      const xml = Object.fromEntries(
        Object.entries({ ...queried!, ...expected }).map(([k, v]) => [
          k,
          o.fields.find((f) => f.xmlId === k)?.type === 'date' && /^\d\d\/\d\d\/\d{4}$/.test(v) ? restDate(v) : v,
        ]),
      );
      expect(restMismatches(o, xml, rest!)).toEqual([]);
    }
    return recordNo;
  }

  async function gone(object: string, recordNo: string): Promise<void> {
    expect(await query(g, object, ['RECORDNO'], 'RECORDNO', recordNo)).toEqual([]);
    expect(await read(g, object, recordNo)).toBeUndefined();
    const o = catalog.require(object);
    if (o.restName) expect(await restGet(g, o, recordNo, token)).toBeNull();
  }

  // WarehouseCreate / WarehouseUpdate / WarehouseDelete write the generic create, update (LOC, CONTACTINFO and SHIPTO
  // groups) and delete; Intacct's warehouses reference lists each element (docs/inventory-control-warehouses.md).
  it('WarehouseCreate, WarehouseUpdate, WarehouseDelete', async () => {
    await execute(
      g,
      set(new F.InventoryControl.WarehouseCreate(), {
        warehouseId: 'WWH-1',
        warehouseName: 'Write Warehouse',
        locationId: demo.location,
        managerEmployeeId: demo.employee,
        parentWarehouseId: demo.warehouse,
        warehouseContactName: 'Someone',
        shipToContactName: 'Someone Else',
      }),
    );
    // USEDINGL: "(Default: `true`)"; STATUS "(Default: `active`)".
    const created = {
      WAREHOUSEID: 'WWH-1',
      NAME: 'Write Warehouse',
      LOCATIONID: demo.location,
      MANAGERID: demo.employee,
      PARENTID: demo.warehouse,
      USEDINGL: 'true',
      STATUS: 'active',
    };
    const recordNo = await agree('WAREHOUSE', 'WAREHOUSEID', 'WWH-1', created);
    await execute(
      g,
      set(new F.InventoryControl.WarehouseUpdate(), {
        recordNo: Number(recordNo),
        warehouseName: 'Write Warehouse 2',
        usedInGeneralLedger: false,
        active: false,
      }),
    );
    const updated = { ...created, NAME: 'Write Warehouse 2', USEDINGL: 'false', STATUS: 'inactive' };
    expect(await agree('WAREHOUSE', 'WAREHOUSEID', 'WWH-1', updated)).toBe(recordNo);
    await execute(g, set(new F.InventoryControl.WarehouseDelete(), { recordNo: Number(recordNo) }));
    await gone('WAREHOUSE', recordNo);
  });

  it('a warehouse element the reference does not list is refused by name', async () => {
    const make = (extra: string) =>
      postFunction(
        g,
        `<create><WAREHOUSE><WAREHOUSEID>WWH-2</WAREHOUSEID><NAME>W</NAME><LOC><LOCATIONID>${demo.location}</LOCATIONID></LOC>${extra}</WAREHOUSE></create>`,
      );
    const email = await make('<CONTACTINFO><EMAIL1>a@b.c</EMAIL1></CONTACTINFO>');
    expect(email.status).toBe('failure');
    expect(email.body).toContain('CONTACTINFO.EMAIL1 is not a field of WAREHOUSE');
    const loc = await make('<LOC><LOCATIONNAME>x</LOCATIONNAME></LOC>');
    expect(loc.body).toContain('LOC.LOCATIONNAME is not a field of WAREHOUSE');
    await expectWriteRefused(
      execute(g, set(new F.InventoryControl.WarehouseUpdate(), { warehouseId: 'NOPE-WH', warehouseName: 'x' })),
      /No WAREHOUSE record with WAREHOUSEID 'NOPE-WH' exists/,
    );
    expect(await query(g, 'WAREHOUSE', ['RECORDNO'], 'WAREHOUSEID', 'WWH-2')).toEqual([]);
  });
  // StatisticalAccountCreate / StatisticalAccountUpdate write the generic create and update of STATACCOUNT;
  // StatisticalAccountDelete the legacy delete_statglaccount glaccountno= (docs/general-ledger-stat-accounts.md lists
  // each; REQUIRECONTRACT and REQUIREWAREHOUSE are its create_statglaccount parameters, accepted and not kept).
  it('StatisticalAccountCreate, StatisticalAccountUpdate, StatisticalAccountDelete', async () => {
    await execute(
      g,
      set(new F.GeneralLedger.StatisticalAccountCreate(), {
        accountNo: 'WST-1',
        title: 'Write headcount',
        reportType: 'forperiod',
        systemCategory: 'Headcount',
        requireDepartment: true,
        requireContract: true,
        requireWarehouse: false,
      }),
    );
    const created = {
      ACCOUNTNO: 'WST-1',
      TITLE: 'Write headcount',
      ACCOUNTTYPE: 'forperiod',
      CATEGORY: 'Headcount',
      REQUIREDEPT: 'true',
      STATUS: 'active',
    };
    const recordNo = await agree('STATACCOUNT', 'ACCOUNTNO', 'WST-1', created);
    await execute(
      g,
      set(new F.GeneralLedger.StatisticalAccountUpdate(), {
        accountNo: 'WST-1',
        title: 'Write headcount 2',
        requireLocation: true,
        active: false,
      }),
    );
    const updated = { ...created, TITLE: 'Write headcount 2', REQUIRELOC: 'true', STATUS: 'inactive' };
    expect(await agree('STATACCOUNT', 'ACCOUNTNO', 'WST-1', updated)).toBe(recordNo);
    // readByName names a statistical account by ACCOUNTNO ("Get Statistical Account by ID").
    const byName = new IA.Functions.Common.ReadByName();
    byName.objectName = 'STATACCOUNT';
    byName.names = ['WST-1'];
    expect((await execute(g, byName)).data).toMatchObject([{ RECORDNO: recordNo, TITLE: 'Write headcount 2' }]);
    const deleted = await execute(g, set(new F.GeneralLedger.StatisticalAccountDelete(), { accountNo: 'WST-1' }));
    expect(deleted.key).toBe('WST-1');
    await gone('STATACCOUNT', recordNo);
  });

  it('a statistical account element the reference does not list is refused by name', async () => {
    const r = await postFunction(
      g,
      '<create><STATACCOUNT><ACCOUNTNO>WST-2</ACCOUNTNO><TITLE>T</TITLE><NORMALBALANCE>debit</NORMALBALANCE></STATACCOUNT></create>',
    );
    expect(r.status).toBe('failure');
    expect(r.body).toContain('NORMALBALANCE is not a field of STATACCOUNT');
    await expectWriteRefused(
      execute(g, set(new F.GeneralLedger.StatisticalAccountDelete(), { accountNo: 'WST-2' })),
      /No STATACCOUNT record with ACCOUNTNO 'WST-2' exists/,
    );
  });
  /** An allocation's entries in order, as query answers them. */
  const entriesOf = async (recordNo: string) =>
    (
      await query(
        g,
        'ALLOCATIONENTRY',
        ['RECORDNO', 'ALLOCATIONKEY', 'VALUE', 'LOCATIONID', 'DEPARTMENTID'],
        'ALLOCATIONKEY',
        recordNo,
      )
    ).sort((a, b) => Number(a.RECORDNO) - Number(b.RECORDNO));

  const allocationLine = (amount: number, departmentId?: string) => {
    const l = new F.Company.AllocationLine();
    return set(l, { amount, locationId: demo.location, ...(departmentId ? { departmentId } : {}) });
  };

  // AllocationCreate / AllocationUpdate write the generic create and update of ALLOCATION with ALLOCATIONENTRIES;
  // AllocationDelete the legacy delete_allocation key=<ALLOCATIONID> (docs/general-ledger-transaction-allocations.md
  // lists every element; entries must add up to 100 for the Percentage type). ALLOCATION has no REST name.
  it('AllocationCreate, AllocationUpdate, AllocationDelete', async () => {
    const department = (await first(g, 'DEPARTMENT', ['DEPARTMENTID'])).DEPARTMENTID!;
    await execute(
      g,
      set(new F.Company.AllocationCreate(), {
        allocationId: 'WAL-1',
        allocationBy: 'Percentage',
        description: 'Write allocation',
        documentNo: 'DOC-1',
        lines: [allocationLine(40), allocationLine(60, department)],
      }),
    );
    const created = {
      ALLOCATIONID: 'WAL-1',
      TYPE: 'Percentage',
      DESCRIPTION: 'Write allocation',
      DOCNUMBER: 'DOC-1',
      STATUS: 'active',
    };
    const recordNo = await agree('ALLOCATION', 'ALLOCATIONID', 'WAL-1', created);
    expect(await entriesOf(recordNo)).toMatchObject([
      { ALLOCATIONKEY: recordNo, VALUE: '40', LOCATIONID: demo.location, DEPARTMENTID: '' },
      { ALLOCATIONKEY: recordNo, VALUE: '60', LOCATIONID: demo.location, DEPARTMENTID: department },
    ]);
    const [line] = await entriesOf(recordNo);
    expect(await read(g, 'ALLOCATIONENTRY', line!.RECORDNO!)).toMatchObject({ VALUE: '40', ALLOCATIONKEY: recordNo });
    // The update's entries replace the stored ones (AllocationUpdate names the allocation by ALLOCATIONID).
    await execute(
      g,
      set(new F.Company.AllocationUpdate(), {
        allocationId: 'WAL-1',
        description: 'Write allocation 2',
        active: false,
        lines: [allocationLine(25), allocationLine(25), allocationLine(50)],
      }),
    );
    const updated = { ...created, DESCRIPTION: 'Write allocation 2', STATUS: 'inactive' };
    expect(await agree('ALLOCATION', 'ALLOCATIONID', 'WAL-1', updated)).toBe(recordNo);
    expect((await entriesOf(recordNo)).map((e) => e.VALUE)).toEqual(['25', '25', '50']);
    // Without entries, an update changes the header only.
    await execute(g, set(new F.Company.AllocationUpdate(), { allocationId: 'WAL-1', active: true }));
    expect((await entriesOf(recordNo)).map((e) => e.VALUE)).toEqual(['25', '25', '50']);
    const deleted = await execute(g, set(new F.Company.AllocationDelete(), { allocationId: 'WAL-1' }));
    expect(deleted.key).toBe('WAL-1');
    await gone('ALLOCATION', recordNo);
    expect(await entriesOf(recordNo)).toEqual([]);
  });

  // The reference's second create example: TYPE "Fixed amount with over/under logic", VALUETYPE on each entry, exact
  // amounts first and the percentages adding up to 100.
  it("the reference's over/under allocation is served; entries that break the TYPE's rules are refused", async () => {
    const entry = (valueType: string, value: string) =>
      `<ALLOCATIONENTRY><VALUETYPE>${valueType}</VALUETYPE><VALUE>${value}</VALUE><LOCATIONID>${demo.location}</LOCATIONID></ALLOCATIONENTRY>`;
    const make = (id: string, type: string, entries: string) =>
      postFunction(
        g,
        `<create><ALLOCATION><ALLOCATIONID>${id}</ALLOCATIONID><DESCRIPTION/><STATUS>active</STATUS><TYPE>${type}</TYPE>` +
          `<DOCNUMBER/><SUPDOCID/><ALLOCATIONENTRIES>${entries}</ALLOCATIONENTRIES></ALLOCATION></create>`,
      );
    const over = await make(
      'WAL-2',
      'Fixed amount with over/under logic',
      entry('Amount', '500') + entry('Percent', '40') + entry('Percent', '60'),
    );
    expect(over.status).toBe('success');
    const [row] = await query(g, 'ALLOCATION', ['RECORDNO', 'TYPE'], 'ALLOCATIONID', 'WAL-2');
    expect(row!.TYPE).toBe('Fixed amount with over/under logic');
    expect((await entriesOf(row!.RECORDNO!)).map((e) => e.VALUE)).toEqual(['500', '40', '60']);
    const refused = async (id: string, type: string, entries: string, message: string) => {
      const r = await make(id, type, entries);
      expect(r.status).toBe('failure');
      expect(r.body).toContain(message);
      expect(await query(g, 'ALLOCATION', ['RECORDNO'], 'ALLOCATIONID', id)).toEqual([]);
    };
    await refused('WAL-3', 'Percentage', entry('Percent', '40') + entry('Percent', '50'), 'add up to 90, not 100');
    await refused(
      'WAL-3',
      'Fixed amount with over/under logic',
      entry('Percent', '100') + entry('Amount', '5'),
      'exact amounts must come before',
    );
    await refused(
      'WAL-3',
      'Fixed amount with over/under logic',
      `<ALLOCATIONENTRY><VALUE>100</VALUE><LOCATIONID>${demo.location}</LOCATIONID></ALLOCATIONENTRY>`,
      'Required field VALUETYPE of ALLOCATIONENTRY is missing',
    );
    await refused('WAL-3', 'Halves', entry('Percent', '100'), 'Invalid value for TYPE of ALLOCATION');
    await refused('WAL-3', 'Percentage', '', 'needs at least one ALLOCATIONENTRY');
    // An element the reference does not list for an entry is refused by name.
    await refused(
      'WAL-3',
      'Absolute',
      `<ALLOCATIONENTRY><VALUE>10</VALUE><LOCATIONID>${demo.location}</LOCATIONID><TASKID>T1</TASKID></ALLOCATIONENTRY>`,
      'TASKID is not a field of ALLOCATIONENTRY',
    );
    // An entry is written only with its allocation.
    const bare = await postFunction(g, `<create><ALLOCATIONENTRY><VALUE>10</VALUE></ALLOCATIONENTRY></create>`);
    expect(bare.body).toMatch(/ALLOCATIONENTRY record is written/);
  });
  const contract = (id: string, props: Partial<IA.Functions.ContractsRevMgmt.ContractCreate> = {}) =>
    set(new F.ContractsRevMgmt.ContractCreate(), {
      contractId: id,
      customerId: demo.customer,
      contractName: 'Write contract',
      beginDate: new Date(2025, 0, 1),
      endDate: new Date(2025, 11, 31),
      billingFrequency: 'Monthly',
      paymentTerm: demo.term,
      locationId: demo.location,
      ...props,
    });

  // ContractCreate / ContractUpdate / ContractDelete write the generic create, update and delete of CONTRACT;
  // ContractLineCreate / ContractLineUpdate / ContractLineDelete those of CONTRACTDETAIL; ContractLineHold and
  // ContractLineResume the `hold` and `resume` functions (docs/contracts-rev-mgmt-contracts.md,
  // docs/contracts-rev-mgmt-contract-lines.md: STATE, TERMTYPE, APPLICATION and BILLINGMETHOD defaults; the reference's
  // own line examples send no LOCATIONID, which the line takes from its contract).
  it('ContractCreate/Update/Delete, ContractLineCreate/Update/Hold/Resume/Delete', async () => {
    await execute(g, contract('WCT-1', { description: 'first' }));
    const created = {
      CONTRACTID: 'WCT-1',
      CUSTOMERID: demo.customer,
      NAME: 'Write contract',
      DESCRIPTION: 'first',
      BEGINDATE: '01/01/2025',
      ENDDATE: '12/31/2025',
      BILLINGFREQUENCY: 'Monthly',
      TERMNAME: demo.term,
      LOCATIONID: demo.location,
      STATE: 'In progress',
      TERMTYPE: 'Termed',
      APPLICATION: 'C',
    };
    const contractNo = await agree('CONTRACT', 'CONTRACTID', 'WCT-1', created);
    await execute(
      g,
      set(new F.ContractsRevMgmt.ContractUpdate(), {
        recordNo: Number(contractNo),
        contractName: 'Write contract 2',
        billingFrequency: 'Quarterly',
      }),
    );
    const updated = { ...created, NAME: 'Write contract 2', BILLINGFREQUENCY: 'Quarterly' };
    expect(await agree('CONTRACT', 'CONTRACTID', 'WCT-1', updated)).toBe(contractNo);

    await execute(
      g,
      set(new F.ContractsRevMgmt.ContractLineCreate(), {
        contractId: 'WCT-1',
        itemId: demo.item,
        beginDate: new Date(2025, 0, 1),
        endDate: new Date(2025, 11, 31),
        itemDescription: 'Support',
        billingMethod: 'Fixed price',
        fixedPriceFrequency: 'One-time',
        flatFixedAmount: 1200,
      }),
    );
    const line = {
      CONTRACTID: 'WCT-1',
      ITEMID: demo.item,
      ITEMDESC: 'Support',
      BEGINDATE: '01/01/2025',
      BILLINGMETHOD: 'Fixed price',
      BILLINGOPTIONS: 'One-time',
      FLATAMOUNT: '1200',
      LOCATIONID: demo.location,
      STATE: 'In progress',
    };
    const lineNo = await agree('CONTRACTDETAIL', 'CONTRACTID', 'WCT-1', line);
    await execute(
      g,
      set(new F.ContractsRevMgmt.ContractLineUpdate(), {
        recordNo: Number(lineNo),
        itemDescription: 'Support 2',
        flatFixedAmount: 1500.5,
      }),
    );
    const changed = { ...line, ITEMDESC: 'Support 2', FLATAMOUNT: '1500.5' };
    expect(await agree('CONTRACTDETAIL', 'CONTRACTID', 'WCT-1', changed)).toBe(lineNo);

    await execute(
      g,
      set(new F.ContractsRevMgmt.ContractLineHold(), {
        recordNo: Number(lineNo),
        asOfDate: new Date(2025, 5, 1),
        holdBilling: true,
        holdRevenue: true,
      }),
    );
    const held = { ...changed, BILLING: 'true', REVENUE: 'true', ASOFDATE: '06/01/2025' };
    await agree('CONTRACTDETAIL', 'CONTRACTID', 'WCT-1', held);
    await execute(
      g,
      set(new F.ContractsRevMgmt.ContractLineResume(), {
        recordNo: Number(lineNo),
        asOfDate: new Date(2025, 6, 1),
        resumeBilling: true,
      }),
    );
    await agree('CONTRACTDETAIL', 'CONTRACTID', 'WCT-1', { ...held, BILLING: 'false', ASOFDATE: '07/01/2025' });

    // A contract with lines is not deleted; its lines first.
    await expectWriteRefused(
      execute(g, set(new F.ContractsRevMgmt.ContractDelete(), { recordNo: Number(contractNo) })),
      /is used by CONTRACTDETAIL records/,
    );
    await execute(g, set(new F.ContractsRevMgmt.ContractLineDelete(), { recordNo: Number(lineNo) }));
    await gone('CONTRACTDETAIL', lineNo);
    await execute(g, set(new F.ContractsRevMgmt.ContractDelete(), { recordNo: Number(contractNo) }));
    await gone('CONTRACT', contractNo);
  });

  it('contract elements and states the references do not allow are refused by name', async () => {
    // ENDDATE "Required when the term type is Termed" (the default).
    await expectWriteRefused(
      execute(g, contract('WCT-2', { endDate: undefined })),
      /Required field ENDDATE of CONTRACT is missing: the contract's TERMTYPE is Termed/,
    );
    const bad = await postFunction(
      g,
      `<create><CONTRACT><CONTRACTID>WCT-2</CONTRACTID><CUSTOMERID>${demo.customer}</CUSTOMERID><NAME>N</NAME>` +
        `<BEGINDATE>01/01/2025</BEGINDATE><ENDDATE>12/31/2025</ENDDATE><TERMNAME>${demo.term}</TERMNAME>` +
        `<LOCATIONID>${demo.location}</LOCATIONID><RENEWALDATE>01/01/2026</RENEWALDATE></CONTRACT></create>`,
    );
    expect(bad.body).toContain('RENEWALDATE is not a field of CONTRACT');
    await execute(g, contract('WCT-2'));
    // The SDK's ContractLineCreate writes the billing template as BILLINGTEMPLATE; the reference's element is
    // BILLINGTEMPLATENAME, so the SDK's element is refused by name.
    await expectWriteRefused(
      execute(
        g,
        set(new F.ContractsRevMgmt.ContractLineCreate(), {
          contractId: 'WCT-2',
          itemId: demo.item,
          billingMethod: 'Fixed price',
          fixedPriceFrequency: 'Use billing template',
          billingTemplate: 'Monthly',
        }),
      ),
      /BILLINGTEMPLATE is not a field of CONTRACTDETAIL/,
    );
    const cancelled = await postFunction(
      g,
      `<create><CONTRACTDETAIL><CONTRACTID>WCT-2</CONTRACTID><ITEMID>${demo.item}</ITEMID><STATE>Cancelled</STATE>` +
        `<BILLINGMETHOD>Fixed price</BILLINGMETHOD></CONTRACTDETAIL></create>`,
    );
    expect(cancelled.body).toContain('A CONTRACTDETAIL is created In progress or Draft or Renewal only, not Cancelled');
    // The reference's first line example, as raw XML: BILLINGTEMPLATENAME would name a template; without it the line is written.
    const ok = await postFunction(
      g,
      `<create><CONTRACTDETAIL><CONTRACTID>WCT-2</CONTRACTID><ITEMID>${demo.item}</ITEMID><BILLINGMETHOD>Fixed price</BILLINGMETHOD>` +
        `<BILLINGOPTIONS>One-time</BILLINGOPTIONS><BEGINDATE>09/01/2017</BEGINDATE><ENDDATE>09/01/2018</ENDDATE>` +
        `<FLATAMOUNT>1000.00</FLATAMOUNT><EXCHANGE_RATE>1</EXCHANGE_RATE></CONTRACTDETAIL></create>`,
    );
    expect(ok.status).toBe('success');
    const [line] = await query(g, 'CONTRACTDETAIL', ['RECORDNO', 'LOCATIONID'], 'CONTRACTID', 'WCT-2');
    expect(line!.LOCATIONID).toBe(demo.location);
    const hold = await postFunction(
      g,
      `<hold><CONTRACTDETAIL><RECORDNO>${line!.RECORDNO}</RECORDNO><BILLING>true</BILLING><REVENUEADJUSTMENTTYPE>One time</REVENUEADJUSTMENTTYPE></CONTRACTDETAIL></hold>`,
    );
    expect(hold.body).toContain('REVENUEADJUSTMENTTYPE is not a parameter of hold CONTRACTDETAIL');
    await expectWriteRefused(
      execute(
        g,
        set(new F.ContractsRevMgmt.ContractLineResume(), {
          recordNo: Number(line!.RECORDNO),
          asOfDate: new Date(2025, 6, 1),
          resumeExpense: true,
        }),
      ),
      /The expense schedule of CONTRACTDETAIL \d+ is not on hold/,
    );
  });
  const statLine = (account: string, amount: number, memo?: string) =>
    set(new F.GeneralLedger.StatisticalJournalEntryLineCreate(), {
      statAccountNumber: account,
      amount,
      locationId: demo.location,
      ...(memo ? { memo } : {}),
    });
  const statEntry = (lines: IA.Functions.GeneralLedger.StatisticalJournalEntryLineCreate[]) =>
    set(new F.GeneralLedger.StatisticalJournalEntryCreate(), {
      journalSymbol: demo.journal,
      postingDate: new Date(2025, 2, 31),
      description: 'Headcount 03/31/2025',
      referenceNumber: 'HC-1',
      lines,
    });

  // StatisticalJournalEntryCreate writes the generic create of GLBATCH with ENTRIES whose lines name statistical
  // accounts, one-sided (TR_TYPE 1 Increase, -1 Decrease, TRX_AMOUNT the absolute value); StatisticalJournalEntryDelete
  // the generic delete (docs/general-ledger-stat-journal-entries.md: "Stat journal entries do not need to balance like
  // regular journal entries"; a line's memo "If left blank, set this value to match BATCH_TITLE").
  it('StatisticalJournalEntryCreate with StatisticalJournalEntryLineCreate, StatisticalJournalEntryDelete', async () => {
    await execute(g, set(new F.GeneralLedger.StatisticalAccountCreate(), { accountNo: 'WST-9', title: 'Heads' }));
    const r = await execute(g, statEntry([statLine('WST-9', 12, 'hires'), statLine('WST-9', -2)]));
    const batchNo = String((r.data as Rec[])[0]!.RECORDNO);
    const header = {
      BATCH_TITLE: 'Headcount 03/31/2025',
      JOURNAL: demo.journal,
      BATCH_DATE: '03/31/2025',
      REFERENCENO: 'HC-1',
      STATE: 'Posted',
    };
    expect(await agree('GLBATCH', 'RECORDNO', batchNo, header)).toBe(batchNo);
    const lines = (
      await query(
        g,
        'GLENTRY',
        ['RECORDNO', 'BATCHNO', 'ACCOUNTNO', 'TR_TYPE', 'TRX_AMOUNT', 'DESCRIPTION', 'LOCATION'],
        'BATCHNO',
        batchNo,
      )
    ).sort((a, b) => Number(a.RECORDNO) - Number(b.RECORDNO));
    expect(lines).toMatchObject([
      { ACCOUNTNO: 'WST-9', TR_TYPE: '1', TRX_AMOUNT: '12', DESCRIPTION: 'hires', LOCATION: demo.location },
      {
        ACCOUNTNO: 'WST-9',
        TR_TYPE: '-1',
        TRX_AMOUNT: '2',
        DESCRIPTION: 'Headcount 03/31/2025',
        LOCATION: demo.location,
      },
    ]);
    expect(await read(g, 'GLENTRY', lines[0]!.RECORDNO!)).toMatchObject({ ACCOUNTNO: 'WST-9', BATCHNO: batchNo });
    await execute(g, set(new F.GeneralLedger.StatisticalJournalEntryDelete(), { recordNo: Number(batchNo) }));
    await gone('GLBATCH', batchNo);
    expect(await query(g, 'GLENTRY', ['RECORDNO'], 'BATCHNO', batchNo)).toEqual([]);
  });

  it('statistical lines mixed with GL lines, or with elements of financial lines, are refused by name', async () => {
    await execute(g, set(new F.GeneralLedger.StatisticalAccountCreate(), { accountNo: 'WST-8', title: 'Seats' }));
    const gl = (await first(g, 'GLACCOUNT', ['ACCOUNTNO'])).ACCOUNTNO!;
    await expectWriteRefused(
      execute(g, statEntry([statLine('WST-8', 3), statLine(gl, 3)])),
      new RegExp(`name statistical accounts or GL accounts, not both: ACCOUNTNO '${gl}'`),
    );
    const entry = (line: string) =>
      postFunction(
        g,
        `<create><GLBATCH><JOURNAL>${demo.journal}</JOURNAL><BATCH_DATE>03/31/2025</BATCH_DATE><BATCH_TITLE>Seats</BATCH_TITLE>` +
          `<ENTRIES><GLENTRY><ACCOUNTNO>WST-8</ACCOUNTNO><TR_TYPE>1</TR_TYPE><TRX_AMOUNT>2</TRX_AMOUNT>${line}</GLENTRY></ENTRIES></GLBATCH></create>`,
      );
    expect((await entry('<CURRENCY>USD</CURRENCY>')).body).toContain(
      'CURRENCY is not a field of a statistical GLENTRY',
    );
    expect((await entry('<UNITS>2</UNITS><HEADCOUNT>2</HEADCOUNT>')).body).toContain(
      'HEADCOUNT is not a field of GLENTRY',
    );
    // The reference's own example: AMOUNT for the amount, one line, not balanced.
    const example = await postFunction(
      g,
      `<create><GLBATCH><JOURNAL>${demo.journal}</JOURNAL><BATCH_DATE>03/31/2016</BATCH_DATE><BATCH_TITLE>Headcount 03/31/2016</BATCH_TITLE>` +
        `<ENTRIES><GLENTRY><ACCOUNTNO>WST-8</ACCOUNTNO><LOCATION>${demo.location}</LOCATION><TR_TYPE>1</TR_TYPE>` +
        '<AMOUNT>2.00</AMOUNT><DESCRIPTION>Headcount 03/31/2016</DESCRIPTION></GLENTRY></ENTRIES></GLBATCH></create>',
    );
    expect(example.status).toBe('success');
    const [batch] = await query(g, 'GLBATCH', ['RECORDNO'], 'BATCH_TITLE', 'Headcount 03/31/2016');
    expect(await query(g, 'GLENTRY', ['ACCOUNTNO', 'TRX_AMOUNT', 'TR_TYPE'], 'BATCHNO', batch!.RECORDNO!)).toEqual([
      { ACCOUNTNO: 'WST-8', TRX_AMOUNT: '2', TR_TYPE: '1' },
    ]);
  });
  const txn = (transactionType: string, amount: number, docNo: string) =>
    set(new F.CashManagement.BankAccountTransactionRecord(), {
      postingDate: new Date(2025, 3, 9),
      transactionType,
      docType: 'Check',
      docNo,
      payee: 'Office Depot',
      amount,
      description: 'Office supplies',
    });

  // BankFeedsCreate writes the generic create of BANKACCTTXNFEED with FEEDDATE and each transaction's POSTINGDATE split
  // into year/month/day and its BANKACCTTXNRECORDS; BankFeedsDelete the generic delete (docs/cash-management-bank-feeds.md:
  // "Required only if the feed type is xml"; "You cannot delete an online bank feed"). The catalog has no object for
  // the transactions: they are checked against the reference's table and not kept.
  it('BankFeedsCreate with BankAccountTransactionRecord, BankFeedsDelete', async () => {
    const r = await execute(
      g,
      set(new F.CashManagement.BankFeedsCreate(), {
        financialEntity: demo.bank,
        feedDate: new Date(2025, 4, 15),
        feedType: 'xml',
        bankAccountTxnRecords: [txn('withdrawal', -184, '198'), txn('deposit', 2000, '220')],
      }),
    );
    const recordNo = String((r.data as Rec[])[0]!.RECORDNO);
    const created = { FINANCIALENTITY: demo.bank, FEEDTYPE: 'xml', FEEDDATE: '05/15/2025' };
    expect(await agree('BANKACCTTXNFEED', 'RECORDNO', recordNo, created)).toBe(recordNo);
    await execute(g, set(new F.CashManagement.BankFeedsDelete(), { recordNo: Number(recordNo) }));
    await gone('BANKACCTTXNFEED', recordNo);
  });

  it('bank feed elements and transactions the reference does not allow are refused by name', async () => {
    const feed = (entity: string, type: string, records: string) =>
      postFunction(
        g,
        `<create><BANKACCTTXNFEED><FINANCIALENTITY>${entity}</FINANCIALENTITY><FEEDDATE>05/15/2020</FEEDDATE>` +
          `<FEEDTYPE>${type}</FEEDTYPE>${records}</BANKACCTTXNFEED></create>`,
      );
    const record = (type: string, extra = '') =>
      `<BANKACCTTXNRECORD><POSTINGDATE>04/09/2020</POSTINGDATE><TRANSACTIONTYPE>${type}</TRANSACTIONTYPE>` +
      `<DOCTYPE>Check</DOCTYPE><DOCNO>198</DOCNO><AMOUNT>-184.00</AMOUNT>${extra}</BANKACCTTXNRECORD>`;
    // The reference's first and third examples: a bank account's withdrawal, a credit card's charge.
    expect(
      (await feed(demo.bank, 'xml', `<BANKACCTTXNRECORDS>${record('withdrawal')}</BANKACCTTXNRECORDS>`)).status,
    ).toBe('success');
    expect((await feed(demo.card, 'xml', `<BANKACCTTXNRECORDS>${record('charge')}</BANKACCTTXNRECORDS>`)).status).toBe(
      'success',
    );
    const refused = async (r: Promise<{ status: string; body: string }>, message: string) => {
      const answer = await r;
      expect(answer.status).toBe('failure');
      expect(answer.body).toContain(message);
    };
    await refused(
      feed(
        demo.bank,
        'xml',
        `<BANKACCTTXNRECORDS>${record('withdrawal', '<CHECKNO>1</CHECKNO>')}</BANKACCTTXNRECORDS>`,
      ),
      'CHECKNO is not a field of BANKACCTTXNRECORD',
    );
    await refused(
      feed(demo.bank, 'xml', `<BANKACCTTXNRECORDS>${record('charge')}</BANKACCTTXNRECORDS>`),
      "Invalid TRANSACTIONTYPE 'charge' for a bank account feed",
    );
    await refused(feed(demo.bank, 'xml', ''), 'An xml BANKACCTTXNFEED needs at least one BANKACCTTXNRECORD');
    await refused(
      feed(demo.bank, 'onl', `<BANKACCTTXNRECORDS>${record('withdrawal')}</BANKACCTTXNRECORDS>`),
      'takes no BANKACCTTXNRECORDS',
    );
    await refused(feed('NO-SUCH-BANK', 'onl', ''), "Invalid FINANCIALENTITY 'NO-SUCH-BANK'");
    await refused(
      feed(demo.bank, 'onl', '<STATEMENTDATE>05/15/2020</STATEMENTDATE>'),
      'STATEMENTDATE is not a field of BANKACCTTXNFEED',
    );
    // An online feed is written, and not deleted.
    expect((await feed(demo.bank, 'onl', '')).status).toBe('success');
    const [online] = await query(g, 'BANKACCTTXNFEED', ['RECORDNO'], 'FEEDTYPE', 'onl');
    await expectWriteRefused(
      execute(g, set(new F.CashManagement.BankFeedsDelete(), { recordNo: Number(online!.RECORDNO) })),
      /is an online feed; only an xml feed can be deleted/,
    );
  });
  const subtotal = (props: Partial<IA.Functions.InventoryControl.TransactionSubtotalCreate>) =>
    set(new F.InventoryControl.TransactionSubtotalCreate(), props);

  /** The subtotals kept for document `recordNo`, in order. */
  const subtotalsOf = async (recordNo: string) =>
    (
      await query(
        g,
        'SODOCUMENTSUBTOTALS',
        ['RECORDNO', 'DOCHDRNO', 'DOCHDRID', 'DESCRIPTION', 'TOTAL', 'ABSOLUTEVALUE', 'PERCENTVALUE', 'LOCATIONID'],
        'DOCHDRNO',
        recordNo,
      )
    ).sort((a, b) => Number(a.RECORDNO) - Number(b.RECORDNO));

  // TransactionSubtotalCreate writes `<subtotals><subtotal>` in create_sotransaction (OrderEntryTransactionCreate),
  // TransactionSubtotalUpdate `<updatesubtotals><updatesubtotal>` in update_sotransaction; each element is in the
  // reference's subtotal table (docs/order-entry-order-entry-transactions.md, `create_sotransaction.subtotals.subtotal`:
  // description and total required). The subtotals are kept as SODOCUMENTSUBTOTALS of the document.
  it('TransactionSubtotalCreate and TransactionSubtotalUpdate in OrderEntryTransactionCreate / Update', async () => {
    const create = set(new F.OrderEntry.OrderEntryTransactionCreate(), {
      transactionDefinition: 'Sales Order',
      transactionDate: new Date(2026, 10, 3),
      customerId: demo.customer,
      lines: [set(new F.OrderEntry.OrderEntryTransactionLineCreate(), { itemId: demo.item, quantity: 2, price: 50 })],
      subtotals: [
        subtotal({ description: 'Shipping', total: 25, absoluteValue: 25, locationId: demo.location }),
        subtotal({ description: 'Discount', total: -10, percentageValue: -10 }),
      ],
    });
    const docid = String((await execute(g, create)).key);
    const [doc] = await query(g, 'SODOCUMENT', ['RECORDNO', 'DOCID'], 'DOCID', docid);
    const recordNo = doc!.RECORDNO!;
    const kept = await subtotalsOf(recordNo);
    expect(kept).toMatchObject([
      {
        DOCHDRNO: recordNo,
        DOCHDRID: docid,
        DESCRIPTION: 'Shipping',
        TOTAL: '25',
        ABSOLUTEVALUE: '25',
        LOCATIONID: demo.location,
      },
      { DOCHDRNO: recordNo, DESCRIPTION: 'Discount', TOTAL: '-10', PERCENTVALUE: '-10' },
    ]);
    const o = catalog.require('SODOCUMENTSUBTOTALS');
    expect(await read(g, o.xmlName, kept[0]!.RECORDNO!)).toMatchObject(kept[0]!);
    const rest = await restGet(g, o, kept[0]!.RECORDNO!, token);
    expect(restMismatches(o, kept[0]!, rest!)).toEqual([]);

    const update = set(new F.OrderEntry.OrderEntryTransactionUpdate(), {
      transactionId: docid,
      subtotals: [
        set(new F.InventoryControl.TransactionSubtotalUpdate(), {
          description: 'Shipping',
          total: 30,
          absoluteValue: 30,
        }),
      ],
    });
    await execute(g, update);
    expect((await subtotalsOf(recordNo)).map((s) => [s.DESCRIPTION, s.TOTAL])).toEqual([
      ['Shipping', '30'],
      ['Discount', '-10'],
    ]);
    await execute(g, set(new F.OrderEntry.OrderEntryTransactionDelete(), { documentId: docid }));
    expect(await subtotalsOf(recordNo)).toEqual([]);
  });

  it('subtotal elements the reference does not list, and subtotals without their required elements, are refused', async () => {
    const so = (subtotals: string) =>
      postFunction(
        g,
        `<create_sotransaction><transactiontype>Sales Order</transactiontype><datecreated><year>2026</year><month>11</month><day>03</day></datecreated>` +
          `<customerid>${demo.customer}</customerid><sotransitems><sotransitem><itemid>${demo.item}</itemid><quantity>1</quantity>` +
          `<price>10</price></sotransitem></sotransitems><subtotals>${subtotals}</subtotals></create_sotransaction>`,
      );
    const taxrate = await so('<subtotal><description>Tax</description><total>1</total><taxrate>5</taxrate></subtotal>');
    expect(taxrate.status).toBe('failure');
    expect(taxrate.body).toContain('taxrate is not a field of subtotal');
    expect((await so('<subtotal><description>Tax</description></subtotal>')).body).toContain(
      'Required element total of subtotal is missing',
    );
    const ok = await so('<subtotal><description>Tax</description><total>1.5</total></subtotal>');
    expect(ok.status).toBe('success');
    const unknown = await postFunction(
      g,
      `<update_sotransaction key="${ok.key}"><updatesubtotals><updatesubtotal><description>Freight</description><total>2</total></updatesubtotal></updatesubtotals></update_sotransaction>`,
    );
    expect(unknown.body).toContain("has no subtotal with description 'Freight'");
  });
});
