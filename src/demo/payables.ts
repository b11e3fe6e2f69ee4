// Accounts payable: bills with their lines, vendor payments, and each vendor's TOTALDUE from its open bills.

import { exchangeRate, settle, type DocumentAmounts } from './amounts.ts';
import { dayOf, isoDate } from './calendar.ts';
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
import type { Random } from './random.ts';
import { ENTITY, micros, money, type DemoRecord } from './record-writer.ts';
import { dueDay, ruleOf } from './terms.ts';
import { OPEN_STATES } from '../catalog/document-states.ts';

const OLD: [string, number][] = [
  ['Paid', 85],
  ['Partially Paid', 3],
  ['Posted', 4],
  ['Selected', 1],
  ['Reversed', 1.5],
  ['Declined', 1.5],
  ['Draft', 1],
  ['Submitted', 0.5],
  ['No Value', 0.5],
  ['Analyzing', 0.3],
  ['Approved', 0.5],
  ['Partially Approved', 0.3],
];
const RECENT: [string, number][] = [
  ['Posted', 28],
  ['Partially Paid', 10],
  ['Paid', 25],
  ['Selected', 6],
  ['Draft', 8],
  ['Submitted', 6],
  ['Partially Approved', 3],
  ['Approved', 5],
  ['Declined', 2],
  ['Analyzing', 2],
  ['No Value', 2],
  ['Reversed', 1],
];
/** Reversal is not drawn: each Reversed bill brings its own reversal. */
const COVER = RECENT.map(([s]) => s);
const POSTED = new Set(['Posted', 'Partially Paid', 'Paid', 'Selected', 'Reversed', 'Reversal']);

/**
 * Record numbers of the seed's vendors' bills: "Regal Services" owns 208 and
 * 227 (its sample response) among others, and the bill-count example gives
 * Acme Co. 5 bills and MYDESK CORPORATION 2.
 */
const PINNED_BILLS: Record<string, readonly number[]> = {
  'Regal Services': [208, 227, 402, 1130, 1717],
  'Acme Co.': [15, 590, 880, 1299, 1805],
  'MYDESK CORPORATION': [77, 1444],
};

const DESCRIPTIONS = [
  'Monthly service fee',
  'Office supplies order',
  'Consulting services',
  'Freight charges',
  'Software subscription renewal',
  'Equipment maintenance',
  'Utilities',
  'Marketing campaign',
  'Legal services',
  'Contract labor',
  'Travel booking',
  'Hardware purchase',
];

export function addBills(ctx: DemoContext): void {
  const rng = ctx.rng.fork('bills');
  const seed = ctx.plan.seedExamples;
  const reserved = new Set(seed ? [...Object.keys(PINNED_BILLS), 'Acme Supply'] : []);
  const vendors = ctx.rows('VENDOR');
  const pool = vendors.filter((v) => !reserved.has(v.NAME as string));
  const byName = new Map(vendors.map((v) => [v.NAME as string, v]));
  // The seed filters Acme Supply bills created between 04/19/2023 and 04/26/2023.
  const extra: DocumentPlan[] = seed
    ? [
        { day: dayOf('2023-04-19'), state: 'Paid', party: 'Acme Supply' },
        { day: dayOf('2023-04-24'), state: 'Posted', party: 'Acme Supply' },
      ]
    : [];
  const plans = planDocuments(rng, ctx.plan.counts.bills, OLD, RECENT, COVER, extra);
  for (const [name, keys] of seed ? Object.entries(PINNED_BILLS) : []) {
    for (const key of keys) {
      const plan = plans.slice(key - 1).find((p) => p.party === null)!;
      plan.party = name;
      if (plan.state === 'Reversed') plan.state = 'Paid';
    }
  }
  const dims = new LineDimensions(ctx, ['expense', 'cogs']);
  const reversed: DemoRecord[] = [];
  for (const plan of plans) {
    // Skewed so a few vendors get many bills, as in real ledgers.
    const vendor = plan.party ? byName.get(plan.party)! : pool[Math.floor(rng.float() ** 2 * pool.length)]!;
    const entity = plan.party
      ? ctx.multiEntity
        ? 'US'
        : null
      : (((vendor[ENTITY] ?? null) as string | null) ?? ctx.pickEntity(rng));
    const count = rng.weighted([
      [1, 40],
      [2, 30],
      [3, 18],
      [4, 12],
    ]);
    const trxLines = Array.from({ length: count }, () => rng.amountCents(2_000, 1_500_000));
    const rate = exchangeRate(rng, vendor.CURRENCY as string, ctx.currencyOf(entity));
    const amounts = settle(trxLines, rate, settlementOf(plan.state), rng);
    const bill = addBill(ctx, rng, dims, {
      day: plan.day,
      state: plan.state,
      vendor,
      entity,
      rate,
      amounts,
      original: null,
    });
    if (plan.state === 'Reversed') reversed.push(bill);
  }
  // Reversals are entered after the bills they reverse, so they take the next record numbers.
  for (const original of reversed) {
    const lines = ctx.rows('APBILLITEM').filter((l) => l.RECORDKEY === original.RECORDNO);
    const trxLines = lines.map((l) => -cents(l.TRX_AMOUNT as string));
    const rate = rates.get(original)!;
    const amounts = settle(trxLines, rate, 'paid', rng);
    const vendor = byName.get(original.VENDORNAME as string)!;
    addBill(ctx, rng, dims, {
      day: laterDay(rng, dayOf(original.WHENCREATED as string), 1, 20),
      state: 'Reversal',
      vendor,
      entity: (original[ENTITY] ?? null) as string | null,
      rate,
      amounts,
      original,
    });
  }
  totalVendorDue(ctx);
  addBillPayments(ctx);
}

