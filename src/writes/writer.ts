// Who writes, where and when: the caller every write path and front end passes down.

import type { Catalog } from '../catalog/catalog.ts';
import type { Database } from '../store/database.ts';

/** Who writes, where, and when: every front end builds one from its signed-in caller. */
export interface Writer {
  readonly db: Database;
  readonly catalog: Catalog;
  readonly companyKey: number;
  /** The entity signed into (new records belong to it), or null at the top level. */
  readonly entityId: string | null;
  readonly userId: string;
  /** 'YYYY-MM-DDTHH:MM:SSZ'. */
  readonly now: string;
  readonly naming: 'xml' | 'rest';
}
