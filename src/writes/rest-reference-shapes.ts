// Intacct's REST OpenAPI shared schemas as dot-path property descriptions (see rest-reference-fields.ts for the form):
// the references, `audit.s1`, `entity-ref`, `contact-ref` and `dimension-ref` of
// lorenz-bus-service/node-intacct-rest-api spec/accounts-payable.json at 1dcbea361b3a4951e419d749dbea3c75e1b3ecd6, which
// every object's schema reuses.

export interface RestReference {
  /** File and schema of the OpenAPI the properties come from. */
  readonly source: string;
  readonly properties: Readonly<Record<string, string>>;
}

export type Props = Record<string, string>;

/** A reference to another record (`{key, id, href}`, `name` read-only where the schema lists it). */
export function ref(prefix: string, named = false, flags = ''): Props {
  const f = flags ? ` ${flags}` : '';
  return {
    [`${prefix}.key`]: `string${f}`,
    [`${prefix}.id`]: `string${f}`,
    ...(named ? { [`${prefix}.name`]: 'string ro' } : {}),
    [`${prefix}.href`]: 'string ro',
  };
}

/** `audit.s1`: read-only as a whole. */
export function audit(prefix = 'audit'): Props {
  return {
    [`${prefix}.createdDateTime`]: 'string ro',
    [`${prefix}.modifiedDateTime`]: 'string ro',
    [`${prefix}.createdBy`]: 'string ro dep',
    [`${prefix}.modifiedBy`]: 'string ro dep',
    ...ref(`${prefix}.createdByUser`, false, 'ro'),
    ...ref(`${prefix}.modifiedByUser`, false, 'ro'),
  };
}

/** `entity-ref`: read-only as a whole. */
export function entity(prefix = 'entity'): Props {
  return { ...ref(prefix, false, 'ro'), [`${prefix}.name`]: 'string ro' };
}

export const STATUS = 'string enum=active|inactive';
export const DIMENSION_STATUS = 'string enum=active|activeNonPosting|inactive';

/** A contact's name, email, phone and web keys (objects.company-config.contact; contact-ref marks them deprecated). */
export const CONTACT_NAME_KEYS: readonly string[] = [
  'lastName',
  'firstName',
  'middleName',
  'prefix',
  'printAs',
  'email1',
  'email2',
  'phone1',
  'phone2',
  'mobile',
  'pager',
  'fax',
  'URL1',
  'URL2',
  'companyName',
];

/** A contact's mailingAddress keys but `country` (deprecated in both schemas). */
export const MAILING_ADDRESS_KEYS: readonly string[] = [
  'addressLine1',
  'addressLine2',
  'addressLine3',
  'city',
  'state',
  'postCode',
  'isoCountryCode',
];

/** `contact-ref`: a contact named by key or id; its name, emails, phones and address fields are marked deprecated. */
export function contactRef(prefix: string): Props {
  return {
    ...ref(prefix),
    ...typed(prefix, CONTACT_NAME_KEYS, 'string dep'),
    ...typed(`${prefix}.mailingAddress`, [...MAILING_ADDRESS_KEYS, 'country'], 'string dep'),
  };
}

/** `dimension-ref`: a line's dimensions, each a reference with a read-only name. */
export function dimensions(prefix = 'dimensions'): Props {
  const p: Props = {};
  for (const d of [
    'location',
    'department',
    'employee',
    'project',
    'customer',
    'vendor',
    'item',
    'warehouse',
    'class',
    'task',
    'costType',
    'asset',
    'contract',
    'affiliateEntity',
    'loanAccount',
    'workOrder',
  ])
    Object.assign(p, ref(`${prefix}.${d}`, true));
  return p;
}

/** Properties under `prefix` whose object the schema marks `readOnly` as a whole: each is read-only. */
export function readOnly(prefix: string, keys: readonly string[], type = 'string'): Props {
  return typed(prefix, keys, `${type} ro`);
}

/** Properties under `prefix` (top-level when empty), each of `type` with its flags (`boolean`, `string ro`). */
export function typed(prefix: string, keys: readonly string[], type: string): Props {
  const p: Props = {};
  for (const k of keys) p[prefix ? `${prefix}.${k}` : k] = type;
  return p;
}
