// Accounts receivable: invoices with their lines, receipts, and each customer's TOTALDUE and last invoice date.

import { exchangeRate, settle, type DocumentAmounts } from './amounts.ts';
import { ANCHOR_LAST, dayOf, isoDate } from './calendar.ts';
import type { DemoContext } from './demo-context.ts';
import {
  bankAccountOf,
  baseLocationOf,
  laterDay,
  LineDimensions,
  planDocuments,
  settlementOf,
  summaryOf,
  type DocumentPlan,
} from './documents.ts';
import { cents } from './payables.ts';
import type { Random } from './random.ts';
import { ENTITY, micros, money, type DemoRecord } from './record-writer.ts';
import { dueDay, ruleOf } from './terms.ts';
import { OPEN_STATES } from '../catalog/document-states.ts';

const OLD: [string, number][] = [
  ['Paid', 85],
  ['Partially Paid', 4],
  ['Posted', 6],
  ['Reversed', 1.5],
  ['Selected', 1],
  ['Draft', 1],
  ['No Value', 0.5],
];
const RECENT: [string, number][] = [
  ['Posted', 35],
  ['Partially Paid', 12],
  ['Paid', 30],
  ['Selected', 5],
  ['Draft', 10],
  ['No Value', 3],
  ['Reversed', 1],
];
const COVER = RECENT.map(([s]) => s);
const POSTED = new Set(['Posted', 'Partially Paid', 'Paid', 'Selected', 'Reversed', 'Reversal']);
const DESCRIPTIONS = [
  'Professional services',
  'Product shipment',
  'Annual subscription',
  'Support renewal',
  'Implementation milestone',
  'Hardware order',
  'Training services',
  'Consulting retainer',
];

/** The REST seed's unpaid Sonic Corporation invoices due in June 2020. */
const SONIC_INVOICES = [
  { id: 'SONIC#234', day: '2020-06-07', due: '2020-06-22', cents: 3_130_800 },
  { id: 'SONIC#235', day: '2020-06-15', due: '2020-06-30', cents: 74_930_105 },
];

const rates = new WeakMap<DemoRecord, number>();

export function addInvoices(ctx: DemoContext): void {
  const rng = ctx.rng.fork('invoices');
  const customers = ctx.rows('CUSTOMER');
  const byId = new Map(customers.map((c) => [c.CUSTOMERID as string, c]));
  const pool = customers.filter((c) => c.CUSTOMERID !== 'SONIC');
  const extra: DocumentPlan[] = ctx.plan.seedExamples
    ? SONIC_INVOICES.map((s) => ({ day: dayOf(s.day), state: 'Posted', party: 'SONIC' }))
    : [];
  const plans = planDocuments(rng, ctx.plan.counts.invoices, OLD, RECENT, COVER, extra);
  const dims = new LineDimensions(ctx, ['revenue']);
  const reversed: DemoRecord[] = [];
  let sonic = 0;
  for (const plan of plans) {
    const customer = plan.party ? byId.get(plan.party)! : pool[Math.floor(rng.float() ** 2 * pool.length)]!;
    const entity = plan.party
      ? ctx.multiEntity
        ? 'US'
        : null
      : (((customer[ENTITY] ?? null) as string | null) ?? ctx.pickEntity(rng));
    const pinned = plan.party ? SONIC_INVOICES[sonic++]! : null;
    const count = rng.weighted([
      [1, 35],
      [2, 30],
      [3, 20],
      [4, 15],
    ]);
    const trxLines = pinned ? [pinned.cents] : Array.from({ length: count }, () => rng.amountCents(5_000, 2_500_000));
    const rate = exchangeRate(
      rng,
      pinned ? ctx.currencyOf(entity) : (customer.CURRENCY as string),
      ctx.currencyOf(entity),
    );
    const amounts = settle(trxLines, rate, settlementOf(plan.state), rng);
    const invoice = addInvoice(ctx, rng, dims, {
      day: plan.day,
      state: plan.state,
      customer,
      entity,
      rate,
      amounts,
      original: null,
      pinned,
    });
    if (plan.state === 'Reversed') reversed.push(invoice);
  }
  for (const original of reversed) {
    const trxLines = ctx
      .rows('ARINVOICEITEM')
      .filter((l) => l.RECORDKEY === original.RECORDNO)
      .map((l) => -cents(l.TRX_AMOUNT as string));
    const rate = rates.get(original)!;
    const customer = byId.get(original.CUSTOMERID as string)!;
    const day = laterDay(rng, dayOf(original.WHENCREATED as string), 1, 20);
    addInvoice(ctx, rng, dims, {
      day,
      state: 'Reversal',
      customer,
      entity: (original[ENTITY] ?? null) as string | null,
      rate,
      amounts: settle(trxLines, rate, 'paid', rng),
      original,
      pinned: null,
    });
  }
  totalCustomerDue(ctx);
  addReceipts(ctx);
}

