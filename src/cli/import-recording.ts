// `ledgerq record --import-company`: the records a recording's read answers show (XML query, readByQuery, read,
// readMore; REST query), written into a ledgerq company so a replay compares behaviour on the same data.

import { findCompany } from '../auth/tenancy.ts';
import { COMPANY_COLUMN, type Catalog, findField } from '../catalog/catalog.ts';
import { encodeValue, type FieldValue } from '../catalog/field-values.ts';
import type { CatalogField, CatalogObject } from '../catalog/types.ts';
import { uniqueIdColumn } from '../catalog/unique-ids.ts';
import type { JournalEntry } from '../emulator/journal-store.ts';
import { LedgerqError } from '../errors.ts';
import { parseXml, type XmlElement } from '../protocols/xml/xml-tree.ts';
import { parseValue } from '../query/parse-value.ts';
import type { Database } from '../store/database.ts';
import { ident, join, p, type Sql, sql } from '../store/sql.ts';

/** Field → canonical value, for one record. */
type SeenRecord = Map<CatalogField, FieldValue>;

export interface ImportSummary {
  /** Object → records written. */
  readonly written: Readonly<Record<string, number>>;
  /** Why some records or values were left out, with how often. */
  readonly skipped: Readonly<Record<string, number>>;
}

class SeenRecords {
  /** Object → key text → the record's values, merged over every answer that showed it. */
  readonly byObject = new Map<CatalogObject, Map<string, SeenRecord>>();
  readonly skipped: Record<string, number> = {};

  skip(why: string): void {
    this.skipped[why] = (this.skipped[why] ?? 0) + 1;
  }

  add(o: CatalogObject, values: readonly [string, string | number | boolean | null][], naming: 'xml' | 'rest'): void {
    const rec: SeenRecord = new Map();
    for (const [name, raw] of values) {
      const f =
        naming === 'xml'
          ? findField(o, name)
          : o.fields.find((x) => x.restPath === name || x.restAliases.includes(name));
      // Related fields (VENDOR.NAME), derived ones (durations) and unknown names have no column of this object.
      if (!f?.column) continue;
      const value = canonical(f, raw, naming);
      if (value === undefined) this.skip(`${o.xmlName}.${f.xmlId}: a value that does not parse`);
      else rec.set(f, value);
    }
    const key = findField(o, o.keyField)!;
    const k = rec.get(key);
    const idField = o.idField ? findField(o, o.idField) : undefined;
    const id = idField ? rec.get(idField) : undefined;
    if (k !== undefined && k !== null) merge(this.byObject, o, String(k), rec);
    // A REST query often asks for `id` and not `key`: the record is then found by its id when written.
    else if (id !== undefined && id !== null) merge(this.byId, o, String(id), rec);
    else this.skip(`${o.xmlName}: a record without its key ${o.keyField}${o.idField ? ` or id ${o.idField}` : ''}`);
  }

  /** Object → id text → values of records seen without their key. */
  readonly byId = new Map<CatalogObject, Map<string, SeenRecord>>();

  /** Records seen by id only, folded into a record seen with its key and the same id. */
  foldIds(): void {
    for (const [o, byId] of this.byId) {
      const idField = findField(o, o.idField!)!;
      for (const keyed of this.byObject.get(o)?.values() ?? []) {
        const id = keyed.get(idField);
        const extra = id === undefined || id === null ? undefined : byId.get(String(id));
        if (!extra) continue;
        for (const [f, v] of extra) keyed.set(f, v);
        byId.delete(String(id));
      }
    }
  }
}

function merge(into: Map<CatalogObject, Map<string, SeenRecord>>, o: CatalogObject, k: string, rec: SeenRecord): void {
  const records = into.get(o) ?? new Map<string, SeenRecord>();
  into.set(o, records);
  const known = records.get(k);
  records.set(k, known ? new Map([...known, ...rec]) : rec);
}

/** An answer's value as the column stores it; null for empty; undefined when it does not parse. */
function canonical(
  f: CatalogField,
  raw: string | number | boolean | null,
  naming: 'xml' | 'rest',
): FieldValue | undefined {
  if (raw === null || raw === '') return null;
  try {
    const parsed = parseValue(f, raw, {
      naming,
      spelling: 'label',
      asOf: new Date().toISOString().slice(0, 10),
      path: f.xmlId,
    });
    return (parsed.kind === 'point' ? parsed.value : parsed.low) as FieldValue;
  } catch (e) {
    if (e instanceof LedgerqError) return undefined;
    throw e;
  }
}

function xmlRecords(catalog: Catalog, e: JournalEntry, seen: SeenRecords): void {
  let root: XmlElement;
  try {
    root = parseXml(e.response.body);
  } catch {
    return;
  }
  const results = root.children.find((c) => c.name === 'operation')?.children.filter((c) => c.name === 'result') ?? [];
  for (const result of results) {
    const status = result.children.find((c) => c.name === 'status')?.text.trim();
    const fn = result.children.find((c) => c.name === 'function')?.text.trim() ?? '';
    if (status !== 'success' || !['query', 'readByQuery', 'read', 'readMore', 'readByName'].includes(fn)) continue;
    const data = result.children.find((c) => c.name === 'data');
    for (const record of data?.children ?? []) {
      const o = catalog.object(data!.attrs.listtype ?? record.name) ?? catalog.object(record.name);
      if (!o) {
        seen.skip(`${record.name}: not an object of ledgerq's catalog`);
        continue;
      }
      const leaves = record.children.filter((c) => c.children.length === 0);
      seen.add(
        o,
        leaves.map((c) => [c.name, c.text]),
        'xml',
      );
    }
  }
}

