// Legacy order-entry, purchasing and inventory transaction functions the SDK's classes send (create_/update_/
// delete_sotransaction, _potransaction, _ictransaction): lower-case elements, split dates, line items, DOCID keys.

import { documentView, findField } from '../../catalog/catalog.ts';
import type { CatalogField, CatalogObject } from '../../catalog/types.ts';
import type { RawRecord, RawValue } from '../../writes/record-values.ts';
import { LedgerqError } from '../../errors.ts';
import {
  createTransaction,
  definitionOfDocument,
  updateTransaction,
  type TransactionLineChange,
} from '../../writes/transactions.ts';
import { deleteRecord } from '../../writes/write-record.ts';
import {
  createSubtotals,
  SUBTOTAL_ELEMENTS,
  type SubtotalInput,
  updateSubtotals,
} from '../../writes/transaction-subtotals.ts';
import type { FunctionContext, FunctionOutcome } from './function-context.ts';
import { legacyWriter, writeFailed } from './write-functions.ts';
import { legacyRecord } from './write-legacy-documents.ts';
import { child, type XmlElement } from './xml-tree.ts';
import { textEl } from './xml-writer.ts';

/** Legacy header element → catalog field of the document, where the object has it. */
const HEADER_FIELDS: Readonly<Record<string, string>> = {
  transactiontype: 'DOCPARID',
  datecreated: 'WHENCREATED',
  dateposted: 'WHENPOSTED',
  datedue: 'WHENDUE',
  customerid: 'CUSTVENDID',
  vendorid: 'CUSTVENDID',
  documentno: 'DOCNO',
  referenceno: 'PONUMBER',
  vendordocno: 'VENDORDOCNO',
  message: 'MESSAGE',
  currency: 'CURRENCY',
  state: 'STATE',
};

/** Legacy line element → catalog field of the line object, where it has it (an inventory line's cost is its PRICE). */
const LINE_FIELDS: Readonly<Record<string, string>> = {
  itemid: 'ITEMID',
  itemdesc: 'ITEMDESC',
  quantity: 'QUANTITY',
  unit: 'UNIT',
  price: 'PRICE',
  cost: 'PRICE',
  discountpercent: 'DISCOUNTPERCENT',
  memo: 'MEMO',
  warehouseid: 'WAREHOUSEID',
  locationid: 'LOCATIONID',
  departmentid: 'DEPARTMENTID',
  projectid: 'PROJECTID',
  customerid: 'CUSTOMERID',
  vendorid: 'VENDORID',
  billable: 'BILLABLE',
  adjdocentrykey: 'ADJDOCENTRYKEY',
};

const words = (s: string): ReadonlySet<string> => new Set(s.split(/\s+/).filter(Boolean));

/**
 * The parameter tables of Intacct's XML reference (order-entry/order-entry-transactions,
 * purchasing/purchasing-transactions, inventory-control/inventory-transactions, as mirrored in
 * russellkt/intacct-mcp-server docs/*.md). Every element the official SDK's classes write is among them. An element
 * listed is kept where the object has a field (HEADER_FIELDS, LINE_FIELDS), else accepted and not kept (terms,
 * contacts, exchange rates, subtotals, custom fields, construction fields …); any other is refused by name.
 */
const SO_COMMON = `datecreated dateposted referenceno termname datedue origdocdate message shippingmethod shipto billto
  supdocid externalid basecurr currency exchratedate exchratetype exchrate vsoepricelist customfields state projectid
  changelognumber needbydate shipbydate cancelafterdate donotshipbeforedate donotshipafterdate servicedeliverydate
  shippeddate scope inclusions exclusions terms schedulestartdate actualstartdate scheduledcompletiondate
  reverseconversion revisedcompletiondate substantialcompletiondate actualcompletiondate noticetoproceed responsedue
  executedon scheduleimpact internalrefno internalinitiatedby internalverbalby internalissuedby internalissuedon
  internalapprovedby internalapprovedon internalsignedby internalsignedon internalsource internalsourcerefno
  externalrefno externalverbalby externalapprovedby externalapprovedon externalsignedby externalsignedon
  performancebondrequired performancebondreceived performancebondamount performancesuretycompany paymentbondrequired
  paymentbondreceived paymentbondamount paymentsuretycompany pcbexternalrefno pcbdescription pcbdate architect
  billthroughdate billapplicationno orgcontractamt retcompletedamt retstoredmaterials lesspriorapplication
  tcapmaddition tcapmdeduction tcatmaddition tcatmdeduction previousretainagebalance`;
