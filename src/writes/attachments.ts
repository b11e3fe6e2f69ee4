// Attachments (SUPDOC) with their files, and attachment folders (SUPDOCFOLDER): written whole, files kept byte for byte.

import { COMPANY_COLUMN, storedColumn } from '../catalog/catalog.ts';
import type { CatalogObject } from '../catalog/types.ts';
import { LedgerqError } from '../errors.ts';
import { ident, p, paramList, sql } from '../store/sql.ts';
import type { TableSpec } from '../store/table-spec.ts';
import type { RawRecord } from './record-values.ts';
import {
  createRecord,
  deleteRecord,
  resolveRecordNo,
  updateRecord,
  type Writer,
  type WrittenKey,
} from './write-record.ts';

/**
 * The files of an attachment. They are not catalog fields (Intacct has no object for them in the XML API; its REST
 * API nests them in the attachment), so they live beside the SUPDOC rows, keyed by its record number; `data` is the
 * base64 text as the client sent it, answered back unchanged.
 */
export const ATTACHMENT_TABLES: readonly TableSpec[] = [
  {
    name: 'lq_supdoc_file',
    scope: 'company',
    columns: [
      { name: 'company_key', kind: 'integer', notNull: true },
      { name: 'supdoc_no', kind: 'bigint', notNull: true },
      { name: 'file_no', kind: 'integer', notNull: true },
      { name: 'name', kind: 'text', notNull: true },
      { name: 'type', kind: 'text', notNull: true },
      { name: 'data', kind: 'text', notNull: true },
    ],
    primaryKey: ['company_key', 'supdoc_no', 'file_no'],
    indexes: [],
  },
];

export interface AttachmentFile {
  /** attachmentname: the file name without its extension. */
  readonly name: string;
  /** attachmenttype: the extension. */
  readonly type: string;
  /** attachmentdata: the file's bytes in base64. */
  readonly data: string;
}

/**
 * Element lengths of Intacct's 2.1 DTD (intacct_common_objects.v2.1.dtd: attachmentname STRING_4000, attachmenttype
 * STRING_20). For attachmentdata the DTD's type is STRING_100000 and Intacct documents no file size; ledgerq takes up
 * to 10,000,000 base64 characters (7.5 MB) per file, within the request body limit (10 MiB by default).
 */
export const FILE_LIMITS = { name: 4000, type: 20, data: 10_000_000 } as const;

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function invalidFile(element: string, message: string): LedgerqError {
  return new LedgerqError('write.invalid-value', `Invalid value for ${element} of attachment: ${message}`, {
    object: 'SUPDOC',
    field: element,
  });
}

/** Refuses a file the reference would not take: every element present, base64 data, within the lengths above. */
export function checkFile(f: { name?: string; type?: string; data?: string }): AttachmentFile {
  for (const [element, v] of [
    ['attachmentname', f.name],
    ['attachmenttype', f.type],
    ['attachmentdata', f.data],
  ] as const) {
    if (v === undefined || v.trim() === '')
      throw new LedgerqError('write.required-field', `Required element ${element} of attachment is missing`, {
        object: 'SUPDOC',
        field: element,
      });
  }
  const name = f.name!.trim();
  const type = f.type!.trim();
  // Base64 may be wrapped over lines (MIME writers); the whitespace is not data.
  const data = f.data!.replace(/\s+/g, '');
  if (name.length > FILE_LIMITS.name) throw invalidFile('attachmentname', `longer than ${FILE_LIMITS.name} characters`);
  if (type.length > FILE_LIMITS.type) throw invalidFile('attachmenttype', `longer than ${FILE_LIMITS.type} characters`);
  if (data.length > FILE_LIMITS.data)
    throw invalidFile('attachmentdata', `longer than ${FILE_LIMITS.data} characters of base64`);
  if (data.length % 4 !== 0 || !BASE64.test(data))
    throw invalidFile('attachmentdata', 'the reference asks for the file base64-encoded, and this is not base64');
  return { name, type, data };
}

