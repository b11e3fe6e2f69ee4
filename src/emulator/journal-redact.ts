// Takes secrets out of journaled bodies and headers: passwords become [redacted], sessions and tokens a stable alias
// replay can map.

import { createHash } from 'node:crypto';

export type SecretKind = 'session' | 'token';

/** A secret found in a text, in order of appearance, with the alias that replaced it. */
export interface FoundSecret {
  readonly kind: SecretKind;
  readonly alias: string;
  readonly value: string;
}

export const REDACTED = '[redacted]';

/** Matches an alias written by `aliasOf`; replay reads them back. */
export const ALIAS_PATTERN = /\[(session|token):([0-9a-f]{12})\]/g;

/** The same secret always gets the same alias, so a session seen in a response is recognised in later requests; the hash reveals nothing usable. */
export function aliasOf(kind: SecretKind, value: string): string {
  return `[${kind}:${createHash('sha256').update(value).digest('hex').slice(0, 12)}]`;
}

const isAlias = (v: string) => /^\[(session|token):[0-9a-f]{12}\]$/.test(v) || v === REDACTED;

interface Rule {
  readonly pattern: RegExp;
  /** Text every match contains: a body holding none of them is not scanned by the pattern (most bodies hold none). */
  readonly needles: readonly string[];
  /** null: a password, replaced by [redacted]; otherwise an aliased secret. */
  readonly kind: SecretKind | null;
}

/**
 * XML elements (`<password>`, `<sessionid>`), form fields and JSON members that
 * hold secrets. Group 1 is the text before the value, group 2 the value, group
 * 3 what follows it.
 */
const RULES: readonly Rule[] = [
  { pattern: /(<password>)([^<]*)(<\/password>)/g, needles: ['<password>'], kind: null },
  { pattern: /(<sessionid>)([^<]+)(<\/sessionid>)/g, needles: ['<sessionid>'], kind: 'session' },
  {
    pattern: /((?:^|&)(?:client_secret|password)=)([^&]*)()/g,
    needles: ['client_secret=', 'password='],
    kind: null,
  },
  { pattern: /((?:^|&)(?:refresh_token|access_token|token)=)([^&]*)()/g, needles: ['token='], kind: 'token' },
  {
    pattern: /("(?:client_secret|password)"\s*:\s*")((?:[^"\\]|\\.)*)(")/g,
    needles: ['"client_secret"', '"password"'],
    kind: null,
  },
  {
    pattern: /("(?:access_token|refresh_token|token)"\s*:\s*")((?:[^"\\]|\\.)*)(")/g,
    needles: ['token"'],
    kind: 'token',
  },
];

/** Replaces every secret of `text`; returns the redacted text and the aliased secrets in order of appearance. */
export function redactText(text: string): { text: string; secrets: FoundSecret[] } {
  const found: { at: number; secret: FoundSecret }[] = [];
  let out = text;
  for (const rule of RULES) {
    // A text holding none of the rule's needles cannot match its pattern.
    if (!rule.needles.some((n) => out.includes(n))) continue;
    out = out.replace(rule.pattern, (_m, before: string, value: string, after: string, offset: number) => {
      if (isAlias(value) || value === '') return `${before}${value}${after}`;
      if (rule.kind === null) return `${before}${REDACTED}${after}`;
      const decoded = before.endsWith('=') ? decodeURIComponent(value.replace(/\+/g, ' ')) : value;
      const alias = aliasOf(rule.kind, decoded);
      found.push({ at: offset, secret: { kind: rule.kind, alias, value: decoded } });
      return `${before}${alias}${after}`;
    });
  }
  // Offsets of different rules refer to slightly different texts; order by them is still the order of appearance for
  // non-overlapping secrets.
  return { text: out, secrets: found.sort((a, b) => a.at - b.at).map((f) => f.secret) };
}

/** Header values: a bearer token becomes its alias, Basic credentials and cookies are dropped. */
export function redactHeader(name: string, value: string): string {
  if (name === 'authorization') {
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(value);
    if (bearer) return isAlias(bearer[1]!) ? value : `Bearer ${aliasOf('token', bearer[1]!)}`;
    return `${value.split(/\s+/)[0]} ${REDACTED}`;
  }
  return value;
}
