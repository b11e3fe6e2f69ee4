// Settings from flags, environment and ledgerq.config.json, in that order of precedence.

import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CustomDeclarations } from '../catalog/raw.ts';
import { LedgerqError } from '../errors.ts';
import { DEFAULT_DB_URL, parseDbUrl } from '../store/open.ts';
import { parseLimitDefaults, type LimitDefaults } from '../emulator/limit-settings.ts';

export const DEFAULT_PORT = 7070;
export const DEFAULT_HOST = '127.0.0.1';
/** Bodies above this are refused before parsing; Intacct's asynchronous limit is 500,000 characters. */
export const DEFAULT_BODY_LIMIT = 10 * 1024 * 1024;
export const CONFIG_FILE = 'ledgerq.config.json';
/** Where DDS exports write their CSV files (`<exportDir>/<company>/<object>/<jobid>/`). */
export const DEFAULT_EXPORT_DIR = './data/exports';

export interface FileConfig extends CustomDeclarations {
  db?: string;
  host?: string;
  port?: number;
  bodyLimit?: number;
  logLevel?: string;
  exportDir?: string;
  /** The admin API's token (else env LEDGERQ_ADMIN_TOKEN, else one generated at start). */
  adminToken?: string;
  /** Limits every company gets unless its own settings say otherwise: `{ "concurrency": 2, "in-list": 500 }`. */
  limits?: Record<string, unknown>;
}

export interface Config {
  readonly db: string;
  readonly host: string;
  readonly port: number;
  readonly bodyLimit: number;
  readonly logLevel: string;
  /** Absolute directory DDS exports write under (env LEDGERQ_EXPORT_DIR, file exportDir); loadConfig always sets it. */
  readonly exportDir?: string;
  readonly custom: CustomDeclarations;
  /** The admin API's token from env LEDGERQ_ADMIN_TOKEN or the file; null or absent: serve generates one. */
  readonly adminToken?: string | null;
  /** Default limits of every company (the file's `limits`). */
  readonly limits?: LimitDefaults;
  /** Where the settings file was read from, if any. */
  readonly configFile: string | null;
}

export interface ConfigOverrides {
  config?: string;
  db?: string;
  host?: string;
  port?: string | number;
  bodyLimit?: string | number;
  logLevel?: string;
  exportDir?: string;
}

function readConfigFile(path: string): FileConfig {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new LedgerqError('config.invalid', `cannot read ${path}: ${(e as Error).message}`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new LedgerqError('config.invalid', `${path} must hold a JSON object`);
  return parsed as FileConfig;
}

function toPort(v: string | number, from: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new LedgerqError('config.invalid', `${from}: port ${JSON.stringify(v)} is not 0–65535`);
  return n;
}

function toPositive(v: string | number, from: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0)
    throw new LedgerqError('config.invalid', `${from}: ${JSON.stringify(v)} is not a positive integer`);
  return n;
}

export function loadConfig(
  overrides: ConfigOverrides = {},
  env: NodeJS.ProcessEnv = process.env,
  cwd = process.cwd(),
): Config {
  const explicit = overrides.config ?? env.LEDGERQ_CONFIG;
  const path = explicit ? resolve(cwd, explicit) : resolve(cwd, CONFIG_FILE);
  if (explicit && !existsSync(path))
    throw new LedgerqError('config.invalid', `configuration file ${path} does not exist`);
  const file = existsSync(path) ? readConfigFile(path) : {};
  const db = overrides.db ?? env.LEDGERQ_DB ?? file.db ?? DEFAULT_DB_URL;
  parseDbUrl(db);
  const port = overrides.port ?? env.LEDGERQ_PORT ?? file.port ?? DEFAULT_PORT;
  const bodyLimit = overrides.bodyLimit ?? env.LEDGERQ_BODY_LIMIT ?? file.bodyLimit ?? DEFAULT_BODY_LIMIT;
  return Object.freeze({
    db,
    host: overrides.host ?? env.LEDGERQ_HOST ?? file.host ?? DEFAULT_HOST,
    port: toPort(port, 'port'),
    bodyLimit: toPositive(bodyLimit, 'bodyLimit'),
    logLevel: overrides.logLevel ?? env.LEDGERQ_LOG_LEVEL ?? file.logLevel ?? 'info',
    exportDir: resolve(cwd, overrides.exportDir ?? env.LEDGERQ_EXPORT_DIR ?? file.exportDir ?? DEFAULT_EXPORT_DIR),
    custom: {
      customObjects: file.customObjects,
      customFields: file.customFields,
      customRelationships: file.customRelationships,
    },
    adminToken: env.LEDGERQ_ADMIN_TOKEN || file.adminToken || null,
    limits: parseLimitDefaults(file.limits, `${path}: limits`),
    configFile: existsSync(path) ? path : null,
  });
}
