// A company's dimensions: Intacct's standard dimensions the catalog holds, then the custom objects the company set up as
// user-defined dimensions (UDDs), and the relationships between them. XML getDimensions / getDimensionRelationships and
// REST dimensions/list answer from here, so both APIs list the same dimensions.

import type { Catalog } from './catalog.ts';
import type { CatalogObject } from './types.ts';

/**
 * The standard dimensions in the order and labels of Intacct's REST reference (company-configuration, "List
 * dimensions", as mirrored in dgaretz-oss/intacct-mcp docs/rest/company-configuration.md); the XML reference's sample
 * begins with the same DEPARTMENT and LOCATION. Dimensions whose object ledgerq's catalog lacks (AFFILIATEENTITY,
 * FIXEDASSET) are not listed, as a company without that module does not list them.
 */
const STANDARD_DIMENSIONS: readonly { readonly name: string; readonly label: string }[] = [
  { name: 'DEPARTMENT', label: 'Department' },
  { name: 'LOCATION', label: 'Location' },
  { name: 'PROJECT', label: 'Project' },
  { name: 'CUSTOMER', label: 'Customer' },
  { name: 'VENDOR', label: 'Vendor' },
  { name: 'EMPLOYEE', label: 'Employee' },
  { name: 'ITEM', label: 'Item' },
  { name: 'CLASS', label: 'Class' },
  { name: 'CONTRACT', label: 'Contract' },
  { name: 'TASK', label: 'Task' },
  { name: 'WAREHOUSE', label: 'Warehouse' },
  { name: 'COSTTYPE', label: 'Cost type' },
  { name: 'AFFILIATEENTITY', label: 'Affiliate entity' },
  { name: 'FIXEDASSET', label: 'Asset' },
];

/**
 * Dimension numbers (getDimensionRelationships' object_id) are ledgerq's own: Intacct's platform object ids are not
 * published beyond the reference's sample (LOCATION 5003, UDDs from 10002). Standard dimensions are numbered by their
 * place in the list above (DEPARTMENT 1), so none passes for an Intacct id; custom objects count from 10001 in catalog
 * order and relationships from 10101, so each stays the same whichever company asks.
 */
const FIRST_STANDARD_ID = 1;
const FIRST_CUSTOM_ID = 10001;
const FIRST_RELATIONSHIP_ID = 10101;

export interface Dimension {
  /** The standard dimension's name, or the UDD's object name in upper case (REST lists nsp::channel as CHANNEL). */
  readonly name: string;
  /** The object label; also the term label, as ledgerq has no company terminology. */
  readonly label: string;
  readonly userDefined: boolean;
  readonly enabledInGL: boolean;
  readonly object: CatalogObject;
  readonly objectId: number;
}

export type RelationshipSide = 'One' | 'Many';

/** One relationship as seen from one of its dimensions. */
export interface DimensionLink {
  readonly relationshipId: number;
  readonly related: Dimension;
  readonly sourceSide: RelationshipSide;
  readonly relatedSide: RelationshipSide;
}

interface CatalogDimensions {
  readonly standard: readonly Dimension[];
  readonly custom: readonly Dimension[];
  /** Relationships that join a custom object (or are declared custom) to another object: platform relationships. */
  readonly relationships: readonly {
    readonly id: number;
    readonly from: CatalogObject;
    readonly to: CatalogObject;
    readonly fromSide: RelationshipSide;
  }[];
}

const byCatalog = new WeakMap<Catalog, CatalogDimensions>();

function catalogDimensions(catalog: Catalog): CatalogDimensions {
  const known = byCatalog.get(catalog);
  if (known) return known;
  // A standard dimension is enabled in the GL when a journal entry line carries it (GLENTRY's REST field
  // `dimensions.<name>.id`); a UDD always is (the XML reference: "A UDD is simply a custom object that is enabled as
  // a user defined GL dimension").
  const lineFields = new Set(catalog.object('GLENTRY')?.fields.map((f) => f.restPath) ?? []);
  const standard: Dimension[] = [];
  STANDARD_DIMENSIONS.forEach((d, i) => {
    const object = catalog.object(d.name);
    // Both APIs list a dimension, and REST names it by its endpoint: a dimension needs a REST object.
    if (!object?.restName) return;
    standard.push({
      name: d.name,
      label: d.label,
      userDefined: false,
      enabledInGL: lineFields.has(`dimensions.${d.name.toLowerCase()}.id`),
      object,
      objectId: FIRST_STANDARD_ID + i,
    });
  });
  const custom = catalog.objects
    .filter((o) => o.isCustom)
    .map((object, i) => ({ object, objectId: FIRST_CUSTOM_ID + i }))
    .filter(({ object }) => object.userDefinedDimension !== false)
    .map(
      ({ object, objectId }): Dimension => ({
        name: object.xmlName.toUpperCase(),
        label: object.label,
        userDefined: true,
        enabledInGL: true,
        object,
        objectId,
      }),
    );
  const relationships: CatalogDimensions['relationships'][number][] = [];
  for (const from of catalog.objects) {
    for (const r of from.relationships) {
      if (!from.isCustom && !r.isCustom) continue;
      const to = catalog.object(r.relatedObject);
      if (!to) continue;
      relationships.push({
        id: FIRST_RELATIONSHIP_ID + relationships.length,
        from,
        to,
        fromSide: r.kind === 'many-to-one' ? 'Many' : 'One',
      });
    }
  }
  const built = Object.freeze({ standard, custom, relationships });
  byCatalog.set(catalog, built);
  return built;
}

function isDimensionOf(o: CatalogObject, companyId: string): boolean {
  const udd = o.userDefinedDimension;
  return udd === true || (Array.isArray(udd) && udd.includes(companyId.toLowerCase()));
}

/** The company's dimensions: the standard ones, then its UDDs (the order of the XML and REST references' samples). */
export function companyDimensions(catalog: Catalog, companyId: string): Dimension[] {
  const { standard, custom } = catalogDimensions(catalog);
  return [...standard, ...custom.filter((d) => isDimensionOf(d.object, companyId))];
}

const other = (side: RelationshipSide): RelationshipSide => (side === 'One' ? 'Many' : 'One');

/**
 * Each of the company's dimensions with its relationships to its other dimensions, seen from both ends under one
 * relationship id. Only platform relationships (of a custom object, or declared custom) count: the XML reference's
 * sample shows the standard LOCATION with none while its UDDs have theirs, which we read as a standard object's own
 * references (PROJECT's CUSTOMERID) not being dimension relationships; nor is a dimension's reference to itself.
 */
export function companyDimensionLinks(
  catalog: Catalog,
  companyId: string,
): { readonly dimension: Dimension; readonly links: readonly DimensionLink[] }[] {
  const dimensions = companyDimensions(catalog, companyId);
  const byObject = new Map(dimensions.map((d) => [d.object, { dimension: d, links: [] as DimensionLink[] }]));
  for (const r of catalogDimensions(catalog).relationships) {
    const from = byObject.get(r.from);
    const to = byObject.get(r.to);
    if (!from || !to || from === to) continue;
    const toSide = other(r.fromSide);
    from.links.push({ relationshipId: r.id, related: to.dimension, sourceSide: r.fromSide, relatedSide: toSide });
    to.links.push({ relationshipId: r.id, related: from.dimension, sourceSide: toSide, relatedSide: r.fromSide });
  }
  return [...byObject.values()];
}
