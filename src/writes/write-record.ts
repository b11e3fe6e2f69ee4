// The one write path every front end uses: create, update and delete a record with references, audit fields and keys
// set by the server.

import { COMPANY_COLUMN, ENTITY_COLUMN, findField } from '../catalog/catalog.ts';
import type { CatalogField, CatalogObject } from '../catalog/types.ts';
import { LedgerqError } from '../errors.ts';
import { ident, identList, join, p, sql, type Sql, type SqlValue } from '../store/sql.ts';
import { encodeValue, type FieldValue } from '../catalog/field-values.ts';
import { allocateRecordNo } from './allocate-record-no.ts';
import { CASH_RECEIPTS, DOCUMENTS, OWNED_LINES, PAYMENTS, refreshPartyDue } from './party-due.ts';
import { unapplyPayment } from './payment-applications.ts';
import { checkValues, parseWritten, requiredMissing, type RawRecord, isBlank } from './record-values.ts';
import { createDefaults } from './create-defaults.ts';
import {
  checkDocumentSequence,
  contractRulesOnCreate,
  contractRulesOnUpdate,
  deleteSubtotals,
  refuseFeedDelete,
} from './record-rules.ts';
import { uniqueIdColumn } from '../catalog/unique-ids.ts';
import { checkClaims, splitComputed } from './server-computed.ts';
import { hasIdSequence, nextSequencedId, objectsNumberedBy } from './id-sequences.ts';
import { CONTACT_SLOTS, type NestedContact, resolveContacts } from './nested-contacts.ts';
import { storedColumn } from '../catalog/catalog.ts';
import { checkReferences, createPlace, moveIntoEntity } from './referenced-records.ts';
import type { Writer } from './writer.ts';

/** Re-exported: the writers of specific objects take it from here with the rest of the record writer. */
export { isBlank };

export type { Writer } from './writer.ts';

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
    throw new LedgerqError(
      'write.read-only-object',
      `${o.xmlName} records cannot be created, updated or deleted through the API`,
      { object: o.xmlName },
    );
  }
}

/** The writer's USERINFO record number (CREATEDBY/MODIFIEDBY); refuses a read-only user. */
export async function requireWriteRole(w: Writer): Promise<number | null> {
  const rows = await w.db.all<{ role: string }>(
    sql`SELECT role FROM lq_user WHERE company_key = ${p(w.companyKey)} AND LOWER(user_id) = ${p(w.userId.toLowerCase())}`,
  );
  if (rows[0]?.role !== 'admin') {
    throw new LedgerqError(
      'write.not-permitted',
      `User ${w.userId} has read-only permissions and cannot create, update or delete records`,
      { user: w.userId },
    );
  }
  return userRecordNo(w);
}

/** CREATEDBY/MODIFIEDBY hold the USERINFO record number of the login, when the company lists its users there. */
async function userRecordNo(w: Writer): Promise<number | null> {
  const u = w.catalog.object('USERINFO');
  const login = u && findField(u, 'LOGINID');
  if (!u || !login?.column) return null;
  const rows = await w.db.all<{ k: number }>(sql`SELECT ${ident(keyColumn(u))} AS k FROM ${ident(u.table)}
    WHERE ${ident(COMPANY_COLUMN)} = ${p(w.companyKey)} AND LOWER(${ident(login.column)}) = ${p(w.userId.toLowerCase())}`);
  return rows[0] ? Number(rows[0].k) : null;
}

function scopeWhere(w: Writer, o: CatalogObject): Sql {
  const company = sql`${ident(COMPANY_COLUMN)} = ${p(w.companyKey)}`;
  if (!o.entityScoped || w.entityId === null) return company;
  return sql`${company} AND ${ident(ENTITY_COLUMN)} = ${p(w.entityId)}`;
}

async function checkUniqueId(w: Writer, o: CatalogObject, id: FieldValue, exceptKey: number | null): Promise<void> {
  const column = uniqueIdColumn(o);
  if (!column || id === null) return;
  const idField = findField(o, o.idField!)!;
  const rows = await w.db.all<{ k: number }>(sql`SELECT ${ident(keyColumn(o))} AS k FROM ${ident(o.table)}
    WHERE ${ident(COMPANY_COLUMN)} = ${p(w.companyKey)} AND ${ident(column)} = ${p(encodeValue(idField, id))}`);
  if (rows.some((r) => Number(r.k) !== exceptKey)) throw duplicateId(o, id);
}

export function duplicateId(o: CatalogObject, id: FieldValue): LedgerqError {
  return new LedgerqError(
    'write.duplicate-id',
    `Another ${o.xmlName} record with ${o.idField} '${String(id)}' already exists`,
    { object: o.xmlName, field: o.idField },
  );
}

