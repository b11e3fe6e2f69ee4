// Purchasing and inventory documents (PODOCUMENT, INVDOCUMENT, by DOCPARID) with their lines, the warehouses their
// lines stock, and the transaction definitions of all three document objects (issue 16).

import type { Catalog } from '../catalog/catalog.ts';
import { isoDate } from './calendar.ts';
import type { DemoContext } from './demo-context.ts';
import { documentDay, laterDay } from './documents.ts';
import { definitionFieldValues } from './generic-rows.ts';
import type { Random } from './random.ts';
import { ENTITY, micros, money, type DemoRecord } from './record-writer.ts';

/** Transaction definitions per document object: name and template type (DOCCLASS, the reference's QUOTE … ADJ). */
export const TRANSACTION_DEFINITIONS: Record<string, [docid: string, docclass: string][]> = {
  SODOCUMENTPARAMS: [
    ['Sales Quote', 'QUOTE'],
    ['Sales Order', 'ORDER'],
    ['Sales Invoice', 'INVOICE'],
    ['Sales Return', 'INVOICE'],
    ['Contract Invoice', 'INVOICE'],
  ],
  PODOCUMENTPARAMS: [
    ['Purchase Requisition', 'QUOTE'],
    ['Purchase Order', 'ORDER'],
    ['PO Receiver', 'ORDER'],
    ['Vendor Invoice', 'INVOICE'],
  ],
  INVDOCUMENTPARAMS: [
    ['Adjustment Increase', 'ADJ'],
    ['Adjustment Decrease', 'ADJ'],
    ['Inventory Transfer', 'OTHER'],
  ],
};

export function addTransactionDefinitions(ctx: DemoContext): void {
  for (const [object, definitions] of Object.entries(TRANSACTION_DEFINITIONS)) {
    for (const [docid, docclass] of definitions) {
      ctx.add(object, {
        RECORDNO: ctx.nextKey(object),
        DOCID: docid,
        DOCCLASS: docclass,
        DESCRIPTION: `${docid} (demo)`,
      });
    }
  }
}

const WAREHOUSES: [id: string, name: string][] = [
  ['WH-MAIN', 'Main warehouse'],
  ['WH-EAST', 'East distribution center'],
  ['WH-WEST', 'West distribution center'],
];

export function addWarehouses(ctx: DemoContext): void {
  const locations = ctx.rows('LOCATION').filter((l) => l.STATUS === 'active');
  for (const [i, [id, name]] of WAREHOUSES.entries()) {
    ctx.add('WAREHOUSE', {
      RECORDNO: ctx.nextKey('WAREHOUSE'),
      WAREHOUSEID: id,
      NAME: name,
      MANAGERID: null,
      PARENTID: i === 0 ? null : WAREHOUSES[0]![0],
      USEDINGL: true,
      STATUS: 'active',
      ENABLENEGATIVEINV: i === 0,
      LOCATIONID: locations.length > 0 ? locations[i % locations.length]!.LOCATIONID : null,
    });
  }
}

interface DocumentPlan {
  readonly object: 'PODOCUMENT' | 'INVDOCUMENT';
  readonly day: number;
  readonly docparid: string;
  readonly docno: string;
  readonly state: string;
  readonly entity: string | null;
  readonly vendor: DemoRecord | null;
  /** Lines copied from the source document (a receiver from its order), else drawn. */
  readonly lines: readonly DemoLine[] | null;
}

interface DemoLine {
  readonly item: DemoRecord;
  readonly quantity: number;
  readonly price: number;
  readonly warehouse: string;
}

class Numbering {
  private readonly next = new Map<string, number>();
  take(prefix: string): string {
    const n = (this.next.get(prefix) ?? 0) + 1;
    this.next.set(prefix, n);
    return `${prefix}${String(n).padStart(4, '0')}`;
  }
}

/**
 * Purchase orders from active vendors; a converted order is received (PO Receiver, same lines into the warehouses) and
 * the receipt invoiced (Vendor Invoice); a few requisitions stay open.
 */
