// Object, field and relationship facts in both namings (XML gateway and REST v1).

export type FieldType = 'text' | 'integer' | 'decimal' | 'currency' | 'boolean' | 'date' | 'datetime' | 'enum';

export const FIELD_TYPES: readonly FieldType[] = [
  'text',
  'integer',
  'decimal',
  'currency',
  'boolean',
  'date',
  'datetime',
  'enum',
];

/** One allowed value of an enum field, in each spelling Intacct uses. */
export interface EnumValue {
  /** Spelling the XML `query`, `lookup` and responses use (`Posted`). */
  readonly xml: string;
  /** Spelling the REST API uses (`posted`). */
  readonly rest: string;
  /** Internal code legacy `readByQuery` strings use (`STATE = 'A'`), where Intacct documents one. */
  readonly code?: string;
}

/**
 * A value computed from other columns instead of stored. JOBQUEUERECORD's
 * ACTIVETIME and WAITINQUEUE are durations between two recorded instants; an
 * unfinished interval runs up to "now".
 */
export interface DerivedDuration {
  readonly kind: 'duration';
  readonly from: string;
  readonly to: string;
  /**
   * Where the interval ends when `to` was never recorded but the record is closed: a job cancelled while it waited
   * never started, and its wait ended when it was cancelled (TIMEFINISHED), not "now".
   */
  readonly closedBy?: string;
}

export interface CatalogField {
  readonly xmlId: string;
  readonly restPath: string | null;
  readonly restAliases: readonly string[];
  readonly label: string;
  readonly description: string;
  readonly type: FieldType;
  readonly enumValues: readonly EnumValue[] | null;
  readonly required: boolean;
  readonly readOnly: boolean;
  /** The REST OpenAPI marks the field writeOnly: written, never returned (the query service refuses it). */
  readonly writeOnly: boolean;
  /** The REST OpenAPI marks the field deprecated (the query service refuses it). */
  readonly deprecated: boolean;
  /** REST-only markers (raw.ts): the REST model shows the field readOnly / required; XML writes ignore them. */
  readonly restReadOnly: boolean;
  readonly restRequired: boolean;
  readonly isCustom: boolean;
  /**
   * The XML query function's filter takes the enum's codes besides its labels, as readByQuery's query does: Intacct
   * documents it for JOBQUEUERECORD STATE (queue-administration.txt:77). Every other enum compares its labels there.
   */
  readonly queryFilterCodes: boolean;
  /**
   * A custom field declared on some transaction definitions of a document object: visible only to a request naming
   * one of them as its docparid; null for every other field.
   */
  readonly transactionDefinitions: readonly string[] | null;
  readonly maxLength: number | null;
  /** Decimal places kept for decimal and currency fields (stored as scaled integers). */
  readonly scale: number;
  /** Column that stores the value; null for derived fields. */
  readonly column: string | null;
  readonly derived: DerivedDuration | null;
  /** Internal bookkeeping column: stored, but never listed by lookup or queried by clients. */
  readonly hidden: boolean;
  readonly note: string | null;
}

export type RelationshipKind = 'many-to-one' | 'one-to-many';

export interface CatalogRelationship {
  /** OBJECTPATH before the dot in XML (`VENDOR` in `VENDOR.CREDITLIMIT`). */
  readonly xmlPath: string;
  /** REST prefix (`vendor`, `contacts.payTo`); null for XML-only objects. */
  readonly restPath: string | null;
  readonly relatedObject: string;
  /** lookup's OBJECTNAME: the related object as Intacct names it there (GLBATCH's JOURNAL says JOURNAL, not GLJOURNAL). */
  readonly objectName: string;
  readonly relatedBy: { readonly local: string; readonly related: string };
  readonly kind: RelationshipKind;
  /** Self-relationships (PARENT, MANAGER): only one hierarchical hop is allowed in a path. */
  readonly hierarchical: boolean;
  readonly isCustom: boolean;
  readonly note: string | null;
}

export interface CatalogObject {
  readonly xmlName: string;
  readonly xmlAliases: readonly string[];
  readonly restName: string | null;
  readonly label: string;
  readonly description: string;
  /** Field used by `read` keys and as the table's primary key within a company. */
  readonly keyField: string;
  /** Field used by `readByName` / the REST `id`; null when that is the record number. */
  readonly idField: string | null;
  readonly fields: readonly CatalogField[];
  readonly relationships: readonly CatalogRelationship[];
  readonly readOnlyObject: boolean;
  /** Query accepts `<docparid>` (SODOCUMENT, PODOCUMENT, INVDOCUMENT and their lines). */
  readonly docparid: boolean;
  readonly isCustom: boolean;
  /**
   * A custom object set up as a user-defined dimension: `true` in every company, or the companies (IDs, lower case)
   * that set it up so; `false` for every other object (src/catalog/dimensions.ts).
   */
  readonly userDefinedDimension: boolean | readonly string[];
  /** Rows belong to one entity of a multi-entity company (column `entity_id`; NULL = top level). */
  readonly entityScoped: boolean;
  readonly table: string;
  readonly note: string | null;
}
