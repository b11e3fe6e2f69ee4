// One declaration per gateway function: the elements it takes, as Intacct's schema declares them. query follows the XSD
// of seed xml-query-and-readbyquery ("Complete schema"); the others follow Intacct's published 3.0 schema
// (intacct/intacct_dtd v3.0/api.xsd, the parameter tables of the seeds) and what the official SDK sends.

import { InternalError } from '../../errors.ts';
import { checkElement, type ChildDecl, type Content, type ElementDecl } from './request-schema.ts';
import type { XmlElement } from './xml-tree.ts';

const TEXT: ElementDecl = { content: { kind: 'text' } };

function elements(
  children: readonly ChildDecl[],
  rest: Omit<Extract<Content, { kind: 'elements' }>, 'kind' | 'children'> = {},
): ElementDecl {
  return { content: { kind: 'elements', children, ...rest } };
}

const one = (name: string, decl: ElementDecl = TEXT): ChildDecl => ({ name, min: 1, max: 1, decl });
const optional = (name: string, decl: ElementDecl = TEXT): ChildDecl => ({ name, min: 0, max: 1, decl });
const many = (name: string, min: number, decl: ElementDecl = TEXT, max = Number.POSITIVE_INFINITY): ChildDecl => ({
  name,
  min,
  max,
  decl,
});

// ---- query: seed xml-query-and-readbyquery.txt, "Complete schema (XSD file)" ----

/** equalto … notlike: `<field>` then one `<value>` (xs:sequence). */
const ONE_VALUE = elements([one('field'), one('value')], { ordered: true });
/** The XSD allows up to 1000 values in in/notin; the binder enforces the IN-list limit (limit.too-many-values). */
const VALUE_LIST = elements([one('field'), many('value', 1)], { ordered: true });
const OPERATORS: readonly ChildDecl[] = [
  ...['equalto', 'notequalto', 'lessthan', 'lessthanorequalto', 'greaterthan', 'greaterthanorequalto'].map((n) =>
    many(n, 0, ONE_VALUE),
  ),
  many('between', 0, elements([one('field'), many('value', 2, TEXT, 2)], { ordered: true })),
  many('in', 0, VALUE_LIST),
  many('notin', 0, VALUE_LIST),
  many('like', 0, ONE_VALUE),
  many('notlike', 0, ONE_VALUE),
  // isnull/isnotnull: a field and nothing else.
  many('isnull', 0, elements([one('field')])),
  many('isnotnull', 0, elements([one('field')])),
];

/** and/or: two or more conditions, each an operator or another and/or (the XSD has no `not`). */
const JUNCTION: ElementDecl = {
  content: {
    kind: 'elements',
    // A getter: the conditions include and/or themselves.
    get children() {
      return CONDITIONS;
    },
    minChildren: 2,
  },
};
const CONDITIONS: readonly ChildDecl[] = [...OPERATORS, many('and', 0, JUNCTION), many('or', 0, JUNCTION)];

const QUERY = elements([
  one(
    'select',
    elements(
      ['field', 'count', 'avg', 'min', 'max', 'sum'].map((n) => many(n, 0)),
      { minChildren: 1 },
    ),
  ),
  one('object'),
  optional('docparid'),
  // "Under the filter element, only one top-level operator is allowed."
  optional('filter', elements(CONDITIONS, { minChildren: 1, maxChildren: 1 })),
  optional(
    'orderby',
    elements([
      many(
        'order',
        1,
        elements([one('field'), optional('ascending'), optional('descending')], {
          ordered: true,
          choices: [{ of: [['ascending'], ['descending']], required: false }],
        }),
      ),
    ]),
  ),
  optional(
    'options',
    elements([optional('caseinsensitive'), optional('showprivate'), optional('returnformat')], { ordered: true }),
  ),
  optional('pagesize'),
  optional('offset'),
]);

// ---- the read family: api.xsd (xs:all, any order) and the seeds' parameter tables ----

