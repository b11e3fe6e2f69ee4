// CONTACT rows: the people and companies that vendors, customers and employees point at, with unique contact names.

import type { DemoContext } from './demo-context.ts';
import type { Place } from './names.ts';
import type { Random } from './random.ts';
import { ENTITY, micros, type DemoRecord } from './record-writer.ts';

const taken = new WeakMap<DemoContext, Set<string>>();

/** CONTACTNAME is the contact's id: a second "Smith, John" becomes "Smith, John (2)", as Intacct suggests. */
function uniqueName(ctx: DemoContext, wanted: string): string {
  let names = taken.get(ctx);
  if (!names) taken.set(ctx, (names = new Set()));
  let name = wanted;
  for (let i = 2; names.has(name); i++) name = `${wanted} (${i})`;
  names.add(name);
  return name;
}

function phone(rng: Random, place: Place): string {
  if (place.countryCode === 'US' || place.countryCode === 'CA')
    return `(${rng.int(201, 989)}) ${rng.int(200, 989)}-${String(rng.int(0, 9999)).padStart(4, '0')}`;
  if (place.countryCode === 'GB') return `+44 ${rng.int(1000, 2099)} ${rng.int(100000, 999999)}`;
  return `+${rng.pick(['41', '353', '31'])} ${rng.int(10, 99)} ${rng.int(100, 999)} ${rng.int(1000, 9999)}`;
}

function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/&/g, 'and')
      .replace(/[^a-z0-9]+/g, '')
      .slice(0, 24) || 'contact'
  );
}

function address(ctx: DemoContext, rng: Random, place: Place): DemoRecord {
  return {
    'MAILADDRESS.ADDRESS1': `${rng.int(1, 2999)} ${rng.pick(ctx.plan.style.streets)}`,
    'MAILADDRESS.ADDRESS2': rng.chance(0.3) ? `Suite ${rng.int(100, 950)}` : null,
    'MAILADDRESS.ADDRESS3': null,
    'MAILADDRESS.CITY': place.city,
    'MAILADDRESS.STATE': place.state,
    'MAILADDRESS.ZIP': place.zip,
    'MAILADDRESS.COUNTRY': place.country,
    'MAILADDRESS.COUNTRYCODE': place.countryCode,
  };
}

function base(ctx: DemoContext, rng: Random, entity: string | null, day: number): DemoRecord {
  return {
    RECORDNO: ctx.nextKey('CONTACT'),
    [ENTITY]: entity,
    PAGER: null,
    STATUS: rng.chance(0.92) ? 'active' : 'inactive',
    VISIBLE: true,
    TAXABLE: rng.chance(0.7),
    TAXGROUP: rng.chance(0.3) ? rng.pick(['Standard', 'Exempt', 'Reduced']) : null,
    PRICELIST: rng.chance(0.2) ? rng.pick(['Wholesale', 'Retail', 'Partner']) : null,
    DISCOUNT: rng.chance(0.15) ? micros(rng.pick([2, 5, 10]) * 1_000_000) : null,
    ...ctx.audit(rng, day),
  };
}

export interface Person {
  readonly first: string;
  readonly last: string;
}

export function pickPerson(ctx: DemoContext, rng: Random): Person {
  return { first: rng.pick(ctx.plan.style.firstNames), last: rng.pick(ctx.plan.style.lastNames) };
}

/** A person: CONTACTNAME "Last, First" as the seed's PAYTOCONTACT.CONTACTNAME examples ("Ackman, Alice"). */
export function addPersonContact(
  ctx: DemoContext,
  rng: Random,
  entity: string | null,
  person: Person,
  place: Place,
  day: number,
  companyName: string | null,
): DemoRecord {
  const name = uniqueName(ctx, `${person.last}, ${person.first}`);
  const domain = companyName ? `${slug(companyName)}.example.com` : 'mail.example.net';
  return ctx.add('CONTACT', {
    ...base(ctx, rng, entity, day),
    CONTACTNAME: name,
    PRINTAS: `${person.first} ${person.last}`,
    COMPANYNAME: companyName,
    PREFIX: rng.chance(0.3) ? rng.pick(['Mr.', 'Ms.', 'Dr.', 'Mx.']) : null,
    FIRSTNAME: person.first,
    LASTNAME: person.last,
    INITIAL: rng.chance(0.4) ? String.fromCharCode(65 + rng.int(0, 25)) : null,
    PHONE1: phone(rng, place),
    PHONE2: rng.chance(0.2) ? phone(rng, place) : null,
    CELLPHONE: rng.chance(0.6) ? phone(rng, place) : null,
    FAX: null,
    EMAIL1: `${slug(person.first)}.${slug(person.last)}@${domain}`,
    EMAIL2: null,
    URL1: null,
    URL2: null,
    TAXID: null,
    ...address(ctx, rng, place),
  });
}

/** A company's own contact (vendor or customer display contact): CONTACTNAME is the company name. */
export function addCompanyContact(
  ctx: DemoContext,
  rng: Random,
  entity: string | null,
  companyName: string,
  place: Place,
  day: number,
): DemoRecord {
  const domain = `${slug(companyName)}.example.com`;
  return ctx.add('CONTACT', {
    ...base(ctx, rng, entity, day),
    CONTACTNAME: uniqueName(ctx, companyName),
    PRINTAS: companyName,
    COMPANYNAME: companyName,
    PREFIX: null,
    FIRSTNAME: null,
    LASTNAME: null,
    INITIAL: null,
    PHONE1: phone(rng, place),
    PHONE2: null,
    CELLPHONE: null,
    FAX: rng.chance(0.3) ? phone(rng, place) : null,
    EMAIL1: `accounts@${domain}`,
    EMAIL2: rng.chance(0.3) ? `billing@${domain}` : null,
    URL1: `https://www.${domain}`,
    URL2: null,
    TAXID: rng.chance(0.5) ? `${rng.int(10, 99)}-${rng.int(1000000, 9999999)}` : null,
    ...address(ctx, rng, place),
  });
}
