// AP and AR adjustments: a few credit and debit memos per company on demo vendors and customers, each in its party's
// entity, with one or two lines adding up to its totals; the open ones move the party's TOTALDUE as the write path
// does (src/writes/party-due.ts: a positive amount raises what is owed, a negative one lowers it).

import { OPEN_STATES } from '../catalog/document-states.ts';
import { dayOf, isoDate } from './calendar.ts';
import type { DemoContext } from './demo-context.ts';
import { LAST_DAY, laterDay, LineDimensions } from './documents.ts';
import { ENTITY, money, type DemoRecord } from './record-writer.ts';

/** One side of the ledger: its documents, its party and the party's ID field. */
interface Side {
  readonly header: 'APADJUSTMENT' | 'ARADJUSTMENT';
  readonly line: 'APADJUSTMENTITEM' | 'ARADJUSTMENTITEM';
  readonly party: 'VENDOR' | 'CUSTOMER';
  readonly partyId: 'VENDORID' | 'CUSTOMERID';
  readonly documents: 'APBILL' | 'ARINVOICE';
  readonly prefix: string;
}

const AP: Side = {
  header: 'APADJUSTMENT',
  line: 'APADJUSTMENTITEM',
  party: 'VENDOR',
  partyId: 'VENDORID',
  documents: 'APBILL',
  prefix: 'APADJ',
};
const AR: Side = {
  header: 'ARADJUSTMENT',
  line: 'ARADJUSTMENTITEM',
  party: 'CUSTOMER',
  partyId: 'CUSTOMERID',
  documents: 'ARINVOICE',
  prefix: 'ARADJ',
};

/** What each demo adjustment is: its sign (+1 raises the party's due), state and description. */
const KINDS: readonly { readonly sign: 1 | -1; readonly state: string; readonly ap: string; readonly ar: string }[] = [
  { sign: 1, state: 'Posted', ap: 'Credit memo: short payment', ar: 'Debit memo: freight not invoiced' },
  { sign: -1, state: 'Posted', ap: 'Debit memo: returned goods', ar: 'Credit memo: damaged goods' },
  { sign: -1, state: 'Draft', ap: 'Debit memo: price correction', ar: 'Credit memo: volume rebate' },
];

export function addAdjustments(ctx: DemoContext): void {
  for (const side of [AP, AR]) addSide(ctx, side);
}

function addSide(ctx: DemoContext, side: Side): void {
  const rng = ctx.rng.fork(`${side.header.toLowerCase()}s`);
  const dims = new LineDimensions(ctx, side === AP ? ['expense'] : ['revenue']);
  // Documents of parties the demo's own documents name, in their entity: the adjustment refers to one of them.
  const documents = ctx.rows(side.documents).filter((d) => OPEN_STATES.has(d.STATE as string) || d.STATE === 'Paid');
  const parties = new Map(ctx.rows(side.party).map((p) => [p[side.partyId] as string, p]));
  KINDS.forEach((kind, i) => {
    const doc = documents[Math.floor(((i + 1) * documents.length) / (KINDS.length + 1))];
    if (!doc) return;
    const party = parties.get(doc[side.partyId] as string)!;
    const entity = ((party[ENTITY] ?? doc[ENTITY] ?? null) as string | null) ?? null;
    const day = Math.min(laterDay(rng, dayOf(String(doc.WHENCREATED)), 5, 40), LAST_DAY);
    const count = rng.chance(0.5) ? 2 : 1;
    const cents = Array.from({ length: count }, () => kind.sign * rng.amountCents(2_500, 150_000));
    const total = cents.reduce((a, b) => a + b, 0);
    const open = OPEN_STATES.has(kind.state);
    const base = ctx.currencyOf(entity);
    const header = ctx.add(side.header, {
      RECORDNO: ctx.nextKey(side.header),
      [ENTITY]: entity,
      RECORDID: `${side.prefix}-${String(i + 1).padStart(4, '0')}`,
      ...(side === AP ? { RECORDTYPE: 'apadjustment' } : {}),
      STATE: kind.state,
      [side.partyId]: party[side.partyId],
      [side === AP ? 'VENDORNAME' : 'CUSTOMERNAME']: party.NAME,
      WHENCREATED: isoDate(day),
      WHENPOSTED: open ? isoDate(day) : null,
      PRBATCHKEY: null,
      DOCNUMBER: doc.RECORDID,
      DESCRIPTION: side === AP ? kind.ap : kind.ar,
      TOTALENTERED: money(total),
      TOTALDUE: money(total),
      TOTALPAID: money(0),
      TOTALSELECTED: money(0),
      TRX_TOTALENTERED: money(total),
      TRX_TOTALDUE: money(total),
      TRX_TOTALPAID: money(0),
      TRX_TOTALSELECTED: money(0),
      WHENPAID: null,
      BASECURR: base,
      CURRENCY: base,
      ...(side === AP ? { INCLUSIVETAX: false } : {}),
      SUPDOCID: null,
      MODULEKEY: side === AP ? '3.AP' : '3.AR',
      ...ctx.transactionAudit(rng, day, laterDay(rng, day, 0, 5)),
    });
    cents.forEach((c, n) => {
      const d = dims.pick(rng, entity, NO_DIMENSIONS);
      ctx.add(side.line, { RECORDNO: ctx.nextKey(side.line), ...line(side, header, d, c, n, entity, base) });
    });
    if (open) party.TOTALDUE = money(Number(String(party.TOTALDUE).replace('.', '')) + total);
  });
}

const NO_DIMENSIONS = { project: 0, customer: 0, employee: 0, item: 0 };

function line(
  side: Side,
  header: DemoRecord,
  d: DemoRecord,
  cents: number,
  n: number,
  entity: string | null,
  base: string,
): DemoRecord {
  return {
    [ENTITY]: entity,
    RECORDKEY: header.RECORDNO,
    LINE_NO: n + 1,
    ACCOUNTNO: d.ACCOUNTNO,
    ACCOUNTLABEL: null,
    OFFSETGLACCOUNTNO: null,
    AMOUNT: money(cents),
    TRX_AMOUNT: money(cents),
    ENTRYDESCRIPTION: header.DESCRIPTION,
    DEPARTMENTID: d.DEPARTMENTID,
    LOCATIONID: d.LOCATIONID,
    PROJECTID: null,
    CUSTOMERID: side === AR ? header.CUSTOMERID : null,
    VENDORID: side === AP ? header.VENDORID : null,
    EMPLOYEEID: null,
    ITEMID: null,
    CLASSID: d.CLASSID,
    ...(side === AP
      ? {
          FORM1099: false,
          FORM1099TYPE: null,
          FORM1099BOX: null,
          TOTALPAID: money(0),
          TRX_TOTALPAID: money(0),
          TOTALSELECTED: money(0),
          TRX_TOTALSELECTED: money(0),
        }
      : {}),
    BASECURR: base,
    CURRENCY: base,
    WHENCREATED: header.AUWHENCREATED,
    WHENMODIFIED: header.WHENMODIFIED,
    CREATEDBY: header.CREATEDBY,
    MODIFIEDBY: header.MODIFIEDBY,
  };
}
