// `ledgerq admin numbering show | set | off`: a company's ID auto-numbering (Intacct's document sequence per object),
// through a running server's admin API.

import { InvalidArgumentError, type Command } from 'commander';
import type { AdminCommands } from './admin-client.ts';

interface ShownNumbering {
  readonly company: string;
  readonly sequences: readonly {
    object: string;
    sequence: string;
    prefix: string;
    digits: number;
    suffix: string;
    lastNumber: number;
    next: string;
  }[];
}

function printNumbering(s: ShownNumbering): void {
  if (s.sequences.length === 0) {
    console.log(`company ${s.company}: no object numbers its IDs (every create gives its ID)`);
    return;
  }
  console.log(`company ${s.company}:`);
  console.log(`  ${'object'.padEnd(16)}${'document sequence'.padEnd(24)}${'format'.padEnd(24)}next`);
  for (const q of s.sequences) {
    const format = `${q.prefix}${'9'.repeat(Math.max(q.digits, 1))}${q.suffix}`;
    console.log(`  ${q.object.padEnd(16)}${q.sequence.padEnd(24)}${format.padEnd(24)}${q.next}`);
  }
}

function digits(v: string): number {
  if (!/^\d{1,2}$/.test(v) || Number(v) > 15) throw new InvalidArgumentError('a whole number from 0 to 15');
  return Number(v);
}

export const addNumberingCommands: AdminCommands = (admin: Command, client) => {
  const numbering = admin
    .command('numbering')
    .description("a company's ID auto-numbering: objects whose creates without an ID get the next in a sequence");
  const print = (json: boolean | undefined) => (s: ShownNumbering) =>
    json ? console.log(JSON.stringify(s, null, 2)) : printNumbering(s);

  numbering
    .command('show')
    .description('the objects the company numbers, their format and the next ID')
    .requiredOption('--company <id>', 'company id, e.g. demo')
    .option('--json', 'print as JSON')
    .action(async (o: { company: string; json?: boolean }) => {
      print(o.json)(
        await client().request<ShownNumbering>('GET', `/numbering?company=${encodeURIComponent(o.company)}`),
      );
    });

  numbering
    .command('set <object>')
    .description(
      'number the object (VENDOR, CUSTOMER …): a create without the ID takes the next, after the highest held',
    )
    .requiredOption('--company <id>', 'company id, e.g. demo')
    .option('--prefix <text>', 'text before the number', '')
    .option('--digits <n>', 'zero-pad the number to n digits (0: no padding)', digits, 0)
    .option('--suffix <text>', 'text after the number', '')
    .option('--sequence <id>', 'number it from this existing document sequence instead (its REST id)')
    .option('--json', 'print the result as JSON')
    .action(
      async (
        object: string,
        o: { company: string; prefix: string; digits: number; suffix: string; sequence?: string; json?: boolean },
      ) => {
        const sequence =
          o.sequence !== undefined ? { id: o.sequence } : { prefix: o.prefix, digits: o.digits, suffix: o.suffix };
        print(o.json)(
          await client().request<ShownNumbering>('PUT', '/numbering', { company: o.company, object, sequence }),
        );
      },
    );

  numbering
    .command('off <object>')
    .description('stop numbering the object: its ID is required again in every create')
    .requiredOption('--company <id>', 'company id, e.g. demo')
    .option('--json', 'print the result as JSON')
    .action(async (object: string, o: { company: string; json?: boolean }) => {
      print(o.json)(
        await client().request<ShownNumbering>('PUT', '/numbering', { company: o.company, object, sequence: false }),
      );
    });
};
