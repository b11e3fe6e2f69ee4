// Order entry: sales quotes, orders, invoices, returns and contract invoices (SODOCUMENT, by DOCPARID) with their
// lines.

import type { Catalog } from '../catalog/catalog.ts';
import { exchangeRate, toBase } from './amounts.ts';
import { isoDate } from './calendar.ts';
import type { DemoContext } from './demo-context.ts';
import { documentDay, FIRST_DAY, laterDay } from './documents.ts';
import { definitionFieldValues } from './generic-rows.ts';
import type { Random } from './random.ts';
import { ENTITY, micros, money, type DemoRecord } from './record-writer.ts';

/** Each transaction definition with the states its documents go through; together they cover every SODOCUMENT state. */
const TYPES: [docparid: string, prefix: string, weight: number, states: string[]][] = [
  [
    'Sales Quote',
    'SQ',
    20,
    ['Draft', 'Submitted', 'Partially Approved', 'Approved', 'Declined', 'Pending', 'Converted', 'Closed'],
  ],
  ['Sales Order', 'SO', 35, ['Pending', 'In Progress', 'Partially Converted', 'Converted', 'Closed']],
  ['Sales Invoice', 'SI', 30, ['Closed', 'Pending', 'Draft']],
  ['Sales Return', 'SR', 5, ['Closed', 'Pending']],
  ['Contract Invoice', 'CONIN#', 10, ['Closed', 'Pending']],
];

export function addSalesDocuments(ctx: DemoContext, catalog: Catalog): void {
  const rng = ctx.rng.fork('sales-documents');
  const numbers = new Map<string, number>([['Contract Invoice', 233]]);
  const contractCustomer = ctx.rows('CUSTOMER').find((c) => c.CUSTOMERID === '001');
  const plans = Array.from({ length: ctx.plan.counts.salesDocuments }, () => ({
    day: documentDay(rng),
    type: rng.weighted(TYPES.map((t) => [t, t[2]] as const)),
  }));
  plans.sort((a, b) => a.day - b.day);
  for (const { day, type } of plans) {
    const [docparid, prefix, , states] = type;
    const no = (numbers.get(docparid) ?? 0) + 1;
    numbers.set(docparid, no);
    // Contract invoices belong to customer 001 as in the REST seed's document-line example (CONIN#234, …).
    const customer =
      docparid === 'Contract Invoice' && contractCustomer
        ? contractCustomer
        : rng.pick(ctx.rows('CUSTOMER').filter((c) => c.STATUS === 'active'));
    const entity = ((customer[ENTITY] ?? null) as string | null) ?? ctx.pickEntity(rng);
    const state = ctx.cycle(`so-${docparid}`, states);
    addDocument(ctx, catalog, rng, {
      day,
      docparid,
      docno: docparid === 'Contract Invoice' ? `${prefix}${no}` : `${prefix}${String(no).padStart(4, '0')}`,
      state,
      customer,
      entity,
    });
  }
}

