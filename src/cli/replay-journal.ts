// Replays journaled requests, in order, against another server and compares each response with the recorded one.

import { DEMO_CREDENTIALS } from '../demo/seed-demo.ts';
import { ALIAS_PATTERN, REDACTED, redactText } from '../emulator/journal-redact.ts';
import { truncateBody, UPSTREAM_FAULT } from '../emulator/journal-store.ts';
import type { JournalEntry } from '../emulator/journal-store.ts';
import { firstDifference, generatedIds, normalizeBody } from './replay-compare.ts';

/** Passwords the journal redacted, needed to sign in again on the target. */
export interface ReplayCredentials {
  /** Sender id → sender password. */
  readonly senders: Readonly<Record<string, string>>;
  /** `company/user` (lower case) → password; also used for REST `username=user@company`. */
  readonly users: Readonly<Record<string, string>>;
  /** OAuth2 client id → secret. */
  readonly clients: Readonly<Record<string, string>>;
  /** Passwords for any sender, user or client the tables above do not name (`--sender-password`, `--password`, `--client-secret`). */
  readonly fallback?: { readonly sender?: string; readonly user?: string; readonly client?: string };
}

/** Who the replay signs in as instead of the recorded names (a real company's recording against a ledgerq company). */
export interface ReplayIdentity {
  readonly company?: string;
  readonly user?: string;
  readonly sender?: string;
  readonly clientId?: string;
}

/** A request's sign-in names replaced by `as`: XML login and sender, REST username and client_id. */
export function signInAs(body: string, as: ReplayIdentity): string {
  const xmlValue = (text: string, element: string, value: string | undefined) =>
    value === undefined
      ? text
      : text.replace(
          new RegExp(`(<${element}>)[^<]*(</${element}>)`),
          (_m, a: string, b: string) => `${a}${escapeXml(value)}${b}`,
        );
  let out = body.replace(/<control>[\s\S]*?<\/control>/, (c) => xmlValue(c, 'senderid', as.sender));
  out = out.replace(/<login>[\s\S]*?<\/login>/g, (l) =>
    xmlValue(xmlValue(l, 'companyid', as.company), 'userid', as.user),
  );
  const username = (value: string) => {
    const [name = '', rest = ''] = value.split('@');
    const [company = '', ...entity] = rest.split('|');
    return [`${as.user ?? name}@${as.company ?? company}`, ...entity].join('|');
  };
  out = out.replace(
    /((?:^|&)username=)([^&]*)/,
    (_m, a: string, v: string) => `${a}${encodeURIComponent(username(decodeURIComponent(v)))}`,
  );
  out = out.replace(
    /("username"\s*:\s*")([^"]*)(")/,
    (_m, a: string, v: string, b: string) => `${a}${username(v)}${b}`,
  );
  if (as.clientId !== undefined)
    out = out.replace(/((?:^|&)client_id=)[^&]*/, (_m, a: string) => `${a}${encodeURIComponent(as.clientId!)}`);
  return out;
}

/** The demo contract's logins: what `ledgerq replay` uses unless --credentials names a file. */
export function demoCredentials(): ReplayCredentials {
  const users: Record<string, string> = {};
  for (const u of DEMO_CREDENTIALS.users)
    for (const c of u.companies) users[`${c}/${u.userId}`.toLowerCase()] = u.password;
  return {
    senders: { [DEMO_CREDENTIALS.sender.senderId]: DEMO_CREDENTIALS.sender.password },
    users,
    clients: { [DEMO_CREDENTIALS.oauthClient.clientId]: DEMO_CREDENTIALS.oauthClient.secret },
  };
}

export type ReplayVerdict = 'same' | 'different' | 'not-sent';

export interface ReplayOutcome {
  readonly id: number;
  readonly method: string;
  readonly url: string;
  readonly operation: string | null;
  readonly verdict: ReplayVerdict;
  readonly recordedStatus: number;
  readonly actualStatus: number | null;
  /** Why it differs or was not sent. */
  readonly detail: string | null;
  /** The target's answer, redacted as the journal redacts (null when not sent or not answered). */
  readonly actual: { readonly status: number; readonly contentType: string; readonly body: string } | null;
}

