// The JSON shapes catalog data is written in: the standard objects file and the custom declarations of
// ledgerq.config.json.

import type { EnumValue, FieldType, RelationshipKind } from './types.ts';

export interface RawField {
  xmlId: string;
  restPath?: string | null;
  restAliases?: string[];
  label?: string;
  description?: string;
  type: FieldType;
  enumValues?: EnumValue[];
  required?: boolean;
  readOnly?: boolean;
  /** REST OpenAPI markers: the model shows them, and the query service refuses such fields. */
  writeOnly?: boolean;
  deprecated?: boolean;
  /**
   * The REST OpenAPI marks the property readOnly, or its `…RequiredProperties` require it, where the XML reference does
   * not: the REST model shows it; XML writes keep the XML reference's flags (APBILL CURRENCY is required by the REST
   * create schema, not by create_bill).
   */
  restReadOnly?: boolean;
  restRequired?: boolean;
  isCustom?: boolean;
  /** An enum whose codes the XML query function's filter takes, as readByQuery's query does (JOBQUEUERECORD STATE). */
  queryFilterCodes?: boolean;
  /** Custom fields of document objects only: the transaction definitions (docparid values) that carry the field. */
  transactionDefinitions?: string[];
  maxLength?: number;
  scale?: number;
  note?: string;
  [extra: string]: unknown;
}

export interface RawRelationship {
  xmlPath: string;
  restPath?: string | null;
  relatedObject: string;
  /** lookup's OBJECTNAME where it differs from relatedObject. */
  objectName?: string;
  relatedBy: { local: string; related: string };
  kind: RelationshipKind;
  hierarchical?: boolean;
  isCustom?: boolean;
  note?: string;
  [extra: string]: unknown;
}

export interface RawObject {
  xmlName: string;
  xmlAliases?: string[];
  restName?: string | null;
  label?: string;
  description?: string;
  keyField?: string;
  idField?: string | null;
  fields: RawField[];
  relationships?: RawRelationship[];
  readOnlyObject?: boolean;
  docparid?: boolean;
  isCustom?: boolean;
  /**
   * A custom object set up as a user-defined dimension (UDD): `true` in every company, or the IDs of the companies that
   * set it up so (ledgerq's custom objects are shared by every company, where Intacct's belong to one).
   */
  userDefinedDimension?: boolean | string[];
  note?: string;
  [extra: string]: unknown;
}

/** Custom declarations: objects, and fields or relationships added to existing objects. */
export interface CustomDeclarations {
  customObjects?: RawObject[];
  customFields?: Record<string, RawField[]>;
  customRelationships?: Record<string, RawRelationship[]>;
}
