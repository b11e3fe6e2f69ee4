// Racing writes: creates of one ID and requests reusing a uniqueid control id, sent at once to two servers sharing one
// database; and the unique ID index added to an existing database.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCatalog } from '../../src/catalog/catalog.ts';
import { LedgerqError } from '../../src/errors.ts';
import { p, sql } from '../../src/store/sql.ts';
import { BACKENDS, createTestDatabase } from '../support/databases.ts';
import { envelope, gatewayDatabase, postRaw, type Gateway, startGateway } from '../xml/support/gateway-harness.ts';
import { query } from './write-harness.ts';
import { migrateSchema } from '../../src/app/schema.ts';
import { indexName } from '../../src/store/table-spec.ts';

function resultsOf(body: string): { status: string; errors: string[] }[] {
  return [...body.matchAll(/<result>(.*?)<\/result>/gs)].map((m) => ({
    status: /<status>(\w+)<\/status>/.exec(m[1]!)![1]!,
    errors: [...m[1]!.matchAll(/<errorno>([^<]*)<\/errorno>/g)].map((e) => e[1]!),
  }));
}

const RACERS = 10;

describe.each(BACKENDS)('racing writes on %s', (backend) => {
  const { url, cleanup } = gatewayDatabase(backend);
  // PostgreSQL: two servers, each with its own connection pool, on one database. SQLite: one process
  // holds the file (a second in-process connection would block the event loop while it waits), so both names are one
  // server.
  let servers: Gateway[] = [];
  beforeAll(async () => {
    const a = await startGateway(url);
    servers = backend === 'postgres' ? [a, await startGateway(url)] : [a, a];
  });
  afterAll(async () => {
    for (const s of new Set(servers)) await s.close();
    await cleanup();
  });

  it(`${RACERS} concurrent creates of one VENDORID: exactly one succeeds, the others get the duplicate-ID error`, async () => {
    const body = (i: number) =>
      envelope(
        `<function controlid="r${i}"><create><VENDOR><VENDORID>RACE-V</VENDORID><NAME>Racer ${i}</NAME></VENDOR></create></function>`,
      );
    const answers = await Promise.all(
      Array.from({ length: RACERS }, (_, i) => postRaw(servers[i % 2]!.loopback, body(i))),
    );
    const results = answers.map((a) => resultsOf(a.body)[0]!);
    expect(results.filter((r) => r.status === 'success')).toHaveLength(1);
    const failures = answers.filter((a) => resultsOf(a.body)[0]!.status === 'failure');
    expect(failures).toHaveLength(RACERS - 1);
    for (const f of failures) {
      expect(resultsOf(f.body)[0]!.errors).toEqual(['BL01001973', 'BL01001973']);
      expect(f.body).toContain('<description2>Could not create VENDOR record!</description2>');
      expect(f.body).toContain("Another VENDOR record with VENDORID 'RACE-V' already exists");
    }
    expect(await query(servers[0]!, 'VENDOR', ['VENDORID'], 'VENDORID', 'RACE-V')).toEqual([{ VENDORID: 'RACE-V' }]);
  });

  it(`${RACERS} concurrent REST creates of one department id: one 201, the others 409 write.duplicate-id`, async () => {
    const tokens = await Promise.all(
      servers.map(async (s) => {
        const res = await fetch(`http://127.0.0.1:${s.port}/ia/api/v1/oauth2/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            grant_type: 'client_credentials',
            client_id: 'ledgerq-demo',
            client_secret: 'ledgerq-demo',
            username: 'admin@demo',
          }),
        });
        return ((await res.json()) as { access_token: string }).access_token;
      }),
    );
    const answers = await Promise.all(
      Array.from({ length: RACERS }, async (_, i) => {
        const s = servers[i % 2]!;
        const res = await fetch(`http://127.0.0.1:${s.port}/ia/api/v1/objects/company-config/department`, {
          method: 'POST',
          headers: { authorization: `Bearer ${tokens[i % 2]}`, 'content-type': 'application/json' },
          body: JSON.stringify({ id: 'RACE-D', name: `Racer ${i}` }),
        });
        return {
          status: res.status,
          body: (await res.json()) as { 'ia::result': { 'ia::error'?: { errorId: string } } },
        };
      }),
    );
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    const refused = answers.filter((a) => a.status !== 201);
    expect(refused.map((a) => [a.status, a.body['ia::result']['ia::error']?.errorId])).toEqual(
      Array(RACERS - 1).fill([409, 'write.duplicate-id']),
    );
    expect(await query(servers[0]!, 'DEPARTMENT', ['DEPARTMENTID'], 'DEPARTMENTID', 'RACE-D')).toHaveLength(1);
  });

  it('uniqueid=true: of requests racing with one control id, exactly one is applied; the others get XL03000005 at the control level', async () => {
    const body = (i: number) =>
      envelope(
        `<function controlid="u"><create><CLASS><CLASSID>RACE-C${i}</CLASSID><NAME>u</NAME></CLASS></create></function>`,
        { controlId: 'ctl-race-2' },
      ).replace('<uniqueid>false</uniqueid>', '<uniqueid>true</uniqueid>');
    const answers = await Promise.all(
      Array.from({ length: RACERS }, (_, i) => postRaw(servers[i % 2]!.loopback, body(i))),
    );
    expect(answers.filter((a) => a.body.includes('<status>success</status><function>create</function>'))).toHaveLength(
      1,
    );
    const refused = answers.filter((a) => a.body.includes('<control><status>failure</status>'));
    expect(refused).toHaveLength(RACERS - 1);
    for (const r of refused)
      expect(r.body).toMatch(/<errorno>XL03000005<\/errorno>.*The control ID ctl-race-2 has already been used/s);
    const created = await query(servers[0]!, 'CLASS', ['CLASSID'], undefined, undefined, 2000);
    expect(created.filter((c) => c.CLASSID!.startsWith('RACE-C'))).toHaveLength(1);
  });
});

