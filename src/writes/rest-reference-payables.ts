// The OpenAPI properties of Accounts Payable's documents (bill, bill line, payment and its details), in the form of
// rest-reference-fields.ts. Source: lorenz-bus-service/node-intacct-rest-api spec/accounts-payable.json at
// 1dcbea361b3a4951e419d749dbea3c75e1b3ecd6, `components.schemas["objects.accounts-payable.<object>"]`.

import { audit, dimensions, entity, type Props, type RestReference, readOnly, ref } from './rest-reference-shapes.ts';

const PAYMENT_PRIORITY = 'string enum=urgent|high|normal|low';

/** A document's amounts paid and selected for payment: computed, read-only. */
export function paymentTotals(prefix = 'paymentInformation'): Props {
  return readOnly(prefix, [
    'totalBaseAmountPaid',
    'totalTxnAmountPaid',
    'totalBaseAmountSelectedForPayment',
    'totalTxnAmountSelectedForPayment',
  ]);
}

/** A header's `currency`: its currencies and exchange rate. */
export function headerCurrency(): Props {
  return {
    'currency.baseCurrency': 'string',
    'currency.txnCurrency': 'string',
    'currency.exchangeRate.date': 'string',
    'currency.exchangeRate.rate': 'number',
    'currency.exchangeRate.typeId': 'string',
  };
}

/** A line's `currency`: the header's, read-only there. */
export function lineCurrency(): Props {
  return {
    ...readOnly('currency', ['baseCurrency', 'txnCurrency', 'exchangeRate.date', 'exchangeRate.typeId']),
    'currency.exchangeRate.rate': 'number ro',
  };
}

/** A header's `taxSolution`: named by key or id; how it computes tax is read-only. */
export function taxSolution(): Props {
  return {
    ...ref('taxSolution'),
    'taxSolution.showMultiLineTax': 'string ro',
    'taxSolution.taxCalculationMethod': 'string ro',
    'taxSolution.method': 'string ro dep',
  };
}

/** France e-invoicing `dispute` and `refuse` of a bill. */
function eInvoiceReasons(): Props {
  const common = [
    'incorrectVATRate',
    'incorrectTotalAmount',
    'invoiceCalculationError',
    'legalNoticeMissing',
    'duplicateInvoice',
    'errorInRecipientInformation',
    'unknownTransaction',
    'issuerUnknown',
    'contractCompleted',
    'doubleInvoice',
    'orderNumberIncorrectOrMissing',
    'incorrectEmailBillingAddress',
  ];
  const dispute = [
    'other',
    'bankDetailsError',
    ...common,
    'incorrectOrMissingSiretNumber',
    'routingCodeMissingOrIncorrect',
    'contractualReferenceRequired',
    'incorrectReference',
    'incorrectUnitPrices',
    'incorrectDiscount',
    'incorrectQuantityBilled',
    'itemBilledIncorrectly',
    'incorrectPaymentMethod',
    'incorrectQualityOfItemDelivered',
    'deliveryProblem',
  ];
  return {
    'dispute.reason': `string enum=${dispute.join('|')}`,
    'dispute.notes': 'string',
    'refuse.reason': `string enum=${[...common, 'contractualReferenceRequired'].join('|')}`,
    'refuse.notes': 'string',
  };
}

