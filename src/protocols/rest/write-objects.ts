// REST writes (POST /objects/{module}/{object}, PATCH and DELETE …/{key}) through the shared write path, answered in
// the REST shapes.

import type { CatalogField, CatalogObject } from '../../catalog/types.ts';
import { LedgerqError } from '../../errors.ts';
import { fieldNames } from '../../query/resolve-path.ts';
import type { RawRecord, RawValue } from '../../writes/record-values.ts';
import { createDocument, updateDocument } from '../../writes/documents.ts';
import { createJournalEntry, updateJournalEntry } from '../../writes/journal-entries.ts';
import { DOCUMENTS, OWNED_LINES } from '../../writes/party-due.ts';
import { createDeposit, createOtherReceipt } from '../../writes/receipts.ts';
import { createSummary, isSummary } from '../../writes/summaries.ts';
import { createTimesheet } from '../../writes/timesheets.ts';
import { createTransaction, TRANSACTIONS, updateTransaction } from '../../writes/transactions.ts';
import { findField } from '../../catalog/catalog.ts';
import { contactSlot, type NestedContact } from '../../writes/nested-contacts.ts';
import { type RestProperty, restProperty } from '../../writes/rest-reference-fields.ts';
import {
  createWithContacts,
  deleteRecord,
  requireWritable,
  updateWithContacts,
  type Writer,
  type WrittenKey,
} from '../../writes/write-record.ts';
import { collectOwned, type OwnedCollector, writeOwned } from './owned-lists.ts';
import { restObject } from './read-objects.ts';
import { restHref } from './rest-values.ts';

type Json = Record<string, unknown>;

/** A write body: one JSON object, else the REST error for malformed JSON. */
export function jsonBody(raw: unknown): Json {
  const text = typeof raw === 'string' ? raw : '';
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new LedgerqError('parse.malformed-json', `the request body is not valid JSON: ${(e as Error).message}`, {
      field: 'body',
    });
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw new LedgerqError('parse.malformed-json', 'the request body must be a JSON object', { field: 'body' });
  return v as Json;
}

/** The OpenAPI's description of a body key the catalog has no field for (undefined: not listed, so refused). */
type RestLookup = (path: string) => RestProperty | undefined;

function lookupOf(o: CatalogObject): RestLookup {
  return (path) => (o.restName ? restProperty(o.restName, path) : undefined);
}

/**
 * A body key the OpenAPI lists for the object but the catalog lacks: a writable one is accepted and not kept once its
 * value has the listed type and enum value; a read-only one with a value is refused, as a catalog read-only field is.
 */
function unmodelledKey(o: CatalogObject, path: string, v: unknown, p: RestProperty): void {
  if (v === null) return;
  const fail = (why: string) =>
    new LedgerqError('write.invalid-value', `Invalid value for ${path} of ${o.restName}: ${why}`, {
      object: o.xmlName,
      field: path,
    });
  if (p.readOnly)
    throw new LedgerqError('write.read-only-field', `Field ${path} of ${o.restName} is read-only and cannot be set`, {
      object: o.xmlName,
      field: path,
    });
  if (p.type === 'array') {
    if (!Array.isArray(v)) throw fail('not a list');
    // Records ledgerq keeps, in a list its REST write path does not take: refused rather than dropped.
    if (p.ownedRecords !== undefined && v.length > 0)
      throw fail(
        `its ${p.ownedRecords} records are not written through this REST operation by ledgerq (send an empty list or leave it out)`,
      );
    return;
  }
  // An object's own keys are walked as paths; a list or a scalar where the schema has an object is refused.
  if (p.type === 'object')
    throw fail(Array.isArray(v) ? 'a list is not an object' : `${JSON.stringify(v)} is not an object`);
  if (typeof v === 'object')
    throw fail(Array.isArray(v) ? `a list is not a ${p.type}` : `an object is not a ${p.type}`);
  const ok =
    p.type === 'string'
      ? typeof v === 'string'
      : p.type === 'boolean'
        ? typeof v === 'boolean' || v === 'true' || v === 'false'
        : (typeof v === 'number' || (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)))) &&
          (p.type === 'number' || Number.isInteger(Number(v)));
  if (!ok) throw fail(`${JSON.stringify(v)} is not a ${p.type}`);
  if (p.enumValues && !p.enumValues.includes(String(v)))
    throw fail(`${JSON.stringify(v)} is not one of ${p.enumValues.join(', ')}`);
}

