// Records of supdoc and supdocfolder as the 2.1 get and get_list answer them: lower-case elements in the DTD's order,
// filtered (expression / logical), sorted and paged in memory, an attachment's files read only for the page answered.

import { COMPANY_COLUMN, storedColumn } from '../../catalog/catalog.ts';
import { decodeValue, type FieldValue } from '../../catalog/field-values.ts';
import type { CatalogObject } from '../../catalog/types.ts';
import { LedgerqError } from '../../errors.ts';
import { ident, p, sql } from '../../store/sql.ts';
import { attachmentFiles } from '../../writes/attachments.ts';
import type { FunctionContext } from './function-context.ts';
import { child, type XmlElement } from './xml-tree.ts';
import { el, textEl } from './xml-writer.ts';

type Value = (row: Readonly<Record<string, FieldValue>>, logins: ReadonlyMap<number, string>) => string;

const text =
  (id: string): Value =>
  (row) =>
    row[id] === null || row[id] === undefined ? '' : String(row[id]);
/** MM/DD/YYYY, as creationdate reads in the get_list answer of jfcote87/intacct v21/v21_test.go ("04/22/2019"). */
const usDate =
  (id: string): Value =>
  (row) => {
    const v = row[id];
    if (typeof v !== 'string' || v.length < 10) return '';
    return `${v.slice(5, 7)}/${v.slice(8, 10)}/${v.slice(0, 4)}`;
  };
/** The user's login ID, as createdby reads there ("Anybody"); the record keeps the USERINFO record number. */
const login =
  (id: string): Value =>
  (row, logins) =>
    typeof row[id] === 'number' ? (logins.get(row[id] as number) ?? String(row[id])) : '';

interface LegacyShape {
  readonly tag: string;
  /** The element get's key names. */
  readonly key: string;
  readonly elements: readonly (readonly [string, Value])[];
  readonly files: boolean;
}

const SHAPES: Readonly<Record<string, LegacyShape>> = {
  SUPDOC: {
    tag: 'supdoc',
    key: 'supdocid',
    elements: [
      ['recordno', text('RECORDNO')],
      ['supdocid', text('SUPDOCID')],
      ['supdocname', text('SUPDOCNAME')],
      ['folder', text('SUPDOCFOLDERNAME')],
      ['description', text('DESCRIPTION')],
      ['creationdate', usDate('WHENCREATED')],
      ['createdby', login('CREATEDBY')],
    ],
    files: true,
  },
  SUPDOCFOLDER: {
    tag: 'supdocfolder',
    key: 'name',
    elements: [
      ['name', text('NAME')],
      ['description', text('DESCRIPTION')],
      ['parentfolder', text('PARENTFOLDER')],
      ['creationdate', usDate('WHENCREATED')],
      ['createdby', login('CREATEDBY')],
      ['lastmodified', usDate('WHENMODIFIED')],
      ['lastmodifiedby', login('MODIFIEDBY')],
      ['status', text('STATUS')],
    ],
    files: false,
  },
};

export interface LegacyQuery {
  /** get: the record whose key element equals this. */
  readonly key?: string;
  readonly filter?: XmlElement | null;
  readonly sorts?: readonly { readonly field: string; readonly order: string }[];
  readonly fields: readonly string[] | null;
  readonly start?: string;
  readonly maxItems?: string;
}

export interface LegacyRecords {
  readonly xml: string;
  readonly total: number;
  readonly start: number;
  readonly count: number;
}

type Flat = Record<string, string>;

function unknownField(o: CatalogObject, shape: LegacyShape, name: string): LedgerqError {
  return new LedgerqError(
    'bind.unknown-field',
    `${name} is not a field of ${shape.tag}; its fields are ${shape.elements.map(([n]) => n).join(', ')}${shape.files ? ', attachments' : ''}`,
    { object: o.xmlName, field: name },
  );
}

function nonNegative(name: string, v: string | undefined, fallback: number): number {
  if (v === undefined || v.trim() === '') return fallback;
  if (!/^\d{1,9}$/.test(v.trim()))
    throw new LedgerqError('bind.invalid-value', `${name} must be a whole number, not '${v}'`, { field: name });
  return Number(v.trim());
}

/** Dates compare as dates, numbers as numbers, the rest as text. */
function comparable(v: string): string | number {
  const us = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(v);
  if (us) return `${us[3]}-${us[1]}-${us[2]}`;
  return /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v;
}

function compare(a: string, b: string): number {
  const x = comparable(a);
  const y = comparable(b);
  if (typeof x === 'number' && typeof y === 'number') return x - y;
  const s = String(x);
  const t = String(y);
  return s < t ? -1 : s > t ? 1 : 0;
}

function likePattern(v: string): RegExp {
  const body = v
    .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    .replace(/%/g, '.*')
    .replace(/_/g, '.');
  return new RegExp(`^${body}$`, 's');
}

