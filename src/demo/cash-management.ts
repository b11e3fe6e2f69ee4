// Cash management: the company's charge cards, their transactions with lines, and bank-transaction matching rules,
// rule sets and their maps.

import { settle } from './amounts.ts';
import { dayOf, isoDate } from './calendar.ts';
import type { DemoContext } from './demo-context.ts';
import { bankAccountOf, documentDay, laterDay, LineDimensions } from './documents.ts';
import type { Random } from './random.ts';
import { ENTITY, type DemoRecord, money } from './record-writer.ts';

const CC_STATES: [string, number][] = [
  ['Paid', 55],
  ['Posted', 20],
  ['Partially Paid', 10],
  ['Draft', 10],
  ['Reversed', 5],
];
const MERCHANTS = [
  'Delta Air Lines',
  'Amazon Business',
  'Uber',
  'Staples',
  'Marriott',
  'Zoom',
  'Adobe',
  'FedEx Office',
  'Hertz',
  'British Airways',
  'Pret A Manger',
  'Dell',
];

/** The charge cards (CREDITCARD CARDID) each entity's transactions are recorded on. */
function cardsOf(ctx: DemoContext): Record<string, string[]> {
  return ctx.multiEntity
    ? { US: ['AMEX-1001', 'VISA-2002'], UK: ['BARCLAYCARD-3003'], PRIV: ['UBS-MC-4004'] }
    : { '': ['BARCLAYCARD-01', 'NATWEST-VISA-02'] };
}

/** One CREDITCARD per demo card, so a transaction's FINANCIALENTITY names a card that exists. */
function addCreditCards(ctx: DemoContext): void {
  let key = 0;
  for (const [entity, ids] of Object.entries(cardsOf(ctx))) {
    for (const id of ids) {
      key += 1;
      const type = /AMEX/.test(id) ? 'American Express' : /MC/.test(id) ? 'MasterCard' : 'Visa';
      ctx.add('CREDITCARD', {
        RECORDNO: key,
        CARDID: id,
        DESCRIPTION: `${id} corporate card${entity ? ` (${entity})` : ''}`,
        CARDTYPE: type,
        LIABILITYTYPE: 'Credit',
        EXP_MONTH: String(((key * 5) % 12) + 1).padStart(2, '0'),
        EXP_YEAR: String(2027 + (key % 3)),
        COMMCARD: 'false',
        STATUS: 'active',
        LOCATION: entity || null,
      });
    }
  }
}

/**
 * A transaction's lines: one or two (split by a separate PRNG fork, so the transactions' own values stay as they
 * were), each on an expense account with dimensions; amounts and paid amounts add up to the header's.
 */
function addCardLines(ctx: DemoContext, rng: Random, dims: LineDimensions, header: DemoRecord): void {
  const cents = (v: unknown) => Math.round(Number(v) * 100);
  const parts: [number, number, number, number][] = [
    [cents(header.TRX_TOTALENTERED), cents(header.TOTALENTERED), cents(header.TRX_TOTALPAID), cents(header.TOTALPAID)],
  ];
  if (rng.chance(0.3) && parts[0]![0] >= 200) {
    const share = rng.int(20, 80) / 100;
    const whole = parts.pop()!;
    const first = whole.map((c) => Math.round(c * share)) as [number, number, number, number];
    parts.push(first, whole.map((c, i) => c - first[i]!) as [number, number, number, number]);
  }
  parts.forEach(([trx, base, trxPaid, basePaid], i) => {
    const d = dims.pick(rng, (header[ENTITY] as string | null) ?? null, {
      project: 0.1,
      customer: 0.05,
      employee: 0.3,
      item: 0,
    });
    ctx.add('CCTRANSACTIONENTRY', {
      RECORDNO: ctx.nextKey('CCTRANSACTIONENTRY'),
      [ENTITY]: header[ENTITY] ?? null,
      RECORDKEY: header.RECORDNO,
      LINE_NO: i + 1,
      ACCOUNTNO: d.ACCOUNTNO,
      ACCOUNTLABEL: null,
      DESCRIPTION: `${header.DESCRIPTION} - ${header.DESCRIPTION2}`,
      AMOUNT: money(base),
      TRX_AMOUNT: money(trx),
      TOTALPAID: money(basePaid),
      TRX_TOTALPAID: money(trxPaid),
      DEPARTMENTID: d.DEPARTMENTID,
      LOCATIONID: d.LOCATIONID,
      PROJECTID: d.PROJECTID,
      CUSTOMERID: d.CUSTOMERID,
      VENDORID: null,
      EMPLOYEEID: d.EMPLOYEEID,
      ITEMID: null,
      CLASSID: d.CLASSID,
      BILLABLE: false,
      BILLED: false,
      CURRENCY: header.CURRENCY,
      BASECURR: header.BASECURR,
      WHENCREATED: header.AUWHENCREATED,
      WHENMODIFIED: header.WHENMODIFIED,
      CREATEDBY: header.CREATEDBY,
      MODIFIEDBY: header.MODIFIEDBY,
    });
  });
}