/** The files of the given attachments (record numbers), in the order they were added. */
export async function attachmentFiles(
  w: Pick<Writer, 'db' | 'companyKey'>,
  supdocNos: readonly number[],
): Promise<Map<number, AttachmentFile[]>> {
  const out = new Map<number, AttachmentFile[]>();
  if (supdocNos.length === 0) return out;
  const rows = await w.db.all<{ supdoc_no: number | string; name: string; type: string; data: string }>(
    sql`SELECT supdoc_no, name, type, data FROM lq_supdoc_file WHERE company_key = ${p(w.companyKey)}
      AND supdoc_no IN (${paramList(supdocNos)}) ORDER BY supdoc_no, file_no`,
  );
  for (const r of rows) {
    const no = Number(r.supdoc_no);
    const list = out.get(no) ?? [];
    list.push({ name: r.name, type: r.type, data: r.data });
    out.set(no, list);
  }
  return out;
}

/** Adds files after the attachment's existing ones; a name twice in one attachment is refused. */
async function addFiles(w: Writer, supdocNo: number, files: readonly AttachmentFile[]): Promise<void> {
  if (files.length === 0) return;
  const existing = await w.db.all<{ name: string; file_no: number | string }>(
    sql`SELECT name, file_no FROM lq_supdoc_file WHERE company_key = ${p(w.companyKey)} AND supdoc_no = ${p(supdocNo)}`,
  );
  // The SDK's AttachmentFile: "Needs to be unique from other files in attachment record".
  const names = new Set(existing.map((r) => r.name));
  let next = existing.reduce((m, r) => Math.max(m, Number(r.file_no)), 0);
  for (const f of files) {
    if (names.has(f.name)) throw invalidFile('attachmentname', `the attachment already has a file named '${f.name}'`);
    names.add(f.name);
    next += 1;
    await w.db.run(sql`INSERT INTO lq_supdoc_file (company_key, supdoc_no, file_no, name, type, data)
      VALUES (${p(w.companyKey)}, ${p(supdocNo)}, ${p(next)}, ${p(f.name)}, ${p(f.type)}, ${p(f.data)})`);
  }
}

/** create_supdoc: the attachment and its files in one transaction. */
export function createAttachment(
  w: Writer,
  o: CatalogObject,
  raw: RawRecord,
  files: readonly AttachmentFile[],
): Promise<WrittenKey> {
  return w.db.transaction(async (db) => {
    const tx = { ...w, db };
    const key = await createRecord(tx, o, raw);
    await addFiles(tx, key.recordNo, files);
    return key;
  });
}

/**
 * update_supdoc: header fields change, files are added. The reference: "You cannot use update to modify the contents
 * of an existing attachment file directly" — a file of the same name is refused.
 */
export function updateAttachment(
  w: Writer,
  o: CatalogObject,
  supdocId: string,
  raw: RawRecord,
  files: readonly AttachmentFile[],
): Promise<WrittenKey> {
  return w.db.transaction(async (db) => {
    const tx = { ...w, db };
    const recordNo = await resolveRecordNo(tx, o, { by: 'id', value: supdocId });
    const key = raw.size > 0 ? await updateRecord(tx, o, { by: 'key', value: String(recordNo) }, raw) : null;
    await addFiles(tx, recordNo, files);
    return key ?? { object: o.xmlName, recordNo, id: supdocId };
  });
}

/**
 * delete_supdoc: the attachment and its files (deleteRecord removes an attachment's files on every path); one a bill,
 * invoice or card transaction names is refused.
 */
export function deleteAttachment(w: Writer, o: CatalogObject, supdocId: string): Promise<WrittenKey> {
  return deleteRecord(w, o, { by: 'id', value: supdocId });
}

/**
 * A folder may not sit inside itself: walks up from the new parent and refuses when it meets the folder. (Intacct's
 * own answer is not public.)
 */
export async function checkFolderParent(w: Writer, folder: CatalogObject, name: string, parent: string): Promise<void> {
  const seen = new Set<string>();
  let at: string | null = parent;
  while (at !== null && !seen.has(at)) {
    if (at === name)
      throw new LedgerqError(
        'write.invalid-value',
        `Invalid value for PARENTFOLDER of SUPDOCFOLDER: folder '${name}' cannot be inside itself`,
        { object: folder.xmlName, field: 'PARENTFOLDER' },
      );
    seen.add(at);
    const rows: { parent: string | null }[] = await w.db.all<{ parent: string | null }>(
      sql`SELECT ${ident(storedColumn(folder, 'PARENTFOLDER'))} AS parent FROM ${ident(folder.table)}
        WHERE ${ident(COMPANY_COLUMN)} = ${p(w.companyKey)} AND ${ident(storedColumn(folder, 'NAME'))} = ${p(at)}`,
    );
    at = rows[0]?.parent ?? null;
  }
}
