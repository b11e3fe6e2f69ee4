// Profiles the benchmark server (node --cpu-prof) under a load of one request kind and prints the functions with the
// most self time.
//
//   npx tsx bench/profile.ts --db sqlite:./data/bench-large.db --kind xml|rest|readmore|next [--seconds 10]
//     [--query 1..6] [--connections 10]   (xml/rest: the latency part's query N instead of the 100-row page)
//     [--page n]                          (readmore/next: the walk's page size)
//   (the .cpuprofile is kept in ./scratch/ for Chrome DevTools or speedscope)

import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { checkRest, checkXml, signIn, XML_HEADERS } from './clients.ts';
import { load, request } from './http-load.ts';
import { startBenchServer } from './server-process.ts';
import { openDatabase } from '../src/store/open.ts';
import { buildWorkload, READ_BY_QUERY_FIELDS, REST_WALK } from './workload.ts';

const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const db = flag('--db') ?? 'sqlite:./data/bench-small.db';
const kind = flag('--kind') ?? 'xml';
const seconds = Number(flag('--seconds') ?? 10);
const queryNumber = flag('--query');
const connections = Number(flag('--connections') ?? 10);
// The walk's page size: readMore 1,000 and REST next 4,000 by default (the full run's; --quick uses 100 and 200).
const page = flag('--page');
const dir = join(new URL('..', import.meta.url).pathname, 'scratch', `profile-${kind}-${Date.now()}`);
mkdirSync(dir, { recursive: true });

const server = await startBenchServer(db, { LEDGERQ_REST_RATE_LIMIT: '0' }, ['--cpu-prof', `--cpu-prof-dir=${dir}`]);
try {
  const c = await signIn(server);
  let xmlBody = c.xml(
    `<query><object>APBILL</object><select>${READ_BY_QUERY_FIELDS.map((f) => `<field>${f}</field>`).join('')}</select><pagesize>100</pagesize></query>`,
  );
  let restBody = JSON.stringify({ ...REST_WALK, size: 100 });
  if (queryNumber) {
    const handle = await openDatabase(db);
    try {
      const q = (await buildWorkload(handle)).queries[Number(queryNumber) - 1];
      if (!q) throw new Error(`--query takes 1 to 6, not ${queryNumber}`);
      xmlBody = c.xml(q.xml);
      restBody = JSON.stringify(q.rest);
    } finally {
      await handle.close();
    }
  }
  if (kind === 'xml' || kind === 'rest') {
    const r =
      kind === 'xml'
        ? await load(c.xmlUrl, xmlBody, XML_HEADERS, seconds, connections)
        : await load(c.restUrl, restBody, c.restHeaders, seconds, connections);
    console.log(`${kind}: ${r.requestsPerSecond.toFixed(0)} req/s, p50 ${r.p50Ms} ms, non-2xx ${r.non2xx}`);
  } else {
    // A walk for `seconds`, started again at its end.
    const until = performance.now() + seconds * 1000;
    let pages = 0;
    let resultId = '';
    let start: number | null = 1;
    while (performance.now() < until) {
      if (kind === 'readmore') {
        const inner = resultId
          ? `<readMore><resultId>${resultId}</resultId></readMore>`
          : `<readByQuery><object>APBILL</object><fields>${READ_BY_QUERY_FIELDS.join(',')}</fields><query></query><pagesize>${page ?? 1000}</pagesize></readByQuery>`;
        const a = await request(c.xmlUrl, 'POST', c.xml(inner), XML_HEADERS);
        checkXml(a.body, kind);
        resultId = /resultId="([^"]*)"/.exec(a.body)?.[1] ?? '';
      } else {
        const a = await request(
          c.restUrl,
          'POST',
          JSON.stringify({ ...REST_WALK, start, size: Number(page ?? 4000) }),
          c.restHeaders,
        );
        checkRest(a, kind);
        start = (JSON.parse(a.body) as { 'ia::meta': { next: number | null } })['ia::meta'].next ?? 1;
      }
      pages++;
    }
    console.log(`${kind}: ${pages} pages in ${seconds} s`);
  }
} finally {
  await server.stop();
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
// tsx's loader thread writes a profile of its own beside the server's main thread: the server's is the larger.
const file = readdirSync(dir)
  .filter((f) => f.endsWith('.cpuprofile'))
  .sort((a, b) => statSync(join(dir, b)).size - statSync(join(dir, a)).size)[0];
if (!file) throw new Error(`no profile written in ${dir}`);
const prof = JSON.parse(readFileSync(join(dir, file), 'utf8')) as {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
};
const self = new Map<number, number>();
for (const [i, id] of prof.samples.entries()) self.set(id, (self.get(id) ?? 0) + (prof.timeDeltas[i] ?? 0));
const byFunction = new Map<string, number>();
for (const n of prof.nodes) {
  const us = self.get(n.id) ?? 0;
  const where = n.callFrame.url.replace(/^.*\/(node_modules\/[^/]+|src|bench)\//, '$1/');
  const key = `${n.callFrame.functionName || '(anonymous)'} ${where}:${n.callFrame.lineNumber + 1}`;
  byFunction.set(key, (byFunction.get(key) ?? 0) + us);
}
const total = [...byFunction.values()].reduce((a, b) => a + b, 0);
console.log(`profile: ${join(dir, file)}; top self time:`);
for (const [k, us] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, 30))
  console.log(`${((100 * us) / total).toFixed(1).padStart(5)}%  ${k}`);
