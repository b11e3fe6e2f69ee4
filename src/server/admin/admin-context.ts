// What every admin route group receives: the database, the catalog and the controls to re-read after a change.

import type { FastifyInstance } from 'fastify';
import type { Catalog } from '../../catalog/catalog.ts';
import type { EmulatorControls } from '../../emulator/emulator-controls.ts';
import type { Database } from '../../store/database.ts';

export interface AdminContext {
  readonly db: Database;
  readonly catalog: Catalog;
  /** The request path's limits and faults: told to re-read after a change, so this process applies it at once. */
  readonly controls?: EmulatorControls;
}

/** A group of admin routes, registered inside the token-checked scope (paths relative to ADMIN_PREFIX). */
export type AdminRoutes = (scope: FastifyInstance, ctx: AdminContext) => void;
