// Fills the catalog's thin objects (3 fields or fewer, issue 16) from the REST side, and adds a few objects the XML
// reference names without a lookup section, so the extraction can be redone. The build and the tests never need the
// sources: the result is written into catalog/<module>/<OBJECT>.json, which stays the source of truth.
//
//   node scripts/extract-openapi-fields.mjs [--spec <openapi.json>]... [--examples <dir>]
//
// as run for issue 16: --spec scripts/openapi-subsets/inventory-control.json --spec
// scripts/openapi-subsets/project-and-resource-management.json --spec scripts/openapi-subsets/company-configuration.json
// --examples <dir holding `git show HEAD:docs/rest/*.md` of the dgaretz-oss/intacct-mcp git dir `fetch` returns>
// (plus --spec scripts/openapi-subsets/accounts-payable.json --spec scripts/openapi-subsets/time.json; issue 17: --spec
// scripts/openapi-subsets/cash-management.json --spec scripts/openapi-subsets/inventory-control.json). Objects it filled are no longer thin: to redo it with more schemas,
// start from the catalog before it (`git checkout 2a9349f -- catalog && git clean -fd catalog`).
//
// --spec: Intacct's REST OpenAPI files (lorenz-bus-service/node-intacct-rest-api spec/<application>.json), whole or
//   partial: any JSON with `components.schemas` (a saved subset of the schemas works the same way).
// --examples: a folder with dgaretz-oss/intacct-mcp docs/rest/<application>.md (the REST reference's request and
//   response examples), used for an object whose OpenAPI schema was not given: its `GET /objects/<name>/{key}` example.
//
// For each target object, every property of its schema `objects.<application>.<name>` becomes a field:
// - REST path: the property path, nested objects flattened with dots (`vendor.id`, `audit.createdDateTime`); arrays
//   (owned lines) are not fields.
// - XML name: the one the catalog already pairs with that REST path on most other objects, else the path's segments
//   upper-cased and joined (`parent.id` → PARENTID), marked `xmlIdInferred`.
// - type (string → text, date, datetime or enum; integer; number → decimal; boolean; decimal-precision-2 → currency),
//   enum values in both spellings (the XML spelling is taken from a catalog field with the same REST values, else the
//   REST spelling, marked `enumXmlSpellingsInferred`), required (the schema's RequiredProperties), readOnly, writeOnly
//   and deprecated (with markerSource), maxLength.
// - a reference (an object with key/id/href, inline or a `…-ref` schema) whose href names a catalog object becomes a
//   many-to-one relationship (`xmlPathInferred`).
// From an example only: the same paths, types from the values (`typeInferred`), readOnly for key, href, audit and the
// name/href of references; no enums or required flags.

import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadData, moduleOf } from './build-catalog.mjs';
import { requiredPaths } from './openapi-required.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const specs = [];
let examplesDir = null;
const args = process.argv.slice(2);
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--spec') specs.push(args[++i]);
  else if (args[i] === '--examples') examplesDir = args[++i];
  else {
    console.error('usage: node scripts/extract-openapi-fields.mjs [--spec <openapi.json>]... [--examples <dir>]');
    process.exit(2);
  }
}

const SPEC_REPO = 'lorenz-bus-service/node-intacct-rest-api';
const EXAMPLES_REPO = 'dgaretz-oss/intacct-mcp';
/** Thin objects other helpers fill (issue 16 split): left alone here. */
const OWNED_ELSEWHERE = new Set([
  'APADJUSTMENT',
  'ARADJUSTMENT',
  'ARADJUSTMENTITEM',
  'APBILLBATCH',
  'EXPENSEADJUSTMENTS',
  'EXPENSEADJUSTMENTSITEM',
  'EPPAYMENT',
  'EPPAYMENTREQUEST',
]);
/** Objects the XML reference names (create/update or query examples) on pages without a lookup section. */
const NEW_OBJECTS = [
  {
    xmlName: 'SAVINGSACCOUNT',
    restName: 'cash-management/savings-account',
    label: 'Savings Account',
    idField: 'BANKACCOUNTID',
    page: 'cash-management-savings-accounts.md',
    url: 'https://developer.intacct.com/api/cash-management/savings-accounts/',
  },
  {
    xmlName: 'TERRITORY',
    restName: 'accounts-receivable/territory',
    label: 'Territory',
    idField: 'TERRITORYID',
    page: 'accounts-receivable-territories.md',
    url: 'https://developer.intacct.com/api/accounts-receivable/territories/',
  },
  {
    xmlName: 'FUNDSTRANSFERENTRY',
    restName: 'cash-management/funds-transfer-line',
    label: 'Funds Transfer Entry',
    idField: null,
    page: 'cash-management-funds-transfers.md',
    url: 'https://developer.intacct.com/api/cash-management/funds-transfers/',
  },
];

