// Statements of rest-query-service.txt that refuse what Intacct refuses, each proved over real HTTP on both databases.

import { afterAll, beforeAll, describe, expect } from 'vitest';
import { BACKENDS } from '../support/databases.ts';
import { seed } from '../support/seed.ts';
import { bearer, postJson, startRestServer, token, type RestServer } from '../rest/rest-server.ts';

describe.each(BACKENDS)('rest-query-service.txt statements on %s', (backend) => {
  let s: RestServer;
  let auth: Record<string, string>;
  const query = (body: unknown) => postJson(`${s.api}/services/core/query`, body, auth);
  beforeAll(async () => {
    s = await startRestServer(backend);
    auth = bearer((await token(s.api)).access_token);
  });
  afterAll(async () => {
    await s?.close();
  });

  seed('rest-query-service.txt:815', 'All logical operators must be written in lowercase.', async () => {
    const filters = [{ $eq: { status: 'active' } }, { $eq: { status: 'inactive' } }];
    const base = { object: 'company-config/location', fields: ['key', 'id'], filters };
    const ok = await query({ ...base, filterExpression: '1 or 2' });
    expect(ok.status).toBe(200);
    expect(ok.body['ia::result'].length).toBeGreaterThan(0);
    for (const expression of ['1 OR 2', '1 Or 2', 'OR', '(1 AND 2)']) {
      const r = await query({ ...base, filterExpression: expression });
      expect(r.status).toBe(400);
      expect(r.body['ia::result']['ia::error'].errorId).toBe('parse.invalid-query');
      expect(r.body['ia::result']['ia::error'].message).toMatch(/must be written in lowercase/);
    }
  });
});
