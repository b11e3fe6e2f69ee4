// `ledgerq admin …`: the emulator controls of a running server; each control adds its subcommands here.

import type { Command } from 'commander';
import { adminClient, type AdminClient } from './admin-client.ts';

/** Adds one control's subcommands to `ledgerq admin`; `client()` is called when a subcommand runs. */
export type AdminCommands = (admin: Command, client: () => AdminClient) => void;

export const ADMIN_COMMANDS: AdminCommands[] = [];

export function addAdminCommand(program: Command): Command {
  const admin = program.command('admin')
    .description('emulator controls of a running server: limits, faults, meter, journal, snapshots')
    .option('--url <url>', 'server URL (env LEDGERQ_URL; default http://127.0.0.1:7070)')
    .option('--token <token>', 'admin token (env LEDGERQ_ADMIN_TOKEN)');
  const client = () => {
    const o = admin.opts<{ url?: string; token?: string }>();
    return adminClient({ url: o.url ?? process.env.LEDGERQ_URL ?? 'http://127.0.0.1:7070', token: o.token ?? process.env.LEDGERQ_ADMIN_TOKEN });
  };
  for (const add of ADMIN_COMMANDS) add(admin, client);
  return admin;
}
