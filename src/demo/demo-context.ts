// What one demo company holds (its plan) and the shared state its generators build records into.

import type { DemoApplication } from './payment-records.ts';
import type { ServiceLevel } from '../auth/tenancy.ts';
import type { IdSequenceFormat } from '../writes/id-sequences.ts';
import { ANCHOR_LAST, dayOf, isoDateTime } from './calendar.ts';
import { AMERICAN, BRITISH, type NameStyle } from './names.ts';
import { Random } from './random.ts';
import { ENTITY, type CompanyScope, type DemoRecord } from './record-writer.ts';

export interface EntityPlan {
  readonly id: string;
  readonly name: string;
  readonly private: boolean;
  readonly currency: string;
  /** Share of this entity's transactions among all entities. */
  readonly weight: number;
}

export interface DemoCounts {
  readonly vendors: number;
  readonly customers: number;
  readonly employees: number;
  readonly items: number;
  readonly projects: number;
  readonly bills: number;
  readonly invoices: number;
  readonly salesDocuments: number;
  readonly purchaseDocuments: number;
  readonly inventoryDocuments: number;
  readonly cardTransactions: number;
  readonly journalEntries: number;
  readonly activityLogs: number;
  readonly jobs: number;
  readonly attendees: number;
  readonly providerVendors: number;
  readonly bankRules: number;
}

export interface CompanyPlan {
  /** Names the PRNG streams, so the two companies draw different data from one seed. */
  readonly tag: string;
  readonly companyId: string;
  readonly name: string;
  readonly serviceLevel: ServiceLevel;
  readonly entities: readonly EntityPlan[];
  /** Currency of top-level rows (and of every row in a single-entity company). */
  readonly currency: string;
  readonly style: NameStyle;
  readonly counts: DemoCounts;
  /** Seed-document examples ("Regal Services", 'Month Ended June 2021', …) are planted only in the first company. */
  readonly seedExamples: boolean;
  /**
   * ID auto-numbering (a contract, see README): the demo companies number vendors and customers, and their seeded IDs
   * are the first numbers of these sequences, so a create without VENDORID / CUSTOMERID continues after them.
   */
  readonly idSequences: { readonly VENDOR: IdSequenceFormat; readonly CUSTOMER: IdSequenceFormat };
}

export const DEMO_PLAN: CompanyPlan = {
  tag: 'demo',
  companyId: 'demo',
  name: 'ledgerq Demo Inc.',
  serviceLevel: 'premium',
  entities: [
    { id: 'US', name: 'US Operations', private: false, currency: 'USD', weight: 50 },
    { id: 'UK', name: 'UK Operations', private: false, currency: 'GBP', weight: 35 },
    { id: 'PRIV', name: 'Private Holdings', private: true, currency: 'EUR', weight: 15 },
  ],
  currency: 'USD',
  style: AMERICAN,
  counts: {
    vendors: 100,
    customers: 100,
    employees: 40,
    items: 60,
    projects: 25,
    bills: 2000,
    invoices: 2000,
    salesDocuments: 400,
    purchaseDocuments: 150,
    inventoryDocuments: 60,
    cardTransactions: 200,
    journalEntries: 700,
    activityLogs: 600,
    jobs: 300,
    attendees: 150,
    providerVendors: 20,
    bankRules: 30,
  },
  seedExamples: true,
  idSequences: { VENDOR: { prefix: 'V-', digits: 4, suffix: '' }, CUSTOMER: { prefix: 'C-', digits: 5, suffix: '' } },
};

export const DEMO2_PLAN: CompanyPlan = {
  tag: 'demo2',
  companyId: 'demo2',
  name: 'ledgerq Demo Two Ltd.',
  serviceLevel: 'standard',
  entities: [],
  currency: 'GBP',
  style: BRITISH,
  counts: {
    vendors: 40,
    customers: 40,
    employees: 15,
    items: 25,
    projects: 8,
    bills: 500,
    invoices: 500,
    salesDocuments: 100,
    purchaseDocuments: 40,
    inventoryDocuments: 15,
    cardTransactions: 60,
    journalEntries: 200,
    activityLogs: 150,
    jobs: 80,
    attendees: 40,
    providerVendors: 6,
    bankRules: 10,
  },
  seedExamples: false,
  idSequences: {
    VENDOR: { prefix: 'SUP', digits: 4, suffix: '' },
    CUSTOMER: { prefix: 'CUST', digits: 3, suffix: '' },
  },
};

/** No audit instant goes past the last day of the demo's years. */
const LAST_DAY = dayOf(ANCHOR_LAST);