const SO_LINE = words(`bundlenumber itemid itemaliasid itemdesc taxable warehouseid quantity unit linelevelsimpletaxtype
  discountpercent price relateddockey relateddoclinekey retainagepercentage trx_amountretained conversiontype
  sourcelinekey discsurchargememo locationid linesubtotals departmentid memo itemdetails customfields revrectemplate
  revrecstartdate revrecenddate renewalmacro projectid taskid costtypeid customerid vendorid employeeid classid
  paymenttaxcapture contractid fulfillmentstatus taskno billingtemplate dropship shipto needbydate shipby
  donotshipbeforedate donotshipafterdate datepickticketprinted cancelafterdate shippeddate projectcontractid
  projectcontractlineid pcblexternalrefno pcbldescription pcblbillingtype contractlinevalue priorapplicationamt
  completedthisperiod storedmaterials percentcompletedtodate previousretainagebalance isretainagerelease`);
const PO_COMMON = `datecreated dateposted referenceno vendordocno termname datedue message shippingmethod returnto payto
  deliverto supdocid externalid basecurr currency exchratedate exchratetype exchrate customfields state projectid
  changelognumber needbydate donotshipbeforedate donotshipafterdate promiseddate contractstartdate contractenddate
  cancelafterdate scope inclusions exclusions terms schedulestartdate actualstartdate scheduledcompletiondate
  revisedcompletiondate substantialcompletiondate actualcompletiondate noticetoproceed responsedue executedon
  scheduleimpact internalrefno internalinitiatedby internalverbalby internalissuedby internalissuedon
  internalapprovedby internalapprovedon internalsignedby internalsignedon internalsource internalsourcerefno
  externalrefno externalverbalby externalapprovedby externalapprovedon externalsignedby externalsignedon
  performancebondrequired performancebondreceived performancebondamount performancesuretycompany paymentbondrequired
  paymentbondreceived paymentbondamount paymentsuretycompany`;
const PO_LINE = words(`itemid itemaliasid itemdesc taxable warehouseid quantity unit linelevelsimpletaxtype price
  sourcelinekey overridetaxamount deliverto tax locationid departmentid memo itemdetails form1099 form1099type
  form1099box customfields projectid taskid costtypeid customerid vendorid employeeid classid contractid billable
  needbydate donotshipbeforedate donotshipafterdate promiseddate dateconfirmed cancelafterdate dateshiptosupplier
  allocationid retainagepercentage trx_amountretained relateddockey relateddoclinekey conversiontype partialexempt
  paymenttaxcapture reverseconversion linesubtotals taxscxheduleid sourcedocid sourcedoclineid`);
const IC_LINE = words(`itemid itemdesc warehouseid quantity unit cost sourcelinekey itemdetails classid contractid
  costtypeid customerid departmentid employeeid locationid adjdocentrykey projectid taskid vendorid customfields`);

interface TransactionElements {
  readonly object: 'SODOCUMENT' | 'PODOCUMENT' | 'INVDOCUMENT';
  readonly header: ReadonlySet<string>;
  /**
   * Elements the reference marks Required beyond the catalog's required fields, which must be present even empty:
   * create_potransaction's `returnto` and `payto` ("set it to null to use the vendor's default").
   */
  readonly requires?: readonly string[];
  /** The container of the lines, and the elements each kind of line in it takes (`changes`: an existing line). */
  readonly items: string;
  readonly lines: Readonly<
    Record<
      string,
      {
        readonly takes: ReadonlySet<string>;
        readonly changes: boolean;
        /** Required line elements the line object does not require (an ictransitem's warehouseid). */
        readonly requires?: readonly string[];
      }
    >
  >;
}