/**
 * Thin XML objects without a REST name whose REST counterpart the REST reference names under another name: paired by
 * meaning (restNameInferred), as the 2026-12-04 extraction paired EEXPENSES with expenses/employee-expense.
 */
const PAIRINGS = {
  PROVIDERPAYMENTMETHOD: 'cash-management/provider-payment-method',
  ROLEUSERS: 'company-config/role-user-map',
  ROLEGROUPS: 'company-config/role-user-group-map',
  ROLEPOLICYASSIGNMENT: 'company-config/role-permission-assignment',
  CONTRACTITEMPRCLSTENTYTIER: 'contracts/billing-price-list-entry-line-tier',
  CONTRACTBILLINGSCHEDULE: 'contracts/billing-schedule',
  CONTRACTBILLINGSCHEDULEENTRY: 'contracts/billing-schedule-line',
  CONTRACTBILLINGTEMPLATEENTRY: 'contracts/billing-template-line',
  CONTRACTMEAITEMPRICELIST: 'contracts/mea-price-list-entry',
  CONTRACTMEAITEMPRICELISTENTRY: 'contracts/mea-price-list-entry-line',
  ITEMWAREHOUSEINFO: 'inventory-control/item-warehouse-inventory',
};

// ---- sources ----

const schemas = new Map(); // name → { schema, file }
for (const file of specs) {
  const spec = JSON.parse(readFileSync(file, 'utf8'));
  const name = file.split('/').pop();
  for (const [k, v] of Object.entries(spec.components?.schemas ?? {}))
    if (!schemas.has(k)) schemas.set(k, { schema: v, file: name });
}

function exampleOf(restName) {
  if (!examplesDir) return null;
  const app = restName.split('/')[0];
  const file = readdirSync(examplesDir).find((f) => f.endsWith('.md') && mdApp(f) === app);
  if (!file) return null;
  const text = readFileSync(join(examplesDir, file), 'utf8');
  const at = text.indexOf(`## GET /objects/${restName}/{key}\n`);
  if (at < 0) return null;
  const block = text.slice(at).match(/```json\n([\s\S]*?)\n```/);
  if (!block) return null;
  const body = JSON.parse(block[1]);
  return { value: body['ia::result'] ?? body, file };
}
/** The REST application a reference page covers (file names are the application's long name). */
function mdApp(file) {
  const long = file.slice(0, -3);
  return (
    {
      'company-configuration': 'company-config',
      'contracts-and-revenue-management': 'contracts',
      'project-and-resource-management': 'projects',
    }[long] ?? long
  );
}

// ---- what the catalog already knows ----

const objects = loadData();
const byRest = new Map(objects.filter((o) => o.restName).map((o) => [o.restName, o]));
/** REST path → XML id counts over every object, and enum REST values → XML spellings. */
const xmlForRest = new Map();
const enumSpellings = new Map();
for (const o of objects)
  for (const f of o.fields) {
    if (!f.restPath) continue;
    const counts = xmlForRest.get(f.restPath) ?? new Map();
    counts.set(f.xmlId, (counts.get(f.xmlId) ?? 0) + 1);
    xmlForRest.set(f.restPath, counts);
    if (f.enumValues) enumSpellings.set(enumKey(f.enumValues.map((v) => v.rest)), f.enumValues);
  }
function enumKey(values) {
  return [...values].sort().join('|');
}
/** The catalog's type and enum for a REST path paired with an XML id, where every object that has the pair agrees. */
const knownPairs = new Map();
for (const o of objects)
  for (const f of o.fields) {
    if (!f.restPath) continue;
    const k = `${f.restPath} ${f.xmlId}`;
    const prev = knownPairs.get(k);
    const known = { type: f.type, enumValues: f.enumValues ?? null, deprecated: f.deprecated === true };
    if (f.deprecated) known.markerSource = f.markerSource;
    if (prev === undefined) knownPairs.set(k, known);
    else if (prev && (prev.type !== f.type || prev.deprecated !== known.deprecated)) knownPairs.set(k, null);
  }
