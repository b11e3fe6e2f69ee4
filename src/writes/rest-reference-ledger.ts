// The OpenAPI properties of General Ledger's account, journal entry and journal entry line, in the form of
// rest-reference-fields.ts. Source: lorenz-bus-service/node-intacct-rest-api spec/general-ledger.json at
// 1dcbea361b3a4951e419d749dbea3c75e1b3ecd6, `components.schemas["objects.general-ledger.<object>"]`.

import { audit, entity, type RestReference, ref, STATUS } from './rest-reference-shapes.ts';

export const GL_ACCOUNT: RestReference = {
  source: 'spec/general-ledger.json objects.general-ledger.account',
  properties: {
    key: 'string ro',
    id: 'string',
    name: 'string',
    accountType: 'string enum=balanceSheet|incomeStatement',
    normalBalance: 'string enum=debit|credit',
    closingType: 'string enum=nonClosingAccount|closingAccount|closedToAccount',
    ...ref('closeToGLAccount'),
    alternativeGLAccount: 'string enum=none|payablesAccount|receivablesAccount',
    disallowDirectPosting: 'boolean',
    enableGLMatching: 'boolean',
    reconciliationSequence: 'string',
    isGermanTaxAccount: 'boolean',
    status: STATUS,
    // requireDimensions is the shared required-dimensions-ref, whose properties were not read: only the catalog's
    // (department, location, project, customer, vendor, employee, item, class) are accepted, the stricter reading.
    category: 'string',
    isTaxable: 'boolean',
    taxCode: 'string',
    mrcCode: 'string',
    constructionCategory: 'string ro',
    ...entity(),
    ...audit(),
    href: 'string ro',
  },
};
