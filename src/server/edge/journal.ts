// Records each client exchange (XML gateway, REST, /jobs, the console's API) in the request journal after its answer
// went out: redacted, truncated, with its timing and the fault that fired.

import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../store/database.ts';
import { p, sql } from '../../store/sql.ts';
import {
  DEFAULT_JOURNAL_SIZE,
  journalCompanyKey,
  REQUEST_BODY_LIMIT,
  RESPONSE_BODY_LIMIT,
  truncateBody,
} from '../../emulator/journal-store.ts';
import { openJournalBuffer } from '../../emulator/journal-buffer.ts';
import { redactHeader, redactText } from '../../emulator/journal-redact.ts';

export interface JournalOptions {
  readonly db: Database;
  /** Entries kept per company (default LEDGERQ_JOURNAL_SIZE, else 1,000); 0 journals nothing. */
  readonly size?: number;
}

/** Client traffic is journaled; admin calls, health checks, metrics and static files are not. */
const JOURNALED = new Set(['token', 'xml', 'credentials']);
const KEPT_REQUEST_HEADERS = ['content-type', 'accept', 'authorization', 'x-ia-api-param-entity'];
const KEPT_RESPONSE_HEADERS = ['content-type', 'retry-after'];

/**
 * Characters kept past a limit before redaction, so a secret that straddles the
 * cut is still whole (and redacted) when the redacted text is cut again.
 */
const REDACTION_MARGIN = 4096;

/** A body cut to its first `limit + REDACTION_MARGIN` characters, with its whole length. */
export interface CapturedBody {
  readonly head: string;
  readonly length: number;
}

/** Copies at most the part of a body the journal can keep: a 10 MB response is neither copied nor scanned whole. */
export function captureBody(body: unknown, limit: number): CapturedBody {
  const cap = limit + REDACTION_MARGIN;
  if (Buffer.isBuffer(body)) {
    if (body.length <= cap) {
      const text = body.toString('utf8');
      return { head: text, length: text.length };
    }
    return { head: body.subarray(0, cap).toString('utf8'), length: utf16Length(body) };
  }
  const text = bodyText(body);
  // Buffer round trip: a copy of the head, not a slice of V8's that keeps the whole string alive until the flush.
  return text.length <= cap
    ? { head: text, length: text.length }
    : { head: Buffer.from(text.slice(0, cap), 'utf8').toString('utf8'), length: text.length };
}

/** Length of a UTF-8 buffer decoded to a JS string (UTF-16 units), without decoding it; chunks of one body add up. */
export function utf16Length(buf: Buffer): number {
  let n = 0;
  for (let i = 0; i < buf.length; i++) {
    const b = buf[i]!;
    if ((b & 0xc0) !== 0x80) n += b >= 0xf0 ? 2 : 1;
  }
  return n;
}

/**
 * Redacts, then cuts, a captured body: the marker counts what was left out of
 * the redacted text, as when the whole body was redacted (exact unless secrets
 * lie past the margin, which are dropped with the rest).
 */
export function journalBody(c: CapturedBody, limit: number): string {
  const redacted = redactText(c.head).text;
  if (c.head.length === c.length) return truncateBody(redacted, limit);
  const length = c.length + (redacted.length - c.head.length);
  return `${redacted.slice(0, limit)}…[truncated ${length - limit} characters]`;
}

function journalSize(option: number | undefined): number {
  if (option !== undefined) return option;
  const env = Number(process.env.LEDGERQ_JOURNAL_SIZE);
  return process.env.LEDGERQ_JOURNAL_SIZE !== undefined && Number.isInteger(env) && env >= 0
    ? env
    : DEFAULT_JOURNAL_SIZE;
}

function bodyText(body: unknown): string {
  if (typeof body === 'string') return body;
  if (Buffer.isBuffer(body)) return body.toString('utf8');
  if (body === undefined || body === null) return '';
  if (typeof body === 'symbol') return '[body over the size limit: not read]';
  return JSON.stringify(body);
}