function xmlIdFor(o, path, taken) {
  // An XML field the reference named without a REST path is free to take one.
  const free = (id) => !taken.has(id) || o.fields.some((f) => f.xmlId === id && !f.restPath);
  // `id` is the object's own identifier: its idField, else ID.
  if (path === 'id') {
    const own = o.fields.find((f) => f.xmlId === o.idField && !f.restPath);
    if (own) return { id: own.xmlId, inferred: false };
    if (!o.idField && free('ID')) return { id: 'ID', inferred: true };
  }
  const counts = [...(xmlForRest.get(path) ?? new Map())].sort((a, b) => b[1] - a[1]);
  // A nested path paired elsewhere with a bare NAME or ID was that object's own field, not a reference's.
  const generic = new Set(['NAME', 'ID', 'KEY', 'DESCRIPTION', 'STATUS', 'RECORDNO']);
  for (const [id] of counts)
    if (/^[A-Z]/.test(id) && free(id) && !(path.includes('.') && generic.has(id))) return { id, inferred: false };
  let id = path
    .split('.')
    .map((s) => s.toUpperCase())
    .join('');
  while (!free(id)) id = `${id}_`;
  return { id, inferred: true };
}

// ---- OpenAPI schema → flat properties ----

function resolve(s) {
  if (!s?.$ref) return { schema: s, name: null };
  const name = s.$ref.split('/').pop();
  return { schema: schemas.get(name)?.schema ?? null, name };
}
const isRefShape = (props) => props && 'id' in props && 'href' in props;
function hrefTarget(example) {
  const m = typeof example === 'string' && example.match(/^\/objects\/([a-z-]+\/[a-z-]+)(\/|$)/);
  return m ? m[1] : null;
}
/** A missing `…-ref` schema: the object whose REST name ends in the ref's name. */
function refTargetByName(refName) {
  const leaf = refName.replace(/-ref$/, '');
  const hits = [...byRest.keys()].filter((r) => r.split('/')[1] === leaf);
  return hits.length === 1 ? hits[0] : null;
}

/** Properties of a schema as { path, prop, readOnly, ref } rows; refs also give a reference row. */
function flattenSchema(schema, prefix, inheritedReadOnly, out, refs, missing) {
  for (const [name, raw] of Object.entries(schema.properties ?? {})) {
    const path = prefix ? `${prefix}.${name}` : name;
    const { schema: s, name: refName } = resolve(raw);
    const readOnly = inheritedReadOnly || raw.readOnly === true || s?.readOnly === true;
    if (!s) {
      // A schema the saved spec does not hold: a `…-ref` is a reference {key, id, href}; others are skipped.
      if (refName?.endsWith('-ref')) {
        const target = refTargetByName(refName);
        for (const leaf of ['key', 'id'])
          out.push({ path: `${path}.${leaf}`, prop: { type: 'string' }, readOnly, inferredShape: true });
        if (target) refs.push({ path, target });
      } else missing.add(refName ?? path);
      continue;
    }
    if (s.type === 'array' || raw.type === 'array') continue;
    if (s.allOf && !s.properties) {
      // allOf: the parts' properties together (audit.s1 with overrides, member-filter).
      const parts = s.allOf.map((p) => resolve(p));
      for (const p of parts) if (!p.schema) missing.add(p.name ?? path);
      const properties = Object.assign({}, ...parts.map((p) => p.schema?.properties ?? {}));
      const ro = parts.some((p) => p.schema?.readOnly === true);
      flattenSchema({ properties }, path, readOnly || ro, out, refs, missing);
      continue;
    }
    if (s.properties) {
      if (isRefShape(s.properties)) {
        const target = hrefTarget(s.properties.href?.example) ?? (refName ? refTargetByName(refName) : null);
        if (target) refs.push({ path, target });
      }
      flattenSchema(s, path, readOnly, out, refs, missing);
      continue;
    }
    if (s.allOf || s.oneOf || s.anyOf) {
      missing.add(path);
      continue;
    }
    if (name === 'href' && prefix) continue; // a reference's link, not a field
    out.push({ path, prop: { ...s, ...raw, $ref: undefined }, readOnly });
  }
}

