// Migrations derived from the catalog, custom declarations as tables/columns/joins, and exact money, on both databases.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCatalog, findField } from '../src/catalog/catalog.ts';
import type { CustomDeclarations } from '../src/catalog/raw.ts';
import { LedgerqError } from '../src/errors.ts';
import type { Database } from '../src/store/database.ts';
import { appliedMigrations, migrate } from '../src/store/migrate.ts';
import { type ColumnSpec, indexName } from '../src/store/table-spec.ts';
import { findCompany } from '../src/auth/tenancy.ts';
import { ident, p, sql } from '../src/store/sql.ts';
import { decodeValue, encodeValue, scaledToDecimal } from '../src/catalog/field-values.ts';
import { BACKENDS, createTestDatabase, type TestDatabase } from './support/databases.ts';
import { desiredSchema, migrateSchema } from '../src/app/schema.ts';

async function schemaDump(db: Database): Promise<string[]> {
  const cols = await db.all<{ table_name: string; column_name: string }>(db.dialect.listColumns());
  const ixs = await db.all<{ index_name: string }>(db.dialect.listIndexes());
  return [...cols.map((c) => `${c.table_name}.${c.column_name}`), ...ixs.map((i) => `index ${i.index_name}`)].sort();
}

const CUSTOM: CustomDeclarations = {
  customObjects: [
    {
      xmlName: 'rental_unit',
      idField: 'UNITID',
      fields: [
        { xmlId: 'UNITID', type: 'text', required: true },
        { xmlId: 'RENT', type: 'currency' },
        { xmlId: 'TENANT', type: 'text' },
      ],
      relationships: [
        {
          xmlPath: 'R_tenant',
          restPath: 'tenant',
          relatedObject: 'CUSTOMER',
          relatedBy: { local: 'TENANT', related: 'CUSTOMERID' },
          kind: 'many-to-one',
        },
      ],
    },
  ],
  customFields: { CUSTOMER: [{ xmlId: 'LOYALTY_TIER', restPath: 'nsp::LOYALTY_TIER', type: 'text' }] },
  customRelationships: {
    VENDOR: [
      {
        xmlPath: 'R_twin',
        relatedObject: 'CUSTOMER',
        relatedBy: { local: 'VENDORID', related: 'CUSTOMERID' },
        kind: 'many-to-one',
      },
    ],
  },
};

