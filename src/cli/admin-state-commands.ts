// `ledgerq admin meter | journal | snapshot … | reset`: the emulator's state controls, through a running server's admin
// API.

import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { AdminCommands } from './admin-client.ts';
import type { MeterReading } from '../emulator/meter-store.ts';
import type { JournalEntry } from '../emulator/journal-store.ts';
import type { SnapshotInfo, SnapshotTiming } from '../emulator/snapshot-company.ts';
import type { ResetResult } from '../app/reset-company.ts';

const enc = encodeURIComponent;

function printMeter(m: MeterReading): void {
  console.log(`company ${m.company}, ${m.month}: ${m.transactions} API transactions`);
  for (const [op, n] of Object.entries(m.byOperation)) console.log(`  ${op.padEnd(24)} ${n}`);
  console.log(
    `projected for the month: ${m.projected} (${(m.elapsedFraction * 100).toFixed(1)}% of the month elapsed), tier-1 allowance ${m.allowance}`,
  );
  console.log(`projected overage: ${m.projectedOverage}`);
}

export const addStateCommands: AdminCommands = (admin: Command, client) => {
  admin
    .command('meter')
    .description('API transactions this month (as Intacct counts them) and the projected overage at tier 1')
    .requiredOption('--company <id>', 'company id, e.g. demo')
    .option('--month <YYYY-MM>', 'another month')
    .option('--json', 'print the reading as JSON')
    .action(async (o: { company: string; month?: string; json?: boolean }) => {
      const m = await client().request<MeterReading>(
        'GET',
        `/meter?company=${enc(o.company)}${o.month ? `&month=${enc(o.month)}` : ''}`,
      );
      if (o.json) console.log(JSON.stringify(m, null, 2));
      else printMeter(m);
    });

  admin
    .command('journal')
    .description(
      'the last requests and responses of a company; --export writes them as JSON lines for `ledgerq replay`',
    )
    .requiredOption('--company <id>', 'company id, e.g. demo')
    .option('--limit <n>', 'newest entries to read', '1000')
    .option('--export <file>', 'write the entries to FILE, one JSON object per line')
    .action(async (o: { company: string; limit: string; export?: string }) => {
      const { entries } = await client().request<{ entries: JournalEntry[] }>(
        'GET',
        `/journal?company=${enc(o.company)}&limit=${enc(o.limit)}`,
      );
      if (o.export) {
        writeFileSync(o.export, entries.map((e) => JSON.stringify(e)).join('\n') + (entries.length ? '\n' : ''));
        console.log(`${entries.length} entries written to ${o.export}`);
        return;
      }
      for (const e of entries) {
        console.log(
          `${e.at}  #${e.id}  ${e.method} ${e.url}  ${e.operation ?? ''}  → ${e.response.status}  ${e.durationMs} ms${e.fault ? `  fault ${e.fault.id}: ${e.fault.description}` : ''}`,
        );
      }
    });

  const snapshot = admin
    .command('snapshot')
    .description("snapshots of one company's data and queue, kept in the database");
  snapshot
    .command('create')
    .requiredOption('--company <id>', 'company id')
    .requiredOption('--name <name>', 'snapshot name')
    .action(async (o: { company: string; name: string }) => {
      const s = await client().request<SnapshotInfo & SnapshotTiming>(
        'POST',
        `/companies/${enc(o.company)}/snapshots`,
        { name: o.name },
      );
      console.log(`snapshot ${s.name} of ${s.company}: ${s.rows} rows in ${s.millis} ms`);
    });
  snapshot
    .command('restore')
    .requiredOption('--company <id>', 'company id')
    .requiredOption('--name <name>', 'snapshot name')
    .action(async (o: { company: string; name: string }) => {
      const s = await client().request<SnapshotInfo & SnapshotTiming>(
        'POST',
        `/companies/${enc(o.company)}/snapshots/${enc(o.name)}/restore`,
        {},
      );
      console.log(`${s.company} restored to snapshot ${s.name} (${s.createdAt}): ${s.rows} rows in ${s.millis} ms`);
    });
  snapshot
    .command('list')
    .requiredOption('--company <id>', 'company id')
    .action(async (o: { company: string }) => {
      const { snapshots } = await client().request<{ snapshots: SnapshotInfo[] }>(
        'GET',
        `/companies/${enc(o.company)}/snapshots`,
      );
      if (snapshots.length === 0) console.log(`${o.company} has no snapshots`);
      for (const s of snapshots) console.log(`${s.name.padEnd(24)} ${s.createdAt}  ${s.rows} rows`);
    });
  snapshot
    .command('delete')
    .requiredOption('--company <id>', 'company id')
    .requiredOption('--name <name>', 'snapshot name')
    .action(async (o: { company: string; name: string }) => {
      await client().request('DELETE', `/companies/${enc(o.company)}/snapshots/${enc(o.name)}`);
      console.log(`snapshot ${o.name} of ${o.company} deleted`);
    });

  admin
    .command('reset')
    .description("restore a demo company's generated data (demo, demo2), other companies untouched")
    .requiredOption('--company <id>', 'company id')
    .option('--seed <n>', 'demo seed the company was generated with', '1')
    .action(async (o: { company: string; seed: string }) => {
      const r = await client().request<ResetResult>('POST', `/companies/${enc(o.company)}/reset`, {
        seed: Number(o.seed),
      });
      console.log(`${r.company} reset to the demo data (seed ${r.seed}) in ${r.millis} ms`);
    });
};
