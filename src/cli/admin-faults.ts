// `ledgerq admin fault add | list | remove | clear`: fault and latency injection rules, through a running server's
// admin API.

import { InvalidArgumentError, type Command } from 'commander';
import type { AdminCommands } from './admin-client.ts';
import type { FaultRule, FaultRuleInput } from '../emulator/fault-rules.ts';

type ShownRule = FaultRule & { readonly description: string };

function probability(v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0 || n > 1) throw new InvalidArgumentError('a number in (0, 1]');
  return n;
}

interface AddOptions {
  match?: string;
  company?: string;
  object?: string;
  probability?: number;
  seed?: string;
  error?: string;
  description?: string;
  level?: string;
  status?: string;
  body?: string;
  drop?: boolean;
  delay?: string;
  delayMedian?: string;
  delaySigma?: string;
  slowBody?: string;
  json?: boolean;
}

export const addFaultCommands: AdminCommands = (admin: Command, client) => {
  const fault = admin
    .command('fault')
    .description('fault and latency injection rules (every process sharing the database applies them at once)');

  fault
    .command('add')
    .description(
      'add a rule: one effect (--error, --status, --drop, --delay, --delay-median, --slow-body) on the requests it matches',
    )
    .option(
      '--match <what>',
      'xml:query, xml:readByQuery, rest:query, rest:/objects/accounts-payable, xml, rest (default: every request)',
    )
    .option('--company <id>', 'only this company')
    .option('--object <name>', 'only this object (VENDOR, accounts-payable/vendor)')
    .option('--probability <p>', 'fire on this share of the matching requests (default 1)', probability)
    .option(
      '--seed <s>',
      'seed of the decision: the same seed fires on the same requests (default: random, shown by list)',
    )
    .option('--error <errorno>', 'answer an Intacct error: XL03000006, BL01001973, GW-0010, any errorno')
    .option('--description <text>', "the error's description (default: Intacct's for known numbers)")
    .option(
      '--level <level>',
      'where the error is answered: gateway, control, authentication, result (default: by number)',
    )
    .option('--status <code>', 'answer this HTTP status: 429, 500, 502, 503, 524 …')
    .option('--body <kind>', "body of --status: empty or html (a CDN's error page)")
    .option('--drop', 'drop the connection without an answer')
    .option('--delay <duration>', 'wait this long before answering: 500ms, 2s')
    .option('--delay-median <duration>', 'a log-normal delay with this median')
    .option('--delay-sigma <sigma>', 'spread of the log-normal delay (default 0.5)')
    .option('--slow-body <bytesPerSecond>', "send the answer's body at this rate")
    .option('--json', 'print the rule as JSON')
    .action(async (o: AddOptions) => {
      const input: FaultRuleInput = {
        match: o.match,
        company: o.company,
        object: o.object,
        probability: o.probability,
        seed: o.seed,
        error: o.error,
        description: o.description,
        level: o.level,
        status: o.status,
        body: o.body,
        drop: o.drop,
        delay: o.delay,
        delayMedian: o.delayMedian,
        delaySigma: o.delaySigma,
        slowBody: o.slowBody,
      };
      const rule = await client().request<ShownRule>('POST', '/faults', input);
      console.log(o.json ? JSON.stringify(rule, null, 2) : `added ${rule.description}`);
    });

  fault
    .command('list')
    .description('the rules in force')
    .option('--json', 'print as JSON')
    .action(async (o: { json?: boolean }) => {
      const { rules } = await client().request<{ rules: ShownRule[] }>('GET', '/faults');
      if (o.json) console.log(JSON.stringify(rules, null, 2));
      else if (rules.length === 0) console.log('no fault rules');
      else for (const r of rules) console.log(r.description);
    });

  fault
    .command('remove <id>')
    .description('remove one rule by its id')
    .action(async (id: string) => {
      await client().request('DELETE', `/faults/${encodeURIComponent(id)}`);
      console.log(`removed ${id}`);
    });

  fault
    .command('clear')
    .description('remove every rule')
    .action(async () => {
      const { removed } = await client().request<{ removed: number }>('DELETE', '/faults');
      console.log(`removed ${removed} rule(s)`);
    });
};