/** Exchange rate each bill was entered at, for its reversal. */
const rates = new WeakMap<DemoRecord, number>();

interface BillSpec {
  day: number;
  state: string;
  vendor: DemoRecord;
  entity: string | null;
  rate: number;
  amounts: DocumentAmounts;
  original: DemoRecord | null;
}

function addBill(ctx: DemoContext, rng: Random, dims: LineDimensions, s: BillSpec): DemoRecord {
  const key = ctx.nextKey('APBILL');
  const term = ruleOf(ctx, 'APTERM', s.vendor.TERMNAME as string);
  const due = dueDay(term, s.day);
  const a = s.amounts;
  const paidDay = s.state === 'Paid' ? laterDay(rng, s.day, 3, 75) : null;
  const lastDay = paidDay ?? laterDay(rng, s.day, 0, 20);
  const summary = summaryOf('Bills', s.day, 1000);
  const base = ctx.currencyOf(s.entity);
  const fromPo = s.original === null && rng.chance(0.1);
  const bill = ctx.add('APBILL', {
    RECORDNO: key,
    [ENTITY]: s.entity,
    RECORDID: s.original
      ? `${s.original.RECORDID}-R`
      : `B${isoDate(s.day).slice(2, 4)}-${String(key).padStart(6, '0')}`,
    RECORDTYPE: 'apbill',
    DOCNUMBER: fromPo ? `PO-${rng.int(10000, 99999)}` : rng.chance(0.3) ? `REF-${rng.int(1000, 9999)}` : null,
    // About a third have no description: the seed's isnull examples need some.
    DESCRIPTION: s.original
      ? `Reversal of bill ${s.original.RECORDID}`
      : rng.chance(0.3)
        ? null
        : rng.pick(DESCRIPTIONS),
    STATE: s.state,
    VENDORID: s.vendor.VENDORID,
    VENDORNAME: s.vendor.NAME,
    WHENCREATED: isoDate(s.day),
    WHENPOSTED: POSTED.has(s.state) ? isoDate(s.day) : null,
    WHENDUE: isoDate(due),
    WHENDISCOUNT: term.discountDays === null ? null : isoDate(s.day + term.discountDays),
    WHENPAID: paidDay === null ? null : isoDate(paidDay),
    RECPAYMENTDATE: OPEN_STATES.has(s.state) ? isoDate(Math.max(s.day, due - 3)) : null,
    PAYMENTPRIORITY: s.vendor.PAYMENTPRIORITY,
    ONHOLD: s.vendor.ONHOLD === true && OPEN_STATES.has(s.state),
    TERMNAME: s.vendor.TERMNAME,
    TOTALENTERED: money(a.base),
    TOTALDUE: money(a.base - a.basePaid),
    TOTALPAID: money(a.basePaid),
    TOTALSELECTED: money(a.baseSelected),
    TRX_TOTALENTERED: money(a.trx),
    TRX_TOTALDUE: money(a.trx - a.trxPaid),
    TRX_TOTALPAID: money(a.trxPaid),
    TRX_TOTALSELECTED: money(a.trxSelected),
    CURRENCY: s.vendor.CURRENCY,
    BASECURR: base,
    PRBATCH: summary.name,
    PRBATCHKEY: summary.key,
    MODULEKEY: fromPo ? '9.PO' : '3.AP',
    BILLTOPAYTOCONTACTNAME: s.vendor['PAYTO.CONTACTNAME'],
    SHIPTORETURNTOCONTACTNAME: s.vendor['RETURNTO.CONTACTNAME'],
    SUPDOCID: rng.chance(0.1) ? `ATT-${rng.int(100000, 999999)}` : null,
    INCLUSIVETAX: false,
    SYSTEMGENERATED: fromPo,
    DUE_IN_DAYS: due - s.day,
    ...ctx.transactionAudit(rng, s.day, lastDay),
  });
  rates.set(bill, s.rate);
  const is1099 = s.vendor.FORM1099TYPE !== null;
  a.lines.forEach((l, i) => {
    const d = s.original
      ? { ...ctx.rows('APBILLITEM').find((x) => x.RECORDKEY === s.original!.RECORDNO && x.LINE_NO === i + 1)! }
      : dims.pick(rng, s.entity, { project: 0.15, customer: 0.05, employee: 0.1, item: 0.25 });
    const billable = d.CUSTOMERID !== null && d.CUSTOMERID !== undefined;
    ctx.add('APBILLITEM', {
      RECORDNO: ctx.nextKey('APBILLITEM'),
      [ENTITY]: s.entity,
      RECORDKEY: key,
      LINE_NO: i + 1,
      ACCOUNTNO: d.ACCOUNTNO,
      ACCOUNTTITLE: d.ACCOUNTTITLE,
      OFFSETGLACCOUNTNO: s.vendor.APACCOUNT,
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
          ? `${d.ACCOUNTTITLE} - ${s.vendor.NAME}`
          : null,
      ENTRY_DATE: isoDate(s.day),
      DEPARTMENTID: d.DEPARTMENTID,
      DEPARTMENTNAME: d.DEPARTMENTNAME,
      LOCATIONID: d.LOCATIONID,
      LOCATIONNAME: d.LOCATIONNAME,
      PROJECTID: d.PROJECTID,
      CUSTOMERID: d.CUSTOMERID,
      VENDORID: s.vendor.VENDORID,
      EMPLOYEEID: d.EMPLOYEEID,
      ITEMID: d.ITEMID,
      CLASSID: d.CLASSID,
      BILLABLE: billable,
      BILLED: billable && s.state === 'Paid',
      FORM1099: is1099,
      FORM1099TYPE: is1099 ? s.vendor.FORM1099TYPE : null,
      FORM1099BOX: is1099 ? s.vendor.FORM1099BOX : null,
      CURRENCY: s.vendor.CURRENCY,
      BASECURR: base,
      EXCHANGE_RATE: micros(s.rate),
      EXCH_RATE_DATE: isoDate(s.day),
      BASELOCATION: baseLocationOf(ctx, s.entity),
      RELEASETOPAY: OPEN_STATES.has(s.state),
      WHENCREATED: bill.AUWHENCREATED,
      WHENMODIFIED: bill.WHENMODIFIED,
      CREATEDBY: bill.CREATEDBY,
      MODIFIEDBY: bill.MODIFIEDBY,
    });
  });
  return bill;
}

