// `ledgerq replay FILE --url URL`: sends an exported journal to another server and reports, per request, whether it
// answered the same.

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { LedgerqError } from '../errors.ts';
import type { JournalEntry } from '../emulator/journal-store.ts';
import { buildParityReport, parityFails, parityHtml, parityText } from './parity-report.ts';
import {
  demoCredentials,
  type ReplayCredentials,
  type ReplayIdentity,
  type ReplaySummary,
  replayJournal,
} from './replay-journal.ts';

/** A journal export or a recording: one JSON entry per line. */
export function readEntries(file: string): JournalEntry[] {
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

interface ReplayOptions {
  url: string;
  credentials?: string;
  quiet?: boolean;
  compare?: boolean;
  report?: string;
  company?: string;
  user?: string;
  password?: string;
  sender?: string;
  senderPassword?: string;
  clientId?: string;
  clientSecret?: string;
}

function readCredentials(o: ReplayOptions): ReplayCredentials {
  const demo = demoCredentials();
  const given = o.credentials ? (JSON.parse(readFileSync(o.credentials, 'utf8')) as Partial<ReplayCredentials>) : {};
  return {
    senders: { ...demo.senders, ...given.senders },
    users: { ...demo.users, ...given.users },
    clients: { ...demo.clients, ...given.clients },
    fallback: { sender: o.senderPassword, user: o.password, client: o.clientSecret },
  };
}

function identityOf(o: ReplayOptions): ReplayIdentity {
  return { company: o.company, user: o.user, sender: o.sender, clientId: o.clientId };
}

/** Prints the parity report (and writes it to --report DIR as parity.txt, parity.html and parity.json). */
function reportParity(file: string, entries: readonly JournalEntry[], summary: ReplaySummary, o: ReplayOptions): void {
  const report = buildParityReport(file, o.url, entries, summary.outcomes);
  const text = parityText(report);
  process.stdout.write(text);
  if (o.report) {
    mkdirSync(o.report, { recursive: true });
    writeFileSync(join(o.report, 'parity.txt'), text);
    writeFileSync(join(o.report, 'parity.html'), parityHtml(report));
    writeFileSync(join(o.report, 'parity.json'), `${JSON.stringify(report, null, 2)}\n`);
    console.log(`report written to ${join(o.report, 'parity.html')}`);
  }
  if (parityFails(report)) process.exitCode = 1;
}

export function addReplayCommand(program: Command): void {
  program
    .command('replay')
    .description(
      'replay an exported journal (ledgerq admin journal --export) or a recording (ledgerq record) against a server; exit code 1 if any response differs',
    )
    .argument('<file>', 'journal export or recording, one JSON entry per line')
    .requiredOption('--url <url>', 'server to replay against, e.g. http://127.0.0.1:7071')
    .option(
      '--credentials <file>',
      'JSON {"senders":{id:pw},"users":{"company/user":pw},"clients":{id:secret}} for redacted passwords (default: the demo logins)',
    )
    .option('--quiet', 'print only the summary and the differences')
    .option('--compare', 'compare structurally and write a parity report: behaviour differences fail, data ones do not')
    .option('--report <dir>', 'with --compare: write parity.txt, parity.html and parity.json here')
    .option('--company <id>', 'sign in to this company instead of the recorded one')
    .option('--user <id>', 'sign in as this user instead of the recorded one')
    .option('--password <pw>', "the user's password, for every redacted user password the credentials do not name")
    .option('--sender <id>', 'web-services sender instead of the recorded one')
    .option('--sender-password <pw>', 'sender password, for every redacted one the credentials do not name')
    .option('--client-id <id>', 'OAuth2 client instead of the recorded one')
    .option('--client-secret <secret>', 'client secret, for every redacted one the credentials do not name')
    .action(async (file: string, o: ReplayOptions) => {
      const entries = readEntries(file);
      const summary = await replayJournal(entries, o.url, readCredentials(o), identityOf(o));
      if (o.compare) {
        reportParity(file, entries, summary, o);
        return;
      }
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
