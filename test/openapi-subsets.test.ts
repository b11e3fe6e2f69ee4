// The saved subsets of Intacct's REST OpenAPI (scripts/openapi-subsets/*.json, read from
// lorenz-bus-service/node-intacct-rest-api spec/<application>.json) stay usable by the scripts that read them
// (scripts/extract-openapi-fields.mjs, scripts/apply-openapi-markers.mjs): each parses, names only catalog objects'
// schemas, their RequiredProperties and the shared schemas they reference, and every $ref resolves inside its file
// or is listed as deliberately not saved.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const dir = fileURLToPath(new URL('../scripts/openapi-subsets/', import.meta.url));
const catalogPath = fileURLToPath(new URL('../src/catalog/standard-objects.json', import.meta.url));
const restNames = new Set(
  (JSON.parse(readFileSync(catalogPath, 'utf8')) as { restName?: string }[]).flatMap((o) =>
    o.restName ? [o.restName] : [],
  ),
);

interface Subset {
  source?: { repository: string; path: string; commit: string };
  'x-ledgerq-unsaved-refs'?: string[];
  components: { schemas: Record<string, unknown> };
}

const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
const OBJECT = /^objects\.([a-z-]+)\.([a-z-]+)$/;
const SHARED = /^[a-z][a-z0-9-]*(\.s\d+)?$/;

function refsOf(value: unknown, into: Set<string>): Set<string> {
  if (Array.isArray(value)) for (const v of value) refsOf(v, into);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string') into.add(v);
      else refsOf(v, into);
    }
  }
  return into;
}

describe('OpenAPI schema subsets', () => {
  it('are there', () => {
    expect(files.length).toBeGreaterThanOrEqual(5);
  });

  for (const file of files) {
    describe(file, () => {
      const subset = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Subset;
      const schemas = subset.components.schemas;
      const names = Object.keys(schemas);
      const objects = names.flatMap((n) => {
        const m = OBJECT.exec(n);
        return m ? [{ app: m[1] as string, name: m[2] as string }] : [];
      });

      it('names its source when it was written with one', () => {
        if (subset.source) {
          expect(subset.source.repository).toBe('lorenz-bus-service/node-intacct-rest-api');
          expect(subset.source.path).toBe(`spec/${file}`);
          expect(subset.source.commit).toMatch(/^[0-9a-f]{40}$/);
        }
        expect(objects.length).toBeGreaterThan(0);
      });

      it('saves only catalog objects, their RequiredProperties and shared schemas', () => {
        for (const n of names) {
          const m = OBJECT.exec(n);
          if (m) expect(restNames.has(`${m[1]}/${m[2]}`), `${n} is no catalog object's restName`).toBe(true);
          else if (n.endsWith('RequiredProperties')) {
            // Named `<app>-<name>`, `<name>` (time) or camel-cased (expenses' employeeExpensePaymentType…).
            const flat = (s: string) => s.replaceAll('-', '').toLowerCase();
            const owns = (app: string, name: string) =>
              [`${app}-${name}`, name].some((stem) => flat(n) === flat(`${stem}RequiredProperties`));
            // Saved alone where the object's properties are transcribed in src/writes/rest-reference-*.ts
            // (vendor, customer, bill …): scripts/apply-openapi-markers.mjs reads them there.
            const owner =
              objects.some((o) => owns(o.app, o.name)) ||
              [...restNames].some((r) => owns(r.split('/')[0]!, r.split('/')[1]!));
            expect(owner, `${n} belongs to no catalog object`).toBe(true);
          } else expect(n, 'shared schema name').toMatch(SHARED);
        }
      });

      it('resolves every $ref inside the file, or lists it as a schema not saved', () => {
        const unsaved = new Set(subset['x-ledgerq-unsaved-refs'] ?? []);
        for (const ref of refsOf(schemas, new Set())) {
          expect(ref).toMatch(/^#\/components\/schemas\//);
          const target = ref.slice('#/components/schemas/'.length);
          if (target in schemas) continue;
          expect(unsaved.has(target), `${ref} does not resolve in ${file}`).toBe(true);
        }
        for (const name of unsaved) {
          expect(name in schemas, `${name} is saved yet listed as unsaved`).toBe(false);
          // Object schemas, or shared schemas not read yet (the fields under them stay unmarked).
          expect(OBJECT.test(name) || SHARED.test(name), `${name} is no schema name`).toBe(true);
        }
      });
    });
  }
});