interface RestRecordOptions {
  /** Contacts inside the owner (`contacts.default`), collected for the write. */
  readonly nested?: NestedContact[];
  readonly contact?: CatalogObject;
  /** The OpenAPI's list the keys the catalog lacks are looked up in (the owner's, for a nested contact). */
  readonly reference?: RestLookup;
  /** Arrays of records linked to this one, collected to be written with it (none: such arrays are refused). */
  readonly owned?: OwnedCollector;
}

/**
 * Nested JSON (`{"vendor": {"id": "V1"}}`) → catalog fields by REST path (`vendor.id`); `key` and `href` name the
 * record, not a change, and an `href` inside a reference is its link. Keys the catalog lacks go to the OpenAPI's list
 * (`reference`).
 */
function restRecord(o: CatalogObject, body: Json, opts: RestRecordOptions = {}): RawRecord {
  const { nested, contact, owned } = opts;
  const reference = opts.reference ?? lookupOf(o);
  const byPath = new Map<string, CatalogField>();
  for (const f of o.fields) for (const name of fieldNames(f, 'rest')) byPath.set(name, f);
  const out = new Map<CatalogField, RawValue>();
  const walk = (node: Json, prefix: string) => {
    for (const [k, v] of Object.entries(node)) {
      const path = prefix ? `${prefix}.${k}` : k;
      if (path === 'key' || k === 'href') continue;
      const f = byPath.get(path);
      if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
        // A contact inside its owner (vendor contacts.default {printAs, email1}, employee primaryContact): created or
        // linked with it, as the XML DISPLAYCONTACT is; its keys are the contact's, or the owner's OpenAPI lists them.
        // The owner's OpenAPI lists what a nested contact takes (its contact-ref), not the contact's own schema.
        const slot = nested && contact ? contactSlot(o.xmlName, path, 'rest') : undefined;
        if (slot && nested && contact) {
          nested.push({
            slot,
            raw: restRecord(contact, v as Json, { reference: (sub) => reference(`${path}.${sub}`) }),
          });
          continue;
        }
        if (!f) {
          walk(v as Json, path);
          continue;
        }
      }
      if (!f) {
        const p = reference(path);
        if (!p)
          throw new LedgerqError('write.unknown-field', `${path} is not a field of ${o.restName}`, {
            object: o.xmlName,
            field: path,
          });
        // Records the catalog links to this one (an item's warehouseInfo): written with it.
        if (
          owned &&
          p.ownedRecords !== undefined &&
          !p.readOnly &&
          Array.isArray(v) &&
          v.length > 0 &&
          collectOwned(owned, o, path, p.ownedRecords, v, (x, item) => restRecord(x, item))
        )
          continue;
        unmodelledKey(o, path, v, p);
        continue;
      }
      if (Array.isArray(v) || (v !== null && typeof v === 'object'))
        throw new LedgerqError(
          'write.invalid-value',
          `Invalid value for ${path}: ${Array.isArray(v) ? 'a list' : 'an object'} is not a ${f.type}`,
          {
            object: o.xmlName,
            field: path,
          },
        );
      out.set(f, v as RawValue);
    }
  };
  walk(body, '');
  return out;
}

function keyResult(o: CatalogObject, k: WrittenKey): Json {
  return {
    'ia::result': { key: String(k.recordNo), ...(k.id !== null ? { id: k.id } : {}), href: restHref(o, k.recordNo) },
    'ia::meta': { totalCount: 1, totalSuccess: 1, totalError: 0 },
  };
}

/**
 * A line of a REST document as the REST reference's "Create an Order Entry document" example writes it: the item under
 * `dimensions.item`, `unitQuantity` and `unitPrice` (the quantity and price in the line's unit) where the line's own
 * `quantity` and `price` are not given. The item moves to the line's `item` where the line has one (order entry and
 * purchasing lines); an inventory document line has none, its item being only `dimensions.item`.
 */
