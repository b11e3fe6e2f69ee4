// Vendors and customers (with their contacts) and vendor payment providers.

import { dayOf } from './calendar.ts';
import { accountsFor } from './chart-of-accounts.ts';
import { addCompanyContact, addPersonContact, pickPerson } from './contacts.ts';
import type { DemoContext } from './demo-context.ts';
import type { Random } from './random.ts';
import { ENTITY, micros, money, type DemoRecord } from './record-writer.ts';
import { activeTerms } from './terms.ts';
import { formatSequenced } from '../writes/id-sequences.ts';

/** Vendors the seed documents name; their bills are planted by payables.ts. */
export const PINNED_VENDORS: readonly { id?: string; name: string }[] = [
  { id: 'V1234', name: 'Regal Services' },
  { name: 'Acme Supply' },
  { name: 'Acme Co.' },
  { name: 'MYDESK CORPORATION' },
  { name: "Erin's Software" },
  { id: 'GK144', name: 'GK144' },
  { id: 'GK145', name: 'GK145' },
  { id: 'GK146', name: 'GK146' },
  { name: 'PG & E' },
  { name: 'UTC testing' },
  { name: '1099 Int' },
  { name: '1099 IntCA' },
];

/** Customers the seed documents name (ids and names from their sample responses). */
export const PINNED_CUSTOMERS: readonly { id: string; name: string }[] = [
  { id: 'C-00003', name: 'Burlington Textiles Corp of America' },
  { id: 'c-1102', name: 'Sharpe Interiors' },
  { id: 'A13', name: 'Acme Electronics Co.' },
  { id: 'A17', name: 'Johnson MFG, Inc.' },
  { id: 'SONIC', name: 'Sonic Corporation' },
  { id: '001', name: 'Northwind Health Partners' },
];

/** Unique trade names: "<prefix> <trade><suffix>". */
function companyNames(ctx: DemoContext, rng: Random, count: number, taken: Set<string>): string[] {
  const { prefixes, trades, suffixes } = ctx.plan.style;
  const names: string[] = [];
  while (names.length < count) {
    const name = `${rng.pick(prefixes)} ${rng.pick(trades)}${rng.pick(suffixes)}`;
    if (taken.has(name)) continue;
    taken.add(name);
    names.push(name);
  }
  return names;
}

function foreignCurrency(ctx: DemoContext, rng: Random, entity: string | null): string {
  const base = ctx.currencyOf(entity);
  return rng.chance(0.12) ? rng.pick(['USD', 'GBP', 'EUR', 'CAD'].filter((c) => c !== base)) : base;
}

/** A company's display contact plus a person for pay-to/bill-to; returns both contact records. */
function partyContacts(
  ctx: DemoContext,
  rng: Random,
  entity: string | null,
  name: string,
  day: number,
): [DemoRecord, DemoRecord] {
  const place = rng.pick(ctx.plan.style.places);
  const company = addCompanyContact(ctx, rng, entity, name, place, day);
  const person = addPersonContact(ctx, rng, entity, pickPerson(ctx, rng), place, day, name);
  return [company, person];
}

