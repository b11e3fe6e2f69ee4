// The properties of Intacct's REST objects as its OpenAPI lists them (the request and response schema of each object,
// `components.schemas["objects.<module>.<object>"]`): facts, with their source, that decide which REST body keys
// ledgerq accepts without modelling them. Source: Intacct's REST OpenAPI files mirrored in
// lorenz-bus-service/node-intacct-rest-api spec/<module>.json at commit 1dcbea361b3a4951e419d749dbea3c75e1b3ecd6.
//
// Most objects' lists are generated from the saved schemas (scripts/openapi-subsets/*.json) by
// scripts/build-rest-properties.mjs into rest-properties.json (rest-properties.ts reads it). The lists here are
// transcribed by hand, for the objects whose schema no subset holds (vendor, customer, employee, department, class;
// rest-reference-payables/-receivables/-company/-adjustments.ts hold the others, rest-reference-shapes.ts the shared
// schemas). Each property is a dot path (nested objects flattened: `contacts.default.email1`, `tpar.isTparEnabled`) to
// a short description: its type (`string`, `number`, `integer`, `boolean`, `array`), then `ro` (readOnly), `wo`
// (writeOnly), `dep` (deprecated) and `enum=a|b` (the enum's values besides null) where the OpenAPI says so.

import { generatedProperty, hasGeneratedList, type RestProperty, type RestPropertyType } from './rest-properties.ts';

export type { RestProperty, RestPropertyType } from './rest-properties.ts';

export const OPENAPI_SOURCE = 'lorenz-bus-service/node-intacct-rest-api@1dcbea361b3a4951e419d749dbea3c75e1b3ecd6';

import {
  audit,
  contactRef,
  DIMENSION_STATUS,
  entity,
  type Props,
  type RestReference,
  ref,
  STATUS,
} from './rest-reference-shapes.ts';
import { CONTACT, LOCATION } from './rest-reference-company.ts';
import { AP_PAYMENT, AP_PAYMENT_DETAIL, BILL, BILL_LINE } from './rest-reference-payables.ts';
import { AR_PAYMENT, INVOICE, INVOICE_LINE } from './rest-reference-receivables.ts';
import { AP_ADJUSTMENT_LINE, AR_ADJUSTMENT } from './rest-reference-adjustments.ts';

export type { RestReference } from './rest-reference-shapes.ts';