/** A REST record's members as dotted paths (`vendor.id`), as the catalog names REST fields. */
function flatten(value: unknown, prefix: string, out: [string, string | number | boolean | null][]): void {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else if (!Array.isArray(value)) out.push([prefix, value as string | number | boolean | null]);
}

function restRecords(catalog: Catalog, e: JournalEntry, seen: SeenRecords): void {
  if (e.response.status !== 200 || !/\/services\/core\/query$/.test(e.url.split('?')[0]!)) return;
  let object: string | undefined;
  let records: unknown;
  try {
    object = (JSON.parse(e.request.body) as { object?: string }).object;
    records = (JSON.parse(e.response.body) as { 'ia::result'?: unknown })['ia::result'];
  } catch {
    return;
  }
  const o = object ? catalog.objectByRest(object) : undefined;
  if (!o || !Array.isArray(records)) return;
  for (const r of records) {
    const values: [string, string | number | boolean | null][] = [];
    flatten(r, '', values);
    seen.add(o, values, 'rest');
  }
}

/** The records the recording's read answers show, by object. */
export function seenRecords(catalog: Catalog, entries: readonly JournalEntry[]): SeenRecords {
  const seen = new SeenRecords();
  for (const e of entries) {
    if (/…\[truncated \d+ characters\]$/.test(e.response.body)) {
      seen.skip('an answer the recording truncated');
      continue;
    }
    if (e.url.includes('/ia/xml/')) xmlRecords(catalog, e, seen);
    else restRecords(catalog, e, seen);
  }
  return seen;
}

/**
 * Writes the records into the company: each replaces the company's record
 * with its key (and one holding its unique id under another key), keeping
 * the values the recording did not show. With `replace`, the company's other
 * records of each object seen are deleted first, so the object holds exactly
 * what the recording saw.
 */
export async function importRecording(
  db: Database,
  catalog: Catalog,
  companyId: string,
  entries: readonly JournalEntry[],
  opts: { readonly replace: boolean },
): Promise<ImportSummary> {
  const company = await findCompany(db, companyId);
  if (!company) throw new LedgerqError('auth.unknown-company', `no company ${companyId}`);
  const seen = seenRecords(catalog, entries);
  seen.foldIds();
  const written: Record<string, number> = {};
  const count = (o: CatalogObject) => {
    written[o.xmlName] = (written[o.xmlName] ?? 0) + 1;
  };
  await db.transaction(async (tx) => {
    for (const [o, records] of seen.byObject) {
      const table = ident(o.table);
      const keyColumn = findField(o, o.keyField)!.column!;
      const uniqueId = uniqueIdColumn(o);
      if (opts.replace) await tx.run(sql`DELETE FROM ${table} WHERE ${ident(COMPANY_COLUMN)} = ${p(company.key)}`);
      for (const rec of records.values()) {
        const values = [...rec].map(([f, v]) => [f.column!, encodeValue(f, v)] as const);
        const key = values.find(([c]) => c === keyColumn)![1];
        const id = uniqueId ? values.find(([c]) => c === uniqueId)?.[1] : undefined;
        const mine = sql`${ident(COMPANY_COLUMN)} = ${p(company.key)}`;
        if (uniqueId && id !== undefined && id !== null)
          await tx.run(
            sql`DELETE FROM ${table} WHERE ${mine} AND ${ident(uniqueId)} = ${p(id)} AND ${ident(keyColumn)} <> ${p(key)}`,
          );
        const sets: Sql[] = values.map(([c, v]) => sql`${ident(c)} = ${p(v)}`);
        const updated = await tx.run(
          sql`UPDATE ${table} SET ${join(sets, ', ')} WHERE ${mine} AND ${ident(keyColumn)} = ${p(key)}`,
        );
        if (updated === 0) {
          const columns = [sql`${ident(COMPANY_COLUMN)}`, ...values.map(([c]) => sql`${ident(c)}`)];
          const params = [sql`${p(company.key)}`, ...values.map(([, v]) => sql`${p(v)}`)];
          await tx.run(sql`INSERT INTO ${table} (${join(columns, ', ')}) VALUES (${join(params, ', ')})`);
        }
        count(o);
      }
    }
    for (const [o, records] of seen.byId) {
      const idColumn = findField(o, o.idField!)!.column!;
      for (const [id, rec] of records) {
        const sets = [...rec].map(([f, v]) => sql`${ident(f.column!)} = ${p(encodeValue(f, v))}`);
        const updated = await tx.run(
          sql`UPDATE ${ident(o.table)} SET ${join(sets, ', ')} WHERE ${ident(COMPANY_COLUMN)} = ${p(company.key)} AND ${ident(idColumn)} = ${p(id)}`,
        );
        if (updated === 0) seen.skip(`${o.xmlName}: a record seen without its key whose id the company does not hold`);
        else count(o);
      }
    }
  });
  return { written, skipped: seen.skipped };
}
