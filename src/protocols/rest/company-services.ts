// REST services that describe the company or hand the caller over to the XML gateway: GET /services/core/session/id
// and GET /services/company-config/dimensions/list.

import { createSession } from '../../auth/sessions.ts';
import type { Catalog } from '../../catalog/catalog.ts';
import type { Database } from '../../store/database.ts';

/**
 * The standard dimensions in the order and labels of Intacct's REST reference (company-configuration, "List
 * dimensions", as mirrored in dgaretz-oss/intacct-mcp docs/rest/company-configuration.md). Dimensions whose object
 * ledgerq's catalog lacks (AFFILIATEENTITY, FIXEDASSET) are not listed, as a company without that module does not
 * list them.
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

export interface DimensionEntry {
  readonly dimensionName: string;
  readonly dimensionLabel: string;
  readonly termName: string;
  readonly isUserDefinedDimension: boolean;
  readonly isEnabledInGL: boolean;
  readonly dimensionEndpoint: string;
}

const META_ONE = { totalCount: 1, totalSuccess: 1, totalError: 0 } as const;

/**
 * The company's dimensions. ledgerq has no terminology settings, so `termName` is the label. A dimension is enabled in
 * the GL when a journal entry line carries it (GLENTRY's REST field `dimensions.<name>.id`), which is what a client
 * asks the list for before it writes lines.
 */
export function listDimensions(catalog: Catalog): {
  'ia::result': DimensionEntry[];
  'ia::meta': { totalCount: number; totalSuccess: number; totalError: number };
} {
  const lineFields = new Set(catalog.object('GLENTRY')?.fields.map((f) => f.restPath) ?? []);
  const result: DimensionEntry[] = [];
  for (const d of STANDARD_DIMENSIONS) {
    const o = catalog.object(d.name);
    if (!o?.restName) continue;
    result.push({
      dimensionName: d.name,
      dimensionLabel: d.label,
      termName: d.label,
      isUserDefinedDimension: false,
      isEnabledInGL: lineFields.has(`dimensions.${d.name.toLowerCase()}.id`),
      dimensionEndpoint: `/objects/${o.restName}`,
    });
  }
  return {
    'ia::result': result,
    'ia::meta': { totalCount: result.length, totalSuccess: result.length, totalError: 0 },
  };
}

/**
 * An XML gateway session for the token's company, user and entity (Intacct's "Get an XML API session ID"): the
 * OpenAPI's `core-session-id-response` has `sessionId` and `expiresIn` (seconds) and nothing else, so the gateway's
 * address is the client's to know (the same host, /ia/xml/xmlgw.phtml). The session is an ordinary one: it slides
 * and dies as getAPISession's do.
 */
export async function xmlSessionForToken(
  db: Database,
  who: { readonly companyKey: number; readonly userId: string; readonly entityId: string | null },
  timeoutSeconds: number,
): Promise<{ 'ia::result': { sessionId: string; expiresIn: number }; 'ia::meta': typeof META_ONE }> {
  const { sessionId } = await createSession(db, who, undefined, timeoutSeconds);
  return { 'ia::result': { sessionId, expiresIn: timeoutSeconds }, 'ia::meta': META_ONE };
}
