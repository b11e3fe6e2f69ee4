// Builds the typed catalog from the standard objects plus a company's custom declarations, and checks it.

import { readFileSync } from 'node:fs';
import { InternalError, LedgerqError } from '../errors.ts';
import type { CustomDeclarations, RawField, RawObject, RawRelationship } from './raw.ts';
import { FIELD_TYPES, type CatalogField, type CatalogObject, type CatalogRelationship } from './types.ts';

/**
 * Objects that carry their owner's entity although Intacct's reference shows no MEGAENTITYID on them: lines with
 * their header, tasks with their project, AP and AR adjustments with their vendor or customer, timesheets with their
 * employee (a top-level write naming an entity's record is written into that entity, src/writes/referenced-records.ts).
 */
const ENTITY_SCOPED_LINES = new Set([
  'TASK',
  'APBILLITEM',
  'APADJUSTMENT',
  'APADJUSTMENTITEM',
  'ARADJUSTMENT',
  'ARADJUSTMENTITEM',
  'ARINVOICEITEM',
  'CCTRANSACTIONENTRY',
  'OTHERRECEIPTSENTRY',
  'DEPOSITENTRY',
  'EEXPENSESITEM',
  'EXPENSEADJUSTMENTSITEM',
  'GLENTRY',
  'GLDETAIL',
  'SODOCUMENTENTRY',
  'PODOCUMENTENTRY',
  'INVDOCUMENTENTRY',
  'GLACCOUNTBALANCE',
  'TIMESHEET',
  'TIMESHEETENTRY',
]);

/** Columns every object table has besides its fields; no field may map onto them. */
export const COMPANY_COLUMN = 'company_key';
export const ENTITY_COLUMN = 'entity_id';

/**
 * Facts the catalog data lacks that ledgerq needs to store and compute objects:
 * GLACCOUNTBALANCE has no key field in Intacct's docs, and JOBQUEUERECORD's
 * durations are computed from instants the queue records.
 */
const STANDARD_PATCHES: Record<string, (o: RawObject) => RawObject> = {
  GLACCOUNTBALANCE: (o) => ({
    ...o,
    fields: [
      {
        xmlId: 'RECORDNO',
        restPath: null,
        label: 'Record number',
        type: 'integer',
        readOnly: true,
        note: 'Added by ledgerq: the table needs a key.',
      },
      ...o.fields,
    ],
  }),
  JOBQUEUERECORD: (o) => ({
    ...o,
    fields: [
      ...o.fields.map((f) =>
        f.xmlId === 'ACTIVETIME'
          ? { ...f, derived: { kind: 'duration', from: 'TIMESTARTED', to: 'TIMEFINISHED' } }
          : f.xmlId === 'WAITINQUEUE'
            ? { ...f, derived: { kind: 'duration', from: 'TIMEQUEUED', to: 'TIMESTARTED', closedBy: 'TIMEFINISHED' } }
            : f,
      ),
      { xmlId: 'TIMEFINISHED', restPath: null, label: 'Time finished', type: 'datetime', readOnly: true, hidden: true },
      { xmlId: 'PRIORITY', restPath: null, label: 'Priority', type: 'integer', readOnly: true, hidden: true },
    ],
  }),
};

export class Catalog {
  readonly objects: readonly CatalogObject[];
  private readonly byXml = new Map<string, CatalogObject>();
  private readonly byRest = new Map<string, CatalogObject>();

  constructor(objects: readonly CatalogObject[]) {
    this.objects = objects;
    for (const o of objects) {
      for (const name of [o.xmlName, ...o.xmlAliases]) {
        const k = name.toUpperCase();
        if (this.byXml.has(k)) throw configError(`object ${name} is declared twice`);
        this.byXml.set(k, o);
      }
      if (o.restName) {
        if (this.byRest.has(o.restName)) throw configError(`REST name ${o.restName} is declared twice`);
        this.byRest.set(o.restName, o);
      }
    }
    checkCatalog(this);
  }