export function addCardTransactions(ctx: DemoContext): void {
  addCreditCards(ctx);
  const rng = ctx.rng.fork('card-transactions');
  const lineRng = ctx.rng.fork('card-transaction-lines');
  const dims = new LineDimensions(ctx, ['expense']);
  const cards = cardsOf(ctx);
  for (let i = 0; i < ctx.plan.counts.cardTransactions; i++) {
    const entity = ctx.pickEntity(rng);
    const day = documentDay(rng);
    const state = i < CC_STATES.length ? CC_STATES[i]![0] : rng.weighted(CC_STATES);
    const base = ctx.currencyOf(entity);
    const a = settle(
      [rng.amountCents(500, 300_000)],
      1_000_000,
      state === 'Paid' || state === 'Reversed' ? 'paid' : state === 'Partially Paid' ? 'partial' : 'open',
      rng,
    );
    const paidDay = state === 'Paid' ? laterDay(rng, day, 10, 40) : null;
    const cleared =
      state === 'Draft'
        ? 'Uncleared'
        : rng.weighted([
            ['Cleared', 5],
            ['Matched', 2],
            ['Uncleared', 3],
          ]);
    const merchant = rng.pick(MERCHANTS);
    const header = ctx.add('CCTRANSACTION', {
      RECORDNO: ctx.nextKey('CCTRANSACTION', 1001),
      [ENTITY]: entity,
      RECORDID: `CC-${rng.int(100000, 999999)}`,
      FINANCIALENTITY: rng.pick(cards[(entity ?? '') as keyof typeof cards] ?? ['AMEX-1001']),
      WHENCREATED: isoDate(day),
      WHENPAID: paidDay === null ? null : isoDate(paidDay),
      DESCRIPTION: rng.pick([
        'Travel',
        'Software',
        'Office supplies',
        'Client meal',
        'Shipping',
        'Conference fee',
        'Hardware',
      ]),
      DESCRIPTION2: merchant,
      TOTALENTERED: money(a.base),
      TRX_TOTALENTERED: money(a.trx),
      TOTALPAID: money(a.basePaid),
      TRX_TOTALPAID: money(a.trxPaid),
      TOTALDUE: money(a.base - a.basePaid),
      TRX_TOTALDUE: money(a.trx - a.trxPaid),
      TOTALSELECTED: money(0),
      STATE: state,
      CLEARED: cleared,
      CLRDATE: cleared === 'Uncleared' ? null : isoDate(laterDay(rng, day, 2, 20)),
      CURRENCY: base,
      BASECURR: base,
      ...ctx.transactionAudit(rng, day, paidDay ?? laterDay(rng, day, 0, 5)),
    });
    addCardLines(ctx, lineRng, dims, header);
  }
}

/**
 * The checking accounts behind the demo's payments: one CHECKINGACCOUNT per bank account that bills' and invoices'
 * payments name as FINANCIALENTITY (documents.ts bankAccountOf), on the GL cash account of the same number, in its
 * entity's location. No PRNG draw, so no other object's rows change.
 */