describe.each(BACKENDS)('storage on %s', (backend) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(backend);
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('creates one table per object, and a second migration changes nothing', async () => {
    const catalog = buildCatalog();
    const first = await migrateSchema(t.db, catalog);
    expect(first.version).toBe(1);
    const dump = await schemaDump(t.db);
    for (const o of catalog.objects) expect(dump).toContain(`${o.table}.company_key`);
    expect(dump).toContain('o_apbill.vendorid');
    expect(dump).toContain('index ix_o_apbill_company_key_vendorid_recordno');
    const again = await migrateSchema(t.db, catalog);
    expect(again).toEqual({ version: null, statements: [] });
    expect(await schemaDump(t.db)).toEqual(dump);
    expect((await appliedMigrations(t.db)).map((m) => m.version)).toEqual([1]);
  });

  it('turns custom objects, fields and relationships into tables, columns and joins through the same migration', async () => {
    const catalog = buildCatalog(CUSTOM);
    const r = await migrateSchema(t.db, catalog);
    expect(r.version).toBe(2);
    expect(r.statements.some((s) => s.startsWith('CREATE TABLE "o_rental_unit"'))).toBe(true);
    expect(r.statements.some((s) => s.includes('ADD COLUMN "loyalty_tier"'))).toBe(true);
    expect((await migrateSchema(t.db, catalog)).version).toBeNull();

    const unit = catalog.require('rental_unit');
    const customer = catalog.require('CUSTOMER');
    const rel = unit.relationships[0]!;
    await t.db.run(
      sql`INSERT INTO o_customer (company_key, recordno, customerid, name, loyalty_tier) VALUES (${p(1)}, ${p(1)}, ${p('C-1')}, ${p('Tenant One')}, ${p('gold')})`,
    );
    await t.db.run(
      sql`INSERT INTO o_customer (company_key, recordno, customerid, name) VALUES (${p(2)}, ${p(1)}, ${p('C-1')}, ${p('Other company')})`,
    );
    await t.db.run(
      sql`INSERT INTO o_rental_unit (company_key, id, unitid, rent, tenant) VALUES (${p(1)}, ${p(1)}, ${p('U-7')}, ${p(encodeValue(findField(unit, 'RENT')!, '1250.50'))}, ${p('C-1')})`,
    );
    const local = findField(unit, rel.relatedBy.local)!.column!;
    const related = findField(customer, rel.relatedBy.related)!.column!;
    const rows = await t.db.all<{ unitid: string; name: string; loyalty_tier: string; rent: number }>(sql`
      SELECT u.unitid, c.name, c.loyalty_tier, u.rent FROM ${ident(unit.table)} u
      JOIN ${ident(customer.table)} c ON c.company_key = u.company_key AND c.${ident(related)} = u.${ident(local)}`);
    expect(rows.map((x) => ({ ...x, rent: decodeValue(findField(unit, 'RENT')!, x.rent) }))).toEqual([
      { unitid: 'U-7', name: 'Tenant One', loyalty_tier: 'gold', rent: '1250.50' },
    ]);
  });

  it('refuses to change the type of an existing custom field', async () => {
    const changed = { ...CUSTOM, customFields: { CUSTOMER: [{ xmlId: 'LOYALTY_TIER', type: 'integer' as const }] } };
    const e = await migrateSchema(t.db, buildCatalog(changed)).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(LedgerqError);
    expect((e as LedgerqError).code).toBe('store.schema-conflict');
    expect((e as Error).message).toMatch(/o_customer\.loyalty_tier is stored as text but is now declared as bigint/);
  });

  // 0.1 named the company key company_id in every table (lq_company's own was id) and the text company ID `company`
  // in the meter, journal and snapshot tables; a database created then is brought forward in place.
  it('migrates a database of the 0.1 schema in place: columns renamed, rows kept, old indexes replaced', async () => {
    const old = await createTestDatabase(backend);
    try {
      const catalog = buildCatalog();
      const oldName = (c: ColumnSpec) => c.formerNames?.[0] ?? c.name;
      const oldSchema = desiredSchema(catalog).map((t) => {
        const columns = t.columns.map((c) => ({ name: oldName(c), kind: c.kind, notNull: c.notNull }));
        const rename = (n: string) => t.columns.find((c) => c.name === n)?.formerNames?.[0] ?? n;
        return {
          ...t,
          columns,
          primaryKey: t.primaryKey.map(rename),
          indexes: t.indexes.map((ix) => ({
            ...ix,
            name: indexName(t.name, ix.columns.map(rename), ix.unique),
            columns: ix.columns.map(rename),
          })),
        };
      });
      await migrate(old.db, oldSchema);
      await old.db.run(sql`INSERT INTO lq_company (company_id, name, service_level, multi_entity, created_at)
        VALUES ('oldco', 'Old Co', 'standard', ${p(false)}, '2026-01-01T00:00:00Z')`);
      const [{ id }] = (await old.db.all<{ id: number }>(sql`SELECT id FROM lq_company`)) as [{ id: number }];
      await old.db.run(
        sql`INSERT INTO o_vendor (company_id, recordno, vendorid, name) VALUES (${p(id)}, 1, 'V1', 'Kept')`,
      );

      const r = await migrateSchema(old.db, catalog);
      expect(r.statements.some((st) => /RENAME COLUMN "company_id" TO "company_key"/.test(st))).toBe(true);
      const company = await findCompany(old.db, 'oldco');
      expect(company?.key).toBe(Number(id));
      const rows = await old.db.all<{ name: string }>(
        sql`SELECT name FROM o_vendor WHERE company_key = ${p(company!.key)}`,
      );
      expect(rows).toEqual([{ name: 'Kept' }]);
      // Only the current indexes remain, and a second run changes nothing.
      const wanted = new Set(desiredSchema(catalog).flatMap((t) => t.indexes.map((ix) => `index ${ix.name}`)));
      expect((await schemaDump(old.db)).filter((x) => /^index (ix|ux)_/.test(x) && !wanted.has(x))).toEqual([]);
      expect((await migrateSchema(old.db, catalog)).version).toBeNull();
    } finally {
      await old.drop();
    }
  });

  it('sums 100,000 random amounts exactly, equal to the integer-cent sum', async () => {
    const catalog = buildCatalog();
    const field = findField(catalog.require('APBILL'), 'TOTALENTERED')!;
    let x = 12345;
    const next = () => (x = (Math.imul(x, 1103515245) + 12345) >>> 0);
    let cents = 0n;
    const rows: (string | number)[][] = [];
    for (let i = 1; i <= 100_000; i++) {
      // Up to ±10 million with cents; values like 0.10 + 0.20 would drift in floating point.
      const c = BigInt(next() % 1_000_000_000) * (next() % 7 === 0 ? -1n : 1n);
      cents += c;
      rows.push([9, i, encodeValue(field, scaledToDecimal(c, 2)) as number]);
    }
    await t.db.copyRows('o_apbill', ['company_key', 'recordno', 'totalentered'], rows);
    const [sum] = await t.db.all<{ s: unknown }>(
      sql`SELECT SUM(totalentered) AS s FROM o_apbill WHERE company_key = ${p(9)}`,
    );
    expect(decodeValue(field, sum!.s)).toBe(scaledToDecimal(cents, 2));
  });
});
