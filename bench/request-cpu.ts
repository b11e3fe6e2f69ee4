// CPU time the server spends per request, for the latency part's six queries (XML and REST): a measure that the other
// processes of a shared machine disturb far less than wall-clock latency. The server runs as a child process (as in
// the benchmark); the time its main thread (JavaScript and the SQLite driver) ran is read from /proc/<pid>/schedstat
// (nanoseconds) around each series of sequential requests.
//
//   npx tsx bench/request-cpu.ts [--db sqlite:./data/bench-small.db] [--requests 1000] [--rounds 3]
//
// Prints per query and protocol the median over rounds of CPU µs per request (the journal's and meter's batched
// writes included: they are work each request causes; V8's helper threads are not).

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

/** Nanoseconds the process's main thread has run on a CPU (schedstat's first field). */
function cpuNs(pid: number): number {
  return Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[0]);
}

const handle = await openDatabase(db);
const workload = await buildWorkload(handle);
await handle.close();

const server = await startBenchServer(db, { LEDGERQ_REST_RATE_LIMIT: '0' });
try {
  const c = await signIn(server);
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  console.log(`main-thread CPU µs per request (median of ${rounds} rounds of ${requests}), server pid ${server.pid}`);
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
        const before = cpuNs(server.pid);
        for (let n = 0; n < requests; n++) await send();
        out[name]!.push((cpuNs(server.pid) - before) / 1000 / requests);
      }
    console.log(`q${i + 1}  ${median(out.xml!).toFixed(0)}  ${median(out.rest!).toFixed(0)}`);
  }
} finally {
  await server.stop();
}