export function addPurchaseDocuments(ctx: DemoContext, catalog: Catalog): void {
  const rng = ctx.rng.fork('purchase-documents');
  const numbers = new Numbering();
  const vendors = ctx.rows('VENDOR').filter((v) => v.STATUS === 'active');
  const days = Array.from({ length: ctx.plan.counts.purchaseDocuments }, () => documentDay(rng)).sort((a, b) => a - b);
  for (const day of days) {
    const vendor = rng.pick(vendors);
    const entity = ((vendor[ENTITY] ?? null) as string | null) ?? ctx.pickEntity(rng);
    if (rng.chance(0.15)) {
      const state = ctx.cycle('po-requisition', ['Draft', 'Submitted', 'Approved', 'Declined']);
      addDocument(ctx, catalog, rng, {
        object: 'PODOCUMENT',
        day,
        docparid: 'Purchase Requisition',
        docno: numbers.take('PR'),
        state,
        entity,
        vendor,
        lines: null,
      });
      continue;
    }
    const state = ctx.cycle('po-order', ['Pending', 'Converted', 'Partially Converted', 'Converted', 'Closed']);
    const order = addDocument(ctx, catalog, rng, {
      object: 'PODOCUMENT',
      day,
      docparid: 'Purchase Order',
      docno: numbers.take('PO'),
      state,
      entity,
      vendor,
      lines: null,
    });
    if (state !== 'Converted' && state !== 'Partially Converted') continue;
    const received = state === 'Converted' ? order : order.slice(0, Math.max(1, order.length - 1));
    const receiptDay = laterDay(rng, day, 3, 20);
    const invoiced = rng.chance(0.7);
    addDocument(ctx, catalog, rng, {
      object: 'PODOCUMENT',
      day: receiptDay,
      docparid: 'PO Receiver',
      docno: numbers.take('RCV'),
      state: invoiced ? 'Converted' : 'Pending',
      entity,
      vendor,
      lines: received,
    });
    if (!invoiced) continue;
    addDocument(ctx, catalog, rng, {
      object: 'PODOCUMENT',
      day: laterDay(rng, receiptDay, 1, 15),
      docparid: 'Vendor Invoice',
      docno: numbers.take('VI'),
      state: ctx.cycle('po-invoice', ['Closed', 'Pending']),
      entity,
      vendor,
      lines: received,
    });
  }
}

/** Stock adjustments and transfers between the warehouses. */
export function addInventoryDocuments(ctx: DemoContext, catalog: Catalog): void {
  const rng = ctx.rng.fork('inventory-documents');
  const numbers = new Numbering();
  const types: [string, string][] = [
    ['Adjustment Increase', 'ADJI'],
    ['Adjustment Decrease', 'ADJD'],
    ['Inventory Transfer', 'XFER'],
  ];
  const days = Array.from({ length: ctx.plan.counts.inventoryDocuments }, () => documentDay(rng)).sort((a, b) => a - b);
  for (const day of days) {
    const [docparid, prefix] = rng.pick(types);
    addDocument(ctx, catalog, rng, {
      object: 'INVDOCUMENT',
      day,
      docparid,
      docno: numbers.take(prefix),
      state: ctx.cycle(`inv-${docparid}`, ['Closed', 'Closed', 'Pending']),
      entity: ctx.pickEntity(rng),
      vendor: null,
      lines: null,
    });
  }
}

function drawLines(ctx: DemoContext, rng: Random, entity: string | null): DemoLine[] {
  const items = ctx.visible('ITEM', entity).filter((i) => i.STATUS === 'active' && i.UOMGRP !== 'Time');
  const warehouses = ctx.rows('WAREHOUSE');
  const count = rng.weighted([
    [1, 35],
    [2, 35],
    [3, 30],
  ]);
  return Array.from({ length: count }, () => {
    const item = rng.pick(items);
    return {
      item,
      quantity: rng.int(1, 50) * 1_000_000,
      price: Number((item.STANDARD_COST as string).replace('.', '')),
      warehouse: rng.pick(warehouses).WAREHOUSEID as string,
    };
  });
}