/**
 * The check above reads before it writes, so two racing creates of one ID can
 * both pass it; the unique index (company_key, ID) then fails the later insert,
 * which answers as the same duplicate-ID error.
 */
function isUniqueViolation(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/** Objects whose ID the server assigns when a create leaves it out: the SDK's TaskCreate sends no TASKID. */
export const SERVER_ASSIGNED_IDS: ReadonlySet<string> = new Set(['TASK']);

/** Audit columns present on the object: on transactions WHENCREATED is the document date and AUWHENCREATED the audit instant. */
export function auditValues(
  w: Writer,
  o: CatalogObject,
  user: number | null,
  creating: boolean,
): Map<CatalogField, FieldValue> {
  const out = new Map<CatalogField, FieldValue>();
  const set = (name: string, v: FieldValue) => {
    const f = findField(o, name);
    if (f?.column) out.set(f, v);
  };
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

/** The RECORDNO a reference names, inside the writer's entity; unknown records are refused. */
export function resolveRecordNo(w: Writer, o: CatalogObject, ref: RecordRef): Promise<number> {
  return findKey(w, o, ref);
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

/** A top-level header whose line names an entity's record goes into that entity with its lines (referenced-records.ts). */
async function headerIntoEntity(
  w: Writer,
  line: CatalogObject,
  parent: string,
  values: ReadonlyMap<CatalogField, FieldValue>,
  entity: string,
): Promise<void> {
  const field = findField(line, parent)!;
  const rel = line.relationships.find((r) => r.kind === 'many-to-one' && r.relatedBy.local === parent);
  const key = values.get(field);
  if (!rel || key === null || key === undefined) return;
  const header = w.catalog.require(rel.relatedObject);
  if (header.entityScoped) await moveIntoEntity(w, header, key, line, field, entity);
}

/** The entity a stored record belongs to (null: top level, or an object every entity shares). */
export async function entityOf(w: Writer, o: CatalogObject, recordNo: number): Promise<string | null> {
  if (!o.entityScoped) return null;
  const rows = await w.db.all<{ e: string | null }>(sql`SELECT ${ident(ENTITY_COLUMN)} AS e FROM ${ident(o.table)}
    WHERE ${ident(COMPANY_COLUMN)} = ${p(w.companyKey)} AND ${ident(keyColumn(o))} = ${p(recordNo)}`);
  return rows[0]?.e ?? null;
}

function unknownRecord(o: CatalogObject, ref: RecordRef): LedgerqError {
  const name = ref.by === 'id' && o.idField ? o.idField : o.keyField;
  return new LedgerqError('write.unknown-record', `No ${o.xmlName} record with ${name} '${ref.value}' exists`, {
    object: o.xmlName,
    key: ref.value,
  });
}

async function keyOf(w: Writer, o: CatalogObject, recordNo: number): Promise<WrittenKey> {
  const idField = o.idField ? findField(o, o.idField) : undefined;
  if (!idField?.column) return { object: o.xmlName, recordNo, id: null };
  const rows = await w.db.all<{ id: unknown }>(sql`SELECT ${ident(idField.column)} AS id FROM ${ident(o.table)}
    WHERE ${ident(COMPANY_COLUMN)} = ${p(w.companyKey)} AND ${ident(keyColumn(o))} = ${p(recordNo)}`);
  return { object: o.xmlName, recordNo, id: rows[0]?.id == null ? null : String(rows[0].id) };
}

/**
 * `computed` holds values the server derives (a document's totals and state, a
 * line's parent key): set after the client's values are checked, since clients
 * may not write them.
 */
export async function createRecord(
  w: Writer,
  o: CatalogObject,
  raw: RawRecord,
  computed: ReadonlyMap<string, FieldValue> = new Map(),
): Promise<WrittenKey> {
  const idField = o.idField ? findField(o, o.idField) : undefined;
  if (idField && isBlank(raw.get(idField)) && (await hasIdSequence(w, o))) {
    // The number is taken inside the create's transaction, so a refused create gives it back.
    return w.db.transaction(async (db) => {
      const tx = { ...w, db };
      return insertRecord(tx, o, await withSequencedId(tx, o, raw), computed);
    });
  }
  return insertRecord(w, o, raw, computed);
}

/** `raw` with the next ID of the company's sequence for `o` when it names none and the company numbers `o`. */
async function withSequencedId(w: Writer, o: CatalogObject, raw: RawRecord): Promise<RawRecord> {
  const idField = o.idField ? findField(o, o.idField) : undefined;
  if (!idField || !isBlank(raw.get(idField)) || !(await hasIdSequence(w, o))) return raw;
  return new Map(raw).set(idField, await nextSequencedId(w, o));
}

/** A create's values as checked and defaulted before any statement: what `raw` and `computed` store. */
export interface CreateValues {
  readonly values: Map<CatalogField, FieldValue>;
  readonly idField: CatalogField | undefined;
  /** The server assigns the ID (the record number) once the record has one. */
  readonly assignId: boolean;
}

/** What createValues needs of an object besides the record, worked out once per object (an import checks every row). */
interface CreateShape {
  readonly idField: CatalogField | undefined;
  readonly serverAssignsId: boolean;
  /** Required fields a client may write, in the object's order (the first one missing is the one named). */
  readonly required: readonly CatalogField[];
  /** STATUS, where it defaults to active. */
  readonly status: CatalogField | undefined;
  /** A party's TOTALDUE, which starts at 0. */
  readonly due: CatalogField | undefined;
}

const createShapes = new WeakMap<CatalogObject, CreateShape>();

function createShape(o: CatalogObject): CreateShape {
  const known = createShapes.get(o);
  if (known) return known;
  const status = findField(o, 'STATUS');
  const due = Object.values(DOCUMENTS).some((d) => d.party === o.xmlName) ? findField(o, 'TOTALDUE') : undefined;
  const shape: CreateShape = {
    idField: o.idField ? findField(o, o.idField) : undefined,
    serverAssignsId: SERVER_ASSIGNED_IDS.has(o.xmlName),
    required: o.fields.filter((f) => f.required && !f.readOnly),
    status: status?.enumValues?.some((e) => e.xml === 'active') && !status.readOnly ? status : undefined,
    due: due?.column ? due : undefined,
  };
  createShapes.set(o, shape);
  return shape;
}

/**
 * Checks a create's values as the write path does after the writer's role, reading nothing: types, claims of
 * computed fields, required fields; STATUS and a party's TOTALDUE get their defaults.
 */
export function createValues(
  w: Writer,
  o: CatalogObject,
  raw: RawRecord,
  computed: ReadonlyMap<string, FieldValue>,
): CreateValues {
  const { given, claims } = splitComputed(raw, computed);
  const values = checkValues(o, given, w.naming);
  for (const [name, v] of computed) values.set(findField(o, name)!, v);
  checkClaims(o, claims, computed, w.naming);
  // Defaults the reference states (a warehouse is used in the GL unless it says otherwise), before required fields.
  for (const [f, v] of createDefaults(o))
    if ((values.get(f) ?? null) === null) values.set(f, parseWritten(o, f, v, 'xml'));
  const { idField, serverAssignsId, required, status, due } = createShape(o);
  const assignId = idField !== undefined && serverAssignsId && (values.get(idField) ?? null) === null;
  for (const f of required) {
    if ((values.get(f) ?? null) === null && !(assignId && f === idField)) throw requiredMissing(o, f);
  }
  // STATUS defaults to active, as Intacct does for master data created without it.
  if (status && !values.has(status)) values.set(status, 'active');
  // A new vendor or customer owes nothing yet: its TOTALDUE reads 0, not empty, until documents move it.
  if (due && !values.has(due)) values.set(due, '0.00');
  return { values, idField, assignId };
}

/** MEGAENTITYNAME of a record created inside an entity: the entity's name; undefined when `o` stores none there. */
export async function entityNameOf(
  w: Writer,
  o: CatalogObject,
): Promise<{ readonly field: CatalogField; readonly name: string | null } | undefined> {
  const field = findField(o, 'MEGAENTITYNAME');
  if (!o.entityScoped || w.entityId === null || !field?.column) return undefined;
  const names = await w.db.all<{ name: string }>(
    sql`SELECT name FROM lq_entity WHERE company_key = ${p(w.companyKey)} AND entity_id = ${p(w.entityId)}`,
  );
  return { field, name: names[0]?.name ?? null };
}

/**
 * A new record's columns and stored values: the company (and entity) key, then each field of `all` (no field twice)
 * but MEGAENTITYID, which the entity key stores.
 */
export function storedRow(
  w: Writer,
  o: CatalogObject,
  ...all: readonly Iterable<readonly [CatalogField, FieldValue]>[]
): [string, SqlValue][] {
  const row: [string, SqlValue][] = [[COMPANY_COLUMN, w.companyKey]];
  if (o.entityScoped) row.push([ENTITY_COLUMN, w.entityId]);
  const entity = findField(o, 'MEGAENTITYID');
  for (const fields of all) for (const [f, v] of fields) if (f !== entity) row.push([f.column!, encodeValue(f, v)]);
  return row;
}

/**
 * New records' columns and stored values, as storedRow gives each record's (`shared` stored in every row after the
 * record's own values): the columns in the object's field order after the company and entity keys, whatever the
 * records' order, so a batch of the same fields is the same statement; a column a record lacks is NULL in its row, as
 * an INSERT naming fewer columns leaves it (object tables declare no defaults).
 */
export function storedRows(
  w: Writer,
  o: CatalogObject,
  records: readonly ReadonlyMap<CatalogField, FieldValue>[],
  shared: ReadonlyMap<CatalogField, FieldValue>,
): { readonly columns: string[]; readonly rows: SqlValue[][] } {
  const entity = findField(o, 'MEGAENTITYID');
  const given = new Set<CatalogField>(shared.keys());
  for (const values of records) for (const f of values.keys()) given.add(f);
  const columns = [COMPANY_COLUMN];
  if (o.entityScoped) columns.push(ENTITY_COLUMN);
  const at = new Map<string, number>();
  for (const f of [...o.fields, ...given]) {
    if (f === entity || !given.has(f) || at.has(f.column!)) continue;
    at.set(f.column!, columns.length);
    columns.push(f.column!);
  }
  const sharedAt = [...shared].flatMap(([f, v]) =>
    f === entity ? [] : [[at.get(f.column!)!, encodeValue(f, v)] as const],
  );
  const rows = records.map((values) => {
    const row = new Array<SqlValue>(columns.length).fill(null);
    row[0] = w.companyKey;
    if (o.entityScoped) row[1] = w.entityId;
    for (const [f, v] of values) if (f !== entity) row[at.get(f.column!)!] = encodeValue(f, v);
    for (const [i, v] of sharedAt) row[i] = v;
    return row;
  });
  return { columns, rows };
}

async function insertRecord(
  w: Writer,
  o: CatalogObject,
  raw: RawRecord,
  computed: ReadonlyMap<string, FieldValue>,
): Promise<WrittenKey> {
  requireWritable(o);
  requireWhole(o, computed);
  const user = await requireWriteRole(w);
  const { values, idField, assignId } = createValues(w, o, raw, computed);
  // At the top level, a record naming an entity's records is written into that entity (referenced-records.ts); a
  // line lives where its header does.
  const parent = LINE_PARENT[o.xmlName];
  const { entity: entityId, headerMoves } = await checkReferences(w, o, values, { ...createPlace(w), parent });
  if (idField) await checkUniqueId(w, o, values.get(idField) ?? null, null);
  return w.db.transaction(async (db) => {
    const tx = { ...w, db, entityId: o.entityScoped ? entityId : w.entityId };
    if (parent && headerMoves && entityId !== null) await headerIntoEntity(tx, o, parent, values, entityId);
    const recordNo = await allocateRecordNo(db, w.companyKey, o);
    const all = new Map<CatalogField, FieldValue>([...values, ...auditValues(tx, o, user, true)]);
    all.set(findField(o, o.keyField)!, recordNo);
    if (assignId && idField) {
      all.set(idField, String(recordNo));
      await checkUniqueId(tx, o, String(recordNo), null);
    }
    const entityName = await entityNameOf(tx, o);
    if (entityName) all.set(entityName.field, entityName.name);
    const row = storedRow(tx, o, all);
    const columns = row.map(([c]) => c);
    const params = row.map(([, v]) => sql`${p(v)}`);
    try {
      await db.run(sql`INSERT INTO ${ident(o.table)} (${identList(columns)}) VALUES (${join(params, ', ')})`);
    } catch (e) {
      throw isUniqueViolation(e) && idField ? duplicateId(o, all.get(idField) ?? null) : e;
    }
    if (o.xmlName === 'SEQUENCE') await checkDocumentSequence(tx, o, recordNo);
    return keyOf(tx, o, recordNo);
  });
}

export async function updateRecord(
  w: Writer,
  o: CatalogObject,
  ref: RecordRef,
  raw: RawRecord,
  computed: ReadonlyMap<string, FieldValue> = new Map(),
): Promise<WrittenKey> {
  requireWritable(o);
  if (LINE_PARENT[o.xmlName] !== undefined) requireWhole(o, computed);
  // Changed only whole, by update_otherreceipt (src/writes/receipts.ts), which recomputes the totals.
  if (CASH_RECEIPTS[o.xmlName] !== undefined && !computed.has('TOTALENTERED'))
    throw new LedgerqError(
      'write.invalid-value',
      o.xmlName === 'OTHERRECEIPTS'
        ? `A ${o.xmlName} record is written ${CASH_RECEIPTS[o.xmlName]} and changed only by update_otherreceipt`
        : `A ${o.xmlName} record is written ${CASH_RECEIPTS[o.xmlName]} and not changed afterwards in ledgerq`,
      { object: o.xmlName, field: 'key' },
    );
  const user = await requireWriteRole(w);
  const { given, claims } = splitComputed(raw, computed);
  const values = checkValues(o, given, w.naming);
  for (const [name, v] of computed) values.set(findField(o, name)!, v);
  checkClaims(o, claims, computed, w.naming);
  return w.db.transaction(async (db) => {
    const tx = { ...w, db };
    const recordNo = await findKey(tx, o, ref);
    // An update keeps the record where it is: it may name top-level records and those of the record's own entity.
    await checkReferences(tx, o, values, { entity: await entityOf(tx, o, recordNo), adopt: false });
    const idField = o.idField ? findField(o, o.idField) : undefined;
    if (idField && values.has(idField)) await checkUniqueId(tx, o, values.get(idField) ?? null, recordNo);
    if (PAYMENTS[o.xmlName]) await refusePartyChange(tx, o, recordNo, values);
    const all = new Map<CatalogField, FieldValue>([...values, ...auditValues(tx, o, user, false)]);
    const sets = [...all].map(([f, v]) => sql`${ident(f.column!)} = ${p(encodeValue(f, v))}`);
    // Nothing to write (every key given is one the catalog does not keep, and the object has no audit fields): the
    // record, found above, stays as it is.
    if (sets.length === 0) return keyOf(tx, o, recordNo);
    try {
      await db.run(
        sql`UPDATE ${ident(o.table)} SET ${join(sets, ', ')} WHERE ${ident(COMPANY_COLUMN)} = ${p(w.companyKey)} AND ${ident(keyColumn(o))} = ${p(recordNo)}`,
      );
    } catch (e) {
      throw isUniqueViolation(e) && idField ? duplicateId(o, values.get(idField) ?? null) : e;
    }
    if (o.xmlName === 'SEQUENCE') await checkDocumentSequence(tx, o, recordNo);
    return keyOf(tx, o, recordNo);
  });
}

export async function deleteRecord(w: Writer, o: CatalogObject, ref: RecordRef): Promise<WrittenKey> {
  requireWritable(o);
  // A line goes with its header (deleted with it, changed by update_bill / update_invoice), never alone.
  if (LINE_PARENT[o.xmlName] !== undefined) requireWhole(o, new Map());
  await requireWriteRole(w);
  return w.db.transaction(async (db) => {
    const tx = { ...w, db };
    const recordNo = await findKey(tx, o, ref);
    const key = await keyOf(tx, o, recordNo);
    await refuseReferenced(tx, o, recordNo);
    // A payment deleted gives back what it paid: the documents' totals, states and the party's due.
    if (PAYMENTS[o.xmlName]) await unapplyPayment(tx, o, recordNo);
    const doc = DOCUMENTS[o.xmlName];
    const partyRows = doc?.partyId
      ? await db.all<{
          party: string | null;
        }>(sql`SELECT ${ident(storedColumn(o, doc.partyId))} AS party FROM ${ident(o.table)}
      WHERE ${ident(COMPANY_COLUMN)} = ${p(w.companyKey)} AND ${ident(keyColumn(o))} = ${p(recordNo)}`)
      : [];
    // A document is deleted whole: its lines go with it, and its party's balance no longer counts it.
    const owned = OWNED_LINES[o.xmlName];
    if (owned) {
      const line = w.catalog.require(owned.line);
      await db.run(
        sql`DELETE FROM ${ident(line.table)} WHERE ${ident(COMPANY_COLUMN)} = ${p(w.companyKey)} AND ${ident(storedColumn(line, owned.parentKey))} = ${p(recordNo)}`,
      );
    }
    await db.run(
      sql`DELETE FROM ${ident(o.table)} WHERE ${ident(COMPANY_COLUMN)} = ${p(w.companyKey)} AND ${ident(keyColumn(o))} = ${p(recordNo)}`,
    );
    await deleteSubtotals(tx, o, recordNo);
    // Rows kept beside the record outside the catalog (an attachment's files) go with it, whatever path deleted it.
    const side = SIDE_ROWS[o.xmlName];
    if (side)
      await db.run(
        sql`DELETE FROM ${ident(side.table)} WHERE ${ident(COMPANY_COLUMN)} = ${p(w.companyKey)} AND ${ident(side.recordColumn)} = ${p(recordNo)}`,
      );
    if (doc && partyRows[0]?.party) await refreshPartyDue(tx, o, partyRows[0].party);
    return key;
  });
}

/** Tables holding rows that belong to one record of an object but are no catalog object (writes/attachments.ts). */
const SIDE_ROWS: Readonly<Record<string, { readonly table: string; readonly recordColumn: string }>> = {
  SUPDOC: { table: 'lq_supdoc_file', recordColumn: 'supdoc_no' },
};

/** Order-entry, purchasing and inventory documents: written with their lines by src/writes/transactions.ts. */
const TRANSACTION_HEADERS: ReadonlySet<string> = new Set(['SODOCUMENT', 'PODOCUMENT', 'INVDOCUMENT']);

/** Line objects and the computed field that ties a line to its header. */
const LINE_PARENT: Readonly<Record<string, string>> = Object.fromEntries(
  Object.values(OWNED_LINES).map((l) => [l.line, l.parentKey]),
);

/**
 * Bills, invoices and payments are written whole by src/writes/documents.ts
 * (totals from the lines, amounts applied to documents), and lines only with
 * their header: a bare create of one (REST POST, a CSV row) would leave
 * totals and balances that the documents do not add up to, so it is refused.
 */
export function requireWhole(o: CatalogObject, computed: ReadonlyMap<string, FieldValue>): void {
  const header =
    ((DOCUMENTS[o.xmlName] || PAYMENTS[o.xmlName] || CASH_RECEIPTS[o.xmlName]) && !computed.has('TOTALENTERED')) ||
    (TRANSACTION_HEADERS.has(o.xmlName) && !computed.has('TOTAL')) ||
    (o.xmlName === 'TIMESHEET' && !computed.has('STATE')) ||
    // A reimbursement request pays expense reports (src/writes/reimbursement-requests.ts): bare, it would pay none.
    (o.xmlName === 'EPPAYMENTREQUEST' && !computed.has('PAYMENTAMOUNT'));
  const line = LINE_PARENT[o.xmlName] !== undefined && !computed.has(LINE_PARENT[o.xmlName]!);
  if (!header && !line) return;
  const how = PAYMENTS[o.xmlName]
    ? `with the documents it pays (XML create ${o.xmlName} with ${o.xmlName}DETAILS)${o.xmlName === 'APPYMT' ? ', or as a manual payment (create_appayment with its payitems)' : ''}`
    : o.xmlName === 'TIMESHEET'
      ? 'with its entries (XML create TIMESHEET with TIMESHEETENTRIES)'
      : o.xmlName === 'EPPAYMENTREQUEST'
        ? 'with the expense reports it pays (create_reimbursementrequest with its eppaymentrequestitems)'
        : line && o.xmlName === 'APPYMTDETAIL'
          ? 'by its payment (XML create APPYMT with APPYMTDETAILS) and changed only through it (reverse, void, delete)'
          : line && o.xmlName === 'ARPYMTDETAIL'
            ? 'by its payment (XML create ARPYMT with ARPYMTDETAILS, create_arpayment, apply_arpayment) and changed only through it (reverse, delete)'
            : line
              ? 'and changed only with its header (XML create or update of the document with its lines)'
              : CASH_RECEIPTS[o.xmlName]
                ? CASH_RECEIPTS[o.xmlName]!
                : TRANSACTION_HEADERS.has(o.xmlName)
                  ? 'with its lines (create_sotransaction, create_potransaction, create_ictransaction, or XML create / REST POST with its lines)'
                  : `with its lines (XML create ${o.xmlName} with its line items, or its legacy create function, or REST with lines)`;
  throw new LedgerqError('write.required-field', `A ${o.xmlName} record is written ${how}`, {
    object: o.xmlName,
    field: line ? LINE_PARENT[o.xmlName]! : 'lines',
  });
}

/** A payment stays with the vendor or customer it paid: the documents it was applied to belong to them. */
async function refusePartyChange(
  w: Writer,
  o: CatalogObject,
  recordNo: number,
  values: ReadonlyMap<CatalogField, FieldValue>,
): Promise<void> {
  const partyId = DOCUMENTS[PAYMENTS[o.xmlName]!]!.partyId!;
  const party = findField(o, partyId)!;
  if (!values.has(party)) return;
  const rows = await w.db.all<{ v: string | null }>(sql`SELECT ${ident(party.column!)} AS v FROM ${ident(o.table)}
    WHERE ${ident(COMPANY_COLUMN)} = ${p(w.companyKey)} AND ${ident(keyColumn(o))} = ${p(recordNo)}`);
  if (rows[0]?.v !== values.get(party)) {
    throw new LedgerqError('write.invalid-value', `${partyId} of a ${o.xmlName} cannot change`, {
      object: o.xmlName,
      field: partyId,
    });
  }
}

/**
 * A record other records still name cannot be deleted (a vendor with bills, an
 * account with journal lines), nor a document with payments applied; a
 * document's own lines are deleted with it instead.
 */
async function refuseReferenced(w: Writer, o: CatalogObject, recordNo: number): Promise<void> {
  if (o.xmlName === 'BANKACCTTXNFEED') await refuseFeedDelete(w, o, recordNo);
  if (o.xmlName === 'SEQUENCE') {
    // A sequence that numbers an object's IDs stays while it does (the stricter reading; Intacct's is not public).
    const numbered = await objectsNumberedBy(w, recordNo);
    if (numbered.length > 0)
      throw new LedgerqError(
        'write.referenced-record',
        `${o.xmlName} ${recordNo} numbers the IDs of ${numbered.join(', ')} and cannot be deleted`,
        { object: o.xmlName, key: String(recordNo), referencedBy: numbered[0]! },
      );
  }
  const doc = DOCUMENTS[o.xmlName];
  if (doc) {
    const rows = await w.db.all<{
      paid: number | string | null;
    }>(sql`SELECT ${ident(storedColumn(o, 'TOTALPAID'))} AS paid FROM ${ident(o.table)}
      WHERE ${ident(COMPANY_COLUMN)} = ${p(w.companyKey)} AND ${ident(keyColumn(o))} = ${p(recordNo)}`);
    if (Number(rows[0]?.paid ?? 0) !== 0) {
      throw new LedgerqError(
        'write.referenced-record',
        `${o.xmlName} ${recordNo} has payments applied and cannot be deleted; delete or reverse the payments first`,
        { object: o.xmlName, key: String(recordNo) },
      );
    }
  }
  if (o.xmlName === 'OTHERRECEIPTS') {
    // A deposited receipt stays: its deposit's total is made of it.
    const rows = await w.db.all<{ d: unknown }>(sql`SELECT ${ident(storedColumn(o, 'PARENTDEPOSITKEY'))} AS d
      FROM ${ident(o.table)} WHERE ${ident(COMPANY_COLUMN)} = ${p(w.companyKey)} AND ${ident(keyColumn(o))} = ${p(recordNo)}`);
    if (rows[0]?.d != null)
      throw new LedgerqError(
        'write.referenced-record',
        `${o.xmlName} ${recordNo} is deposited (DEPOSIT ${String(rows[0].d)}) and cannot be deleted`,
        { object: o.xmlName, key: String(recordNo), referencedBy: 'DEPOSIT' },
      );
  }
  const owned = OWNED_LINES[o.xmlName]?.line;
  for (const t of w.catalog.objects) {
    if (t.xmlName === owned) continue;
    for (const r of t.relationships) {
      if (r.kind !== 'many-to-one' || r.relatedObject !== o.xmlName) continue;
      const local = findField(t, r.relatedBy.local)?.column;
      const related = findField(o, r.relatedBy.related)?.column;
      if (!local || !related) continue;
      const mine = await w.db.all<{ v: unknown }>(sql`SELECT ${ident(related)} AS v FROM ${ident(o.table)}
        WHERE ${ident(COMPANY_COLUMN)} = ${p(w.companyKey)} AND ${ident(keyColumn(o))} = ${p(recordNo)}`);
      const v = mine[0]?.v;
      if (v === null || v === undefined) continue;
      const self = t === o ? sql` AND ${ident(keyColumn(o))} <> ${p(recordNo)}` : sql``;
      const used = await w.db.all(
        sql`SELECT 1 AS x FROM ${ident(t.table)} WHERE ${ident(COMPANY_COLUMN)} = ${p(w.companyKey)} AND ${ident(local)} = ${p(v as string | number)}${self}${undoneDetails(w, t)} LIMIT 1`,
      );
      if (used.length > 0) {
        throw new LedgerqError(
          'write.referenced-record',
          `${o.xmlName} ${r.relatedBy.related} '${String(v)}' is used by ${t.xmlName} records (${r.relatedBy.local}) and cannot be deleted`,
          { object: o.xmlName, key: String(recordNo), referencedBy: t.xmlName },
        );
      }
    }
  }
}

/**
 * The details of a reversed or voided payment stay with it as a record of what it had paid
 * (payment-detail-records.ts) but hold nothing on the documents they name: a bill or adjustment whose payments are all
 * reversed may be deleted as before. Intacct's answer to that delete is not public; the details keep the deleted key.
 */
function undoneDetails(w: Writer, t: CatalogObject): Sql {
  // An ARPYMTDETAIL has no STATE of its own: it reads its payment's.
  if (t.xmlName === 'ARPYMTDETAIL') {
    const payment = w.catalog.require('ARPYMT');
    const state = findField(payment, 'STATE')!;
    return sql` AND ${ident(storedColumn(t, 'PAYMENTKEY'))} NOT IN (SELECT ${ident(keyColumn(payment))} FROM ${ident(payment.table)}
      WHERE ${ident(COMPANY_COLUMN)} = ${p(w.companyKey)} AND ${ident(state.column!)} IN (${p(encodeValue(state, 'Reversed'))}, ${p(encodeValue(state, 'Voided'))}))`;
  }
  if (t.xmlName !== 'APPYMTDETAIL') return sql``;
  const state = findField(t, 'STATE')!;
  return sql` AND (${ident(state.column!)} IS NULL OR ${ident(state.column!)} NOT IN (${p(encodeValue(state, 'Reversed'))}, ${p(encodeValue(state, 'Voided'))}))`;
}

function ownerNames(o: CatalogObject, raw: RawRecord): { id: string | null; name: string | null } {
  const text = (f: CatalogField | undefined) => {
    const v = f ? raw.get(f) : undefined;
    return v === undefined || v === null || v === '' ? null : String(v);
  };
  return { id: text(o.idField ? findField(o, o.idField) : undefined), name: text(findField(o, 'NAME')) };
}

/** A contact created inside its owner; PRINTAS, required, defaults to its name (a PERSONALINFO names only that). */
async function newContact(w: Writer, contact: CatalogObject, raw: RawRecord): Promise<number> {
  const printAs = findField(contact, 'PRINTAS')!;
  const name = raw.get(findField(contact, 'CONTACTNAME')!);
  const r = new Map(raw);
  if ((r.get(printAs) ?? '') === '') r.set(printAs, name ?? null);
  return (await createRecord(w, contact, r)).recordNo;
}

/** A create with contacts written inside the record (a vendor's DISPLAYCONTACT …), all in one transaction. */
export async function createWithContacts(
  w: Writer,
  o: CatalogObject,
  raw: RawRecord,
  nested: readonly NestedContact[],
): Promise<WrittenKey> {
  const checked = await contractRulesOnCreate(w, o, raw);
  if (nested.length === 0) return createRecord(w, o, checked);
  const contact = w.catalog.require('CONTACT');
  return w.db.transaction(async (db) => {
    const tx = { ...w, db };
    // A numbered ID comes first: a new contact's default name carries it (`Name(V-0101)`).
    const record = await withSequencedId(tx, o, checked);
    const computed = await resolveContacts(tx, o, ownerNames(o, record), nested, true, (_slot, r) =>
      newContact(tx, contact, r),
    );
    return createRecord(tx, o, record, computed);
  });
}

/**
 * An update with contacts inside: a slot that already links a contact updates that contact (its CONTACTNAME stays),
 * an empty slot gets a new one, and CONTACTNAME alone links another existing contact.
 */
export async function updateWithContacts(
  w: Writer,
  o: CatalogObject,
  ref: RecordRef,
  raw: RawRecord,
  nested: readonly NestedContact[],
): Promise<WrittenKey> {
  await contractRulesOnUpdate(w, o, () => findKey(w, o, ref), raw);
  if (nested.length === 0) return updateRecord(w, o, ref, raw);
  const contact = w.catalog.require('CONTACT');
  const nameField = findField(contact, 'CONTACTNAME')!;
  return w.db.transaction(async (db) => {
    const tx = { ...w, db };
    const recordNo = await findKey(tx, o, ref);
    const slots = CONTACT_SLOTS[o.xmlName] ?? {};
    const current = await db.all<Record<string, unknown>>(sql`SELECT * FROM ${ident(o.table)}
      WHERE ${ident(COMPANY_COLUMN)} = ${p(w.companyKey)} AND ${ident(keyColumn(o))} = ${p(recordNo)}`);
    const names = ownerNames(o, raw);
    const idField = o.idField ? findField(o, o.idField) : undefined;
    const nameF = findField(o, 'NAME');
    const owner = {
      id: names.id ?? (idField?.column ? String(current[0]?.[idField.column] ?? '') : null),
      name: names.name ?? (nameF?.column ? String(current[0]?.[nameF.column] ?? '') : null),
    };
    const computed = await resolveContacts(tx, o, owner, nested, false, async (slot, r) => {
      const column = findField(o, slots[slot]!.key)?.column;
      const linked = column ? current[0]?.[column] : null;
      if (linked === null || linked === undefined) return newContact(tx, contact, r);
      const changes = new Map(r);
      changes.delete(nameField);
      if (changes.size > 0) await updateRecord(tx, contact, { by: 'key', value: String(linked) }, changes);
      return Number(linked);
    });
    return updateRecord(tx, o, { by: 'key', value: String(recordNo) }, raw, computed);
  });
}
