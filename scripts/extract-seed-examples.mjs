// Dev tool: copies every request example of the seed documents (../shared/seeds) into test/fixtures/seed-examples/,
// so the tests run without ../shared. Run from the project root: node scripts/extract-seed-examples.mjs

import { readFileSync, writeFileSync } from 'node:fs';

const seeds = new URL('../../shared/seeds/', import.meta.url);
const read = (name) => readFileSync(new URL(name, seeds), 'utf8');

function titleBefore(text, index) {
  const before = text.slice(0, index).trimEnd().split('\n');
  return before[before.length - 1].trim();
}

const xml = [];
for (const doc of ['xml-query-and-readbyquery', 'queue-administration']) {
  const text = read(`${doc}.txt`);
  const re = /^(\s*)<(query|readByQuery|lookup|read|readMore|promote|cancel)>[\s\S]*?^\1<\/\2>/gm;
  let n = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    xml.push({ name: `${doc} #${++n}: ${titleBefore(text, m.index)}`.slice(0, 160), function: m[2], xml: m[0].trim() });
  }
  if (doc === 'xml-query-and-readbyquery') {
    // The "Examples" table of readByQuery conditions: "OBJECT condition Purpose".
    const table = text.slice(text.indexOf('Object Query Purpose'), text.lastIndexOf('Tips'));
    for (const line of table.split('\n').slice(1)) {
      const m = /^(\S+) (.+?) (List .*)$/.exec(line.trim());
      if (m)
        xml.push({
          name: `${doc} readByQuery table: ${m[1]} ${m[3]}`.slice(0, 160),
          function: 'readByQuery',
          object: m[1],
          query: m[2].replace(/&gt;/g, '>').replace(/&lt;/g, '<').replace(/&amp;/g, '&'),
        });
    }
  }
}

const rest = [];
const lines = read('rest-query-service.txt').split('\n');
let pending = null;
for (let i = 0; i < lines.length; i++) {
  if (lines[i] !== '{' && lines[i] !== '[') continue;
  let depth = 0,
    inString = false,
    escaped = false,
    buf = '',
    j = i;
  scan: for (; j < lines.length; j++) {
    for (const ch of `${lines[j]}\n`) {
      buf += ch;
      if (inString) {
        if (escaped) escaped = false;
        else if (ch === '\\') escaped = true;
        else if (ch === '"') inString = false;
        continue;
      }
      if (ch === '"') inString = true;
      else if (ch === '{' || ch === '[') depth++;
      else if (ch === '}' || ch === ']') {
        depth--;
        if (depth === 0) break scan;
      }
    }
  }
  const value = JSON.parse(buf);
  if (Array.isArray(value) || value.object) {
    pending = {
      name: `rest-query-service line ${i + 1}: ${lines
        .slice(Math.max(0, i - 4), i)
        .join(' ')
        .replace(/\s+/g, ' ')
        .trim()
        .slice(-120)}`,
      request: value,
    };
  } else if (pending && value['ia::result']) {
    rest.push({ ...pending, response: value });
    pending = null;
  }
  i = j;
}

writeFileSync(new URL('../test/fixtures/seed-examples/xml.json', import.meta.url), `${JSON.stringify(xml, null, 1)}\n`);
writeFileSync(
  new URL('../test/fixtures/seed-examples/rest.json', import.meta.url),
  `${JSON.stringify(rest, null, 1)}\n`,
);
console.log(`${xml.length} XML examples, ${rest.length} REST examples`);