function restLine(line: CatalogObject, v: unknown): RawRecord {
  if (v === null || typeof v !== 'object' || Array.isArray(v))
    throw new LedgerqError('write.invalid-value', 'Each of lines must be an object', {
      object: line.xmlName,
      field: 'lines',
    });
  const { unitQuantity, unitPrice, dimensions, ...rest } = v as Json;
  const dims = dimensions !== null && typeof dimensions === 'object' ? { ...(dimensions as Json) } : dimensions;
  const body: Json = { ...rest };
  const itemInDimensions = line.fields.some((f) => f.restPath?.startsWith('dimensions.item.'));
  if (dims && typeof dims === 'object' && 'item' in dims && !itemInDimensions) {
    body.item ??= (dims as Json).item;
    delete (dims as Json).item;
  }
  if (dims !== undefined) body.dimensions = dims;
  if (unitQuantity !== undefined) body.quantity ??= unitQuantity;
  if (unitPrice !== undefined) body.price ??= unitPrice;
  return restRecord(line, body);
}

/** Elements of the REST reference's document create example that ledgerq keeps no field for: accepted, not kept. */
const UNKEPT_DOCUMENT_KEYS: readonly string[] = ['sourceModule'];

/** A document's header and lines from a REST body; the definition named in the path is the document's DOCPARID. */
function restTransaction(
  w: Writer,
  o: CatalogObject,
  docparid: string | null,
  body: Json,
): { raw: Map<CatalogField, RawValue>; lines: RawRecord[] | null } {
  const line = w.catalog.require(TRANSACTIONS[o.xmlName]!.line);
  const { lines, ...header } = body;
  for (const k of UNKEPT_DOCUMENT_KEYS) delete header[k];
  if (lines !== undefined && !Array.isArray(lines))
    throw new LedgerqError('write.invalid-value', 'lines must be a list', { object: o.xmlName, field: 'lines' });
  const raw = restRecord(o, header) as Map<CatalogField, RawValue>;
  const type = findField(o, 'DOCPARID')!;
  if (docparid !== null) {
    if (raw.has(type) && raw.get(type) !== docparid)
      throw new LedgerqError(
        'write.invalid-value',
        `documentType ${String(raw.get(type))} is not ${docparid}, the path's`,
        {
          object: o.xmlName,
          field: 'documentType',
        },
      );
    raw.set(type, docparid);
  }
  return { raw, lines: lines === undefined ? null : (lines as unknown[]).map((l) => restLine(line, l)) };
}

/**
 * A document's `lines` (the OpenAPI's array of its line object, as credit-card-txn's POST example sends them), apart
 * from its header; each line is an object of the line's REST fields.
 */
function restLines(o: CatalogObject, body: Json, line: CatalogObject): { header: Json; lines: RawRecord[] } {
  const { lines, ...header } = body;
  if (lines === undefined) return { header, lines: [] };
  if (!Array.isArray(lines) || lines.some((l) => l === null || typeof l !== 'object' || Array.isArray(l)))
    throw new LedgerqError('write.invalid-value', `Invalid value for lines of ${o.restName}: a list of objects`, {
      object: o.xmlName,
      field: 'lines',
    });
  return { header, lines: lines.map((l) => restRecord(line, l as Json)) };
}

/**
 * A deposit's `details` (the OpenAPI's deposit-detail array; cash-management-depositRequiredProperties requires each
 * one's `id`): the record numbers of the undeposited receipts it deposits. The other deposit-detail properties are
 * read-only there, so a detail names its receipt by `id` (or `key`) and nothing else.
 */
