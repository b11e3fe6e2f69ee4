// General ledger: balanced journal entries, the posted detail they produce, and monthly account balances computed from
// it.

import { dayOf, isoDate, isoDateTime, lastDayOfMonth, longDate, monthOf, periodName } from './calendar.ts';
import { accountsFor } from './chart-of-accounts.ts';
import type { DemoContext } from './demo-context.ts';
import { baseLocationOf, FIRST_DAY, LAST_DAY } from './documents.ts';
import type { Random } from './random.ts';
import { ENTITY, micros, money, type DemoRecord } from './record-writer.ts';

type Kind = 'gj' | 'ap' | 'ar' | 'cd' | 'cr' | 'pay' | 'adj' | 'rev' | 'open';

const KINDS: Record<string, Kind> = {
  GJ: 'gj',
  APJ: 'ap',
  ARJ: 'ar',
  CDJ: 'cd',
  CRJ: 'cr',
  PYRJ: 'pay',
  ADJ: 'adj',
  ASC606REVREC: 'rev',
  OpDBB: 'open',
  NL: 'gj',
  PL: 'ap',
  SL: 'ar',
  BANK: 'cd',
  YEA: 'adj',
};
const MODULES: Record<Kind, string> = {
  gj: '2.GL',
  adj: '2.GL',
  open: '2.GL',
  rev: '2.GL',
  pay: '2.GL',
  ap: '3.AP',
  cd: '3.AP',
  ar: '4.AR',
  cr: '4.AR',
};
const STATES: [string, number][] = [
  ['Posted', 85],
  ['Draft', 3],
  ['Submitted', 2],
  ['Partially Approved', 1],
  ['Approved', 2],
  ['Declined', 1],
  ['Reversal pending', 1],
  ['Reversed', 2],
];
const HISTORY_FIRST = dayOf('2021-01-01');

/** Which accounts a journal debits and credits: an AP journal debits expenses and credits payables, and so on. */
function accountPools(ctx: DemoContext, entity: string | null): Record<string, DemoRecord[]> {
  const visible = ctx.visible('GLACCOUNT', entity).filter((a) => a.STATUS === 'active');
  const by = (numbers: string[]) => visible.filter((a) => numbers.includes(a.ACCOUNTNO as string));
  const cash = by(accountsFor(ctx, 'cash'));
  const payroll = visible.filter(
    (a) => /Salar|Wages|Payroll|Benefits/.test(a.TITLE as string) && a.ACCOUNTTYPE === 'incomestatement',
  );
  return {
    expense: by([...accountsFor(ctx, 'expense'), ...accountsFor(ctx, 'cogs')]),
    revenue: by(accountsFor(ctx, 'revenue')),
    ap: by(accountsFor(ctx, 'ap')),
    ar: by(accountsFor(ctx, 'ar')),
    // An entity pays from its own bank account where it has one.
    cash: cash.some((a) => a[ENTITY] === entity) ? cash.filter((a) => a[ENTITY] === entity) : cash,
    payroll: payroll.length > 0 ? payroll : by(accountsFor(ctx, 'expense')),
    deferred: visible.filter((a) => /Deferred|Creditors|Accrued/.test(a.TITLE as string)),
    debitSide: visible.filter((a) => a.NORMALBALANCE === 'debit'),
    creditSide: visible.filter((a) => a.NORMALBALANCE === 'credit'),
    any: visible,
  };
}

const SIDES: Record<Kind, [string, string]> = {
  gj: ['any', 'any'],
  adj: ['any', 'any'],
  ap: ['expense', 'ap'],
  cd: ['ap', 'cash'],
  ar: ['ar', 'revenue'],
  cr: ['cash', 'ar'],
  pay: ['payroll', 'cash'],
  rev: ['deferred', 'revenue'],
  open: ['debitSide', 'creditSide'],
};

