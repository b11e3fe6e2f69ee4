// `ledgerq admin limits show | set`: a company's limits on a dial, through a running server's admin API.

import { InvalidArgumentError, type Command } from 'commander';
import type { AdminCommands } from './admin-client.ts';
import { isLimitName, LIMIT_NAMES, LIMITS, type LimitName } from '../emulator/limit-settings.ts';

interface ShownLimits {
  readonly company: string;
  readonly inFlight: number;
  readonly limits: readonly {
    name: LimitName;
    value: number | 'off';
    source: string;
    intacct: number | null;
    about: string;
  }[];
}

const enc = encodeURIComponent;

function limitValue(v: string): number | 'off' {
  if (v === 'off') return 'off';
  if (!/^\d+$/.test(v) || Number(v) < 1) throw new InvalidArgumentError('a positive integer or off');
  return Number(v);
}

function limitNames(v: string, previous: LimitName[] = []): LimitName[] {
  for (const name of v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    if (!isLimitName(name)) throw new InvalidArgumentError(`${name} is not a limit (${LIMIT_NAMES.join(', ')})`);
    previous.push(name);
  }
  return previous;
}

/** Commander's camelCase key of a limit's option: page-size-query → pageSizeQuery. */
const optionKey = (name: string) => name.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());

function printLimits(s: ShownLimits): void {
  console.log(`company ${s.company}: ${s.inFlight} request(s) in flight`);
  console.log(`  ${'limit'.padEnd(28)}${'value'.padEnd(10)}${'from'.padEnd(10)}${'Intacct'.padEnd(10)}`);
  for (const l of s.limits) {
    console.log(
      `  ${l.name.padEnd(28)}${String(l.value === 'off' && (l.name === 'queue-api' || l.name === 'queue-report') ? 'level' : l.value).padEnd(10)}${l.source.padEnd(10)}${String(l.intacct ?? '-').padEnd(10)}${l.about}`,
    );
  }
}

export const addLimitsCommands: AdminCommands = (admin: Command, client) => {
  const limits = admin
    .command('limits')
    .description("a company's limits on a dial: concurrency, page sizes, IN-list, queue lanes, offline request size");

  limits
    .command('show')
    .description("the company's limits, where each comes from, and Intacct's value")
    .requiredOption('--company <id>', 'company id, e.g. demo')
    .option('--json', 'print as JSON')
    .action(async (o: { company: string; json?: boolean }) => {
      const s = await client().request<ShownLimits>('GET', `/limits?company=${enc(o.company)}`);
      if (o.json) console.log(JSON.stringify(s, null, 2));
      else printLimits(s);
    });

  const set = limits
    .command('set')
    .description('change limits of a company at run time (every process sharing the database applies them at once)')
    .requiredOption('--company <id>', 'company id, e.g. demo')
    .option('--off <names>', 'turn limits off (comma-separated names)', limitNames)
    .option('--reset <names>', "back to the configuration's or Intacct's value (comma-separated names)", limitNames)
    .option('--json', 'print the result as JSON');
  for (const name of LIMIT_NAMES) set.option(`--${name} <n>`, `${LIMITS[name].about} (a number or off)`, limitValue);
  set.action(
    async (
      o: Record<string, unknown> & { company: string; off?: LimitName[]; reset?: LimitName[]; json?: boolean },
    ) => {
      const values: Record<string, number | 'off'> = {};
      for (const name of LIMIT_NAMES) {
        const v = o[optionKey(name)];
        if (v !== undefined) values[name] = v as number | 'off';
      }
      for (const name of o.off ?? []) values[name] = 'off';
      const s = await client().request<ShownLimits>('PUT', '/limits', {
        company: o.company,
        set: values,
        reset: o.reset ?? [],
      });
      if (o.json) console.log(JSON.stringify(s, null, 2));
      else printLimits(s);
    },
  );
};