  /** By XML name or alias, case-insensitively (Intacct accepts `apbill`). */
  object(xmlName: string): CatalogObject | undefined {
    return this.byXml.get(xmlName.toUpperCase());
  }

  objectByRest(restName: string): CatalogObject | undefined {
    return this.byRest.get(restName);
  }

  require(xmlName: string): CatalogObject {
    const o = this.object(xmlName);
    if (!o) throw configError(`unknown object ${xmlName}`);
    return o;
  }
}

/** A field by XML id, case-insensitively (seed readByQuery writes both `status` and `STATUS`). */
const fieldsByName = new WeakMap<CatalogObject, Map<string, CatalogField>>();

/** The field named `xmlId` (any case); the first of that name. Indexed once per object: writes call it per value. */
export function findField(o: CatalogObject, xmlId: string): CatalogField | undefined {
  let byName = fieldsByName.get(o);
  if (!byName) {
    byName = new Map();
    for (const f of o.fields) {
      const k = f.xmlId.toUpperCase();
      if (!byName.has(k)) byName.set(k, f);
    }
    fieldsByName.set(o, byName);
  }
  return byName.get(xmlId.toUpperCase());
}

/** The column that stores the field `xmlId`; a bug (InternalError) when the object has no such stored field. */
export function storedColumn(o: CatalogObject, xmlId: string): string {
  const f = findField(o, xmlId);
  if (!f?.column) throw new InternalError(`${o.xmlName} has no stored field ${xmlId}`);
  return f.column;
}

const documentViews = new WeakMap<CatalogObject, Map<string, CatalogObject>>();

/**
 * The object as a request naming `docparid` sees it: custom fields of other transaction definitions (of every one, when
 * the request names none) are left out. seed xml-query-and-readbyquery.txt:1088: "You must use this to take advantage
 * of any custom fields on the transaction definition." Views are cached so a docparid's view keeps one identity.
 */
export function documentView(o: CatalogObject, docparid: string | null): CatalogObject {
  if (!o.fields.some((f) => f.transactionDefinitions)) return o;
  let views = documentViews.get(o);
  if (!views) documentViews.set(o, (views = new Map()));
  const key = docparid ?? '';
  let view = views.get(key);
  if (!view) {
    const fields = o.fields.filter(
      (f) => !f.transactionDefinitions || (docparid !== null && f.transactionDefinitions.includes(docparid)),
    );
    view = Object.freeze({ ...o, fields: Object.freeze(fields) });
    views.set(key, view);
  }
  return view;
}

export function storedFields(o: CatalogObject): CatalogField[] {
  return o.fields.filter((f) => f.column !== null);
}

export function loadStandardObjects(): RawObject[] {
  const text = readFileSync(new URL('./standard-objects.json', import.meta.url), 'utf8');
  return (JSON.parse(text) as RawObject[]).map((o) => STANDARD_PATCHES[o.xmlName]?.(o) ?? o);
}

export function buildCatalog(custom: CustomDeclarations = {}, standard: RawObject[] = loadStandardObjects()): Catalog {
  const all: RawObject[] = [...standard, ...(custom.customObjects ?? []).map((o) => ({ ...o, isCustom: true }))];
  for (const name of [...Object.keys(custom.customFields ?? {}), ...Object.keys(custom.customRelationships ?? {})]) {
    if (!all.some((o) => o.xmlName.toUpperCase() === name.toUpperCase()))
      throw configError(`custom declarations name unknown object ${name}`);
  }
  const declared = (map: Record<string, unknown[]> | undefined, o: RawObject): unknown[] =>
    Object.entries(map ?? {})
      .filter(([k]) => k.toUpperCase() === o.xmlName.toUpperCase())
      .flatMap(([, v]) => v);
  const merged = all.map(
    (o): RawObject => ({
      ...o,
      fields: [...o.fields, ...(declared(custom.customFields, o) as RawField[]).map((f) => ({ ...f, isCustom: true }))],
      relationships: [
        ...(o.relationships ?? []),
        ...(declared(custom.customRelationships, o) as RawRelationship[]).map((r) => ({ ...r, isCustom: true })),
      ],
    }),
  );
  return new Catalog(merged.map(normalizeObject));
}