interface InvoiceSpec {
  day: number;
  state: string;
  customer: DemoRecord;
  entity: string | null;
  rate: number;
  amounts: DocumentAmounts;
  original: DemoRecord | null;
  pinned: { id: string; due: string } | null;
}

function addInvoice(ctx: DemoContext, rng: Random, dims: LineDimensions, s: InvoiceSpec): DemoRecord {
  const key = ctx.nextKey('ARINVOICE');
  const term = ruleOf(ctx, 'ARTERM', s.customer.TERMNAME as string);
  const due = s.pinned ? dayOf(s.pinned.due) : dueDay(term, s.day);
  const a = s.amounts;
  const paidDay = s.state === 'Paid' ? laterDay(rng, s.day, 5, 90) : null;
  const summary = summaryOf('Invoices', s.day, 3000);
  const base = ctx.currencyOf(s.entity);
  const fromOrder = s.original === null && !s.pinned && rng.chance(0.15);
  const trxCurrency = s.pinned ? base : (s.customer.CURRENCY as string);
  const invoice = ctx.add('ARINVOICE', {
    RECORDNO: key,
    [ENTITY]: s.entity,
    RECORDID: s.pinned?.id ?? (s.original ? `${s.original.RECORDID}-R` : `INV-${String(key).padStart(6, '0')}`),
    RECORDTYPE: 'arinvoice',
    DOCNUMBER: s.customer.PARENTID !== null || rng.chance(0.4) ? `PO-${rng.int(10000, 99999)}` : null,
    DESCRIPTION: s.original
      ? `Reversal of invoice ${s.original.RECORDID}`
      : rng.chance(0.25)
        ? null
        : rng.pick(DESCRIPTIONS),
    STATE: s.state,
    CUSTOMERID: s.customer.CUSTOMERID,
    CUSTOMERNAME: s.customer.NAME,
    WHENCREATED: isoDate(s.day),
    WHENPOSTED: POSTED.has(s.state) ? isoDate(s.day) : null,
    WHENDUE: isoDate(due),
    WHENDISCOUNT: term.discountDays === null || s.pinned ? null : isoDate(s.day + term.discountDays),
    WHENPAID: paidDay === null ? null : isoDate(paidDay),
    TERMNAME: s.customer.TERMNAME,
    TOTALENTERED: money(a.base),
    TOTALDUE: money(a.base - a.basePaid),
    TOTALPAID: money(a.basePaid),
    TOTALSELECTED: money(a.baseSelected),
    TRX_TOTALENTERED: money(a.trx),
    TRX_TOTALDUE: money(a.trx - a.trxPaid),
    TRX_TOTALPAID: money(a.trxPaid),
    TRX_TOTALSELECTED: money(a.trxSelected),
    CURRENCY: trxCurrency,
    BASECURR: base,
    PRBATCH: summary.name,
    PRBATCHKEY: summary.key,
    MODULEKEY: fromOrder ? '8.SO' : '4.AR',
    BILLTOPAYTOCONTACTNAME: s.customer['BILLTO.CONTACTNAME'],
    SHIPTORETURNTOCONTACTNAME: s.customer['SHIPTO.CONTACTNAME'],
    SUPDOCID: rng.chance(0.05) ? `ATT-${rng.int(100000, 999999)}` : null,
    SYSTEMGENERATED: fromOrder,
    DUE_IN_DAYS: due - s.day,
    ...ctx.transactionAudit(rng, s.day, paidDay ?? laterDay(rng, s.day, 0, 15)),
  });
  rates.set(invoice, s.rate);
  a.lines.forEach((l, i) => {
    const d = s.original
      ? { ...ctx.rows('ARINVOICEITEM').find((x) => x.RECORDKEY === s.original!.RECORDNO && x.LINE_NO === i + 1)! }
      : dims.pick(rng, s.entity, { project: 0.2, customer: 0, employee: 0.05, item: 0.7 });
    ctx.add('ARINVOICEITEM', {
      RECORDNO: ctx.nextKey('ARINVOICEITEM'),
      [ENTITY]: s.entity,
      RECORDKEY: key,
      LINE_NO: i + 1,
      ACCOUNTNO: d.ACCOUNTNO,
      ACCOUNTTITLE: d.ACCOUNTTITLE,
      OFFSETGLACCOUNTNO: s.customer.OFFSETGLACCOUNTNO,
      ACCOUNTLABEL: null,
      AMOUNT: money(l.base),
      TRX_AMOUNT: money(l.trx),
      TOTALPAID: money(l.basePaid),
      TRX_TOTALPAID: money(l.trxPaid),
      TOTALSELECTED: money(l.baseSelected),
      TRX_TOTALSELECTED: money(l.trxSelected),
      ENTRYDESCRIPTION: s.original
        ? `Reversal of line ${i + 1}`
        : rng.chance(0.5)
          ? `${d.ACCOUNTTITLE} - ${s.customer.NAME}`
          : null,
      ENTRY_DATE: isoDate(s.day),
      DEPARTMENTID: d.DEPARTMENTID,
      DEPARTMENTNAME: d.DEPARTMENTNAME,
      LOCATIONID: d.LOCATIONID,
      LOCATIONNAME: d.LOCATIONNAME,
      PROJECTID: d.PROJECTID,
      CUSTOMERID: s.customer.CUSTOMERID,
      VENDORID: null,
      EMPLOYEEID: d.EMPLOYEEID,
      ITEMID: d.ITEMID,
      CLASSID: d.CLASSID,
      WAREHOUSEID: d.ITEMID
        ? rng.pick(ctx.multiEntity ? ['WH-WEST', 'WH-EAST', 'WH-UK'] : ['WH-LEEDS', 'WH-BRISTOL'])
        : null,
      CURRENCY: trxCurrency,
      BASECURR: base,
      EXCHANGE_RATE: micros(s.rate),
      EXCH_RATE_DATE: isoDate(s.day),
      BASELOCATION: baseLocationOf(ctx, s.entity),
      WHENCREATED: invoice.AUWHENCREATED,
      WHENMODIFIED: invoice.WHENMODIFIED,
      CREATEDBY: invoice.CREATEDBY,
      MODIFIEDBY: invoice.MODIFIEDBY,
    });
  });
  return invoice;
}