function typeOf(prop) {
  if (Array.isArray(prop.enum)) return 'enum';
  switch (prop.type) {
    case 'integer':
      return 'integer';
    case 'number':
      return 'decimal';
    case 'boolean':
      return 'boolean';
    default:
      if (prop.format === 'date') return 'date';
      if (prop.format === 'date-time') return 'datetime';
      if (prop.format === 'decimal-precision-2') return 'currency';
      if (typeof prop.format === 'string' && prop.format.startsWith('decimal-precision')) return 'decimal';
      return 'text';
  }
}

// ---- example → flat properties ----

function flattenExample(value, prefix, out, refs) {
  for (const [name, v] of Object.entries(value)) {
    const path = prefix ? `${prefix}.${name}` : name;
    if (Array.isArray(v)) continue;
    if (v && typeof v === 'object') {
      if ('href' in v && ('id' in v || 'key' in v)) {
        const target = hrefTarget(v.href);
        if (target) refs.push({ path, target });
      }
      flattenExample(v, path, out, refs);
      continue;
    }
    if (name === 'href' && prefix) continue; // a reference's link, not a field
    out.push({ path, value: v });
  }
}
function typeFromValue(v) {
  if (typeof v === 'boolean') return 'boolean';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'decimal';
  if (typeof v === 'string') {
    if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return 'date';
    if (/^\d{4}-\d{2}-\d{2}T/.test(v)) return 'datetime';
    if (/^-?\d+\.\d+$/.test(v)) return 'decimal';
  }
  return 'text';
}
const exampleReadOnly = (path) =>
  path === 'key' || path === 'href' || path.startsWith('audit.') || /\.(name|href)$/.test(path);

// ---- apply ----

let filled = 0;
let added = 0;
let pathsGiven = 0;
const report = [];
const moved = new Map(); // xmlName → the index entry it had
for (const o of objects) {
  const rest = PAIRINGS[o.xmlName];
  if (!rest || o.restName || o.fields.length > 3 || byRest.has(rest)) continue;
  moved.set(o.xmlName, `${moduleOf(o)}/${o.xmlName}`);
  o.restName = rest;
  o.restNameInferred = true;
  byRest.set(rest, o);
}
const targets = objects.filter((o) => o.restName && o.fields.length <= 3 && !OWNED_ELSEWHERE.has(o.xmlName));
for (const n of NEW_OBJECTS) {
  if (objects.some((o) => o.xmlName === n.xmlName)) continue;
  const o = {
    xmlName: n.xmlName,
    restName: n.restName,
    label: n.label,
    description: '',
    keyField: 'RECORDNO',
    idField: n.idField,
    fields: [{ xmlId: 'RECORDNO', restPath: 'key', type: 'integer', required: false, readOnly: true }],
    relationships: [],
    sources: [n.url, `russellkt/intacct-mcp-server:docs/${n.page}`],
    restNameInferred: true,
    note: `Added by the issue-16 REST-side extraction (scripts/extract-openapi-fields.mjs): the XML reference page (${n.page}) has no lookup section; the object name is the one its functions use, the REST name pairs by page name (restNameInferred).`,
    isNew: true,
  };
  if (n.idField) o.fields.push({ xmlId: n.idField, restPath: 'id', type: 'text', required: true, readOnly: false });
  objects.push(o);
  byRest.set(o.restName, o);
  targets.push(o);
}

const NOTE =
  'Fields with REST paths from the issue-16 REST-side extraction (scripts/extract-openapi-fields.mjs): XML names the catalog pairs with the same REST path elsewhere, else inferred (xmlIdInferred).';
