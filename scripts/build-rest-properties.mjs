// Derives the REST property lists of every catalog object with a REST name from the saved schemas of Intacct's REST
// OpenAPI (scripts/openapi-subsets/*.json, verbatim subsets of lorenz-bus-service/node-intacct-rest-api
// spec/<application>.json) into src/writes/rest-properties.json, which the REST body check reads (issue 17: a body key
// the OpenAPI lists as writable is accepted, one it marks readOnly is refused with a value, one it does not list is
// refused by name). `--check` builds in memory and fails when the committed file differs (test/rest-properties.test.ts
// does the same), so the list never drifts from the subsets.
//
//   node scripts/build-rest-properties.mjs          write src/writes/rest-properties.json
//   node scripts/build-rest-properties.mjs --check  exit 1 when it differs from the build
//
// Per object `<app>/<name>`, the schema `objects.<app>.<name>` (or `<app>-<name>`, as contracts' billing schedule is
// named) is flattened into dot paths (`contacts.default.email1`), each with:
// - type: `string`, `number`, `integer`, `boolean`, `array` (its `items` the owned record's schema name, where the
//   items are a `$ref`), or `object` (a nested object, listed before its own properties);
// - readOnly / writeOnly / deprecated: the property's, inherited from every enclosing object (audit.s1 and entity-ref
//   are readOnly as a whole, so each of their properties is) and from the schemas an `allOf` or `$ref` names;
// - enum: the enum's values besides null.
// `href` is left out (the body check ignores it at any depth). A `$ref` resolves in its own file, else in the first file
// (by name) that holds a complete copy of that shared schema: the subsets share schemas by name across files (their
// README), and a copy marked partial (`x-ledgerq-note`: "partial: …") gives way to a complete one. A property under a
// `$ref` no subset holds (`x-ledgerq-unsaved-refs`) is left out with all it holds: only the catalog's fields there are
// accepted, the stricter reading. Arrays' items are not flattened: an array of owned records is accepted as a list.

import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadData } from './build-catalog.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const subsetDir = join(root, 'scripts', 'openapi-subsets');
const outPath = join(root, 'src', 'writes', 'rest-properties.json');
const SPEC_REPO = 'lorenz-bus-service/node-intacct-rest-api';
const REF = '#/components/schemas/';

/** The subsets by file name: their schemas and the spec file and commit they were read from. */
function loadSubsets() {
  return readdirSync(subsetDir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => {
      const spec = JSON.parse(readFileSync(join(subsetDir, file), 'utf8'));
      // accounts-receivable.json names its source only in its note (same repository and commit as the others).
      const source = spec.source ?? { repository: SPEC_REPO, path: `spec/${file}`, commit: null };
      return { file, source, schemas: spec.components?.schemas ?? {} };
    });
}

const isPartial = (s) => typeof s?.['x-ledgerq-note'] === 'string' && s['x-ledgerq-note'].startsWith('partial');

/** A named schema as seen from `file`: its own copy unless partial, else the first complete copy, else any copy. */
function resolver(subsets) {
  return (name, file) => {
    const own = subsets.find((s) => s.file === file)?.schemas[name];
    if (own && !isPartial(own)) return { schema: own, file };
    const complete = subsets.find((s) => s.schemas[name] && !isPartial(s.schemas[name]));
    if (complete) return { schema: complete.schemas[name], file: complete.file };
    return own ? { schema: own, file } : null;
  };
}

/**
 * The schema with every `$ref` replaced by what it names (resolved from the file that holds the reference), an
 * array's items by their schema name (`x-items`), and a reference no subset holds by `{x-unresolved: name}`.
 */
function inline(node, file, resolve, stack) {
  if (!node || typeof node !== 'object') return node;
  if (node.$ref) {
    const { $ref, ...rest } = node;
    const name = $ref.startsWith(REF) ? $ref.slice(REF.length) : $ref;
    const target = stack.includes(name) ? null : resolve(name, file);
    const inner = target ? inline(target.schema, target.file, resolve, [...stack, name]) : { 'x-unresolved': name };
    return Object.keys(rest).length ? { allOf: [inner, inline(rest, file, resolve, stack)] } : inner;
  }
  const out = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === 'items') {
      const ref = v?.$ref;
      out['x-items'] = typeof ref === 'string' && ref.startsWith(REF) ? ref.slice(REF.length) : null;
    } else if (k === 'properties')
      out.properties = Object.fromEntries(Object.entries(v).map(([p, s]) => [p, inline(s, file, resolve, stack)]));
    else if (k === 'allOf' || k === 'anyOf' || k === 'oneOf') out[k] = v.map((s) => inline(s, file, resolve, stack));
    else out[k] = v;
  }
  return out;
}

const FLAGS = ['readOnly', 'writeOnly', 'deprecated'];