describe.each(BACKENDS)('the unique ID index on an existing database on %s', (backend) => {
  const catalog = buildCatalog();
  const vendor = catalog.require('VENDOR');
  const ux = indexName(vendor.table, ['company_key', 'vendorid'], true);

  it('is added by the migrator when the rows allow it, and refused with the duplicates named when they do not', async () => {
    const t = await createTestDatabase(backend);
    try {
      await migrateSchema(t.db, catalog);
      const indexes = async () =>
        new Set((await t.db.all<{ index_name: string }>(t.db.dialect.listIndexes())).map((r) => r.index_name));
      expect((await indexes()).has(ux)).toBe(true);
      // A database from before the index: drop it, then store a duplicate VENDORID.
      await t.db.execScript(`DROP INDEX ${t.db.dialect.quoteIdent(ux)}`);
      await t.db.run(
        sql`INSERT INTO lq_company (company_id, name, service_level, multi_entity, created_at) VALUES ('dupco', 'Dup', 'standard', ${p(false)}, '2026-01-01T00:00:00Z')`,
      );
      const [{ id }] = (await t.db.all<{ id: number }>(
        sql`SELECT company_key AS id FROM lq_company WHERE company_id = 'dupco'`,
      )) as [{ id: number }];
      for (const recordNo of [1, 2])
        await t.db.run(
          sql`INSERT INTO o_vendor (company_key, recordno, vendorid, name) VALUES (${p(id)}, ${p(recordNo)}, 'V-DUP', 'dup')`,
        );
      const refused = await migrateSchema(t.db, catalog).then(
        () => null,
        (e: unknown) => e,
      );
      expect(refused).toBeInstanceOf(LedgerqError);
      expect((refused as LedgerqError).code).toBe('store.schema-conflict');
      expect((refused as LedgerqError).message).toContain(
        `table o_vendor holds duplicate values of (company_key, vendorid), which must be unique (for example ${id}/V-DUP)`,
      );
      expect((await indexes()).has(ux)).toBe(false);

      await t.db.run(sql`UPDATE o_vendor SET vendorid = 'V-DUP-2' WHERE company_key = ${p(id)} AND recordno = 2`);
      const applied = await migrateSchema(t.db, catalog);
      expect(applied.statements).toEqual([
        expect.stringMatching(new RegExp(`^CREATE UNIQUE INDEX .${ux}. ON .o_vendor.`)),
      ]);
      expect((await indexes()).has(ux)).toBe(true);
      expect((await migrateSchema(t.db, catalog)).version).toBeNull();
    } finally {
      await t.drop();
    }
  });
});
