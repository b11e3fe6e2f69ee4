// `ledgerq admin …`: the emulator controls of a running server; each control adds its subcommands here.

import type { Command } from 'commander';
import { adminClient, type AdminCommands } from './admin-client.ts';
import { addStateCommands } from './admin-state-commands.ts';
import { addLimitsCommands } from './admin-limits.ts';
import { addFaultCommands } from './admin-faults.ts';
import { addNumberingCommands } from './admin-numbering.ts';
import { loadConfig } from '../app/config.ts';
import { adminTokenPath, readAdminToken } from '../emulator/admin-token.ts';

export const ADMIN_COMMANDS: AdminCommands[] = [
  addStateCommands,
  addLimitsCommands,
  addFaultCommands,
  addNumberingCommands,
];

/** The token a `ledgerq serve` on this machine generated, beside its database (same configuration as this command). */
function savedToken(): string | undefined {
  try {
    return readAdminToken(adminTokenPath(loadConfig().db));
  } catch {
    return undefined; // no readable configuration: the server will answer 401 with the way to give a token
  }
}

export function addAdminCommand(program: Command): Command {
  const admin = program
    .command('admin')
    .description('emulator controls of a running server: limits, faults, meter, journal, snapshots, ID numbering')
    .option('--url <url>', 'server URL (env LEDGERQ_URL; default http://127.0.0.1:7070)')
    .option(
      '--token <token>',
      'admin token (env LEDGERQ_ADMIN_TOKEN, else the file a local `ledgerq serve` wrote: ./data/admin-token)',
    );
  const client = () => {
    const o = admin.opts<{ url?: string; token?: string }>();
    return adminClient({
      url: o.url ?? process.env.LEDGERQ_URL ?? 'http://127.0.0.1:7070',
      token: o.token ?? (process.env.LEDGERQ_ADMIN_TOKEN || savedToken()),
    });
  };
  for (const add of ADMIN_COMMANDS) add(admin, client);
  return admin;
}