function titleOf(rng: Random, kind: Kind, day: number): string {
  switch (kind) {
    case 'ap':
      return `AP summary ${isoDate(day)}`;
    case 'ar':
      return `AR summary ${isoDate(day)}`;
    case 'cd':
      return `Payments batch ${isoDate(day)}`;
    case 'cr':
      return `Deposits ${isoDate(day)}`;
    case 'pay':
      return `Payroll for period ending ${isoDate(day)}`;
    case 'rev':
      return `Revenue recognition ${isoDate(day).slice(0, 7)}`;
    case 'adj':
      return rng.pick(['Audit adjustment', 'Year-end accrual true-up', 'Depreciation adjustment', 'FX revaluation']);
    case 'open':
      return 'Opening balances';
    case 'gj':
      return rng.pick([
        'Accrued expenses',
        'Prepaid amortization',
        'Reclass between departments',
        'Monthly depreciation',
        'Intercompany allocation',
        'Bank fee correction',
      ]);
  }
}

export function addJournalEntries(ctx: DemoContext): void {
  const rng = ctx.rng.fork('journal-entries');
  const journals = ctx.rows('GLJOURNAL');
  const plans: { day: number; journal: DemoRecord; entity: string | null; title: string | null }[] = [];
  const active = journals.filter((j) => j.STATUS === 'active');
  const weight = (j: DemoRecord) =>
    ['GJ', 'NL'].includes(j.SYMBOL as string) ? 4 : ['APJ', 'PL', 'ARJ', 'SL'].includes(j.SYMBOL as string) ? 3 : 1;
  const opening = journals.find((j) => j.SYMBOL === 'OpDBB');
  const general = journals.find((j) => KINDS[j.SYMBOL as string] === 'gj')!;
  const entities = ctx.multiEntity ? ctx.plan.entities.map((e) => e.id) : [null];
  if (opening) for (const e of entities) plans.push({ day: HISTORY_FIRST, journal: opening, entity: e, title: null });
  // Month-end entries titled as in the REST seed ("Daily 1 created on December 31st 2024").
  if (ctx.plan.seedExamples) {
    for (let m = monthOf(FIRST_DAY); m <= monthOf(LAST_DAY); m++) {
      const day = lastDayOfMonth(m);
      plans.push({ day, journal: general, entity: entities[0]!, title: `Daily 1 created on ${longDate(day)}` });
    }
  }
  while (plans.length < ctx.plan.counts.journalEntries) {
    const day = rng.chance(0.25) ? rng.int(HISTORY_FIRST, FIRST_DAY - 1) : rng.int(FIRST_DAY, LAST_DAY);
    plans.push({
      day,
      journal: rng.weighted(active.map((j) => [j, weight(j)] as const)),
      entity: ctx.pickEntity(rng),
      title: null,
    });
  }
  plans.sort((a, b) => a.day - b.day);
  const forced = new Set(STATES.map(([s]) => s));
  const pools = new Map<string | null, Record<string, DemoRecord[]>>();
  const batchNumbers = new Map<string, number>();
  plans.forEach((plan, i) => {
    const kind = KINDS[plan.journal.SYMBOL as string] ?? 'gj';
    let state = kind === 'open' || plan.title ? 'Posted' : rng.weighted(STATES);
    // Every state appears: the first entries of the anchor years take the ones not drawn yet.
    if (plan.day >= FIRST_DAY && forced.size > 0 && kind !== 'open' && !plan.title) state = [...forced][0]!;
    forced.delete(state);
    if (!pools.has(plan.entity)) pools.set(plan.entity, accountPools(ctx, plan.entity));
    const symbol = plan.journal.SYMBOL as string;
    const batchNo = (batchNumbers.get(symbol) ?? 0) + 1;
    batchNumbers.set(symbol, batchNo);
    addBatch(ctx, rng, { ...plan, kind, state, batchNo, pools: pools.get(plan.entity)!, key: i + 1 });
  });
  addDetailAndBalances(ctx);
}

interface BatchSpec {
  day: number;
  journal: DemoRecord;
  entity: string | null;
  title: string | null;
  kind: Kind;
  state: string;
  batchNo: number;
  pools: Record<string, DemoRecord[]>;
  key: number;
}

