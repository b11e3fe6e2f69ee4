// An import file's header row → the catalog fields its columns write; a header the object cannot take fails the whole
// job.

import { findField } from '../catalog/catalog.ts';
import type { CatalogField, CatalogObject } from '../catalog/types.ts';
import { PermanentJobError } from '../queue/job-handler.ts';

export interface ImportColumns {
  /** The field each column writes, in column order. */
  readonly fields: readonly CatalogField[];
  /** Column of the object's ID field (VENDORID): how a row finds the record it updates. */
  readonly idIndex: number;
  readonly idField: CatalogField;
}

/** By XML name (VENDORID), else by label (Vendor ID), both case-insensitively. */
function fieldOf(o: CatalogObject, name: string): CatalogField | undefined {
  const byXml = findField(o, name);
  if (byXml) return byXml;
  const k = name.toLowerCase();
  const byLabel = o.fields.filter((f) => f.label.toLowerCase() === k);
  return byLabel.length === 1 ? byLabel[0] : undefined;
}

/**
 * Every row would fail the same way on an unknown, read-only or repeated
 * column, or without the ID column that makes a re-run idempotent, so those
 * end the job before any row is written, naming the column.
 */
export function importColumns(o: CatalogObject, header: readonly string[]): ImportColumns {
  const fields: CatalogField[] = [];
  header.forEach((cell, i) => {
    const name = cell.trim();
    const where = `column ${i + 1}${name ? ` (${name})` : ''} of the header`;
    if (name === '') throw new PermanentJobError(`${where} is empty: every column must name a field of ${o.xmlName}`);
    const f = fieldOf(o, name);
    if (!f) throw new PermanentJobError(`${where}: ${name} is not a field of ${o.xmlName}`);
    if (f.readOnly || f.column === null || f.hidden)
      throw new PermanentJobError(`${where}: ${f.xmlId} of ${o.xmlName} is read-only and cannot be imported`);
    const twice = fields.indexOf(f);
    if (twice >= 0) throw new PermanentJobError(`${where}: ${f.xmlId} is already column ${twice + 1}`);
    fields.push(f);
  });
  const idField = o.idField ? findField(o, o.idField) : undefined;
  if (!idField)
    throw new PermanentJobError(
      `${o.xmlName} has no ID field, so an import could not tell a new record from one already there`,
    );
  const idIndex = fields.indexOf(idField);
  if (idIndex < 0)
    throw new PermanentJobError(`the header has no ${idField.xmlId} column: each row is keyed by its ${idField.xmlId}`);
  return { fields, idIndex, idField };
}
