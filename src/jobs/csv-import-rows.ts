// Applies one chunk of import rows through the write path: create, update, or leave an equal record alone; bad rows
// become error rows.

import { COMPANY_COLUMN, ENTITY_COLUMN, findField } from '../catalog/catalog.ts';
import type { CatalogField, CatalogObject } from '../catalog/types.ts';
import { InternalError, LedgerqError } from '../errors.ts';
import { ident, identList, p, paramList, sql } from '../store/sql.ts';
import { decodeValue, encodeValue } from '../catalog/field-values.ts';
import { checkValues, type RawRecord, type RawValue } from '../writes/record-values.ts';
import { createRecord, updateRecord, type Writer } from '../writes/write-record.ts';
import { createRecords } from '../writes/create-records.ts';
import { withinParameterLimit } from '../writes/referenced-records.ts';
import type { ImportColumns } from './csv-import-columns.ts';
import type { CsvRecord } from './csv-import-csv.ts';
import { PermanentJobError } from '../queue/job-handler.ts';

export interface ChunkCounts {
  created: number;
  updated: number;
  unchanged: number;
  errors: number;
}

export interface RowError {
  readonly record: CsvRecord;
  readonly reason: string;
}

export interface ChunkOutcome {
  readonly counts: ChunkCounts;
  readonly errors: readonly RowError[];
}

/**
 * Database errors a row's own values can cause (a constraint, a value the
 * column cannot hold): the row is reported and the chunk goes on. Anything
 * else (a lost connection) fails the chunk, which the job's retry redoes.
 */
export function isRowDatabaseError(e: unknown): boolean {
  // better-sqlite3 refuses to bind an integer beyond 64 bits (a currency value too large to store) with a RangeError.
  if (e instanceof RangeError) return true;
  const code = (e as { code?: unknown })?.code;
  if (typeof code !== 'string') return false;
  return code.startsWith('SQLITE_CONSTRAINT') || code === 'SQLITE_MISMATCH' || /^2[23][0-9A-Z]{3}$/.test(code);
}

function reasonOf(e: unknown): string {
  if (e instanceof LedgerqError) return e.message;
  const err = e as { code?: string; message?: string; detail?: string };
  return `the database refused the row: ${err.message ?? String(e)}${err.detail ? ` (${err.detail})` : ''}`;
}

/** Stored values of the records the chunk names by ID, one query for the whole chunk. */
async function existingRecords(
  w: Writer,
  o: CatalogObject,
  columns: ImportColumns,
  ids: readonly string[],
): Promise<Map<string, Record<string, unknown>>> {
  const out = new Map<string, Record<string, unknown>>();
  if (ids.length === 0) return out;
  const names = [...new Set(columns.fields.map((f) => f.column!))];
  const idColumn = columns.idField.column!;
  // Inside an entity, as the write path's updates are: a record of another entity is not this import's to update.
  const entity = o.entityScoped && w.entityId !== null ? sql` AND ${ident(ENTITY_COLUMN)} = ${p(w.entityId)}` : sql``;
  for (const part of withinParameterLimit(w, ids, 1, 2)) {
    const rows = await w.db.all<Record<string, unknown>>(sql`SELECT ${identList(names)} FROM ${ident(o.table)}
      WHERE ${ident(COMPANY_COLUMN)} = ${p(w.companyKey)}${entity} AND ${ident(idColumn)} IN (${paramList(
        part.map((id) => encodeValue(columns.idField, id)),
      )})`);
    for (const r of rows) out.set(String(r[idColumn]), r);
  }
  return out;
}

/** Fields by which a record of `o` names another record of `o`. */
function selfReferenceFields(o: CatalogObject): CatalogField[] {
  return o.relationships.flatMap((r) => {
    const f = r.kind === 'many-to-one' && r.relatedObject === o.xmlName ? findField(o, r.relatedBy.local) : undefined;
    return f ? [f] : [];
  });
}

/** Equal when every value the row gives encodes to what is stored (so `1.50` equals a stored 1.5, `T` a stored active). */
function sameAsStored(o: CatalogObject, raw: RawRecord, stored: Record<string, unknown>): boolean {
  const canon = (f: CatalogField, v: unknown) => {
    const e = encodeValue(f, v as never);
    return e === null ? null : String(e);
  };
  for (const [f, v] of checkValues(o, raw, 'xml')) {
    if (canon(f, v) !== canon(f, decodeValue(f, stored[f.column!]))) return false;
  }
  return true;
}

