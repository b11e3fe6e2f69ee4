// Company structure: users, entities, locations, departments, classes, earning types and employees (with their
// contacts).

import { dayOf, isoDate } from './calendar.ts';
import { addPersonContact, pickPerson } from './contacts.ts';
import type { DemoContext } from './demo-context.ts';
import { ENTITY, micros, type DemoRecord } from './record-writer.ts';

const USER_TYPES = [
  'business user',
  'employee user',
  'view only user',
  'writeup user',
  'dashboard user',
  'project manager user',
  'construction manager user',
  'payment approver user',
  'platform user',
  'CRM user',
  'warehouse user',
];

/** USERINFO rows: the login users of DEMO_CREDENTIALS first, then one user of every type. */
export function addUsers(ctx: DemoContext): void {
  const rng = ctx.rng.fork('users');
  const logins: {
    id: string;
    type: string;
    admin: string;
    entity?: string;
    disabled?: boolean;
    extra?: boolean;
    first: string;
    last: string;
  }[] = [
    { id: 'admin', type: 'business user', admin: 'Full', first: 'Demo', last: 'Administrator' },
    { id: 'viewer', type: 'view only user', admin: 'Off', first: 'Demo', last: 'Viewer' },
    { id: 'locked', type: 'business user', admin: 'Off', disabled: true, first: 'Locked', last: 'User' },
  ];
  if (ctx.multiEntity)
    logins.push({ id: 'usclerk', type: 'business user', admin: 'Limited', entity: 'US', first: 'US', last: 'Clerk' });
  // The queue seed's sample job was submitted by tjmalloney.
  if (ctx.plan.seedExamples)
    logins.push({ id: 'tjmalloney', type: 'business user', admin: 'Limited', first: 'TJ', last: 'Malloney' });
  const used = new Set(logins.map((l) => l.id));
  for (const type of USER_TYPES) {
    const p = pickPerson(ctx, rng);
    let id = `${p.first[0]}${p.last}`.toLowerCase();
    while (used.has(id)) id = `${id}${rng.int(1, 9)}`;
    used.add(id);
    logins.push({ id, type, admin: rng.pick(['Off', 'Limited', 'Off']), extra: true, first: p.first, last: p.last });
  }
  const start = dayOf('2023-06-01');
  for (const l of logins) {
    ctx.add('USERINFO', {
      RECORDNO: ctx.nextKey('USERINFO'),
      [ENTITY]: l.entity ?? null,
      LOGINID: l.id,
      DESCRIPTION: `${l.first} ${l.last}`,
      USERTYPE: l.type,
      ADMIN: l.admin,
      // Login users stay active (a locked login is LOGINDISABLED); only the extra users may be inactive.
      STATUS: l.extra && rng.chance(0.15) ? 'inactive' : 'active',
      LOGINDISABLED: l.disabled === true,
      'CONTACTINFO.CONTACTNAME': `${l.last}, ${l.first}`,
      'CONTACTINFO.FIRSTNAME': l.first,
      'CONTACTINFO.LASTNAME': l.last,
      'CONTACTINFO.EMAIL1': `${l.id}@${ctx.plan.companyId}.ledgerq.example`,
      SSO_ENABLED: rng.chance(0.2),
      ...ctx.audit(rng, start + rng.int(0, 200)),
    });
  }
  const users = ctx.rows('USERINFO');
  // Rows are created by admin and the active business users, never by the locked or view-only ones.
  ctx.auditUsers = users
    .filter((u) => u.USERTYPE === 'business user' && u.LOGINDISABLED === false && u.STATUS === 'active')
    .map((u) => u.RECORDNO as number);
}

interface LocationSeed {
  id: string;
  name: string;
  parent: string | null;
  key?: number;
  inactive?: boolean;
  start?: string;
}

/** Entities are locations too: each entity's LOCATION row owns itself, and child locations hang below it. */
const DEMO_LOCATIONS: LocationSeed[] = [
  { id: 'US', name: 'US Operations', parent: null, key: 1 },
  { id: 'UK', name: 'UK Operations', parent: null, key: 2 },
  { id: 'PRIV', name: 'Private Holdings', parent: null, key: 3 },
  { id: 'CA', name: 'California', parent: 'US', key: 10 },
  { id: 'AZ', name: 'Arizona', parent: 'US', key: 11 },
  { id: 'LON', name: 'London', parent: 'UK', key: 20 },
  { id: 'MAN', name: 'Manchester', parent: 'UK', key: 21 },
  { id: 'ZUG', name: 'Zug Office', parent: 'PRIV', key: 30 },
  // Keys and statuses as in the REST seed's location examples.
  { id: 'LAS', name: 'Los Angeles', parent: 'CA', key: 60 },
  { id: 'SDI', name: 'San Diego', parent: 'CA', key: 61 },
  { id: 'SFO', name: 'San Francisco', parent: 'CA', key: 62, inactive: true },
  { id: 'SNJ', name: 'San Jose', parent: 'CA', key: 66, inactive: true },
  { id: 'MES', name: 'Mesa', parent: 'AZ', key: 73 },
  { id: 'PHO', name: 'Phoenix', parent: 'AZ', key: 74, start: '2025-01-25' },
];