export interface ReplaySummary {
  readonly outcomes: readonly ReplayOutcome[];
  readonly same: number;
  readonly different: number;
  readonly notSent: number;
}

/** Sign-ins the recorded response refused: a sender (control level), a user (authentication level), a REST token request. */
interface SignInFailures {
  readonly sender: boolean;
  readonly user: boolean;
  readonly client: boolean;
}

const NO_FAILURES: SignInFailures = { sender: false, user: false, client: false };

function signInFailures(e: JournalEntry): SignInFailures {
  const body = e.response.body;
  return {
    sender: /<control>\s*<status>failure<\/status>/.test(body) && body.includes('XL03000006'),
    user: /<authentication>\s*<status>failure<\/status>/.test(body),
    client: e.url.includes('/oauth2/') && e.response.status === 401,
  };
}

/** What replay learned so far: the target's session, token and generated id for each recorded one. */
class Substitutions {
  readonly secrets = new Map<string, string>();
  readonly ids = new Map<string, string>();
  missing: string[] = [];

  /**
   * `failed` names the sign-ins the recording failed: their redacted password
   * stays "[redacted]", a wrong one, so the target refuses them too.
   */
  apply(text: string, creds: ReplayCredentials, failed: SignInFailures = NO_FAILURES): string {
    const pick = (refused: boolean, table: Readonly<Record<string, string>>, key: string, fallback?: string) =>
      refused ? REDACTED : (table[key] ?? fallback);
    let out = text.replace(
      /(<senderid>([^<]*)<\/senderid>\s*<password>)\[redacted\](<\/password>)/,
      (m, before: string, sender: string, after: string) =>
        this.fill(
          pick(failed.sender, creds.senders, sender, creds.fallback?.sender),
          `sender ${sender}`,
          m,
          (v) => `${before}${escapeXml(v)}${after}`,
        ),
    );
    out = out.replace(/<login>([\s\S]*?)<\/login>/g, (m, inner: string) => {
      const user = /<userid>([^<]*)<\/userid>/.exec(inner)?.[1] ?? '';
      const company = /<companyid>([^<]*)<\/companyid>/.exec(inner)?.[1] ?? '';
      return m.replace(`<password>${REDACTED}</password>`, () =>
        this.fill(
          pick(failed.user, creds.users, `${company}/${user}`.toLowerCase(), creds.fallback?.user),
          `user ${user}@${company}`,
          `<password>${REDACTED}</password>`,
          (v) => `<password>${escapeXml(v)}</password>`,
        ),
      );
    });
    out = out.replace(/((?:^|&)client_secret=)\[redacted\]/, (m, before: string) => {
      const client = decodeURIComponent(/(?:^|&)client_id=([^&]*)/.exec(out)?.[1] ?? '');
      return this.fill(
        pick(failed.client, creds.clients, client, creds.fallback?.client),
        `client ${client}`,
        m,
        (v) => `${before}${encodeURIComponent(v)}`,
      );
    });
    out = out.replace(/((?:^|&)password=)\[redacted\]/, (m, before: string) => {
      const [user, company] = decodeURIComponent(/(?:^|&)username=([^&]*)/.exec(out)?.[1] ?? '')
        .split('|')[0]!
        .split('@');
      return this.fill(
        pick(failed.client, creds.users, `${company}/${user}`.toLowerCase(), creds.fallback?.user),
        `user ${user}@${company}`,
        m,
        (v) => `${before}${encodeURIComponent(v)}`,
      );
    });
    out = out.replace(ALIAS_PATTERN, (alias) =>
      this.fill(
        this.secrets.get(alias),
        `${alias} (a session or token obtained before the journal starts)`,
        alias,
        (v) => v,
      ),
    );
    for (const [recorded, actual] of this.ids) out = out.split(recorded).join(actual);
    return out;
  }

  private fill(value: string | undefined, what: string, unchanged: string, render: (v: string) => string): string {
    if (value === undefined) {
      this.missing.push(what);
      return unchanged;
    }
    return render(value);
  }

