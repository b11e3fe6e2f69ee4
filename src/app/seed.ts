// Seeding the demo companies into a database: the schema first, then the generated data.

import type { Catalog } from '../catalog/catalog.ts';
import { type SeedOptions, type SeedSummary, writeDemoData } from '../demo/seed-demo.ts';
import type { Database } from '../store/database.ts';
import { desiredSchema, migrateSchema } from './schema.ts';

export async function seedDemo(db: Database, catalog: Catalog, options: SeedOptions): Promise<SeedSummary> {
  await migrateSchema(db, catalog);
  return writeDemoData(db, catalog, desiredSchema(catalog), options);
}
