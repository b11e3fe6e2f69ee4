// The 2.1 attachment functions (create_/update_/delete_supdoc, create_/update_/delete_supdocfolder) and the legacy
// reads Intacct documents for them (get and get_list of supdoc and supdocfolder).
// Sources: russellkt/intacct-mcp-server docs/company-console-attachments.md (Intacct's reference); the 2.1 DTDs of
// intacct/intacct_dtd (intacct_co_functions: the functions; intacct_response_objects: supdoc (supdocid, folder,
// description, creationdate, createdby, attachments?) and supdocfolder (name, description, parentfolder, creationdate,
// createdby, lastmodified, lastmodifiedby, status)); jfcote87/intacct v21/v21_test.go (a get_list supdoc answer, with
// recordno and supdocname).

import { findField } from '../../catalog/catalog.ts';
import type { CatalogField, CatalogObject } from '../../catalog/types.ts';
import { LedgerqError } from '../../errors.ts';
import {
  type AttachmentFile,
  checkFile,
  checkFolderParent,
  createAttachment,
  deleteAttachment,
  updateAttachment,
} from '../../writes/attachments.ts';
import type { RawRecord, RawValue } from '../../writes/record-values.ts';
import { createRecord, deleteRecord, updateRecord } from '../../writes/write-record.ts';
import type { FunctionContext, FunctionOutcome } from './function-context.ts';
import { readLegacyRecords } from './legacy-records.ts';
import { legacyWriter, writeFailed } from './write-functions.ts';
import { child, childrenNamed, type XmlElement } from './xml-tree.ts';
import { textEl } from './xml-writer.ts';

/** Element → SUPDOC / SUPDOCFOLDER field. */
const SUPDOC_ELEMENTS: Readonly<Record<string, string>> = {
  supdocid: 'SUPDOCID',
  supdocname: 'SUPDOCNAME',
  supdocfoldername: 'SUPDOCFOLDERNAME',
  supdocdescription: 'DESCRIPTION',
};
const FOLDER_ELEMENTS: Readonly<Record<string, string>> = {
  supdocfoldername: 'NAME',
  supdocfolderdescription: 'DESCRIPTION',
  supdocparentfoldername: 'PARENTFOLDER',
};

function requireNamed(ctx: FunctionContext, name: string): CatalogObject {
  return ctx.catalog.require(name);
}

/** The function's elements as fields; an empty element is a field not given (the SDK writes `<supdocname/>`). */
function rawFields(o: CatalogObject, el: XmlElement, map: Readonly<Record<string, string>>, skip: string): RawRecord {
  const out = new Map<CatalogField, RawValue>();
  for (const c of el.children) {
    const id = map[c.name];
    if (!id || c.name === skip || c.text.trim() === '') continue;
    out.set(findField(o, id)!, c.text.trim());
  }
  return out;
}

function filesOf(el: XmlElement): AttachmentFile[] {
  const group = child(el, 'attachments');
  if (!group) return [];
  return childrenNamed(group, 'attachment').map((a) =>
    checkFile({
      name: child(a, 'attachmentname')?.text,
      type: child(a, 'attachmenttype')?.text,
      // Not trimmed by the tree: the data's own whitespace is dropped by checkFile.
      data: child(a, 'attachmentdata')?.text,
    }),
  );
}

/**
 * An error naming a field names the function's element too ("Required field NAME of SUPDOCFOLDER is missing
 * (supdocfoldername)"), so a client sees what to fix in what it sent.
 */
function naming(e: unknown, map: Readonly<Record<string, string>>): unknown {
  if (!(e instanceof LedgerqError) || typeof e.details.field !== 'string') return e;
  const element = Object.entries(map).find(([, id]) => id === e.details.field)?.[0];
  if (!element) return e;
  return new LedgerqError(e.code, `${e.message} (${element})`, { ...e.details, element });
}

function keyAnswer(key: string): FunctionOutcome {
  return { kind: 'data', data: textEl('key', key) };
}

function requireId(o: CatalogObject, el: XmlElement, element: string, field: string): string {
  const v = child(el, element)?.text.trim() ?? '';
  if (v === '')
    throw new LedgerqError('write.required-field', `Required field ${field} of ${o.xmlName} is missing`, {
      object: o.xmlName,
      field,
    });
  return v;
}

export async function runCreateSupdoc(ctx: FunctionContext, el: XmlElement): Promise<FunctionOutcome> {
  const o = requireNamed(ctx, 'SUPDOC');
  try {
    const k = await createAttachment(legacyWriter(ctx), o, rawFields(o, el, SUPDOC_ELEMENTS, ''), filesOf(el));
    return keyAnswer(k.id ?? String(k.recordNo));
  } catch (e) {
    throw writeFailed('create', o, naming(e, SUPDOC_ELEMENTS));
  }
}

export async function runUpdateSupdoc(ctx: FunctionContext, el: XmlElement): Promise<FunctionOutcome> {
  const o = requireNamed(ctx, 'SUPDOC');
  try {
    const id = requireId(o, el, 'supdocid', 'SUPDOCID');
    const k = await updateAttachment(
      legacyWriter(ctx),
      o,
      id,
      rawFields(o, el, SUPDOC_ELEMENTS, 'supdocid'),
      filesOf(el),
    );
    return keyAnswer(k.id ?? id);
  } catch (e) {
    throw writeFailed('update', o, naming(e, SUPDOC_ELEMENTS));
  }
}

