// The request journal: what it records (redacted, with the fault that fired), its ring per company, export, and
// `ledgerq replay` against a fresh server seeded the same way.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  appendJournal,
  readJournal,
  RESPONSE_BODY_LIMIT,
  truncateBody,
  type JournalEntry,
} from '../../src/emulator/journal-store.ts';
import { captureBody, journalBody } from '../../src/server/edge/journal.ts';
import { redactText } from '../../src/emulator/journal-redact.ts';
import { XML_GATEWAY_PATH } from '../../src/server/xml-gateway.ts';
import { BACKENDS, testDatabaseUrl } from '../support/databases.ts';
import { envelope, postRaw } from '../xml/support/gateway-harness.ts';
import { ADMIN_TOKEN, runCli, startStateServer, type StateServer } from './state-harness.ts';

/** Seeding and CLI runs (tsx start-up) are slow on a loaded 2-core machine; these cases get more than vitest's 60 s. */
const SLOW = 240_000;

describe.each(BACKENDS)('request journal and replay (%s)', (backend) => {
  const a = testDatabaseUrl(backend);
  const b = testDatabaseUrl(backend);
  const dir = mkdtempSync(join(tmpdir(), 'ledgerq-journal-'));
  let one: StateServer;
  let two: StateServer;
  const secrets: string[] = [];

  beforeAll(async () => {
    // Stands in for the fault injector (which annotates requests the same way): a header marks the request a rule fired
    // on.
    [one, two] = await Promise.all([
      startStateServer(a.url, (app) =>
        app.addHook('onRequest', async (req) => {
          if (req.headers['x-test-fault'])
            req.lq.fault = { id: 'rule-1', description: `test fault ${String(req.headers['x-test-fault'])}` };
        }),
      ),
      startStateServer(b.url),
    ]);
  }, SLOW);
  afterAll(async () => {
    await one?.close();
    await two?.close();
    await a.cleanup();
    await b.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A client session over both protocols: sessions, a readMore walk, a write, a failed login, tokens and a refresh. */
  async function session(s: StateServer): Promise<number> {
    const gw = `${s.base}${XML_GATEWAY_PATH}`;
    let n = 0;
    const xml = async (body: string) => {
      n++;
      return (await postRaw(gw, body)).body;
    };
    const signedIn = await xml(envelope('<function controlid="s"><getAPISession/></function>'));
    const sessionId = /<sessionid>([^<]+)<\/sessionid>/.exec(signedIn)![1]!;
    secrets.push(sessionId);
    await xml(
      envelope(
        '<function controlid="q"><query><object>VENDOR</object><select><field>VENDORID</field><field>NAME</field></select><pagesize>3</pagesize></query></function>',
        { sessionId },
      ),
    );
    const first = await xml(
      envelope(
        '<function controlid="r"><readByQuery><object>CUSTOMER</object><fields>CUSTOMERID,NAME</fields><query></query><pagesize>4</pagesize></readByQuery></function>',
        { sessionId },
      ),
    );
    const resultId = /resultId="([^"]+)"/.exec(first)![1]!;
    await xml(
      envelope(`<function controlid="m"><readMore><resultId>${resultId}</resultId></readMore></function>`, {
        sessionId,
      }),
    );
    await xml(
      envelope(
        '<function controlid="c"><create><DEPARTMENT><DEPARTMENTID>JR-1</DEPARTMENTID><TITLE>journal</TITLE></DEPARTMENT></create></function>',
      ),
    );
    await xml(envelope('<function controlid="x"><getAPISession/></function>', { login: { password: 'wrong' } }));

    const api = `${s.base}/ia/api/v1`;
    const form = (fields: Record<string, string>) => ({
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
    n++;
    const token = (await (
      await fetch(
        `${api}/oauth2/token`,
        form({
          grant_type: 'client_credentials',
          client_id: 'ledgerq-demo',
          client_secret: 'ledgerq-demo',
          username: 'admin@demo',
        }),
      )
    ).json()) as { access_token: string; refresh_token: string };
    secrets.push(token.access_token, token.refresh_token);
    const query = (accessToken: string, fault?: string) => {
      n++;
      return fetch(`${api}/services/core/query`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${accessToken}`,
          'content-type': 'application/json',
          ...(fault ? { 'x-test-fault': fault } : {}),
        },
        body: JSON.stringify({
          object: 'company-config/location',
          fields: ['id', 'name', 'href'],
          filters: [{ $eq: { 'parent.id': 'CA' } }],
        }),
      });
    };
    expect((await query(token.access_token, 'one')).status).toBe(200);
    n++;
    expect(
      (
        await fetch(`${api}/objects/accounts-payable/vendor?size=5`, {
          headers: { authorization: `Bearer ${token.access_token}` },
        })
      ).status,
    ).toBe(200);
    n++;
    const refreshed = (await (
      await fetch(
        `${api}/oauth2/token`,
        form({
          grant_type: 'refresh_token',
          client_id: 'ledgerq-demo',
          client_secret: 'ledgerq-demo',
          refresh_token: token.refresh_token,
        }),
      )
    ).json()) as { access_token: string };
    secrets.push(refreshed.access_token);
    expect((await query(refreshed.access_token)).status).toBe(200);
    return n;
  }

  it(
    'records each exchange of the company, redacted, with timing and the fault that fired',
    async () => {
      const sent = await session(one);
      const { status, body } = await one.admin<{ entries: JournalEntry[] }>('GET', '/journal?company=demo');
      expect(status).toBe(200);
      expect(body.entries).toHaveLength(sent);
      const text = JSON.stringify(body.entries);
      for (const secret of secrets) expect(text).not.toContain(secret);
      expect(text).not.toMatch(/<password>(admin|ledgerq|wrong)<\/password>|client_secret=ledgerq-demo/);
      expect(text).toMatch(/<sessionid>\[session:[0-9a-f]{12}\]<\/sessionid>/);
      const [first] = body.entries;
      expect(first).toMatchObject({
        method: 'POST',
        url: XML_GATEWAY_PATH,
        operation: 'xml:getAPISession',
        response: { status: 200 },
        fault: null,
      });
      expect(first!.durationMs).toBeGreaterThanOrEqual(0);
      const faulted = body.entries.filter((e) => e.fault !== null);
      expect(faulted).toHaveLength(1);
      // The operation is the fault injector's name for it when it set one (`rest:query`), else the route's.
      expect(faulted[0]).toMatchObject({
        operation: expect.stringMatching(/^rest:(query|POST \/services\/core\/query)$/),
        fault: { id: 'rule-1', description: 'test fault one' },
      });
      expect(faulted[0]!.request.headers.authorization).toMatch(/^Bearer \[token:[0-9a-f]{12}\]$/);
      // Another company's journal is its own.
      expect((await one.admin<{ entries: JournalEntry[] }>('GET', '/journal?company=demo2')).body.entries).toEqual([]);
    },
    SLOW,
  );

  it(
    'replays an export against a fresh server seeded the same way with the same responses, and reports differences',
    async () => {
      const file = join(dir, 'demo.jsonl');
      const exported = await runCli([
        'admin',
        '--url',
        one.base,
        '--token',
        ADMIN_TOKEN,
        'journal',
        '--company',
        'demo',
        '--export',
        file,
      ]);
      expect(exported.stderr).toBe('');
      const lines = readFileSync(file, 'utf8').trim().split('\n');
      expect(lines.length).toBe(11);

      const same = await runCli(['replay', file, '--url', two.base]);
      expect(same.stderr).toBe('');
      expect(same.stdout).toContain(`${lines.length} requests: ${lines.length} same, 0 different, 0 not sent`);
      expect(same.code).toBe(0);

      // Against the recording server itself the department exists now: the create answers differently, and the exit
      // code says so.
      const differs = await runCli(['replay', file, '--url', one.base, '--quiet']);
      expect(differs.code).toBe(1);
      expect(differs.stdout).toMatch(/xml:create: different/);
    },
    SLOW,
  );

  it(
    'keeps the newest N entries per company and truncates large bodies with a marker',
    async () => {
      const entry = (i: number) => ({
        company: 'ringco',
        atMs: Date.now(),
        durationMs: 1,
        method: 'POST',
        url: '/x',
        operation: 'xml:query',
        request: { headers: {}, body: `request ${i}` },
        response: { status: 200, headers: {}, body: `response ${i}` },
        fault: null,
      });
      for (let i = 1; i <= 5; i++) await appendJournal(one.db, entry(i), 3);
      expect((await readJournal(one.db, 'ringco', 100)).map((e) => e.request.body)).toEqual([
        'request 3',
        'request 4',
        'request 5',
      ]);
      expect(truncateBody('x'.repeat(10), 4)).toBe('xxxx…[truncated 6 characters]');
    },
    SLOW,
  );

  it(
    'journals an exchange holding NUL characters (which PostgreSQL text refuses) and reads it back as sent',
    async () => {
      // Found by the fuzz test on PostgreSQL: a request body with NUL made the journal's flush fail.
      const body = '<request>\u0000<control/></request>';
      await appendJournal(
        one.db,
        {
          company: 'nul\u0000co',
          atMs: Date.now(),
          durationMs: 1,
          method: 'POST',
          url: '/ia/xml/xmlgw.phtml',
          operation: 'xml:query\u0000',
          request: { headers: { 'x-a': 'b\u0000' }, body },
          response: { status: 400, headers: {}, body: 'bad \u0000 byte' },
          fault: null,
        },
        10,
      );
      const [e] = await readJournal(one.db, 'nul\u0000co', 10);
      expect(e?.request).toEqual({ headers: { 'x-a': 'b\u0000' }, body });
      expect(e?.response.body).toBe('bad \u0000 byte');
      expect(e?.operation).toBe('xml:query\u0000');
    },
    SLOW,
  );

  it('cuts a large response before redacting it, recording what redacting the whole body and cutting it would', () => {
    // A session id early and one across the 64 KiB cut; ~10 MB after it that are never copied nor scanned.
    const early = '<sessionid>early-secret-session</sessionid>';
    const across = '<sessionid>straddling-secret-session</sessionid>';
    const head = `${early}${'a'.repeat(RESPONSE_BODY_LIMIT - early.length - 20)}${across}`;
    const body = `${head}${'b'.repeat(10 * 1024 * 1024)}`;
    for (const payload of [body, Buffer.from(body, 'utf8')]) {
      const captured = captureBody(payload, RESPONSE_BODY_LIMIT);
      expect(captured.head.length).toBeLessThan(RESPONSE_BODY_LIMIT + 8192);
      expect(captured.length).toBe(body.length);
      const recorded = journalBody(captured, RESPONSE_BODY_LIMIT);
      expect(recorded).toBe(truncateBody(redactText(body).text, RESPONSE_BODY_LIMIT));
      expect(recorded).not.toMatch(/early-secret|straddlin/);
    }
  });
});