function normalizeObject(raw: RawObject): CatalogObject {
  if (!raw.xmlName || !/^[A-Za-z][A-Za-z0-9_]*$/.test(raw.xmlName))
    throw configError(`object name ${JSON.stringify(raw.xmlName)} is not a valid identifier`);
  const isCustom = raw.isCustom === true;
  const hasMegaEntity = raw.fields.some((f) => f.xmlId === 'MEGAENTITYID');
  const entityScoped = hasMegaEntity || ENTITY_SCOPED_LINES.has(raw.xmlName);
  const keyField = raw.keyField ?? (isCustom ? 'id' : 'RECORDNO');
  const fields = raw.fields.map((f) => normalizeField(raw.xmlName, f, hasMegaEntity));
  if (raw.docparid !== true && fields.some((f) => f.transactionDefinitions))
    throw configError(`${raw.xmlName} has no transaction definitions: transactionDefinitions applies to documents`);
  if (isCustom && !fields.some((f) => f.xmlId === keyField)) {
    fields.unshift(
      normalizeField(
        raw.xmlName,
        { xmlId: keyField, restPath: 'key', label: 'Record number', type: 'integer', readOnly: true },
        false,
      ),
    );
  }
  return Object.freeze({
    xmlName: raw.xmlName,
    xmlAliases: Object.freeze([...(raw.xmlAliases ?? [])]),
    restName: raw.restName ?? (isCustom ? `platform-apps/nsp::${raw.xmlName}` : null),
    label: raw.label ?? raw.xmlName,
    description: raw.description ?? '',
    keyField,
    idField: raw.idField ?? null,
    fields: Object.freeze(fields),
    relationships: Object.freeze((raw.relationships ?? []).map(normalizeRelationship)),
    readOnlyObject: raw.readOnlyObject === true,
    docparid: raw.docparid === true,
    isCustom,
    userDefinedDimension: normalizeUserDefinedDimension(raw, isCustom),
    entityScoped,
    table: tableName(raw.xmlName),
    note: raw.note ?? null,
  });
}

/** Only custom objects are user-defined dimensions (Intacct: "A UDD is simply a custom object that is enabled as a user defined GL dimension"). */
function normalizeUserDefinedDimension(raw: RawObject, isCustom: boolean): boolean | readonly string[] {
  const udd = raw.userDefinedDimension;
  if (udd === undefined || udd === false) return false;
  if (!isCustom) throw configError(`${raw.xmlName}: only a custom object can be a user-defined dimension`);
  if (udd === true) return true;
  if (!Array.isArray(udd) || udd.length === 0 || !udd.every((c) => typeof c === 'string' && c.trim() !== ''))
    throw configError(`${raw.xmlName}: userDefinedDimension is true or a list of company IDs`);
  return Object.freeze(udd.map((c) => c.trim().toLowerCase()));
}

