// `ledgerq record`'s proxy: forwards every request to an upstream (Intacct, or another ledgerq), streams its answer back
// unchanged, and appends the exchange to a recording in the journal's format, redacted as the journal redacts.

import { createWriteStream, existsSync, readFileSync, type WriteStream } from 'node:fs';
import http, { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { type JournalEntry, UPSTREAM_FAULT } from '../emulator/journal-store.ts';
import { aliasOf, redactText } from '../emulator/journal-redact.ts';
import {
  type CapturedBody,
  captureBody,
  companyNamedIn,
  journalBody,
  operationOf,
  redactHeaders,
  utf16Length,
} from './edge/journal.ts';

export interface RecordProxyOptions {
  /** Base URL of the upstream: `https://api.intacct.com`, `http://127.0.0.1:7070`. Request paths are appended. */
  readonly upstream: string;
  /** The recording (JSON lines); appended to, so several sessions can add to one file. */
  readonly out: string;
  readonly host?: string;
  /** 0 picks a free port. */
  readonly port?: number;
  /** Milliseconds the upstream may stay silent before the exchange is given up as timed out (default 120 s). */
  readonly timeoutMs?: number;
  /** Characters of each body the recording keeps (default 4 MiB): an answer is streamed whole whatever its size. */
  readonly bodyLimit?: number;
}

export interface RecordProxy {
  /** http://host:port of the proxy. */
  readonly url: string;
  /** Exchanges written so far by this proxy. */
  recorded(): number;
  /** Stops accepting, waits for exchanges in flight, and closes the recording. */
  close(): Promise<void>;
}

export const DEFAULT_RECORD_TIMEOUT_MS = 120_000;
export const DEFAULT_RECORD_BODY_LIMIT = 4 * 1024 * 1024;

/** Hop-by-hop headers (RFC 9110 §7.6.1) and those the proxy sets itself are not forwarded. */
const NOT_FORWARDED = new Set([
  'host',
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  // The upstream answers uncompressed, so the recording holds text; the client gets the same text.
  'accept-encoding',
]);
const KEPT_REQUEST_HEADERS = ['content-type', 'accept', 'authorization', 'x-ia-api-param-entity'];
const KEPT_RESPONSE_HEADERS = ['content-type', 'retry-after'];

/** Only the XML gateway's and the REST API's traffic is recorded; anything else is forwarded unrecorded. */
const RECORDED_PATH = /^\/ia\//;

function forwardedHeaders(headers: IncomingHttpHeaders, bodyLength: number): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || NOT_FORWARDED.has(name)) continue;
    out[name] = value;
  }
  if (bodyLength > 0 || 'content-length' in headers) out['content-length'] = String(bodyLength);
  return out;
}

function responseHeaders(headers: IncomingHttpHeaders): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers))
    if (value !== undefined && !NOT_FORWARDED.has(name)) out[name] = value;
  return out;
}

function pick(headers: IncomingHttpHeaders | Record<string, unknown>, names: readonly string[]) {
  const out: Record<string, string> = {};
  for (const n of names) {
    const v = headers[n];
    if (v !== undefined) out[n] = Array.isArray(v) ? v.join(', ') : String(v);
  }
  return out;
}

/**
 * Which company each session and token belongs to, learned from the
 * sign-ins that obtained them: a later request that only carries a session
 * or a bearer token is recorded under the company it signed in to.
 */
class CompanyOfSecrets {
  private readonly companies = new Map<string, string>();

  learn(company: string | null, responseHead: string): void {
    if (!company) return;
    for (const s of redactText(responseHead).secrets) this.companies.set(s.alias, company);
  }

  of(requestBody: string, authorization: string | undefined): string | null {
    const named = companyNamedIn(requestBody);
    if (named) return named;
    const bearer = authorization ? /^Bearer\s+(\S+)/i.exec(authorization) : null;
    if (bearer) return this.companies.get(aliasOf('token', bearer[1]!)) ?? null;
    for (const s of redactText(requestBody).secrets) {
      const c = this.companies.get(s.alias);
      if (c) return c;
    }
    return null;
  }
}

/** The head of a streamed body as captureBody would have cut it, and its whole length. */
class StreamCapture {
  private readonly chunks: Buffer[] = [];
  private kept = 0;
  private length = 0;

  constructor(private readonly cap: number) {}

  add(chunk: Buffer): void {
    this.length += utf16Length(chunk);
    if (this.kept >= this.cap) return;
    const part = chunk.subarray(0, this.cap - this.kept);
    this.chunks.push(Buffer.from(part));
    this.kept += part.length;
  }

  captured(): CapturedBody {
    const head = Buffer.concat(this.chunks).toString('utf8');
    // Whole bodies are measured after decoding, as captureBody measures them.
    return { head, length: this.kept < this.cap ? head.length : this.length };
  }
}

function readRequest(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Ids continue after the entries a recording already holds, so an appended session keeps them unique. */
function entriesIn(file: string): number {
  if (!existsSync(file)) return 0;
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '').length;
}

/** `<endpoint>` values on the upstream, moved to the proxy (the rest of the answer is left as it came). */
function pointEndpointAt(text: string, upstreamBase: string, proxyUrl: string): string {
  return text.replace(/<endpoint>([^<]*)<\/endpoint>/g, (m, endpoint: string) =>
    endpoint.startsWith(upstreamBase) ? `<endpoint>${proxyUrl}${endpoint.slice(upstreamBase.length)}</endpoint>` : m,
  );
}

