// Runs a benchmark process as a child (the ledgerq server, or another bench script) and samples its resident memory
// from /proc.

import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

const ROOT = new URL('..', import.meta.url).pathname;

/** node --import tsx <script>: the pid is node itself, so /proc/<pid> is the process doing the work. */
export function spawnTs(
  script: string,
  args: readonly string[],
  env: Record<string, string> = {},
  nodeArgs: readonly string[] = [],
): ChildProcess {
  return spawn(process.execPath, [...nodeArgs, '--import', 'tsx', script, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function statusKb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** Peak RSS (MB) of `pid` while `work` runs: the kernel's high-water mark, reset first, and 50 ms samples as a fallback. */
export async function peakRss<T>(pid: number, work: () => Promise<T>): Promise<{ result: T; peakMb: number }> {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
  } catch {
    /* not permitted: the samples still give a peak */
  }
  let peak = statusKb(pid, 'VmRSS');
  const timer = setInterval(() => {
    peak = Math.max(peak, statusKb(pid, 'VmRSS'));
  }, 50);
  try {
    const result = await work();
    peak = Math.max(peak, statusKb(pid, 'VmRSS'), statusKb(pid, 'VmHWM'));
    return { result, peakMb: peak / 1024 };
  } finally {
    clearInterval(timer);
  }
}

export interface BenchServer {
  readonly pid: number;
  readonly url: string;
  readonly bareUrl: string;
  stop(): Promise<void>;
}

/** Starts bench/server-child.ts on `db` and waits for its address line. */
export async function startBenchServer(
  db: string,
  env: Record<string, string>,
  nodeArgs: readonly string[] = [],
): Promise<BenchServer> {
  const child = spawnTs('bench/server-child.ts', ['--db', db], env, nodeArgs);
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => {
    stderr += c.toString();
  });
  const lines = createInterface({ input: child.stdout! });
  const first = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`benchmark server exited (${code}) before listening:\n${stderr}`)));
  });
  const { url, bareUrl } = JSON.parse(first) as { url: string; bareUrl: string };
  return {
    pid: child.pid!,
    url,
    bareUrl,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export interface ScriptRun {
  readonly code: number | null;
  readonly lines: string[];
  readonly peakMb: number;
  readonly millis: number;
  readonly timedOut: boolean;
}

/** Runs a bench script to its end (or `timeoutMs`), echoing its output with a prefix, and reports its peak RSS. */
export async function runScript(
  script: string,
  args: readonly string[],
  env: Record<string, string>,
  timeoutMs: number,
  prefix: string,
): Promise<ScriptRun> {
  const t0 = performance.now();
  const child = spawnTs(script, args, env);
  const lines: string[] = [];
  const echo = (stream: NodeJS.ReadableStream) =>
    createInterface({ input: stream }).on('line', (l) => {
      lines.push(l);
      console.log(`  ${prefix} ${l}`);
    });
  echo(child.stdout!);
  echo(child.stderr!);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGTERM');
  }, timeoutMs);
  const { result: code, peakMb } = await peakRss(
    child.pid!,
    () => new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c))),
  );
  clearTimeout(timer);
  return { code, lines, peakMb, millis: performance.now() - t0, timedOut };
}