export function addVendors(ctx: DemoContext): void {
  const rng = ctx.rng.fork('vendors');
  const pinned = ctx.plan.seedExamples ? PINNED_VENDORS : [];
  const taken = new Set(pinned.map((p) => p.name));
  const names = [
    ...pinned.map((p) => p.name),
    ...companyNames(ctx, rng, ctx.plan.counts.vendors - pinned.length, taken),
  ];
  const terms = activeTerms(ctx, 'APTERM');
  const expense = accountsFor(ctx, 'expense');
  let serial = 0;
  names.forEach((name, i) => {
    const pin = pinned[i];
    const entity = pin ? null : ctx.pickMasterEntity(rng);
    const day = dayOf('2023-01-09') + rng.int(0, 700);
    const [company, person] = partyContacts(ctx, rng, entity, name, day);
    const is1099 = name.startsWith('1099') || rng.chance(0.1);
    const parents = ctx.visible('VENDOR', entity).filter((v) => v.PARENTID === null);
    const parent = !pin && parents.length > 3 && rng.chance(0.08) ? rng.pick(parents) : null;
    // A few inactive one-time vendors answer the seed's STATUS = 'F' AND ONETIME = 'T'.
    const oneTime = i % 23 === 7;
    ctx.add('VENDOR', {
      RECORDNO: ctx.nextKey('VENDOR'),
      [ENTITY]: entity,
      VENDORID: pin?.id ?? formatSequenced(ctx.plan.idSequences.VENDOR, ++serial),
      NAME: name,
      STATUS: oneTime || (!pin && rng.chance(0.06)) ? 'inactive' : 'active',
      ONETIME: oneTime,
      ONHOLD: !pin && rng.chance(0.04),
      DONOTCUTCHECK: rng.chance(0.05),
      VENDTYPE: is1099 ? '1099 Vendor' : rng.pick(['Supplier', 'Contractor', 'Utility', 'Service Provider']),
      PARENTID: parent ? parent.VENDORID : null,
      PARENTNAME: parent ? parent.NAME : null,
      TAXID: `${rng.int(10, 99)}-${rng.int(1000000, 9999999)}`,
      NAME1099: is1099 ? name.toUpperCase() : null,
      FORM1099TYPE: is1099 ? rng.pick(['MISC', 'NEC', 'INT']) : null,
      FORM1099BOX: is1099 ? rng.pick(['1', '3', '7']) : null,
      // The REST seed's min:creditLimit over vendors with a limit is 10000.
      CREDITLIMIT: rng.chance(0.3) ? null : money(rng.pick([10_000, 25_000, 50_000, 75_000, 100_000, 250_000]) * 100),
      TOTALDUE: money(0),
      BILLINGTYPE: undefined,
      PAYMENTPRIORITY: rng.weighted([
        ['normal', 70],
        ['high', 12],
        ['low', 12],
        ['urgent', 6],
      ]),
      TERMNAME: rng.pick(terms),
      PAYMETHODKEY: ctx.cycle('vendor-paymethod', ['Printed Check', 'ACH', 'EFT', 'Credit Card', 'Cash']),
      CURRENCY: foreignCurrency(ctx, rng, entity),
      COMMENTS: rng.chance(0.2)
        ? rng.pick([
            'Preferred supplier',
            'Requires PO number on invoice',
            'Net terms renegotiated 2024',
            'Remit to lockbox',
          ])
        : null,
      VENDORACCOUNTNO: `ACCT-${rng.int(10000, 99999)}`,
      GLGROUP: rng.chance(0.3) ? rng.pick(['Trade', 'Services', 'Utilities']) : null,
      APACCOUNT: accountsFor(ctx, 'ap')[0]!,
      OFFSETGLACCOUNTNO: rng.pick(expense),
      DISPLAYCONTACTKEY: company.RECORDNO as number,
      PRIMARYCONTACTKEY: person.RECORDNO as number,
      PAYTOKEY: person.RECORDNO as number,
      'PAYTO.CONTACTNAME': person.CONTACTNAME,
      RETURNTOKEY: company.RECORDNO as number,
      'RETURNTO.CONTACTNAME': company.CONTACTNAME,
      MERGEPAYMENTREQ: rng.chance(0.5),
      PAYMENTNOTIFY: rng.chance(0.6),
      ACHENABLED: rng.chance(0.4),
      DISPLAYTERMDISCOUNT: rng.chance(0.3),
      DISPLOCACCTNOCHECK: rng.chance(0.2),
      RETAINAGEPERCENTAGE: rng.chance(0.1) ? micros(rng.pick([5, 10]) * 1_000_000) : null,
      ACHACCOUNTTYPE: rng.chance(0.4) ? rng.pick(['Checking', 'Savings']) : null,
      DISCOUNT: rng.chance(0.1) ? micros(rng.pick([1, 2, 3]) * 1_000_000) : null,
      ALWAYSCREATEBILL: rng.chance(0.2),
      ...ctx.audit(rng, day),
    });
  });
}

