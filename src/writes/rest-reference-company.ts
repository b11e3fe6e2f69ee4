// The OpenAPI properties of Company's location and contact, in the form of rest-reference-fields.ts. Source:
// lorenz-bus-service/node-intacct-rest-api spec/company-configuration.json at 1dcbea361b3a4951e419d749dbea3c75e1b3ecd6,
// `components.schemas["objects.company-config.<object>"]`.

import {
  audit,
  CONTACT_NAME_KEYS,
  contactRef,
  DIMENSION_STATUS,
  entity,
  MAILING_ADDRESS_KEYS,
  type RestReference,
  ref,
  STATUS,
  typed,
} from './rest-reference-shapes.ts';

export const LOCATION: RestReference = {
  source: 'spec/company-configuration.json objects.company-config.location',
  properties: {
    key: 'string ro',
    id: 'string',
    href: 'string ro',
    name: 'string',
    status: DIMENSION_STATUS,
    taxId: 'string',
    businessId: 'string',
    startDate: 'string',
    endDate: 'string',
    ...contactRef('contacts.primary'),
    ...contactRef('contacts.shipTo'),
    locationReportingTitle: 'string dep',
    reportTitle: 'string',
    printAs: 'string',
    ...ref('parent', true),
    'parent.locationType': 'string ro',
    ...ref('manager', true),
    locationType: 'string ro',
    baseCurrency: 'string ro',
    ...entity(),
    ...audit(),
  },
};

/** A contact of its own (not the `contact-ref` inside a vendor or location): no audit in its schema. */
export const CONTACT: RestReference = {
  source: 'spec/company-configuration.json objects.company-config.contact',
  properties: {
    key: 'string ro',
    id: 'string',
    href: 'string ro',
    ...typed('', [...CONTACT_NAME_KEYS, 'discount', 'entityUseCode'], 'string'),
    showInContactList: 'boolean',
    status: STATUS,
    ...entity(),
    ...typed('mailingAddress', MAILING_ADDRESS_KEYS, 'string'),
    'mailingAddress.country': 'string dep',
    ...ref('priceList'),
    ...ref('priceSchedule'),
    'tax.isTaxable': 'boolean',
    'tax.taxId': 'string',
    ...ref('tax.group'),
  },
};
