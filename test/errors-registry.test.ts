// The error registry is the only list of error codes: code never sends one it lacks, and docs/errors.md is its table.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ERRORS_DOC, renderErrorsDoc } from '../scripts/errors-doc.ts';
import { ERROR_REGISTRY, ERROR_STAGES, ERRORS_BY_STAGE } from '../src/errors.ts';

const SRC = fileURLToPath(new URL('../src/', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/**
 * A code where an error is made, sent or compared: `new LedgerqError('…'`, `code === '…'`, `error: '…'`, `errorId:
 * '…'`, `code: '…'` (an answer written by hand, like the admin API's old `{ error: 'admin.unauthorized' }`).
 */
const CODE_LITERAL =
  /(?:LedgerqError\(\s*|\bcode\s*[!=]==\s*|\berror(?:Id)?:\s*|\bcode:\s*)'((?:parse|auth|bind|limit|queue|write|store|config|admin)\.[a-z][a-z-]*|internal)'/g;

describe('the error registry', () => {
  it('docs/errors.md is the registry, stage by stage (npx tsx scripts/errors-doc.ts writes it)', () => {
    expect(readFileSync(ERRORS_DOC, 'utf8')).toBe(renderErrorsDoc());
  });

  it('every error code in the source is registered, so none reaches the wire unlisted', () => {
    const unregistered: string[] = [];
    let found = 0;
    for (const file of sources(SRC)) {
      for (const m of readFileSync(file, 'utf8').matchAll(CODE_LITERAL)) {
        found++;
        if (!(m[1]! in ERROR_REGISTRY)) unregistered.push(`${file.slice(SRC.length)}: ${m[1]}`);
      }
    }
    // The scan sees the codes thrown all over src/ (a broken pattern would find none and prove nothing).
    expect(found).toBeGreaterThan(200);
    expect(unregistered).toEqual([]);
  });

  it('each code belongs to one stage and has an XML error number, a REST status and a message', () => {
    const seen = new Set<string>();
    for (const stage of ERROR_STAGES) {
      for (const [code, spec] of Object.entries(ERRORS_BY_STAGE[stage])) {
        expect(seen.has(code), code).toBe(false);
        seen.add(code);
        expect(spec.xmlErrorNo, code).toMatch(/^[A-Z]{2}\d{8}$|^GW-\d{4}$/);
        expect(spec.restStatus, code).toBeGreaterThanOrEqual(400);
        expect(spec.message.length, code).toBeGreaterThan(0);
      }
    }
    expect(seen.size).toBe(Object.keys(ERROR_REGISTRY).length);
  });
});
