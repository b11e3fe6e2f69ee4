// The SDK's create/update/delete classes for master data, dimensions, accounts and users: each record reads back equal
// through read, query and the REST objects API.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../support/databases.ts';
import { gatewayDatabase, IA, type Gateway, startGateway } from '../xml/support/gateway-harness.ts';
import { catalog, execute, query, read, restGet, restMismatches, restToken, type Rec } from './write-harness.ts';

const F = IA.Functions;

/**
 * One row per object: the SDK classes that create, update and delete it, and the
 * values each step must leave. `update` and `remove` get the new RECORDNO (the
 * SDK's TaskUpdate and TaskDelete name a task by it). `find` is the field and
 * value the record is queried by.
 */
interface Case {
  readonly classes: string;
  readonly object: string;
  readonly find: readonly [field: string, value: string];
  readonly create: () => IA.Functions.IFunction;
  readonly created: Rec;
  readonly update: (recordNo: number) => IA.Functions.IFunction;
  readonly updated: Rec;
  /** Null when the SDK has no delete class for the object (users). */
  readonly remove: ((recordNo: number) => IA.Functions.IFunction) | null;
}

/** A project visible at the top level, found before the cases run: tasks need an existing one. */
const demo = { project: '' };

const set = <T extends object>(o: T, props: Partial<T>): T => Object.assign(o, props);