export function addCustomers(ctx: DemoContext): void {
  const rng = ctx.rng.fork('customers');
  const pinned = ctx.plan.seedExamples ? PINNED_CUSTOMERS : [];
  const taken = new Set(pinned.map((p) => p.name));
  for (const v of ctx.rows('VENDOR')) taken.add(v.NAME as string);
  const names = [
    ...pinned.map((p) => p.name),
    ...companyNames(ctx, rng, ctx.plan.counts.customers - pinned.length, taken),
  ];
  const ids = new Set(pinned.map((p) => p.id));
  const terms = activeTerms(ctx, 'ARTERM');
  const reps = ctx.rows('EMPLOYEE').filter((e) => e.STATUS === 'active');
  let serial = 0;
  names.forEach((name, i) => {
    const pin = pinned[i];
    const entity = pin ? null : ctx.pickMasterEntity(rng);
    let id = pin?.id;
    while (!id || (!pin && ids.has(id))) id = formatSequenced(ctx.plan.idSequences.CUSTOMER, ++serial);
    ids.add(id);
    const day = dayOf('2023-01-09') + rng.int(0, 700);
    const [company, person] = partyContacts(ctx, rng, entity, name, day);
    const parents = ctx.visible('CUSTOMER', entity).filter((c) => c.PARENTID === null);
    const parent = parents.length > 3 && rng.chance(0.12) ? rng.pick(parents) : null;
    ctx.add('CUSTOMER', {
      RECORDNO: ctx.nextKey('CUSTOMER'),
      [ENTITY]: entity,
      CUSTOMERID: id,
      NAME: name,
      STATUS: i % 29 === 11 ? 'inactive' : 'active',
      ONETIME: i % 31 === 17,
      ONHOLD: rng.chance(0.04),
      CUSTTYPE: rng.pick(['Commercial', 'Government', 'Education', 'Nonprofit', 'Reseller']),
      PARENTID: parent ? parent.CUSTOMERID : null,
      PARENTNAME: parent ? parent.NAME : null,
      TAXID: rng.chance(0.6) ? `${rng.int(10, 99)}-${rng.int(1000000, 9999999)}` : null,
      // Spread so the seed's ARINVOICE.CUSTOMER.CREDITLIMIT between 500 and 10000 finds some.
      CREDITLIMIT: rng.chance(0.2)
        ? null
        : money(rng.pick([500, 900, 1_000, 2_500, 5_000, 10_000, 25_000, 50_000, 100_000]) * 100),
      TOTALDUE: money(0),
      TERMNAME: rng.pick(terms),
      RESALENO: rng.chance(0.2) ? `RS-${rng.int(100000, 999999)}` : null,
      CUSTREPID: reps.length > 0 && rng.chance(0.7) ? rng.pick(reps).EMPLOYEEID : null,
      TERRITORYID: rng.pick(ctx.multiEntity ? ['WEST', 'EAST', 'CENTRAL', 'EMEA'] : ['NORTH', 'SOUTH', 'SCOTLAND']),
      SHIPPINGMETHOD: rng.pick(['UPS Ground', 'FedEx 2Day', 'DHL Express', 'Customer Pickup', 'Royal Mail']),
      CURRENCY: foreignCurrency(ctx, rng, entity),
      COMMENTS: rng.chance(0.15)
        ? rng.pick(['Key account', 'Requires PO on invoice', 'Send statements monthly'])
        : null,
      DELIVERY_OPTIONS: undefined,
      EMAILOPTIN: rng.chance(0.7),
      GLGROUP: rng.chance(0.3) ? rng.pick(['Trade', 'Intercompany', 'Public Sector']) : null,
      OFFSETGLACCOUNTNO: accountsFor(ctx, 'ar')[0]!,
      LAST_INVOICEDATE: null,
      LAST_STATEMENTDATE: null,
      DISPLAYCONTACTKEY: company.RECORDNO as number,
      CONTACTKEY: person.RECORDNO as number,
      BILLTOKEY: person.RECORDNO as number,
      'BILLTO.CONTACTNAME': person.CONTACTNAME,
      SHIPTOKEY: company.RECORDNO as number,
      'SHIPTO.CONTACTNAME': company.CONTACTNAME,
      ENABLEONLINECARDPAYMENT: rng.chance(0.5),
      ENABLEONLINEACHPAYMENT: rng.chance(0.4),
      CUSTOMER_HEALTH: rng.weighted([
        ['Good', 55],
        ['Fair', 25],
        ['Poor', 10],
        [null, 10],
      ]),
      DISCOUNT: rng.chance(0.1) ? micros(rng.pick([2, 5]) * 1_000_000) : null,
      RETAINAGEPERCENTAGE: rng.chance(0.05) ? micros(10_000_000) : null,
      ...ctx.audit(rng, day),
    });
  });
}

const PROVIDERS = ['AMEX_PAYMENT_SERVICES', 'SAGE_PAYMENT_SERVICES', 'BOTTOMLINE', 'WELLS_FARGO'];
const PROVIDER_STATES: [string, string | null][] = [
  ['Subscribed', null],
  ['Request Initiated', null],
  ['In Progress', null],
  ['Request Received', null],
  ['Request Failed', 'Bank account verification failed'],
  ['Awaiting Authorization', 'Waiting for the vendor to accept the terms'],
  ['Canceled', 'Subscription canceled by the vendor'],
  ['Suspended', 'Suspended after repeated payment returns'],
];

export function addProviderVendors(ctx: DemoContext): void {
  const rng = ctx.rng.fork('provider-vendors');
  const vendors = rng
    .shuffle(ctx.rows('VENDOR').filter((v) => v.STATUS === 'active'))
    .slice(0, ctx.plan.counts.providerVendors);
  vendors.forEach((v, i) => {
    // Every state once, then mostly subscribed.
    const [state, message] =
      i < PROVIDER_STATES.length ? PROVIDER_STATES[i]! : PROVIDER_STATES[rng.chance(0.7) ? 0 : rng.int(1, 3)]!;
    ctx.add('PROVIDERVENDOR', {
      // Keys from 11242 as in the REST seed's vendor-payment-provider response.
      RECORDNO: ctx.nextKey('PROVIDERVENDOR', ctx.plan.seedExamples ? 11242 : 501),
      VENDORID: v.VENDORID,
      VENDORNAME: v.NAME,
      NAME: `vendor_${rng.chars('0123456789ABCDEF', 8)}`,
      PROVIDERID: PROVIDERS[i % PROVIDERS.length]!,
      STATUS: state === 'Canceled' || state === 'Suspended' ? 'inactive' : 'active',
      STATE: state,
      MESSAGE: message,
      ...ctx.audit(rng, dayOf('2023-02-01') + rng.int(0, 800)),
    });
  });
}
