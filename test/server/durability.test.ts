// The server killed with SIGKILL in the middle of work (issue 21): a CSV import running in its workers, XML requests
// with transaction="true" and REST writes in flight. After a restart on the same database, nothing acknowledged is
// lost and nothing is applied twice: every acknowledged create is there once, every transaction is all there or not
// at all, and the import, taken over from the dead process once its lease ends, creates each row exactly once.
// The server runs as `ledgerq serve`, a process of its own (bin/ledgerq.mjs), as a user runs it.

import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/open.ts';
import { ident, p, sql } from '../../src/store/sql.ts';
import { BACKENDS, testDatabaseUrl } from '../support/databases.ts';

const BIN = fileURLToPath(new URL('../../bin/ledgerq.mjs', import.meta.url));
/** Rows of the imported file: several chunks of 1,000, so the kill lands between committed chunks. */
const IMPORT_ROWS = 20_000;
/** A killed server's jobs are taken over after this (LEDGERQ_JOB_LEASE_MS), not after the default minute. */
const LEASE_MS = 2000;
const XML_PATH = '/ia/xml/xmlgw.phtml';

interface Server {
  readonly child: ChildProcess;
  readonly url: string;
}

async function startServer(db: string, dir: string, n: number): Promise<Server> {
  const ready = join(dir, `ready-${n}`);
  const child = spawn(
    process.execPath,
    [BIN, 'serve', '--db', db, '--port', '0', '--workers', '2', '--ready-file', ready, '--log-level', 'warn'],
    {
      env: { ...process.env, LEDGERQ_JOB_LEASE_MS: String(LEASE_MS), LEDGERQ_RATE_LIMIT: '0' },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  // Waits for the URL the server writes once it listens (a first start also migrates and seeds the demo).
  while (!existsSync(ready) || readFileSync(ready, 'utf8').trim() === '') {
    if (child.exitCode !== null) throw new Error(`ledgerq serve exited with ${child.exitCode}: ${stderr}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, url: readFileSync(ready, 'utf8').trim() };
}

function kill9(s: Server): Promise<void> {
  return new Promise((resolve) => {
    if (s.child.exitCode !== null || s.child.signalCode !== null) return resolve();
    s.child.once('exit', () => resolve());
    s.child.kill('SIGKILL');
  });
}

async function accessToken(url: string): Promise<string> {
  const res = await fetch(`${url}/ia/api/v1/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      grant_type: 'client_credentials',
      client_id: 'ledgerq-demo',
      client_secret: 'ledgerq-demo',
      username: 'admin@demo',
    }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { access_token: string }).access_token;
}

const xmlRequest = (fns: string) =>
  '<?xml version="1.0" encoding="UTF-8"?><request><control><senderid>ledgerq</senderid><password>ledgerq</password>' +
  '<controlid>dur</controlid><uniqueid>false</uniqueid><dtdversion>3.0</dtdversion></control>' +
  '<operation transaction="true"><authentication><login><userid>admin</userid><companyid>demo</companyid>' +
  `<password>admin</password></login></authentication><content>${fns}</content></operation></request>`;

/** The three vendors one transaction creates. */
const txVendors = (i: number) => ['A', 'B', 'C'].map((s) => `DURTX${i}${s}`);

describe.each(BACKENDS)('SIGKILL of the server on %s', (backend) => {
  let dir: string;
  let db: { url: string; cleanup: () => Promise<void> };
  const servers: Server[] = [];

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledgerq-durability-'));
    db = testDatabaseUrl(backend);
  });
  afterAll(async () => {
    for (const s of servers) await kill9(s);
    await db?.cleanup();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('loses nothing acknowledged and applies nothing twice: CSV import, transaction="true", REST writes', async () => {
    const first = await startServer(db.url, dir, 1);
    servers.push(first);
    const auth = { authorization: `Bearer ${await accessToken(first.url)}` };

    // The import: a file of new departments, submitted before the kill (its 202 is the acknowledgment).
    const csv = `DEPARTMENTID,TITLE\n${Array.from({ length: IMPORT_ROWS }, (_, i) => `DURIMP${i},Imported ${i}`).join('\n')}\n`;
    const submitted = await fetch(`${first.url}/jobs/imports?object=DEPARTMENT`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'text/csv' },
      body: csv,
    });
    expect(submitted.status).toBe(202);
    const { jobId } = (await submitted.json()) as { jobId: string };

    // Writers that run until the server dies, remembering what was acknowledged.
    const restAcked: string[] = [];
    const restSent: string[] = [];
    const txAcked: number[] = [];
    let txSent = 0;
    let dead = false;
    const restWriter = (async () => {
      for (let i = 0; !dead; i++) {
        const id = `DURREST${i}`;
        restSent.push(id);
        try {
          const res = await fetch(`${first.url}/ia/api/v1/objects/company-config/class`, {
            method: 'POST',
            headers: { ...auth, 'content-type': 'application/json' },
            body: JSON.stringify({ id, name: `Durable ${i}` }),
          });
          if (res.status === 201) restAcked.push(id);
          else expect(res.status, await res.text()).toBe(201);
        } catch {
          return; // the connection died with the server: this write was never acknowledged
        }
      }
    })();
    const txWriter = (async () => {
      for (let i = 0; !dead; i++) {
        txSent = i + 1;
        const fns = txVendors(i)
          .map(
            (v, k) =>
              `<function controlid="c${k}"><create><VENDOR><VENDORID>${v}</VENDORID><NAME>Tx ${v}</NAME></VENDOR></create></function>`,
          )
          .join('');
        try {
          const res = await fetch(`${first.url}${XML_PATH}`, {
            method: 'POST',
            headers: { 'content-type': 'application/xml' },
            body: xmlRequest(fns),
          });
          const text = await res.text();
          expect(text, text.slice(0, 600)).not.toContain('<status>failure</status>');
          txAcked.push(i);
        } catch {
          return;
        }
      }
    })();

    // The kill: once the import has committed a chunk but not finished, and both writers have been acknowledged.
    let importedAtKill = 0;
    for (;;) {
      const res = await fetch(`${first.url}/jobs/imports/${jobId}`, { headers: auth });
      const status = (await res.json()) as { state: string; rows: { rows: number } };
      expect(status.state, 'the import finished before the kill: make the file larger').not.toBe('Delivered');
      importedAtKill = status.rows.rows;
      if (importedAtKill > 0 && restAcked.length > 0 && txAcked.length > 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    await kill9(first);
    dead = true;
    await Promise.all([restWriter, txWriter]);

    // The restart, on the same database: its workers take the import over once the dead process's lease ends.
    const second = await startServer(db.url, dir, 2);
    servers.push(second);
    const auth2 = { authorization: `Bearer ${await accessToken(second.url)}` };
    let final: { state: string; rows: Record<string, number> };
    for (;;) {
      const res = await fetch(`${second.url}/jobs/imports/${jobId}`, { headers: auth2 });
      final = (await res.json()) as typeof final;
      if (final.state === 'Delivered' || final.state === 'Failed') break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(final.state).toBe('Delivered');
    expect(final.rows).toMatchObject({ rows: IMPORT_ROWS, created: IMPORT_ROWS, updated: 0, unchanged: 0, errors: 0 });

    const d = await openDatabase(db.url);
    try {
      const [demo] = await d.all<{ company_key: number | string }>(
        sql`SELECT company_key FROM lq_company WHERE company_id = 'demo'`,
      );
      const key = Number(demo!.company_key);
      /** How many rows of the company carry each ID that starts with `prefix`. */
      const count = async (table: string, column: string, prefix: string) =>
        new Map(
          (
            await d.all<{ id: string; n: number | string }>(
              sql`SELECT ${ident(column)} AS id, COUNT(*) AS n FROM ${ident(table)}
                WHERE company_key = ${p(key)} GROUP BY ${ident(column)}`,
            )
          )
            .filter((r) => r.id.startsWith(prefix))
            .map((r) => [r.id, Number(r.n)]),
        );

      // The import: every row of the file once.
      const imported = await count('o_department', 'departmentid', 'DURIMP');
      expect(imported.size).toBe(IMPORT_ROWS);
      expect([...imported.values()].every((n) => n === 1)).toBe(true);

      // REST: every acknowledged create is there once; the one in flight at the kill is there at most once.
      const classes = await count('o_class', 'classid', 'DURREST');
      for (const id of restAcked) expect(classes.get(id), id).toBe(1);
      for (const [id, n] of classes) {
        expect(restSent, id).toContain(id);
        expect(n, id).toBe(1);
      }
      expect(classes.size - restAcked.length).toBeLessThanOrEqual(1);

      // transaction="true": each request's three vendors all there or none, and all there when acknowledged.
      const vendors = await count('o_vendor', 'vendorid', 'DURTX');
      for (let i = 0; i < txSent; i++) {
        const found = txVendors(i).map((v) => vendors.get(v) ?? 0);
        expect(found, `transaction ${i}`).toSatisfy(
          (f: number[]) => f.every((n) => n === 0) || f.every((n) => n === 1),
        );
        if (txAcked.includes(i)) expect(found, `acknowledged transaction ${i}`).toEqual([1, 1, 1]);
      }
      console.info(
        `durability on ${backend}: killed after ${restAcked.length} REST creates, ${txAcked.length} transactions and ` +
          `${importedAtKill} of ${IMPORT_ROWS} import rows; after the restart every acknowledged write is there once`,
      );
    } finally {
      await d.close();
    }
  }, 600_000);
});
