// The benchmark's results: targets (TARGET lines), the console table and the generated part of docs/PERFORMANCE.md.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';

export interface Timing {
  readonly p50: number;
  readonly p99: number;
}

export interface LatencyRow {
  readonly name: string;
  readonly iterations: number;
  readonly xmlBytes: number;
  readonly restBytes: number;
  readonly xml: Timing;
  readonly rest: Timing;
  readonly rawXml: Timing;
  readonly rawRest: Timing;
  readonly bareXml: Timing;
  readonly bareRest: Timing;
}

export interface WalkRow {
  readonly kind: string;
  readonly pageSize: number;
  readonly rows: number;
  readonly pages: number;
  readonly millis: number;
  readonly firstMs: number;
  readonly lastMs: number;
  readonly rawRows: number;
  readonly rawMillis: number;
  readonly peakMb: number;
}

export type ExportResult =
  | { readonly available: false; readonly note: string }
  | {
      readonly available: true;
      readonly ok: boolean;
      readonly note: string;
      readonly rowsPerSecond: number | null;
      readonly rawRowsPerSecond: number | null;
      readonly peakMb: number;
      readonly millis: number;
      readonly targets: string[];
    };

export interface BackendResult {
  readonly backend: 'sqlite' | 'postgres';
  readonly latency: LatencyRow[];
  throughput: {
    xmlBytes: number;
    restBytes: number;
    xml: number;
    bareXml: number;
    rest: number;
    bareRest: number;
  } | null;
  /** bench/processes.ts: `serve --processes 1` against `--processes 2` (its output and TARGET lines). */
  processes: { lines: string[]; targets: string[] } | null;
  readonly walks: WalkRow[];
  export: ExportResult | null;
  versions: Record<string, string>;
}

export interface Report {
  readonly quick: boolean;
  readonly startedAt: string;
  readonly machine: {
    cpu: string;
    cores: number;
    memoryGb: number;
    load: string;
    node: string;
    packages: Record<string, string>;
  };
  readonly backends: BackendResult[];
  queue: { available: boolean; ok: boolean; lines: string[]; targets: string[] } | null;
  seed: { rows: number; seconds: number } | null;
  targets: Target[];
}

export interface Target {
  readonly name: string;
  readonly measured: string;
  /** e.g. `<=1.50`, `>=0.40` */
  readonly goal: string;
  readonly ok: boolean | null;
}

const PACKAGES = ['fastify', 'better-sqlite3', 'pg', 'autocannon', 'graphile-worker', 'pg-boss', 'tsx'];

export async function describeMachine(): Promise<Report['machine']> {
  const packages: Record<string, string> = {};
  for (const name of PACKAGES) {
    try {
      packages[name] = (
        JSON.parse(readFileSync(new URL(`../node_modules/${name}/package.json`, import.meta.url), 'utf8')) as {
          version: string;
        }
      ).version;
    } catch {
      packages[name] = 'not installed';
    }
  }
  return {
    cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
    cores: os.cpus().length,
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    load: os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' '),
    node: process.version,
    packages,
  };
}

const at = (v: number, digits = 2) => (Number.isFinite(v) ? v.toFixed(digits) : 'n/a');
const int = (v: number) => Math.round(v).toLocaleString('en-US');

function atMost(name: string, value: number, goal: number, digits = 2): Target {
  return {
    name,
    measured: at(value, digits),
    goal: `<=${at(goal, digits)}`,
    ok: Number.isFinite(value) ? value <= goal : false,
  };
}

function atLeast(name: string, value: number, goal: number, digits = 2): Target {
  return {
    name,
    measured: at(value, digits),
    goal: `>=${at(goal, digits)}`,
    ok: Number.isFinite(value) ? value >= goal : false,
  };
}

