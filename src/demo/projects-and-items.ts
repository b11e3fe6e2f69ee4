// Items, projects and their tasks.

import { dayOf, isoDate } from './calendar.ts';
import type { DemoContext } from './demo-context.ts';
import { ITEM_NAMES, PROJECT_NAMES, TASK_NAMES } from './names.ts';
import { ENTITY, micros, money, type DemoRecord } from './record-writer.ts';
import type { Random } from './random.ts';
import { activeTerms } from './terms.ts';

const SERVICES = new Set([
  'Consulting Hour',
  'Installation Service',
  'Support Plan',
  'Training Day',
  'Maintenance Visit',
  'Calibration Service',
  'Subscription (annual)',
  'Software License',
  'Shipping & Handling',
]);

export function addItems(ctx: DemoContext): void {
  const rng = ctx.rng.fork('items');
  // ITEMIDs beginning with B answer the seed's ITEMID like 'B%' example (B02-12, BB02-14).
  const pinned = ctx.plan.seedExamples
    ? [
        ['B02-12', 'Bracket - Steel 12in'],
        ['BB02-14', 'Bolt Kit - 14 piece'],
      ]
    : [];
  const used = new Set<string>();
  for (let i = 0; i < ctx.plan.counts.items; i++) {
    const base = rng.pick(ITEM_NAMES);
    const service = SERVICES.has(base);
    let id =
      pinned[i]?.[0] ??
      `${String.fromCharCode(65 + rng.int(0, 11))}${rng.int(10, 99)}-${String(rng.int(1, 99)).padStart(2, '0')}`;
    while (used.has(id)) id = `${id}X`;
    used.add(id);
    const name =
      pinned[i]?.[1] ??
      `${base}${service ? '' : ` - ${rng.pick(['Standard', 'Large', 'Small', 'Pro', 'Lite', 'Series 2'])}`}`;
    const cost = rng.amountCents(500, 250_000);
    ctx.add('ITEM', {
      RECORDNO: ctx.nextKey('ITEM'),
      [ENTITY]: ctx.pickMasterEntity(rng, 0.8),
      ITEMID: id,
      NAME: name,
      STATUS: i % 17 === 16 ? 'inactive' : 'active',
      ITEMTYPE: undefined,
      PRODUCTLINEID: service ? 'SVC' : rng.pick(['HW', 'ACC', 'NET']),
      COST_METHOD: undefined,
      EXTENDED_DESCRIPTION: rng.chance(0.4) ? `${name} - see specification sheet` : null,
      PODESCRIPTION: `${name} (purchase)`,
      SODESCRIPTION: name,
      UOMGRP: service ? 'Time' : 'Count',
      NOTE: rng.chance(0.1) ? 'Discontinued after current stock' : null,
      GLGROUP: service ? 'Services' : 'Goods',
      BASEPRICE: money(Math.round(cost * (1.3 + rng.float()))),
      STANDARD_COST: money(cost),
      TAXABLE: !service,
      UPC: service ? null : rng.chars('0123456789', 12),
      ENABLEFULFILLMENT: !service && rng.chance(0.5),
      WHENLASTSOLD: null,
      WHENLASTRECEIVED: null,
      ...ctx.audit(rng, dayOf('2023-02-01') + rng.int(0, 300)),
    });
  }
}

export function addProjects(ctx: DemoContext): void {
  const rng = ctx.rng.fork('projects');
  // The seed's TASK example: project 13 "Widget Development" for customer A13, project 19 "Special tools" for A17, both
  // ended 2018–2020.
  const pinned = new Map(
    ctx.plan.seedExamples
      ? [
          ['13', { name: 'Widget Development', customer: 'A13', end: '2020-06-30' }],
          ['19', { name: 'Special tools', customer: 'A17', end: '2019-11-15' }],
        ]
      : [],
  );
  const names = rng.shuffle(PROJECT_NAMES.filter((n) => ![...pinned.values()].some((p) => p.name === n)));
  const terms = activeTerms(ctx, 'ARTERM');
  const categories = ['Contract', 'Capitalized', 'Internal Billable', 'Internal Non-billable'];
  for (let i = 1; i <= ctx.plan.counts.projects; i++) {
    const id = ctx.plan.seedExamples ? String(i) : `PRJ-${String(i).padStart(3, '0')}`;
    const pin = pinned.get(id);
    const entity = pin ? null : ctx.pickMasterEntity(rng, 0.3);
    const customers = ctx.visible('CUSTOMER', entity).filter((c) => c.STATUS === 'active');
    const customer = pin
      ? ctx.rows('CUSTOMER').find((c) => c.CUSTOMERID === pin.customer)!
      : rng.chance(0.75)
        ? rng.pick(customers)
        : null;
    const managers = ctx.visible('EMPLOYEE', entity).filter((e) => e.STATUS === 'active');
    const begin = pin ? dayOf(pin.end) - rng.int(200, 500) : dayOf('2020-01-06') + rng.int(0, 2000);
    const end = pin ? dayOf(pin.end) : begin + rng.int(60, 700);
    const parents = ctx.visible('PROJECT', entity).filter((p) => p.PARENTID === null);
    const parent = !pin && parents.length > 2 && rng.chance(0.15) ? rng.pick(parents) : null;
    const budget = rng.amountCents(1_000_000, 50_000_000);
    const locations = ctx.visible('LOCATION', entity).filter((l) => l.STATUS === 'active');
    ctx.add('PROJECT', {
      RECORDNO: ctx.nextKey('PROJECT'),
      [ENTITY]: entity,
      PROJECTID: id,
      NAME: pin?.name ?? names[i % names.length]!,
      DESCRIPTION: rng.chance(0.6)
        ? `${pin?.name ?? names[i % names.length]} for ${customer ? customer.NAME : 'internal use'}`
        : null,
      PROJECTCATEGORY: customer ? categories[i % 2]! : categories[2 + (i % 2)]!,
      PROJECTTYPE: rng.pick(['Implementation', 'Development', 'Support', 'Internal']),
      PROJECTSTATUS: end < dayOf('2025-06-30') ? 'Completed' : rng.pick(['In Progress', 'Not Started', 'On Hold']),
      STATUS: end < dayOf('2023-01-01') ? 'inactive' : 'active',
      PARENTID: parent ? parent.PROJECTID : null,
      PARENTKEY: parent ? (parent.RECORDNO as number) : null,
      PARENTNAME: parent ? parent.NAME : null,
      CUSTOMERID: customer ? customer.CUSTOMERID : null,
      CUSTOMERNAME: customer ? customer.NAME : null,
      MANAGERID: managers.length > 0 ? rng.pick(managers).EMPLOYEEID : null,
      SALESCONTACTID: managers.length > 0 && customer ? rng.pick(managers).EMPLOYEEID : null,
      BEGINDATE: isoDate(begin),
      ENDDATE: isoDate(end),
      DEPARTMENTID: rng.pick(ctx.rows('DEPARTMENT')).DEPARTMENTID,
      LOCATIONID: locations.length > 0 ? rng.pick(locations).LOCATIONID : null,
      CLASSID: rng.chance(0.5) ? rng.pick(ctx.visible('CLASS', entity)).CLASSID : null,
      CURRENCY: ctx.currencyOf(entity),
      BILLINGTYPE: undefined,
      CONTRACTAMOUNT: customer ? money(Math.round(budget * 1.25)) : null,
      BUDGETAMOUNT: money(budget),
      BUDGETEDCOST: money(Math.round(budget * 0.7)),
      BUDGETQTY: micros(rng.int(40, 2000) * 1_000_000),
      PONUMBER: customer && rng.chance(0.5) ? `PO-${rng.int(10000, 99999)}` : null,
      SONUMBER: null,
      DOCNUMBER: null,
      TERMNAME: customer ? rng.pick(terms) : null,
      ...ctx.audit(rng, begin - rng.int(1, 30)),
    });
  }
  addTasks(ctx, rng);
}

