// The OpenAPI properties of Expenses' employee expense and its line, in the form of rest-reference-fields.ts. Source:
// lorenz-bus-service/node-intacct-rest-api spec/expenses.json at 1dcbea361b3a4951e419d749dbea3c75e1b3ecd6,
// `components.schemas["objects.expenses.<object>"]`.

import { audit, dimensions, entity, type RestReference, readOnly, ref } from './rest-reference-shapes.ts';

const TOTALS = ['totalEntered', 'totalPaid', 'totalDue', 'totalSelected'];

export const EMPLOYEE_EXPENSE: RestReference = {
  source: 'spec/expenses.json objects.expenses.employee-expense',
  properties: {
    key: 'string ro',
    id: 'string ro',
    createdDate: 'string',
    ...ref('employee'),
    ...readOnly('employeeContact', ['key', 'id', 'firstName', 'lastName', 'href']),
    state:
      'string enum=draft|submitted|partiallyApproved|partiallyDeclined|approved|posted|declined|reversalPending|reversed|reversal|paid|confirmed|voided|partiallyPaid|selected',
    'basePayment.baseCurrency': 'string',
    ...readOnly('basePayment', ['paidDate', ...TOTALS]),
    'reimbursement.reimbursementCurrency': 'string',
    ...readOnly('reimbursement', TOTALS),
    expenseReportNumber: 'string',
    'expenseSummary.key': 'string',
    'expenseSummary.id': 'string',
    'expenseSummary.title': 'string ro',
    'expenseSummary.postingDate': 'string',
    'expenseSummary.state': 'string ro enum=open|closed',
    'expenseSummary.preventGLPosting': 'boolean ro',
    'expenseSummary.href': 'string ro',
    ...readOnly('nonReimbursable', ['baseTotalEntered', 'reimbursementTotalEntered']),
    memo: 'string',
    description: 'string',
    reclassificationNotes: 'string',
    ...ref('attachment'),
    ...audit(),
    lines: 'array',
    ...entity(),
  },
};

const LINE_STATES =
  'draft|submitted|partiallyApproved|partiallyDeclined|approved|posted|declined|reversalPending|reversed|reversal|paid|confirmed|voided|partiallyPaid|saved';

export const EMPLOYEE_EXPENSE_LINE: RestReference = {
  source: 'spec/expenses.json objects.expenses.employee-expense-line',
  properties: {
    key: 'string ro',
    id: 'string ro',
    href: 'string ro',
    entryDate: 'string',
    baseCurrency: 'string ro',
    baseAmount: 'string ro',
    reimbursementCurrency: 'string ro',
    reimbursementAmount: 'string ro',
    txnCurrency: 'string',
    txnAmount: 'string',
    totalSelected: 'string ro',
    totalPaid: 'string ro',
    quantity: 'string',
    unitRate: 'string',
    paidTo: 'string',
    paidFor: 'string',
    ...ref('glAccount', true),
    ...ref('expenseType'),
    lineNumber: 'number ro',
    ...readOnly('reimburseToBaseConversion', ['exchangeRateDate', 'exchangeRateTypeId', 'exchangeRate']),
    'transactionToReimburseConversion.exchangeRate': 'string',
    'transactionToReimburseConversion.exchangeRateDate': 'string',
    'transactionToReimburseConversion.exchangeRateTypeId': 'string dep',
    ...ref('transactionToReimburseConversion.exchangeRateType'),
    state: `string ro enum=${LINE_STATES}`,
    isBillable: 'boolean',
    isBilled: 'boolean ro',
    'form1099.isForm1099': 'string',
    'form1099.type': 'string',
    'form1099.box': 'string',
    ...ref('paymentType'),
    'paymentType.isNonReimbursable': 'boolean ro',
    ...readOnly('creditCardTxn', ['id', 'key', 'href']),
    ...ref('creditCardTxnLine'),
    ...ref('electronicReceipt'),
    ...ref('electronicReceiptLine'),
    ...audit(),
    ...dimensions(),
    ...ref('employeeExpense'),
  },
};
