// The batched create (createRecords, what a CSV import's chunk uses) against createRecord called once per record: the
// same outcomes (record numbers, IDs, refusals and their messages) and the same stored rows, on both databases.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateSchema } from '../../src/app/schema.ts';
import { addEntity, addUser, type Company, createCompany } from '../../src/auth/tenancy.ts';
import { buildCatalog, type Catalog, findField } from '../../src/catalog/catalog.ts';
import type { CatalogObject } from '../../src/catalog/types.ts';
import type { LedgerqError } from '../../src/errors.ts';
import { p, sql } from '../../src/store/sql.ts';
import { createRecords } from '../../src/writes/create-records.ts';
import { setIdSequence } from '../../src/writes/id-sequences.ts';
import type { RawRecord } from '../../src/writes/record-values.ts';
import { createRecord, type Writer } from '../../src/writes/write-record.ts';
import { BACKENDS, createTestDatabase, type TestDatabase } from '../support/databases.ts';

type Given = Record<string, string>;

/** Mistakes each in one record, records naming records of the batch before and after them, repeated IDs. */
const VENDORS: readonly Given[] = [
  { VENDORID: 'N-1', NAME: 'First', CREDITLIMIT: '10.5', PAYMENTPRIORITY: 'high' },
  { VENDORID: 'N-2', NAME: 'Bad limit', CREDITLIMIT: 'abc' },
  { VENDORID: 'N-3' },
  { VENDORID: 'N-4', NAME: 'Bad term', TERMNAME: 'Net 99' },
  { VENDORID: 'N-5', NAME: 'Good term', TERMNAME: 'Net 30' },
  { VENDORID: 'EX-1', NAME: 'Taken by a stored vendor' },
  { VENDORID: 'N-1', NAME: 'Taken earlier in the batch' },
  { VENDORID: 'N-6', NAME: 'Child of N-1', PARENTID: 'N-1' },
  { VENDORID: 'N-7', NAME: 'Child of one created later', PARENTID: 'N-9' },
  { VENDORID: 'N-9', NAME: 'Created after its child was refused' },
  { VENDORID: 'N-10', NAME: 'Child of a stored vendor', PARENTID: 'EX-1' },
  { NAME: 'No ID' },
  { VENDORID: 'N-11', NAME: 'Read-only field', TOTALDUE: '5' },
  { VENDORID: 'N-12', NAME: 'Bad enum', PAYMENTPRIORITY: 'whenever' },
  { VENDORID: 'N-13', NAME: 'Last', STATUS: 'inactive' },
];

/** Blank IDs the sequence numbers (V-0001 …), skipping an ID an earlier record of the batch took by hand. */
const NUMBERED: readonly Given[] = [
  { VENDORID: 'V-0002', NAME: 'By hand' },
  { NAME: 'Numbered one' },
  { NAME: 'Numbered two' },
  { VENDORID: 'S-1', NAME: 'Child of a numbered one', PARENTID: 'V-0003' },
  { VENDORID: 'V-0004', NAME: 'Taken by the sequence' },
  { NAME: '' },
  { NAME: 'Numbered three' },
];

