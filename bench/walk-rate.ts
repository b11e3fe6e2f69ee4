// The walks of the benchmark (readByQuery + readMore, REST next) repeated for some seconds, for before/after
// comparisons on a shared machine: pages and rows per wall second, and the server's CPU time (user + system, from
// /proc/<pid>/stat) per page and per 1,000 rows, which other load on the machine disturbs much less than wall time.
//
//   npx tsx bench/walk-rate.ts --db sqlite:./data/bench-small.db --kind readmore|next [--page 100] [--seconds 10]

import { readFileSync } from 'node:fs';
import { checkRest, checkXml, signIn, XML_HEADERS } from './clients.ts';
import { request } from './http-load.ts';
import { startBenchServer } from './server-process.ts';
import { READ_BY_QUERY_FIELDS, REST_WALK } from './workload.ts';

const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const db = flag('--db') ?? 'sqlite:./data/bench-small.db';
const kind = flag('--kind') ?? 'readmore';
const page = Number(flag('--page') ?? (kind === 'readmore' ? 100 : 200));
const seconds = Number(flag('--seconds') ?? 10);

/** utime + stime of a process in ms (fields 14 and 15 of /proc/<pid>/stat, in clock ticks of 10 ms). */
function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

const server = await startBenchServer(db, { LEDGERQ_REST_RATE_LIMIT: '0' });
try {
  const c = await signIn(server);
  let pages = 0;
  let rows = 0;
  let resultId = '';
  let start: number | null = 1;
  const step = async (): Promise<void> => {
    if (kind === 'readmore') {
      const inner = resultId
        ? `<readMore><resultId>${resultId}</resultId></readMore>`
        : `<readByQuery><object>APBILL</object><fields>${READ_BY_QUERY_FIELDS.join(',')}</fields><query></query><pagesize>${page}</pagesize></readByQuery>`;
      const a = await request(c.xmlUrl, 'POST', c.xml(inner), XML_HEADERS);
      checkXml(a.body, kind);
      rows += Number(/<data [^>]*\bcount="(\d+)"/.exec(a.body)?.[1] ?? 0);
      resultId = /resultId="([^"]*)"/.exec(a.body)?.[1] ?? '';
    } else {
      const a = await request(c.restUrl, 'POST', JSON.stringify({ ...REST_WALK, start, size: page }), c.restHeaders);
      checkRest(a, kind);
      const json = JSON.parse(a.body) as { 'ia::result': unknown[]; 'ia::meta': { next: number | null } };
      rows += json['ia::result'].length;
      start = json['ia::meta'].next ?? 1;
    }
    pages++;
  };
  // Warm-up: a second's worth of pages, not counted.
  const warm = performance.now() + 1000;
  while (performance.now() < warm) await step();
  pages = 0;
  rows = 0;
  const cpu0 = cpuMs(server.pid);
  const t0 = performance.now();
  while (performance.now() - t0 < seconds * 1000) await step();
  const wall = (performance.now() - t0) / 1000;
  const cpu = cpuMs(server.pid) - cpu0;
  console.log(
    `${kind} page ${page}: ${pages} pages, ${rows} rows in ${wall.toFixed(1)} s = ${(rows / wall).toFixed(0)} rows/s; server CPU ${(cpu / pages).toFixed(2)} ms per page, ${((1000 * cpu) / rows).toFixed(1)} ms per 1,000 rows`,
  );
} finally {
  await server.stop();
}
