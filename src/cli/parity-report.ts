// The parity report of `ledgerq replay --compare`: per exchange its differences, grouped and counted by kind, as text
// and as one static HTML page with the two answers side by side.

import { type JournalEntry, UPSTREAM_FAULT } from '../emulator/journal-store.ts';
import { parseXml, type XmlElement } from '../protocols/xml/xml-tree.ts';
import {
  type Answer,
  BEHAVIOUR_KINDS,
  compareAnswers,
  DATA_KINDS,
  type DifferenceKind,
  isBehaviour,
  type ParityDifference,
} from './parity-diff.ts';
import type { ReplayOutcome } from './replay-journal.ts';

/** same: no difference; data: only the data differs; behaviour: ledgerq behaves otherwise; not-compared: not sent. */
export type ParityVerdict = 'same' | 'data' | 'behaviour' | 'not-compared';

export interface ExchangeParity {
  readonly id: number;
  readonly method: string;
  readonly url: string;
  readonly operation: string | null;
  readonly verdict: ParityVerdict;
  /** Why it was not compared. */
  readonly detail: string | null;
  /** True when the recording itself holds no answer (the upstream timed out or failed): nothing to compare. */
  readonly upstreamFailed: boolean;
  readonly differences: readonly ParityDifference[];
  readonly recorded: Answer;
  readonly actual: Answer | null;
}

export interface KindCount {
  readonly kind: DifferenceKind;
  readonly behaviour: boolean;
  readonly differences: number;
  readonly exchanges: number;
}

export interface ParityReport {
  readonly recording: string;
  readonly target: string;
  readonly exchanges: readonly ExchangeParity[];
  readonly kinds: readonly KindCount[];
  readonly counts: Readonly<Record<ParityVerdict, number>>;
}

/** Pairs each outcome of the replay with its recorded exchange and compares the two answers. */
export function buildParityReport(
  recording: string,
  target: string,
  entries: readonly JournalEntry[],
  outcomes: readonly ReplayOutcome[],
): ParityReport {
  const exchanges = outcomes.map((o, i): ExchangeParity => {
    const e = entries[i]!;
    const recorded: Answer = {
      status: e.response.status,
      contentType: e.response.headers['content-type'] ?? '',
      body: e.response.body,
    };
    const head = { id: o.id, method: o.method, url: o.url, operation: o.operation, recorded, actual: o.actual };
    const upstreamFailed = e.fault?.id === UPSTREAM_FAULT;
    if (!o.actual) return { ...head, verdict: 'not-compared', detail: o.detail, upstreamFailed, differences: [] };
    const differences = compareAnswers(recorded, o.actual);
    const verdict = differences.some(isBehaviour) ? 'behaviour' : differences.length > 0 ? 'data' : 'same';
    return { ...head, verdict, detail: null, upstreamFailed, differences };
  });
  const kinds: KindCount[] = [];
  for (const kind of [...BEHAVIOUR_KINDS, ...DATA_KINDS]) {
    const withKind = exchanges.filter((x) => x.differences.some((d) => d.kind === kind));
    if (withKind.length === 0) continue;
    kinds.push({
      kind,
      behaviour: (BEHAVIOUR_KINDS as readonly string[]).includes(kind),
      differences: withKind.reduce((n, x) => n + x.differences.filter((d) => d.kind === kind).length, 0),
      exchanges: withKind.length,
    });
  }
  const counts = { same: 0, data: 0, behaviour: 0, 'not-compared': 0 };
  for (const x of exchanges) counts[x.verdict]++;
  return { recording, target, exchanges, kinds, counts };
}

/** Behaviour differs, or an exchange the recording answered could not be replayed: the replay fails. */
export function parityFails(r: ParityReport): boolean {
  return r.exchanges.some((x) => x.verdict === 'behaviour' || (x.verdict === 'not-compared' && !x.upstreamFailed));
}

function summaryLine(r: ParityReport): string {
  const c = r.counts;
  return `${r.exchanges.length} exchanges: ${c.same} same, ${c.data} differ only in data, ${c.behaviour} differ in behaviour, ${c['not-compared']} not compared`;
}

const exchangeTitle = (x: ExchangeParity) => `#${x.id} ${x.method} ${x.url}${x.operation ? ` ${x.operation}` : ''}`;