function addBatch(ctx: DemoContext, rng: Random, b: BatchSpec): void {
  const symbol = b.journal.SYMBOL as string;
  const currency = ctx.currencyOf(b.entity);
  const audit = ctx.audit(rng, b.day, 5);
  const batch = ctx.add('GLBATCH', {
    RECORDNO: b.key,
    [ENTITY]: b.entity,
    BATCHNO: b.batchNo,
    BATCH_TITLE: b.title ?? titleOf(rng, b.kind, b.day),
    BATCH_DATE: isoDate(b.day),
    JOURNAL: symbol,
    STATE: b.state,
    MODULE: MODULES[b.kind],
    REFERENCENO: rng.chance(0.4) ? `JE-${rng.int(10000, 99999)}` : null,
    REVERSEDFROM: b.state === 'Reversal pending' ? isoDate(lastDayOfMonth(monthOf(b.day)) + 1) : null,
    REVERSEDKEY: null,
    BASELOCATION_NO: b.entity,
    TAXIMPLICATIONS: undefined,
    SUPDOCID: rng.chance(0.05) ? `ATT-${rng.int(100000, 999999)}` : null,
    JOURNALSEQNO: `${symbol}-${String(b.batchNo).padStart(5, '0')}`,
    BASELOCATION: baseLocationOf(ctx, b.entity),
    ...audit,
  });
  // Debits first, then credits that split the same total: every entry balances to the cent.
  const [debitPool, creditPool] = SIDES[b.kind].map((side) =>
    b.pools[side]!.length > 0 ? b.pools[side]! : b.pools.any!,
  );
  const debits = Array.from({ length: b.kind === 'open' ? rng.int(3, 5) : rng.int(1, 3) }, () =>
    rng.amountCents(10_000, b.kind === 'open' ? 50_000_000 : 2_500_000),
  );
  const total = debits.reduce((s, x) => s + x, 0);
  const creditCount = Math.min(rng.int(1, 3), total);
  const credits: number[] = [];
  let left = total;
  for (let i = 1; i < creditCount; i++) {
    const part = Math.max(1, Math.floor((left * rng.int(20, 60)) / 100));
    credits.push(part);
    left -= part;
  }
  credits.push(left);
  const customers = ctx.visible('CUSTOMER', b.entity);
  const vendors = ctx.visible('VENDOR', b.entity);
  const employees = ctx.visible('EMPLOYEE', b.entity).filter((e) => e.STATUS === 'active');
  const locations = ctx.visible('LOCATION', b.entity).filter((l) => l.STATUS === 'active');
  const projects = ctx.visible('PROJECT', b.entity).filter((p) => p.STATUS === 'active');
  const classes = ctx.visible('CLASS', b.entity).filter((c) => c.STATUS === 'active');
  const lines = [...debits.map((a) => [a, '1'] as const), ...credits.map((a) => [a, '-1'] as const)];
  lines.forEach(([amount, type], i) => {
    const account = rng.pick(type === '1' ? debitPool! : creditPool!);
    const title = account.TITLE as string;
    const cleared = /Cash|Bank/.test(title)
      ? rng.weighted([
          ['Cleared', 6],
          ['Matched', 2],
          ['Uncleared', 2],
        ])
      : 'Uncleared';
    ctx.add('GLENTRY', {
      RECORDNO: ctx.nextKey('GLENTRY'),
      [ENTITY]: b.entity,
      BATCHNO: b.key,
      LINE_NO: i + 1,
      TR_TYPE: type,
      ENTRY_DATE: isoDate(b.day),
      ACCOUNTNO: account.ACCOUNTNO,
      AMOUNT: money(amount),
      TRX_AMOUNT: money(amount),
      DOCUMENT: rng.chance(0.3) ? `DOC-${rng.int(1000, 9999)}` : null,
      DESCRIPTION: rng.chance(0.6) ? `${title} - ${batch.BATCH_TITLE}` : null,
      DEPARTMENT: rng.chance(0.6) ? rng.pick(ctx.rows('DEPARTMENT')).DEPARTMENTID : null,
      LOCATION: locations.length > 0 && rng.chance(0.6) ? rng.pick(locations).LOCATIONID : null,
      PROJECTID:
        projects.length > 0 && account.ACCOUNTTYPE === 'incomestatement' && rng.chance(0.15)
          ? rng.pick(projects).PROJECTID
          : null,
      CUSTOMERID: /Receivable|Debtors/.test(title) && customers.length > 0 ? rng.pick(customers).CUSTOMERID : null,
      VENDORID: /Payable|Creditors/.test(title) && vendors.length > 0 ? rng.pick(vendors).VENDORID : null,
      EMPLOYEEID: b.kind === 'pay' && type === '1' && employees.length > 0 ? rng.pick(employees).EMPLOYEEID : null,
      ITEMID: null,
      CLASSID: classes.length > 0 && rng.chance(0.2) ? rng.pick(classes).CLASSID : null,
      CURRENCY: currency,
      BASECURR: currency,
      EXCH_RATE_DATE: isoDate(b.day),
      EXCHANGE_RATE: micros(1_000_000),
      BILLABLE: false,
      CLEARED: cleared,
      CLRDATE: cleared === 'Uncleared' ? null : isoDate(Math.min(b.day + rng.int(1, 20), LAST_DAY)),
      STATE: b.state,
      TIMEPERIOD: Number(isoDate(b.day).slice(0, 7).replace('-', '')),
      UNITS: null,
      BILLED: false,
      RECON_DATE: cleared === 'Matched' ? isoDate(Math.min(b.day + rng.int(1, 30), LAST_DAY)) : null,
      EXCH_RATE_TYPE_ID: null,
      WHENCREATED: audit.WHENCREATED,
      WHENMODIFIED: audit.WHENMODIFIED,
      CREATEDBY: audit.CREATEDBY,
      MODIFIEDBY: audit.MODIFIEDBY,
    });
  });
}