const DEMO2_LOCATIONS: LocationSeed[] = [
  { id: 'HQ', name: 'Head Office', parent: null },
  { id: 'NTH', name: 'Northern Depot', parent: 'HQ' },
  { id: 'STH', name: 'Southern Depot', parent: 'HQ' },
  { id: 'SCO', name: 'Scotland Branch', parent: 'NTH' },
];

export function addLocations(ctx: DemoContext): void {
  const rng = ctx.rng.fork('locations');
  const seeds = ctx.multiEntity ? DEMO_LOCATIONS : DEMO2_LOCATIONS;
  const byId = new Map<string, DemoRecord>();
  for (const s of seeds) {
    const parent = s.parent ? byId.get(s.parent)! : null;
    const entity = ctx.multiEntity ? (parent ? (parent[ENTITY] as string) : s.id) : null;
    const rec = ctx.add('LOCATION', {
      RECORDNO: s.key ?? ctx.nextKey('LOCATION', 100),
      [ENTITY]: entity,
      LOCATIONID: s.id,
      NAME: s.name,
      PARENTID: s.parent,
      PARENTKEY: parent ? (parent.RECORDNO as number) : null,
      STATUS: s.inactive ? 'inactive' : 'active',
      STARTDATE: s.start ?? (rng.chance(0.5) ? isoDate(dayOf('2019-01-01') + rng.int(0, 1500)) : null),
      ENDDATE: null,
      SUPERVISORID: null,
      SUPERVISORNAME: null,
      CUSTTITLE: s.name,
      REPORTPRINTAS: `${ctx.plan.name} - ${s.name}`,
      TAXID: rng.chance(0.5) ? `${rng.int(10, 99)}-${rng.int(1000000, 9999999)}` : null,
      CURRENCY: ctx.currencyOf(entity),
      'CONTACTINFO.CONTACTNAME': null,
      'SHIPTO.CONTACTNAME': null,
      ENTITY: entity,
      ...ctx.audit(rng, dayOf('2023-01-02') + rng.int(0, 300)),
    });
    byId.set(s.id, rec);
  }
  if (!ctx.multiEntity) return;
  for (const e of ctx.plan.entities) {
    ctx.add('LOCATIONENTITY', {
      RECORDNO: byId.get(e.id)!.RECORDNO as number,
      LOCATIONID: e.id,
      NAME: e.name,
      STATUS: 'active',
      STARTDATE: '2019-01-01',
      ENDDATE: null,
      FEDERALID: `${rng.int(10, 99)}-${rng.int(1000000, 9999999)}`,
      TAXID: `${e.id}${rng.int(100000000, 999999999)}`,
      CURRENCY: e.currency,
      FIRSTMONTH: 1,
      WEEKSTART: e.id === 'US' ? 1 : 2,
      CUSTTITLE: e.name,
      REPORTPRINTAS: `${ctx.plan.name} - ${e.name}`,
      SUPERVISORID: null,
      ISROOT: false,
      ...ctx.audit(rng, dayOf('2023-01-02')),
    });
  }
}

/** Department ids as in the seed's DEPARTMENTID IN (...) examples: short numeric strings. */
const DEMO_DEPARTMENTS: [string, string, string | null][] = [
  ['100', 'Corporate', null],
  ['01', 'Executive', '100'],
  ['02', 'Finance', '100'],
  ['03', 'Sales', '100'],
  ['04', 'Marketing', '03'],
  ['05', 'Engineering', '100'],
  ['06', 'Operations', '100'],
  ['07', 'Customer Support', '06'],
  ['08', 'Human Resources', '100'],
  ['09', 'IT', '06'],
  ['10', 'Legal', '100'],
  ['11', 'Procurement', '06'],
  ['12', 'Research', '05'],
  ['15', 'Facilities', '06'],
  ['20', 'Professional Services', '03'],
  ['99', 'Unassigned', null],
];
const DEMO2_DEPARTMENTS: [string, string, string | null][] = [
  ['ADM', 'Administration', null],
  ['FIN', 'Finance & Accounts', 'ADM'],
  ['OPS', 'Operations', null],
  ['WHS', 'Warehouse', 'OPS'],
  ['DEL', 'Deliveries', 'OPS'],
  ['SAL', 'Sales', null],
  ['CS', 'Customer Service', 'SAL'],
];

