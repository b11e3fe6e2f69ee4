// CPU time the server process spends per request, for the latency part's six queries (XML and REST): a measure that
// the other processes of a shared machine disturb far less than wall-clock latency. The server runs as a child process
// (as in the benchmark); its user + system time is read from /proc/<pid>/stat around each series of sequential requests.
//
//   npx tsx bench/request-cpu.ts [--db sqlite:./data/bench-small.db] [--requests 1000] [--rounds 3]
//
// Prints per query and protocol the median over rounds of CPU µs per request (the journal's and meter's batched
// writes included: they are work each request causes).

import { readFileSync } from 'node:fs';
import { checkRest, checkXml, signIn, XML_HEADERS } from './clients.ts';
import { request } from './http-load.ts';
import { startBenchServer } from './server-process.ts';
import { openDatabase } from '../src/store/open.ts';
import { buildWorkload } from './workload.ts';

const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const db = flag('--db') ?? 'sqlite:./data/bench-small.db';
const requests = Number(flag('--requests') ?? 1000);
const rounds = Number(flag('--rounds') ?? 3);
const only = flag('--queries')?.split(',').map(Number);

/** utime + stime of a process, in clock ticks (100 per second on Linux). */
function cpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}
const TICK_US = 10_000;

const handle = await openDatabase(db);
const workload = await buildWorkload(handle);
await handle.close();

const server = await startBenchServer(db, { LEDGERQ_REST_RATE_LIMIT: '0' });
try {
  const c = await signIn(server);
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  console.log(`CPU µs per request (median of ${rounds} rounds of ${requests}), server pid ${server.pid}`);
  console.log('query  XML  REST');
  for (const [i, q] of workload.queries.entries()) {
    if (only && !only.includes(i + 1)) continue;
    const series = {
      xml: async () => checkXml((await request(c.xmlUrl, 'POST', c.xml(q.xml), XML_HEADERS)).body, q.name),
      rest: async () => checkRest(await request(c.restUrl, 'POST', JSON.stringify(q.rest), c.restHeaders), q.name),
    };
    const out: Record<string, number[]> = { xml: [], rest: [] };
    for (let r = 0; r < rounds; r++)
      for (const [name, send] of Object.entries(series)) {
        for (let w = 0; w < Math.min(100, requests); w++) await send();
        const before = cpuTicks(server.pid);
        for (let n = 0; n < requests; n++) await send();
        out[name]!.push(((cpuTicks(server.pid) - before) * TICK_US) / requests);
      }
    console.log(`q${i + 1}  ${median(out.xml!).toFixed(0)}  ${median(out.rest!).toFixed(0)}`);
  }
} finally {
  await server.stop();
}