/** read and readByName: keys is required ("keys Required", queue-administration.txt) and may be empty (`<keys />`). */
const READ = elements([one('object'), one('keys'), optional('fields'), optional('returnFormat'), optional('docparid')]);

/** promote and cancel: the seed's example form or its parameter table's form, not both (queue-administration.txt). */
const QUEUE_ACTION = elements(
  [many('JOBQUEUERECORD', 0, elements([many('JOBID', 1)])), optional('object'), optional('keys')],
  { choices: [{ of: [['JOBQUEUERECORD'], ['object', 'keys']], required: true }] },
);

// ---- 2.1 functions the SDK's classes send: their own structure per api.xsd; object fields go to the writes layer ----

const OBJECT_FIELDS: ElementDecl = { content: { kind: 'object-fields', min: 0 } };
const SPLIT_DATE = elements([one('year'), one('month'), one('day')], { ordered: true });
const EXTERNAL_KEY = { externalkey: 'optional' } as const;

/** delete_vendor vendorid="V1": the record named by an attribute, no content. */
function legacyDelete(idAttribute: string, externalKey = true): ElementDecl {
  return {
    content: { kind: 'elements', children: [] },
    attributes: { [idAttribute]: 'required', ...(externalKey ? EXTERNAL_KEY : {}) },
  };
}

function reverse(extra: readonly ChildDecl[] = []): ElementDecl {
  return {
    ...elements([one('datereversed', SPLIT_DATE), optional('description'), ...extra], { ordered: true }),
    attributes: { key: 'required' },
  };
}

// ---- attachments: intacct/intacct_dtd v2.1/intacct_co_functions.v2.1.dtd and intacct_request_objects.v2.1.dtd ----

/** attachments (attachment, attachment*); attachment (attachmentname, attachmenttype, attachmentdata). */
const ATTACHMENTS = elements([
  many(
    'attachment',
    1,
    elements([one('attachmentname'), one('attachmenttype'), one('attachmentdata')], { ordered: true }),
  ),
]);
/** create_supdoc and update_supdoc: (supdocid, supdocname?, supdocfoldername?, supdocdescription?, attachments?). */
const SUPDOC = elements(
  [
    one('supdocid'),
    optional('supdocname'),
    optional('supdocfoldername'),
    optional('supdocdescription'),
    optional('attachments', ATTACHMENTS),
  ],
  { ordered: true },
);
/** create_supdocfolder and update_supdocfolder: (supdocfoldername, supdocfolderdescription?, supdocparentfoldername?). */
const SUPDOCFOLDER = elements(
  [one('supdocfoldername'), optional('supdocfolderdescription'), optional('supdocparentfoldername')],
  { ordered: true },
);

// ---- the 2.1 reads get and get_list (v3.0/api.xsd), served for supdoc and supdocfolder ----

const FIELDS = elements([many('field', 1)]);
/** expression (field, operator, value). */
const EXPRESSION = elements([one('field'), one('operator'), one('value')], { ordered: true });
/** logical: two or more expressions or logicals, with logical_operator and or or. */
const LOGICAL: ElementDecl = {
  content: {
    kind: 'elements',
    get children() {
      return GET_LIST_CONDITIONS;
    },
    minChildren: 2,
  },
  attributes: { logical_operator: 'required', object: 'optional' },
};
const GET_LIST_CONDITIONS: readonly ChildDecl[] = [many('expression', 0, EXPRESSION), many('logical', 0, LOGICAL)];
const GET_LIST: ElementDecl = {
  ...elements(
    [
      optional('filter', elements(GET_LIST_CONDITIONS, { minChildren: 1 })),
      optional(
        'sorts',
        elements([many('sortfield', 1, { content: { kind: 'text' }, attributes: { order: 'required' } })]),
      ),
      optional('fields', FIELDS),
      optional('additional_parameters', elements([many('parameter', 1, elements([one('name'), one('value')]))])),
    ],
    { ordered: true },
  ),
  attributes: { object: 'required', maxitems: 'optional', start: 'optional', showprivate: 'optional' },
};

