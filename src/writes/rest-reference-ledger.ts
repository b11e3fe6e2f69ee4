// The OpenAPI properties of General Ledger's account, journal entry and journal entry line, in the form of
// rest-reference-fields.ts. Source: lorenz-bus-service/node-intacct-rest-api spec/general-ledger.json at
// 1dcbea361b3a4951e419d749dbea3c75e1b3ecd6, `components.schemas["objects.general-ledger.<object>"]`.

import {
  audit,
  dimensions,
  entity,
  type RestReference,
  readOnly,
  ref,
  STATUS,
  typed,
} from './rest-reference-shapes.ts';

/** required-dimensions-ref's properties, each a boolean. */
const REQUIRED_DIMENSIONS = [
  'class',
  'contract',
  'customer',
  'department',
  'employee',
  'item',
  'location',
  'project',
  'vendor',
  'warehouse',
  'asset',
  'affiliateEntity',
  'task',
  'costType',
  'loanAccount',
  'isWorkOrderRequired',
];

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
    // The shared required-dimensions-ref (saved in scripts/openapi-subsets/general-ledger.json).
    ...typed('requireDimensions', REQUIRED_DIMENSIONS, 'boolean'),
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

const JOURNAL_ENTRY_STATES = 'draft|submitted|partiallyApproved|approved|posted|declined|reversalPending|reversed';

export const JOURNAL_ENTRY: RestReference = {
  source: 'spec/general-ledger.json objects.general-ledger.journal-entry',
  properties: {
    key: 'string ro',
    id: 'string ro',
    txnNumber: 'integer ro',
    ...ref('glJournal'),
    'glJournal.isAdjustment': 'boolean ro',
    'glJournal.name': 'string ro',
    description: 'string',
    postingDate: 'string',
    // readOnly in the schema, though the "Create a journal entry" example sends it (docs/writes.md, REST bodies).
    scheduledOperationKey: 'string ro',
    automaticReversalDate: 'string',
    reversedFromDate: 'string ro',
    ...readOnly('reversedBy', ['key', 'id', 'href']),
    moduleName: 'string',
    referenceNumber: 'string',
    ...entity(),
    webURL: 'string ro',
    ...ref('baseLocation'),
    state: `string enum=${JOURNAL_ENTRY_STATES}`,
    sequenceNumber: 'string ro',
    txnSource: 'string ro enum=bank',
    invoiceMode: 'string enum=tlb1|tps1',
    eReportingType: 'string enum=none|sales|payment',
    balance: 'string',
    'tax.taxImplication': 'string enum=none|inbound|outbound',
    ...readOnly('tax.taxSolution', ['key', 'id', 'href']),
    ...ref('tax.vendor'),
    ...ref('tax.customer'),
    ...ref('tax.contact'),
    ...audit(),
    href: 'string ro',
    ...readOnly('accountAllocationRun', ['key', 'id', 'href']),
    ...readOnly('accountAllocation', ['key', 'id', 'href']),
    ...readOnly('txnTemplate', ['key', 'id']),
    ...ref('attachment'),
    lines: 'array',
  },
};

export const JOURNAL_ENTRY_LINE: RestReference = {
  source: 'spec/general-ledger.json objects.general-ledger.journal-entry-line',
  properties: {
    key: 'string ro',
    id: 'string ro',
    lineNumber: 'integer ro',
    txnType: 'string enum=debit|credit',
    txnAmount: 'string',
    entryDate: 'string ro',
    documentId: 'string',
    description: 'string',
    numberOfUnits: 'integer ro',
    ...readOnly('reconciliationGroup', ['clearingDate', 'cleared', 'reconciliationDate']),
    accountingPeriod: 'integer ro',
    isBillable: 'boolean',
    isBilled: 'boolean ro',
    baseAmount: 'string ro',
    interEntityTxnType: 'string ro',
    ...readOnly('parent', ['key', 'id', 'href']),
    // `state` and `currency` are shared schemas (the latter readOnly here) whose properties were not read: the
    // catalog's fields under them (state, currency.txnCurrency …) keep their own rules, any other key is refused.
    // glAccount is the shared gl-account-ref, a reference as elsewhere.
    ...ref('glAccount', true),
    ...ref('allocation'),
    ...dimensions(),
    href: 'string ro',
    ...ref('journalEntry'),
    taxEntries: 'array',
    ...audit(),
  },
};