/** GLDETAIL: one row per line of a posted entry. GLACCOUNTBALANCE: per entity, account and month from 2021 on, from that detail. */
function addDetailAndBalances(ctx: DemoContext): void {
  const batches = new Map(ctx.rows('GLBATCH').map((b) => [b.RECORDNO as number, b]));
  const accounts = new Map(ctx.rows('GLACCOUNT').map((a) => [a.ACCOUNTNO as string, a]));
  const adjusting = new Set(
    ctx
      .rows('GLJOURNAL')
      .filter((j) => j.ADJ === true)
      .map((j) => j.SYMBOL as string),
  );
  const names = (xml: string, id: string, label: string) =>
    new Map(ctx.rows(xml).map((r) => [r[id] as string, r[label] as string]));
  const departments = names('DEPARTMENT', 'DEPARTMENTID', 'TITLE');
  const locations = names('LOCATION', 'LOCATIONID', 'NAME');
  const customers = names('CUSTOMER', 'CUSTOMERID', 'NAME');
  const vendors = names('VENDOR', 'VENDORID', 'NAME');
  // entity|account|month → [debit, credit, adjusting debit, adjusting credit] in cents.
  const sums = new Map<string, [number, number, number, number]>();
  for (const e of ctx.rows('GLENTRY')) {
    const b = batches.get(e.BATCHNO as number)!;
    if (b.STATE !== 'Posted') continue;
    const amount = Number((e.AMOUNT as string).replace('.', ''));
    const debit = e.TR_TYPE === '1';
    ctx.add('GLDETAIL', {
      RECORDNO: ctx.nextKey('GLDETAIL'),
      [ENTITY]: e[ENTITY] ?? null,
      BATCHKEY: b.RECORDNO,
      BATCH_NO: b.BATCHNO,
      BATCH_DATE: b.BATCH_DATE,
      BATCH_TITLE: b.BATCH_TITLE,
      BOOKID: 'ACCRUAL',
      MODULEKEY: b.MODULE,
      ACCOUNTNO: e.ACCOUNTNO,
      ACCOUNTTITLE: accounts.get(e.ACCOUNTNO as string)!.TITLE,
      TR_TYPE: debit ? 1 : -1,
      AMOUNT: e.AMOUNT,
      DEBITAMOUNT: debit ? e.AMOUNT : money(0),
      CREDITAMOUNT: debit ? money(0) : e.AMOUNT,
      TRX_AMOUNT: e.TRX_AMOUNT,
      CURRENCY: e.CURRENCY,
      BASECURR: e.BASECURR,
      ENTRY_DATE: e.ENTRY_DATE,
      ENTRY_STATE: 'Posted',
      ENTRYDESCRIPTION: e.DESCRIPTION,
      DESCRIPTION: b.BATCH_TITLE,
      DOCNUMBER: e.DOCUMENT,
      LINE_NO: e.LINE_NO,
      DEPARTMENTID: e.DEPARTMENT,
      DEPARTMENTTITLE: e.DEPARTMENT ? departments.get(e.DEPARTMENT as string)! : null,
      LOCATIONID: e.LOCATION,
      LOCATIONNAME: e.LOCATION ? locations.get(e.LOCATION as string)! : null,
      CUSTOMERID: e.CUSTOMERID,
      CUSTOMERNAME: e.CUSTOMERID ? customers.get(e.CUSTOMERID as string)! : null,
      VENDORID: e.VENDORID,
      VENDORNAME: e.VENDORID ? vendors.get(e.VENDORID as string)! : null,
      CLASSID: e.CLASSID,
      RECORDTYPE: 'gljournal',
      RECORDID: b.JOURNALSEQNO,
      WHENCREATED: b.BATCH_DATE,
      WHENMODIFIED: b.WHENMODIFIED,
    });
    const key = `${e[ENTITY] ?? ''}|${e.ACCOUNTNO}|${monthOf(dayOf(e.ENTRY_DATE as string))}`;
    const s = sums.get(key) ?? [0, 0, 0, 0];
    const slot = (debit ? 0 : 1) + (adjusting.has(b.JOURNAL as string) ? 2 : 0);
    s[slot] = s[slot]! + amount;
    sums.set(key, s);
  }
  const entities = ctx.multiEntity ? ctx.plan.entities.map((e) => e.id) : [null];
  for (const entity of entities) {
    for (const account of ctx.visible('GLACCOUNT', entity)) {
      let balance = 0;
      for (let m = monthOf(HISTORY_FIRST); m <= monthOf(LAST_DAY); m++) {
        const [d, c, ad, ac] = sums.get(`${entity ?? ''}|${account.ACCOUNTNO}|${m}`) ?? [0, 0, 0, 0];
        const period = d - c + ad - ac;
        const stamp = isoDateTime(lastDayOfMonth(m), 23 * 3600);
        ctx.add('GLACCOUNTBALANCE', {
          RECORDNO: ctx.nextKey('GLACCOUNTBALANCE'),
          [ENTITY]: entity,
          PERIOD: periodName(m),
          BOOKID: 'ACCRUAL',
          CURRENCY: ctx.currencyOf(entity),
          OPENBAL: money(balance),
          TOTDEBIT: money(d),
          TOTCREDIT: money(c),
          TOTADJDEBIT: money(ad),
          TOTADJCREDIT: money(ac),
          FORBAL: money(period),
          ENDBAL: money(balance + period),
          ACCOUNTREC: account.RECORDNO,
          ACCOUNTNO: account.ACCOUNTNO,
          ACCOUNTTITLE: account.TITLE,
          DEPARTMENTID: null,
          DEPARTMENTTITLE: null,
          LOCATIONID: null,
          LOCATIONNAME: null,
          PROJECTID: null,
          CUSTOMERID: null,
          VENDORID: null,
          EMPLOYEEID: null,
          ITEMID: null,
          CLASSID: null,
          WHENCREATED: stamp,
          WHENMODIFIED: stamp,
          CREATEDBY: ctx.auditUsers[0]!,
          MODIFIEDBY: ctx.auditUsers[0]!,
        });
        balance += period;
      }
    }
  }
}