function normalizeField(objectName: string, f: RawField, megaEntityIsEntity: boolean): CatalogField {
  if (!f.xmlId || !/^[A-Za-z_][A-Za-z0-9_.]*$/.test(f.xmlId))
    throw configError(`${objectName}: field id ${JSON.stringify(f.xmlId)} is not valid`);
  if (!FIELD_TYPES.includes(f.type))
    throw configError(`${objectName}.${f.xmlId}: unknown type ${JSON.stringify(f.type)}`);
  if (f.type === 'enum' && !(f.enumValues && f.enumValues.length > 0))
    throw configError(`${objectName}.${f.xmlId}: an enum needs enumValues`);
  const definitions = f.transactionDefinitions;
  if (
    definitions !== undefined &&
    (!Array.isArray(definitions) ||
      definitions.length === 0 ||
      !definitions.every((d) => typeof d === 'string' && d.trim() !== ''))
  )
    throw configError(`${objectName}.${f.xmlId}: transactionDefinitions is a list of transaction definition names`);
  const derived = (f.derived as CatalogField['derived'] | undefined) ?? null;
  const column = derived
    ? null
    : megaEntityIsEntity && f.xmlId === 'MEGAENTITYID'
      ? ENTITY_COLUMN
      : columnName(f.xmlId);
  if (column === COMPANY_COLUMN || (column === ENTITY_COLUMN && f.xmlId !== 'MEGAENTITYID')) {
    throw configError(`${objectName}.${f.xmlId}: column ${column} is reserved`);
  }
  return Object.freeze({
    xmlId: f.xmlId,
    restPath: f.restPath ?? null,
    restAliases: Object.freeze([...(f.restAliases ?? [])]),
    label: f.label ?? f.xmlId,
    // lookup's DESCRIPTION: the reference's field description where the data has one, else the field's label
    // (issue 16: an empty DESCRIPTION for every field is what a client never sees from Intacct).
    description: f.description ?? f.label ?? f.xmlId,
    type: f.type,
    enumValues: f.enumValues ? Object.freeze(f.enumValues.map((v) => Object.freeze({ ...v }))) : null,
    required: f.required === true,
    readOnly: f.readOnly === true,
    writeOnly: f.writeOnly === true,
    deprecated: f.deprecated === true,
    restReadOnly: f.restReadOnly === true,
    restRequired: f.restRequired === true,
    isCustom: f.isCustom === true,
    queryFilterCodes: f.queryFilterCodes === true,
    transactionDefinitions: definitions ? Object.freeze([...definitions]) : null,
    maxLength: f.maxLength ?? null,
    scale: f.scale ?? (f.type === 'currency' ? 2 : f.type === 'decimal' ? 6 : 0),
    column,
    derived,
    hidden: f.hidden === true,
    note: f.note ?? null,
  });
}

function normalizeRelationship(r: RawRelationship): CatalogRelationship {
  return Object.freeze({
    xmlPath: r.xmlPath,
    restPath: r.restPath ?? null,
    relatedObject: r.relatedObject,
    objectName: r.objectName ?? r.relatedObject,
    relatedBy: Object.freeze({ local: r.relatedBy.local, related: r.relatedBy.related }),
    kind: r.kind,
    hierarchical: r.hierarchical === true,
    isCustom: r.isCustom === true,
    note: r.note ?? null,
  });
}

export function tableName(xmlName: string): string {
  return `o_${xmlName.toLowerCase()}`;
}

export function columnName(xmlId: string): string {
  return xmlId.toLowerCase().replace(/[^a-z0-9_]/g, '_');
}

function checkCatalog(c: Catalog): void {
  const tables = new Set<string>();
  for (const o of c.objects) {
    if (tables.has(o.table)) throw configError(`two objects map to table ${o.table}`);
    tables.add(o.table);
    const columns = new Set<string>();
    const ids = new Set<string>();
    for (const f of o.fields) {
      const id = f.xmlId.toUpperCase();
      if (ids.has(id)) throw configError(`${o.xmlName}: field ${f.xmlId} is declared twice`);
      ids.add(id);
      if (f.column === null) continue;
      if (columns.has(f.column)) throw configError(`${o.xmlName}: two fields map to column ${f.column}`);
      columns.add(f.column);
    }
    if (!findField(o, o.keyField)) throw configError(`${o.xmlName}: key field ${o.keyField} is not a field`);
    if (o.idField && !findField(o, o.idField)) throw configError(`${o.xmlName}: id field ${o.idField} is not a field`);
    for (const r of o.relationships) {
      const target = c.object(r.relatedObject);
      if (!target) throw configError(`${o.xmlName}.${r.xmlPath}: related object ${r.relatedObject} is unknown`);
      if (!findField(o, r.relatedBy.local))
        throw configError(`${o.xmlName}.${r.xmlPath}: local field ${r.relatedBy.local} is unknown`);
      if (!findField(target, r.relatedBy.related))
        throw configError(
          `${o.xmlName}.${r.xmlPath}: related field ${r.relatedBy.related} is unknown on ${target.xmlName}`,
        );
    }
  }
}

function configError(message: string): LedgerqError {
  return new LedgerqError('config.invalid', `catalog: ${message}`);
}