export const BILL: RestReference = {
  source: 'spec/accounts-payable.json objects.accounts-payable.bill',
  properties: {
    key: 'string ro',
    id: 'string ro',
    href: 'string ro',
    billNumber: 'string',
    moduleName: 'string ro',
    // Not readOnly in the schema, though its description says PATCH cannot change it (the catalog's STATE is read-only).
    state:
      'string enum=reversed|reversal|analyzing|partiallyApproved|submitted|declined|noValue|posted|paid|partiallyPaid|selected|draft',
    recordType: 'string ro',
    ...ref('vendor', true),
    'vendor.vendorDue': 'string ro',
    ...readOnly('vendor.form1099', ['type', 'box', 'vendorTypeForm1099Type']),
    ...ref('term'),
    referenceNumber: 'string',
    description: 'string',
    dueInDays: 'string ro',
    postingDate: 'string',
    discountCutOffDate: 'string',
    dueDate: 'string',
    recommendedPaymentDate: 'string',
    createdDate: 'string',
    isOnHold: 'boolean',
    isTaxInclusive: 'boolean',
    paymentPriority: PAYMENT_PRIORITY,
    totalBaseAmount: 'string ro',
    totalBaseAmountDue: 'string ro',
    totalTxnAmount: 'string ro',
    totalTxnAmountDue: 'string ro',
    isSystemGenerated: 'boolean ro',
    'purchasing.id': 'string dep',
    'purchasing.key': 'string ro dep',
    'purchasing.href': 'string ro dep',
    ...ref('purchasingDocument', false, 'ro'),
    ...ref('recurringSchedule', false, 'ro'),
    ...ref('contacts.payTo'),
    ...readOnly('contacts.payTo.tax', ['taxId', 'group.key', 'group.id', 'group.href']),
    ...ref('contacts.returnTo'),
    ...headerCurrency(),
    ...taxSolution(),
    invoiceType: 'string enum=invoice|eInvoice|eReporting',
    invoiceMode: 'string enum=tlb1|tps1',
    eInvoiceStatus: 'string ro',
    importStatus: 'string ro',
    importErrorMessage: 'string ro',
    recipientEmail: 'string ro',
    senderEmail: 'string ro',
    anomalyCode: 'string ro',
    documentSource: 'string ro',
    ...ref('billSummary', true),
    'billSummary.isSummaryOpen': 'string ro',
    'billSummary.isSummaryPosted': 'string ro',
    sourceModule: 'string ro',
    'paymentInformation.fullyPaidDate': 'string',
    ...paymentTotals(),
    ...readOnly('retainage', [
      'defaultPercentage',
      'totalTxnAmountRetained',
      'totalTxnAmountReleased',
      'totalBaseAmountRetained',
    ]),
    ...ref('billBackTemplate'),
    'billBackTemplate.enableInterEntityPostings': 'boolean ro',
    ...ref('attachment'),
    ...ref('customerRefund', false, 'ro'),
    'location.key': 'string dep',
    'location.id': 'string dep',
    'location.name': 'string ro dep',
    'location.href': 'string ro dep',
    lines: 'array',
    ...entity(),
    webURL: 'string ro',
    ...eInvoiceReasons(),
    ...audit(),
  },
};

/** A line's `dimensions` (`dimension-ref`) and its `baseLocation` (read-only). */
function lineDimensions(): Props {
  return { ...dimensions(), ...ref('baseLocation', true, 'ro') };
}

export const BILL_LINE: RestReference = {
  source: 'spec/accounts-payable.json objects.accounts-payable.bill-line',
  properties: {
    id: 'string ro',
    key: 'string',
    href: 'string ro',
    lineNumber: 'string ro',
    hasForm1099: 'string enum=true|false',
    'form1099.type': 'string',
    'form1099.box': 'string',
    createdDate: 'string ro',
    billNumber: 'string ro',
    ...ref('vendor', true),
    ...ref('glAccount', true),
    ...ref('overrideOffsetGLAccount', true),
    ...ref('accountLabel'),
    billAmount: 'string ro',
    baseAmount: 'string ro',
    txnAmount: 'string',
    totalTxnAmount: 'string',
    memo: 'string',
    ...ref('allocation'),
    ...lineCurrency(),
    ...paymentTotals(),
    releaseToPay: 'boolean',
    isSubTotal: 'string ro',
    ...lineDimensions(),
    ...readOnly('retainage', ['percentage', 'baseAmountRetained', 'txnAmountRetained', 'txnAmountReleased']),
    ...readOnly('retainage', ['hasRetainage', 'release'], 'boolean'),
    'project.isBillable': 'boolean',
    'project.isBilled': 'boolean ro',
    'fixedAsset.nameOfAcquiredAsset': 'string',
    'fixedAsset.includeTaxInAssetCost': 'boolean',
    'fixedAsset.assetCreationMode':
      'string enum=createFixedAsset|createMultipleFixedAssets|doNotCreateAsset|createCIPAsset|addToExistingCIPAsset',
    'fixedAsset.assetQuantity': 'integer',
    ...ref('fixedAsset.cipAsset', true),
    ...ref('fixedAsset.assetClassification', true),
    ...ref('amortizationTemplate'),
    amortizationStartDate: 'string',
    amortizationEndDate: 'string',
    ...ref('purchasing.document'),
    ...ref('purchasing.documentLine'),
    taxEntries: 'array',
    ...ref('bill'),
    ...audit(),
  },
};

