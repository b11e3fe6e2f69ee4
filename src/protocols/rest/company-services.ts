// REST services that describe the company or hand the caller over to the XML gateway: GET /services/core/session/id
// and GET /services/company-config/dimensions/list.

import { createSession } from '../../auth/sessions.ts';
import type { Catalog } from '../../catalog/catalog.ts';
import { companyDimensions } from '../../catalog/dimensions.ts';
import type { Database } from '../../store/database.ts';

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
 * The company's dimensions (src/catalog/dimensions.ts): the standard ones, then its UDDs, whose endpoint is the custom
 * object's (the reference lists nsp::channel as CHANNEL at /objects/platform-apps/nsp::channel). ledgerq has no
 * terminology settings, so `termName` is the label.
 */
export function listDimensions(
  catalog: Catalog,
  companyId: string,
): {
  'ia::result': DimensionEntry[];
  'ia::meta': { totalCount: number; totalSuccess: number; totalError: number };
} {
  const result = companyDimensions(catalog, companyId).map(
    (d): DimensionEntry => ({
      dimensionName: d.name,
      dimensionLabel: d.label,
      termName: d.label,
      isUserDefinedDimension: d.userDefined,
      isEnabledInGL: d.enabledInGL,
      dimensionEndpoint: `/objects/${d.object.restName}`,
    }),
  );
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
