// Copies the markers Intacct's REST OpenAPI gives each property onto the catalog fields with that REST path (issue 16):
// writeOnly, deprecated, readOnly, required and the enum's REST values. It adds no field: a property without a catalog
// field is left out, and a catalog field the schema does not list keeps what it has.
//
//   npx tsx scripts/apply-openapi-markers.mjs && node scripts/build-catalog.mjs
//
// (tsx because it also reads the TypeScript transcription below.) Rerunning it changes nothing once applied.
//
// Reads, for each catalog object with a REST name `<app>/<name>`:
// - scripts/openapi-subsets/*.json: saved schemas of lorenz-bus-service/node-intacct-rest-api spec/<file>.json (any
//   JSON with `components.schemas`): `objects.<app>.<name>` (or `<app>-<name>`, as the schedules' are named), its `<app>-<name>RequiredProperties` (or
//   `<name>RequiredProperties`), and the schemas they `$ref` (audit.s1, entity-ref, status …, shared by name across files);
// - else src/writes/rest-reference-*.ts (REST_REFERENCE): the hand transcription of the same OpenAPI's properties
//   (vendor, customer, bill, invoice, payments, employee …), with the RequiredProperties a subset saves
//   for it (a subset may hold only that schema for such an object).
// Writes catalog/<module>/<OBJECT>.json (fields only; key order kept). Per field whose restPath is a schema property:
// - writeOnly / deprecated: the schema's (inherited from an enclosing object property or a `$ref`ed schema, as audit.s1
//   marks createdBy/modifiedBy), set or cleared;
// - readOnly / required where the schema says so (readOnly inherited as above; required from RequiredProperties, a
//   required reference `{key, id}` through its id): a field the XML reference does not hold so gets `restReadOnly` /
//   `restRequired` (src/catalog/raw.ts), which the REST model shows and XML writes ignore (REST requires APBILL
//   CURRENCY, create_bill does not); the catalog's own readOnly / required are left as they are;
// - markerSource: the repository, file and schema the markers come from;
// - enum: the schema's values (besides null) become the REST spellings. Each pairs with the catalog's value of the same
//   REST spelling, else of the same letters ignoring case and punctuation (`Partially Paid` ↔ `partiallyPaid`), else, when
//   the rest are as many on both sides, by position (marked `enumPairingInferred`); a REST value left alone is spelled
//   the same in XML (`enumXmlSpellingsInferred`, and named in the note). A text field the schema gives an enum stays text:
//   its XML spellings are unknown, and XML must keep taking them (VENDOR ACHACCOUNTTYPE `Savings` ↔ `savingsAccount`).
//   XML values the schema lacks are kept (XML still takes them) and named in the field's note. Confirmed REST spellings
//   drop `enumRestSpellingsInferred`.

import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { REST_REFERENCE, restProperty } from '../src/writes/rest-reference-fields.ts';
import { loadData, moduleOf } from './build-catalog.mjs';
import { requiredPaths } from './openapi-required.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const SPEC_REPO = 'lorenz-bus-service/node-intacct-rest-api';
const subsetDir = join(root, 'scripts', 'openapi-subsets');

const schemas = new Map(); // name → { schema, file }
for (const file of readdirSync(subsetDir)
  .filter((f) => f.endsWith('.json'))
  .sort()) {
  const spec = JSON.parse(readFileSync(join(subsetDir, file), 'utf8'));
  for (const [k, v] of Object.entries(spec.components?.schemas ?? {}))
    if (!schemas.has(k)) schemas.set(k, { schema: v, file });
}

const resolve = (s) => (s?.$ref ? (schemas.get(s.$ref.split('/').pop())?.schema ?? null) : s);
const enumOf = (s) => (Array.isArray(s.enum) ? s.enum.filter((v) => typeof v === 'string') : null);

/**
 * allOf parts' properties together. A property two parts both define keeps every marker either gives (annotations add
 * up: general-ledger budget's audit restates createdBy without audit.s1's deprecated, which still applies).
 */
function mergeProperties(a, b) {
  const out = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const x = resolve(out[k]);
    const y = resolve(v);
    if (!x || !y) out[k] = out[k] ?? v;
    else if (x.properties || y.properties)
      out[k] = { ...x, ...y, properties: mergeProperties(x.properties ?? {}, y.properties ?? {}) };
    else {
      out[k] = { ...x, ...y };
      for (const flag of ['readOnly', 'writeOnly', 'deprecated']) if (x[flag] || y[flag]) out[k][flag] = true;
    }
  }
  return out;
}