/** TOTALDUE of a customer = Σ TOTALDUE of its invoices in an open state; LAST_INVOICEDATE = its latest invoice. */
function totalCustomerDue(ctx: DemoContext): void {
  const due = new Map<string, number>();
  const last = new Map<string, string>();
  for (const inv of ctx.rows('ARINVOICE')) {
    const id = inv.CUSTOMERID as string;
    if (OPEN_STATES.has(inv.STATE as string)) due.set(id, (due.get(id) ?? 0) + cents(inv.TOTALDUE as string));
    if ((last.get(id) ?? '') < (inv.WHENCREATED as string)) last.set(id, inv.WHENCREATED as string);
  }
  for (const c of ctx.rows('CUSTOMER')) {
    const id = c.CUSTOMERID as string;
    c.TOTALDUE = money(due.get(id) ?? 0);
    c.LAST_INVOICEDATE = last.get(id) ?? null;
    c.LAST_STATEMENTDATE = last.has(id) ? isoDate(Math.min(dayOf(last.get(id)!) + 10, dayOf(ANCHOR_LAST))) : null;
  }
  const sold = new Map<string, string>();
  for (const l of ctx.rows('ARINVOICEITEM')) {
    if (l.ITEMID && (sold.get(l.ITEMID as string) ?? '') < (l.ENTRY_DATE as string))
      sold.set(l.ITEMID as string, l.ENTRY_DATE as string);
  }
  for (const it of ctx.rows('ITEM')) it.WHENLASTSOLD = sold.get(it.ITEMID as string) ?? null;
}

const METHODS = [
  'Printed Check',
  'Cash',
  'EFT',
  'Credit Card',
  'Online Charge Card',
  'Online ACH Debit',
  'Payment Acceptance Service',
];

/**
 * A receipt per paid or partly paid invoice, a draft per invoice selected for payment, and a few reversed receipts with
 * their reversals; each receipt made (not a draft nor a reversal) with its ARPYMTDETAIL.
 */
