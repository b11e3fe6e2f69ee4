// How `ledgerq admin …` talks to a running server: JSON over HTTP with the admin token, errors as one readable line.

import type { Command } from 'commander';
import { LedgerqError } from '../errors.ts';

export interface AdminClientOptions {
  /** Server URL (default http://127.0.0.1:7070). */
  readonly url: string;
  /** Admin token (--token, else LEDGERQ_ADMIN_TOKEN). */
  readonly token: string | undefined;
}

export interface AdminClient {
  request<T = unknown>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T>;
}

/** Adds one control's subcommands to `ledgerq admin`; `client()` is called when a subcommand runs. */
export type AdminCommands = (admin: Command, client: () => AdminClient) => void;

export function adminClient(opts: AdminClientOptions): AdminClient {
  const base = opts.url.replace(/\/+$/, '');
  return {
    async request<T>(method: string, path: string, body?: unknown): Promise<T> {
      let res: Response;
      try {
        res = await fetch(`${base}/ledgerq/admin${path}`, {
          method,
          headers: {
            ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
            ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
      } catch (e) {
        throw new LedgerqError('admin.unreachable', `no ledgerq server answered at ${base}: ${(e as Error).message}`);
      }
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = text === '' ? null : JSON.parse(text);
      } catch {
        /* not JSON: keep the text */
      }
      if (!res.ok) {
        const msg =
          typeof parsed === 'object' && parsed !== null && 'message' in parsed
            ? String((parsed as { message: unknown }).message)
            : text;
        throw new LedgerqError('admin.failed', `${method} ${path}: HTTP ${res.status}: ${msg}`);
      }
      return parsed as T;
    },
  };
}
