// The whole schema ledgerq wants, assembled once above the features: each feature declares its own tables beside its
// code, and the catalog gives one table per object.

import { OAUTH_TABLES } from '../auth/oauth.ts';
import { TENANCY_TABLES } from '../auth/tenancy-tables.ts';
import type { Catalog } from '../catalog/catalog.ts';
import { objectTable } from '../catalog/object-tables.ts';
import { COMPANY_SETTINGS_TABLES } from '../emulator/company-settings.ts';
import { JOURNAL_TABLES } from '../emulator/journal-store.ts';
import { METER_TABLES } from '../emulator/meter-store.ts';
import { SNAPSHOT_TABLES } from '../emulator/snapshot-tables.ts';
import { JOB_FILE_TABLES } from '../queue/job-file-store.ts';
import { JOB_RESULT_TABLES } from '../jobs/job-result-tables.ts';
import { JOB_TABLES } from '../queue/job-tables.ts';
import { USER_VIEW_TABLES } from '../protocols/rest/user-view-store.ts';
import { XML_GATEWAY_TABLES } from '../protocols/xml/gateway-tables.ts';
import type { Database } from '../store/database.ts';
import { type MigrationResult, migrate } from '../store/migrate.ts';
import type { TableSpec } from '../store/table-spec.ts';
import { WRITE_TABLES } from '../writes/write-tables.ts';
import { ATTACHMENT_TABLES } from '../writes/attachments.ts';

export function desiredSchema(catalog: Catalog): TableSpec[] {
  return [
    ...TENANCY_TABLES,
    ...catalog.objects.map(objectTable),
    ...OAUTH_TABLES,
    ...XML_GATEWAY_TABLES,
    ...JOB_TABLES,
    ...JOB_FILE_TABLES,
    ...JOB_RESULT_TABLES,
    ...WRITE_TABLES,
    ...ATTACHMENT_TABLES,
    ...USER_VIEW_TABLES,
    ...COMPANY_SETTINGS_TABLES,
    ...METER_TABLES,
    ...JOURNAL_TABLES,
    ...SNAPSHOT_TABLES,
  ];
}

/** Brings a database to the schema of this catalog: what every entry point runs before using one. */
export function migrateSchema(db: Database, catalog: Catalog): Promise<MigrationResult> {
  return migrate(db, desiredSchema(catalog));
}
