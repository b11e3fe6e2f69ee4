// The transaction meter on /metrics: gauges in prom-client's default registry, read from the counters table at scrape
// time.

import client from 'prom-client';
import type { Database } from '../store/database.ts';
import { monthOf, projectMonth, TIER1_MONTHLY_ALLOWANCE } from './meter-rules.ts';
import { meterTotals } from './meter-store.ts';
import { flushMeter } from './meter-buffer.ts';

/** Databases of the apps in this process (tests run several); a scrape reads the first one still open. */
const sources = new Set<Database>();

async function readCurrentMonth(): Promise<{ company: string; transactions: number }[]> {
  const db = sources.values().next().value as Database | undefined;
  if (!db) return [];
  try {
    await flushMeter(db);
    return await meterTotals(db, monthOf(Date.now()));
  } catch {
    return [];
  }
}

function gauge(
  name: string,
  help: string,
  labelNames: readonly string[],
  fill: (g: client.Gauge) => Promise<void>,
): void {
  // Registered once per process: a second app reuses the same collectors.
  if (client.register.getSingleMetric(name)) return;
  new client.Gauge({
    name,
    help,
    labelNames,
    async collect() {
      this.reset();
      await fill(this);
    },
  });
}

/** Makes `db`'s meter visible on /metrics until the app closes. */
export function registerMeterMetrics(db: Database): () => void {
  sources.add(db);
  gauge(
    'ledgerq_api_transactions',
    'API transactions this calendar month (UTC), counted as Intacct bills them',
    ['company', 'month'],
    async (g) => {
      const month = monthOf(Date.now());
      for (const r of await readCurrentMonth()) g.set({ company: r.company, month }, r.transactions);
    },
  );
  gauge(
    'ledgerq_api_transactions_projected',
    "This month's API transactions projected to the month end at the pace so far",
    ['company'],
    async (g) => {
      const now = Date.now();
      for (const r of await readCurrentMonth())
        g.set({ company: r.company }, projectMonth(r.transactions, monthOf(now), now).projected);
    },
  );
  gauge(
    'ledgerq_api_transactions_projected_overage',
    'Projected API transactions over the tier-1 allowance this month',
    ['company'],
    async (g) => {
      const now = Date.now();
      for (const r of await readCurrentMonth())
        g.set({ company: r.company }, projectMonth(r.transactions, monthOf(now), now).projectedOverage);
    },
  );
  gauge(
    'ledgerq_api_transactions_allowance',
    'Monthly API transactions included at Intacct performance tier 1',
    [],
    async (g) => {
      g.set(TIER1_MONTHLY_ALLOWANCE);
    },
  );
  return () => {
    sources.delete(db);
  };
}
