// Turns demo records (canonical values keyed by XML field id) into encoded rows and loads them, checking each against
// the catalog.

import { COMPANY_COLUMN, ENTITY_COLUMN, storedFields, type Catalog } from '../catalog/catalog.ts';
import type { CatalogField, CatalogObject } from '../catalog/types.ts';
import type { Progress } from '../progress.ts';
import type { Database } from '../store/database.ts';
import type { SqlValue } from '../store/sql.ts';
import { encodeValue, scaledToDecimal, type FieldValue } from '../catalog/field-values.ts';

/** A row being built: XML field id → canonical value. `undefined` means "not chosen": enums then rotate, others stay NULL. */
export type DemoRecord = Record<string, FieldValue | undefined>;

/** Pseudo-field holding the owning entity of an entity-scoped record (null = top level). */
export const ENTITY = '$entity';

/** Rows per copyRows call: large enough to amortize a COPY, small enough that progress moves. */
export const CHUNK_ROWS = 50_000;

export interface CompanyScope {
  readonly key: number;
  /** Entity id → name, for MEGAENTITYNAME. Empty in a single-entity company. */
  readonly entityNames: ReadonlyMap<string, string>;
}

/** Cents → canonical currency text ("1234.50"). */
export function money(cents: number): string {
  return scaledToDecimal(cents, 2);
}

/** Millionths → canonical decimal text at scale 6 ("1.250000"). */
export function micros(value: number): string {
  return scaledToDecimal(value, 6);
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

/**
 * Encodes records for one object table of one company. It refuses field ids
 * the catalog does not know, missing required values and enum spellings not
 * in the list: the generators are hand-written, and a typo must fail loudly
 * rather than leave a column silently NULL. Enum fields a generator leaves
 * unset take the object's values in turn, so every value appears.
 */
export class RecordEncoder {
  readonly columns: readonly string[];
  private readonly fields: readonly CatalogField[];
  private readonly known: ReadonlySet<string>;
  private readonly entityColumn: 'field' | 'extra' | 'none';
  private readonly rotation = new Map<string, number>();

  constructor(
    readonly object: CatalogObject,
    private readonly scope: CompanyScope,
  ) {
    this.fields = storedFields(object);
    this.known = new Set([ENTITY, ...object.fields.map((f) => f.xmlId)]);
    const hasField = this.fields.some((f) => f.column === ENTITY_COLUMN);
    this.entityColumn = !object.entityScoped ? 'none' : hasField ? 'field' : 'extra';
    this.columns = [
      COMPANY_COLUMN,
      ...(this.entityColumn === 'extra' ? [ENTITY_COLUMN] : []),
      ...this.fields.map((f) => f.column!),
    ];
  }

  encode(rec: DemoRecord): SqlValue[] {
    for (const k in rec) if (!this.known.has(k)) throw this.fail(`unknown field ${k}`);
    const entity = (rec[ENTITY] ?? null) as string | null;
    if (entity !== null && !this.scope.entityNames.has(entity)) throw this.fail(`unknown entity ${entity}`);
    if (entity !== null && this.entityColumn === 'none') throw this.fail('is not entity-scoped');
    const row: SqlValue[] = [this.scope.key];
    if (this.entityColumn === 'extra') row.push(entity);
    for (const f of this.fields) {
      let v: FieldValue | undefined = rec[f.xmlId];
      if (f.xmlId === 'MEGAENTITYID') v = entity;
      else if (f.xmlId === 'MEGAENTITYNAME' && this.entityColumn === 'field')
        v = entity === null ? null : this.scope.entityNames.get(entity)!;
      else if (v === undefined && f.enumValues) v = this.rotate(f);
      row.push(this.check(f, v ?? null));
    }
    return row;
  }

  private rotate(f: CatalogField): string {
    const i = this.rotation.get(f.xmlId) ?? 0;
    this.rotation.set(f.xmlId, i + 1);
    return f.enumValues![i % f.enumValues!.length]!.xml;
  }

  private check(f: CatalogField, v: FieldValue): SqlValue {
    if (v === null) {
      if (f.required || f.xmlId === this.object.keyField) throw this.fail(`${f.xmlId} is required`);
      return null;
    }
    const bad = (): Error => this.fail(`${f.xmlId}: ${JSON.stringify(v)} is not a ${f.type}`);
    switch (f.type) {
      case 'enum':
        if (!f.enumValues!.some((e) => e.xml === v)) throw bad();
        break;
      case 'integer':
        if (!Number.isSafeInteger(v)) throw bad();
        break;
      case 'boolean':
        if (typeof v !== 'boolean') throw bad();
        break;
      case 'date':
        if (typeof v !== 'string' || !DATE.test(v)) throw bad();
        break;
      case 'datetime':
        if (typeof v !== 'string' || !DATETIME.test(v)) throw bad();
        break;
      case 'decimal':
      case 'currency':
      case 'text':
        if (typeof v !== 'string' || v === '') throw bad();
        break;
    }
    return encodeValue(f, v);
  }

  private fail(message: string): Error {
    return new Error(`demo data, ${this.object.xmlName}: ${message}`);
  }
}

/** Counts rows written per object, across companies. */
export type RowCounts = Map<string, number>;

/** Encodes and loads `records` into the object's table in chunks, advancing `progress` per chunk. */
export async function writeRecords(
  db: Database,
  catalog: Catalog,
  scope: CompanyScope,
  xmlName: string,
  records: Iterable<DemoRecord>,
  counts: RowCounts,
  progress?: Progress,
): Promise<number> {
  const encoder = new RecordEncoder(catalog.require(xmlName), scope);
  let chunk: SqlValue[][] = [];
  let n = 0;
  const flush = async () => {
    if (chunk.length === 0) return;
    n += await db.copyRows(encoder.object.table, encoder.columns, chunk);
    progress?.advance(chunk.length);
    chunk = [];
  };
  for (const rec of records) {
    chunk.push(encoder.encode(rec));
    if (chunk.length >= CHUNK_ROWS) await flush();
  }
  await flush();
  counts.set(xmlName, (counts.get(xmlName) ?? 0) + n);
  return n;
}
