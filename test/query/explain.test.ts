// `ledgerq query --explain` shows the SQL, its parameters and a plan that uses the catalog's indexes for the demo's
// common queries.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCatalog } from '../../src/catalog/catalog.ts';
import { runQueryCommand } from '../../src/cli/query-command.ts';
import { BACKENDS, createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { seedDemo } from '../../src/app/seed.ts';

const filter = (f: string, order = '') =>
  `<query><object>APBILL</object><select><field>RECORDNO</field><field>VENDORNAME</field></select><filter>${f}</filter>${order}</query>`;

const CASES: [string, string, Record<'sqlite' | 'postgres', RegExp>][] = [
  [
    'by key',
    filter('<equalto><field>RECORDNO</field><value>42</value></equalto>'),
    {
      sqlite: /SEARCH t0 USING INDEX sqlite_autoindex_o_apbill_1 \(company_key=\? AND recordno=\?\)/,
      postgres: /Index Scan using o_apbill_pkey on o_apbill t0/,
    },
  ],
  [
    'by vendor',
    filter('<equalto><field>VENDORID</field><value>V-0001</value></equalto>'),
    {
      sqlite: /SEARCH t0 USING INDEX ix_o_apbill_company_key_vendorid_recordno \(company_key=\? AND vendorid=\?\)/,
      postgres: /Index Scan using ix_o_apbill_company_key_vendorid_recordno on o_apbill t0/,
    },
  ],
  [
    'by date range',
    filter(
      '<between><field>WHENCREATED</field><value>01/01/2025</value><value>01/10/2025</value></between>',
      '<orderby><order><field>WHENCREATED</field></order></orderby>',
    ),
    {
      sqlite:
        /SEARCH t0 USING INDEX ix_o_apbill_company_key_whencreated_recordno \(company_key=\? AND whencreated>\? AND whencreated<\?\)/,
      postgres: /Index Scan using ix_o_apbill_company_key_whencreated_recordno on o_apbill t0/,
    },
  ],
];

describe.each(BACKENDS)('query --explain on %s', (backend) => {
  const catalog = buildCatalog();
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(backend);
    await seedDemo(t.db, catalog, { size: 'small', seed: 1 });
    await t.db.execScript('ANALYZE');
  });
  afterAll(async () => {
    await t?.drop();
  });

  it.each(CASES)('uses an index %s', async (_name, query, plans) => {
    let out = '';
    await runQueryCommand(t.db, catalog, query, { company: 'demo', explain: true }, (s) => {
      out += s;
    });
    expect(out).toMatch(/^-- SQL \((sqlite|postgres)\)\nSELECT /);
    expect(out).toContain('-- parameters\n[1,"PRIV",');
    expect(out).toMatch(plans[backend]);
  });
});
