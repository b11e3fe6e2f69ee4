// The sign-in cache (issue 20): two servers on one database, each with its own connection (its own SQLite connection
// and data_version, its own PostgreSQL pool and LISTEN connection), as two processes would have. A session or token is
// used on B, changed through A, and B refuses it or applies the change: polled with a generous deadline, never timed
// (bench/sign-in-propagation.ts measures how fast). And a request with a live session or token runs no sign-in
// statement once its facts are cached.

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { desiredSchema } from '../../src/app/schema.ts';
import { deleteCompany, findCompany } from '../../src/auth/tenancy.ts';
import { buildCatalog } from '../../src/catalog/catalog.ts';
import { type RunningServer, startServer } from '../../src/server/serve.ts';
import { type Sql, sql } from '../../src/store/sql.ts';
import { BACKENDS, testDatabaseUrl } from '../support/databases.ts';
import { envelope, testConfig } from '../xml/support/gateway-harness.ts';

const ADMIN = 'sign-in-cache-admin-token';
const DEADLINE_MS = 10_000;
const QUERY =
  '<function controlid="q"><query><object>VENDOR</object><select><field>VENDORID</field></select><pagesize>1</pagesize></query></function>';

/** Polls `probe` until it returns true or the deadline passes; the last probe's value is the answer. */
async function eventually(probe: () => Promise<boolean>): Promise<boolean> {
  const until = Date.now() + DEADLINE_MS;
  for (;;) {
    if (await probe()) return true;
    if (Date.now() > until) return false;
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe.each(BACKENDS)('sign-in cache on %s', (backend) => {
  let a: RunningServer;
  let b: RunningServer;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    const d = testDatabaseUrl(backend);
    cleanup = d.cleanup;
    a = await startServer(testConfig(d.url), { logger: false, adminToken: ADMIN });
    b = await startServer(testConfig(d.url), { logger: false, adminToken: ADMIN, seedDemo: false });
  }, 180_000);
  afterAll(async () => {
    await b?.close();
    await a?.close();
    await cleanup?.();
  });

  const xml = async (s: RunningServer, body: string) =>
    (
      await fetch(`${s.url}/ia/xml/xmlgw.phtml`, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/xml' },
      })
    ).text();
  const signedIn = (answer: string) => /<authentication><status>success<\/status>/.test(answer);

  async function session(s: RunningServer, companyId: string, userId: string, password: string): Promise<string> {
    const answer = await xml(
      s,
      envelope('<function controlid="s"><getAPISession/></function>', { login: { companyId, userId, password } }),
    );
    const id = /<sessionid>([^<]+)<\/sessionid>/.exec(answer)?.[1];
    if (!id) throw new Error(`no session: ${answer}`);
    return id;
  }

  async function token(s: RunningServer, username: string): Promise<string> {
    const res = await fetch(`${s.url}/ia/api/v1/oauth2/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: 'ledgerq-demo',
        client_secret: 'ledgerq-demo',
        username,
      }),
    });
    return ((await res.json()) as { access_token: string }).access_token;
  }

  async function restQuery(s: RunningServer, accessToken: string): Promise<{ status: number; rows: number }> {
    const res = await fetch(`${s.url}/ia/api/v1/services/core/query`, {
      method: 'POST',
      headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ object: 'accounts-payable/vendor', fields: ['id'] }),
    });
    const body = (await res.json()) as { 'ia::result': unknown[] };
    return { status: res.status, rows: res.status === 200 ? body['ia::result'].length : 0 };
  }

  async function admin(s: RunningServer, method: string, path: string, body?: unknown): Promise<number> {
    const res = await fetch(`${s.url}/ledgerq/admin${path}`, {
      method,
      headers: { authorization: `Bearer ${ADMIN}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    await res.arrayBuffer();
    return res.status;
  }

  it('a user locked through A is refused by B on its cached session; unlocked, B accepts it again', async () => {
    const id = await session(b, 'demo2', 'viewer', 'viewer');
    const onB = async () => signedIn(await xml(b, envelope(QUERY, { sessionId: id })));
    expect(await onB()).toBe(true);
    expect(await onB()).toBe(true);
    // One failed password locks the viewer (the company's lockout policy, set through A).
    expect(await admin(a, 'PUT', '/security', { company: 'demo2', lockoutAttempts: 1 })).toBe(200);
    const wrong = envelope(QUERY, { login: { companyId: 'demo2', userId: 'viewer', password: 'x' } });
    expect(signedIn(await xml(a, wrong))).toBe(false);
    expect(await eventually(async () => !(await onB()))).toBe(true);
    expect(await admin(a, 'PUT', '/security', { company: 'demo2', unlock: ['viewer'], lockoutAttempts: 'off' })).toBe(
      200,
    );
    expect(await eventually(onB)).toBe(true);
  });

  it('a token revoked through A is refused by B', async () => {
    const t = await token(b, 'admin@demo');
    expect((await restQuery(b, t)).status).toBe(200);
    const res = await fetch(`${a.url}/ia/api/v1/oauth2/revoke`, {
      method: 'POST',
      body: new URLSearchParams({ token: t, client_id: 'ledgerq-demo', client_secret: 'ledgerq-demo' }),
    });
    expect(res.status).toBe(200);
    expect(await eventually(async () => (await restQuery(b, t)).status === 401)).toBe(true);
  });

  it('a limit changed through A applies on B', async () => {
    const t = await token(b, 'admin@demo2');
    const rows = (await restQuery(b, t)).rows;
    expect(rows).toBeGreaterThan(3);
    expect(await admin(a, 'PUT', '/limits', { company: 'demo2', set: { 'page-default-rest': 3 } })).toBe(200);
    expect(await eventually(async () => (await restQuery(b, t)).rows === 3)).toBe(true);
    expect(await admin(a, 'PUT', '/limits', { company: 'demo2', reset: ['page-default-rest'] })).toBe(200);
    expect(await eventually(async () => (await restQuery(b, t)).rows === rows)).toBe(true);
  });

  it("a snapshot restored through A brings back the user B's session belongs to", async () => {
    const id = await session(b, 'demo', 'viewer', 'viewer');
    const onB = async () => signedIn(await xml(b, envelope(QUERY, { sessionId: id })));
    expect(await onB()).toBe(true);
    expect(await admin(a, 'POST', '/companies/demo/snapshots', { name: 'before-lock' })).toBe(201);
    await admin(a, 'PUT', '/security', { company: 'demo', lockoutAttempts: 1 });
    await xml(a, envelope(QUERY, { login: { companyId: 'demo', userId: 'viewer', password: 'x' } }));
    await admin(a, 'PUT', '/security', { company: 'demo', lockoutAttempts: 'off' });
    expect(await eventually(async () => !(await onB()))).toBe(true);
    expect(await admin(a, 'POST', '/companies/demo/snapshots/before-lock/restore')).toBe(200);
    expect(await eventually(onB)).toBe(true);
  });

  it('a request with a live session or token runs no sign-in statement once cached; a write in the same server is seen at once', async () => {
    const id = await session(b, 'demo', 'admin', 'admin');
    const t = await token(b, 'admin@demo');
    const seen: string[] = [];
    const db = b.db;
    const record = (q: Sql) => {
      seen.push(q.render(db.dialect).text);
    };
    const realAll = db.all.bind(db);
    const realRun = db.run.bind(db);
    const all = vi.spyOn(db, 'all').mockImplementation(((q: Sql) => {
      record(q);
      return realAll(q);
    }) as typeof db.all);
    const run = vi.spyOn(db, 'run').mockImplementation((q: Sql) => {
      record(q);
      return realRun(q);
    });
    try {
      const signInStatements = () =>
        seen.filter((s) =>
          /\b(lq_session|lq_oauth_token|lq_user|lq_entity|lq_sender|lq_sender_company|lq_company|lq_company_setting|lq_fault_rule|lq_login_failure)\b/.test(
            s,
          ),
        );
      // Warm: the first use of each reads its facts.
      expect(signedIn(await xml(b, envelope(QUERY, { sessionId: id })))).toBe(true);
      expect((await restQuery(b, t)).status).toBe(200);
      seen.length = 0;
      for (let i = 0; i < 5; i++) {
        expect(signedIn(await xml(b, envelope(QUERY, { sessionId: id })))).toBe(true);
        expect((await restQuery(b, t)).status).toBe(200);
      }
      // The queries themselves went through the spy: it sees the statements the requests ran.
      expect(seen.some((s) => /\bo_vendor\b/.test(s))).toBe(true);
      expect(signInStatements()).toEqual([]);
      // A lock written through B's own connection is seen by B's very next request, no waiting.
      await realRun(
        sql`UPDATE lq_user SET status = 'locked' WHERE user_id = 'admin' AND company_key = (SELECT company_key FROM lq_company WHERE company_id = 'demo')`,
      );
      expect(signedIn(await xml(b, envelope(QUERY, { sessionId: id })))).toBe(false);
      expect((await restQuery(b, t)).status).toBe(401);
      await realRun(
        sql`UPDATE lq_user SET status = 'active' WHERE user_id = 'admin' AND company_key = (SELECT company_key FROM lq_company WHERE company_id = 'demo')`,
      );
      expect(signedIn(await xml(b, envelope(QUERY, { sessionId: id })))).toBe(true);
    } finally {
      all.mockRestore();
      run.mockRestore();
    }
  });

  it('a company deleted through A is gone for B', async () => {
    const t = await token(b, 'admin@demo2');
    expect((await restQuery(b, t)).status).toBe(200);
    const company = await findCompany(a.db, 'demo2');
    await deleteCompany(a.db, desiredSchema(buildCatalog()), company!);
    expect(await eventually(async () => (await restQuery(b, t)).status === 401)).toBe(true);
  });
});
