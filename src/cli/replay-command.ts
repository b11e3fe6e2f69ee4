// `ledgerq replay FILE --url URL`: sends an exported journal to another server and reports, per request, whether it
// answered the same.

import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { LedgerqError } from '../errors.ts';
import type { JournalEntry } from '../emulator/journal-store.ts';
import { demoCredentials, replayJournal, type ReplayCredentials } from './replay-journal.ts';

function readEntries(file: string): JournalEntry[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new LedgerqError('config.invalid', `cannot read ${file}: ${(e as Error).message}`);
  }
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l, i) => {
      try {
        return JSON.parse(l) as JournalEntry;
      } catch {
        throw new LedgerqError('config.invalid', `${file}:${i + 1} is not a JSON journal entry`);
      }
    });
}

function readCredentials(file: string | undefined): ReplayCredentials {
  const demo = demoCredentials();
  if (!file) return demo;
  const given = JSON.parse(readFileSync(file, 'utf8')) as Partial<ReplayCredentials>;
  return {
    senders: { ...demo.senders, ...given.senders },
    users: { ...demo.users, ...given.users },
    clients: { ...demo.clients, ...given.clients },
  };
}

export function addReplayCommand(program: Command): void {
  program
    .command('replay')
    .description(
      'replay an exported journal (ledgerq admin journal --export) against a server; exit code 1 if any response differs',
    )
    .argument('<file>', 'journal export, one JSON entry per line')
    .requiredOption('--url <url>', 'server to replay against, e.g. http://127.0.0.1:7071')
    .option(
      '--credentials <file>',
      'JSON {"senders":{id:pw},"users":{"company/user":pw},"clients":{id:secret}} for redacted passwords (default: the demo logins)',
    )
    .option('--quiet', 'print only the summary and the differences')
    .action(async (file: string, o: { url: string; credentials?: string; quiet?: boolean }) => {
      const summary = await replayJournal(readEntries(file), o.url, readCredentials(o.credentials));
      for (const r of summary.outcomes) {
        if (o.quiet && r.verdict === 'same') continue;
        console.log(
          `#${r.id} ${r.method} ${r.url} ${r.operation ?? ''}: ${r.verdict}${r.detail ? ` (${r.detail})` : ''}`,
        );
      }
      console.log(
        `${summary.outcomes.length} requests: ${summary.same} same, ${summary.different} different, ${summary.notSent} not sent`,
      );
      if (summary.different > 0 || summary.notSent > 0) process.exitCode = 1;
    });
}
