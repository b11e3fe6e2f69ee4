// Writes docs/errors.md from the error registry (src/errors.ts), one table per stage; `--check` exits 1 when the
// committed file differs (test/errors-registry.test.ts checks the same).
// Run: npx tsx scripts/errors-doc.ts [--check]

import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { ERROR_STAGES, ERRORS_BY_STAGE, type ErrorSpec } from '../src/errors.ts';

export const ERRORS_DOC = new URL('../docs/errors.md', import.meta.url);

const STAGE_TITLES: Record<(typeof ERROR_STAGES)[number], string> = {
  parse: 'Parse: reading the request',
  'sign-in': 'Sign-in: who is calling',
  bind: 'Bind: names and values against the catalog',
  execute: 'Execute: running an admitted request',
  write: 'Write: creates, updates and deletes',
  queue: 'Queue: offline jobs',
  admin: "Admin: the emulator's configuration and admin API",
};

export function renderErrorsDoc(): string {
  const out = [
    '# Errors',
    '',
    'Generated from the registry in `src/errors.ts` (`npx tsx scripts/errors-doc.ts`); a test keeps them equal.',
    '',
    'Every error ledgerq answers has a code. The XML gateway answers it as `<error>` with the code\'s error number',
    "(`errorno`), an empty `description` and the message in `description2`, as Intacct's own answers do",
    '(shared/protocol/intacct-responses.md, fact 15); the REST API and every other JSON route answer',
    '`{"ia::result": {"ia::error": {code, message, errorId, details}}}` with the code as `errorId` and the HTTP status',
    'below.',
    '',
  ];
  for (const stage of ERROR_STAGES) {
    out.push(`## ${STAGE_TITLES[stage]}`, '', '| code | XML errorno | REST status | message |', '| --- | --- | --- | --- |');
    const entries = Object.entries(ERRORS_BY_STAGE[stage] as Readonly<Record<string, ErrorSpec>>);
    for (const [code, spec] of entries) {
      // Placeholders such as <sender> stay visible: Markdown would take them for HTML tags.
      out.push(`| \`${code}\` | ${spec.xmlErrorNo} | ${spec.restStatus} | ${spec.message.replace(/</g, '&lt;')} |`);
    }
    out.push('');
  }
  return out.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const doc = renderErrorsDoc();
  if (!process.argv.includes('--check')) writeFileSync(ERRORS_DOC, doc);
  else if (readFileSync(ERRORS_DOC, 'utf8') !== doc) {
    console.error('docs/errors.md differs from the registry: run npx tsx scripts/errors-doc.ts');
    process.exit(1);
  }
}