/** Leaf properties of a schema: path → { readOnly, writeOnly, deprecated, enum }; arrays (owned lines) are skipped. */
function flatten(schema, prefix, inherited, out) {
  for (const [name, raw] of Object.entries(schema.properties ?? {})) {
    const path = prefix ? `${prefix}.${name}` : name;
    let s = resolve(raw);
    if (!s || s.type === 'array' || raw.type === 'array') continue; // a schema the subsets lack: unknown, left alone
    const parts = s.allOf && !s.properties ? s.allOf.map(resolve) : null;
    if (parts?.includes(null)) continue;
    const flag = (k) => inherited[k] || raw[k] === true || s[k] === true || (parts ?? []).some((p) => p[k] === true);
    const flags = { readOnly: flag('readOnly'), writeOnly: flag('writeOnly'), deprecated: flag('deprecated') };
    // An allOf of scalar schemas (`allOf: [{$ref: status}]` beside readOnly) is a leaf with their enum, not an object.
    const scalarParts = parts && !parts.some((p) => p.properties || p.allOf);
    if (parts && !scalarParts)
      s = { properties: parts.reduce((acc, p) => mergeProperties(acc, p.properties ?? {}), {}) };
    if (s.properties) flatten(s, path, flags, out);
    else if (name !== 'href') {
      const partEnum = scalarParts ? (parts.map(enumOf).find((e) => e) ?? null) : null;
      out.set(path, { ...flags, enum: enumOf(s) ?? enumOf(raw) ?? partEnum });
    }
  }
  return out;
}

/** A schema whose properties are the allOf of its parts, given as one `properties` (as the schedules' are). */
function withAllOf(entry) {
  const s = entry?.schema;
  if (!s?.allOf || s.properties) return entry;
  const parts = s.allOf.map(resolve);
  if (parts.includes(null)) return entry;
  return { ...entry, schema: { properties: parts.reduce((acc, p) => mergeProperties(acc, p.properties ?? {}), {}) } };
}

/** The markers of an object's REST properties and where they come from, or null when no source has its schema. */
function markersOf(restName) {
  const [app, name] = restName.split('/');
  // The schedules' schemas are named `<app>-<name>` in the spec (contracts-billing-schedule: the allOf of the schedule
  // and its contract-schedule part), which their paths reference; other objects' are `objects.<app>.<name>`.
  const schemaName =
    [`objects.${app}.${name}`, `${app}-${name}`].find((n) => schemas.has(n)) ?? `objects.${app}.${name}`;
  const found = withAllOf(schemas.get(schemaName));
  const req = schemas.get(`${app}-${name}RequiredProperties`) ?? schemas.get(`${name}RequiredProperties`);
  const withRequired = (props, source) => {
    const required = requiredPaths(req?.schema);
    // A required reference is given by its id (its key where it has none, or where its id is deprecated: AP payment
    // financialEntity is named by entityId, its only other writable leaf).
    for (const p of [...required]) {
      if (props.has(p)) continue;
      const leaves = [...props].filter(([k, v]) => k.startsWith(`${p}.`) && !v.deprecated && !v.readOnly);
      const named = ['id', 'key'].map((l) => `${p}.${l}`).find((k) => leaves.some(([x]) => x === k));
      const only = leaves.length === 1 ? leaves[0][0] : undefined;
      if (named ?? only) required.add(named ?? only);
    }
    return { props, required, source };
  };
  if (found?.schema.properties) {
    const props = flatten(found.schema, '', { readOnly: false, writeOnly: false, deprecated: false }, new Map());
    return withRequired(props, `${SPEC_REPO}:spec/${found.file} (components.schemas ${schemaName})`);
  }
  const transcribed = REST_REFERENCE[restName];
  if (!transcribed) return null;
  const props = new Map();
  for (const path of Object.keys(transcribed.properties)) {
    const p = restProperty(restName, path);
    if (p && p.type !== 'array' && !path.endsWith('href')) props.set(path, { ...p, enum: p.enumValues });
  }
  const file = transcribed.source.split(' ')[0];
  const source = `${SPEC_REPO}:${file} (components.schemas ${schemaName}, as transcribed in src/writes/rest-reference-*.ts${req ? `; ${req === schemas.get(`${app}-${name}RequiredProperties`) ? `${app}-${name}` : name}RequiredProperties` : ''})`;
  return withRequired(props, source);
}

const squash = (v) =>
  String(v)
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');

