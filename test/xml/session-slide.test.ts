// The lazily written sliding session timeout and the one-statement session lookup, on a real database with explicit
// clocks.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession, SESSION_TABLES, slideSession, slideSlackMs, useSession } from '../../src/auth/sessions.ts';
import { addSender, addUser, createCompany, type Company } from '../../src/auth/tenancy.ts';
import { migrate } from '../../src/store/migrate.ts';
import { ident, p, sql } from '../../src/store/sql.ts';
import { BACKENDS, createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { TENANCY_TABLES } from '../../src/auth/tenancy-tables.ts';
import { createCursor, RESULT_CURSOR_TABLES } from '../../src/protocols/xml/result-cursors.ts';

describe.each(BACKENDS)('sliding sessions on %s', (backend) => {
  let t: TestDatabase;
  let company: Company;
  const t0 = 1_800_000_000_000;
  const HOUR = 3600;

  beforeAll(async () => {
    t = await createTestDatabase(backend);
    await migrate(t.db, [...TENANCY_TABLES, ...SESSION_TABLES, ...RESULT_CURSOR_TABLES]);
    company = await createCompany(t.db, {
      companyId: 'slide',
      name: 'Slide',
      serviceLevel: 'standard',
      multiEntity: false,
    });
    await addUser(t.db, company, { userId: 'Alice', password: 'pw', role: 'admin' });
    await addUser(t.db, company, { userId: 'bob', password: 'pw', role: 'admin', status: 'locked' });
    await addSender(t.db, { senderId: 'sender1', password: 'pw' }, [company]);
    await addSender(t.db, { senderId: 'stranger', password: 'pw' }, []);
  });
  afterAll(async () => {
    await t?.drop();
  });

  const stored = async (hash: string) =>
    Number(
      (
        await t.db.all<{ expires_at: number | string }>(
          sql`SELECT expires_at FROM lq_session WHERE session_hash = ${p(hash)}`,
        )
      )[0]!.expires_at,
    );

  it('writes the deadline only when it falls behind last use + timeout, and always reports the slid values', async () => {
    const slack = slideSlackMs(HOUR);
    expect(slack).toBe(60_000);
    const { sessionId, session } = await createSession(
      t.db,
      { companyKey: company.key, userId: 'alice', entityId: null },
      t0,
      HOUR,
    );
    expect(await stored(session.hash)).toBe(t0 + HOUR * 1000 + slack);
    // Within the slack: nothing written, the answer still reports now + timeout.
    const early = await slideSession(
      t.db,
      (await useSession(t.db, sessionId, 'sender1', t0 + 30_000)).session,
      HOUR,
      t0 + 30_000,
    );
    expect(early.lastUsedAt).toBe(t0 + 30_000);
    expect(early.expiresAt).toBe(t0 + 30_000 + HOUR * 1000);
    expect(await stored(session.hash)).toBe(t0 + HOUR * 1000 + slack);
    // Past the slack: written a slack beyond the reported deadline.
    const later = t0 + slack + 1;
    const slid = await slideSession(t.db, (await useSession(t.db, sessionId, 'sender1', later)).session, HOUR, later);
    expect(slid.expiresAt).toBe(later + HOUR * 1000);
    expect(await stored(session.hash)).toBe(later + HOUR * 1000 + slack);
  });

  it('a 1 s timeout: alive up to the reported deadline, dead once it and the slack have passed', async () => {
    const { sessionId } = await createSession(
      t.db,
      { companyKey: company.key, userId: 'alice', entityId: null },
      t0,
      1,
    );
    const last = t0 + 500;
    await slideSession(t.db, (await useSession(t.db, sessionId, 'sender1', last)).session, 1, last);
    await expect(useSession(t.db, sessionId, 'sender1', last + 999)).resolves.toBeDefined();
    await expect(useSession(t.db, sessionId, 'sender1', last + 1000 + slideSlackMs(1))).rejects.toMatchObject({
      code: 'auth.invalid-session',
    });
  });

  it('a timeout shortened after sign-in (a company limit) is written at once', async () => {
    const { sessionId, session } = await createSession(
      t.db,
      { companyKey: company.key, userId: 'alice', entityId: null },
      t0,
      HOUR,
    );
    await slideSession(t.db, (await useSession(t.db, sessionId, 'sender1', t0 + 10)).session, 1, t0 + 10);
    expect(await stored(session.hash)).toBeLessThanOrEqual(t0 + 10 + 1000 + slideSlackMs(1));
    await expect(useSession(t.db, sessionId, 'sender1', t0 + 10 + 1100)).rejects.toMatchObject({
      code: 'auth.invalid-session',
    });
  });

  it('reads company, user status and sender authorization in the same lookup, fresh on every call', async () => {
    const { sessionId } = await createSession(
      t.db,
      { companyKey: company.key, userId: 'alice', entityId: null },
      t0,
      HOUR,
    );
    const found = await useSession(t.db, sessionId, 'sender1', t0 + 1);
    expect(found.company?.companyId).toBe('slide');
    expect(found.user).toEqual({ user_id: 'Alice', status: 'active', role: 'admin' });
    expect(found.senderAuthorized).toBe(true);
    expect((await useSession(t.db, sessionId, 'stranger', t0 + 1)).senderAuthorized).toBe(false);
    const locked = await createSession(t.db, { companyKey: company.key, userId: 'bob', entityId: null }, t0, HOUR);
    expect((await useSession(t.db, locked.sessionId, 'sender1', t0 + 1)).user?.status).toBe('locked');
    await t.db.run(
      sql`UPDATE lq_user SET status = ${p('locked')} WHERE company_key = ${p(company.key)} AND user_id = ${p('Alice')}`,
    );
    expect((await useSession(t.db, sessionId, 'sender1', t0 + 2)).user?.status).toBe('locked');
    await expect(useSession(t.db, 'no-such-session..', 'sender1', t0)).rejects.toMatchObject({
      code: 'auth.invalid-session',
    });
  });

  // Found by the isolation long run (`npm run test:isolation`): a request of one company swept another's expired
  // resultIds. Dead sessions and cursors go only when their own company makes new ones.
  it("sweeps only the caller's company's dead sessions and result cursors", async () => {
    const other = await createCompany(t.db, {
      companyId: 'slide2',
      name: 'Slide 2',
      serviceLevel: 'standard',
      multiEntity: false,
    });
    const count = async (table: 'lq_session' | 'lq_result_cursor', key: number) =>
      Number(
        (
          await t.db.all<{ n: number | string }>(
            sql`SELECT COUNT(*) AS n FROM ${ident(table)} WHERE company_key = ${p(key)}`,
          )
        )[0]!.n,
      );
    const cursor = (companyKey: number) => ({
      owner: `login:${companyKey}`,
      companyKey,
      object: 'VENDOR',
      request: '{}',
      keyHigh: '1',
      lastKey: '0',
      total: 2,
      returned: 1,
      pageSize: 1,
    });
    const later = t0 + 10 * HOUR * 1000;
    const before = {
      session: await count('lq_session', other.key),
      cursor: await count('lq_result_cursor', other.key),
    };
    await createSession(t.db, { companyKey: other.key, userId: 'alice', entityId: null }, t0, HOUR);
    await createCursor(t.db, cursor(other.key), t0);
    // Long after both died, the first company signs in and opens a cursor: the other's dead rows stay.
    await createSession(t.db, { companyKey: company.key, userId: 'alice', entityId: null }, later, HOUR);
    await createCursor(t.db, cursor(company.key), later);
    expect(await count('lq_session', other.key)).toBe(before.session + 1);
    expect(await count('lq_result_cursor', other.key)).toBe(before.cursor + 1);
    // The company's own new rows sweep them.
    await createSession(t.db, { companyKey: other.key, userId: 'alice', entityId: null }, later, HOUR);
    await createCursor(t.db, cursor(other.key), later);
    expect(await count('lq_session', other.key)).toBe(1);
    expect(await count('lq_result_cursor', other.key)).toBe(1);
  });
});