function addTasks(ctx: DemoContext, rng: Random): void {
  const plans: { project: DemoRecord; name: string }[] = [];
  for (const project of ctx.rows('PROJECT')) {
    const names = rng.shuffle(TASK_NAMES).slice(0, rng.int(3, 6));
    if (project.PROJECTID === '13' && !names.includes('Prototyping')) names.push('Prototyping');
    if (project.PROJECTID === '19' && !names.includes('Requirements gathering')) names.push('Requirements gathering');
    for (const name of names) plans.push({ project, name });
  }
  // TASKID 2 and 32 as in the seed's sample output.
  const place = (pos: number, projectId: string, name: string) => {
    const at = plans.findIndex((p) => p.project.PROJECTID === projectId && p.name === name);
    if (at >= 0 && pos < plans.length) [plans[pos], plans[at]] = [plans[at]!, plans[pos]!];
  };
  if (ctx.plan.seedExamples) {
    place(1, '19', 'Requirements gathering');
    place(31, '13', 'Prototyping');
  }
  plans.forEach(({ project, name }, i) => {
    const key = ctx.nextKey('TASK');
    const serviceItems = ctx
      .visible('ITEM', (project[ENTITY] ?? null) as string | null)
      .filter((it) => it.PRODUCTLINEID === 'SVC');
    const begin = dayOf(project.BEGINDATE as string) + rng.int(0, 30);
    const end = Math.min(begin + rng.int(10, 120), dayOf(project.ENDDATE as string));
    const siblings = ctx.rows('TASK').filter((t) => t.PROJECTID === project.PROJECTID && t.PARENTKEY === null);
    const parent = siblings.length > 0 && rng.chance(0.2) ? rng.pick(siblings) : null;
    const estimate = rng.int(8, 400);
    const done = Math.min(100, rng.int(0, 120));
    ctx.add('TASK', {
      [ENTITY]: (project[ENTITY] ?? null) as string | null,
      RECORDNO: key,
      TASKID: String(key),
      NAME: name,
      PROJECTID: project.PROJECTID,
      DESCRIPTION: rng.chance(0.5) ? `${name} for ${project.NAME}` : null,
      TASKSTATUS: undefined,
      PBEGINDATE: isoDate(begin),
      PENDDATE: isoDate(end),
      BEGINDATE: isoDate(begin + rng.int(0, 5)),
      ENDDATE: rng.chance(0.6) ? isoDate(end + rng.int(0, 10)) : null,
      BUDGETQTY: micros(estimate * 1_000_000),
      ESTQTY: micros(estimate * 1_000_000),
      ACTUALQTY: micros(Math.round((estimate * done) / 100) * 1_000_000),
      PERCENTCOMPLETE: micros(done * 1_000_000),
      BILLABLE: project.CUSTOMERID !== null,
      ISMILESTONE: rng.chance(0.15),
      UTILIZED: rng.chance(0.7),
      PRIORITY: rng.int(1, 5),
      TASKNO: `${project.PROJECTID}.${i + 1}`,
      PARENTKEY: parent ? (parent.RECORDNO as number) : null,
      PARENTID: parent ? parent.TASKID : null,
      CUSTOMERID: project.CUSTOMERID,
      ITEMID: serviceItems.length > 0 && rng.chance(0.5) ? rng.pick(serviceItems).ITEMID : null,
      CLASSID: project.CLASSID,
      ...ctx.audit(rng, begin),
    });
  });
}
