// Where the machine's cores go during a load run: the server's process tree, the load generator (this process) and
// the PostgreSQL server, read from /proc (Linux). Two server processes can only beat one where the one-process run
// leaves a core idle, so the processes benchmark prints the cores each part used and the ceiling that leaves.

import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

const TICK_MS = 10; // USER_HZ is 100 on Linux

interface Stat {
  readonly pid: number;
  readonly ppid: number;
  readonly comm: string;
  /** utime + stime, ms */
  readonly cpuMs: number;
}

function readStat(pid: number): Stat | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null; // gone between the listing and the read
  }
  const close = text.lastIndexOf(')');
  const fields = text.slice(close + 2).split(' ');
  return {
    pid,
    comm: text.slice(text.indexOf('(') + 1, close),
    ppid: Number(fields[1]),
    cpuMs: (Number(fields[11]) + Number(fields[12])) * TICK_MS,
  };
}

function allStats(): Stat[] {
  const out: Stat[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const s = readStat(Number(name));
    if (s) out.push(s);
  }
  return out;
}

/** CPU ms so far of `root` and its descendants, and of every process named postgres. */
export interface CpuReading {
  readonly at: number;
  readonly server: number;
  readonly database: number;
  readonly generator: number;
}

export function readCpu(root: number): CpuReading {
  const stats = allStats();
  const children = new Map<number, Stat[]>();
  for (const s of stats) {
    const siblings = children.get(s.ppid);
    if (siblings) siblings.push(s);
    else children.set(s.ppid, [s]);
  }
  let server = 0;
  const stack = stats.filter((s) => s.pid === root);
  while (stack.length > 0) {
    const s = stack.pop()!;
    server += s.cpuMs;
    stack.push(...(children.get(s.pid) ?? []));
  }
  // Backends of exited connections are not counted; the run's connections stay open for its whole length.
  const database = stats.filter((s) => s.comm === 'postgres').reduce((sum, s) => sum + s.cpuMs, 0);
  const self = process.cpuUsage();
  return { at: performance.now(), server, database, generator: (self.user + self.system) / 1000 };
}

/** Cores each part kept busy between two readings, and what a machine of this size leaves for more processes. */
export interface CpuBudget {
  readonly server: number;
  readonly database: number;
  readonly generator: number;
  readonly total: number;
  readonly cores: number;
  /** cores / total: the most any number of server processes can multiply this run's rate by on this machine. */
  readonly ceiling: number;
}

export function cpuBudget(before: CpuReading, after: CpuReading): CpuBudget {
  const wall = after.at - before.at;
  const server = (after.server - before.server) / wall;
  const database = (after.database - before.database) / wall;
  const generator = (after.generator - before.generator) / wall;
  const total = server + database + generator;
  const cores = availableParallelism();
  return { server, database, generator, total, cores, ceiling: total > 0 ? cores / total : Number.POSITIVE_INFINITY };
}

export function describeBudget(b: CpuBudget): string {
  return `cores busy: server ${b.server.toFixed(2)}, load generator ${b.generator.toFixed(2)}, PostgreSQL ${b.database.toFixed(2)}, total ${b.total.toFixed(2)} of ${b.cores}`;
}