/** The field's enum values with the schema's REST spellings; counts what it changed into `tally`. */
function pairEnum(f, restValues, tally) {
  const old = f.enumValues ?? [];
  const left = [...old];
  const take = (pred) => {
    const i = left.findIndex(pred);
    return i < 0 ? null : left.splice(i, 1)[0];
  };
  const paired = restValues.map((rest) => ({
    rest,
    from:
      take((v) => v.rest === rest) ?? take((v) => squash(v.rest) === squash(rest) || squash(v.xml) === squash(rest)),
  }));
  const unpaired = paired.filter((p) => !p.from);
  const byPosition = unpaired.length > 0 && unpaired.length === left.length;
  if (byPosition) for (const [i, p] of unpaired.entries()) p.from = left[i];
  const values = paired.map(({ rest, from }) => (from ? { ...from, rest } : { xml: rest, rest }));
  const extra = byPosition ? [] : left;
  const next = [...values, ...extra];
  if (JSON.stringify(next) === JSON.stringify(f.enumValues)) {
    // The schema confirms the REST spellings the catalog already had.
    delete f.enumRestSpellingsInferred;
    return;
  }
  f.enumValues = next;
  tally.enumFields++;
  delete f.enumRestSpellingsInferred;
  if (byPosition) f.enumPairingInferred = true;
  const added = paired.filter((p) => !p.from).map((p) => p.rest);
  if (added.length) {
    f.enumXmlSpellingsInferred = true;
    const note = `REST values the XML spelling of which is not known (spelled as in REST): ${added.join(', ')}.`;
    if (!f.note?.includes(note)) f.note = f.note ? `${f.note} ${note}` : note;
  }
  if (extra.length) {
    const note = `XML values the OpenAPI enum lacks: ${extra.map((v) => v.xml).join(', ')}.`;
    if (!f.note?.includes(note)) f.note = f.note ? `${f.note} ${note}` : note;
  }
}

const tally = {
  /** Objects with a schema, fields matched, and per marker the matched fields the schema gives it. */
  objects: 0,
  fields: 0,
  writeOnly: 0,
  deprecated: 0,
  readOnly: 0,
  required: 0,
  /** Of those, the fields the XML reference gives neither flag: marked REST-only. */
  restReadOnly: 0,
  restRequired: 0,
  enumFields: 0,
  /** Text fields the schema gives an enum: left text, their XML spellings being unknown. */
  enumOnText: 0,
  /** Objects whose file changed. */
  changed: 0,
};
const unmatched = [];
/** REST objects with neither a saved schema nor a transcription: their markers are unknown. */
const noSchema = [];
for (const o of loadData()) {
  if (!o.restName) continue;
  const m = markersOf(o.restName);
  if (!m) {
    // Platform application objects (platform-apps/nsp::…) are the company's own: the OpenAPI has no schema for them.
    if (!o.restName.startsWith('platform-apps/')) noSchema.push(`${o.xmlName} (${o.restName})`);
    continue;
  }
  tally.objects++;
  const before = JSON.stringify(o.fields);
  let matched = 0;
  for (const f of o.fields) {
    const p = f.restPath ? m.props.get(f.restPath) : undefined;
    if (!p) continue;
    matched++;
    for (const k of ['writeOnly', 'deprecated']) {
      if (p[k]) f[k] = true;
      else delete f[k];
    }
    // readOnly / required the XML reference does not give are REST-only (restReadOnly / restRequired): XML writes keep
    // the XML reference's flags, the REST model shows both.
    const required = m.required?.has(f.restPath) === true;
    for (const [k, rest, on] of [
      ['readOnly', 'restReadOnly', p.readOnly],
      ['required', 'restRequired', required],
    ]) {
      if (on && !f[k]) f[rest] = true;
      else delete f[rest];
      if (on) tally[k]++;
      if (f[rest]) tally[rest]++;
    }
    for (const k of ['writeOnly', 'deprecated']) if (p[k]) tally[k]++;
    if (p.enum?.length && f.type === 'enum') pairEnum(f, p.enum, tally);
    else if (p.enum?.length && f.type === 'text') tally.enumOnText++;
    f.markerSource = m.source;
  }
  tally.fields += matched;
  const missed = o.fields.filter((f) => f.restPath && !m.props.has(f.restPath)).map((f) => f.restPath);
  if (missed.length)
    unmatched.push(
      `${o.xmlName}: ${missed.length} of ${matched + missed.length} REST paths not in the schema read (or under a schema the subsets lack): ${missed.join(', ')}`,
    );
  if (JSON.stringify(o.fields) === before) continue;
  tally.changed++;
  const file = join(root, 'catalog', moduleOf(o), `${o.xmlName}.json`);
  const onDisk = JSON.parse(readFileSync(file, 'utf8'));
  writeFileSync(file, `${JSON.stringify({ ...onDisk, fields: o.fields }, null, 2)}\n`);
}
console.log(unmatched.join('\n'));
if (noSchema.length) console.log(`no schema read (${noSchema.length}): ${noSchema.join(', ')}`);
console.log(JSON.stringify(tally));