export function addDepartmentsAndClasses(ctx: DemoContext): void {
  const rng = ctx.rng.fork('departments');
  const departments = ctx.multiEntity ? DEMO_DEPARTMENTS : DEMO2_DEPARTMENTS;
  const deptKey = new Map<string, number>();
  for (const [id, title, parent] of departments) {
    const key = ctx.nextKey('DEPARTMENT');
    deptKey.set(id, key);
    ctx.add('DEPARTMENT', {
      RECORDNO: key,
      DEPARTMENTID: id,
      TITLE: title,
      PARENTID: parent,
      PARENTKEY: parent ? deptKey.get(parent)! : null,
      PARENTNAME: parent ? departments.find((d) => d[0] === parent)![1] : null,
      SUPERVISORID: null,
      CUSTTITLE: title,
      STATUS: id === '99' ? 'inactive' : 'active',
      ...ctx.audit(rng, dayOf('2023-01-03') + rng.int(0, 60)),
    });
  }
  const classes: [string, string, string | null, string | null][] = ctx.multiEntity
    ? [
        ['ALL', 'All Segments', null, null],
        ['RET', 'Retail', 'ALL', null],
        ['WHL', 'Wholesale', 'ALL', null],
        ['GOV', 'Government', 'ALL', null],
        ['EDU', 'Education', 'ALL', null],
        ['HLT', 'Healthcare', 'ALL', null],
        ['NPO', 'Nonprofit', 'ALL', 'US'],
        ['UKPS', 'UK Public Sector', null, 'UK'],
        ['LEG', 'Legacy (retired)', null, null],
      ]
    : [
        ['TRADE', 'Trade Customers', null, null],
        ['PUBLIC', 'Public Sector', null, null],
        ['CHARITY', 'Charities', 'PUBLIC', null],
        ['RETAIL', 'Retail', 'TRADE', null],
      ];
  const classKey = new Map<string, number>();
  for (const [id, name, parent, entity] of classes) {
    const key = ctx.nextKey('CLASS');
    classKey.set(id, key);
    ctx.add('CLASS', {
      RECORDNO: key,
      [ENTITY]: entity,
      CLASSID: id,
      NAME: name,
      DESCRIPTION: `${name} customers and revenue`,
      STATUS: id === 'LEG' ? 'inactive' : 'active',
      PARENTID: parent,
      PARENTKEY: parent ? classKey.get(parent)! : null,
      PARENTNAME: parent ? classes.find((c) => c[0] === parent)![1] : null,
      ...ctx.audit(rng, dayOf('2023-01-03') + rng.int(0, 60)),
    });
  }
  const earning: [string, string, number][] = ctx.multiEntity
    ? [
        ['Salaries', 'Salary', 1_000_000],
        ['Hourly', 'Hourly', 1_000_000],
        ['Overtime', 'Hourly', 1_500_000],
        ['Double Time', 'Hourly', 2_000_000],
        ['Bonus', 'Fixed amount', 1_000_000],
        ['Commission', 'Percentage', 1_000_000],
      ]
    : [
        ['Salary', 'Salary', 1_000_000],
        ['Hourly rate', 'Hourly', 1_000_000],
        ['Overtime (1.5x)', 'Hourly', 1_500_000],
      ];
  for (const [name, method, rate] of earning) {
    ctx.add('EARNINGTYPE', {
      RECORDNO: ctx.nextKey('EARNINGTYPE'),
      NAME: name,
      METHOD: method,
      RATEMULTIPLIER: micros(rate),
      BILLABLEACCTNO: '5100',
      NONBILLABLEACCTNO: '6100',
      ...ctx.audit(rng, dayOf('2023-01-03')),
    });
  }
}

const TITLES = [
  'Accountant',
  'Controller',
  'Engineer',
  'Senior Engineer',
  'Sales Representative',
  'Account Manager',
  'Project Manager',
  'Analyst',
  'Support Specialist',
  'Office Manager',
  'Buyer',
  'Consultant',
];
const TERMINATIONS = ['voluntary', 'involuntary', 'deceased', 'disability', 'retired'];

