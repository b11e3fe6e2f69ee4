// The committed catalog is the build of its data files (catalog/<module>/<OBJECT>.json): src/catalog/standard-objects.json
// and docs/objects.md must equal what scripts/build-catalog.mjs makes of them, and every object names its sources.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ESM script without type declarations
import { build, loadData } from '../scripts/build-catalog.mjs';

describe('catalog build', () => {
  it('matches the committed src/catalog/standard-objects.json and docs/objects.md', () => {
    const { json, doc } = build() as { json: string; doc: string };
    expect(readFileSync(new URL('../src/catalog/standard-objects.json', import.meta.url), 'utf8') === json).toBe(true);
    expect(readFileSync(new URL('../docs/objects.md', import.meta.url), 'utf8')).toBe(doc);
  });

  it('lists every object in docs/objects.md with its REST name, field count and sources', () => {
    const doc = readFileSync(new URL('../docs/objects.md', import.meta.url), 'utf8');
    for (const o of loadData() as {
      xmlName: string;
      restName: string | null;
      fields: unknown[];
      sources: string[];
    }[]) {
      const row = doc.split('\n').find((l) => l.startsWith(`| ${o.xmlName} |`));
      expect(row, o.xmlName).toBeDefined();
      expect(row).toContain(`| ${o.restName ?? '—'} | ${o.fields.length} |`);
      expect(o.sources.length, o.xmlName).toBeGreaterThan(0);
    }
  });
});