/** TOTALDUE of a vendor = Σ TOTALDUE of its bills in an open state, in cents. */
function totalVendorDue(ctx: DemoContext): void {
  const due = new Map<string, number>();
  for (const b of ctx.rows('APBILL')) {
    if (!OPEN_STATES.has(b.STATE as string)) continue;
    due.set(b.VENDORID as string, (due.get(b.VENDORID as string) ?? 0) + cents(b.TOTALDUE as string));
  }
  for (const v of ctx.rows('VENDOR')) v.TOTALDUE = money(due.get(v.VENDORID as string) ?? 0);
  const received = new Map<string, string>();
  for (const l of ctx.rows('APBILLITEM')) {
    if (l.ITEMID && (received.get(l.ITEMID as string) ?? '') < (l.ENTRY_DATE as string))
      received.set(l.ITEMID as string, l.ENTRY_DATE as string);
  }
  for (const it of ctx.rows('ITEM')) it.WHENLASTRECEIVED = received.get(it.ITEMID as string) ?? null;
}

export function cents(text: string): number {
  return Number(text.replace('.', ''));
}

const SETTLED = ['Posted', 'Confirmed', 'Delivered', 'Quick Delivery'];
const REQUESTED = ['Draft', 'Submitted', 'Approved', 'Partially Approved', 'Declined'];
const VOIDED = ['Voided', 'Reversed', 'Print Voided'];

/**
 * One payment per paid or partly paid bill, a payment request per bill selected for payment, and a few voided cheques;
 * each payment made (not a request) with its APPYMTDETAIL.
 */
