// The OpenAPI properties of the AP adjustment line and the AR adjustment, in the form of rest-reference-fields.ts (the
// AP adjustment and the AR adjustment line are generated from their saved schemas: rest-properties.json). Sources:
// lorenz-bus-service/node-intacct-rest-api at 1dcbea361b3a4951e419d749dbea3c75e1b3ecd6, spec/accounts-receivable.json
// `components.schemas["objects.accounts-receivable.adjustment"]` (read there), and
// `objects.accounts-payable.adjustment-line` of spec/accounts-payable.json, read through an openapi-typescript
// rendering of the same schemas in the public code index (readonly, @deprecated and @enum kept).

import { audit, dimensions, entity, type Props, type RestReference, readOnly, ref } from './rest-reference-shapes.ts';

const STATE = 'string enum=reversed|reversal|draft|noValue|posted|paid|partiallyPaid|selected';

/** The France e-invoicing fields both headers carry, read-only. */
const E_INVOICE: Props = {
  invoiceType: 'string ro enum=invoice|eInvoice',
  invoiceMode: 'string ro enum=b1|s1',
  eInvoiceStatus: 'string ro',
};

/** An exchange rate (`rate` a string in these schemas): an AR header's and line's, an AP line's under `currency`. */
const EXCHANGE_RATE: Props = {
  'exchangeRate.date': 'string',
  'exchangeRate.rate': 'string',
  'exchangeRate.typeId': 'string',
};

export const AP_ADJUSTMENT_LINE: RestReference = {
  source: 'spec/accounts-payable.json objects.accounts-payable.adjustment-line',
  properties: {
    id: 'string ro',
    key: 'string',
    href: 'string ro',
    baseAmount: 'string',
    txnAmount: 'string',
    totalTxnAmount: 'string',
    memo: 'string',
    lineNumber: 'string ro',
    hasForm1099: 'string',
    'form1099.type': 'string',
    'form1099.box': 'string',
    adjustmentType: 'string ro',
    ...ref('glAccount', true),
    ...ref('overrideOffsetGLAccount', true),
    ...ref('accountLabel'),
    ...dimensions(),
    ...ref('dimensions.adjustmentAsset', true),
    ...readOnly('currency', ['baseCurrency', 'txnCurrency']),
    ...Object.fromEntries(Object.entries(EXCHANGE_RATE).map(([k, v]) => [`currency.${k}`, v])),
    ...readOnly('paymentInformation', [
      'totalBaseAmountPaid',
      'txnTotalPaid',
      'totalBaseAmountSelected',
      'txnTotalSelected',
    ]),
    taxEntries: 'array',
    ...ref('apAdjustment', false, 'ro'),
    ...audit(),
  },
};

export const AR_ADJUSTMENT: RestReference = {
  source: 'spec/accounts-receivable.json objects.accounts-receivable.adjustment',
  properties: {
    key: 'string ro',
    id: 'string ro',
    txnType: 'string ro',
    adjustmentNumber: 'string',
    href: 'string ro',
    ...ref('contacts.billTo'),
    ...ref('contacts.shipTo'),
    'contacts.shipTo.tax.taxId': 'string',
    ...ref('contacts.shipTo.tax.group'),
    state: STATE,
    description: 'string',
    documentNumber: 'string',
    'baseCurrency.currency': 'string',
    'baseCurrency.totalDue': 'string',
    'baseCurrency.paidDate': 'string',
    ...readOnly('baseCurrency', ['totalPaid', 'totalSelected', 'totalAmountEntered']),
    'txnCurrency.currency': 'string',
    ...readOnly('txnCurrency', ['totalEntered', 'totalSelected', 'totalPaid', 'totalDue']),
    ...EXCHANGE_RATE,
    moduleKey: 'string ro',
    ...ref('customer'),
    'customer.name': 'string',
    'customer.totalDue': 'string ro',
    createdDate: 'string',
    glPostingDate: 'string',
    ...ref('taxSolution'),
    ...E_INVOICE,
    ...ref('attachment'),
    'adjustmentSummary.href': 'string ro',
    'adjustmentSummary.key': 'integer',
    'adjustmentSummary.id': 'string',
    lines: 'array',
    ...audit(),
    ...entity(),
  },
};
