// Elements a create or update may carry that ledgerq accepts without storing: listed by Intacct's XML reference for the
// record element (REFERENCE_FIELDS) or sent by real integrations that Intacct serves (PAYLOAD_FIELDS), but with no
// catalog field. Everything else that is not a catalog field is refused, naming the element.

import { REFERENCE_FIELDS } from './reference-fields.ts';
import { ELEMENT_FIELDS, SDK_OBJECT_REFERENCE_FIELDS } from './reference-fields-sdk-objects.ts';

const LISTED: Readonly<Record<string, { readonly create: readonly string[]; readonly update: readonly string[] }>> = {
  ...REFERENCE_FIELDS,
  ...SDK_OBJECT_REFERENCE_FIELDS,
};

/** Elements production integrations send that the reference page does not list, with where each is sent. */
const PAYLOAD_FIELDS: Readonly<Record<string, { readonly source: string; readonly names: readonly string[] }>> = {
  APBILLITEM: {
    source: 'fylein/fyle-intacct-api apps/sage_intacct/utils.py `__construct_bill` (customfields on each bill line)',
    names: ['CUSTOMFIELDS'],
  },
  CUSTOMER: {
    source:
      "the official SDKs' CustomerCreate / CustomerUpdate (@intacct/intacct-sdk, intacct/intacct-sdk-php) write the delivery method as DELIVERYOPTIONS; the reference spells it DELIVERY_OPTIONS",
    names: ['DELIVERYOPTIONS'],
  },
  GLENTRY: {
    source:
      'fylein/fyle-intacct-api apps/sage_intacct/utils.py `__construct_base_line_item` (customfields on each journal line)',
    names: ['CUSTOMFIELDS'],
  },
};

const ACCEPTED: ReadonlyMap<string, ReadonlySet<string>> = new Map(
  [...new Set([...Object.keys(LISTED), ...Object.keys(PAYLOAD_FIELDS)])].map((record) => [
    record,
    new Set(
      [
        ...(LISTED[record]?.create ?? []),
        ...(LISTED[record]?.update ?? []),
        ...(PAYLOAD_FIELDS[record]?.names ?? []),
      ].map((n) => n.toUpperCase()),
    ),
  ]),
);

/** Whether `element` of a `record` element (APBILL, APBILLITEM, GLENTRY …) is one Intacct accepts on create or update. */
export function acceptedElement(record: string, element: string): boolean {
  return ACCEPTED.get(record.toUpperCase())?.has(element.toUpperCase()) ?? false;
}

/** Whether `group` of a `record` element is a group the reference lists by its children (`CONTACTINFO.CONTACTNAME`). */
export function acceptedGroup(record: string, group: string): boolean {
  const prefix = `${group.toUpperCase()}.`;
  for (const name of ACCEPTED.get(record.toUpperCase()) ?? []) if (name.startsWith(prefix)) return true;
  return false;
}

/** The catalog field a reference element holds under another name (WAREHOUSE `LOC.LOCATIONID` → LOCATIONID). */
export function elementField(record: string, element: string): string | undefined {
  const names = ELEMENT_FIELDS[record.toUpperCase()];
  return names ? Object.entries(names).find(([k]) => k.toUpperCase() === element.toUpperCase())?.[1] : undefined;
}