function depositedKeys(o: CatalogObject, details: unknown): string[] {
  const fail = (why: string) =>
    new LedgerqError('write.invalid-value', `Invalid value for details of ${o.restName}: ${why}`, {
      object: o.xmlName,
      field: 'details',
    });
  if (details === undefined) return [];
  if (!Array.isArray(details)) throw fail('a list of objects');
  return details.map((d, i) => {
    if (d === null || typeof d !== 'object' || Array.isArray(d)) throw fail('a list of objects');
    const extra = Object.keys(d).find((k) => k !== 'id' && k !== 'key' && k !== 'href');
    if (extra !== undefined)
      throw new LedgerqError('write.read-only-field', `Field details[${i}].${extra} of ${o.restName} is read-only`, {
        object: o.xmlName,
        field: `details.${extra}`,
      });
    const { id, key } = d as Json;
    const v = id ?? key;
    if ((typeof v !== 'string' && typeof v !== 'number') || String(v).trim() === '')
      throw new LedgerqError('write.required-field', `details[${i}].id of ${o.restName} is missing`, {
        object: o.xmlName,
        field: 'details.id',
      });
    return String(v);
  });
}

/** POST /objects/{module}/{object}: the created record's key, id and href; a document with its `lines`. */
export async function createRestRecord(w: Writer, name: string, body: unknown): Promise<Json> {
  const { object: o, docparid } = restObject(w.catalog, name);
  requireWritable(o);
  const json = jsonBody(body);
  if (TRANSACTIONS[o.xmlName]) {
    const { raw, lines } = restTransaction(w, o, docparid, json);
    return keyResult(o, await createTransaction(w, o, raw, lines ?? []));
  }
  const doc = DOCUMENTS[o.xmlName];
  if (doc) {
    const { header, lines } = restLines(o, json, w.catalog.require(doc.line));
    return keyResult(o, await createDocument(w, o, restRecord(o, header), lines));
  }
  if (o.xmlName === JOURNAL_ENTRY) {
    // The journal entry's `lines` (objects.general-ledger.journal-entry-line), balanced as the XML create's ENTRIES.
    const { header, lines } = restLines(o, json, w.catalog.require(OWNED_LINES[JOURNAL_ENTRY]!.line));
    return keyResult(o, await createJournalEntry(w, o, restRecord(o, header), lines, 'lines'));
  }
  if (o.xmlName === 'OTHERRECEIPTS') {
    const { header, lines } = restLines(o, json, w.catalog.require('OTHERRECEIPTSENTRY'));
    return keyResult(o, await createOtherReceipt(w, restRecord(o, header), lines));
  }
  if (o.xmlName === 'TIMESHEET') {
    // The timesheet's `lines` (objects.time.timesheet-line), written as the XML create's TIMESHEETENTRIES.
    const { header, lines } = restLines(o, json, w.catalog.require('TIMESHEETENTRY'));
    return keyResult(o, await createTimesheet(w, o, restRecord(o, header), lines));
  }
  if (o.xmlName === 'DEPOSIT') {
    const { details, ...header } = json;
    return keyResult(o, await createDeposit(w, restRecord(o, header), depositedKeys(o, details)));
  }
  if (isSummary(o)) return keyResult(o, await createSummary(w, o, restRecord(o, json)));
  const nested: NestedContact[] = [];
  const owned: OwnedCollector = { catalog: w.catalog, creating: true, lists: [] };
  const raw = restRecord(o, json, { nested, contact: w.catalog.object('CONTACT'), owned });
  if (owned.lists.length === 0) return keyResult(o, await createWithContacts(w, o, raw, nested));
  // The owner and the records it lists in one transaction: a refused item keeps nothing.
  const k = await w.db.transaction(async (db) => {
    const tx = { ...w, db };
    const written = await createWithContacts(tx, o, raw, nested);
    await writeOwned(tx, o, written.recordNo, owned.lists);
    return written;
  });
  return keyResult(o, k);
}

/** The journal entry, created with its lines (GLENTRY) and refused unbalanced. */
const JOURNAL_ENTRY = 'GLBATCH';

/** Documents whose REST PATCH takes `lines` (expense reports and adjustments: issue 17 asks for their lines through every path). */
const PATCHED_LINES: ReadonlySet<string> = new Set(['EEXPENSES', 'EXPENSEADJUSTMENTS']);

