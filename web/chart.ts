// An inline SVG bar chart of an aggregate result: one bar per group, the first numeric column as the height.

import type { Row } from './xml.ts';

const SVG = 'http://www.w3.org/2000/svg';

function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number>,
  text?: string,
): SVGElementTagNameMap[K] {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

/** Null when the rows have no numeric column to draw. */
export function barChart(columns: readonly string[], rows: readonly Row[], title: string): SVGSVGElement | null {
  const isNum = (c: string) =>
    rows.length > 0 && rows.every((r) => r[c] === undefined || r[c] === '' || Number.isFinite(Number(r[c])));
  const value = columns.find(isNum);
  if (!value || rows.length === 0) return null;
  const label = columns.find((c) => c !== value && !isNum(c)) ?? columns.find((c) => c !== value);
  const shown = rows.slice(0, 40);
  const max = Math.max(1, ...shown.map((r) => Math.abs(Number(r[value] ?? 0))));
  const barW = 28,
    gap = 10,
    top = 24,
    height = 180,
    bottom = 70,
    left = 8;
  const width = Math.max(240, left * 2 + shown.length * (barW + gap));
  const root = svg('svg', {
    viewBox: `0 0 ${width} ${top + height + bottom}`,
    width,
    role: 'img',
    'aria-label': `${title}: ${value} by ${label ?? 'row'}`,
  });
  root.append(svg('title', {}, `${title}: ${value} by ${label ?? 'row'}`));
  root.append(svg('text', { x: left, y: 14 }, `${value} by ${label ?? 'row'}`));
  shown.forEach((r, i) => {
    const v = Number(r[value] ?? 0);
    const bh = Math.round((Math.abs(v) / max) * height);
    const x = left + i * (barW + gap);
    const bar = svg('rect', { x, y: top + height - bh, width: barW, height: Math.max(bh, 1) });
    bar.append(svg('title', {}, `${label ? (r[label] ?? '') : i + 1}: ${r[value] ?? ''}`));
    root.append(bar);
    const name = label ? (r[label] ?? '') : String(i + 1);
    root.append(
      svg(
        'text',
        { x: x + barW / 2, y: top + height + 12, transform: `rotate(45 ${x + barW / 2} ${top + height + 12})` },
        name.length > 14 ? `${name.slice(0, 13)}…` : name,
      ),
    );
  });
  return root;
}