const VENDOR: RestReference = {
  source: 'spec/accounts-payable.json objects.accounts-payable.vendor',
  properties: {
    status: DIMENSION_STATUS,
    key: 'string ro',
    id: 'string',
    name: 'string',
    isOneTimeUse: 'boolean',
    href: 'string ro',
    state: 'string enum=s|a|r',
    isSystemGenerated: 'boolean ro',
    defaultLeadTime: 'integer',
    filePaymentService: 'string enum=ach|bankFile|none',
    'bankFiles.paymentCurrency': 'string',
    taxId: 'string',
    'tpar.isTparEnabled': 'boolean',
    'tpar.name': 'string',
    't5018.isT5018Enabled': 'boolean',
    't5018.t5018Number': 'string',
    'form1099.is1099Eligible': 'boolean',
    'form1099.nameOn1099': 'string',
    'form1099.type': 'string',
    'form1099.box': 'string',
    isOnHold: 'boolean',
    doNotPay: 'boolean',
    alwaysCreateBill: 'boolean',
    creditLimit: 'number',
    retainagePercentage: 'number',
    isIndividualPerson: 'boolean',
    notes: 'string',
    discountPercent: 'number',
    'contacts.default.hideContactList': 'boolean',
    'contacts.default.tax.isTaxable': 'boolean',
    'contacts.default.electronicInvoiceDetails.legalCategory': 'string',
    'contacts.default.electronicInvoiceDetails.mainActivity': 'string',
    'contacts.default.electronicInvoiceDetails.typeOfCompany': 'string',
    'contacts.default.electronicInvoiceDetails.registeredCapital': 'integer',
    'contacts.default.electronicInvoiceDetails.valueAddedTaxRegime': 'string',
    'contacts.default.internationalTaxId': 'string',
    preferredPaymentMethod:
      'string enum=printedCheck|chargeCard|EFT|cash|ACH|wellsFargoCheck|wellsFargoUSDWire|wellsFargoDomesticACH',
    mergePaymentRequests: 'boolean',
    sendPaymentNotification: 'boolean',
    billingType: 'string enum=openItem|balanceForward',
    paymentPriority: 'string enum=urgent|high|normal|low',
    currency: 'string',
    displayTermDiscountOnCheckStub: 'boolean',
    'billPayment.defaultDateOptions': 'string enum=none|dueDate|billDate|discountDate',
    'billPayment.offsetTypePlusMinus': 'string enum=+|-',
    'billPayment.dueNumberOfDays': 'integer',
    'billPayment.billNumberOfDays': 'integer',
    vendorAccountNumber: 'string',
    displayVendorAccountOnCheckStub: 'boolean',
    totalDue: 'string ro',
    lastBillCreatedDate: 'string ro',
    lastPaymentMadeDate: 'string ro',
    'ach.enablePayments': 'boolean',
    'ach.routingNumber': 'string',
    'ach.accountNumber': 'string',
    'ach.accountType': 'string enum=checkingAccount|savingsAccount',
    'ach.remittanceType': 'string enum=businessCTX|personalPPD|businessCCD',
    vendorRestriction: 'string enum=unrestricted|rootOnly|restricted',
    webURL: 'string ro',
    ...ref('customer', false, 'ro'),
    ...ref('employee', false, 'ro'),
    ...ref('vendorType'),
    ...ref('parent', true),
    ...ref('accountGroup'),
    ...ref('accountlabel', false, 'dep'),
    ...ref('accountLabel'),
    'bankFiles.paymentCountryCode': 'string',
    ...ref('attachment'),
    ...ref('priceList'),
    ...ref('priceSchedule'),
    ...ref('overrideOffsetGLAccount', true),
    ...ref('defaultExpenseGLAccount', true),
    ...contactRef('contacts.default'),
    ...ref('contacts.default.tax.group'),
    ...ref('contacts.primary'),
    ...ref('contacts.payTo'),
    ...ref('contacts.returnTo'),
    ...ref('contacts.recipient1099'),
    ...ref('term'),
    // Owned lists (objects.accounts-payable.vendor-contact, -email-template, -payment-provider, -bank-file-setup,
    // -account-number, -restricted-location, -restricted-department).
    contactList: 'array',
    vendorEmailTemplates: 'array',
    vendorPaymentProviders: 'array',
    vendorBankFileSetup: 'array',
    vendorAccountNumberList: 'array',
    restrictedLocations: 'array',
    restrictedDepartments: 'array',
    ...audit(),
    ...entity(),
  },
};

