// The one write path every front end uses: create, update and delete a record with references, audit fields and keys set by the server.

import { COMPANY_COLUMN, ENTITY_COLUMN, findField, type Catalog } from '../catalog/catalog.ts';
import type { CatalogField, CatalogObject } from '../catalog/types.ts';
import { LedgerqError } from '../errors.ts';
import type { Database } from '../store/database.ts';
import { ident, identList, join, p, sql, type Sql } from '../store/sql.ts';
import { encodeValue, type FieldValue } from '../store/values.ts';
import { allocateRecordNo } from './allocate-record-no.ts';
import { col, DOCUMENTS, OWNED_LINES, refreshPartyDue } from './party-due.ts';
import { checkValues, requiredMissing, type RawRecord } from './record-values.ts';

/** Who writes, where, and when: every front end builds one from its signed-in caller. */
export interface Writer {
  readonly db: Database;
  readonly catalog: Catalog;
  readonly companyPk: number;
  /** The entity signed into (new records belong to it), or null at the top level. */
  readonly entityId: string | null;
  readonly userId: string;
  /** 'YYYY-MM-DDTHH:MM:SSZ'. */
  readonly now: string;
  readonly naming: 'xml' | 'rest';
}

/** What a write answers with: the record number and, where the object has one, its ID. */
export interface WrittenKey {
  readonly object: string;
  readonly recordNo: number;
  readonly id: string | null;
}

/** A record named by its key (RECORDNO) or by its ID field (VENDORID). */
export type RecordRef = { readonly by: 'key' | 'id'; readonly value: string };

function keyColumn(o: CatalogObject): string {
  return findField(o, o.keyField)!.column!;
}

/** Objects the catalog marks read-only, and objects with no integer key the server could allocate, cannot be written. */
export function requireWritable(o: CatalogObject): void {
  const key = findField(o, o.keyField)!;
  if (o.readOnlyObject || key.type !== 'integer' || o.xmlName === 'JOBQUEUERECORD') {
    throw new LedgerqError('write.read-only-object', `${o.xmlName} records cannot be created, updated or deleted through the API`, { object: o.xmlName });
  }
}

async function requireWriteRole(w: Writer): Promise<number | null> {
  const rows = await w.db.all<{ role: string }>(sql`SELECT role FROM lq_user WHERE company_id = ${p(w.companyPk)} AND LOWER(user_id) = ${p(w.userId.toLowerCase())}`);
  if (rows[0]?.role !== 'admin') {
    throw new LedgerqError('write.not-permitted', `User ${w.userId} has read-only permissions and cannot create, update or delete records`, { user: w.userId });
  }
  return userRecordNo(w);
}

/** CREATEDBY/MODIFIEDBY hold the USERINFO record number of the login, when the company lists its users there. */
async function userRecordNo(w: Writer): Promise<number | null> {
  const u = w.catalog.object('USERINFO');
  const login = u && findField(u, 'LOGINID');
  if (!u || !login?.column) return null;
  const rows = await w.db.all<{ k: number }>(sql`SELECT ${ident(keyColumn(u))} AS k FROM ${ident(u.table)}
    WHERE ${ident(COMPANY_COLUMN)} = ${p(w.companyPk)} AND LOWER(${ident(login.column)}) = ${p(w.userId.toLowerCase())}`);
  return rows[0] ? Number(rows[0].k) : null;
}

function scopeWhere(w: Writer, o: CatalogObject): Sql {
  const company = sql`${ident(COMPANY_COLUMN)} = ${p(w.companyPk)}`;
  if (!o.entityScoped || w.entityId === null) return company;
  return sql`${company} AND ${ident(ENTITY_COLUMN)} = ${p(w.entityId)}`;
}

/** Many-to-one references must name an existing record in the company (a bill's vendor, a line's account and dimensions). */
async function checkReferences(w: Writer, o: CatalogObject, values: ReadonlyMap<CatalogField, FieldValue>): Promise<void> {
  for (const r of o.relationships) {
    if (r.kind !== 'many-to-one') continue;
    const local = findField(o, r.relatedBy.local);
    if (!local || !values.has(local)) continue;
    const v = values.get(local);
    if (v === null || v === undefined) continue;
    const target = w.catalog.object(r.relatedObject)!;
    const related = findField(target, r.relatedBy.related)!;
    if (!related.column) continue;
    const rows = await w.db.all(sql`SELECT 1 AS x FROM ${ident(target.table)} WHERE ${ident(COMPANY_COLUMN)} = ${p(w.companyPk)}
      AND ${ident(related.column)} = ${p(encodeValue(related, v))} LIMIT 1`);
    if (rows.length === 0) {
      throw new LedgerqError('write.missing-reference', `Invalid ${local.xmlId} '${String(v)}' specified: no ${target.xmlName} with ${related.xmlId} '${String(v)}'`, { object: o.xmlName, field: local.xmlId });
    }
  }
}