export function addCheckingAccounts(ctx: DemoContext): void {
  const accounts: readonly (readonly [string, string, string, string | null])[] = ctx.multiEntity
    ? [
        [bankAccountOf('US', true), '1000', 'Bank of America', 'US'],
        [bankAccountOf('UK', true), '1050', 'Barclays Bank', 'UK'],
        [bankAccountOf('PRIV', true), '1060', 'UBS Switzerland', 'PRIV'],
      ]
    : [[bankAccountOf(null, false), '1200', 'Lloyds Bank', null]];
  accounts.forEach(([id, gl, bank, location], i) => {
    ctx.add('CHECKINGACCOUNT', {
      RECORDNO: i + 1,
      BANKACCOUNTID: id,
      DESCRIPTION: `${bank} operating account`,
      BANKACCOUNTNO: `****${String(4821 + 1117 * i).slice(-4)}`,
      GLACCOUNTNO: gl,
      BANKNAME: bank,
      ROUTINGNO: String(121000358 + 1000 * i),
      BANKACCOUNTTYPE: 'checking',
      LOCATIONID: location,
      STATUS: 'active',
      COMPANYNAME: ctx.plan.name,
    });
  });
}

/** Rule 21, 28 and 27 mapped (keys 1–3) into rule set 2, as the REST seed's bank-txn-rule-map example returns them. */
const SEED_RULES = new Map([
  [21, 'Match by amount and doc number'],
  [28, 'Match amount plus day range'],
  [27, 'BOA Create CC txn from bank txn'],
]);
const RULE_NAMES = [
  'Match by amount and date',
  'Match by check number',
  'Match by reference',
  'Match deposits by amount',
  'Create bank fee entry',
  'Create interest income entry',
  'Match card payments',
  'Match payroll transfers',
  'Create merchant fee entry',
  'Match wire transfers',
];

export function addBankRules(ctx: DemoContext): void {
  const rng = ctx.rng.fork('bank-rules');
  for (let key = 1; key <= ctx.plan.counts.bankRules; key++) {
    const name =
      (ctx.plan.seedExamples ? SEED_RULES.get(key) : undefined) ??
      `${RULE_NAMES[key % RULE_NAMES.length]} ${Math.ceil(key / RULE_NAMES.length)}`;
    ctx.add('BANKTXNRULE', {
      RECORDNO: key,
      RULEID: String(key),
      NAME: name,
      DESCRIPTION: rng.chance(0.5) ? `${name} for imported bank transactions` : null,
      RULETYPE: /Create/.test(name) ? 'create' : 'match',
      LOCATIONID: ctx.multiEntity && rng.chance(0.3) ? rng.pick(ctx.plan.entities).id : null,
      STATUS: key % 11 === 10 ? 'inactive' : 'active',
      ...ctx.audit(rng, dayOf('2024-01-15') + rng.int(0, 400)),
    });
  }
  const sets: [string, string][] = ctx.multiEntity
    ? [
        ['Operating account', 'Checking account'],
        ['Main checking rules', 'Checking account'],
        ['Corporate cards', 'Credit card'],
        ['Savings', 'Savings account'],
        ['UK accounts', 'Checking account'],
      ]
    : [
        ['Current account', 'Checking account'],
        ['Company cards', 'Credit card'],
        ['Deposit account', 'Savings account'],
      ];
  const rules = ctx.rows('BANKTXNRULE');
  sets.forEach(([name, type], i) => {
    const setKey = i + 1;
    ctx.add('BANKTXNRULESET', {
      RECORDNO: setKey,
      RULESETID: String(setKey),
      NAME: name,
      DESCRIPTION: `${name} matching rules`,
      ACCOUNTTYPE: type,
      STATUS: i === sets.length - 1 ? 'inactive' : 'active',
      ...ctx.audit(rng, dayOf('2024-02-01') + rng.int(0, 300)),
    });
    const members =
      setKey === 2 && ctx.plan.seedExamples
        ? [...SEED_RULES.keys()].map((k) => rules[k - 1]!)
        : rng.shuffle(rules.filter((r) => r.STATUS === 'active')).slice(0, rng.int(3, 6));
    members.forEach((rule, order) => {
      ctx.add('BANKTXNRULEMAP', {
        RECORDNO: ctx.nextKey('BANKTXNRULEMAP'),
        RULEKEY: rule.RECORDNO,
        RULESETKEY: setKey,
        RULEORDER: order + 1,
        ...ctx.audit(rng, dayOf('2024-03-01') + rng.int(0, 300)),
      });
    });
  });
}

const PAYERS = ['City Council', 'Office sublet tenant', 'Insurance refund', 'Conference sponsor', 'Vending partner'];

