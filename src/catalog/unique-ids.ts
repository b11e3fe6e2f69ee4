// Which objects' ID field is unique in a company: the rule the write path checks and the unique index (company_key, ID)
// enforces.

import { findField } from './catalog.ts';
import type { CatalogObject } from './types.ts';

/**
 * Document numbers (a bill's RECORDID) may repeat across vendors, and queue
 * records are written by the queue, not by clients; every other ID field
 * (VENDORID, CLASSID, a custom object's ID) names one record of a company.
 */
const NON_UNIQUE_IDS: ReadonlySet<string> = new Set(['APBILL', 'ARINVOICE', 'SODOCUMENT', 'JOBQUEUERECORD']);

/** The stored column of the object's unique ID field, or null when it has none. */
export function uniqueIdColumn(o: CatalogObject): string | null {
  if (!o.idField || NON_UNIQUE_IDS.has(o.xmlName)) return null;
  return findField(o, o.idField)?.column ?? null;
}
