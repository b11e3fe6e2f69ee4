// Adds fields to the catalog's thin objects (3 fields or fewer, issue 16) from two fetched source repositories, so the
// extraction can be redone. The build and the tests never need the sources: the result is written into
// catalog/<module>/<OBJECT>.json, which stays the source of truth.
//
//   node scripts/extract-thin-fields.mjs <russellkt/intacct-mcp-server git dir> <fylein/sageintacct-sdk-py git dir>
//
// (the git dirs `fetch` returns, e.g. /work/.mirror/russellkt+intacct-mcp-server/repo). Facts taken:
// - Intacct's XML reference (russellkt docs/<page>.md, the page each object already names in its sources): the upper-case
//   direct children of <OBJECT> in the page's create/update examples that hold a value (not nested elements), and the
//   rows of parameter tables headed `OBJECT`, with the table's type;
// - the fields a public client reads (fylein sageintacctsdk/apis/constants.py `dimensions_fields_mapping`).
// A field's type is the table's where the reference gives one, else that of the same field id on another catalog
// object (STATUS, WHENCREATED, DEPARTMENTID, …), else text (`typeInferred`). New fields have no REST path.

import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadData, moduleOf } from './build-catalog.mjs';

const [russellkt, fylein] = process.argv.slice(2);
if (!russellkt || !fylein) {
  console.error('usage: node scripts/extract-thin-fields.mjs <russellkt git dir> <fylein git dir>');
  process.exit(2);
}
const root = fileURLToPath(new URL('..', import.meta.url));
const show = (gitDir, path) => execFileSync('git', ['--git-dir', gitDir, 'show', `HEAD:${path}`], { encoding: 'utf8' });

const TABLE_TYPES = {
  string: 'text',
  integer: 'integer',
  currency: 'currency',
  number: 'decimal',
  decimal: 'decimal',
  boolean: 'boolean',
  date: 'date',
  datetime: 'datetime',
};
const FIELD_ID = /^[A-Z][A-Z0-9_]*(\.[A-Z][A-Z0-9_]*)?$/;

/** Upper-case leaf children of each <NAME>…</NAME> block: element names that hold a value, not nested elements. */
function exampleFields(text, name) {
  const found = new Map();
  for (const block of text.matchAll(new RegExp(`<${name}>([\\s\\S]*?)</${name}>`, 'g'))) {
    const body = block[1];
    let depth = 0;
    const tags = /<(\/?)([A-Za-z_][A-Za-z0-9_.]*)[^>]*?(\/?)>/g;
    for (let t = tags.exec(body); t; t = tags.exec(body)) {
      const [, close, tag, selfClosing] = t;
      if (close) {
        depth--;
        continue;
      }
      if (depth === 0 && FIELD_ID.test(tag)) {
        const end = body.indexOf(`</${tag}>`, tags.lastIndex);
        const inner = selfClosing || end < 0 ? '' : body.slice(tags.lastIndex, end);
        if (!inner.includes('<')) found.set(tag, null);
      }
      if (!selfClosing) depth++;
    }
  }
  return found;
}

/** Rows of the parameter tables the page heads with `NAME`: field id → catalog type (null when unknown). */
function tableFields(text, name) {
  const found = new Map();
  const heading = new RegExp(`^\`${name}\`\\s*\\n\\s*\\n?\\|.*\\n\\|[- |]+\\n((?:\\|.*\\n)+)`, 'gm');
  for (const table of text.matchAll(heading)) {
    for (const row of table[1].split('\n')) {
      const cells = row
        .replace(/^\||\|$/g, '')
        .split('|')
        .map((c) => c.trim().replaceAll('\\_', '_'));
      // Rows typed object or `CHILD[0...n]` are nested records (lines, entries), not fields.
      const type = cells[2]?.toLowerCase() ?? '';
      if (cells.length >= 3 && FIELD_ID.test(cells[0]) && type !== 'object' && !type.includes('['))
        found.set(cells[0], TABLE_TYPES[type] ?? null);
    }
  }
  return found;
}

/** fylein's `dimensions_fields_mapping`: object → field ids. */
function clientFieldLists(text) {
  const start = text.indexOf('dimensions_fields_mapping');
  const lists = new Map();
  for (const m of text.slice(start).matchAll(/"([A-Z][A-Z0-9_]*)":\s*\[([^\]]*)\]/g))
    lists.set(
      m[1],
      [...m[2].matchAll(/"([^"]+)"/g)].map((x) => x[1]).filter((f) => FIELD_ID.test(f)),
    );
  return lists;
}

const objects = loadData();
/** A field id's type (and enum values) elsewhere in the catalog, where every object that has it agrees. */
const known = new Map();
for (const o of objects)
  for (const f of o.fields) {
    const prev = known.get(f.xmlId);
    if (prev === undefined) known.set(f.xmlId, { type: f.type, enumValues: f.enumValues });
    else if (prev && prev.type !== f.type) known.set(f.xmlId, null);
  }

const client = clientFieldLists(show(fylein, 'sageintacctsdk/apis/constants.py'));
const CLIENT_SOURCE = 'fylein/sageintacct-sdk-py:sageintacctsdk/apis/constants.py (dimensions_fields_mapping)';
let added = 0;
for (const o of objects) {
  if (o.fields.length > 3) continue;
  const page = o.sources.find((s) => s.startsWith('russellkt/intacct-mcp-server:'))?.split(':')[1];
  const candidates = new Map(); // id → { type, from }
  if (page) {
    const text = show(russellkt, page);
    for (const [id] of exampleFields(text, o.xmlName)) candidates.set(id, { type: null, from: 'reference' });
    for (const [id, type] of tableFields(text, o.xmlName)) candidates.set(id, { type, from: 'reference' });
  }
  for (const id of client.get(o.xmlName) ?? [])
    if (!candidates.has(id)) candidates.set(id, { type: null, from: 'client' });
  const have = new Set(o.fields.map((f) => f.xmlId.toUpperCase()));
  const fresh = [...candidates].filter(([id]) => !have.has(id.toUpperCase()));
  if (fresh.length === 0) continue;
  for (const [id, c] of fresh) {
    const other = known.get(id);
    const field = {
      xmlId: id,
      restPath: null,
      type: c.type ?? other?.type ?? 'text',
      required: false,
      readOnly: false,
    };
    if (!c.type && other?.enumValues) field.enumValues = other.enumValues;
    if (!c.type) field.typeInferred = true;
    if (c.from === 'client')
      field.note = "Named by a public client's field list (see sources); Intacct's reference page does not list it.";
    o.fields.push(field);
    added++;
  }
  if (fresh.some(([, c]) => c.from === 'client') && !o.sources.includes(CLIENT_SOURCE)) o.sources.push(CLIENT_SOURCE);
  const file = join(root, 'catalog', moduleOf(o), `${o.xmlName}.json`);
  // Keep the file's own key order and formatting: only `fields` and `sources` change.
  const onDisk = JSON.parse(readFileSync(file, 'utf8'));
  writeFileSync(file, `${JSON.stringify({ ...onDisk, fields: o.fields, sources: o.sources }, null, 2)}\n`);
}
console.log(`added ${added} fields to thin objects`);
