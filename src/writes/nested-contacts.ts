// Contacts written inside a vendor, customer or employee (DISPLAYCONTACT, CONTACTINFO, PAYTO, RETURNTO, BILLTO, SHIPTO,
// PERSONALINFO; REST contacts.default, primaryContact …): Intacct creates the contact and links it, or links the
// existing contact named by CONTACTNAME alone.

import { COMPANY_COLUMN, findField, storedColumn } from '../catalog/catalog.ts';
import type { FieldValue } from '../catalog/field-values.ts';
import type { CatalogObject } from '../catalog/types.ts';
import { LedgerqError } from '../errors.ts';
import { ident, p, sql } from '../store/sql.ts';
import type { RawRecord } from './record-values.ts';
import type { Writer } from './writer.ts';

/** Where a nested contact lands on its owner: the key field, and the owner's contact-name field where it has one. */
interface ContactSlot {
  readonly key: string;
  readonly name: string | null;
  /** REST path of the nested object. */
  readonly rest: string;
}

/**
 * Sources: Intacct's create VENDOR reference (russellkt/intacct-mcp-server docs/accounts-payable-vendors.md:
 * DISPLAYCONTACT, CONTACTINFO, PAYTO, RETURNTO; "If blank system will use DISPLAYCONTACT"), create EMPLOYEE
 * (docs/employee-expenses-employees.md: PERSONALINFO.CONTACTNAME), the catalog's REST paths (contacts.default …,
 * primaryContact). CUSTOMER's BILLTO/SHIPTO follow the vendor's shape (the customer page is not in that mirror).
 */
export const CONTACT_SLOTS: Readonly<Record<string, Readonly<Record<string, ContactSlot>>>> = {
  VENDOR: {
    DISPLAYCONTACT: { key: 'DISPLAYCONTACTKEY', name: null, rest: 'contacts.default' },
    CONTACTINFO: { key: 'PRIMARYCONTACTKEY', name: null, rest: 'contacts.primary' },
    PAYTO: { key: 'PAYTOKEY', name: 'PAYTO.CONTACTNAME', rest: 'contacts.payTo' },
    RETURNTO: { key: 'RETURNTOKEY', name: 'RETURNTO.CONTACTNAME', rest: 'contacts.returnTo' },
  },
  CUSTOMER: {
    DISPLAYCONTACT: { key: 'DISPLAYCONTACTKEY', name: null, rest: 'contacts.default' },
    CONTACTINFO: { key: 'CONTACTKEY', name: null, rest: 'contacts.primary' },
    BILLTO: { key: 'BILLTOKEY', name: 'BILLTO.CONTACTNAME', rest: 'contacts.billTo' },
    SHIPTO: { key: 'SHIPTOKEY', name: 'SHIPTO.CONTACTNAME', rest: 'contacts.shipTo' },
  },
  EMPLOYEE: {
    PERSONALINFO: { key: 'CONTACTKEY', name: 'PERSONALINFO.CONTACTNAME', rest: 'primaryContact' },
  },
};

/** Contact fields the owner's record carries as read-only copies: an employee's CONTACT_NAME. */
const NAME_COPIES: Readonly<Record<string, string>> = { EMPLOYEE: 'CONTACT_NAME' };

/** A contact sent inside its owner: the slot (DISPLAYCONTACT …) and its CONTACT fields. */
export interface NestedContact {
  readonly slot: string;
  readonly raw: RawRecord;
}

/** The slot a group element (XML) or nested object path (REST) names on `owner`, if any. */
export function contactSlot(owner: string, group: string, naming: 'xml' | 'rest'): string | undefined {
  const slots = CONTACT_SLOTS[owner];
  if (!slots) return undefined;
  return naming === 'xml'
    ? Object.keys(slots).find((s) => s === group.toUpperCase())
    : Object.entries(slots).find(([, v]) => v.rest === group)?.[0];
}

/** Writes a contact for a slot (a new one, or on update the one already linked there) and answers its RECORDNO. */
export type WriteContact = (slot: string, raw: RawRecord) => Promise<number>;

