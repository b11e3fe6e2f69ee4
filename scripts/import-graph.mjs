#!/usr/bin/env node
// Reads the relative imports of src/ and fails on any import cycle between files and on any import from a lower layer
// to a higher one. The layers are the fenced `layers` block of docs/architecture.md, top layer first; folders on one
// line are peers and may not import each other. A file may import files of its own top-level folder and of any folder
// in a layer below its own. `--print` lists every folder-to-folder edge with its count.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'src');

function layersFromDocs() {
  const text = readFileSync(join(root, 'docs', 'architecture.md'), 'utf8');
  const block = /```text layers\n([\s\S]*?)```/.exec(text);
  if (!block) throw new Error('docs/architecture.md has no ```text layers block');
  const lines = block[1]
    .split('\n')
    .map((l) => l.replace(/#.*/, '').trim())
    .filter(Boolean);
  const rank = new Map();
  lines.forEach((line, i) => {
    for (const unit of line.split(/\s+/)) rank.set(unit, lines.length - i);
  });
  return rank;
}

function listFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return listFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

const IMPORT =
  /(?:^|\n)\s*(?:import|export)\s(?:type\s)?[^'";]*?from\s+'(\.{1,2}\/[^']+)'|import\(\s*'(\.{1,2}\/[^']+)'\s*\)|(?:^|\n)\s*import\s+'(\.{1,2}\/[^']+)'/g;

/** The unit a file belongs to: its top-level folder under src/, or the file's own name for files at src/'s root. */
function unitOf(file) {
  const rel = relative(src, file);
  const first = rel.split('/')[0];
  return rel.includes('/') ? first : first.replace(/\.ts$/, '.ts');
}

const rank = layersFromDocs();
const files = listFiles(src);
const edges = new Map(files.map((f) => [f, []]));
const problems = [];
for (const file of files) {
  const text = readFileSync(file, 'utf8');
  for (const m of text.matchAll(IMPORT)) {
    const spec = m[1] ?? m[2] ?? m[3];
    const target = normalize(join(dirname(file), spec));
    if (!target.startsWith(`${src}/`)) continue;
    if (target.endsWith('.ts')) edges.get(file).push(target);
    const from = unitOf(file);
    const to = unitOf(target);
    if (from === to) continue;
    for (const u of [from, to]) if (!rank.has(u)) problems.push(`${u} is in no layer of docs/architecture.md`);
    if (rank.has(from) && rank.has(to) && rank.get(to) >= rank.get(from)) {
      const kind = rank.get(to) === rank.get(from) ? 'peer' : 'upward';
      problems.push(`${kind} import: ${relative(root, file)} -> ${relative(root, target)}`);
    }
  }
}

// Tarjan's strongly connected components: any component of more than one file is a cycle.
let index = 0;
const stack = [];
const info = new Map();
const cycles = [];
function visit(v) {
  info.set(v, { index, low: index, onStack: true });
  index++;
  stack.push(v);
  for (const w of edges.get(v) ?? []) {
    if (!edges.has(w)) continue;
    if (!info.has(w)) {
      visit(w);
      info.get(v).low = Math.min(info.get(v).low, info.get(w).low);
    } else if (info.get(w).onStack) info.get(v).low = Math.min(info.get(v).low, info.get(w).index);
  }
  if (info.get(v).low === info.get(v).index) {
    const component = [];
    let w;
    do {
      w = stack.pop();
      info.get(w).onStack = false;
      component.push(relative(root, w));
    } while (w !== v);
    if (component.length > 1) cycles.push(component.sort());
  }
}
for (const f of files) if (!info.has(f)) visit(f);

if (process.argv.includes('--print')) {
  const counts = new Map();
  for (const [f, targets] of edges) {
    for (const t of targets) {
      const key = `${unitOf(f)} -> ${unitOf(t)}`;
      if (unitOf(f) !== unitOf(t)) counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  for (const [k, n] of [...counts].sort()) console.log(`${k}  ${n}`);
}

const unique = [...new Set(problems)];
for (const c of cycles) console.log(`cycle of ${c.length} files: ${c.join(' -> ')}`);
for (const p of unique) console.log(p);
console.log(`import graph of src/: ${files.length} files, ${cycles.length} cycles, ${unique.length} layer violations`);
process.exit(cycles.length + unique.length === 0 ? 0 : 1);