/** Employees, each with a primary contact; IDs are login-style ("bbaker") so the seed's EMPLOYEEID like 'b%' matches some. */
export function addEmployees(ctx: DemoContext): void {
  const rng = ctx.rng.fork('employees');
  const used = new Set<string>();
  let terminated = 0;
  for (let i = 0; i < ctx.plan.counts.employees; i++) {
    const entity = ctx.pickMasterEntity(rng, 0.15);
    const person = pickPerson(ctx, rng);
    let id = `${person.first[0]}${person.last}`.toLowerCase();
    while (used.has(id)) id = `${id}${rng.int(2, 9)}`;
    used.add(id);
    // Some hires in each anchor year, for date-macro examples such as startDate = currentYear.
    const startDay =
      i % 8 === 3 ? dayOf('2023-01-09') + (i % 3) * 365 + rng.int(0, 290) : dayOf('2015-01-05') + rng.int(0, 3200);
    const locations = ctx.visible('LOCATION', entity).filter((l) => l.STATUS === 'active');
    const place = rng.pick(ctx.plan.style.places);
    const contact = addPersonContact(ctx, rng, entity, person, place, startDay, null);
    const supervisors = ctx.visible('EMPLOYEE', entity).filter((e) => e.STATUS === 'active');
    const leaves = i % 5 === 4;
    const endDay = leaves ? Math.min(startDay + rng.int(200, 2000), dayOf('2025-10-30')) : null;
    ctx.add('EMPLOYEE', {
      RECORDNO: ctx.nextKey('EMPLOYEE'),
      [ENTITY]: entity,
      EMPLOYEEID: id,
      CONTACT_NAME: contact.CONTACTNAME,
      CONTACTKEY: contact.RECORDNO as number,
      'PERSONALINFO.CONTACTNAME': contact.CONTACTNAME,
      TITLE: i === 0 ? 'Chief Executive Officer' : rng.pick(TITLES),
      STARTDATE: isoDate(startDay),
      ENDDATE: endDay === null ? null : isoDate(endDay),
      BIRTHDATE: isoDate(dayOf('1960-01-01') + rng.int(0, 14000)),
      STATUS: leaves ? 'inactive' : 'active',
      EMPLOYEETYPE: rng.weighted([
        ['Full-time', 8],
        ['Part-time', 2],
        ['Contractor', 1],
      ]),
      GENDER: rng.chance(0.1) ? null : rng.pick(['male', 'female']),
      TERMINATIONTYPE: leaves ? TERMINATIONS[terminated++ % TERMINATIONS.length]! : null,
      SUPERVISORID: supervisors.length > 0 ? rng.pick(supervisors).EMPLOYEEID : null,
      DEPARTMENTID: rng.pick(ctx.rows('DEPARTMENT')).DEPARTMENTID,
      LOCATIONID: locations.length > 0 ? rng.pick(locations).LOCATIONID : null,
      CLASSID: rng.chance(0.3) ? rng.pick(ctx.visible('CLASS', entity)).CLASSID : null,
      CURRENCY: ctx.currencyOf(entity),
      EARNINGTYPENAME: rng.pick(ctx.rows('EARNINGTYPE')).NAME,
      POSTACTUALCOST: rng.chance(0.3),
      PAYMETHODKEY: undefined,
      MERGEPAYMENTREQ: rng.chance(0.5),
      PAYMENTNOTIFY: rng.chance(0.5),
      ACHENABLED: rng.chance(0.6),
      ...ctx.audit(rng, startDay),
    });
  }
  // Managers exist now: locations, entities and departments get supervisors.
  for (const loc of ctx.rows('LOCATION')) {
    const candidates = ctx
      .visible('EMPLOYEE', (loc[ENTITY] ?? null) as string | null)
      .filter((e) => e.STATUS === 'active');
    if (candidates.length === 0) continue;
    const boss = rng.pick(candidates);
    loc.SUPERVISORID = boss.EMPLOYEEID;
    loc.SUPERVISORNAME = boss.CONTACT_NAME;
    loc['CONTACTINFO.CONTACTNAME'] = boss.CONTACT_NAME;
  }
  for (const e of ctx.rows('LOCATIONENTITY')) {
    e.SUPERVISORID = ctx.rows('LOCATION').find((l) => l.LOCATIONID === e.LOCATIONID)!.SUPERVISORID;
  }
  const active = ctx.visible('EMPLOYEE', null).filter((e) => e.STATUS === 'active');
  for (const d of ctx.rows('DEPARTMENT')) if (active.length > 0) d.SUPERVISORID = rng.pick(active).EMPLOYEEID;
}
