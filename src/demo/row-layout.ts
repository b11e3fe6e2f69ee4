// Column positions of an object table, for generators that build encoded rows directly, and a check of such rows
// against the catalog.

import { COMPANY_COLUMN, ENTITY_COLUMN, findField, storedFields } from '../catalog/catalog.ts';
import type { CatalogObject } from '../catalog/types.ts';
import type { SqlValue } from '../store/sql.ts';
import { decodeValue, encodeValue } from '../catalog/field-values.ts';
import { ENTITY, RecordEncoder, type CompanyScope, type DemoRecord } from './record-writer.ts';

/**
 * Only the columns a fast generator fills, the others left to their NULL
 * default: binding fewer parameters per row is most of what a bulk load
 * costs on SQLite. Rows start from a template holding the company and the
 * constants.
 */
export class RowLayout<K extends string> {
  readonly columns: readonly string[];
  /** Column position of each field id given (or ENTITY). */
  readonly at: Readonly<Record<K, number>>;
  private readonly template: SqlValue[];

  constructor(
    readonly object: CatalogObject,
    readonly scope: CompanyScope,
    fields: readonly K[],
    constants: DemoRecord = {},
  ) {
    const columnOf = (id: string): string => {
      if (id === ENTITY) return ENTITY_COLUMN;
      const column = findField(object, id)?.column;
      if (!column) throw new Error(`demo data, ${object.xmlName}: no stored field ${id}`);
      return column;
    };
    const ids = [...fields, ...Object.keys(constants)];
    this.columns = [COMPANY_COLUMN, ...ids.map(columnOf)];
    this.at = Object.fromEntries(fields.map((id, i) => [id, i + 1])) as Record<K, number>;
    this.template = [
      scope.key,
      ...fields.map(() => null),
      ...Object.entries(constants).map(([id, v]) => encodeValue(findField(object, id)!, v ?? null)),
    ];
  }

  row(): SqlValue[] {
    return this.template.slice();
  }

  entityName(entity: string | null): string | null {
    return entity === null ? null : (this.scope.entityNames.get(entity) ?? null);
  }
}

/**
 * Decodes rows built by hand and encodes them again through RecordEncoder,
 * which checks field types, required values and enum spellings: a fast
 * generator that puts a wrong value in a column fails on its first chunk
 * instead of storing it a million times.
 */
export function checkEncodedRows(layout: RowLayout<string>, rows: readonly SqlValue[][]): void {
  const encoder = new RecordEncoder(layout.object, layout.scope);
  const position = new Map(layout.columns.map((c, i) => [c, i]));
  for (const row of rows) {
    const value = (column: string): SqlValue => {
      const i = position.get(column);
      return i === undefined ? null : row[i]!;
    };
    const rec: DemoRecord = {
      [ENTITY]: layout.object.entityScoped ? (value(ENTITY_COLUMN) as string | null) : undefined,
    };
    for (const f of storedFields(layout.object)) rec[f.xmlId] = decodeValue(f, value(f.column!));
    const expected = encoder.encode(rec);
    encoder.columns.forEach((column, i) => {
      const actual = value(column);
      if (expected[i] !== actual && String(expected[i]) !== String(actual)) {
        throw new Error(
          `demo data, ${layout.object.xmlName}: column ${column} holds ${String(actual)}, expected ${String(expected[i])}`,
        );
      }
    });
  }
}