const FUNCTIONS = {
  create_sotransaction: {
    object: 'SODOCUMENT',
    header: words(`transactiontype createdfrom customerid documentno ${SO_COMMON} projectcontractid sotransitems
      subtotals taxsolutionid`),
    items: 'sotransitems',
    lines: { sotransitem: { takes: SO_LINE, changes: false } },
  },
  update_sotransaction: {
    object: 'SODOCUMENT',
    header: words(`${SO_COMMON} updatesotransitems updatesubtotals`),
    items: 'updatesotransitems',
    lines: {
      updatesotransitem: { takes: SO_LINE, changes: true },
      sotransitem: { takes: SO_LINE, changes: false },
    },
  },
  create_potransaction: {
    object: 'PODOCUMENT',
    header: words(`transactiontype createdfrom vendorid documentno ${PO_COMMON} taxsolutionid potransitems subtotals`),
    requires: ['returnto', 'payto'],
    items: 'potransitems',
    lines: { potransitem: { takes: PO_LINE, changes: false } },
  },
  update_potransaction: {
    object: 'PODOCUMENT',
    header: words(`${PO_COMMON} updatepotransitems updatesubtotals`),
    items: 'updatepotransitems',
    lines: {
      updatepotransitem: { takes: PO_LINE, changes: true },
      potransitem: { takes: PO_LINE, changes: false },
    },
  },
  create_ictransaction: {
    object: 'INVDOCUMENT',
    header: words(`transactiontype datecreated createdfrom documentno referenceno message externalid basecurr
      customfields state ictransitems subtotals`),
    items: 'ictransitems',
    lines: { ictransitem: { takes: IC_LINE, changes: false, requires: ['warehouseid'] } },
  },
  update_ictransaction: {
    object: 'INVDOCUMENT',
    header: words('datecreated referenceno message externalid state updateictransitems updatesubtotals customfields'),
    items: 'updateictransitems',
    lines: {
      updateictransitem: { takes: IC_LINE, changes: true },
      ictransitem: { takes: IC_LINE, changes: false, requires: ['warehouseid'] },
    },
  },
} as const satisfies Record<string, TransactionElements>;

/** The lines of the function's item container, each kind checked against what it takes. */
function lineElements(
  lineObject: CatalogObject,
  element: XmlElement,
  spec: TransactionElements,
): readonly XmlElement[] {
  const lines = child(element, spec.items)?.children ?? [];
  for (const l of lines) {
    if (!Object.hasOwn(spec.lines, l.name))
      throw new LedgerqError('write.unknown-field', `${l.name} is not a line of ${spec.items}`, {
        object: lineObject.xmlName,
        field: l.name,
      });
    requireElements(lineObject, l, spec.lines[l.name]!.requires ?? [], (n) => child(l, n)?.text.trim() !== '');
  }
  return lines;
}

function requireElements(
  o: CatalogObject,
  e: XmlElement,
  names: readonly string[],
  given: (name: string) => boolean,
): void {
  for (const name of names) {
    if (!child(e, name) || !given(name))
      throw new LedgerqError('write.required-field', `Required element ${name} of ${e.name} is missing`, {
        object: o.xmlName,
        field: name,
      });
  }
}

/**
 * `<customfields><customfield><customfieldname>X</customfieldname><customfieldvalue>v</customfieldvalue>` (the
 * reference's `customfield`; the SDK's writeCustomFieldsExplicit) on a header or line: kept in the custom field X of the
 * object as the document's definition shows it. A name that is no custom field there is refused by name: whether
 * Intacct drops or refuses one is not public, and dropping would lose data silently.
 */
