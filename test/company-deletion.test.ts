// Removing a company removes every row it owns, in every table scoped to a company: the demo's reseed removes the old
// demo companies that way, so a leftover would pile up with each seed (issue 21: lq_queue_company was left behind).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../src/app/seed.ts';
import { desiredSchema } from '../src/app/schema.ts';
import { createSession } from '../src/auth/sessions.ts';
import { findCompany } from '../src/auth/tenancy.ts';
import { buildCatalog } from '../src/catalog/catalog.ts';
import { ident, p, sql } from '../src/store/sql.ts';
import { companyKeyedTables } from '../src/store/table-spec.ts';
import { BACKENDS, createTestDatabase, type TestDatabase } from './support/databases.ts';

const catalog = buildCatalog();
const schema = desiredSchema(catalog);

describe.each(BACKENDS)('deleting a company on %s', (backend) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(backend);
    await seedDemo(t.db, catalog, { size: 'small', seed: 1 });
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('leaves no row of the removed companies in any table, sessions and queue state included', async () => {
    const old = (await findCompany(t.db, 'demo'))!;
    // Session state and queue state that the seed itself does not write.
    await createSession(t.db, { companyKey: old.key, userId: 'admin', entityId: null });
    await t.db.run(sql`INSERT INTO lq_queue_company (company_key, last_claim_ms) VALUES (${p(old.key)}, 0)`);

    await seedDemo(t.db, catalog, { size: 'small', seed: 1 });

    const fresh = (await findCompany(t.db, 'demo'))!;
    expect(fresh.key).not.toBe(old.key);
    const keys = (await t.db.all<{ company_key: number }>(sql`SELECT company_key FROM lq_company`)).map((r) =>
      Number(r.company_key),
    );
    const orphans: string[] = [];
    for (const table of companyKeyedTables(schema)) {
      const rows = await t.db.all<{ company_key: number | string }>(
        sql`SELECT DISTINCT company_key FROM ${ident(table.name)}`,
      );
      for (const r of rows) if (!keys.includes(Number(r.company_key))) orphans.push(`${table.name}:${r.company_key}`);
    }
    expect(orphans).toEqual([]);
  });
});
