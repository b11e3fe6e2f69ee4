// Seeds the demo companies: deterministic data for every catalog object, small by default, a million more bills when
// large.

import type { Catalog } from '../catalog/catalog.ts';
import { silentProgress, type Progress } from '../progress.ts';
import type { Database } from '../store/database.ts';
import type { TableSpec } from '../store/table-spec.ts';
import { addAdjustments } from './adjustments.ts';
import { addActivityLog, addJobs } from './audit-and-queue.ts';
import { addAttachments, writeAttachmentFiles } from './attachments.ts';
import { addBankRules, addCardTransactions, addCheckingAccounts, addOtherReceipts } from './cash-management.ts';
import { addChartOfAccounts } from './chart-of-accounts.ts';
import { DEMO_PLANS, recreateDemoCompanies } from './company-setup.ts';
import { addAttendees, addDepreciationSchedules } from './custom-objects.ts';
import { DemoContext } from './demo-context.ts';
import { addDocumentSequences, bindDocumentSequences } from './document-sequences.ts';
import { addExpenseReports } from './expense-reports.ts';
import { addTimesheets } from './timesheets.ts';
import { addGenericRows } from './generic-rows.ts';
import { LARGE_COUNTS, seedLarge, type LargeCounts } from './large.ts';
import { addJournalEntries } from './ledger.ts';
import { addSalesDocuments } from './order-entry.ts';
import { addDepartmentsAndClasses, addEmployees, addLocations, addUsers } from './organization.ts';
import {
  addInventoryDocuments,
  addPurchaseDocuments,
  addTransactionDefinitions,
  addWarehouses,
} from './purchasing-and-inventory.ts';
import { addCustomers, addProviderVendors, addVendors } from './parties.ts';
import { addBills } from './payables.ts';
import { addItems, addProjects } from './projects-and-items.ts';
import { addInvoices } from './receivables.ts';
import { writeApplications } from './payment-records.ts';
import { writeRecords, type RowCounts } from './record-writer.ts';
import { addSummaries } from './summaries.ts';
import { addTerms } from './terms.ts';

export { DEMO_CREDENTIALS } from './company-setup.ts';
export { LARGE_COUNTS, type LargeCounts } from './large.ts';

export type DemoSize = 'small' | 'large';

export interface SeedOptions {
  readonly size: DemoSize;
  readonly seed: number;
  readonly progress?: Progress;
  /** How much `large` adds to company demo (default LARGE_COUNTS: 10,000 vendors, 1,000,000 bills); tests shrink it. */
  readonly large?: LargeCounts;
}

export interface SeedSummary {
  readonly companies: readonly string[];
  /** Rows written per object (XML name), both companies together. */
  readonly rows: Readonly<Record<string, number>>;
  readonly millis: number;
}

/** Builds one company's records in memory; order matters, since later objects point at earlier ones. */
function generateCompany(ctx: DemoContext, catalog: Catalog): void {
  addUsers(ctx);
  addLocations(ctx);
  addDepartmentsAndClasses(ctx);
  addChartOfAccounts(ctx);
  addTerms(ctx);
  addEmployees(ctx);
  addItems(ctx);
  addVendors(ctx);
  addCustomers(ctx);
  addProviderVendors(ctx);
  addProjects(ctx);
  addBills(ctx);
  addInvoices(ctx);
  addSummaries(ctx);
  addAdjustments(ctx);
  addTransactionDefinitions(ctx);
  addWarehouses(ctx);
  addSalesDocuments(ctx, catalog);
  addPurchaseDocuments(ctx, catalog);
  addInventoryDocuments(ctx, catalog);
  addJournalEntries(ctx);
  addCheckingAccounts(ctx);
  addCardTransactions(ctx);
  addOtherReceipts(ctx);
  addExpenseReports(ctx);
  addTimesheets(ctx);
  addBankRules(ctx);
  addAttendees(ctx);
  addDepreciationSchedules(ctx);
  addActivityLog(ctx);
  addJobs(ctx);
  // After every generator that sets SUPDOCID: each one names an attachment.
  addAttachments(ctx);
  addDocumentSequences(ctx, catalog);
  addGenericRows(ctx, catalog);
}