describe.each(BACKENDS)('createRecords on %s', (backend) => {
  let t: TestDatabase;
  let catalog: Catalog;
  let vendor: CatalogObject;
  let seq = 0;

  const writer = (co: Company, entityId: string | null = null, userId = 'admin'): Writer => ({
    db: t.db,
    catalog,
    companyKey: co.key,
    entityId,
    userId,
    now: '2026-02-01T10:00:00Z',
    naming: 'xml',
  });
  const raw = (o: CatalogObject, given: Given): RawRecord =>
    new Map(Object.entries(given).map(([name, v]) => [findField(o, name)!, v]));

  /** A company with the same records in it each time: a user of each role, a term, a vendor (in UK when multi-entity). */
  async function company(multiEntity = false): Promise<Company> {
    const co = await createCompany(t.db, {
      companyId: `cr${++seq}`,
      name: 'Batch Co',
      serviceLevel: 'premium',
      multiEntity,
    });
    await addUser(t.db, co, { userId: 'admin', password: 'admin', role: 'admin' });
    await addUser(t.db, co, { userId: 'viewer', password: 'viewer', role: 'readonly' });
    if (multiEntity) {
      await addEntity(t.db, co, { entityId: 'US', name: 'United States', private: false });
      await addEntity(t.db, co, { entityId: 'UK', name: 'United Kingdom', private: false });
    }
    const term = catalog.require('APTERM');
    await createRecord(writer(co), term, raw(term, { NAME: 'Net 30' }));
    await createRecord(
      writer(co, multiEntity ? 'UK' : null),
      vendor,
      raw(vendor, { VENDORID: 'EX-1', NAME: 'Stored' }),
    );
    return co;
  }

  const outcome = (r: { key: { recordNo: number; id: string | null } } | { error: LedgerqError }) =>
    'key' in r ? { recordNo: r.key.recordNo, id: r.key.id } : { code: r.error.code, message: r.error.message };

  /** Every stored vendor of the company but its company key, by record number. */
  const stored = async (co: Company) =>
    (
      await t.db.all<Record<string, unknown>>(
        sql`SELECT * FROM o_vendor WHERE company_key = ${p(co.key)} ORDER BY recordno`,
      )
    ).map(({ company_key: _, ...rest }) => rest);

  /** Creates `records` in two identical companies, batched in one and one by one in the other: both must agree. */
  async function compare(records: readonly Given[], setup: (co: Company) => Promise<void>, opts: Partial<Writer> = {}) {
    const multiEntity = opts.entityId !== undefined && opts.entityId !== null;
    const [batched, alone] = [await company(multiEntity), await company(multiEntity)];
    await setup(batched);
    await setup(alone);
    const raws = records.map((r) => raw(vendor, r));
    const got = await createRecords({ ...writer(batched), ...opts, companyKey: batched.key }, vendor, raws);
    // One by one in one transaction, as the batch runs in the caller's (a CSV chunk's).
    const expected = await t.db.transaction(async (db) => {
      const out = [];
      for (const r of raws) {
        out.push(
          await createRecord({ ...writer(alone), ...opts, db, companyKey: alone.key }, vendor, r).then(
            (key) => ({ key }),
            (error: LedgerqError) => ({ error }),
          ),
        );
      }
      return out;
    });
    expect(got.map(outcome)).toEqual(expected.map(outcome));
    expect(await stored(batched)).toEqual(await stored(alone));
    return got.map(outcome);
  }

  beforeAll(async () => {
    t = await createTestDatabase(backend);
    catalog = buildCatalog();
    vendor = catalog.require('VENDOR');
    await migrateSchema(t.db, catalog);
  }, 60_000);
  afterAll(async () => {
    await t?.drop();
  });

  it('refuses and numbers each record as createRecord does, and a record names one created before it in the batch', async () => {
    const outcomes = await compare(VENDORS, async () => {});
    // The comparison is only as good as its cases: each kind of outcome occurred.
    expect(outcomes.filter((o) => 'recordNo' in o).map((o) => o.id)).toEqual([
      'N-1',
      'N-5',
      'N-6',
      'N-9',
      'N-10',
      'N-13',
    ]);
    expect(outcomes.flatMap((o) => ('code' in o ? [o.code] : []))).toEqual([
      'write.invalid-value',
      'write.required-field',
      'write.missing-reference',
      'write.duplicate-id',
      'write.duplicate-id',
      'write.missing-reference',
      'write.required-field',
      'write.read-only-field',
      'write.invalid-value',
    ]);
  });

  it("takes blank IDs from the company's sequence in order, skipping IDs records of the batch took", async () => {
    const outcomes = await compare(NUMBERED, (co) =>
      setIdSequence({ db: t.db, companyKey: co.key, catalog }, vendor, { prefix: 'V-', digits: 4, suffix: '' }),
    );
    expect(outcomes.map((o) => ('id' in o ? o.id : o.code))).toEqual([
      'V-0002',
      'V-0001',
      'V-0003',
      'S-1',
      'V-0004',
      'write.required-field',
      'V-0006',
    ]);
  });

  it('a database made before sequences were records: its lq_id_sequence row becomes a SEQUENCE record the create advances', async () => {
    const co = await company();
    // The row a former ledgerq wrote for `ledgerq admin numbering set VENDOR --prefix V- --digits 4` after V-0041.
    await t.db.run(sql`INSERT INTO lq_id_sequence (company_key, object_name, prefix, digits, suffix, last_no)
      VALUES (${p(co.key)}, 'VENDOR', 'V-', 4, '', 41)`);
    const key = await createRecord(writer(co), vendor, raw(vendor, { NAME: 'After the upgrade' }));
    expect(key.id).toBe('V-0042');
    const seq = catalog.require('SEQUENCE');
    const rows = await t.db.all<Record<string, unknown>>(sql`SELECT title, fixedprefix, fixedlength, nextnumber
      FROM o_sequence WHERE company_key = ${p(co.key)}`);
    expect(seq.table).toBe('o_sequence');
    expect(rows.map((r) => [r.title, r.fixedprefix, r.fixedlength, Number(r.nextnumber)])).toEqual([
      ['VENDOR', 'V-', '4', 43],
    ]);
    expect(await t.db.all(sql`SELECT 1 AS x FROM lq_id_sequence WHERE company_key = ${p(co.key)}`)).toEqual([]);
  });

  it("inside an entity: MEGAENTITYNAME is stored, another entity's vendor is no parent, its ID is still taken", async () => {
    const outcomes = await compare(
      [
        { VENDORID: 'US-1', NAME: 'Ours' },
        { VENDORID: 'US-2', NAME: 'Child of a UK vendor', PARENTID: 'EX-1' },
        { VENDORID: 'EX-1', NAME: 'Same ID as the UK vendor' },
        { VENDORID: 'US-3', NAME: 'Child of ours', PARENTID: 'US-1' },
      ],
      async () => {},
      { entityId: 'US' },
    );
    expect(outcomes.map((o) => ('id' in o ? o.id : o.code))).toEqual([
      'US-1',
      'write.entity-not-allowed',
      'write.duplicate-id',
      'US-3',
    ]);
  });

  it('refuses every record of a read-only user, and inserts past the parameter limit of one statement', async () => {
    const outcomes = await compare(VENDORS.slice(0, 3), async () => {}, { userId: 'viewer' });
    expect(outcomes.map((o) => ('code' in o ? o.code : o.id))).toEqual(Array(3).fill('write.not-permitted'));
    // More values than SQLite binds in one statement (32,766): the INSERT is split, the records are all there.
    const many = Array.from({ length: 2600 }, (_, i) => ({
      VENDORID: `M-${i}`,
      NAME: `Many ${i}`,
      CREDITLIMIT: String(i),
      PAYMENTPRIORITY: 'low',
      TERMNAME: 'Net 30',
    }));
    const co = await company();
    const got = await createRecords(
      writer(co),
      vendor,
      many.map((r) => raw(vendor, r)),
    );
    expect(got.every((r) => 'key' in r)).toBe(true);
    const rows = await stored(co);
    expect(rows).toHaveLength(2601);
    expect(rows.at(-1)).toMatchObject({ vendorid: 'M-2599', name: 'Many 2599', termname: 'Net 30' });
    expect(new Set(rows.map((r) => Number(r.recordno))).size).toBe(2601);
  });
});
