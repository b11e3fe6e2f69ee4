// `ledgerq query`: runs an XML <query>, a <readByQuery> or a REST query JSON against a database and prints rows, or the
// SQL and its plan.

import { readFileSync } from 'node:fs';
import { scopeFor } from '../auth/scope.ts';
import { findCompany } from '../auth/tenancy.ts';
import type { Catalog } from '../catalog/catalog.ts';
import { LedgerqError } from '../errors.ts';
import { lowerRestQuery } from '../protocols/rest/lower-query.ts';
import { lowerReadByQuery } from '../protocols/xml/lower-read-by-query.ts';
import { lowerXmlQuery } from '../protocols/xml/lower-query.ts';
import { parseXml } from '../protocols/xml/xml-tree.ts';
import { bindQuery } from '../query/bind.ts';
import type { QueryRequest } from '../query/ir/request.ts';
import { selectLabel } from '../query/labels.ts';
import { runQuery } from '../query/run-query.ts';
import { compileQuery } from '../query/sql/compile.ts';
import type { Database } from '../store/database.ts';
import type { FieldValue } from '../store/values.ts';

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

export function lowerQueryText(text: string): QueryRequest[] {
  const t = text.trim();
  if (t.startsWith('<')) {
    let el = parseXml(t);
    if (el.name === 'function' && el.children[0]) el = el.children[0];
    if (el.name === 'query') return [lowerXmlQuery(el).request];
    if (el.name === 'readByQuery') return [lowerReadByQuery(el)];
    throw new LedgerqError('parse.invalid-query', `<${el.name}> is not a query: use <query> or <readByQuery>`);
  }
  let json: unknown;
  try {
    json = JSON.parse(t);
  } catch (e) {
    throw new LedgerqError('parse.malformed-json', `the query is neither XML nor valid JSON: ${(e as Error).message}`);
  }
  return (Array.isArray(json) ? json : [json]).map((b) => lowerRestQuery(b).request);
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
  for (const request of lowerQueryText(text)) {
    const bound = bindQuery(catalog, request, { scope, now: `${new Date().toISOString().slice(0, 19)}Z` });
    if (opts.explain) {
      const compiled = compileQuery(db.dialect, bound);
      const { text: sqlText, params } = compiled.select.render(db.dialect);
      out(`-- SQL (${db.dialect.name})\n${sqlText}\n-- parameters\n${JSON.stringify(params)}\n-- plan\n`);
      const plan = await db.all<Record<string, unknown>>(db.dialect.explain(compiled.select));
      out(
        `${plan
          .map((r) =>
            r['QUERY PLAN'] !== undefined
              ? String(r['QUERY PLAN'])
              : `${'  '.repeat(Number(r.parent ? 1 : 0))}${String(r.detail)}`,
          )
          .join('\n')}\n`,
      );
      continue;
    }
    const page = await runQuery(db, bound);
    const labels = bound.select.map((s) => selectLabel(s, bound.naming));
    out(formatRows(labels, page.rows, opts.format ?? 'table'));
    out(`(${page.rows.length} of ${page.totalCount} ${page.totalCount === 1 ? 'row' : 'rows'})\n`);
  }
}