function addDocument(
  ctx: DemoContext,
  catalog: Catalog,
  rng: Random,
  d: { day: number; docparid: string; docno: string; state: string; customer: DemoRecord; entity: string | null },
): void {
  const key = ctx.nextKey('SODOCUMENT');
  const base = ctx.currencyOf(d.entity);
  const trxCurrency = d.customer.CURRENCY as string;
  const rate = exchangeRate(rng, trxCurrency, base);
  const items = ctx.visible('ITEM', d.entity).filter((i) => i.STATUS === 'active');
  const locations = ctx.visible('LOCATION', d.entity).filter((l) => l.STATUS === 'active');
  const projects = ctx.visible('PROJECT', d.entity).filter((p) => p.CUSTOMERID === d.customer.CUSTOMERID);
  const invoiceLike = d.docparid.endsWith('Invoice') || d.docparid === 'Sales Return';
  const docid = `${d.docparid}-${d.docno}`;
  const lastDay = laterDay(rng, d.day, 0, 30);
  const header = ctx.add('SODOCUMENT', {
    RECORDNO: key,
    [ENTITY]: d.entity,
    DOCID: docid,
    DOCNO: d.docno,
    DOCPARID: d.docparid,
    STATE: d.state,
    WHENCREATED: isoDate(d.day),
    WHENPOSTED: invoiceLike && d.state === 'Closed' ? isoDate(d.day) : null,
    WHENDUE: invoiceLike || d.docparid === 'Sales Order' ? isoDate(d.day + rng.int(14, 60)) : null,
    CUSTVENDID: d.customer.CUSTOMERID,
    CUSTVENDNAME: d.customer.NAME,
    PONUMBER: rng.chance(0.5) ? `PO-${rng.int(10000, 99999)}` : null,
    CURRENCY: trxCurrency,
    BASECURR: base,
    MESSAGE: rng.chance(0.2) ? 'Thank you for your business.' : null,
    MEMO: rng.chance(0.2)
      ? rng.pick(['Rush order', 'Ship complete', 'Annual renewal', 'Customer requested split delivery'])
      : null,
    PRRECORDKEY: null,
    // Old closed documents get archived.
    STATUS: d.state === 'Closed' && d.day < FIRST_DAY && rng.chance(0.3) ? 'inactive' : 'active',
    ...ctx.transactionAudit(rng, d.day, lastDay),
    ...definitionFieldValues(catalog, 'SODOCUMENT', d.docparid, key),
  });
  let trxSubtotal = 0;
  let baseSubtotal = 0;
  const count = rng.weighted([
    [1, 30],
    [2, 30],
    [3, 25],
    [4, 15],
  ]);
  for (let line = 1; line <= count; line++) {
    const item = rng.pick(items);
    const service = item.UOMGRP === 'Time';
    const quantity = service ? rng.int(1, 80) * 500_000 : rng.int(1, 40) * 1_000_000;
    const price = Number((item.BASEPRICE as string).replace('.', ''));
    const discount = rng.weighted([
      [0, 7],
      [5, 2],
      [10, 1],
    ]);
    const signed = d.docparid === 'Sales Return' ? -1 : 1;
    // Line value = quantity × price less discount, rounded once per line; the header totals are sums of line values.
    const trxValue = signed * Math.round((quantity * price * (100 - discount)) / 100_000_000);
    trxSubtotal += trxValue;
    baseSubtotal += toBase(trxValue, rate);
    const location = locations.length > 0 && rng.chance(0.6) ? rng.pick(locations) : null;
    const lineKey = ctx.nextKey('SODOCUMENTENTRY');
    ctx.add('SODOCUMENTENTRY', {
      RECORDNO: lineKey,
      [ENTITY]: d.entity,
      DOCHDRNO: key,
      DOCHDRID: docid,
      DOCPARID: d.docparid,
      LINE_NO: line,
      ITEMID: item.ITEMID,
      ITEMDESC: item.SODESCRIPTION,
      UNIT: service ? 'Hour' : 'Each',
      QUANTITY: micros(quantity),
      PRICE: money(toBase(price, rate)),
      UIPRICE: money(price),
      RETAILPRICE: item.BASEPRICE,
      DISCOUNTPERCENT: micros(discount * 1_000_000),
      TRX_PRICE: money(price),
      CURRENCY: trxCurrency,
      BASECURR: base,
      MEMO: rng.chance(0.15) ? 'Per attached quote' : null,
      LOCATIONID: location ? location.LOCATIONID : null,
      DEPARTMENTID: rng.chance(0.5) ? rng.pick(ctx.rows('DEPARTMENT')).DEPARTMENTID : null,
      CUSTOMERID: d.customer.CUSTOMERID,
      PROJECTID: projects.length > 0 && rng.chance(0.5) ? rng.pick(projects).PROJECTID : null,
      BILLABLE: projects.length > 0,
      STATUS: header.STATUS,
      WHENCREATED: header.AUWHENCREATED,
      WHENMODIFIED: header.WHENMODIFIED,
      CREATEDBY: header.CREATEDBY,
      MODIFIEDBY: header.MODIFIEDBY,
      ...definitionFieldValues(catalog, 'SODOCUMENTENTRY', d.docparid, lineKey),
    });
  }
  header.SUBTOTAL = money(baseSubtotal);
  header.TOTAL = money(baseSubtotal);
  header.TRX_SUBTOTAL = money(trxSubtotal);
  header.TRX_TOTAL = money(trxSubtotal);
}