for (const o of targets) {
  const [app, name] = o.restName.split('/');
  const schemaName = `objects.${app}.${name}`;
  const found = schemas.get(schemaName);
  const rows = [];
  const refs = [];
  const missing = new Set();
  let source;
  let required = new Set();
  let exampleSource = null;
  if (found) {
    flattenSchema(found.schema, '', false, rows, refs, missing);
    // Named `<app>-<name>RequiredProperties`, or `<name>RequiredProperties` (spec/time.json's time-type).
    const req = schemas.get(`${app}-${name}RequiredProperties`) ?? schemas.get(`${name}RequiredProperties`);
    required = requiredPaths(req?.schema);
    source = `${SPEC_REPO}:spec/${found.file} (components.schemas ${schemaName})`;
    // Paths the REST example shows that the saved schema subset lacks (a shared schema not read whole, such as
    // dimension-ref) still become fields, typed from the example.
    const ex = exampleOf(o.restName);
    if (ex) {
      const have = new Set(rows.map((r) => r.path));
      const exRows = [];
      flattenExample(ex.value, '', exRows, refs);
      const extra = exRows.filter((r) => !have.has(r.path) && !rows.some((x) => x.path.startsWith(`${r.path}.`)));
      for (const r of extra) rows.push({ ...r, fromExample: true });
      if (extra.length)
        exampleSource = `${EXAMPLES_REPO}:docs/rest/${ex.file} (GET /objects/${o.restName}/{key} example: paths the schema subset read lacks)`;
    }
  } else {
    const ex = exampleOf(o.restName);
    if (!ex) {
      report.push(`${o.xmlName}: no schema or example`);
      continue;
    }
    flattenExample(ex.value, '', rows, refs);
    source = `${EXAMPLES_REPO}:docs/rest/${ex.file} (GET /objects/${o.restName}/{key} example; no OpenAPI schema read: types from the values)`;
  }
  const byPath = new Map(o.fields.filter((f) => f.restPath).map((f) => [f.restPath, f]));
  const taken = new Set(o.fields.map((f) => f.xmlId));
  let count = 0;
  let paired = 0; // fields the XML reference named that took a REST path
  // Paths the catalog pairs most often go first, so a rarer pairing does not take their XML name.
  const weight = (path) => Math.max(0, ...(xmlForRest.get(path) ?? new Map()).values());
  rows.sort((a, b) => (a.path === 'id' ? -1 : b.path === 'id' ? 1 : weight(b.path) - weight(a.path)));
  for (const row of rows) {
    if (byPath.has(row.path) || row.path === 'href') continue;
    const { id, inferred } = xmlIdFor(o, row.path, taken);
    const known = inferred ? null : knownPairs.get(`${row.path} ${id}`);
    const refKey = /\.key$/.test(row.path) && refs.some((r) => `${r.path}.key` === row.path);
    // A field the XML reference named without a REST path takes this one.
    const same = o.fields.find((f) => f.xmlId === id && !f.restPath);
    const field = same ?? { xmlId: id };
    field.restPath = row.path;
    if (row.prop) {
      const p = row.prop;
      field.type = same?.type && same.type !== 'text' ? same.type : (known?.type ?? (refKey ? 'integer' : typeOf(p)));
      const schemaEnum = Array.isArray(p.enum) ? p.enum.filter((v) => typeof v === 'string') : null;
      const knownFits =
        known?.enumValues && (!schemaEnum || enumKey(known.enumValues.map((v) => v.rest)) === enumKey(schemaEnum));
      if (schemaEnum && known?.type === 'enum' && !knownFits) field.type = 'enum';
      if (knownFits && field.type === 'enum') field.enumValues = known.enumValues;
      else if (schemaEnum) {
        const spelled = enumSpellings.get(enumKey(schemaEnum));
        field.enumValues = spelled ?? schemaEnum.map((v) => ({ xml: v, rest: v }));
        if (!spelled) field.enumXmlSpellingsInferred = true;
      }
      // A required reference ({key, id, href}) is given by its id (its key where it has none).
      const parent = row.path.split('.').slice(0, -1).join('.');
      const refLeaf = refs.some((r) => r.path === parent) && /\.(id|key)$/.test(row.path);
      field.required =
        required.has(row.path) ||
        (refLeaf && required.has(parent) && (row.path.endsWith('.id') || !rows.some((x) => x.path === `${parent}.id`)));
      field.readOnly = row.readOnly;
      if (p.writeOnly) field.writeOnly = true;
      if (p.deprecated) field.deprecated = true;
      if (p.writeOnly || p.deprecated) field.markerSource = source;
      if (typeof p.maxLength === 'number') field.maxLength = p.maxLength;
      if (row.inferredShape) field.note = 'The saved OpenAPI does not hold this reference schema: key and id assumed.';
    } else {
      field.type = same?.type ?? known?.type ?? (refKey ? 'integer' : typeFromValue(row.value));
      if (field.type === 'enum') field.enumValues = known?.enumValues ?? same?.enumValues;
      field.required = false;
      field.readOnly = exampleReadOnly(row.path);
      if (!same && !known) field.typeInferred = true;
      // Markers an example cannot show: those the catalog gives the same path and XML name everywhere else.
      if (known?.deprecated) {
        field.deprecated = true;
        field.markerSource = known.markerSource;
      }
    }
    if (inferred && !same) field.xmlIdInferred = true;
    if (!same) {
      o.fields.push(field);
      taken.add(id);
    }
    byPath.set(row.path, field);
    count++;
    if (same) paired++;
  }
  // References to catalog objects become many-to-one relationships.
  o.relationships ??= [];
  for (const r of refs) {
    // The owning entity and the audit users are not relationships anywhere in the catalog (MEGAENTITYID scopes rows).
    if (r.path === 'entity' || r.path.startsWith('audit.')) continue;
    const target = byRest.get(r.target);
    if (!target || o.relationships.some((x) => x.restPath === r.path)) continue;
    const local =
      byPath.get(`${r.path}.id`) && target.idField ? byPath.get(`${r.path}.id`) : byPath.get(`${r.path}.key`);
    const related = local?.restPath.endsWith('.id') ? target.idField : target.keyField;
    if (!local || !related || !target.fields.some((f) => f.xmlId === related)) continue;
    let xmlPath = r.path.replaceAll('.', '').toUpperCase();
    while (taken.has(xmlPath) || o.relationships.some((x) => x.xmlPath === xmlPath)) xmlPath = `R_${xmlPath}`;
    o.relationships.push({
      xmlPath,
      restPath: r.path,
      relatedObject: target.xmlName,
      relatedBy: { local: local.xmlId, related },
      kind: 'many-to-one',
      hierarchical: target === o,
      xmlPathInferred: true,
      note: `From the REST reference: ${r.path} links to /objects/${r.target}. The XML OBJECTPATH name is inferred.`,
    });
  }
  if (count === 0) {
    report.push(`${o.xmlName}: nothing new (${found ? 'schema' : 'example'})`);
    continue;
  }
  if (!o.sources.includes(source)) o.sources.push(source);
  if (exampleSource && !o.sources.includes(exampleSource)) o.sources.push(exampleSource);
  if (!o.note?.includes('extract-openapi-fields')) o.note = o.note ? `${o.note} ${NOTE}` : NOTE;
  filled++;
  added += count - paired;
  pathsGiven += paired;
  report.push(
    `${o.xmlName}: +${count - paired}${paired ? `, ${paired} given a REST path` : ''} (${found ? 'schema' : 'example'})${missing.size ? ` skipped: ${[...missing].join(', ')}` : ''}`,
  );
  const file = join(root, 'catalog', moduleOf(o), `${o.xmlName}.json`);
  const { isNew, ...data } = o;
  if (moved.has(o.xmlName)) {
    // Paired with a REST name: the file moves to the REST application's folder, keeping its key order.
    const oldEntry = moved.get(o.xmlName);
    const oldFile = join(root, 'catalog', `${oldEntry}.json`);
    const onDisk = JSON.parse(readFileSync(oldFile, 'utf8'));
    const out = {
      ...onDisk,
      restName: o.restName,
      fields: o.fields,
      relationships: o.relationships,
      sources: o.sources,
    };
    out.restNameInferred = true;
    out.note = `${o.note} The REST name is paired by meaning (restNameInferred).`;
    mkdirSync(join(root, 'catalog', moduleOf(o)), { recursive: true });
    writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
    rmSync(oldFile);
    const indexFile = join(root, 'catalog', 'index.json');
    const index = JSON.parse(readFileSync(indexFile, 'utf8'));
    index.objects = index.objects.map((e) => (e === oldEntry ? `${moduleOf(o)}/${o.xmlName}` : e));
    writeFileSync(indexFile, `${JSON.stringify(index, null, 2)}\n`);
  } else if (isNew) {
    const indexFile = join(root, 'catalog', 'index.json');
    const index = JSON.parse(readFileSync(indexFile, 'utf8'));
    const entry = `${moduleOf(o)}/${o.xmlName}`;
    if (!index.objects.includes(entry)) index.objects.push(entry);
    writeFileSync(indexFile, `${JSON.stringify(index, null, 2)}\n`);
    writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`);
  } else {
    // Keep the file's own key order: only fields, relationships, sources and note change.
    const onDisk = JSON.parse(readFileSync(file, 'utf8'));
    const out = { ...onDisk, fields: o.fields, relationships: o.relationships, sources: o.sources, note: o.note };
    writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
  }
}
console.log(report.join('\n'));
console.log(`filled ${filled} objects, added ${added} fields, gave ${pathsGiven} existing fields a REST path`);
