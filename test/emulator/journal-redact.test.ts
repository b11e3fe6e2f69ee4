// The journal's redaction skips a pattern when the text holds none of its needles: the same redacted text and secrets
// as running every pattern, checked on random texts made of the secret-bearing pieces the patterns look for.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aliasOf, REDACTED, redactText } from '../../src/emulator/journal-redact.ts';

/**
 * Every pattern run unconditionally, as redactText did before its needles: the reference it must equal. The patterns
 * are written out again here on purpose, so a pattern changed in src without its needles fails this test.
 */
function redactEveryPattern(text: string): { text: string; secrets: { kind: string; alias: string; value: string }[] } {
  const rules: [RegExp, 'session' | 'token' | null][] = [
    [/(<password>)([^<]*)(<\/password>)/g, null],
    [/(<sessionid>)([^<]+)(<\/sessionid>)/g, 'session'],
    [/((?:^|&)(?:client_secret|password)=)([^&]*)()/g, null],
    [/((?:^|&)(?:refresh_token|access_token|token)=)([^&]*)()/g, 'token'],
    [/("(?:client_secret|password)"\s*:\s*")((?:[^"\\]|\\.)*)(")/g, null],
    [/("(?:access_token|refresh_token|token)"\s*:\s*")((?:[^"\\]|\\.)*)(")/g, 'token'],
  ];
  const isAlias = (v: string) => /^\[(session|token):[0-9a-f]{12}\]$/.test(v) || v === REDACTED;
  const found: { at: number; secret: { kind: string; alias: string; value: string } }[] = [];
  let out = text;
  for (const [pattern, kind] of rules)
    out = out.replace(pattern, (_m, before: string, value: string, after: string, offset: number) => {
      if (isAlias(value) || value === '') return `${before}${value}${after}`;
      if (kind === null) return `${before}${REDACTED}${after}`;
      const decoded = before.endsWith('=') ? decodeURIComponent(value.replace(/\+/g, ' ')) : value;
      const alias = aliasOf(kind, decoded);
      found.push({ at: offset, secret: { kind, alias, value: decoded } });
      return `${before}${alias}${after}`;
    });
  return { text: out, secrets: found.sort((a, b) => a.at - b.at).map((f) => f.secret) };
}

const piece = fc.oneof(
  fc.constantFrom(
    '<password>',
    '</password>',
    '<sessionid>',
    '</sessionid>',
    'password=',
    'client_secret=',
    'token=',
    'access_token=',
    'refresh_token=',
    '&',
    '"password"',
    '"client_secret"',
    '"token"',
    '"access_token"',
    ': "',
    ':"',
    '"',
    '\\"',
    '[redacted]',
    `[token:${'a'.repeat(12)}]`,
    '<query><object>APBILL</object></query>',
  ),
  fc.string({ maxLength: 8 }),
  fc.stringMatching(/^[a-z0-9]{1,10}$/),
);

describe('journal redaction', () => {
  it('gives what running every pattern gives', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 14 }), (pieces) => {
        const text = pieces.join('');
        let expected: ReturnType<typeof redactEveryPattern> | { error: string };
        try {
          expected = redactEveryPattern(text);
        } catch (e) {
          expected = { error: String(e) };
        }
        let actual: ReturnType<typeof redactText> | { error: string };
        try {
          actual = redactText(text);
        } catch (e) {
          actual = { error: String(e) };
        }
        expect(actual).toEqual(expected);
      }),
      { numRuns: 3000, seed: 20261206 },
    );
  });

  it('still redacts each kind of secret', () => {
    expect(redactText('<login><password>pw</password></login>').text).toBe(
      `<login><password>${REDACTED}</password></login>`,
    );
    expect(redactText('grant_type=x&client_secret=s3&token=t1').text).toBe(
      `grant_type=x&client_secret=${REDACTED}&token=${aliasOf('token', 't1')}`,
    );
    expect(redactText('{"access_token": "abc"}').text).toBe(`{"access_token": "${aliasOf('token', 'abc')}"}`);
  });
});