export async function startRecordProxy(opts: RecordProxyOptions): Promise<RecordProxy> {
  const upstream = new URL(opts.upstream.replace(/\/+$/, ''));
  const client = upstream.protocol === 'https:' ? https : http;
  const timeoutMs = opts.timeoutMs ?? DEFAULT_RECORD_TIMEOUT_MS;
  const limit = opts.bodyLimit ?? DEFAULT_RECORD_BODY_LIMIT;
  const upstreamBase = upstream.href.replace(/\/+$/, '');
  let proxyUrl = '';
  let nextId = entriesIn(opts.out);
  let written = 0;
  const out: WriteStream = createWriteStream(opts.out, { flags: 'a' });
  const companies = new CompanyOfSecrets();
  const inFlight = new Set<Promise<void>>();

  function record(entry: JournalEntry): void {
    out.write(`${JSON.stringify(entry)}\n`);
    written++;
  }

  async function exchange(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const startedAt = Date.now();
    const id = ++nextId;
    const method = req.method ?? 'GET';
    const url = req.url ?? '/';
    const recorded = RECORDED_PATH.test(url);
    const body = await readRequest(req);
    const requestText = body.toString('utf8');
    const response = new StreamCapture(limit + 4096);
    const rewritesEndpoint = /<getAPISession\b/.test(requestText);
    let status = 0;
    let headers: Record<string, string> = {};
    let fault: string | null = null;

    await new Promise<void>((resolve) => {
      // The upstream's own path (if any) prefixes the request's path and query.
      const target = new URL(`${upstream.pathname.replace(/\/+$/, '')}${url}`, upstream.origin);
      const up = client.request(target, { method, headers: forwardedHeaders(req.headers, body.length) });
      const failed = (why: string, answerStatus: number) => {
        fault = why;
        if (!res.headersSent) {
          status = answerStatus;
          const text = `ledgerq record: ${why}\n`;
          headers = { 'content-type': 'text/plain; charset=utf-8' };
          response.add(Buffer.from(text));
          res.writeHead(answerStatus, { 'content-type': headers['content-type'], 'content-length': text.length });
          res.end(text);
        } else {
          // The answer is half sent: the client must see it cut off, not a complete-looking body.
          res.destroy();
        }
        resolve();
      };
      up.setTimeout(timeoutMs, () => up.destroy(new Error(`upstream timed out after ${timeoutMs} ms`)));
      up.on('error', (err) => {
        if (fault === null)
          failed(
            err.message.startsWith('upstream') ? err.message : `upstream error: ${err.message}`,
            /timed out/.test(err.message) ? 504 : 502,
          );
      });
      up.on('response', (answer) => {
        status = answer.statusCode ?? 502;
        headers = pick(answer.headers, KEPT_RESPONSE_HEADERS);
        if (rewritesEndpoint) {
          // A session's answer names the endpoint to use next; pointing it at the proxy keeps the client recorded.
          const chunks: Buffer[] = [];
          answer.on('data', (chunk: Buffer) => {
            response.add(chunk);
            chunks.push(chunk);
          });
          answer.on('end', () => {
            const text = pointEndpointAt(Buffer.concat(chunks).toString('utf8'), upstreamBase, proxyUrl);
            res.writeHead(status, { ...responseHeaders(answer.headers), 'content-length': Buffer.byteLength(text) });
            res.end(text);
            resolve();
          });
          answer.on('error', (err) => failed(`upstream answer cut off: ${err.message}`, 502));
          return;
        }
        res.writeHead(status, responseHeaders(answer.headers));
        answer.on('data', (chunk: Buffer) => {
          response.add(chunk);
          // Backpressure: a slow client slows the upstream read instead of filling memory.
          if (!res.write(chunk)) {
            answer.pause();
            res.once('drain', () => answer.resume());
          }
        });
        answer.on('end', () => {
          res.end();
          resolve();
        });
        answer.on('error', (err) => failed(`upstream answer cut off: ${err.message}`, 502));
        answer.on('aborted', () => failed('upstream answer cut off', 502));
      });
      res.on('close', () => {
        if (!res.writableFinished && fault === null) {
          fault = 'the client went away before the answer was complete';
          up.destroy();
          resolve();
        }
      });
      up.end(body);
    });

    if (!recorded) return;
    const captured = response.captured();
    const requestBody = journalBody(captureBody(requestText, limit), limit);
    const company = companies.of(requestText, req.headers.authorization) ?? '';
    if (fault === null) companies.learn(company || null, captured.head);
    const path = new URL(url, 'http://x').pathname;
    record({
      id,
      company,
      at: new Date(startedAt).toISOString(),
      durationMs: Date.now() - startedAt,
      method,
      url,
      operation: path.includes('/ia/xml/')
        ? operationOf('xml:', requestText)
        : `rest:${method} ${path.replace(/^\/ia\/api\/v[^/]*/, '')}`,
      request: { headers: redactHeaders(pick(req.headers, KEPT_REQUEST_HEADERS)), body: requestBody },
      response: { status, headers: redactHeaders(headers), body: journalBody(captured, limit) },
      fault: fault === null ? null : { id: UPSTREAM_FAULT, description: fault },
    });
  }

  const server = http.createServer((req, res) => {
    const done = exchange(req, res).catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`ledgerq record: ${(err as Error).message}\n`);
    });
    inFlight.add(done);
    void done.finally(() => inFlight.delete(done));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  proxyUrl = `http://${address.address.includes(':') ? `[${address.address}]` : address.address}:${address.port}`;
  return {
    url: proxyUrl,
    recorded: () => written,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await Promise.all(inFlight);
      await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
    },
  };
}