export const CASES: readonly Case[] = [
  {
    classes: 'VendorCreate, VendorUpdate, VendorDelete',
    object: 'VENDOR',
    find: ['VENDORID', 'WVE-1'],
    create: () =>
      set(new F.AccountsPayable.VendorCreate(), {
        vendorId: 'WVE-1',
        vendorName: 'Write Vendor',
        creditLimit: 1250.5,
        paymentPriority: 'High',
        comments: 'new',
      }),
    created: {
      VENDORID: 'WVE-1',
      NAME: 'Write Vendor',
      CREDITLIMIT: '1250.5',
      PAYMENTPRIORITY: 'high',
      COMMENTS: 'new',
      STATUS: 'active',
    },
    update: () =>
      set(new F.AccountsPayable.VendorUpdate(), { vendorId: 'WVE-1', vendorName: 'Write Vendor 2', active: false }),
    updated: { NAME: 'Write Vendor 2', STATUS: 'inactive' },
    remove: () => set(new F.AccountsPayable.VendorDelete(), { vendorId: 'WVE-1' }),
  },
  {
    classes: 'CustomerCreate, CustomerUpdate, CustomerDelete',
    object: 'CUSTOMER',
    find: ['CUSTOMERID', 'WCU-1'],
    create: () =>
      set(new F.AccountsReceivable.CustomerCreate(), {
        customerId: 'WCU-1',
        customerName: 'Write Customer',
        creditLimit: 500,
        comments: 'c',
      }),
    created: { CUSTOMERID: 'WCU-1', NAME: 'Write Customer', CREDITLIMIT: '500', COMMENTS: 'c', STATUS: 'active' },
    update: () =>
      set(new F.AccountsReceivable.CustomerUpdate(), {
        customerId: 'WCU-1',
        customerName: 'Write Customer 2',
        creditLimit: 750.25,
      }),
    updated: { NAME: 'Write Customer 2', CREDITLIMIT: '750.25' },
    remove: () => set(new F.AccountsReceivable.CustomerDelete(), { customerId: 'WCU-1' }),
  },
  {
    classes: 'ContactCreate, ContactUpdate, ContactDelete',
    object: 'CONTACT',
    find: ['CONTACTNAME', 'Write Contact'],
    create: () =>
      set(new F.Company.ContactCreate(), {
        contactName: 'Write Contact',
        printAs: 'W. Contact',
        firstName: 'Wanda',
        companyName: 'Writers',
      }),
    created: { CONTACTNAME: 'Write Contact', PRINTAS: 'W. Contact', FIRSTNAME: 'Wanda', COMPANYNAME: 'Writers' },
    update: () =>
      set(new F.Company.ContactUpdate(), { contactName: 'Write Contact', printAs: 'W. Contact', lastName: 'Writer' }),
    updated: { LASTNAME: 'Writer' },
    remove: () => set(new F.Company.ContactDelete(), { contactName: 'Write Contact' }),
  },
  {
    classes: 'DepartmentCreate, DepartmentUpdate, DepartmentDelete',
    object: 'DEPARTMENT',
    find: ['DEPARTMENTID', 'WDEP'],
    create: () => set(new F.Company.DepartmentCreate(), { departmentId: 'WDEP', departmentName: 'Write Department' }),
    created: { DEPARTMENTID: 'WDEP', TITLE: 'Write Department', STATUS: 'active' },
    update: () =>
      set(new F.Company.DepartmentUpdate(), {
        departmentId: 'WDEP',
        departmentName: 'Write Department 2',
        active: false,
      }),
    updated: { TITLE: 'Write Department 2', STATUS: 'inactive' },
    remove: () => set(new F.Company.DepartmentDelete(), { departmentId: 'WDEP' }),
  },
  {
    classes: 'LocationCreate, LocationUpdate, LocationDelete',
    object: 'LOCATION',
    find: ['LOCATIONID', 'WLOC'],
    create: () => set(new F.Company.LocationCreate(), { locationId: 'WLOC', locationName: 'Write Location' }),
    created: { LOCATIONID: 'WLOC', NAME: 'Write Location' },
    update: () => set(new F.Company.LocationUpdate(), { locationId: 'WLOC', locationName: 'Write Location 2' }),
    updated: { NAME: 'Write Location 2' },
    remove: () => set(new F.Company.LocationDelete(), { locationId: 'WLOC' }),
  },
  {
    classes: 'ClassCreate, ClassUpdate, ClassDelete',
    object: 'CLASS',
    find: ['CLASSID', 'WCLS'],
    create: () => set(new F.Company.ClassCreate(), { classId: 'WCLS', className: 'Write Class', description: 'd' }),
    created: { CLASSID: 'WCLS', NAME: 'Write Class', DESCRIPTION: 'd' },
    update: () => set(new F.Company.ClassUpdate(), { classId: 'WCLS', className: 'Write Class 2' }),
    updated: { NAME: 'Write Class 2' },
    remove: () => set(new F.Company.ClassDelete(), { classId: 'WCLS' }),
  },
  {
    // The category in its REST spelling: enum values are accepted in either spelling and stored in the XML one.
    classes: 'ProjectCreate, ProjectUpdate, ProjectDelete',
    object: 'PROJECT',
    find: ['PROJECTID', 'WPRJ'],
    create: () =>
      set(new F.Projects.ProjectCreate(), {
        projectId: 'WPRJ',
        projectName: 'Write Project',
        projectCategory: 'internalBillable',
      }),
    created: { PROJECTID: 'WPRJ', NAME: 'Write Project', PROJECTCATEGORY: 'Internal Billable' },
    update: () => set(new F.Projects.ProjectUpdate(), { projectId: 'WPRJ', projectName: 'Write Project 2' }),
    updated: { NAME: 'Write Project 2' },
    remove: () => set(new F.Projects.ProjectDelete(), { projectId: 'WPRJ' }),
  },
  {
    // TaskCreate sends no TASKID: the server assigns the new RECORDNO as the ID. The project is the demo's first.
    classes: 'TaskCreate, TaskUpdate, TaskDelete',
    object: 'TASK',
    find: ['NAME', 'Write Task'],
    create: () =>
      set(new F.Projects.TaskCreate(), {
        taskName: 'Write Task',
        projectId: demo.project,
        taskStatus: 'Planned',
        priority: '3',
      }),
    created: {
      NAME: 'Write Task',
      get PROJECTID() {
        return demo.project;
      },
      TASKSTATUS: 'Planned',
      PRIORITY: '3',
    },
    update: (recordNo) =>
      set(new F.Projects.TaskUpdate(), {
        recordNo,
        taskName: 'Write Task',
        projectId: demo.project,
        taskStatus: 'In Progress',
      }),
    updated: { TASKSTATUS: 'In Progress' },
    remove: (recordNo) => set(new F.Projects.TaskDelete(), { recordNo }),
  },
  {
    classes: 'EmployeeCreate, EmployeeUpdate, EmployeeDelete',
    object: 'EMPLOYEE',
    find: ['EMPLOYEEID', 'WEMP'],
    create: () =>
      set(new F.EmployeeExpense.EmployeeCreate(), {
        employeeId: 'WEMP',
        contactName: 'Write Employee',
        title: 'Clerk',
        gender: 'female',
      }),
    created: { EMPLOYEEID: 'WEMP', TITLE: 'Clerk', GENDER: 'female', STATUS: 'active' },
    update: () =>
      set(new F.EmployeeExpense.EmployeeUpdate(), {
        employeeId: 'WEMP',
        contactName: 'Write Employee',
        title: 'Senior clerk',
        active: false,
      }),
    updated: { TITLE: 'Senior clerk', STATUS: 'inactive' },
    remove: () => set(new F.EmployeeExpense.EmployeeDelete(), { employeeId: 'WEMP' }),
  },
  {
    classes: 'ItemCreate, ItemUpdate, ItemDelete',
    object: 'ITEM',
    find: ['ITEMID', 'WITEM'],
    create: () =>
      set(new F.InventoryControl.ItemCreate(), {
        itemId: 'WITEM',
        itemName: 'Write Item',
        itemType: 'Non-Inventory',
        basePrice: '19.99',
        taxable: true,
      }),
    created: { ITEMID: 'WITEM', NAME: 'Write Item', ITEMTYPE: 'Non-Inventory', BASEPRICE: '19.99', TAXABLE: 'true' },
    update: () =>
      set(new F.InventoryControl.ItemUpdate(), { itemId: 'WITEM', itemName: 'Write Item 2', basePrice: '21' }),
    updated: { NAME: 'Write Item 2', BASEPRICE: '21' },
    remove: () => set(new F.InventoryControl.ItemDelete(), { itemId: 'WITEM' }),
  },
  {
    classes: 'AccountCreate, AccountUpdate, AccountDelete',
    object: 'GLACCOUNT',
    find: ['ACCOUNTNO', '9901'],
    create: () =>
      set(new F.GeneralLedger.AccountCreate(), {
        accountNo: '9901',
        title: 'Write Account',
        accountType: 'balancesheet',
        normalBalance: 'debit',
        closingType: 'non-closing account',
      }),
    created: {
      ACCOUNTNO: '9901',
      TITLE: 'Write Account',
      ACCOUNTTYPE: 'balancesheet',
      NORMALBALANCE: 'debit',
      CLOSINGTYPE: 'non-closing account',
    },
    update: () =>
      set(new F.GeneralLedger.AccountUpdate(), {
        accountNo: '9901',
        title: 'Write Account 2',
        requireDepartment: true,
      }),
    updated: { TITLE: 'Write Account 2', REQUIREDEPT: 'true' },
    remove: () => set(new F.GeneralLedger.AccountDelete(), { accountNo: '9901' }),
  },
  {
    // The SDK has UserCreate and UserUpdate, and no class to delete a user.
    classes: 'UserCreate, UserUpdate',
    object: 'USERINFO',
    find: ['LOGINID', 'wuser'],
    create: () =>
      set(new F.Company.UserCreate(), {
        userId: 'wuser',
        userType: 'business user',
        userName: 'Write User',
        firstName: 'Wes',
        lastName: 'User',
        primaryEmailAddress: 'wes@example.com',
      }),
    created: { LOGINID: 'wuser', USERTYPE: 'business user', DESCRIPTION: 'Write User', 'CONTACTINFO.LASTNAME': 'User' },
    update: () => set(new F.Company.UserUpdate(), { userId: 'wuser', userName: 'Write User 2', active: false }),
    updated: { DESCRIPTION: 'Write User 2', STATUS: 'inactive' },
    remove: null,
  },
];