function withCustomFields(o: CatalogObject, e: XmlElement, raw: RawRecord, docparid: string | null): RawRecord {
  const fields = (child(e, 'customfields')?.children ?? []).filter((c) => c.name === 'customfield');
  if (fields.length === 0) return raw;
  const view = documentView(o, docparid);
  const out = new Map<CatalogField, RawValue>(raw);
  for (const cf of fields) {
    const name = (child(cf, 'customfieldname')?.text ?? '').trim();
    if (!name) continue;
    const f = findField(view, name);
    if (!f?.isCustom)
      throw new LedgerqError(
        'write.unknown-field',
        `Custom field ${name} is not a field of ${o.xmlName}${docparid ? ` for ${docparid}` : ''}`,
        { object: o.xmlName, field: name },
      );
    out.set(f, (child(cf, 'customfieldvalue')?.text ?? '').trim());
  }
  return out;
}

/**
 * The `<subtotal>`s of `<subtotals>` (or `<updatesubtotal>`s of `<updatesubtotals>`): each element one of the
 * reference's subtotal table, values as text; total, absval and percentval numbers. Custom fields of a subtotal are
 * accepted and not kept (its objects have none).
 */
function subtotalElements(element: XmlElement, group: string, kind: string): SubtotalInput[] {
  const refused = (name: string) =>
    new LedgerqError('write.unknown-field', `${name} is not a field of ${kind}`, { object: kind, field: name });
  return (child(element, group)?.children ?? []).map((s) => {
    if (s.name !== kind)
      throw new LedgerqError('write.unknown-field', `${s.name} is not a line of ${group}`, {
        object: kind,
        field: s.name,
      });
    const out = new Map<string, string>();
    for (const c of s.children) {
      const name = c.name.toLowerCase();
      if (!SUBTOTAL_ELEMENTS.includes(name)) throw refused(c.name);
      if (name === 'customfields') continue;
      if (c.children.length > 0) throw refused(`${c.name}.${c.children[0]!.name}`);
      const v = c.text.trim();
      if (['total', 'absval', 'percentval'].includes(name) && v !== '' && !/^[+-]?\d+(\.\d+)?$/.test(v))
        throw new LedgerqError('write.invalid-value', `Invalid value for ${name} of ${kind}: "${v}"`, {
          object: kind,
          field: name,
        });
      out.set(name, v);
    }
    return out;
  });
}

/** The definition a create names (`transactiontype`), or null. */
function definitionOf(element: XmlElement): string | null {
  return child(element, 'transactiontype')?.text.trim() || null;
}

function create(spec: TransactionElements) {
  return async (ctx: FunctionContext, element: XmlElement): Promise<FunctionOutcome> => {
    const o = ctx.catalog.require(spec.object);
    const lineObject = ctx.catalog.require(`${spec.object}ENTRY`);
    try {
      const docparid = definitionOf(element);
      requireElements(o, element, spec.requires ?? [], () => true);
      const lines = lineElements(lineObject, element, spec).map((l) =>
        withCustomFields(lineObject, l, legacyRecord(lineObject, l, LINE_FIELDS, spec.lines[l.name]!.takes), docparid),
      );
      const header = withCustomFields(
        o,
        element,
        legacyRecord(o, element, HEADER_FIELDS, spec.header, new Set([spec.items])),
        docparid,
      );
      const subtotals = subtotalElements(element, 'subtotals', 'subtotal');
      const w = legacyWriter(ctx);
      const key = await w.db.transaction(async (db) => {
        const tx = { ...w, db };
        const k = await createTransaction(tx, o, header, lines);
        await createSubtotals(tx, o, k.recordNo, k.id, subtotals);
        return k;
      });
      // The answer's key is the new DOCID ("Purchase Order-PO0042"): hotglue's target-intacct
      // (hotgluexyz/target-intacct target_intacct/sinks.py) splits it at "-" to find the DOCNO it then queries.
      return { kind: 'data', data: textEl('key', key.id ?? String(key.recordNo)) };
    } catch (e) {
      throw writeFailed('create', o, e);
    }
  };
}