/** A PATCH's lines, each with the `key` it names (a line to change) or none (a line to add). */
function keyedLines(json: Json, lines: readonly RawRecord[]): { key?: string; raw: RawRecord }[] {
  const keys = (json.lines as Json[]).map((l) => l.key);
  return lines.map((raw, i) => ({
    ...(keys[i] !== undefined && keys[i] !== null ? { key: String(keys[i]) } : {}),
    raw,
  }));
}

/** PATCH /objects/{module}/{object}/{key}. */
export async function updateRestRecord(w: Writer, name: string, key: string, body: unknown): Promise<Json> {
  const { object: o, docparid } = restObject(w.catalog, name);
  requireWritable(o);
  if (TRANSACTIONS[o.xmlName]) {
    // Lines with a key change that line, lines without one are added.
    const json = jsonBody(body);
    const { raw, lines } = restTransaction(w, o, null, json);
    if (docparid !== null) raw.delete(findField(o, 'DOCPARID')!);
    const keys = Array.isArray(json.lines) ? (json.lines as Json[]).map((l) => l?.key) : [];
    const changes = (lines ?? []).map((r, i) => ({
      ordinal: null,
      ...(keys[i] !== undefined && keys[i] !== null ? { key: String(keys[i]) } : {}),
      raw: r,
    }));
    return keyResult(o, await updateTransaction(w, o, { by: 'key', value: key }, raw, changes));
  }
  const nested: NestedContact[] = [];
  const json = jsonBody(body);
  if (DOCUMENTS[o.xmlName] && 'lines' in json && !PATCHED_LINES.has(o.xmlName))
    throw new LedgerqError(
      'write.unknown-field',
      `lines: a ${o.restName} PATCH changes its header only in ledgerq; change lines through the XML update`,
      { object: o.xmlName, field: 'lines' },
    );
  if (DOCUMENTS[o.xmlName] && 'lines' in json) {
    // A line with a key changes that line, one without a key is added (as a document::<definition> PATCH does).
    const { header, lines } = restLines(o, json, w.catalog.require(DOCUMENTS[o.xmlName]!.line));
    const changes = keyedLines(json, lines).map((c) => ({ lineNo: null, ...c }));
    return keyResult(o, await updateDocument(w, o, { by: 'key', value: key }, restRecord(o, header), changes));
  }
  if (o.xmlName === JOURNAL_ENTRY && 'lines' in json) {
    // The same for a journal entry's lines ("Update a journal entry"), which must balance afterwards.
    const { header, lines } = restLines(o, json, w.catalog.require(OWNED_LINES[JOURNAL_ENTRY]!.line));
    const changes = keyedLines(json, lines);
    return keyResult(o, await updateJournalEntry(w, o, { by: 'key', value: key }, restRecord(o, header), changes));
  }
  // Owned lists only where the object has no document path of its own.
  const owned: OwnedCollector = { catalog: w.catalog, creating: false, lists: [] };
  const raw = restRecord(o, json, {
    nested,
    contact: w.catalog.object('CONTACT'),
    ...(DOCUMENTS[o.xmlName] ? {} : { owned }),
  });
  if (owned.lists.length > 0) {
    // An item with its key changes that owned record, one without is added, with the owner's changes, all or nothing.
    const k = await w.db.transaction(async (db) => {
      const tx = { ...w, db };
      const written = await updateWithContacts(tx, o, { by: 'key', value: key }, raw, nested);
      await writeOwned(tx, o, written.recordNo, owned.lists);
      return written;
    });
    return keyResult(o, k);
  }
  // A bill's or invoice's header goes through the document path, so a new vendor or customer moves the balances with
  // it.
  const k = DOCUMENTS[o.xmlName]
    ? await updateDocument(w, o, { by: 'key', value: key }, raw, [])
    : await updateWithContacts(w, o, { by: 'key', value: key }, raw, nested);
  return keyResult(o, k);
}

/** DELETE /objects/{module}/{object}/{key}. */
export async function deleteRestRecord(w: Writer, name: string, key: string): Promise<void> {
  const { object: o } = restObject(w.catalog, name);
  await deleteRecord(w, o, { by: 'key', value: key });
}