/** Adds one document and its lines; returns the lines, so a receiver can copy its order's. */
function addDocument(ctx: DemoContext, catalog: Catalog, rng: Random, d: DocumentPlan): readonly DemoLine[] {
  const key = ctx.nextKey(d.object);
  const lineObject = `${d.object}ENTRY`;
  const currency = ctx.currencyOf(d.entity);
  const docid = `${d.docparid}-${d.docno}`;
  const lastDay = laterDay(rng, d.day, 0, 30);
  const lines = d.lines ?? drawLines(ctx, rng, d.entity);
  const sign = d.docparid === 'Adjustment Decrease' ? -1 : 1;
  const values = lines.map((l) => sign * Math.round((l.quantity * l.price) / 1_000_000));
  const subtotal = values.reduce((a, b) => a + b, 0);
  const header = ctx.add(d.object, {
    RECORDNO: key,
    [ENTITY]: d.entity,
    DOCID: docid,
    DOCNO: d.docno,
    DOCPARID: d.docparid,
    STATE: d.state,
    WHENCREATED: isoDate(d.day),
    ...(d.vendor
      ? {
          WHENPOSTED: d.docparid === 'Vendor Invoice' && d.state === 'Closed' ? isoDate(d.day) : null,
          WHENDUE: d.docparid === 'Vendor Invoice' ? isoDate(d.day + rng.int(14, 45)) : null,
          CUSTVENDID: d.vendor.VENDORID,
          CUSTVENDNAME: d.vendor.NAME,
          VENDORDOCNO: d.docparid === 'Vendor Invoice' ? `INV-${rng.int(10000, 99999)}` : null,
          COMMENT: null,
          PRRECORDKEY: null,
        }
      : {}),
    PONUMBER: rng.chance(0.4) ? `REF-${rng.int(1000, 9999)}` : null,
    MESSAGE: null,
    SUBTOTAL: money(subtotal),
    TOTAL: money(subtotal),
    TRX_SUBTOTAL: money(subtotal),
    TRX_TOTAL: money(subtotal),
    CURRENCY: currency,
    BASECURR: currency,
    MEMO: rng.chance(0.2) ? rng.pick(['Restock', 'Quarterly count', 'Urgent', 'Per agreement']) : null,
    STATUS: 'active',
    ...ctx.transactionAudit(rng, d.day, lastDay),
    ...definitionFieldValues(catalog, d.object, d.docparid, key),
  });
  for (const [i, l] of lines.entries()) {
    const lineKey = ctx.nextKey(lineObject);
    ctx.add(lineObject, {
      RECORDNO: lineKey,
      [ENTITY]: d.entity,
      DOCHDRNO: key,
      DOCHDRID: docid,
      DOCPARID: d.docparid,
      LINE_NO: i + 1,
      ITEMID: l.item.ITEMID,
      ITEMDESC: l.item.PODESCRIPTION,
      UNIT: 'Each',
      QUANTITY: micros(l.quantity),
      PRICE: money(l.price),
      ...(d.object === 'PODOCUMENT'
        ? { UIPRICE: money(l.price), TRX_PRICE: money(l.price), VENDORID: d.vendor?.VENDORID ?? null, BILLABLE: false }
        : { ADJDOCENTRYKEY: null }),
      CURRENCY: currency,
      BASECURR: currency,
      MEMO: null,
      WAREHOUSEID: l.warehouse,
      LOCATIONID: null,
      DEPARTMENTID: null,
      PROJECTID: null,
      STATUS: header.STATUS,
      WHENCREATED: header.AUWHENCREATED,
      WHENMODIFIED: header.WHENMODIFIED,
      CREATEDBY: header.CREATEDBY,
      MODIFIEDBY: header.MODIFIEDBY,
      ...definitionFieldValues(catalog, lineObject, d.docparid, lineKey),
    });
  }
  return lines;
}