function addReceipts(ctx: DemoContext): void {
  const rng = ctx.rng.fork('receipts');
  const privateEntities = new Set(ctx.plan.entities.filter((e) => e.private).map((e) => e.id));
  for (const inv of ctx.rows('ARINVOICE')) {
    const settlement = settlementOf(inv.STATE as string);
    if (inv.STATE === 'Reversed' || inv.STATE === 'Reversal' || settlement === 'open') continue;
    const draft = settlement === 'selected';
    const reversedReceipt = !draft && ctx.rows('ARPYMT').length % 97 === 13;
    const day = inv.WHENPAID ? dayOf(inv.WHENPAID as string) : laterDay(rng, dayOf(inv.WHENCREATED as string), 5, 45);
    const trx = cents((draft ? inv.TRX_TOTALSELECTED : inv.TRX_TOTALPAID) as string);
    const base = cents((draft ? inv.TOTALSELECTED : inv.TOTALPAID) as string);
    const cleared = draft
      ? 'Uncleared'
      : rng.weighted([
          ['Cleared', 5],
          ['Matched', 2],
          ['Uncleared', 3],
        ]);
    const state = draft
      ? 'Draft'
      : reversedReceipt
        ? 'Reversed'
        : cleared === 'Uncleared'
          ? 'Complete'
          : rng.chance(0.5)
            ? 'Reconciled'
            : 'Complete';
    const receipt = addReceipt(ctx, rng, inv, { day, state, trx, base, cleared });
    // Its ARPYMTDETAIL record, as the write path stores one per invoice applied (src/writes/payment-detail-records.ts):
    // the invoice and the cash received. Drafts get none here, as AP payment requests get no APPYMTDETAIL; nor do the
    // receipts of a private entity, as ARPYMTDETAIL is not entity-scoped in the catalog (the top level sees its rows).
    if (!draft && !privateEntities.has((inv[ENTITY] as string | null) ?? ''))
      ctx.add('ARPYMTDETAIL', {
        RECORDNO: ctx.nextKey('ARPYMTDETAIL'),
        PAYMENTKEY: receipt.RECORDNO,
        PAYMENTDATE: isoDate(day),
        RECORDKEY: inv.RECORDNO,
        CURRENCY: inv.CURRENCY,
        PAYMENTAMOUNT: money(base),
        TRX_PAYMENTAMOUNT: money(trx),
      });
    // A live receipt paid the invoice; a draft paid nothing yet, and a reversed one was given back by its reversal.
    if (state === 'Complete' || state === 'Reconciled')
      ctx.applications.push({
        paymentObject: 'ARPYMT',
        paymentNo: receipt.RECORDNO as number,
        documentNo: inv.RECORDNO as number,
        baseCents: base,
        trxCents: trx,
      });
    // A reversed receipt is cancelled by a reversal of the opposite sign.
    if (reversedReceipt)
      addReceipt(ctx, rng, inv, {
        day: laterDay(rng, day, 1, 10),
        state: 'Reversal',
        trx: -trx,
        base: -base,
        cleared: 'Uncleared',
        of: receipt,
      });
  }
}

function addReceipt(
  ctx: DemoContext,
  rng: Random,
  inv: DemoRecord,
  r: { day: number; state: string; trx: number; base: number; cleared: string; of?: DemoRecord },
): DemoRecord {
  const entity = (inv[ENTITY] ?? null) as string | null;
  const method = ctx.cycle('arpymt-method', METHODS);
  const summary = summaryOf('Receipts', r.day, 7000);
  const done = r.state !== 'Draft';
  return ctx.add('ARPYMT', {
    RECORDNO: ctx.nextKey('ARPYMT'),
    [ENTITY]: entity,
    FINANCIALENTITY: bankAccountOf(entity, ctx.multiEntity),
    PAYMENTMETHOD: method,
    CUSTOMERID: inv.CUSTOMERID,
    CUSTOMERNAME: inv.CUSTOMERNAME,
    DOCNUMBER: method === 'Printed Check' ? String(rng.int(1000, 99999)) : null,
    DESCRIPTION: r.of ? `Reversal of receipt ${r.of.RECORDID}` : `Receipt for invoice ${inv.RECORDID}`,
    RECEIPTDATE: isoDate(r.day),
    WHENPAID: done ? isoDate(r.day) : null,
    PAYERNAME: inv.CUSTOMERNAME,
    STATE: r.state,
    RECORDTYPE: 'rp',
    PRBATCH: summary.name,
    CURRENCY: inv.CURRENCY,
    BASECURR: inv.BASECURR,
    TOTALENTERED: money(r.base),
    TOTALPAID: money(done ? r.base : 0),
    TRX_TOTALENTERED: money(r.trx),
    TRX_TOTALPAID: money(done ? r.trx : 0),
    TOTALDUE: money(done ? 0 : r.base),
    TRX_TOTALDUE: money(done ? 0 : r.trx),
    CLEARED: r.cleared,
    CLRDATE: r.cleared === 'Uncleared' ? null : isoDate(laterDay(rng, r.day, 1, 12)),
    RECORDID: `RCPT-${String(ctx.rows('ARPYMT').length + 1).padStart(6, '0')}`,
    PRBATCHKEY: summary.key,
    SUPDOCID: null,
    ...ctx.transactionAudit(rng, r.day, laterDay(rng, r.day, 0, 10)),
  });
}
