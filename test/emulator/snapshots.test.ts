// Snapshot, restore and reset of one company over the admin API: every table of the company equals the snapshot, the
// other company never moves, snapshots outlive a restart.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, testDatabaseUrl } from '../support/databases.ts';
import { envelope, postRaw } from '../xml/support/gateway-harness.ts';
import { XML_GATEWAY_PATH } from '../../src/server/xml-gateway.ts';
import { ADMIN_TOKEN, dumpCompany, rowCount, runCli, startStateServer, type StateServer } from './state-harness.ts';

/** Seeding and CLI runs (tsx start-up) are slow on a loaded 2-core machine; these cases get more than vitest's 60 s. */
const SLOW = 240_000;

describe.each(BACKENDS)('snapshots, restore and reset of a company (%s)', (backend) => {
  const { url, cleanup } = testDatabaseUrl(backend);
  let s: StateServer;
  let seeded: Record<string, string[]>;
  let demo2: Record<string, string[]>;
  const xml = (functions: string) => postRaw(`${s.base}${XML_GATEWAY_PATH}`, envelope(functions));

  /** Writes of every kind through the gateway, plus an offline request: a job in the queue. */
  async function changeData(tag: string): Promise<string[]> {
    const created = await xml(
      `<function controlid="c"><create>${['A', 'B', 'C'].map((x) => `<DEPARTMENT><DEPARTMENTID>SN-${tag}-${x}</DEPARTMENTID><TITLE>snapshot ${x}</TITLE></DEPARTMENT>`).join('')}</create></function>`,
    );
    const keys = [...created.body.matchAll(/<RECORDNO>(\d+)<\/RECORDNO>/g)].map((m) => m[1]);
    expect(keys).toHaveLength(3);
    const updated = await xml(
      `<function controlid="u"><update><VENDOR><VENDORID>V1234</VENDORID><NAME>Renamed ${tag}</NAME></VENDOR></update></function>`,
    );
    expect(updated.body).toContain('<status>success</status>');
    const deleted = await xml(
      `<function controlid="d"><delete><object>DEPARTMENT</object><keys>${keys[0]},${keys[1]}</keys></delete></function>`,
    );
    expect(deleted.body).not.toContain('<status>failure</status>');
    const offline = await postRaw(
      `${s.base}${XML_GATEWAY_PATH}`,
      envelope(
        '<function controlid="q"><query><object>VENDOR</object><select><field>VENDORID</field></select></query></function>',
      ).replace('<dtdversion>3.0</dtdversion>', '<dtdversion>3.0</dtdversion><policyid>ledgerq-demo</policyid>'),
    );
    expect(offline.body).toContain('<status>success</status>');
    return keys as string[];
  }

  beforeAll(async () => {
    s = await startStateServer(url);
    seeded = await dumpCompany(s.db, s.catalog, 'demo');
    demo2 = await dumpCompany(s.db, s.catalog, 'demo2');
  }, SLOW);
  afterAll(async () => {
    await s?.close();
    await cleanup();
  });

  it(
    'restores every table of the company to the snapshot, and never touches the other company',
    async () => {
      const made = await s.admin<{ rows: number }>('POST', '/companies/demo/snapshots', { name: 'base' });
      expect(made.status).toBe(201);
      expect(made.body.rows).toBe(rowCount(seeded));

      const firstKeys = await changeData('one');
      const changed = await dumpCompany(s.db, s.catalog, 'demo');
      expect(changed).not.toEqual(seeded);
      expect(changed.lq_job!.length).toBe(seeded.lq_job!.length + 1);
      expect(await dumpCompany(s.db, s.catalog, 'demo2')).toEqual(demo2);

      const restored = await s.admin<{ rows: number }>('POST', '/companies/demo/snapshots/base/restore');
      expect(restored.status).toBe(200);
      expect(restored.body.rows).toBe(rowCount(seeded));
      expect(await dumpCompany(s.db, s.catalog, 'demo')).toEqual(seeded);
      expect(await dumpCompany(s.db, s.catalog, 'demo2')).toEqual(demo2);

      // The restored company works: the same creates succeed again with the same RECORDNOs, so ID checks and counters
      // came back too.
      expect(await changeData('one')).toEqual(firstKeys);
    },
    SLOW,
  );

  it(
    "answers the admin API's errors: unknown snapshot or company, a name taken, a bad name, no token",
    async () => {
      expect((await s.admin('POST', '/companies/demo/snapshots/nope/restore')).status).toBe(404);
      expect((await s.admin('POST', '/companies/nobody/snapshots', { name: 'x' })).status).toBe(404);
      expect((await s.admin('POST', '/companies/demo/snapshots', { name: 'base' })).status).toBe(409);
      expect((await s.admin('POST', '/companies/demo/snapshots', { name: '../x' })).status).toBe(400);
      expect((await fetch(`${s.base}/ledgerq/admin/companies/demo/snapshots`)).status).toBe(401);
    },
    SLOW,
  );

  it(
    'keeps snapshots, data and the queue across a restart, and the CLI restores them',
    async () => {
      const before = await dumpCompany(s.db, s.catalog, 'demo');
      await s.close();
      s = await startStateServer(url);
      expect(await dumpCompany(s.db, s.catalog, 'demo')).toEqual(before);
      const list = await s.admin<{ snapshots: { name: string; rows: number }[] }>('GET', '/companies/demo/snapshots');
      expect(list.body.snapshots).toEqual([expect.objectContaining({ name: 'base', rows: rowCount(seeded) })]);
      const restore = await runCli([
        'admin',
        '--url',
        s.base,
        '--token',
        ADMIN_TOKEN,
        'snapshot',
        'restore',
        '--company',
        'demo',
        '--name',
        'base',
      ]);
      expect(restore.stderr).toBe('');
      expect(restore.code).toBe(0);
      expect(await dumpCompany(s.db, s.catalog, 'demo')).toEqual(seeded);
      expect(await dumpCompany(s.db, s.catalog, 'demo2')).toEqual(demo2);
    },
    SLOW,
  );

  it(
    'resets a demo company to its generated data; other companies stay; a snapshot can be deleted',
    async () => {
      await changeData('two');
      const reset = await s.admin('POST', '/companies/demo/reset', {});
      expect(reset.status).toBe(200);
      // Password hashes are salted afresh; everything else is the seed's.
      expect(await dumpCompany(s.db, s.catalog, 'demo', ['password_hash'])).toEqual(await maskedSeed());
      expect(await dumpCompany(s.db, s.catalog, 'demo2')).toEqual(demo2);
      const signIn = await xml('<function controlid="s"><getAPISession/></function>');
      expect(signIn.body).toContain('<status>success</status>');

      expect((await s.admin('DELETE', '/companies/demo/snapshots/base')).status).toBe(200);
      expect((await s.admin<{ snapshots: unknown[] }>('GET', '/companies/demo/snapshots')).body.snapshots).toEqual([]);
    },
    SLOW,
  );

  async function maskedSeed(): Promise<Record<string, string[]>> {
    return Object.fromEntries(
      Object.entries(seeded).map(([t, rows]) => [
        t,
        rows
          .map((r) =>
            JSON.stringify(
              (JSON.parse(r) as [string, unknown][]).map(([k, v]) => [k, k === 'password_hash' ? '*' : v]),
            ),
          )
          .sort(),
      ]),
    );
  }
});