/** Every target of issue 10 that this run measured, as ratios within the run (or MB and seconds). */
export function targetsOf(r: Report): Target[] {
  const t: Target[] = [];
  for (const b of r.backends) {
    const db = b.backend;
    // Issue 20: what ledgerq adds to a request, in ms: its p50 less the raw statement's and a bare route's.
    const overheadGoal = db === 'sqlite' ? 0.4 : 1.0;
    b.latency.forEach((q, i) => {
      t.push(atMost(`latency-xml-${db}-q${i + 1}`, q.xml.p50 / (q.rawXml.p50 + q.bareXml.p50), 1.5));
      t.push(atMost(`latency-rest-${db}-q${i + 1}`, q.rest.p50 / (q.rawRest.p50 + q.bareRest.p50), 1.5));
      t.push(atMost(`overhead-ms-xml-${db}-q${i + 1}`, q.xml.p50 - q.rawXml.p50 - q.bareXml.p50, overheadGoal));
      t.push(atMost(`overhead-ms-rest-${db}-q${i + 1}`, q.rest.p50 - q.rawRest.p50 - q.bareRest.p50, overheadGoal));
    });
    if (b.throughput) {
      t.push(atLeast(`throughput-xml-${db}`, b.throughput.xml / b.throughput.bareXml, 0.4));
      t.push(atLeast(`throughput-rest-${db}`, b.throughput.rest / b.throughput.bareRest, 0.4));
    }
    for (const w of b.walks) {
      const tag = w.kind.startsWith('REST') ? 'rest-next' : 'readmore';
      t.push(atLeast(`walk-${tag}-${db}-vs-raw`, w.rows / w.millis / (w.rawRows / w.rawMillis), 0.4));
      t.push(atMost(`walk-${tag}-${db}-last/first`, w.lastMs / w.firstMs, 1.5));
      t.push(atMost(`walk-${tag}-${db}-peak-rss-mb`, w.peakMb, 300, 0));
    }
    if (b.export?.available) {
      t.push(atMost(`export-dds-${db}-peak-rss-mb`, b.export.peakMb, 300, 0));
      for (const line of b.export.targets) t.push(parseTargetLine(line, `-${db}`));
    }
    for (const line of b.processes?.targets ?? []) t.push(parseTargetLine(line, `-${db}`));
  }
  for (const line of r.queue?.targets ?? []) t.push(parseTargetLine(line, ''));
  if (r.seed) t.push(atMost('seed-large-sqlite-s', r.seed.seconds, 60, 1));
  return t;
}

/** Another script's `TARGET name measured goal ok|MISS` line. */
function parseTargetLine(line: string, suffix: string): Target {
  const [, name = '?', measured = '?', goal = '?', verdict = ''] = line.trim().split(/\s+/);
  return { name: `${name}${suffix}`, measured, goal, ok: verdict === 'ok' ? true : verdict === 'MISS' ? false : null };
}

export function targetLine(t: Target): string {
  return `TARGET ${t.name} ${t.measured} ${t.goal} ${t.ok === null ? '?' : t.ok ? 'ok' : 'MISS'}`;
}