const CUSTOMER: RestReference = {
  source: 'spec/accounts-receivable.json objects.accounts-receivable.customer',
  properties: {
    key: 'string ro',
    id: 'string',
    name: 'string',
    href: 'string ro',
    status: DIMENSION_STATUS,
    ...ref('customerType'),
    ...ref('parent', true),
    ...ref('salesRepresentative', true),
    taxId: 'string',
    electronicAddress: 'string dep',
    ...ref('defaultRevenueGLAccount', true),
    ...ref('shippingMethod'),
    creditLimit: 'number',
    isOnHold: 'boolean',
    ...contactRef('contacts.default'),
    'contacts.default.showInContactList': 'boolean',
    'contacts.default.tax.isTaxable': 'boolean',
    ...ref('contacts.default.tax.group'),
    ...ref('contacts.default.tax.solution'),
    'contacts.default.electronicInvoiceDetails.legalCategory': 'string',
    'contacts.default.electronicInvoiceDetails.mainActivity': 'string',
    'contacts.default.electronicInvoiceDetails.typeOfCompany': 'string',
    'contacts.default.electronicInvoiceDetails.registeredCapital': 'integer',
    'contacts.default.electronicInvoiceDetails.valueAddedTaxRegime': 'string',
    'contacts.default.internationalTaxId': 'string',
    'contacts.default.electronicAddress': 'string',
    ...ref('contacts.primary'),
    ...ref('contacts.billTo'),
    ...ref('contacts.shipTo'),
    contactList: 'array',
    ...audit(),
    'restrictions.restrictionType': 'string enum=unrestricted|rootOnly|restricted',
    customerEmailTemplates: 'array',
    discountPercent: 'string',
    ...ref('term'),
    advanceBillBy: 'string',
    advanceBillByType: 'string enum=|days|months',
    totalDue: 'string ro',
    lastInvoiceCreatedDate: 'string ro',
    lastStatementGeneratedDate: 'string ro',
    resaleNumber: 'number dep',
    customerResaleNumber: 'string',
    deliveryOptions: 'string enum=print|email|both',
    overridePriceList: 'string enum=customer|billingContact|shippingContact',
    ...ref('customerMessage'),
    'customerMessage.message': 'string',
    currency: 'string',
    emailOptIn: 'boolean',
    activationDate: 'string ro dep',
    subscriptionEndDate: 'string ro',
    ...ref('territory'),
    'territory.name': 'string',
    enableOnlineACHPayment: 'boolean dep',
    enableOnlineCardPayment: 'boolean dep',
    isOneTimeUse: 'boolean',
    disableRefund: 'boolean',
    ...ref('vendor'),
    'vendor.isSystemGenerated': 'boolean',
    ...ref('accountGroup'),
    ...ref('accountLabel'),
    ...ref('attachment'),
    retainagePercentage: 'number',
    notes: 'string',
    ...ref('priceList'),
    ...ref('priceSchedule'),
    ...ref('overrideOffsetGLAccount', true),
    customerRestriction: 'string enum=unrestricted|rootOnly|restricted',
    restrictedLocations: 'array',
    restrictedDepartments: 'array',
    ...entity(),
    'customerAccountHealth.healthScore': 'integer',
    'customerAccountHealth.healthStatus': 'string enum=healthy|atRisk|escalated',
    'customerAccountHealth.churnRisk': 'boolean',
    ...printTemplates(),
    webURL: 'string ro',
  },
};

/** A customer's `printTemplates`: a template per document type, each named by key or id (no link). */
function printTemplates(): Props {
  const p: Props = {};
  for (const t of [
    'arInvoice',
    'orderEntryQuote',
    'orderEntryOrder',
    'orderEntryList',
    'orderEntryInvoice',
    'orderEntryAdjustment',
    'orderEntryOther',
  ]) {
    p[`printTemplates.${t}.key`] = 'string';
    p[`printTemplates.${t}.id`] = 'string';
  }
  return p;
}

/** An employee's `primaryContact`: named by key or id; its name, emails, phones and address are read-only there. */
function employeeContact(): Props {
  const p: Props = { ...ref('primaryContact') };
  for (const [k, v] of Object.entries(contactRef('primaryContact'))) if (!(k in p)) p[k] = v.replace(' dep', ' ro');
  return p;
}

