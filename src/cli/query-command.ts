// `ledgerq query`: runs an XML <query>, a <readByQuery> or a REST query JSON against a database and prints rows, or the
// SQL and its plan.

import { readFileSync } from 'node:fs';
import { scopeFor } from '../auth/scope.ts';
import { findCompany } from '../auth/tenancy.ts';
import type { Catalog } from '../catalog/catalog.ts';
import { LedgerqError } from '../errors.ts';
import { bindQuery } from '../query/bind.ts';
import { selectLabel } from '../query/labels.ts';
import { runQuery } from '../query/run-query.ts';
import { lowerQueryText } from '../protocols/query-text.ts';
import { explainQuery } from '../query/explain-query.ts';
import type { Database } from '../store/database.ts';
import type { FieldValue } from '../catalog/field-values.ts';

export interface QueryCommandOptions {
  readonly company: string;
  readonly entity?: string;
  readonly explain?: boolean;
  readonly format?: 'table' | 'json' | 'csv';
}

/** The query text: inline, `-` for standard input, or a file path. */
export function readQueryText(arg: string): string {
  if (arg === '-') return readFileSync(0, 'utf8');
  const t = arg.trimStart();
  if (t.startsWith('<') || t.startsWith('{') || t.startsWith('[')) return arg;
  return readFileSync(arg, 'utf8');
}

function cell(v: FieldValue): string {
  return v === null ? '' : String(v);
}

function csvCell(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function formatRows(labels: string[], rows: FieldValue[][], format: 'table' | 'json' | 'csv'): string {
  if (format === 'json')
    return `${JSON.stringify(
      rows.map((r) => Object.fromEntries(labels.map((l, i) => [l, r[i]]))),
      null,
      2,
    )}\n`;
  if (format === 'csv')
    return `${[labels, ...rows.map((r) => r.map(cell))].map((r) => r.map(csvCell).join(',')).join('\n')}\n`;
  const table = [labels, ...rows.map((r) => r.map(cell))];
  const widths = labels.map((_, i) => Math.min(40, Math.max(...table.map((r) => r[i]!.length))));
  const line = (r: string[]) =>
    r
      .map((c, i) => (c.length > 40 ? `${c.slice(0, 39)}…` : c).padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return `${[line(labels), widths.map((w) => '-'.repeat(w)).join('  '), ...table.slice(1).map(line)].join('\n')}\n`;
}

export async function runQueryCommand(
  db: Database,
  catalog: Catalog,
  text: string,
  opts: QueryCommandOptions,
  out: (s: string) => void,
): Promise<void> {
  const company = await findCompany(db, opts.company);
  if (!company)
    throw new LedgerqError('auth.unknown-company', `company ${opts.company} does not exist in ${db.displayUrl}`);
  const scope = await scopeFor(db, company, opts.entity ?? null);
  for (const { request } of lowerQueryText(text)) {
    const bound = bindQuery(catalog, request, { scope, now: `${new Date().toISOString().slice(0, 19)}Z` });
    if (opts.explain) {
      const e = await explainQuery(db, bound);
      out(`-- SQL (${db.dialect.name})\n${e.sql}\n-- parameters\n${JSON.stringify(e.params)}\n-- plan\n`);
      out(`${e.plan.join('\n')}\n`);
      continue;
    }
    const page = await runQuery(db, bound);
    const labels = bound.select.map((s) => selectLabel(s, bound.naming));
    out(formatRows(labels, page.rows, opts.format ?? 'table'));
    out(`(${page.rows.length} of ${page.totalCount} ${page.totalCount === 1 ? 'row' : 'rows'})\n`);
  }
}