/** Two schemas as one: types and enums the first gives, flags of either, properties of both (merged by name). */
function combine(a, b) {
  const out = { ...b, ...a };
  for (const f of FLAGS) if (a[f] === true || b[f] === true) out[f] = true;
  if (a.properties || b.properties) {
    const props = { ...(b.properties ?? {}) };
    for (const [k, v] of Object.entries(a.properties ?? {})) props[k] = props[k] ? { allOf: [v, props[k]] } : v;
    out.properties = props;
  }
  for (const k of ['type', 'enum', 'x-items']) if (a[k] === undefined && b[k] !== undefined) out[k] = b[k];
  return out;
}

/** An inlined schema with its `allOf` folded in; null when it, or a part of it, is a schema no subset holds. */
function effective(node) {
  if (node['x-unresolved']) return null;
  if (!node.allOf) return node;
  const { allOf, ...own } = node;
  let out = own;
  for (const part of allOf) {
    const e = effective(part);
    if (!e) return null;
    out = combine(out, e);
  }
  return out;
}

const SCALARS = new Set(['string', 'number', 'integer', 'boolean']);

/** The dot paths under `node` with their descriptions, in schema order. */
function flatten(node, prefix, inherited, out, where) {
  for (const [name, raw] of Object.entries(node.properties ?? {})) {
    if (name === 'href') continue;
    const path = prefix ? `${prefix}.${name}` : name;
    const e = effective(raw);
    if (!e) continue;
    const flags = Object.fromEntries(FLAGS.filter((f) => inherited[f] || e[f] === true).map((f) => [f, true]));
    if (e.type === 'array' || 'x-items' in e) {
      out[path] = { type: 'array', ...flags, ...(e['x-items'] ? { items: e['x-items'] } : {}) };
    } else if (e.properties || e.type === 'object') {
      out[path] = { type: 'object', ...flags };
      flatten(e, path, { ...inherited, ...flags }, out, where);
    } else {
      const type = e.type ?? (Array.isArray(e.enum) ? 'string' : undefined);
      if (!SCALARS.has(type)) throw new Error(`${where} ${path}: no type in ${JSON.stringify(raw)}`);
      const values = Array.isArray(e.enum) ? e.enum.filter((v) => v !== null).map(String) : null;
      out[path] = { type, ...flags, ...(values ? { enum: values } : {}) };
    }
  }
  return out;
}

/** The property lists of the catalog's REST objects whose schema a subset holds, by REST name. */
export function restProperties(objects = loadData(), subsets = loadSubsets()) {
  const resolve = resolver(subsets);
  const lists = {};
  for (const restName of objects.flatMap((o) => (o.restName ? [o.restName] : [])).sort()) {
    const [app, name] = restName.split('/');
    const schemaName = [`objects.${app}.${name}`, `${app}-${name}`].find((n) => subsets.some((s) => s.schemas[n]));
    if (!schemaName) continue;
    const holder = subsets.find((s) => s.schemas[schemaName]);
    const e = effective(inline(holder.schemas[schemaName], holder.file, resolve, [schemaName]));
    if (!e?.properties) continue;
    const { repository, path, commit } = holder.source;
    lists[restName] = {
      schema: `${repository} ${path}${commit ? `@${commit}` : ''} components.schemas["${schemaName}"]`,
      saved: `scripts/openapi-subsets/${holder.file}`,
      properties: flatten(e, '', {}, {}, schemaName),
    };
  }
  return lists;
}

/** The file's text: one property a line, so that a change to a schema shows as a change to its lines. */
export function render(lists = restProperties()) {
  const lines = [
    '{',
    `  "generatedBy": ${JSON.stringify('node scripts/build-rest-properties.mjs from scripts/openapi-subsets/*.json; do not edit (test/rest-properties.test.ts checks it is the build)')},`,
    `  "source": ${JSON.stringify(`${SPEC_REPO} spec/<application>.json, saved verbatim in scripts/openapi-subsets/ (see its README.md)`)},`,
    '  "objects": {',
  ];
  const objects = Object.entries(lists);
  objects.forEach(([restName, o], i) => {
    lines.push(`    ${JSON.stringify(restName)}: {`);
    lines.push(`      "schema": ${JSON.stringify(o.schema)},`);
    lines.push(`      "saved": ${JSON.stringify(o.saved)},`);
    lines.push('      "properties": {');
    const props = Object.entries(o.properties);
    for (const [j, [p, d]] of props.entries())
      lines.push(`        ${JSON.stringify(p)}: ${JSON.stringify(d)}${j < props.length - 1 ? ',' : ''}`);
    lines.push('      }');
    lines.push(`    }${i < objects.length - 1 ? ',' : ''}`);
  });
  lines.push('  }', '}', '');
  return lines.join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const text = render();
  if (process.argv.includes('--check')) {
    if (readFileSync(outPath, 'utf8') !== text) {
      console.error(
        'src/writes/rest-properties.json differs from the build: run node scripts/build-rest-properties.mjs',
      );
      process.exit(1);
    }
  } else {
    writeFileSync(outPath, text);
    const lists = restProperties();
    const n = Object.values(lists).reduce((k, o) => k + Object.keys(o.properties).length, 0);
    console.log(`${Object.keys(lists).length} objects, ${n} properties → src/writes/rest-properties.json`);
  }
}