/** A payment's totals in one currency: the currency and the amount to pay are given, the rest computed. */
function paymentCurrency(prefix: 'baseCurrency' | 'txnCurrency'): Props {
  return {
    [`${prefix}.currency`]: 'string',
    [`${prefix}.amountToPay`]: 'string',
    ...readOnly(prefix, ['totalAmount', 'totalSelected', 'totalPaid', 'totalDue']),
  };
}

export const AP_PAYMENT: RestReference = {
  source: 'spec/accounts-payable.json objects.accounts-payable.payment',
  properties: {
    key: 'string ro',
    id: 'string ro',
    href: 'string ro',
    recordType: 'string ro',
    'financialEntity.id': 'string dep',
    'financialEntity.entityId': 'string',
    ...readOnly('financialEntity', ['txnAmount', 'baseAmount', 'currency', 'baseCurrency']),
    action: 'string dep enum=draft|submit',
    systemGenerated: 'string ro',
    state:
      'string enum=partiallyApproved|submitted|voided|confirmed|approved|draft|declined|delivered|printVoided|quickDelivery',
    documentNumber: 'string',
    description: 'string',
    documentId: 'string',
    txnDate: 'string ro',
    txnPaidDate: 'string ro',
    paymentDate: 'string wo',
    ...paymentCurrency('baseCurrency'),
    ...paymentCurrency('txnCurrency'),
    cleared: 'string ro',
    clearedDate: 'string ro',
    isInclusiveTax: 'boolean ro',
    ...readOnly('paymentSummary', ['key', 'id', 'name', 'postingDate', 'href']),
    'exchangeRate.date': 'string',
    'exchangeRate.rate': 'string ro',
    'exchangeRate.typeId': 'string',
    ...ref('paymentProvider', false, 'ro'),
    paymentMethod: 'string',
    ...ref('payTo', false, 'ro'),
    ...readOnly('taxSolution', ['key', 'id', 'taxCalculationMethod', 'href']),
    ...ref('vendor', true),
    'vendor.entity': 'string ro',
    paymentSubmitter: 'string ro',
    paymentFileType: 'string ro',
    ...readOnly('jointPayee', ['href', 'key', 'id', 'name', 'printAs']),
    paymentRequestMethod:
      'string enum=useVendorPreference|generateOneRequestPerBill|mergeRequestsIntoOnePerVendor|mergeRequestIntoOnePerVendorPayToContact',
    ...ref('bankFile', false, 'ro'),
    details: 'array',
    lines: 'array',
    webURL: 'string ro',
    ...entity(),
    ...audit(),
  },
};

export const AP_PAYMENT_DETAIL: RestReference = {
  source: 'spec/accounts-payable.json objects.accounts-payable.payment-detail',
  properties: {
    key: 'string ro',
    id: 'string ro',
    href: 'string ro',
    paymentDate: 'string ro',
    ...readOnly('baseCurrency', [
      'paymentAmount',
      'inlineAmount',
      'discountAmount',
      'adjustmentAmount',
      'postedAdvanceAmount',
    ]),
    'txnCurrency.currency': 'string ro',
    'txnCurrency.paymentAmount': 'string',
    'txnCurrency.inlineAmount': 'string',
    'txnCurrency.discountAmount': 'string ro',
    'txnCurrency.adjustmentAmount': 'string',
    'txnCurrency.postedAdvanceAmount': 'string',
    discountDate: 'string',
    state: 'string ro',
    moduleKey: 'string ro',
    ...ref('apDebitAdjustment'),
    ...ref('apDebitAdjustmentLine'),
    ...ref('bill'),
    ...ref('billLine'),
    ...ref('apPayment'),
    ...ref('apPaymentLine'),
    ...ref('inlineBill'),
    ...ref('inlineBillLine'),
    ...ref('apCreditAdjustment'),
    ...ref('apCreditAdjustmentLine'),
    ...ref('apAdvance'),
    ...ref('apAdvanceLine'),
    ...ref('apPostedAdvance', false, 'ro'),
    ...ref('apPostedAdvanceLine', false, 'ro'),
    ...readOnly('jointPayee', ['href', 'key', 'id', 'printAs']),
    ...audit(),
  },
};
