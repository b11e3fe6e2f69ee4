// Legacy AP and AR adjustment functions (create_/update_apadjustment, create_/update_aradjustment; the SDK's
// ApAdjustmentCreate and ArAdjustmentCreate), on the document path bills and invoices take: lower-case elements, split
// dates, `lineitem` lines. Sources: Intacct's AP and AR adjustments references (russellkt/intacct-mcp-server
// docs/accounts-payable-ap-adjustments.md, docs/accounts-receivable-ar-adjustments.md) and what the official SDK's
// classes write (@intacct/intacct-sdk Functions/AccountsPayable/ApAdjustment*, Functions/AccountsReceivable/ArAdjustment*).
// delete_apadjustment / delete_aradjustment are the generic legacy delete (write-functions.ts).

import { LedgerqError } from '../../errors.ts';
import type { FunctionContext, FunctionOutcome } from './function-context.ts';
import { writeFailed } from './write-functions.ts';
import { createLegacyDocument, type LegacyElements, updateLegacyDocument } from './write-legacy-documents.ts';
import type { XmlElement } from './xml-tree.ts';

const words = (s: string): ReadonlySet<string> => new Set(s.split(/\s+/).filter(Boolean));

/** Header elements → APADJUSTMENT / ARADJUSTMENT fields; `billno` / `invoiceno` name the document adjusted (DOCNUMBER). */
const HEADER_FIELDS: Readonly<Record<string, string>> = {
  vendorid: 'VENDORID',
  customerid: 'CUSTOMERID',
  datecreated: 'WHENCREATED',
  dateposted: 'WHENPOSTED',
  batchkey: 'PRBATCHKEY',
  adjustmentno: 'RECORDID',
  action: 'STATE',
  billno: 'DOCNUMBER',
  invoiceno: 'DOCNUMBER',
  description: 'DESCRIPTION',
  basecurr: 'BASECURR',
  currency: 'CURRENCY',
  inclusivetax: 'INCLUSIVETAX',
};

/**
 * A line's elements: the lineitem tables of the references plus what the SDK's Ap/ArAdjustmentLineCreate write
 * (`totalpaid`, `totaldue`, `allocationid` on both; the AP reference removed `totalpaid`/`totaldue` in 2024 Release 3,
 * the SDK still writes them when set). Allocations, tasks, cost types, contracts, warehouses, custom fields, tax
 * entries and inclusive-tax totals are accepted and not kept; any other element is refused by name.
 */
const COMMON_LINE = `glaccountno accountlabel offsetglaccountno amount allocationid memo locationid departmentid key totalpaid
  totaldue customfields projectid taskid costtypeid customerid vendorid employeeid itemid classid contractid warehouseid
  totaltrxamount taxentries`;
const AP_LINE = words(`${COMMON_LINE} item1099 form1099type form1099box`);
const AR_LINE = words(COMMON_LINE);

/**
 * A create function's and its update's elements: lines of the create are `lineitem`; the update's container also takes
 * `updatelineitem line_num="N"`. A line's elements map to the line object's fields as a bill line's do
 * (write-legacy-documents.ts: glaccountno → ACCOUNTNO, memo → ENTRYDESCRIPTION, item1099 → FORM1099 …).
 */
function createAndUpdate(
  create: string,
  update: string,
  line: ReadonlySet<string>,
): { readonly create: LegacyElements; readonly update: LegacyElements } {
  const c = words(create);
  const u = words(update);
  const items = (of: ReadonlySet<string>) => [...of].find((e) => e.endsWith('items'))!;
  return {
    create: { header: c, items: items(c), lines: { lineitem: line }, headerNames: HEADER_FIELDS },
    update: {
      header: u,
      items: items(u),
      lines: { updatelineitem: line, lineitem: line },
      updateLine: 'updatelineitem',
      headerNames: HEADER_FIELDS,
    },
  };
}

const AP = createAndUpdate(
  `vendorid datecreated dateposted batchkey adjustmentno action billno description externalid basecurr currency
    exchratedate exchratetype exchrate nogl customfields inclusivetax taxsolutionid apadjustmentitems`,
  `vendorid datecreated dateposted adjustmentno action billno description basecurr currency exchratedate exchratetype
    exchrate inclusivetax updateapadjustmentitems`,
  AP_LINE,
);

/** The AR create table, plus `customfields`, which the SDK's ArAdjustmentCreate writes. */
const AR = createAndUpdate(
  `customerid datecreated dateposted batchkey adjustmentno action invoiceno description externalid basecurr currency
    exchratedate exchratetype exchrate nogl customfields taxsolutionid aradjustmentitems`,
  `customerid datecreated dateposted adjustmentno action invoiceno description basecurr currency exchratedate
    exchratetype exchrate updatearadjustmentitems`,
  AR_LINE,
);

/**
 * `action` is Draft or Submit (the references' tables; Submit the default): it becomes STATE Draft or Posted. The
 * update_aradjustment example sends `Posted`, taken as Submit. Any other value is refused naming `action`.
 */
function withState(element: XmlElement): XmlElement {
  return {
    ...element,
    children: element.children.map((c) => {
      if (c.name.toLowerCase() !== 'action' || c.text.trim() === '') return c;
      const v = c.text.trim().toLowerCase();
      const state = v === 'draft' ? 'Draft' : v === 'submit' || v === 'posted' ? 'Posted' : null;
      if (state === null)
        throw new LedgerqError(
          'write.invalid-value',
          `Invalid value for action of ${element.name}: ${JSON.stringify(c.text.trim())}; use Draft or Submit`,
          { field: 'action' },
        );
      return { ...c, text: state };
    }),
  };
}

function run(
  header: string,
  line: string,
  spec: LegacyElements,
  write: typeof createLegacyDocument,
): (ctx: FunctionContext, element: XmlElement) => Promise<FunctionOutcome> {
  return (ctx, element) => {
    let sent: XmlElement;
    try {
      sent = withState(element);
    } catch (e) {
      throw writeFailed(write === createLegacyDocument ? 'create' : 'update', header, e);
    }
    return write(ctx, sent, header, line, spec);
  };
}

/** create_apadjustment (the SDK's ApAdjustmentCreate): an adjustment with its `<apadjustmentitems><lineitem>` lines. */
export const runCreateApAdjustment = run('APADJUSTMENT', 'APADJUSTMENTITEM', AP.create, createLegacyDocument);
/** update_apadjustment key="N": header elements, `updatelineitem line_num="N"` changes a line, `lineitem` adds one. */
export const runUpdateApAdjustment = run('APADJUSTMENT', 'APADJUSTMENTITEM', AP.update, updateLegacyDocument);
/** create_aradjustment (the SDK's ArAdjustmentCreate). */
export const runCreateArAdjustment = run('ARADJUSTMENT', 'ARADJUSTMENTITEM', AR.create, createLegacyDocument);
/** update_aradjustment key="N". */
export const runUpdateArAdjustment = run('ARADJUSTMENT', 'ARADJUSTMENTITEM', AR.update, updateLegacyDocument);
