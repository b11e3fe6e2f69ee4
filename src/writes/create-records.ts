// Creates many records of one object at once (a CSV import's chunk): each record is checked as createRecord checks it,
// against lookups made once for the whole batch, and the accepted ones are stored by one multi-row INSERT.

import { findField } from '../catalog/catalog.ts';
import type { CatalogField, CatalogObject } from '../catalog/types.ts';
import { encodeValue, type FieldValue } from '../catalog/field-values.ts';
import { uniqueIdColumn } from '../catalog/unique-ids.ts';
import { LedgerqError } from '../errors.ts';
import { COMPANY_COLUMN } from '../catalog/catalog.ts';
import { ident, p, paramList, sql, type SqlValue } from '../store/sql.ts';
import { allocateRecordNos } from './allocate-record-no.ts';
import { hasIdSequence } from './id-sequences.ts';
import type { RawRecord } from './record-values.ts';
import {
  checkFoundReferences,
  findReferences,
  lookupKey,
  noteCreated,
  withinParameterLimit,
} from './referenced-records.ts';
import {
  auditValues,
  createRecord,
  createValues,
  duplicateId,
  entityNameOf,
  entityOf,
  isBlank,
  requireWhole,
  requireWritable,
  requireWriteRole,
  SERVER_ASSIGNED_IDS,
  storedRows,
  type WrittenKey,
} from './write-record.ts';
import type { Writer } from './writer.ts';

/** What became of one record of a batch: its key, or the write path's refusal. */
export type CreateOutcome = { readonly key: WrittenKey } | { readonly error: LedgerqError };

/**
 * Whether `o`'s creates can wait for the batch's INSERT: not when the server derives the ID from the record number
 * (TASK), nor when a record may name another of the batch by its record number, unknown before the INSERT.
 */
function batchable(o: CatalogObject): boolean {
  if (SERVER_ASSIGNED_IDS.has(o.xmlName)) return false;
  return !o.relationships.some(
    (r) => r.kind === 'many-to-one' && r.relatedObject === o.xmlName && r.relatedBy.related !== o.idField,
  );
}

/** IDs among `ids` that a record of the company already holds. */
async function takenIds(w: Writer, o: CatalogObject, ids: readonly SqlValue[]): Promise<Set<string>> {
  const taken = new Set<string>();
  const column = uniqueIdColumn(o)!;
  for (const part of withinParameterLimit(w, ids, 1)) {
    const rows = await w.db.all<{ id: unknown }>(sql`SELECT ${ident(column)} AS id FROM ${ident(o.table)}
      WHERE ${ident(COMPANY_COLUMN)} = ${p(w.companyKey)} AND ${ident(column)} IN (${paramList(part)})`);
    for (const r of rows) taken.add(lookupKey(r.id));
  }
  return taken;
}

const attempt = <T>(fn: () => T): { value: T } | { error: unknown } => {
  try {
    return { value: fn() };
  } catch (error) {
    return { error };
  }
};

/** A LedgerqError is the record's outcome; anything else (a lost connection) fails the whole batch. */
function refusal(e: unknown): { error: LedgerqError } {
  if (e instanceof LedgerqError) return { error: e };
  throw e;
}

/**
 * Creates `raws` in order, in the caller's transaction, with the outcomes createRecord would give each one written
 * alone: the same checks and messages, record numbers in order, a record may name one created before it in the
 * batch, and a repeated ID is refused on its second record. A record whose ID the company's sequence numbers, and
 * every record of an object that is not batchable, goes through createRecord after the records before it are stored.
 * The reads (the writer's role, references, taken IDs) are one statement each for the batch; the INSERT is one
 * statement per table, split only at the database's parameter limit. A database refusal of the INSERT (a constraint)
 * fails the whole batch with the database's error: the caller can run the records again one by one.
 */