async function contactNamed(w: Writer, name: string): Promise<number | null> {
  const c = w.catalog.require('CONTACT');
  const rows = await w.db.all<{
    k: number;
  }>(sql`SELECT ${ident(storedColumn(c, 'RECORDNO'))} AS k FROM ${ident(c.table)}
    WHERE ${ident(COMPANY_COLUMN)} = ${p(w.companyKey)} AND ${ident(storedColumn(c, 'CONTACTNAME'))} = ${p(name)}`);
  return rows[0] ? Number(rows[0].k) : null;
}

/**
 * Creates or links each nested contact and answers the owner's computed fields (the contact keys and names). A group
 * with CONTACTNAME alone links that contact (unknown: refused); with other fields it creates a contact, named
 * `NAME(V<VENDORID>)` (`(C<CUSTOMERID>)` for a customer) when CONTACTNAME is blank, as the reference says. On a create,
 * CONTACTINFO, PAYTO and RETURNTO left out use the display contact, as the reference says.
 */
export async function resolveContacts(
  w: Writer,
  owner: CatalogObject,
  ownerValues: { readonly id: string | null; readonly name: string | null },
  nested: readonly NestedContact[],
  creating: boolean,
  writeContact: WriteContact,
): Promise<Map<string, FieldValue>> {
  const out = new Map<string, FieldValue>();
  const slots = CONTACT_SLOTS[owner.xmlName];
  if (!slots || nested.length === 0) return out;
  const contact = w.catalog.require('CONTACT');
  const nameField = findField(contact, 'CONTACTNAME')!;
  const linked = new Map<string, { key: number; name: string }>();
  for (const n of nested) {
    const given = [...n.raw].filter(([, v]) => v !== null && v !== '');
    const sentName = n.raw.get(nameField);
    const name = sentName === undefined || sentName === null || sentName === '' ? null : String(sentName);
    // The display contact is required on a create (the reference: DISPLAYCONTACT and its PRINTAS are required), and the
    // SDKs always write the group: the PHP SDK with PRINTAS = the name when no print-as is set, the JavaScript SDK with
    // an empty PRINTAS. Both mean a display contact printed as the name.
    const defaultDisplay = creating && n.slot === 'DISPLAYCONTACT';
    if (given.length === 0 && !defaultDisplay) continue;
    let key: number;
    let contactName: string;
    // An employee's PERSONALINFO names its contact; one that does not exist yet is created with that name.
    const createNamed = owner.xmlName === 'EMPLOYEE';
    const found = given.length === 1 && name !== null ? await contactNamed(w, name) : null;
    if (given.length === 1 && name !== null && (found !== null || !createNamed)) {
      if (found === null)
        throw new LedgerqError(
          'write.missing-reference',
          `Invalid ${n.slot}.CONTACTNAME '${name}' specified: no CONTACT with CONTACTNAME '${name}'`,
          { object: owner.xmlName, field: `${n.slot}.CONTACTNAME` },
        );
      key = found;
      contactName = name;
    } else {
      const letter = owner.xmlName === 'CUSTOMER' ? 'C' : owner.xmlName === 'EMPLOYEE' ? 'E' : 'V';
      contactName = name ?? `${ownerValues.name ?? ''}(${letter}${ownerValues.id ?? ''})`;
      const raw = new Map(n.raw);
      raw.set(nameField, contactName);
      const printAs = findField(contact, 'PRINTAS')!;
      const sentPrintAs = raw.get(printAs);
      if (defaultDisplay && (sentPrintAs === undefined || sentPrintAs === null || sentPrintAs === ''))
        raw.set(printAs, ownerValues.name);
      key = await writeContact(n.slot, raw);
    }
    linked.set(n.slot, { key, name: contactName });
  }
  const display = linked.get('DISPLAYCONTACT');
  for (const [s, slot] of Object.entries(slots)) {
    const l = linked.get(s) ?? (creating && display ? display : undefined);
    if (!l || !findField(owner, slot.key)?.column) continue;
    out.set(slot.key, l.key);
    if (slot.name) out.set(slot.name, l.name);
    if (NAME_COPIES[owner.xmlName] && slot.key === 'CONTACTKEY') out.set(NAME_COPIES[owner.xmlName]!, l.name);
  }
  return out;
}