async function writeCompany(
  db: Database,
  catalog: Catalog,
  ctx: DemoContext,
  counts: RowCounts,
  progress: Progress,
): Promise<void> {
  const objects = ctx.objects();
  progress.begin(
    `${ctx.plan.companyId}: writing`,
    objects.reduce((n, o) => n + ctx.rows(o).length, 0),
  );
  for (const xmlName of objects)
    await writeRecords(db, catalog, ctx.scope, xmlName, ctx.rows(xmlName), counts, progress);
  await writeApplications(db, ctx.scope.key, ctx.applications);
  await writeAttachmentFiles(db, ctx);
  // Auto-numbering on for vendors and customers, continuing after the seeded IDs (the demo contract).
  await bindDocumentSequences(db, catalog, ctx);
  progress.end();
}

/**
 * Writes one demo company's generated records into its existing, emptied
 * tables (company key `companyKey`): what `ledgerq admin reset` restores. The PRNG
 * streams are per company, so this gives the rows `seedDemo` with the same
 * seed gave that company. Tenancy rows (entities, users) are the caller's.
 */
export async function writeDemoCompanyRecords(
  db: Database,
  catalog: Catalog,
  companyId: string,
  companyKey: number,
  seed: number,
): Promise<void> {
  const plan = DEMO_PLANS.find((p) => p.companyId === companyId);
  if (!plan) throw new Error(`${companyId} is not a demo company`);
  const ctx = new DemoContext(plan, seed, {
    key: companyKey,
    entityNames: new Map(plan.entities.map((e) => [e.id, e.name])),
  });
  generateCompany(ctx, catalog);
  await writeCompany(db, catalog, ctx, new Map(), silentProgress);
}

/**
 * Replaces the demo companies with freshly generated data, in a database already at the current schema
 * (app/seed.ts's seedDemo migrates first). The same seed gives
 * the same rows on SQLite and PostgreSQL on any day: every value comes from a
 * seeded PRNG and a fixed calendar, never from the clock. The small data is
 * replaced in one transaction, so a server reading meanwhile sees the old
 * demo or the new one, never half of each; the large extra data is loaded
 * after that commits, in chunks.
 */
/** `schema`: every table of the database (app/schema.ts), so that the old demo companies leave no row behind. */
export async function writeDemoData(
  db: Database,
  catalog: Catalog,
  schema: readonly TableSpec[],
  options: SeedOptions,
): Promise<SeedSummary> {
  const started = performance.now();
  const progress = options.progress ?? silentProgress;
  const counts: RowCounts = new Map();
  const contexts = await db.transaction(async (tx) => {
    const companies = await recreateDemoCompanies(tx, catalog, schema);
    const built: DemoContext[] = [];
    for (const [i, plan] of DEMO_PLANS.entries()) {
      const scope = { key: companies[i]!.key, entityNames: new Map(plan.entities.map((e) => [e.id, e.name])) };
      const ctx = new DemoContext(plan, options.seed, scope);
      generateCompany(ctx, catalog);
      await writeCompany(tx, catalog, ctx, counts, progress);
      built.push(ctx);
    }
    return built;
  });
  const demo = contexts.find((c) => c.plan.companyId === 'demo')!;
  if (options.size === 'large') await seedLarge(db, catalog, demo, options.large ?? LARGE_COUNTS, counts, progress);
  // Fresh statistics: without them PostgreSQL sorts a million bills for every page of a walk (measured 231 s vs 73 s).
  await db.execScript('ANALYZE');
  const rows = Object.fromEntries([...counts.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
  return { companies: DEMO_PLANS.map((p) => p.companyId), rows, millis: Math.round(performance.now() - started) };
}
