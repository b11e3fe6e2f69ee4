// The create/update elements Intacct's XML API reference lists for the objects the official SDK's Warehouse*,
// StatisticalAccount*, Allocation*, Contract* and BankFeeds* classes write, copied by hand from the reference pages kept
// as markdown in russellkt/intacct-mcp-server docs/*.md. A dotted name is a child of a group (`CONTACTINFO.CONTACTNAME`):
// the group is accepted with those children only. Elements that are catalog fields are stored; the others are
// accepted and not kept.

import type { ReferenceFields } from './reference-fields.ts';

const WAREHOUSE_FIELDS: readonly string[] = [
  'WAREHOUSEID',
  'NAME',
  'LOC.LOCATIONID',
  'MANAGERID',
  'PARENTID',
  'CONTACTINFO.CONTACTNAME',
  'SHIPTO.CONTACTNAME',
  'USEDINGL',
  'STATUS',
  'ENABLE_REPLENISHMENT',
  'ENABLENEGATIVEINV',
];

/**
 * STATACCOUNT's create table; REQUIRECONTRACT and REQUIREWAREHOUSE are the same page's create_statglaccount and
 * update_statglaccount parameters (requirecontract, requirewarehouse), which the SDK's StatisticalAccountCreate and
 * StatisticalAccountUpdate write in the generic create and update.
 */
const STATACCOUNT_FIELDS: readonly string[] = [
  'ACCOUNTNO',
  'TITLE',
  'CATEGORY',
  'ACCOUNTTYPE',
  'STATUS',
  'REQUIREDEPT',
  'REQUIRELOC',
  'REQUIREPROJECT',
  'REQUIRETASK',
  'REQUIRECUSTOMER',
  'REQUIREVENDOR',
  'REQUIREEMPLOYEE',
  'REQUIREITEM',
  'REQUIRECLASS',
  'REQUIRECONTRACT',
  'REQUIREWAREHOUSE',
];

const ALLOCATION_FIELDS: readonly string[] = [
  'ALLOCATIONID',
  'DESCRIPTION',
  'STATUS',
  'TYPE',
  'DOCNUMBER',
  'SUPDOCID',
  'ALLOCATIONENTRIES',
];

const ALLOCATIONENTRY_FIELDS: readonly string[] = [
  'VALUETYPE',
  'VALUE',
  'DEPARTMENTID',
  'LOCATIONID',
  'PROJECTID',
  'CUSTOMERID',
  'VENDORID',
  'EMPLOYEEID',
  'ITEMID',
  'CLASSID',
  'CONTRACTID',
  'WAREHOUSEID',
  'LINE_NO',
];

/** CONTRACTDETAIL's create table (the update table takes the same but CONTRACTID, STATE and USAGEQTYRECUR). */
const CONTRACTDETAIL_FIELDS: readonly string[] = [
  'CONTRACTID',
  'ITEMID',
  'STATE',
  'BEGINDATE',
  'ENDDATE',
  'ITEMDESC',
  'RENEWAL',
  'EXCH_RATE_DATE',
  'EXCHANGE_RATE',
  'BILLINGMETHOD',
  'BILLINGOPTIONS',
  'BILLINGFREQUENCY',
  'RECURRING',
  'PRORATEBILLINGPERIOD',
  'BILLINGTEMPLATENAME',
  'BILLINGSTARTDATE',
  'BILLINGENDDATE',
  'USAGEQTYRESETPERIOD',
  'USAGEQTYRECUR',
  'RENEWALBILLINGTEMPLATENAME',
  'GLPOSTINGDATE',
  'QUANTITY',
  'PRICE',
  'MULTIPLIER',
  'REV_REC_ON_INVOICE',
  'DISCOUNTPERCENT',
  'FLATAMOUNT',
  'USAGELINETYPE',
  'COMMITTEDUSAGEENDACTION',
  'COMMITTEDUSAGEEXCESS',
  'REVENUETEMPLATENAME',
  'REVENUESTARTDATE',
  'REVENUEENDDATE',
  'REVENUE2TEMPLATENAME',
  'REVENUE2STARTDATE',
  'REVENUE2ENDDATE',
  'BILLTOCONTACTNAME',
  'BILLTOSOURCE',
  'SHIPTOCONTACTNAME',
  'SHIPTOSOURCE',
  'LOCATIONID',
  'DEPARTMENTID',
  'PROJECTID',
  'TASKID',
  'VENDORID',
  'EMPLOYEEID',
  'CLASSID',
];

export const SDK_OBJECT_REFERENCE_FIELDS: Readonly<Record<string, ReferenceFields>> = {
  WAREHOUSE: {
    source:
      'russellkt/intacct-mcp-server docs/inventory-control-warehouses.md (Intacct XML API reference, WAREHOUSE create/update)',
    create: WAREHOUSE_FIELDS,
    update: ['RECORDNO', ...WAREHOUSE_FIELDS],
  },
  ALLOCATION: {
    source:
      'russellkt/intacct-mcp-server docs/general-ledger-transaction-allocations.md (Intacct XML API reference, ALLOCATION create/update)',
    create: ALLOCATION_FIELDS,
    update: ['RECORDNO', ...ALLOCATION_FIELDS],
  },
  ALLOCATIONENTRY: {
    source:
      'russellkt/intacct-mcp-server docs/general-ledger-transaction-allocations.md (Intacct XML API reference, ALLOCATIONENTRY of ALLOCATION create/update)',
    create: ALLOCATIONENTRY_FIELDS,
    update: ALLOCATIONENTRY_FIELDS,
  },
  CONTRACTDETAIL: {
    source:
      'russellkt/intacct-mcp-server docs/contracts-rev-mgmt-contract-lines.md (Intacct XML API reference, CONTRACTDETAIL create/update)',
    create: CONTRACTDETAIL_FIELDS,
    update: ['RECORDNO', ...CONTRACTDETAIL_FIELDS],
  },
  STATACCOUNT: {
    source:
      'russellkt/intacct-mcp-server docs/general-ledger-stat-accounts.md (Intacct XML API reference, STATACCOUNT create/update and create_statglaccount)',
    create: STATACCOUNT_FIELDS,
    update: ['RECORDNO', ...STATACCOUNT_FIELDS],
  },
};

/**
 * Reference elements that hold a catalog field under another name: a warehouse's location is `<LOC><LOCATIONID>` in
 * the reference's create and update, the catalog's LOCATIONID (REST `location.id`).
 */
export const ELEMENT_FIELDS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  WAREHOUSE: { 'LOC.LOCATIONID': 'LOCATIONID' },
};

/**
 * Date elements the SDK writes split (`<FEEDDATE><year/><month/><day/></FEEDDATE>`, BankFeedsCreate's and
 * BankAccountTransactionRecord's writeDateSplitElements) where the reference writes `mm/dd/yyyy`: both are read as
 * the date.
 */
export const SPLIT_DATE_FIELDS: Readonly<Record<string, readonly string[]>> = {
  BANKACCTTXNFEED: ['FEEDDATE'],
  BANKACCTTXNRECORD: ['POSTINGDATE'],
};