describe.each(BACKENDS)('SDK create/update/delete classes on %s', (backend) => {
  const { url, cleanup } = gatewayDatabase(backend);
  let g: Gateway;
  let token: string;
  beforeAll(async () => {
    g = await startGateway(url);
    token = await restToken(g);
    demo.project = (await query(g, 'PROJECT', ['PROJECTID'], undefined, undefined, 1))[0]!.PROJECTID!;
  });
  afterAll(async () => {
    await g?.close();
    await cleanup();
  });

  it.each(CASES)('$classes: read, query and REST agree after each step', async (c) => {
    const o = catalog.require(c.object);
    const [findField, findValue] = c.find;
    const fields = [
      'RECORDNO',
      ...new Set([...Object.keys(c.created), ...Object.keys(c.updated)].filter((f) => !f.includes('.'))),
    ];
    const agree = async (expected: Rec): Promise<string> => {
      const [queried] = await query(g, c.object, fields, findField, findValue);
      expect(queried).toMatchObject(Object.fromEntries(Object.entries(expected).filter(([k]) => !k.includes('.'))));
      const recordNo = queried!.RECORDNO!;
      const viaRead = await read(g, c.object, recordNo);
      expect(viaRead).toMatchObject(expected);
      const rest = await restGet(g, o, recordNo, token);
      expect(rest).toMatchObject({ key: recordNo });
      // Every field the step set reads the same through REST, in REST's spellings.
      expect(restMismatches(o, { ...queried!, ...expected }, rest!)).toEqual([]);
      return recordNo;
    };

    await execute(g, c.create());
    const recordNo = await agree(c.created);
    await execute(g, c.update(Number(recordNo)));
    expect(await agree({ ...c.created, ...c.updated })).toBe(recordNo);
    if (!c.remove) return;
    await execute(g, c.remove(Number(recordNo)));
    expect(await query(g, c.object, ['RECORDNO'], findField, findValue)).toEqual([]);
    expect(await read(g, c.object, recordNo)).toBeUndefined();
    expect(await restGet(g, o, recordNo, token)).toBeNull();
  });
});