/**
 * Other receipts and a deposit on each demo checking account, in the account's entity: one receipt recorded straight
 * into the account (deposited), two into undeposited funds and deposited together by the account's deposit, one still
 * undeposited; lines on Other Income. A PRNG fork of its own, so no other object's rows change.
 */
export function addOtherReceipts(ctx: DemoContext): void {
  const rng = ctx.rng.fork('other-receipts');
  const undeposited = ctx.multiEntity ? '1400' : '1210';
  for (const account of ctx.rows('CHECKINGACCOUNT')) {
    const entity = (account.LOCATIONID as string | null) ?? null;
    const bank = account.BANKACCOUNTID as string;
    const currency = ctx.currencyOf(entity);
    const depositDay = dayOf('2025-10-15') + rng.int(0, 20);
    const receipts = [0, 1, 2, 3].map((i) => {
      const day = depositDay - rng.int(3, 12);
      const cents = rng.amountCents(2_000, 250_000);
      const header = ctx.add('OTHERRECEIPTS', {
        RECORDNO: ctx.nextKey('OTHERRECEIPTS'),
        [ENTITY]: entity,
        RECORDTYPE: 'cr',
        PAYER: rng.pick(PAYERS),
        TXNDATE: isoDate(day),
        WHENPAID: isoDate(day + 1),
        PAYMENTMETHOD: rng.pick(['Printed Check', 'Cash', 'EFT']),
        RECORDID: `OR-${rng.int(10000, 99999)}`,
        DESCRIPTION: rng.pick(['Sublease rent', 'Insurance claim', 'Sponsorship', 'Vending commission']),
        FINANCIALENTITY: i === 0 ? bank : null,
        UNDEPOSITEDGLACCOUNTID: i === 0 ? null : undeposited,
        DEPOSITDATE: i === 3 ? null : isoDate(i === 0 ? day + 1 : depositDay),
        STATE: i === 3 ? 'approved' : 'deposited',
        TOTALENTERED: money(cents),
        TRX_TOTALENTERED: money(cents),
        CLEARED: 'Uncleared',
        CURRENCY: currency,
        BASECURR: currency,
        ...ctx.audit(rng, day, 10),
      });
      ctx.add('OTHERRECEIPTSENTRY', {
        RECORDNO: ctx.nextKey('OTHERRECEIPTSENTRY'),
        [ENTITY]: entity,
        RECORDKEY: header.RECORDNO,
        LINE_NO: 1,
        ACCOUNTNO: '4900',
        DESCRIPTION: header.DESCRIPTION,
        AMOUNT: money(cents),
        TRX_AMOUNT: money(cents),
        TRX_TOTALENTERED: money(cents),
        CURRENCY: currency,
        BASECURR: currency,
        WHENCREATED: header.WHENCREATED,
        WHENMODIFIED: header.WHENMODIFIED,
      });
      return { header, cents };
    });
    const deposited = receipts.slice(1, 3);
    const total = deposited.reduce((t, r) => t + r.cents, 0);
    const deposit = ctx.add('DEPOSIT', {
      RECORDNO: ctx.nextKey('DEPOSIT'),
      [ENTITY]: entity,
      FINANCIALENTITY: bank,
      TXNDATE: isoDate(depositDay),
      WHENPOSTED: isoDate(depositDay),
      DEPOSITID: `Deposit slip ${isoDate(depositDay)}`,
      DESCRIPTION: `Deposit into ${bank}`,
      TOTALENTERED: money(total),
      TRX_TOTALENTERED: money(total),
      CLEARED: 'Uncleared',
      CURRENCY: currency,
      BASECURR: currency,
      ...ctx.audit(rng, depositDay, 5),
    });
    for (const r of deposited) {
      r.header.PARENTDEPOSITKEY = deposit.RECORDNO;
      r.header.PARENTDEPOSITID = String(deposit.RECORDNO);
      ctx.add('DEPOSITENTRY', {
        RECORDNO: ctx.nextKey('DEPOSITENTRY'),
        [ENTITY]: entity,
        RECORDKEY: deposit.RECORDNO,
        ACCOUNTNO: undeposited,
        AMOUNT: money(r.cents),
        TRX_AMOUNT: money(r.cents),
        CURRENCY: currency,
        BASECURR: currency,
        WHENCREATED: deposit.WHENCREATED,
        WHENMODIFIED: deposit.WHENMODIFIED,
      });
    }
  }
}
