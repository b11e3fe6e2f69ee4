// What AP bills and AR invoices share: dates, states and their settlement, line dimensions, and bank accounts.

import { ANCHOR_FIRST, ANCHOR_LAST, dayOf } from './calendar.ts';
import { accountsFor, type AccountRole } from './chart-of-accounts.ts';
import type { DemoContext } from './demo-context.ts';
import type { Settlement } from './amounts.ts';
import type { Random } from './random.ts';
import type { DemoRecord } from './record-writer.ts';

export const FIRST_DAY = dayOf(ANCHOR_FIRST);
export const LAST_DAY = dayOf(ANCHOR_LAST);
/** Documents after this day are "recent": more of them are still open or in approval. */
const RECENT_DAY = dayOf('2025-07-01');
export const HISTORY_FIRST = dayOf('2020-01-01');

/** A document date: mostly within the anchor years, some in 2020–2022 for the seed examples' older filters. */
export function documentDay(rng: Random): number {
  return rng.chance(0.1) ? rng.int(HISTORY_FIRST, FIRST_DAY - 1) : rng.int(FIRST_DAY, LAST_DAY);
}

/** A later event (payment, modification) between `from` + min and `from` + max days, never past the anchor. */
export function laterDay(rng: Random, from: number, min: number, max: number): number {
  return Math.max(from, Math.min(from + rng.int(min, max), LAST_DAY));
}

/** Reversed documents and their reversals settle each other in full; Paid ones are paid; the rest owe everything. */
export function settlementOf(state: string): Settlement {
  switch (state) {
    case 'Paid':
    case 'Reversed':
    case 'Reversal':
      return 'paid';
    case 'Partially Paid':
      return 'partial';
    case 'Selected':
      return 'selected';
    default:
      return 'open';
  }
}

export interface DocumentPlan {
  day: number;
  state: string;
  /** Seed-example party (vendor or customer id) this document must belong to. */
  party: string | null;
}

/**
 * Dates and states of `count` documents in date order, so record numbers grow
 * with the document date as Intacct's do. Every state in `cover` is forced
 * onto two documents, whatever the weights drew.
 */
export function planDocuments(
  rng: Random,
  count: number,
  old: readonly (readonly [string, number])[],
  recent: readonly (readonly [string, number])[],
  cover: readonly string[],
  extra: readonly DocumentPlan[] = [],
): DocumentPlan[] {
  const plans: DocumentPlan[] = [];
  for (let i = 0; i < count - extra.length; i++) {
    const day = documentDay(rng);
    plans.push({ day, state: rng.weighted(day >= RECENT_DAY ? recent : old), party: null });
  }
  // Distinct documents, so a later forced state never overwrites an earlier one.
  const forced = rng.shuffle(plans).slice(0, cover.length * 2);
  cover.forEach((state, i) => {
    forced[2 * i]!.state = state;
    forced[2 * i + 1]!.state = state;
  });
  plans.push(...extra.map((e) => ({ ...e })));
  // Stable for equal days: ties keep generation order, so the result never depends on the sort algorithm.
  return plans
    .map((p, i) => ({ p, i }))
    .sort((a, b) => a.p.day - b.p.day || a.i - b.i)
    .map((x) => x.p);
}

/** Picks documents' line dimensions among rows the document's entity can see. */
export class LineDimensions {
  private readonly cache = new Map<string, Record<string, DemoRecord[]>>();

  constructor(
    private readonly ctx: DemoContext,
    private readonly roles: readonly AccountRole[],
  ) {}

  pools(entity: string | null): Record<string, DemoRecord[]> {
    const key = String(entity);
    let pools = this.cache.get(key);
    if (!pools) {
      const numbers = new Set(this.roles.flatMap((r) => accountsFor(this.ctx, r)));
      const active = (rows: DemoRecord[]) => rows.filter((r) => r.STATUS !== 'inactive');
      pools = {
        accounts: this.ctx.visible('GLACCOUNT', entity).filter((a) => numbers.has(a.ACCOUNTNO as string)),
        departments: active(this.ctx.rows('DEPARTMENT')),
        locations: active(this.ctx.visible('LOCATION', entity)),
        projects: active(this.ctx.visible('PROJECT', entity)),
        customers: active(this.ctx.visible('CUSTOMER', entity)),
        employees: active(this.ctx.visible('EMPLOYEE', entity)),
        items: active(this.ctx.visible('ITEM', entity)),
        classes: active(this.ctx.visible('CLASS', entity)),
      };
      this.cache.set(key, pools);
    }
    return pools;
  }

  /** Account and dimension fields of one line; `share` gives each optional dimension's chance of being set. */
  pick(
    rng: Random,
    entity: string | null,
    share: { project: number; customer: number; employee: number; item: number },
  ): DemoRecord {
    const p = this.pools(entity);
    const maybe = (rows: DemoRecord[], chance: number) =>
      rows.length > 0 && rng.chance(chance) ? rng.pick(rows) : null;
    const account = rng.pick(p.accounts!);
    const department = maybe(p.departments!, 0.85);
    const location = maybe(p.locations!, 0.7);
    return {
      ACCOUNTNO: account.ACCOUNTNO,
      ACCOUNTTITLE: account.TITLE,
      DEPARTMENTID: department?.DEPARTMENTID ?? null,
      DEPARTMENTNAME: department?.TITLE ?? null,
      LOCATIONID: location?.LOCATIONID ?? null,
      LOCATIONNAME: location?.NAME ?? null,
      PROJECTID: maybe(p.projects!, share.project)?.PROJECTID ?? null,
      CUSTOMERID: maybe(p.customers!, share.customer)?.CUSTOMERID ?? null,
      EMPLOYEEID: maybe(p.employees!, share.employee)?.EMPLOYEEID ?? null,
      ITEMID: maybe(p.items!, share.item)?.ITEMID ?? null,
      CLASSID: maybe(p.classes!, 0.3)?.CLASSID ?? null,
    };
  }
}

/** The bank account (FINANCIALENTITY) an entity pays from and deposits to. */
export function bankAccountOf(entity: string | null, multiEntity: boolean): string {
  if (!multiEntity) return 'LLOYDS-CUR-1200';
  return entity === 'UK' ? 'BARCLAYS-GBP-1050' : entity === 'PRIV' ? 'UBS-EUR-1060' : 'BOA-CHK-1000';
}

/** The LOCATION record number of an entity (BASELOCATION on lines), or null at the top level. */
export function baseLocationOf(ctx: DemoContext, entity: string | null): number | null {
  if (entity === null) return null;
  return (ctx.rows('LOCATION').find((l) => l.LOCATIONID === entity)?.RECORDNO as number | undefined) ?? null;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Integer PRBATCHKEY and PRBATCH name of the monthly summary a document posts into. */
export function summaryOf(prefix: string, day: number, keyBase: number): { key: number; name: string } {
  const date = new Date(day * 86_400_000);
  const month = date.getUTCFullYear() * 12 + date.getUTCMonth();
  // Spelled by hand: toLocaleDateString would depend on the ICU data Node was built with.
  const label = `${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
  return { key: keyBase + month - 2021 * 12, name: `${prefix} (${label})` };
}