/** Document numbers (a bill's RECORDID) may repeat across vendors; only master-data IDs are unique. */
const NON_UNIQUE_IDS: ReadonlySet<string> = new Set(['APBILL', 'ARINVOICE', 'SODOCUMENT']);

async function checkUniqueId(w: Writer, o: CatalogObject, id: FieldValue, exceptKey: number | null): Promise<void> {
  const idField = o.idField && !NON_UNIQUE_IDS.has(o.xmlName) ? findField(o, o.idField) : undefined;
  if (!idField?.column || id === null) return;
  const rows = await w.db.all<{ k: number }>(sql`SELECT ${ident(keyColumn(o))} AS k FROM ${ident(o.table)}
    WHERE ${ident(COMPANY_COLUMN)} = ${p(w.companyPk)} AND ${ident(idField.column)} = ${p(encodeValue(idField, id))}`);
  if (rows.some((r) => Number(r.k) !== exceptKey)) {
    throw new LedgerqError('write.duplicate-id', `Another ${o.xmlName} record with ${idField.xmlId} '${String(id)}' already exists`, { object: o.xmlName, field: idField.xmlId });
  }
}

/** Audit columns present on the object: on transactions WHENCREATED is the document date and AUWHENCREATED the audit instant. */
function auditValues(w: Writer, o: CatalogObject, user: number | null, creating: boolean): Map<CatalogField, FieldValue> {
  const out = new Map<CatalogField, FieldValue>();
  const set = (name: string, v: FieldValue) => { const f = findField(o, name); if (f?.column) out.set(f, v); };
  if (creating) {
    const au = findField(o, 'AUWHENCREATED');
    const wc = findField(o, 'WHENCREATED');
    if (au) set('AUWHENCREATED', w.now);
    else if (wc?.readOnly) set('WHENCREATED', wc.type === 'date' ? w.now.slice(0, 10) : w.now);
    set('CREATEDBY', user);
  }
  set('WHENMODIFIED', w.now);
  set('MODIFIEDBY', user);
  return out;
}

async function findKey(w: Writer, o: CatalogObject, ref: RecordRef): Promise<number> {
  const field = ref.by === 'id' && o.idField ? findField(o, o.idField)! : findField(o, o.keyField)!;
  let value: FieldValue = ref.value;
  if (field.type === 'integer') {
    if (!/^\d{1,15}$/.test(ref.value.trim())) throw unknownRecord(o, ref);
    value = Number(ref.value.trim());
  }
  const rows = await w.db.all<{ k: number }>(sql`SELECT ${ident(keyColumn(o))} AS k FROM ${ident(o.table)}
    WHERE ${scopeWhere(w, o)} AND ${ident(field.column!)} = ${p(encodeValue(field, value))}`);
  if (!rows[0]) throw unknownRecord(o, ref);
  return Number(rows[0].k);
}

function unknownRecord(o: CatalogObject, ref: RecordRef): LedgerqError {
  const name = ref.by === 'id' && o.idField ? o.idField : o.keyField;
  return new LedgerqError('write.unknown-record', `No ${o.xmlName} record with ${name} '${ref.value}' exists`, { object: o.xmlName, key: ref.value });
}

async function keyOf(w: Writer, o: CatalogObject, recordNo: number): Promise<WrittenKey> {
  const idField = o.idField ? findField(o, o.idField) : undefined;
  if (!idField?.column) return { object: o.xmlName, recordNo, id: null };
  const rows = await w.db.all<{ id: unknown }>(sql`SELECT ${ident(idField.column)} AS id FROM ${ident(o.table)}
    WHERE ${ident(COMPANY_COLUMN)} = ${p(w.companyPk)} AND ${ident(keyColumn(o))} = ${p(recordNo)}`);
  return { object: o.xmlName, recordNo, id: rows[0]?.id == null ? null : String(rows[0].id) };
}

/**
 * `computed` holds values the server derives (a document's totals and state, a
 * line's parent key): set after the client's values are checked, since clients
 * may not write them.
 */