export const FUNCTION_SCHEMAS: Readonly<Record<string, ElementDecl>> = {
  getAPISession: elements([optional('locationid')]),
  query: QUERY,
  readByQuery: elements([
    one('object'),
    // "You can provide an empty query element to return all … objects": present, possibly empty.
    one('query'),
    optional('pagesize'),
    optional('fields'),
    optional('returnFormat'),
    optional('docparid'),
  ]),
  // api.xsd also lists view and reportId; ledgerq serves readMore by object and by resultId only.
  readMore: elements([optional('object'), optional('resultId')], {
    choices: [{ of: [['object'], ['resultId']], required: true }],
  }),
  read: READ,
  readByName: READ,
  lookup: elements([one('object'), optional('docparid')]),
  // api.xsd's inspect takes object or name; ledgerq serves object (the SDK writes `*` by default).
  inspect: { ...elements([one('object')]), attributes: { detail: 'optional' } },
  // create/update hold records (`<VENDOR>…</VENDOR>`), whose elements are the object's fields.
  create: { content: { kind: 'object-fields', min: 1 } },
  update: { content: { kind: 'object-fields', min: 1 } },
  delete: elements([one('object'), one('keys')]),
  create_bill: OBJECT_FIELDS,
  create_invoice: OBJECT_FIELDS,
  create_arpayment: OBJECT_FIELDS,
  create_contact: { ...OBJECT_FIELDS, attributes: { ignoreduplicates: 'optional' } },
  // api.xsd names the contact by a contactname attribute; Intacct's create/update_contact reference writes it as an
  // element: either is accepted.
  update_contact: { ...OBJECT_FIELDS, attributes: { contactname: 'optional', set_nulls: 'optional', ...EXTERNAL_KEY } },
  update_bill: {
    ...OBJECT_FIELDS,
    attributes: { key: 'required', partial_edit: 'optional', set_nulls: 'optional', ...EXTERNAL_KEY },
  },
  update_invoice: { ...OBJECT_FIELDS, attributes: { key: 'required', set_nulls: 'optional', ...EXTERNAL_KEY } },
  reverse_bill: reverse(),
  reverse_invoice: reverse(),
  // Intacct's "Create Manual AP Payment (Legacy)" (russellkt/intacct-mcp-server docs/accounts-payable-ap-payments.md);
  // its elements are checked by name in write-ap-manual-payment.ts.
  create_appayment: OBJECT_FIELDS,
  // Intacct's "Create Reimbursement Request (Legacy)" (russellkt/intacct-mcp-server
  // docs/employee-expenses-reimbursements.md); its elements are checked by name in write-reimbursement-request.ts.
  create_reimbursementrequest: OBJECT_FIELDS,
  reverse_appayment: reverse(),
  reverse_arpayment: reverse([optional('nsfclosedaccount')]),
  apply_arpayment: elements(
    [
      one('arpaymentkey'),
      one('paymentdate', SPLIT_DATE),
      optional('batchkey'),
      optional('memo'),
      optional('overpaylocid'),
      optional('overpaydeptid'),
      many(
        'arpaymentitems',
        0,
        elements([many('arpaymentitem', 1, elements([one('invoicekey'), one('amount')], { ordered: true }))]),
      ),
    ],
    { ordered: true },
  ),
  void_appaymentrequest: elements([one('appaymentkeys', elements([many('appaymentkey', 1)]))]),
  // The SDK's ApPaymentApprove / ApPaymentDecline (AbstractApPaymentFunction.writeLegacyXml); Intacct's AP payments
  // reference (russellkt/intacct-mcp-server docs/accounts-payable-ap-payments.md, "Approve AP Payment Request (Legacy)").
  approve_appaymentrequest: elements([one('appaymentkeys', elements([many('appaymentkey', 1)]))]),
  decline_appaymentrequest: elements([one('appaymentkeys', elements([many('appaymentkey', 1)]))]),
  // ApPaymentSend / ApPaymentConfirm, the same form (the reference's "Send AP Payment Request (Legacy)" and
  // "Confirm AP Payment Request (Legacy)").
  send_appaymentrequest: elements([one('appaymentkeys', elements([many('appaymentkey', 1)]))]),
  confirm_appaymentrequest: elements([one('appaymentkeys', elements([many('appaymentkey', 1)]))]),
  // One TIMESHEET or PODOCUMENT record (Intacct's timesheets and purchasing transactions references; the SDK's
  // TimesheetApprove/Decline and PurchasingTransactionApprove/Decline); its elements are checked by write-approvals.ts.
  approve: { content: { kind: 'object-fields', min: 1 } },
  decline: { content: { kind: 'object-fields', min: 1 } },
  // One CONTRACTDETAIL (Intacct's contract lines reference; the SDK's ContractLineHold / ContractLineResume); its
  // elements are checked by write-contract-lines.ts.
  hold: { content: { kind: 'object-fields', min: 1 } },
  resume: { content: { kind: 'object-fields', min: 1 } },
  // Intacct's charge card transactions reference (russellkt/intacct-mcp-server docs/cash-management-charge-card-transactions.md).
  record_cctransaction: OBJECT_FIELDS,
  update_cctransaction: { ...OBJECT_FIELDS, attributes: { key: 'required' } },
  reverse_cctransaction: {
    ...elements([one('datereversed', SPLIT_DATE), optional('memo')], { ordered: true }),
    attributes: { key: 'required' },
  },
  // Intacct's other receipts and deposits references (russellkt/intacct-mcp-server docs/cash-management-other-receipts.md,
  // docs/cash-management-deposits.md); their elements are checked by name in write-cash-receipts.ts.
  record_otherreceipt: OBJECT_FIELDS,
  update_otherreceipt: { ...OBJECT_FIELDS, attributes: { key: 'required' } },
  delete_otherreceipt: legacyDelete('key', false),
  record_deposit: OBJECT_FIELDS,
  // Intacct's expense reports reference (russellkt/intacct-mcp-server docs/employee-expenses-expense-reports.md).
  create_expensereport: OBJECT_FIELDS,
  update_expensereport: { ...OBJECT_FIELDS, attributes: { key: 'required' } },
  reverse_expensereport: reverse(),
  delete_expensereport: legacyDelete('key', false),
  // Intacct's expense adjustments reference (russellkt/intacct-mcp-server docs/employee-expenses-expense-adjustments.md).
  create_expenseadjustmentreport: OBJECT_FIELDS,
  update_expenseadjustmentreport: { ...OBJECT_FIELDS, attributes: { key: 'required' } },
  delete_expenseadjustmentreport: legacyDelete('key', false),
  // Intacct's AP and AR adjustments references (russellkt/intacct-mcp-server docs/accounts-payable-ap-adjustments.md,
  // docs/accounts-receivable-ar-adjustments.md): elements checked by write-adjustments.ts; `key` is the RECORDNO.
  create_apadjustment: OBJECT_FIELDS,
  update_apadjustment: { ...OBJECT_FIELDS, attributes: { key: 'required' } },
  delete_apadjustment: legacyDelete('key', false),
  create_aradjustment: OBJECT_FIELDS,
  update_aradjustment: { ...OBJECT_FIELDS, attributes: { key: 'required' } },
  delete_aradjustment: legacyDelete('key', false),
  // api.xsd: create_billbatch (batchtitle, datecreated?, create_bill*), the same for invoices; the references' tables
  // (russellkt/intacct-mcp-server docs/accounts-payable-ap-summaries.md, docs/accounts-receivable-ar-summaries.md) make
  // datecreated required, which write-summaries.ts checks. The documents held are checked by create_bill's own path.
  create_billbatch: elements(
    [one('batchtitle'), optional('datecreated', SPLIT_DATE), many('create_bill', 0, OBJECT_FIELDS)],
    { ordered: true },
  ),
  create_invoicebatch: elements(
    [one('batchtitle'), optional('datecreated', SPLIT_DATE), many('create_invoice', 0, OBJECT_FIELDS)],
    { ordered: true },
  ),
  // The references' create_apadjustmentbatch, create_aradjustmentbatch, create_expensereportbatch (batchtitle,
  // datecreated) and create_arpaymentbatch (batchtitle, bankaccountid, undepfundsacct, datecreated), in the order the
  // references and the SDK's summary classes write them; datecreated's requirement is checked by write-summaries.ts.
  create_apadjustmentbatch: elements([one('batchtitle'), optional('datecreated', SPLIT_DATE)], { ordered: true }),
  create_aradjustmentbatch: elements([one('batchtitle'), optional('datecreated', SPLIT_DATE)], { ordered: true }),
  create_arpaymentbatch: elements(
    [one('batchtitle'), optional('bankaccountid'), optional('undepfundsacct'), optional('datecreated', SPLIT_DATE)],
    { ordered: true },
  ),
  create_expensereportbatch: elements([one('batchtitle'), optional('datecreated', SPLIT_DATE)], { ordered: true }),
  delete_vendor: legacyDelete('vendorid'),
  delete_customer: legacyDelete('customerid'),
  delete_contact: legacyDelete('contactname'),
  delete_department: legacyDelete('departmentid'),
  delete_location: legacyDelete('locationid'),
  delete_class: legacyDelete('key'),
  delete_project: legacyDelete('key'),
  delete_employee: legacyDelete('employeeid'),
  delete_item: legacyDelete('itemid', false),
  delete_task: legacyDelete('key', false),
  delete_bill: legacyDelete('key'),
  delete_invoice: legacyDelete('key'),
  delete_glaccount: legacyDelete('glaccountno'),
  // The SDK's StatisticalAccountDelete; Intacct's stat accounts reference, "Delete Statistical Account (Legacy)".
  delete_statglaccount: legacyDelete('glaccountno', false),
  // The SDK's AllocationDelete names the allocation by its ALLOCATIONID in `key`.
  delete_allocation: legacyDelete('key', false),
  // Order-entry, purchasing and inventory transactions: elements checked by write-legacy-transactions.ts; updates and
  // deletes name the document by its DOCID in `key`.
  create_sotransaction: OBJECT_FIELDS,
  create_potransaction: OBJECT_FIELDS,
  create_ictransaction: OBJECT_FIELDS,
  update_sotransaction: {
    ...OBJECT_FIELDS,
    attributes: { key: 'required', disablevalidation: 'optional', ...EXTERNAL_KEY },
  },
  update_potransaction: { ...OBJECT_FIELDS, attributes: { key: 'required', ...EXTERNAL_KEY } },
  update_ictransaction: { ...OBJECT_FIELDS, attributes: { key: 'required', ...EXTERNAL_KEY } },
  delete_sotransaction: legacyDelete('key'),
  delete_potransaction: legacyDelete('key'),
  delete_ictransaction: legacyDelete('key'),
  create_supdoc: SUPDOC,
  update_supdoc: SUPDOC,
  delete_supdoc: legacyDelete('key', false),
  create_supdocfolder: SUPDOCFOLDER,
  update_supdocfolder: SUPDOCFOLDER,
  delete_supdocfolder: legacyDelete('key', false),
  get: {
    ...elements([optional('fields', FIELDS)]),
    attributes: { object: 'required', key: 'required', ...EXTERNAL_KEY },
  },
  get_list: GET_LIST,
  promote: QUEUE_ACTION,
  cancel: QUEUE_ACTION,
  // Intacct's dimensions reference (russellkt/intacct-mcp-server docs/platform-services-dimensions.md): "No
  // parameters", and the SDK's DimensionsGet / DimensionRelationshipsGet write the element empty.
  getDimensions: elements([]),
  getDimensionRelationships: elements([]),
};

/** Checks a served function's element against its declaration, before it is lowered or bound. */
export function checkFunctionElement(el: XmlElement): void {
  const decl = Object.hasOwn(FUNCTION_SCHEMAS, el.name) ? FUNCTION_SCHEMAS[el.name] : undefined;
  if (!decl) throw new InternalError(`no request declaration for the function ${el.name}`);
  checkElement(decl, el, el.name);
}