  /** Pairs the recorded response's aliases and generated ids with the target's, in order of appearance. */
  learn(recorded: string, actualRaw: string): void {
    const aliases = [...recorded.matchAll(ALIAS_PATTERN)].map((m) => m[0]);
    const actual = redactText(actualRaw).secrets;
    aliases.forEach((alias, i) => {
      if (actual[i]) this.secrets.set(alias, actual[i].value);
    });
    const recordedIds = generatedIds(recorded);
    const actualIds = generatedIds(actualRaw);
    recordedIds.forEach((id, i) => {
      if (actualIds[i] && actualIds[i] !== id) this.ids.set(id, actualIds[i]);
    });
  }
}

function escapeXml(v: string): string {
  return v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Where the recorded answer was cut (the journal's limit, or a recording's
 * larger one), so the target's answer is cut at the same place; an answer
 * recorded whole is compared whole.
 */
function bodyLimit(recorded: string): number {
  const m = /…\[truncated \d+ characters\]$/.exec(recorded);
  return m ? m.index : Number.POSITIVE_INFINITY;
}

const SENT_HEADERS = ['content-type', 'accept', 'authorization', 'x-ia-api-param-entity'];

export async function replayJournal(
  entries: readonly JournalEntry[],
  target: string,
  creds: ReplayCredentials = demoCredentials(),
  as: ReplayIdentity = {},
): Promise<ReplaySummary> {
  const base = target.replace(/\/+$/, '');
  const subs = new Substitutions();
  const outcomes: ReplayOutcome[] = [];
  for (const e of entries) {
    const head = { id: e.id, method: e.method, url: e.url, operation: e.operation, recordedStatus: e.response.status };
    if (e.fault?.id === UPSTREAM_FAULT) {
      // `ledgerq record` gave up on the upstream: there is no answer to compare with.
      outcomes.push({ ...head, verdict: 'not-sent', actualStatus: null, detail: e.fault.description, actual: null });
      continue;
    }
    if (/…\[truncated \d+ characters\]$/.test(e.request.body)) {
      outcomes.push({
        ...head,
        verdict: 'not-sent',
        actualStatus: null,
        detail: 'the journal truncated this request body',
        actual: null,
      });
      continue;
    }
    subs.missing = [];
    const body = subs.apply(signInAs(e.request.body, as), creds, signInFailures(e));
    const headers: Record<string, string> = {};
    for (const n of SENT_HEADERS)
      if (e.request.headers[n] !== undefined) headers[n] = subs.apply(e.request.headers[n]!, creds);
    if (subs.missing.length > 0) {
      outcomes.push({
        ...head,
        verdict: 'not-sent',
        actualStatus: null,
        detail: `no value for ${subs.missing.join(', ')}`,
        actual: null,
      });
      continue;
    }
    let status: number;
    let text: string;
    let contentType: string;
    try {
      const res = await fetch(`${base}${e.url}`, {
        method: e.method,
        headers,
        body: e.method === 'GET' || e.method === 'HEAD' ? undefined : body,
      });
      status = res.status;
      contentType = res.headers.get('content-type') ?? '';
      text = await res.text();
    } catch (err) {
      outcomes.push({
        ...head,
        verdict: 'different',
        actualStatus: null,
        detail: `no answer: ${(err as Error).message}`,
        actual: null,
      });
      continue;
    }
    subs.learn(e.response.body, text);
    const expected = normalizeBody(e.response.body);
    const redacted = truncateBody(redactText(text).text, bodyLimit(e.response.body));
    const actual = normalizeBody(redacted);
    const same = status === e.response.status && expected === actual;
    outcomes.push({
      ...head,
      verdict: same ? 'same' : 'different',
      actualStatus: status,
      detail: same
        ? null
        : status !== e.response.status
          ? `HTTP ${status}, recorded ${e.response.status}`
          : firstDifference(expected, actual),
      actual: { status, contentType, body: redacted },
    });
  }
  const count = (v: ReplayVerdict) => outcomes.filter((o) => o.verdict === v).length;
  return { outcomes, same: count('same'), different: count('different'), notSent: count('not-sent') };
}