const EMPLOYEE: RestReference = {
  source: 'spec/company-configuration.json objects.company-config.employee',
  properties: {
    key: 'string ro',
    id: 'string',
    name: 'string',
    startDate: 'string',
    jobTitle: 'string',
    status: STATUS,
    birthDate: 'string',
    endDate: 'string',
    postActualCostWithVariance: 'boolean',
    mergePaymentRequests: 'boolean',
    sendAutomaticPaymentNotification: 'boolean',
    ...ref('manager', true),
    gender: 'string enum=female|male',
    ...ref('location', true),
    ...ref('department', true),
    ...ref('class', true),
    ...ref('defaultCustomer', true),
    ...ref('defaultItem', true),
    ...ref('defaultVendor', true),
    ...ref('defaultTimeAllocation'),
    ...ref('defaultExpenseDistribution'),
    defaultCurrency: 'string',
    ...employeeContact(),
    ...ref('employeeType'),
    ...ref('earningType'),
    SSN: 'string',
    ...ref('employeePosition', true),
    terminationType: 'string enum=voluntary|involuntary|deceased|disability|retired',
    'form1099.name': 'string',
    'form1099.type': 'string',
    'form1099.box': 'string',
    'ach.enabled': 'boolean',
    'ach.bankRoutingNumber': 'string',
    'ach.accountNumber': 'string',
    'ach.accountType': 'string enum=checkingAccount|savingsAccount',
    'ach.remittanceType': 'string enum=personalPPD|businessCCD|businessCTX',
    isPlaceholderResource: 'boolean',
    filePaymentService: 'string enum=ach|bankFile|none',
    'bankFile.paymentCountryCode': 'string',
    'bankFile.paymentCurrency': 'string',
    bankFileSetup: 'array',
    preferredPaymentMethod: 'string enum=printedCheck|eft|cash|ach',
    ...ref('attachmentFolder'),
    employeeRates: 'array',
    positionSkills: 'array',
    ...audit(),
    webURL: 'string ro',
    ...entity(),
    href: 'string ro',
  },
};

const CLASS: RestReference = {
  source: 'spec/company-configuration.json objects.company-config.class',
  properties: {
    key: 'string ro',
    id: 'string',
    href: 'string ro',
    name: 'string',
    description: 'string',
    status: DIMENSION_STATUS,
    locationKey: 'string ro dep',
    ...entity(),
    ...ref('parent', true),
    ...audit(),
  },
};

const DEPARTMENT: RestReference = {
  source: 'spec/company-configuration.json objects.company-config.department',
  properties: {
    key: 'string ro',
    id: 'string',
    name: 'string',
    number: 'string dep',
    reportTitle: 'string',
    ...ref('parent', true),
    ...ref('supervisor', true),
    status: DIMENSION_STATUS,
    ...audit(),
    href: 'string ro',
  },
};

/** By REST object name (`accounts-payable/vendor`): the objects whose schema no saved subset holds. */
export const REST_REFERENCE: Readonly<Record<string, RestReference>> = {
  'accounts-payable/adjustment-line': AP_ADJUSTMENT_LINE,
  'accounts-payable/bill': BILL,
  'accounts-payable/bill-line': BILL_LINE,
  'accounts-payable/payment': AP_PAYMENT,
  'accounts-payable/payment-detail': AP_PAYMENT_DETAIL,
  'accounts-payable/vendor': VENDOR,
  'accounts-receivable/adjustment': AR_ADJUSTMENT,
  'accounts-receivable/customer': CUSTOMER,
  'accounts-receivable/invoice': INVOICE,
  'accounts-receivable/invoice-line': INVOICE_LINE,
  'accounts-receivable/payment': AR_PAYMENT,
  'company-config/class': CLASS,
  'company-config/contact': CONTACT,
  'company-config/department': DEPARTMENT,
  'company-config/employee': EMPLOYEE,
  'company-config/location': LOCATION,
};

const TYPES: ReadonlySet<string> = new Set(['string', 'number', 'integer', 'boolean', 'array']);

/**
 * The property at `path` of a REST object, as its OpenAPI describes it (the generated list where a subset holds the
 * object's schema, else the transcription); undefined when the OpenAPI does not list it.
 */
export function restProperty(object: string, path: string): RestProperty | undefined {
  if (hasGeneratedList(object)) return generatedProperty(object, path);
  const spec = REST_REFERENCE[object]?.properties[path];
  if (spec === undefined) return undefined;
  const [type, ...flags] = spec.split(' ');
  if (!type || !TYPES.has(type)) throw new Error(`${object} ${path}: bad property description ${spec}`);
  const enumFlag = flags.find((f) => f.startsWith('enum='));
  return {
    type: type as RestPropertyType,
    readOnly: flags.includes('ro'),
    writeOnly: flags.includes('wo'),
    deprecated: flags.includes('dep'),
    enumValues: enumFlag ? enumFlag.slice('enum='.length).split('|') : null,
  };
}
