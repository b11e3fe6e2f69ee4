// User lockout, Intacct's company security policy (Sage Intacct Help, "Cannot log in": a user who exceeds the maximum
// number of login attempts is locked out until an administrator unlocks it): off unless a company sets it, so the demo
// companies never lock anyone out; when set, that many consecutive failed passwords lock the user, a success starts
// the count again, and the admin API unlocks (issue 21, docs/security.md).

import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/app/seed.ts';
import { buildCatalog } from '../../src/catalog/catalog.ts';
import { buildApp } from '../../src/server/app.ts';
import { XML_GATEWAY_PATH } from '../../src/server/xml-gateway.ts';
import { BACKENDS, createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { envelope } from './support/gateway-harness.ts';

const ADMIN = 'lockout-test-admin-token';
const LOOKUP = '<function controlid="f"><lookup><object>VENDOR</object></lookup></function>';

describe.each(BACKENDS)('user lockout on %s', (backend) => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let base: string;

  beforeAll(async () => {
    t = await createTestDatabase(backend);
    const catalog = buildCatalog();
    await seedDemo(t.db, catalog, { size: 'small', seed: 1 });
    app = buildApp({
      db: t.db,
      catalog,
      bodyLimit: 1024 * 1024,
      logger: false,
      adminToken: ADMIN,
      rateLimitPerMinute: 0,
    });
    base = await app.listen({ host: '127.0.0.1', port: 0 });
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  async function signIn(companyId: string, userId: string, password: string): Promise<string> {
    const res = await fetch(`${base}${XML_GATEWAY_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/xml' },
      body: envelope(LOOKUP, { login: { companyId, userId, password } }),
    });
    return res.text();
  }
  const succeeded = (answer: string) => /<authentication><status>success<\/status>/.test(answer);

  async function security(method: 'GET' | 'PUT', body?: unknown, company = 'demo2') {
    const res = await fetch(`${base}/ledgerq/admin/security${method === 'GET' ? `?company=${company}` : ''}`, {
      method,
      headers: { authorization: `Bearer ${ADMIN}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }

  it('is off for the demo companies: six wrong passwords in a row, and the right one still signs in', async () => {
    expect((await security('GET', undefined, 'demo')).body).toMatchObject({
      lockoutAttempts: 'off',
      lockedUsers: ['locked'],
    });
    // The sixth attempt waits its turn (the throttle's spacing, a second): paced, never locked.
    for (let i = 0; i < 6; i++) expect(succeeded(await signIn('demo', 'viewer', 'wrong'))).toBe(false);
    expect(succeeded(await signIn('demo', 'viewer', 'viewer'))).toBe(true);
  });

  it('locks a user after the set number of consecutive failures; a success starts the count again', async () => {
    expect((await security('PUT', { company: 'demo2', lockoutAttempts: 3 })).body).toMatchObject({
      lockoutAttempts: 3,
    });
    // Two failures, a success: the count starts again.
    for (let i = 0; i < 2; i++) expect(succeeded(await signIn('demo2', 'viewer', 'wrong'))).toBe(false);
    expect(succeeded(await signIn('demo2', 'viewer', 'viewer'))).toBe(true);
    for (let i = 0; i < 2; i++) expect(succeeded(await signIn('demo2', 'viewer', 'wrong'))).toBe(false);
    // The demo's user `locked` is locked by its seed (the demo contract), not by failures.
    expect((await security('GET')).body.lockedUsers).toEqual(['locked']);
    // The third in a row locks the user: now even its own password is refused.
    expect(succeeded(await signIn('demo2', 'viewer', 'wrong'))).toBe(false);
    const locked = await signIn('demo2', 'viewer', 'viewer');
    expect(succeeded(locked)).toBe(false);
    expect(locked).toMatch(/<errorno>XL03000006<\/errorno>.*locked out of company demo2/s);
    expect((await security('GET')).body.lockedUsers).toEqual(['locked', 'viewer']);
    // Other users of the company, and the same user in another company, are not affected.
    expect(succeeded(await signIn('demo2', 'admin', 'admin'))).toBe(true);
    expect(succeeded(await signIn('demo', 'viewer', 'viewer'))).toBe(true);
  });

  it('an administrator unlocks the user; turning the policy off stops counting', async () => {
    expect((await security('PUT', { company: 'demo2', unlock: ['viewer'] })).body.lockedUsers).toEqual(['locked']);
    expect(succeeded(await signIn('demo2', 'viewer', 'viewer'))).toBe(true);
    expect((await security('PUT', { company: 'demo2', unlock: ['viewer'] })).status).toBe(400);
    await security('PUT', { company: 'demo2', lockoutAttempts: 'off' });
    for (let i = 0; i < 3; i++) expect(succeeded(await signIn('demo2', 'viewer', 'wrong'))).toBe(false);
    expect(succeeded(await signIn('demo2', 'viewer', 'viewer'))).toBe(true);
  });

  it('refuses a setting that is not a whole number of attempts, and a company token', async () => {
    const bad = await security('PUT', { company: 'demo2', lockoutAttempts: 0 });
    expect(bad.status).toBe(400);
    expect((bad.body['ia::result'] as { 'ia::error': { errorId: string } })['ia::error'].errorId).toBe(
      'admin.invalid-request',
    );
    const res = await fetch(`${base}/ledgerq/admin/security?company=demo2`, {
      headers: { authorization: 'Bearer not-the-admin-token' },
    });
    expect(res.status).toBe(401);
  });
});