export async function createRecord(w: Writer, o: CatalogObject, raw: RawRecord, computed: ReadonlyMap<string, FieldValue> = new Map()): Promise<WrittenKey> {
  requireWritable(o);
  const user = await requireWriteRole(w);
  const values = new Map(checkValues(o, raw, w.naming));
  for (const [name, v] of computed) values.set(findField(o, name)!, v);
  for (const f of o.fields) {
    if (f.required && !f.readOnly && (values.get(f) ?? null) === null) throw requiredMissing(o, f);
  }
  // STATUS defaults to active, as Intacct does for master data created without it.
  const status = findField(o, 'STATUS');
  if (status?.enumValues?.some((e) => e.xml === 'active') && !values.has(status) && !status.readOnly) values.set(status, 'active');
  await checkReferences(w, o, values);
  const idField = o.idField ? findField(o, o.idField) : undefined;
  if (idField) await checkUniqueId(w, o, values.get(idField) ?? null, null);
  return w.db.transaction(async (db) => {
    const tx = { ...w, db };
    const recordNo = await allocateRecordNo(db, w.companyPk, o);
    const all = new Map<CatalogField, FieldValue>([...values, ...auditValues(tx, o, user, true)]);
    all.set(findField(o, o.keyField)!, recordNo);
    const entity = findField(o, 'MEGAENTITYID');
    const entityName = findField(o, 'MEGAENTITYNAME');
    if (o.entityScoped && w.entityId !== null && entityName?.column) {
      const names = await db.all<{ name: string }>(sql`SELECT name FROM lq_entity WHERE company_id = ${p(w.companyPk)} AND entity_id = ${p(w.entityId)}`);
      all.set(entityName, names[0]?.name ?? null);
    }
    const columns = [COMPANY_COLUMN, ...(o.entityScoped ? [ENTITY_COLUMN] : [])];
    const params: Sql[] = [sql`${p(w.companyPk)}`, ...(o.entityScoped ? [sql`${p(w.entityId)}`] : [])];
    for (const [f, v] of all) {
      if (f === entity) continue;
      columns.push(f.column!);
      params.push(sql`${p(encodeValue(f, v))}`);
    }
    await db.run(sql`INSERT INTO ${ident(o.table)} (${identList(columns)}) VALUES (${join(params, ', ')})`);
    return keyOf(tx, o, recordNo);
  });
}

export async function updateRecord(w: Writer, o: CatalogObject, ref: RecordRef, raw: RawRecord, computed: ReadonlyMap<string, FieldValue> = new Map()): Promise<WrittenKey> {
  requireWritable(o);
  const user = await requireWriteRole(w);
  const values = new Map(checkValues(o, raw, w.naming));
  for (const [name, v] of computed) values.set(findField(o, name)!, v);
  await checkReferences(w, o, values);
  return w.db.transaction(async (db) => {
    const tx = { ...w, db };
    const recordNo = await findKey(tx, o, ref);
    const idField = o.idField ? findField(o, o.idField) : undefined;
    if (idField && values.has(idField)) await checkUniqueId(tx, o, values.get(idField) ?? null, recordNo);
    const all = new Map<CatalogField, FieldValue>([...values, ...auditValues(tx, o, user, false)]);
    const sets = [...all].map(([f, v]) => sql`${ident(f.column!)} = ${p(encodeValue(f, v))}`);
    await db.run(sql`UPDATE ${ident(o.table)} SET ${join(sets, ', ')} WHERE ${ident(COMPANY_COLUMN)} = ${p(w.companyPk)} AND ${ident(keyColumn(o))} = ${p(recordNo)}`);
    return keyOf(tx, o, recordNo);
  });
}

export async function deleteRecord(w: Writer, o: CatalogObject, ref: RecordRef): Promise<WrittenKey> {
  requireWritable(o);
  await requireWriteRole(w);
  return w.db.transaction(async (db) => {
    const tx = { ...w, db };
    const recordNo = await findKey(tx, o, ref);
    const key = await keyOf(tx, o, recordNo);
    const doc = DOCUMENTS[o.xmlName];
    const partyRows = doc ? await db.all<{ party: string | null }>(sql`SELECT ${ident(col(o, doc.partyId))} AS party FROM ${ident(o.table)}
      WHERE ${ident(COMPANY_COLUMN)} = ${p(w.companyPk)} AND ${ident(keyColumn(o))} = ${p(recordNo)}`) : [];
    // A document is deleted whole: its lines go with it, and its party's balance no longer counts it.
    const owned = OWNED_LINES[o.xmlName];
    if (owned) {
      const line = w.catalog.require(owned.line);
      await db.run(sql`DELETE FROM ${ident(line.table)} WHERE ${ident(COMPANY_COLUMN)} = ${p(w.companyPk)} AND ${ident(col(line, owned.parentKey))} = ${p(recordNo)}`);
    }
    await db.run(sql`DELETE FROM ${ident(o.table)} WHERE ${ident(COMPANY_COLUMN)} = ${p(w.companyPk)} AND ${ident(keyColumn(o))} = ${p(recordNo)}`);
    if (doc && partyRows[0]?.party) await refreshPartyDue(tx, o, partyRows[0].party);
    return key;
  });
}