/**
 * A chunk first runs batched: its new records go through createRecords (src/writes/create-records.ts), checked one
 * by one as createRecord checks them but against reads made once for the chunk, and stored by one INSERT (COPY on
 * PostgreSQL); updates run one by one through updateRecord. A row the write path refuses is the row's error and writes
 * nothing; a row only the database refuses fails the whole chunk, which the caller then runs again `careful`: each row
 * alone through createRecord/updateRecord inside a savepoint of the chunk's transaction, so such a row leaves nothing
 * behind (and PostgreSQL's transaction stays usable for the next row). Empty cells are "not given": a create leaves
 * the field unset, an update leaves it as it is.
 * `firstLineOf` names the first line of the file each ID appears on; a later
 * row with the same ID is an error, whichever of them is valid.
 */
export async function applyRows(
  w: Writer,
  o: CatalogObject,
  columns: ImportColumns,
  rows: readonly CsvRecord[],
  firstLineOf: ReadonlyMap<string, number>,
  careful: boolean,
): Promise<ChunkOutcome> {
  const counts: ChunkCounts = { created: 0, updated: 0, unchanged: 0, errors: 0 };
  const errors: RowError[] = [];
  const width = columns.fields.length;
  const fail = (record: CsvRecord, reason: string) => {
    counts.errors++;
    errors.push({ record, reason });
  };

  const valid: { record: CsvRecord; id: string; raw: RawRecord }[] = [];
  for (const record of rows) {
    if (record.cells.length !== width) {
      fail(record, `wrong number of columns: the header has ${width}, this row has ${record.cells.length}`);
      continue;
    }
    const id = record.cells[columns.idIndex]!;
    const first = firstLineOf.get(id);
    if (id !== '' && first !== undefined && first !== record.line) {
      fail(record, `duplicate ${columns.idField.xmlId} '${id}' in the file: first on line ${first}`);
      continue;
    }
    const raw = new Map<CatalogField, RawValue>();
    columns.fields.forEach((f, i) => {
      const cell = record.cells[i]!;
      if (cell !== '') raw.set(f, cell);
    });
    valid.push({ record, id, raw });
  }

  const existing = await existingRecords(
    w,
    o,
    columns,
    valid.map((r) => r.id).filter((id) => id !== ''),
  );
  // A row the write path refuses is the row's error; any other failure fails the chunk.
  const refused = (record: CsvRecord, e: unknown) => {
    // The write path's refusals (stage 'write') are the row's; anything else is not, except in careful mode a
    // database refusal.
    const mine = e instanceof LedgerqError && !(e instanceof InternalError) && e.spec.stage === 'write';
    if (!mine && !(careful && isRowDatabaseError(e))) throw e;
    // A refusal of the writer or the object, not of the row, would repeat on every row: the job fails instead.
    if (e instanceof LedgerqError && (e.code === 'write.not-permitted' || e.code === 'write.read-only-object'))
      throw new PermanentJobError(e.message);
    fail(record, reasonOf(e));
  };

  if (careful) {
    // One row at a time, each in a savepoint, through createRecord/updateRecord.
    for (const { record, id, raw } of valid) {
      await w.db.run(sql`SAVEPOINT lq_import_row`);
      try {
        const stored = id === '' ? undefined : existing.get(id);
        if (!stored) {
          await createRecord(w, o, raw);
          counts.created++;
        } else if (sameAsStored(o, raw, stored)) {
          counts.unchanged++;
        } else {
          await updateRecord(w, o, { by: 'id', value: id }, raw);
          counts.updated++;
        }
        await w.db.run(sql`RELEASE SAVEPOINT lq_import_row`);
      } catch (e) {
        await w.db.run(sql`ROLLBACK TO SAVEPOINT lq_import_row`);
        await w.db.run(sql`RELEASE SAVEPOINT lq_import_row`);
        refused(record, e);
      }
    }
  } else {
    // New records wait for one batched create; the fields by which a record names another of its object (a vendor's
    // PARENTID) are the only way an update sees them, so such an update stores the waiting ones first.
    let creates: { record: CsvRecord; raw: RawRecord }[] = [];
    const selfReferences = selfReferenceFields(o);
    const flush = async () => {
      const outcomes = await createRecords(
        w,
        o,
        creates.map((c) => c.raw),
      );
      outcomes.forEach((outcome, i) => {
        if ('key' in outcome) counts.created++;
        else refused(creates[i]!.record, outcome.error);
      });
      creates = [];
    };
    for (const { record, id, raw } of valid) {
      const stored = id === '' ? undefined : existing.get(id);
      if (!stored) {
        creates.push({ record, raw });
        continue;
      }
      if (sameAsStored(o, raw, stored)) {
        counts.unchanged++;
        continue;
      }
      if (creates.length > 0 && selfReferences.some((f) => raw.has(f))) await flush();
      try {
        await updateRecord(w, o, { by: 'id', value: id }, raw);
        counts.updated++;
      } catch (e) {
        refused(record, e);
      }
    }
    await flush();
  }
  errors.sort((a, b) => a.record.line - b.record.line);
  return { counts, errors };
}