/** Records of one company, by object, plus the choices every generator shares (entities, currencies, audit users). */
export class DemoContext {
  readonly rng: Random;
  private readonly tables = new Map<string, DemoRecord[]>();
  /** object → owner entity → rows it may point at; an object's entry is dropped when it gains a row. */
  private readonly visibleCache = new Map<string, Map<string | null, DemoRecord[]>>();
  private readonly keys = new Map<string, number>();
  private readonly cycles = new Map<string, number>();
  /** What the settled payments paid of which bill or invoice (written beside the records). */
  readonly applications: DemoApplication[] = [];
  /** USERINFO record numbers that create and modify rows (the first is admin). */
  auditUsers: readonly number[] = [1];

  constructor(
    readonly plan: CompanyPlan,
    seed: number,
    readonly scope: CompanyScope,
  ) {
    this.rng = new Random(`ledgerq-demo:${seed}:${plan.tag}`);
  }

  get multiEntity(): boolean {
    return this.plan.entities.length > 0;
  }

  add(xmlName: string, rec: DemoRecord): DemoRecord {
    let rows = this.tables.get(xmlName);
    if (!rows) this.tables.set(xmlName, (rows = []));
    rows.push(rec);
    this.visibleCache.delete(xmlName);
    return rec;
  }

  /** The next record number of an object: 1, 2, … unless `start` moves the first one. */
  nextKey(xmlName: string, start = 1): number {
    const k = this.keys.get(xmlName) ?? start;
    this.keys.set(xmlName, k + 1);
    return k;
  }

  /** `values` in turn, per `name`: spreads an enum over rows when later rows depend on the value chosen. */
  cycle<T>(name: string, values: readonly T[]): T {
    const i = this.cycles.get(name) ?? 0;
    this.cycles.set(name, i + 1);
    return values[i % values.length]!;
  }

  rows(xmlName: string): DemoRecord[] {
    return this.tables.get(xmlName) ?? [];
  }

  objects(): string[] {
    return [...this.tables.keys()];
  }

  /**
   * Rows a record owned by `entity` may point at: its own entity's and the top
   * level's. Keeping every reference inside what the owner's entity can see
   * means a dot-path never comes back empty because of entity scope.
   * `undefined` = the owner is not entity-scoped: anything goes.
   */
  visible(xmlName: string, entity: string | null | undefined): DemoRecord[] {
    if (entity === undefined || !this.multiEntity) return this.rows(xmlName);
    let byEntity = this.visibleCache.get(xmlName);
    if (!byEntity) this.visibleCache.set(xmlName, (byEntity = new Map()));
    let rows = byEntity.get(entity);
    if (!rows) {
      rows = this.rows(xmlName).filter((r) => (r[ENTITY] ?? null) === null || r[ENTITY] === entity);
      byEntity.set(entity, rows);
    }
    return rows;
  }

  /** A transaction's entity, weighted; null in a single-entity company. */
  pickEntity(rng: Random): string | null {
    if (!this.multiEntity) return null;
    return rng.weighted(this.plan.entities.map((e) => [e.id, e.weight] as const));
  }

  /** Master data: shared at the top level or owned by one entity. */
  pickMasterEntity(rng: Random, topLevelShare = 0.4): string | null {
    if (!this.multiEntity || rng.chance(topLevelShare)) return null;
    return this.pickEntity(rng);
  }

  currencyOf(entity: string | null): string {
    return this.plan.entities.find((e) => e.id === entity)?.currency ?? this.plan.currency;
  }

  /** Audit columns of master data: created on `day` in office hours, modified the same day or later. */
  audit(rng: Random, day: number, maxLaterDays = 200): DemoRecord {
    const created = isoDateTime(day, rng.int(8 * 3600, 18 * 3600));
    const later = Math.min(day + rng.int(1, maxLaterDays), LAST_DAY);
    const modified = rng.chance(0.6) || later <= day ? created : isoDateTime(later, rng.int(8 * 3600, 18 * 3600));
    return {
      WHENCREATED: created,
      WHENMODIFIED: modified,
      CREATEDBY: this.auditUsers[0]!,
      MODIFIEDBY: rng.pick(this.auditUsers),
    };
  }

  /** The same for transactions, whose WHENCREATED is the document date and AUWHENCREATED the audit instant. */
  transactionAudit(rng: Random, day: number, lastDay: number): DemoRecord {
    const created = isoDateTime(day, rng.int(8 * 3600, 18 * 3600));
    const modified = lastDay > day ? isoDateTime(lastDay, rng.int(8 * 3600, 18 * 3600)) : created;
    return {
      AUWHENCREATED: created,
      WHENMODIFIED: modified,
      CREATEDBY: rng.pick(this.auditUsers),
      MODIFIEDBY: rng.pick(this.auditUsers),
    };
  }
}
