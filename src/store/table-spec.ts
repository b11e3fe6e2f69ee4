// Tables as data: what each feature declares beside its code, and what the migrator diffs against the database.

import { createHash } from 'node:crypto';

/** Storage class of a column, independent of the catalog's field types. */
export type ColumnKind = 'text' | 'integer' | 'bigint' | 'boolean' | 'date' | 'datetime' | 'serial';

export interface ColumnSpec {
  readonly name: string;
  readonly kind: ColumnKind;
  readonly notNull: boolean;
  /** Names the column had in older versions: the migrator renames it in place, so a database keeps its rows. */
  readonly formerNames?: readonly string[];
}

export interface IndexSpec {
  readonly name: string;
  readonly columns: readonly string[];
  readonly unique: boolean;
}

/**
 * Whose rows a table holds, which decides what a snapshot copies and a reset empties: `company` is the company's own
 * data (by its integer `company_key`), `company-session` belongs to a company but is who is signed in or an emulator
 * dial (left alone by restores, so clients stay signed in and limits stay set), `server` is shared by every company.
 */
export type TableScope = 'company' | 'company-session' | 'server';

export interface TableSpec {
  readonly name: string;
  readonly columns: readonly ColumnSpec[];
  /** Empty when a `serial` column is the key. */
  readonly primaryKey: readonly string[];
  readonly indexes: readonly IndexSpec[];
  readonly scope: TableScope;
}

/** Every table whose rows belong to one company (scopes `company` and `company-session`, keyed by `company_key`). */
export function companyKeyedTables(schema: readonly TableSpec[]): TableSpec[] {
  return schema.filter((t) => t.scope !== 'server');
}

export function column(name: string, kind: ColumnKind, notNull = false, formerNames?: readonly string[]): ColumnSpec {
  return formerNames ? { name, kind, notNull, formerNames } : { name, kind, notNull };
}

/** Index names stay under PostgreSQL's 63-byte identifier limit: long ones end in a hash of the whole name. */
export function indexName(table: string, columns: readonly string[], unique = false): string {
  const name = `${unique ? 'ux' : 'ix'}_${table}_${columns.join('_')}`;
  if (name.length <= 60) return name;
  return `${name.slice(0, 48)}_${createHash('sha1').update(name).digest('hex').slice(0, 10)}`;
}

export function index(table: string, columns: readonly string[], unique = false): IndexSpec {
  return { name: indexName(table, columns, unique), columns, unique };
}