function tables(r: Report): string[] {
  const md: string[] = [];
  for (const b of r.backends) {
    md.push(
      `### ${b.backend}${Object.entries(b.versions)
        .map(([k, v]) => ` (${k} ${v})`)
        .join('')}`,
      '',
    );
    md.push(
      'Latency (ms, p50 / p99; raw = the same compiled statements on the driver; bare = a Fastify route answering a body of the same size; ratio = ledgerq p50 / (raw p50 + bare p50), goal ≤ 1.5):',
      '',
    );
    md.push(
      '| query | XML | raw | bare | ratio | REST | raw | bare | ratio | runs |',
      '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    );
    b.latency.forEach((q, i) => {
      const pair = (x: Timing) => `${at(x.p50)} / ${at(x.p99)}`;
      md.push(
        `| q${i + 1} ${q.name} (${int(q.xmlBytes)} B / ${int(q.restBytes)} B) | ${pair(q.xml)} | ${pair(q.rawXml)} | ${pair(q.bareXml)} | ${at(q.xml.p50 / (q.rawXml.p50 + q.bareXml.p50))} | ${pair(q.rest)} | ${pair(q.rawRest)} | ${pair(q.bareRest)} | ${at(q.rest.p50 / (q.rawRest.p50 + q.bareRest.p50))} | ${q.iterations} |`,
      );
    });
    md.push('');
    if (b.throughput) {
      const th = b.throughput;
      md.push(
        'Throughput, 10 connections (autocannon), requests/s:',
        '',
        '| 100-row query | ledgerq | bare Fastify, same body | ratio (goal ≥ 0.40) |',
        '| --- | --- | --- | --- |',
      );
      md.push(`| XML (${int(th.xmlBytes)} B) | ${int(th.xml)} | ${int(th.bareXml)} | ${at(th.xml / th.bareXml)} |`);
      md.push(
        `| REST (${int(th.restBytes)} B) | ${int(th.rest)} | ${int(th.bareRest)} | ${at(th.rest / th.bareRest)} |`,
        '',
      );
    }
    if (b.walks.length) {
      md.push('Full walks against raw streaming of the same rows (driver, batches of 1,000):', '');
      md.push(
        '| walk | page | rows | pages | time (s) | rows/s | raw rows/s | ratio (≥ 0.40) | first page (ms) | last page (ms) | last/first (≤ 1.5) | server peak RSS (MB) |',
      );
      md.push('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
      for (const w of b.walks) {
        const rate = w.rows / (w.millis / 1000);
        const raw = w.rawRows / (w.rawMillis / 1000);
        md.push(
          `| ${w.kind} | ${int(w.pageSize)} | ${int(w.rows)} | ${int(w.pages)} | ${at(w.millis / 1000, 1)} | ${int(rate)} | ${int(raw)} | ${at(rate / raw)} | ${at(w.firstMs, 1)} | ${at(w.lastMs, 1)} | ${at(w.lastMs / w.firstMs)} | ${at(w.peakMb, 0)} |`,
        );
      }
      md.push('');
    }
    const e = b.export;
    if (e) {
      md.push(
        e.available
          ? `DDS export (bench/dds-export.ts): ${e.ok ? 'completed' : `did not complete (${e.note})`} in ${at(e.millis / 1000, 1)} s; ${e.rowsPerSecond === null ? 'rows/s not reported' : `${int(e.rowsPerSecond)} rows/s`}${e.rawRowsPerSecond ? ` (raw streaming ${int(e.rawRowsPerSecond)} rows/s)` : ''}; peak RSS of the export process ${at(e.peakMb, 0)} MB.`
          : `DDS export: not available (${e.note}).`,
        '',
      );
    }
    if (b.processes)
      md.push(['Processes (bench/processes.ts):', '', '```', ...b.processes.lines, '```', ''].join('\n'), '');
  }
  if (r.queue)
    md.push(
      r.queue.available
        ? ['Queue (bench/queue.ts):', '', '```', ...r.queue.lines, '```', ''].join('\n')
        : 'Queue: not available (bench/queue.ts is missing).',
      '',
    );
  if (r.seed)
    md.push(
      `Seed: the large demo (${int(r.seed.rows)} rows) on a fresh SQLite file in ${at(r.seed.seconds, 1)} s (goal < 60 s).`,
      '',
    );
  return md;
}

const BEGIN = '<!-- bench:begin (written by npm run bench; edit outside these markers) -->';
const END = '<!-- bench:end -->';

export function writeReport(r: Report, path: string | null): void {
  r.targets = targetsOf(r);
  const m = r.machine;
  const md = [
    BEGIN,
    '',
    `## ${r.quick ? 'Quick run (small demo)' : 'Full run (large demo)'}, ${r.startedAt.slice(0, 16).replace('T', ' ')} UTC`,
    '',
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGb} GB; load average at start ${m.load}. Node ${m.node}; ${Object.entries(
      m.packages,
    )
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}.`,
    '',
    ...tables(r),
    'Targets:',
    '',
    '```',
    ...r.targets.map(targetLine),
    '```',
    '',
    END,
  ].join('\n');
  console.log(`\n${tables(r).join('\n')}`);
  for (const t of r.targets) console.log(targetLine(t));
  if (!path) return;
  const old = existsSync(path) ? readFileSync(path, 'utf8') : '# Performance\n\n';
  const i = old.indexOf(BEGIN);
  const j = old.indexOf(END);
  const next = i >= 0 && j > i ? old.slice(0, i) + md + old.slice(j + END.length) : `${old.trimEnd()}\n\n${md}\n`;
  writeFileSync(path, next);
}
