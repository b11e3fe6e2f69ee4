// The request journal in the database: the last N requests and responses per company, shared by every process and kept
// across restarts.

import type { Database } from '../store/database.ts';
import { join, p, sql } from '../store/sql.ts';
import type { TableSpec } from '../store/table-spec.ts';

/** Requests kept per company unless LEDGERQ_JOURNAL_SIZE (or the app option) says otherwise; 0 turns the journal off. */
export const DEFAULT_JOURNAL_SIZE = 1000;

/** Request bodies stay whole up to this size (replay needs them); responses are compared on their first bytes only. */
export const REQUEST_BODY_LIMIT = 1024 * 1024;
export const RESPONSE_BODY_LIMIT = 64 * 1024;

/** The fault id `ledgerq record` writes on an exchange the upstream did not answer whole (timed out, refused, cut off). */
export const UPSTREAM_FAULT = 'upstream';

/** Cuts a body at `limit` characters with a marker saying how much was left out. */
export function truncateBody(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit)}…[truncated ${text.length - limit} characters]`;
}

export const JOURNAL_TABLES: readonly TableSpec[] = [
  {
    name: 'lq_journal',
    scope: 'server',
    columns: [
      { name: 'id', kind: 'serial', notNull: true },
      // The company id as clients write it: a failed sign-in to an unknown company is still journaled under what it
      // named.
      { name: 'company_id', kind: 'text', notNull: true, formerNames: ['company'] },
      { name: 'at_ms', kind: 'bigint', notNull: true },
      { name: 'duration_ms', kind: 'integer', notNull: true },
      { name: 'method', kind: 'text', notNull: true },
      { name: 'url', kind: 'text', notNull: true },
      { name: 'operation', kind: 'text', notNull: false },
      { name: 'request_headers', kind: 'text', notNull: true },
      { name: 'request_body', kind: 'text', notNull: true },
      { name: 'status', kind: 'integer', notNull: true },
      { name: 'response_headers', kind: 'text', notNull: true },
      { name: 'response_body', kind: 'text', notNull: true },
      { name: 'fault', kind: 'text', notNull: false },
      // Set when the exchange held a NUL character, which PostgreSQL's text cannot store: its url, operation and
      // bodies are then kept as JSON strings (reversible), so both databases journal the same exchange.
      { name: 'escaped', kind: 'boolean', notNull: false },
    ],
    primaryKey: [],
    indexes: [{ name: 'ix_lq_journal_company_id', columns: ['company_id', 'id'], unique: false }],
  },
];

/** One journaled exchange, as the admin API returns it and `ledgerq admin journal --export` writes it (one JSON object per line). */
export interface JournalEntry {
  readonly id: number;
  readonly company: string;
  /** ISO instant the request arrived. */
  readonly at: string;
  readonly durationMs: number;
  readonly method: string;
  readonly url: string;
  /** `xml:query,readMore` (the request's functions) or `rest:POST /services/core/query`. */
  readonly operation: string | null;
  readonly request: { readonly headers: Readonly<Record<string, string>>; readonly body: string };
  readonly response: {
    readonly status: number;
    readonly headers: Readonly<Record<string, string>>;
    readonly body: string;
  };
  /** The fault rule that fired on the request, if any. */
  readonly fault: { readonly id: string; readonly description: string } | null;
}

export type NewJournalEntry = Omit<JournalEntry, 'id' | 'at'> & { readonly atMs: number };

/** Appends an exchange and drops the company's entries beyond the newest `keep`. */
export async function appendJournal(db: Database, e: NewJournalEntry, keep: number): Promise<void> {
  await appendJournalBatch(db, [{ entry: e, keep }]);
}

const NUL = '\u0000';

/** Text as stored: unchanged unless the row is escaped, then a JSON string, which spells NUL as `\u0000`. */
function stored(text: string, escaped: boolean): string {
  return escaped ? JSON.stringify(text) : text;
}

function unstored(text: string, escaped: boolean): string {
  return escaped ? (JSON.parse(text) as string) : text;
}

/** A company id as a journal key: NUL (never part of a real company id) becomes U+FFFD. */
export function journalCompanyKey(company: string): string {
  return company.toLowerCase().replaceAll(NUL, '\uFFFD');
}

function needsEscape(e: NewJournalEntry): boolean {
  return [e.method, e.url, e.operation ?? '', e.request.body, e.response.body].some((t) => t.includes(NUL));
}

/** Rows per INSERT: 14 parameters each, well under either database's limit on bound parameters. */
const ROWS_PER_INSERT = 500;

/**
 * Appends exchanges in one transaction (multi-row inserts, in order), then
 * drops each company's entries beyond the newest `keep` (the last one given
 * for that company): one trim per company, not one per entry.
 */
export async function appendJournalBatch(
  db: Database,
  entries: readonly { entry: NewJournalEntry; keep: number }[],
): Promise<void> {
  if (entries.length === 0) return;
  const keepOf = new Map<string, number>();
  for (const { entry, keep } of entries) keepOf.set(journalCompanyKey(entry.company), keep);
  await db.transaction(async (tx) => {
    for (let i = 0; i < entries.length; i += ROWS_PER_INSERT) {
      const rows = entries.slice(i, i + ROWS_PER_INSERT).map(({ entry: e }) => {
        const x = needsEscape(e);
        const op = e.operation === null ? null : stored(e.operation, x);
        return sql`(${p(journalCompanyKey(e.company))}, ${p(e.atMs)}, ${p(e.durationMs)}, ${p(stored(e.method, x))}, ${p(stored(e.url, x))},
        ${p(op)}, ${p(JSON.stringify(e.request.headers))}, ${p(stored(e.request.body, x))}, ${p(e.response.status)}, ${p(JSON.stringify(e.response.headers))},
        ${p(stored(e.response.body, x))}, ${p(e.fault ? JSON.stringify(e.fault) : null)}, ${p(x)})`;
      });
      await tx.run(sql`INSERT INTO lq_journal (company_id, at_ms, duration_ms, method, url, operation, request_headers, request_body, status, response_headers, response_body, fault, escaped)
        VALUES ${join(rows, ', ')}`);
    }
    for (const [company, keep] of keepOf) {
      await tx.run(sql`DELETE FROM lq_journal WHERE company_id = ${p(company)} AND id <= (
        SELECT id FROM lq_journal WHERE company_id = ${p(company)} ORDER BY id DESC LIMIT 1 OFFSET ${p(keep)})`);
    }
  });
}

interface JournalRow {
  id: number | string;
  company: string;
  at_ms: number | string;
  duration_ms: number | string;
  method: string;
  url: string;
  operation: string | null;
  request_headers: string;
  request_body: string;
  status: number | string;
  response_headers: string;
  response_body: string;
  fault: string | null;
  escaped: boolean | number | null;
}

function toEntry(r: JournalRow): JournalEntry {
  const x = Boolean(r.escaped);
  return {
    id: Number(r.id),
    company: r.company,
    at: new Date(Number(r.at_ms)).toISOString(),
    durationMs: Number(r.duration_ms),
    method: unstored(r.method, x),
    url: unstored(r.url, x),
    operation: r.operation === null ? null : unstored(r.operation, x),
    request: { headers: JSON.parse(r.request_headers) as Record<string, string>, body: unstored(r.request_body, x) },
    response: {
      status: Number(r.status),
      headers: JSON.parse(r.response_headers) as Record<string, string>,
      body: unstored(r.response_body, x),
    },
    fault: r.fault ? (JSON.parse(r.fault) as JournalEntry['fault']) : null,
  };
}

/** The company's newest `limit` entries (after `afterId`, if given), oldest first: the order replay sends them in. */
export async function readJournal(db: Database, company: string, limit: number, afterId = 0): Promise<JournalEntry[]> {
  const rows = await db.all<JournalRow>(sql`SELECT * FROM (
      SELECT id, company_id AS company, at_ms, duration_ms, method, url, operation, request_headers, request_body, status, response_headers, response_body, fault, escaped
      FROM lq_journal WHERE company_id = ${p(journalCompanyKey(company))} AND id > ${p(afterId)} ORDER BY id DESC LIMIT ${p(limit)}) newest
    ORDER BY id`);
  return rows.map(toEntry);
}

export async function clearJournal(db: Database, company: string): Promise<number> {
  return db.run(sql`DELETE FROM lq_journal WHERE company_id = ${p(journalCompanyKey(company))}`);
}