/** The company a request body signs in to: an XML login's companyid, or a REST username `user@company`. */
export function companyNamedIn(body: string): string | null {
  const xml = /<companyid>([^<]+)<\/companyid>/.exec(body);
  if (xml) return xml[1]!.trim();
  const form = /(?:^|&)username=[^&@]*(?:@|%40)([^&|%]+)/.exec(body);
  if (form) return decodeURIComponent(form[1]!);
  const json = /"username"\s*:\s*"[^"@]*@([^"|]+)"/.exec(body);
  return json ? json[1]! : null;
}

/**
 * The company a request belongs to: what sign-in or the token said, else what
 * the request names (a failed login, a token request), else the company of the
 * refresh or revoked token it sends (tokens are stored as SHA-256 hashes).
 */
async function companyOf(db: Database, known: string | null, body: string): Promise<string | null> {
  if (known) return known;
  const named = companyNamedIn(body);
  if (named) return named;
  const token =
    /(?:^|&)(?:refresh_token|token)=([^&]+)/.exec(body) ?? /"(?:refresh_token|token)"\s*:\s*"([^"]+)"/.exec(body);
  if (!token) return null;
  const hash = createHash('sha256').update(decodeURIComponent(token[1]!)).digest('hex');
  const [row] = await db.all<{ company_id: string }>(
    sql`SELECT c.company_id FROM lq_oauth_token t JOIN lq_company c ON c.company_key = t.company_key WHERE t.token_hash = ${p(hash)}`,
  );
  return row?.company_id ?? null;
}

/** The operation the route or protocol named; an XML request refused before its functions were read names them here. */
export function operationOf(known: string, body: string): string {
  if (known !== 'xml:') return known;
  const names = [...body.matchAll(/<function\b[^>]*>\s*<([A-Za-z_][\w.-]*)/g)].map((m) => m[1]);
  return `xml:${names.join(',')}`;
}

function pickHeaders(all: Record<string, unknown>, names: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const n of names) {
    const v = all[n];
    if (v !== undefined) out[n] = Array.isArray(v) ? v.join(', ') : String(v);
  }
  return out;
}

export function redactHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([n, v]) => [n, redactHeader(n, v)]));
}

const STREAMED = '[streamed body: not recorded]';

export function registerJournal(app: FastifyInstance, opts: JournalOptions): void {
  const keep = journalSize(opts.size);
  if (keep === 0) return;
  const buffer = openJournalBuffer(opts.db, (err) => app.log.warn({ err }, 'request journal: entries not recorded'));
  app.addHook('onClose', async () => buffer.close());

  // onSend only keeps the response's head (and the time it took); nothing is written or scanned before the client has
  // its answer.
  app.addHook('onSend', async (req, _reply, payload) => {
    if (!req.lq || !JOURNALED.has(req.lq.route.auth)) return payload;
    const at = req.lq.startedAt;
    const body = captureBody(
      typeof payload === 'string' || Buffer.isBuffer(payload) ? payload : payload == null ? '' : STREAMED,
      RESPONSE_BODY_LIMIT,
    );
    req.lq.sent = { body, durationMs: Date.now() - at };
    return payload;
  });
  // onResponse: the answer is out. The entry is captured here and prepared (company, redaction, truncation) when the
  // buffer flushes.
  app.addHook('onResponse', async (req, reply) => {
    const response = req.lq?.sent;
    if (!response) return;
    const at = req.lq.startedAt;
    const rawBody = req.body;
    const requestHeaders = pickHeaders(req.headers, KEPT_REQUEST_HEADERS);
    const responseHeaders = pickHeaders(reply.getHeaders() as Record<string, unknown>, KEPT_RESPONSE_HEADERS);
    const status = reply.statusCode;
    const { fault, companyId, operation } = req.lq;
    const { method, url } = req;
    buffer.push(
      async () => {
        const requestBody = bodyText(rawBody);
        const company = await companyOf(opts.db, companyId, requestBody);
        if (!company) return null;
        return {
          company,
          atMs: at,
          durationMs: response.durationMs,
          method,
          url,
          operation: operationOf(operation, requestBody),
          request: {
            headers: redactHeaders(requestHeaders),
            body: journalBody(captureBody(requestBody, REQUEST_BODY_LIMIT), REQUEST_BODY_LIMIT),
          },
          response: {
            status,
            headers: redactHeaders(responseHeaders),
            body: journalBody(response.body, RESPONSE_BODY_LIMIT),
          },
          fault,
        };
      },
      keep,
      companyId === null ? null : journalCompanyKey(companyId),
      // What the pending entry holds on to: the response's head and the request body.
      response.body.head.length + (typeof rawBody === 'string' ? rawBody.length : 0),
    );
  });
}