export async function runDeleteSupdoc(ctx: FunctionContext, el: XmlElement): Promise<FunctionOutcome> {
  const o = requireNamed(ctx, 'SUPDOC');
  try {
    const k = await deleteAttachment(legacyWriter(ctx), o, el.attrs.key ?? '');
    return keyAnswer(k.id ?? String(k.recordNo));
  } catch (e) {
    throw writeFailed('delete', o, e);
  }
}

export async function runCreateSupdocFolder(ctx: FunctionContext, el: XmlElement): Promise<FunctionOutcome> {
  const o = requireNamed(ctx, 'SUPDOCFOLDER');
  try {
    const k = await createRecord(legacyWriter(ctx), o, rawFields(o, el, FOLDER_ELEMENTS, ''));
    return keyAnswer(k.id ?? String(k.recordNo));
  } catch (e) {
    throw writeFailed('create', o, naming(e, SUPDOC_ELEMENTS));
  }
}

export async function runUpdateSupdocFolder(ctx: FunctionContext, el: XmlElement): Promise<FunctionOutcome> {
  const o = requireNamed(ctx, 'SUPDOCFOLDER');
  try {
    const name = requireId(o, el, 'supdocfoldername', 'NAME');
    const w = legacyWriter(ctx);
    const raw = rawFields(o, el, FOLDER_ELEMENTS, 'supdocfoldername');
    const parent = raw.get(findField(o, 'PARENTFOLDER')!);
    if (typeof parent === 'string') await checkFolderParent(w, o, name, parent);
    const k =
      raw.size > 0
        ? await updateRecord(w, o, { by: 'id', value: name }, raw)
        : await updateRecord(w, o, { by: 'id', value: name }, new Map([[findField(o, 'NAME')!, name]]));
    return keyAnswer(k.id ?? name);
  } catch (e) {
    throw writeFailed('update', o, naming(e, FOLDER_ELEMENTS));
  }
}

export async function runDeleteSupdocFolder(ctx: FunctionContext, el: XmlElement): Promise<FunctionOutcome> {
  const o = requireNamed(ctx, 'SUPDOCFOLDER');
  try {
    const k = await deleteRecord(legacyWriter(ctx), o, { by: 'id', value: el.attrs.key ?? '' });
    return keyAnswer(k.id ?? String(k.recordNo));
  } catch (e) {
    throw writeFailed('delete', o, e);
  }
}

/** The objects the legacy reads serve, by their 2.1 names. */
const LEGACY_READ_OBJECTS: Readonly<Record<string, string>> = { supdoc: 'SUPDOC', supdocfolder: 'SUPDOCFOLDER' };

function legacyObject(ctx: FunctionContext, fn: string, name: string | undefined): CatalogObject {
  const xmlName = name ? LEGACY_READ_OBJECTS[name] : undefined;
  if (!xmlName)
    throw new LedgerqError(
      'parse.unknown-function',
      `${fn} is not a function this gateway serves for object ${name ?? ''}: it serves ${fn} of ${Object.keys(LEGACY_READ_OBJECTS).join(' and ')} only (read other objects with read, readByQuery or query)`,
      { function: fn },
    );
  return requireNamed(ctx, xmlName);
}

/** get object="supdoc" key="<supdocid>": the record, or an empty `<data/>` when no record has that key. */
export async function runLegacyGet(ctx: FunctionContext, el: XmlElement): Promise<FunctionOutcome> {
  const o = legacyObject(ctx, 'get', el.attrs.object);
  const fields = child(el, 'fields');
  const records = await readLegacyRecords(ctx, o, {
    key: el.attrs.key ?? '',
    fields: fields ? childrenNamed(fields, 'field').map((f) => f.text.trim()) : null,
  });
  return { kind: 'data', data: records.total === 0 ? '<data/>' : `<data>${records.xml}</data>` };
}

/**
 * get_list: `<listtype start= end= total=>` then `<data>` (intacct-responses fact 34). With nothing found the listtype
 * carries no attributes: fylein/sageintacct-sdk-py reads `listtype == 'supdocfolder'` (a bare string) as "no folder"
 * (fyle-intacct-api apps/workspaces/views.py get_or_create_attachments_folder).
 */
export async function runLegacyGetList(ctx: FunctionContext, el: XmlElement): Promise<FunctionOutcome> {
  const name = el.attrs.object;
  const o = legacyObject(ctx, 'get_list', name);
  const fields = child(el, 'fields');
  const sorts = child(el, 'sorts');
  const records = await readLegacyRecords(ctx, o, {
    filter: child(el, 'filter') ?? null,
    sorts: sorts
      ? childrenNamed(sorts, 'sortfield').map((s) => ({ field: s.text.trim(), order: s.attrs.order ?? '' }))
      : [],
    fields: fields ? childrenNamed(fields, 'field').map((f) => f.text.trim()) : null,
    start: el.attrs.start,
    maxItems: el.attrs.maxitems,
  });
  if (records.total === 0) return { kind: 'data', data: `${textEl('listtype', name!)}<data/>` };
  const listtype = `<listtype start="${records.start}" end="${records.start + records.count - 1}" total="${records.total}">${name}</listtype>`;
  return { kind: 'data', data: `${listtype}<data>${records.xml}</data>` };
}