/** get_list.filter.expression's operators: =, !=, <, <=, >, >=, like, is null (and the DTD's not like). */
function matches(o: CatalogObject, shape: LegacyShape, cond: XmlElement, rec: Flat): boolean {
  if (cond.name === 'logical') {
    const op = cond.attrs.logical_operator;
    const parts = cond.children.map((c) => matches(o, shape, c, rec));
    if (op === 'and') return parts.every(Boolean);
    if (op === 'or') return parts.some(Boolean);
    throw new LedgerqError('bind.unsupported-operator', `logical_operator must be and or or, not '${op ?? ''}'`, {
      operator: op ?? '',
    });
  }
  const field = child(cond, 'field')?.text.trim() ?? '';
  const op = child(cond, 'operator')?.text.trim().toLowerCase() ?? '';
  const value = child(cond, 'value')?.text.trim() ?? '';
  if (!Object.hasOwn(rec, field)) throw unknownField(o, shape, field);
  const v = rec[field]!;
  switch (op) {
    case '=':
      return compare(v, value) === 0;
    case '!=':
      return compare(v, value) !== 0;
    case '<':
      return v !== '' && compare(v, value) < 0;
    case '<=':
      return v !== '' && compare(v, value) <= 0;
    case '>':
      return v !== '' && compare(v, value) > 0;
    case '>=':
      return v !== '' && compare(v, value) >= 0;
    case 'like':
      return likePattern(value).test(v);
    case 'not like':
      return !likePattern(value).test(v);
    case 'is null':
      return v === '';
    default:
      throw new LedgerqError(
        'bind.unsupported-operator',
        `Operator '${op}' is not one of =, !=, <, <=, >, >=, like, not like, is null`,
        { operator: op },
      );
  }
}

export async function readLegacyRecords(
  ctx: FunctionContext,
  o: CatalogObject,
  q: LegacyQuery,
): Promise<LegacyRecords> {
  const shape = SHAPES[o.xmlName]!;
  const companyKey = ctx.caller.company.key;
  const stored = await ctx.db.all<Record<string, unknown>>(
    sql`SELECT * FROM ${ident(o.table)} WHERE ${ident(COMPANY_COLUMN)} = ${p(companyKey)}`,
  );
  const users = ctx.catalog.require('USERINFO');
  const logins = new Map(
    (
      await ctx.db.all<{ k: number | string; id: string }>(
        sql`SELECT ${ident(storedColumn(users, 'RECORDNO'))} AS k, ${ident(storedColumn(users, 'LOGINID'))} AS id
          FROM ${ident(users.table)} WHERE ${ident(COMPANY_COLUMN)} = ${p(companyKey)}`,
      )
    ).map((r) => [Number(r.k), r.id] as const),
  );
  const all = stored.map((s) => {
    const row: Record<string, FieldValue> = {};
    for (const f of o.fields) if (f.column) row[f.xmlId] = decodeValue(f, s[f.column]);
    const flat: Flat = {};
    for (const [name, value] of shape.elements) flat[name] = value(row, logins);
    return { recordNo: Number(row[o.keyField]), flat };
  });
  const names = new Set([...shape.elements.map(([n]) => n), ...(shape.files ? ['attachments'] : [])]);
  for (const f of q.fields ?? []) if (!names.has(f)) throw unknownField(o, shape, f);
  let found = all;
  if (q.key !== undefined) found = found.filter((r) => r.flat[shape.key] === q.key);
  if (q.filter) found = found.filter((r) => q.filter!.children.every((c) => matches(o, shape, c, r.flat)));
  const sorts = q.sorts ?? [];
  for (const s of sorts) if (!shape.elements.some(([n]) => n === s.field)) throw unknownField(o, shape, s.field);
  found = [...found].sort((a, b) => {
    for (const s of sorts) {
      const c = compare(a.flat[s.field]!, b.flat[s.field]!);
      if (c !== 0) return s.order === 'desc' ? -c : c;
    }
    return a.recordNo - b.recordNo;
  });
  const start = nonNegative('start', q.start, 0);
  const max = nonNegative('maxitems', q.maxItems, Number.MAX_SAFE_INTEGER);
  const page = found.slice(start, start + max);
  const wanted = (n: string) => q.fields === null || q.fields.includes(n);
  const files =
    shape.files && wanted('attachments')
      ? await attachmentFiles(
          { db: ctx.db, companyKey },
          page.map((r) => r.recordNo),
        )
      : new Map();
  const xml = page
    .map((r) => {
      const parts = shape.elements.filter(([n]) => wanted(n)).map(([n]) => textEl(n, r.flat[n]!));
      const mine = files.get(r.recordNo) ?? [];
      if (shape.files && wanted('attachments') && mine.length > 0) {
        const items = mine.map((f: { name: string; type: string; data: string }) =>
          el(
            'attachment',
            textEl('attachmentname', f.name) + textEl('attachmenttype', f.type) + textEl('attachmentdata', f.data),
          ),
        );
        parts.push(el('attachments', items.join('')));
      }
      return el(shape.tag, parts.join(''));
    })
    .join('');
  return { xml, total: found.length, start, count: page.length };
}