export async function createRecords(w: Writer, o: CatalogObject, raws: readonly RawRecord[]): Promise<CreateOutcome[]> {
  const out: CreateOutcome[] = new Array(raws.length);
  if (raws.length === 0) return out;
  return w.db.transaction(async (db) => {
    const tx: Writer = { ...w, db };
    const idField = o.idField ? findField(o, o.idField) : undefined;
    const numbered = idField !== undefined && raws.some((r) => isBlank(r.get(idField))) && (await hasIdSequence(tx, o));
    const batched = batchable(o);
    const alone = (raw: RawRecord) => !batched || (numbered && isBlank(raw.get(idField!)));
    if (raws.every(alone)) {
      for (const [i, raw] of raws.entries()) out[i] = await createRecord(tx, o, raw).then((key) => ({ key }), refusal);
      return out;
    }

    // The checks createRecord makes before reading anything but the writer's role, in its order.
    const object = attempt(() => {
      requireWritable(o);
      requireWhole(o, new Map());
    });
    const role = 'error' in object ? object : await requireWriteRole(tx).then((value) => ({ value }), refusal);
    const prepared = raws.map((raw) =>
      alone(raw) ? null : 'error' in role ? role : attempt(() => createValues(tx, o, raw, new Map()).values),
    );
    const checked = prepared.flatMap((r) => (r && 'value' in r ? [r.value] : []));
    const found = await findReferences(tx, o, checked);
    const unique = idField && uniqueIdColumn(o) ? idField : undefined;
    const ids = new Map<string, SqlValue>();
    for (const values of checked) {
      const id = unique && (values.get(unique) ?? null);
      if (unique && id !== null && id !== undefined) {
        const encoded = encodeValue(unique, id);
        ids.set(lookupKey(encoded), encoded);
      }
    }
    const taken = unique ? await takenIds(tx, o, [...ids.values()]) : new Set<string>();
    const user = 'value' in role ? (role.value as number | null) : null;

    // Records of one entity at a time: at the top level, a record naming an entity's records is written into it.
    let pending: { index: number; values: Map<CatalogField, FieldValue> }[] = [];
    let pendingEntity: string | null = w.entityId;
    const key = findField(o, o.keyField)!;
    const flush = async () => {
      if (pending.length === 0) return;
      const at: Writer = { ...tx, entityId: pendingEntity };
      const first = await allocateRecordNos(db, w.companyKey, o, pending.length);
      const shared = auditValues(at, o, user, true);
      const entityName = await entityNameOf(at, o);
      if (entityName) shared.set(entityName.field, entityName.name);
      const records = pending.map(({ index, values }, n) => {
        const recordNo = first + n;
        const id = idField ? (values.get(idField) ?? null) : null;
        out[index] = {
          key: {
            object: o.xmlName,
            recordNo,
            id: id === null || !idField?.column ? null : String(encodeValue(idField, id)),
          },
        };
        // The batch's own map, no longer read: its record number joins it.
        return values.set(key, recordNo);
      });
      const { columns, rows } = storedRows(at, o, records, shared);
      await db.insertRows(o.table, columns, rows);
      pending = [];
    };

    const idOf = (values: ReadonlyMap<CatalogField, FieldValue>) => {
      const id = unique ? (values.get(unique) ?? null) : null;
      return id === null ? null : lookupKey(encodeValue(unique!, id));
    };
    for (const [index, raw] of raws.entries()) {
      const values = prepared[index]!;
      if (values === null) {
        // Its ID comes from the sequence, which skips IDs records hold: those before it must be stored first.
        await flush();
        const made = await createRecord(tx, o, raw).then((key) => ({ key }), refusal);
        out[index] = made;
        if ('key' in made && made.key.id !== null && idField) {
          const created = new Map([[idField, made.key.id]]);
          const id = idOf(created);
          if (id !== null) taken.add(id);
          noteCreated(tx, o, created, found, await entityOf(tx, o, made.key.recordNo));
        }
        continue;
      }
      const check =
        'error' in values
          ? values
          : attempt(() => {
              const { entity } = checkFoundReferences(tx, o, values.value, found);
              const id = idOf(values.value);
              if (id !== null && taken.has(id)) throw duplicateId(o, values.value.get(unique!) ?? null);
              return { values: values.value, entity };
            });
      if ('error' in check) {
        out[index] = refusal(check.error);
        continue;
      }
      const id = idOf(check.value.values);
      if (id !== null) taken.add(id);
      noteCreated(tx, o, check.value.values, found, check.value.entity);
      if (check.value.entity !== pendingEntity) {
        await flush();
        pendingEntity = check.value.entity;
      }
      pending.push({ index, values: check.value.values });
    }
    await flush();
    return out;
  });
}
