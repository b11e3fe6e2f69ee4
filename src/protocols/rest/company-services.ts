// REST services that describe the company or hand the caller over to the XML gateway (GET /services/core/session/id,
// GET /services/company-config/dimensions/list), and a document sequence's next value (POST
// /services/company-config/document-sequence/generate-next-value).

import { createSession } from '../../auth/sessions.ts';
import type { Catalog } from '../../catalog/catalog.ts';
import { companyDimensions } from '../../catalog/dimensions.ts';
import { LedgerqError } from '../../errors.ts';
import type { Database } from '../../store/database.ts';
import { generateNextValue } from '../../writes/id-sequences.ts';
import { requireWriteRole, type Writer } from '../../writes/write-record.ts';

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

/** A request property given as a non-empty string, or undefined; anything else is refused naming it. */
function textOf(body: Readonly<Record<string, unknown>>, name: string): string | undefined {
  const v = body[name];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string')
    throw new LedgerqError('write.invalid-value', `${name} of generate-next-value is a string`, {
      object: 'SEQUENCE',
      field: name,
    });
  return v;
}

/**
 * generate-next-value (spec/company-configuration.json, company-config-document-sequence-generate-next-value-request:
 * oneOf `key` or `id` required, `fiscalYear`): the sequence's next value, taken. The answer is the reference's: by id
 * `{ id, nextValue }`, by key `{ key, id, nextValue }`. `fiscalYear` picks a rollover year, and rollover is not served,
 * so it is refused, as is any other property.
 */
export async function generateSequenceValue(
  w: Writer,
  raw: unknown,
): Promise<{ 'ia::result': Record<string, string>; 'ia::meta': typeof META_ONE }> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new LedgerqError('parse.invalid-query', 'the body must be a JSON object', { field: 'body' });
  const body = raw as Record<string, unknown>;
  for (const name of Object.keys(body))
    if (name !== 'key' && name !== 'id')
      throw new LedgerqError(
        'write.unknown-field',
        name === 'fiscalYear'
          ? 'fiscalYear picks a rollover year of the sequence; ledgerq does not serve rollover'
          : `${name} is not a property of generate-next-value`,
        { object: 'SEQUENCE', field: name },
      );
  const key = textOf(body, 'key');
  const id = textOf(body, 'id');
  if ((key === undefined) === (id === undefined))
    throw new LedgerqError('write.required-field', 'generate-next-value takes key or id, one of them', {
      object: 'SEQUENCE',
      field: 'key',
    });
  await requireWriteRole(w);
  const r = await generateNextValue(w, key !== undefined ? { key } : { id: id! });
  return { 'ia::result': key !== undefined ? r : { id: r.id, nextValue: r.nextValue }, 'ia::meta': META_ONE };
}