function addBillPayments(ctx: DemoContext): void {
  const rng = ctx.rng.fork('bill-payments');
  const vendors = new Map(ctx.rows('VENDOR').map((v) => [v.VENDORID as string, v]));
  const privateEntities = new Set(ctx.plan.entities.filter((e) => e.private).map((e) => e.id));
  for (const b of ctx.rows('APBILL')) {
    const settlement = settlementOf(b.STATE as string);
    if (b.STATE === 'Reversed' || b.STATE === 'Reversal' || settlement === 'open') continue;
    const requested = settlement === 'selected';
    const voided = !requested && rng.chance(0.03);
    const state = ctx.cycle(
      `appymt-${requested ? 'r' : voided ? 'v' : 's'}`,
      requested ? REQUESTED : voided ? VOIDED : SETTLED,
    );
    const vendor = vendors.get(b.VENDORID as string)!;
    const day = b.WHENPAID ? dayOf(b.WHENPAID as string) : laterDay(rng, dayOf(b.WHENCREATED as string), 5, 40);
    const trx = requested ? cents(b.TRX_TOTALSELECTED as string) : cents(b.TRX_TOTALPAID as string);
    const base = requested ? cents(b.TOTALSELECTED as string) : cents(b.TOTALPAID as string);
    const paid = SETTLED.includes(state);
    const cleared = paid
      ? rng.weighted([
          ['Cleared', 6],
          ['Matched', 1],
          ['Uncleared', 3],
        ])
      : 'Uncleared';
    const entity = (b[ENTITY] ?? null) as string | null;
    const method = vendor.PAYMETHODKEY as string;
    const summary = summaryOf('Payments', day, 5000);
    const recordNo = ctx.nextKey('APPYMT');
    if (paid)
      ctx.applications.push({
        paymentObject: 'APPYMT',
        paymentNo: recordNo,
        documentNo: b.RECORDNO as number,
        baseCents: base,
        trxCents: trx,
      });
    ctx.add('APPYMT', {
      RECORDNO: recordNo,
      [ENTITY]: entity,
      FINANCIALENTITY: bankAccountOf(entity, ctx.multiEntity),
      PAYMENTMETHOD: method,
      PAYMENTREQUESTMETHOD: method === 'Printed Check' ? 'Check' : method === 'Credit Card' ? 'Charge card' : method,
      VENDORID: vendor.VENDORID,
      VENDORNAME: vendor.NAME,
      DOCNUMBER: method === 'Printed Check' ? String(10000 + (ctx.rows('APPYMT').length % 89999)) : null,
      DESCRIPTION: `Payment for bill ${b.RECORDID}`,
      PAYMENTDATE: isoDate(day),
      WHENCREATED: isoDate(day),
      WHENPAID: paid ? isoDate(day) : null,
      STATE: state,
      CURRENCY: b.CURRENCY,
      BASECURR: b.BASECURR,
      TOTALENTERED: money(base),
      TOTALPAID: money(paid ? base : 0),
      TOTALDUE: money(paid || VOIDED.includes(state) ? 0 : base),
      TRX_TOTALENTERED: money(trx),
      TRX_TOTALPAID: money(paid ? trx : 0),
      TRX_TOTALDUE: money(paid || VOIDED.includes(state) ? 0 : trx),
      TOTALSELECTED: money(requested ? base : 0),
      TRX_TOTALSELECTED: money(requested ? trx : 0),
      CLEARED: cleared,
      CLRDATE: cleared === 'Uncleared' ? null : isoDate(laterDay(rng, day, 2, 15)),
      DESCRIPTION2: voided ? 'Cheque voided and reissued' : null,
      PRBATCHKEY: summary.key,
      ...ctx.transactionAudit(rng, day, laterDay(rng, day, 0, 10)),
    });
    // Its APPYMTDETAIL record, as the write path stores one per detail (src/writes/payment-detail-records.ts): the
    // bill and the cash paid, in the payment's state. Payment requests still being decided get none here; nor do the
    // payments of a private entity, as APPYMTDETAIL is not entity-scoped in the catalog (the top level sees its rows).
    if (!requested && !privateEntities.has(entity ?? ''))
      ctx.add('APPYMTDETAIL', {
        RECORDNO: ctx.nextKey('APPYMTDETAIL'),
        PAYMENTKEY: recordNo,
        PAYMENTDATE: isoDate(day),
        STATE: state,
        RECORDKEY: b.RECORDNO,
        CURRENCY: b.CURRENCY,
        PAYMENTAMOUNT: money(base),
        TRX_PAYMENTAMOUNT: money(trx),
      });
  }
}
