// Runs real ledgerq servers on loopback for the gateway tests and points the unchanged Intacct SDK at them (protocol
// §8, technique A).

import dns from 'node:dns';
import http from 'node:http';
import type { LookupFunction } from 'node:net';
import * as IA from '@intacct/intacct-sdk';
import { afterAll, beforeAll } from 'vitest';
import { DEFAULT_BODY_LIMIT, type Config } from '../../../src/app/config.ts';
import { startServer, type RunningServer } from '../../../src/server/serve.ts';
import { XML_GATEWAY_PATH } from '../../../src/server/xml-gateway.ts';
import { testDatabaseUrl, type Backend } from '../../support/databases.ts';

export { IA };

/**
 * The SDK refuses any endpoint whose host does not end in `.intacct.com`
 * (protocol §1.1), and it sends through Node's global agent. Resolving every
 * `*.intacct.com` name to loopback keeps the SDK untouched and still makes it
 * send the `Host` header a real deployment sees.
 */
const lookup = ((host: string, opts: unknown, cb?: unknown) => {
  const callback = (typeof opts === 'function' ? opts : cb) as (...args: unknown[]) => void;
  const options = (typeof opts === 'object' && opts !== null ? opts : {}) as { all?: boolean };
  if (/\.intacct\.com\.?$/i.test(host)) {
    return options.all ? callback(null, [{ address: '127.0.0.1', family: 4 }]) : callback(null, '127.0.0.1', 4);
  }
  return dns.lookup(host, options as dns.LookupAllOptions, callback as never);
}) as LookupFunction;
http.globalAgent = new http.Agent({ lookup, keepAlive: false });

export const SENDER = { senderId: 'ledgerq', password: 'ledgerq' } as const;

export interface Gateway {
  readonly server: RunningServer;
  readonly port: number;
  /** What an SDK caller uses: `http://api.intacct.com:<port>/ia/xml/xmlgw.phtml`. */
  readonly endpoint: string;
  /** The same server by its loopback address, for raw posts. */
  readonly loopback: string;
  close(): Promise<void>;
}

export function testConfig(dbUrl: string, bodyLimit = DEFAULT_BODY_LIMIT): Config {
  return { db: dbUrl, host: '127.0.0.1', port: 0, bodyLimit, logLevel: 'silent', custom: {}, configFile: null };
}

export async function startGateway(dbUrl: string, bodyLimit?: number, adminToken?: string): Promise<Gateway> {
  const server = await startServer(testConfig(dbUrl, bodyLimit), { logger: false, adminToken });
  const port = Number(new URL(server.url).port);
  return {
    server,
    port,
    endpoint: `http://api.intacct.com:${port}${XML_GATEWAY_PATH}`,
    loopback: `http://127.0.0.1:${port}${XML_GATEWAY_PATH}`,
    close: () => server.close(),
  };
}

/** A fresh database (demo companies seeded on first start) and its removal. */
export function gatewayDatabase(backend: Backend): { url: string; cleanup: () => Promise<void> } {
  return testDatabaseUrl(backend);
}

export interface Login {
  readonly companyId?: string;
  readonly userId?: string;
  readonly password?: string;
  readonly entityId?: string;
  readonly senderId?: string;
  readonly senderPassword?: string;
}

export function sdkConfig(g: Gateway, login: Login = {}): IA.ClientConfig {
  const c = new IA.ClientConfig();
  c.endpointUrl = g.endpoint;
  c.senderId = login.senderId ?? SENDER.senderId;
  c.senderPassword = login.senderPassword ?? SENDER.password;
  c.companyId = login.companyId ?? 'demo';
  c.userId = login.userId ?? 'admin';
  c.userPassword = login.password ?? 'admin';
  if (login.entityId) c.entityId = login.entityId;
  return c;
}

/** No retries: a 5xx would otherwise cost 31 s of back-off, and the gateway must never answer one. */
export function requestConfig(extra: Partial<IA.RequestConfig> = {}): IA.RequestConfig {
  const r = new IA.RequestConfig();
  r.maxRetries = 0;
  Object.assign(r, extra);
  return r;
}

export function sdkClient(g: Gateway, login: Login = {}): IA.OnlineClient {
  return new IA.OnlineClient(sdkConfig(g, login));
}

/** Wraps function XML in a full request as the SDK writes it (Appendix A), signed in with the demo login. */
export function envelope(
  functions: string,
  opts: { login?: Login; sessionId?: string; transaction?: boolean; controlId?: string } = {},
): string {
  const l = opts.login ?? {};
  const auth =
    opts.sessionId !== undefined
      ? `<sessionid>${opts.sessionId}</sessionid>`
      : `<login><userid>${l.userId ?? 'admin'}</userid><companyid>${l.companyId ?? 'demo'}</companyid><password>${l.password ?? 'admin'}</password>${l.entityId ? `<locationid>${l.entityId}</locationid>` : ''}</login>`;
  return (
    `<?xml version="1.0" encoding="utf-8" ?><request><control><senderid>${l.senderId ?? SENDER.senderId}</senderid><password>${l.senderPassword ?? SENDER.password}</password>` +
    `<controlid>${opts.controlId ?? 'req-test'}</controlid><uniqueid>false</uniqueid><dtdversion>3.0</dtdversion><includewhitespace>false</includewhitespace></control>` +
    `<operation transaction="${opts.transaction ? 'true' : 'false'}"><authentication>${auth}</authentication><content>${functions}</content></operation></request>`
  );
}

export interface RawAnswer {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
  readonly ms: number;
}

export async function postRaw(
  url: string,
  body: string | Uint8Array<ArrayBuffer>,
  contentType = 'application/xml',
): Promise<RawAnswer> {
  const started = performance.now();
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': contentType }, body });
  const text = await res.text();
  return {
    status: res.status,
    contentType: res.headers.get('content-type') ?? '',
    body: text,
    ms: performance.now() - started,
  };
}

/** Parses an answer with the SDK's own response reader, so every shape check is also a check that the SDK accepts it. */
export function sdkParse(body: string): IA.Xml.OnlineResponse {
  return new IA.Xml.OnlineResponse(body);
}

/** The first word of each SDK error string is Intacct's error number (protocol §4.2). */
export function errorNumbers(e: unknown): string[] {
  return ((e as { errors?: string[] }).errors ?? []).map((s) => s.split(' ')[0]!);
}

export async function rejection(p: Promise<unknown>): Promise<Error & { errors?: string[] }> {
  try {
    await p;
  } catch (e) {
    return e as Error & { errors?: string[] };
  }
  throw new Error('expected the call to fail');
}

/** One raw function in a demo login's request: its result's status, error strings (errorno first) and record count. */
export async function runFunction(
  url: string,
  fn: string,
): Promise<{ status: string; errors: string[]; count: number }> {
  const res = await postRaw(url, envelope(`<function controlid="f">${fn}</function>`));
  if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${res.body}`);
  const r = sdkParse(res.body).results[0]!;
  return { status: r.status, errors: r.errors ?? [], count: r.data?.length ?? 0 };
}

/**
 * A gateway over a fresh database of `backend` for the tests of the enclosing describe block: started before them,
 * closed and its database dropped after. Returns the running gateway's getter.
 */
export function useGateway(backend: Backend): () => Gateway {
  const { url, cleanup } = gatewayDatabase(backend);
  let g: Gateway | undefined;
  beforeAll(async () => {
    g = await startGateway(url);
  });
  afterAll(async () => {
    await g?.close();
    await cleanup();
  });
  return () => {
    if (!g) throw new Error('the gateway is not started yet');
    return g;
  };
}