/** The DOCID a legacy update or delete names in its `key` attribute ("Sales Order-SO1234"). */
function docidKey(o: CatalogObject, element: XmlElement): string {
  if (element.attrs.externalkey === 'true')
    throw new LedgerqError(
      'write.unknown-field',
      `${element.name}: external keys are not supported; name the ${o.xmlName} by its DOCID`,
      { object: o.xmlName, field: 'externalkey' },
    );
  const key = (element.attrs.key ?? '').trim();
  if (!key)
    throw new LedgerqError('write.required-field', `${element.name} needs the document ID in its key attribute`, {
      object: o.xmlName,
      field: 'key',
    });
  return key;
}

function update(spec: TransactionElements) {
  return async (ctx: FunctionContext, element: XmlElement): Promise<FunctionOutcome> => {
    const o = ctx.catalog.require(spec.object);
    const lineObject = ctx.catalog.require(`${spec.object}ENTRY`);
    try {
      const key = docidKey(o, element);
      // The definition is the DOCID's part before the document number: custom fields are looked up under it.
      const docparid = await definitionOfDocument(legacyWriter(ctx), o, key);
      const changes = lineElements(lineObject, element, spec).map((l): TransactionLineChange => {
        const kind = spec.lines[l.name]!;
        const n = kind.changes ? Number(l.attrs.line_num ?? Number.NaN) : null;
        if (n !== null && !Number.isInteger(n))
          throw new LedgerqError('write.required-field', `${l.name} needs a line_num attribute`, {
            object: lineObject.xmlName,
            field: 'line_num',
          });
        const raw = legacyRecord(lineObject, l, LINE_FIELDS, kind.takes);
        return { ordinal: n, raw: withCustomFields(lineObject, l, raw, docparid) };
      });
      const header = withCustomFields(
        o,
        element,
        legacyRecord(o, element, HEADER_FIELDS, spec.header, new Set([spec.items])),
        docparid,
      );
      const subtotals = subtotalElements(element, 'updatesubtotals', 'updatesubtotal');
      const w = legacyWriter(ctx);
      const k = await w.db.transaction(async (db) => {
        const tx = { ...w, db };
        const written = await updateTransaction(tx, o, { by: 'id', value: key }, header, changes);
        await updateSubtotals(tx, o, written.recordNo, subtotals);
        return written;
      });
      return { kind: 'data', data: textEl('key', k.id ?? String(k.recordNo)) };
    } catch (e) {
      throw writeFailed('update', o, e);
    }
  };
}

/** delete_sotransaction key="Sales Order-SO1234": the document and its lines. */
function remove(object: string) {
  return async (ctx: FunctionContext, element: XmlElement): Promise<FunctionOutcome> => {
    const o = ctx.catalog.require(object);
    try {
      const k = await deleteRecord(legacyWriter(ctx), o, { by: 'id', value: docidKey(o, element) });
      return { kind: 'data', data: textEl('key', k.id ?? String(k.recordNo)) };
    } catch (e) {
      throw writeFailed('delete', o, e);
    }
  };
}

export const TRANSACTION_FUNCTIONS = {
  create_sotransaction: create(FUNCTIONS.create_sotransaction),
  update_sotransaction: update(FUNCTIONS.update_sotransaction),
  delete_sotransaction: remove('SODOCUMENT'),
  create_potransaction: create(FUNCTIONS.create_potransaction),
  update_potransaction: update(FUNCTIONS.update_potransaction),
  delete_potransaction: remove('PODOCUMENT'),
  create_ictransaction: create(FUNCTIONS.create_ictransaction),
  update_ictransaction: update(FUNCTIONS.update_ictransaction),
  delete_ictransaction: remove('INVDOCUMENT'),
} as const;
