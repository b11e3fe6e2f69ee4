// A typed client of the admin API (/ledgerq/admin) for programs: the library API hands one out; answers are the
// routes' JSON as they send it.

import type { FaultRuleInput } from '../../emulator/fault-rules.ts';
import { LedgerqError } from '../../errors.ts';
import { ADMIN_PREFIX } from './admin-api.ts';

type Json = Record<string, unknown>;

export interface AdminApiClient {
  readonly faults: {
    list(): Promise<{ rules: Json[] }>;
    /** e.g. `{ match: 'xml:query', error: 'XL03000006', probability: 0.5, seed: 7 }`, `{ match: 'rest:query', status: 429 }`. */
    add(rule: FaultRuleInput): Promise<Json>;
    remove(id: string): Promise<{ removed: number }>;
    clear(): Promise<{ removed: number }>;
  };
  readonly limits: {
    show(company: string): Promise<Json>;
    /** `set`: limit name → a positive number or "off"; `reset`: names put back to the configured value. */
    set(company: string, set: Record<string, number | 'off'>, reset?: readonly string[]): Promise<Json>;
  };
  /** API transactions of a month (YYYY-MM, default this one). */
  meter(company: string, month?: string): Promise<Json>;
  readonly journal: {
    read(company: string, options?: { limit?: number; after?: number }): Promise<{ company: string; entries: Json[] }>;
    clear(company: string): Promise<{ deleted: number }>;
  };
  readonly snapshots: {
    list(company: string): Promise<{ company: string; snapshots: Json[] }>;
    create(company: string, name: string): Promise<Json>;
    restore(company: string, name: string): Promise<Json>;
    remove(company: string, name: string): Promise<Json>;
  };
  /** Regenerates a demo company from its seed (slow: seconds; the library's reset() is the fast way). */
  resetCompany(company: string, seed?: number): Promise<Json>;
}

export function adminApiClient(baseUrl: string, token: string): AdminApiClient {
  const base = `${baseUrl.replace(/\/+$/, '')}${ADMIN_PREFIX}`;
  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    const parsed = text === '' ? null : (JSON.parse(text) as unknown);
    if (!res.ok) {
      const message =
        typeof parsed === 'object' && parsed !== null && 'message' in parsed
          ? String((parsed as { message: unknown }).message)
          : text;
      throw new LedgerqError('admin.failed', `${method} ${path}: HTTP ${res.status}: ${message}`);
    }
    return parsed as T;
  }
  const q = (params: Record<string, string | number | undefined>) => {
    const s = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v !== undefined) s.set(k, String(v));
    return `?${s}`;
  };
  const c = encodeURIComponent;
  return {
    faults: {
      list: () => call('GET', '/faults'),
      add: (rule) => call('POST', '/faults', rule),
      remove: (id) => call('DELETE', `/faults/${c(id)}`),
      clear: () => call('DELETE', '/faults'),
    },
    limits: {
      show: (company) => call('GET', `/limits${q({ company })}`),
      set: (company, set, reset) => call('PUT', '/limits', { company, set, ...(reset ? { reset } : {}) }),
    },
    meter: (company, month) => call('GET', `/meter${q({ company, month })}`),
    journal: {
      read: (company, o = {}) => call('GET', `/journal${q({ company, limit: o.limit, after: o.after })}`),
      clear: (company) => call('DELETE', `/journal${q({ company })}`),
    },
    snapshots: {
      list: (company) => call('GET', `/companies/${c(company)}/snapshots`),
      create: (company, name) => call('POST', `/companies/${c(company)}/snapshots`, { name }),
      restore: (company, name) => call('POST', `/companies/${c(company)}/snapshots/${c(name)}/restore`),
      remove: (company, name) => call('DELETE', `/companies/${c(company)}/snapshots/${c(name)}`),
    },
    resetCompany: (company, seed) => call('POST', `/companies/${c(company)}/reset`, seed === undefined ? {} : { seed }),
  };
}