export function parityText(r: ParityReport): string {
  const lines = [`parity of ${r.recording} against ${r.target}`, summaryLine(r), ''];
  if (r.kinds.length === 0) lines.push('no differences');
  for (const group of [true, false]) {
    const kinds = r.kinds.filter((k) => k.behaviour === group);
    if (kinds.length === 0) continue;
    lines.push(group ? 'behaviour differences by kind:' : 'data differences by kind:');
    for (const k of kinds) lines.push(`  ${k.kind.padEnd(14)} ${k.differences} in ${k.exchanges} exchanges`);
  }
  for (const x of r.exchanges) {
    if (x.verdict === 'same') continue;
    lines.push('', `${exchangeTitle(x)}: ${x.verdict}${x.detail ? ` (${x.detail})` : ''}`);
    for (const d of x.differences)
      lines.push(
        `  ${isBehaviour(d) ? 'behaviour' : 'data'} ${d.kind} at ${d.path}: recorded ${JSON.stringify(d.expected)}, replayed ${JSON.stringify(d.actual)}${d.times > 1 ? ` (${d.times} times)` : ''}`,
      );
  }
  return `${lines.join('\n')}\n`;
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function xmlLines(el: XmlElement, depth: number, out: string[]): void {
  const pad = '  '.repeat(depth);
  const attrs = Object.entries(el.attrs)
    .map(([k, v]) => ` ${k}="${v}"`)
    .join('');
  if (el.children.length === 0) {
    out.push(`${pad}<${el.name}${attrs}>${el.text.trim()}</${el.name}>`);
    return;
  }
  out.push(`${pad}<${el.name}${attrs}>`);
  for (const c of el.children) xmlLines(c, depth + 1, out);
  out.push(`${pad}</${el.name}>`);
}

/** A body one element or member per line, so the two sides line up. */
export function prettyBody(body: string): string[] {
  try {
    if (body.trimStart().startsWith('<')) {
      const out: string[] = [];
      xmlLines(parseXml(body), 0, out);
      return out;
    }
    return JSON.stringify(JSON.parse(body), null, 2).split('\n');
  } catch {
    return body.split('\n');
  }
}

/** Lines paired by their longest common subsequence (positionally past 3,000 lines a side, to stay quick). */
export function sideBySide(left: readonly string[], right: readonly string[]): [string | null, string | null][] {
  const n = left.length;
  const m = right.length;
  if (n > 3000 || m > 3000) {
    return Array.from({ length: Math.max(n, m) }, (_, i) => [left[i] ?? null, right[i] ?? null]);
  }
  const lcs = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      lcs[i]![j] = left[i] === right[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  const rows: [string | null, string | null][] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && left[i] === right[j]) rows.push([left[i++]!, right[j++]!]);
    else if (j < m && (i === n || lcs[i]![j + 1]! >= lcs[i + 1]![j]!)) rows.push([null, right[j++]!]);
    else rows.push([left[i++]!, null]);
  }
  return rows;
}

const STYLE = `body{font:14px system-ui,sans-serif;margin:2em;color:#222}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 6px;vertical-align:top;text-align:left}
.behaviour{color:#a00}.data{color:#a60}.same{color:#070}
pre{margin:0;font:12px ui-monospace,monospace;white-space:pre-wrap}
table.sbs{width:100%;table-layout:fixed}table.sbs td{border:none;padding:0 4px}
td.del{background:#fdd}td.add{background:#dfd}details{margin:1em 0}`;

function answerTitle(a: Answer | null): string {
  return a ? `HTTP ${a.status} ${a.contentType}` : '(no answer)';
}

export function parityHtml(r: ParityReport): string {
  const h = escapeHtml;
  const parts = [
    '<!doctype html><html><head><meta charset="utf-8"><title>ledgerq parity report</title>',
    `<style>${STYLE}</style></head><body>`,
    `<h1>ledgerq parity report</h1><p>${h(r.recording)} replayed against ${h(r.target)}</p><p>${h(summaryLine(r))}</p>`,
  ];
  if (r.kinds.length > 0) {
    parts.push('<table><tr><th>kind</th><th>class</th><th>differences</th><th>exchanges</th></tr>');
    for (const k of r.kinds) {
      const cls = k.behaviour ? 'behaviour' : 'data';
      parts.push(
        `<tr><td>${k.kind}</td><td class="${cls}">${cls}</td><td>${k.differences}</td><td>${k.exchanges}</td></tr>`,
      );
    }
    parts.push('</table>');
  } else parts.push('<p class="same">No differences.</p>');
  for (const x of r.exchanges) {
    if (x.verdict === 'same') continue;
    parts.push(
      `<details${x.verdict === 'behaviour' ? ' open' : ''}><summary id="x${x.id}"><b>${h(exchangeTitle(x))}</b>: <span class="${x.verdict === 'not-compared' ? 'behaviour' : x.verdict}">${x.verdict}</span>${x.detail ? ` (${h(x.detail)})` : ''}</summary>`,
    );
    if (x.differences.length > 0) {
      parts.push('<table><tr><th>class</th><th>kind</th><th>where</th><th>recorded</th><th>replayed</th></tr>');
      for (const d of x.differences) {
        const cls = isBehaviour(d) ? 'behaviour' : 'data';
        parts.push(
          `<tr><td class="${cls}">${cls}</td><td>${d.kind}</td><td><code>${h(d.path)}</code>${d.times > 1 ? ` (${d.times} times)` : ''}</td><td><pre>${h(d.expected)}</pre></td><td><pre>${h(d.actual)}</pre></td></tr>`,
        );
      }
      parts.push('</table>');
    }
    if (x.actual) {
      parts.push(
        `<table class="sbs"><tr><th>recorded: ${h(answerTitle(x.recorded))}</th><th>replayed: ${h(answerTitle(x.actual))}</th></tr>`,
      );
      for (const [a, b] of sideBySide(prettyBody(x.recorded.body), prettyBody(x.actual.body))) {
        const changed = a !== b;
        parts.push(
          `<tr><td${changed && a !== null ? ' class="del"' : ''}><pre>${h(a ?? '')}</pre></td><td${changed && b !== null ? ' class="add"' : ''}><pre>${h(b ?? '')}</pre></td></tr>`,
        );
      }
      parts.push('</table>');
    }
    parts.push('</details>');
  }
  parts.push('</body></html>\n');
  return parts.join('\n');
}
