// A server on a fresh demo database whose catalog has the given custom declarations (fields per transaction
// definition …), with XML helpers: for tests of configured catalogs.

import { afterAll, beforeAll, expect } from 'vitest';
import { seedDemo } from '../../src/app/seed.ts';
import { buildCatalog } from '../../src/catalog/catalog.ts';
import type { CustomDeclarations } from '../../src/catalog/raw.ts';
import { buildApp } from '../../src/server/app.ts';
import { XML_GATEWAY_PATH } from '../../src/server/xml-gateway.ts';
import { bearer, token } from '../rest/rest-server.ts';
import { envelope, postRaw, sdkParse } from '../xml/support/gateway-harness.ts';
import { type Backend, createTestDatabase, type TestDatabase } from './databases.ts';

type Rec = Record<string, string>;

export interface CustomApp {
  /** The server's base URL and a REST bearer header, set once the suite's beforeAll ran. */
  base: string;
  auth: Record<string, string>;
  /** One XML function's result, parsed by the official SDK. */
  xml(fn: string): Promise<ReturnType<ReturnType<typeof sdkParse>['getResult']>>;
  /** One XML function's rows; the function must succeed. */
  rows(fn: string): Promise<Rec[]>;
}

/** Registers the suite's setup and teardown (small demo seed 1) and returns the app they fill in. */
export function useCustomApp(backend: Backend, custom: CustomDeclarations): CustomApp {
  let t: TestDatabase | undefined;
  let close: (() => Promise<void>) | undefined;
  const app: CustomApp = {
    base: '',
    auth: {},
    async xml(fn) {
      const res = await postRaw(`${app.base}${XML_GATEWAY_PATH}`, envelope(`<function controlid="t">${fn}</function>`));
      expect(res.status).toBe(200);
      return sdkParse(res.body).getResult();
    },
    async rows(fn) {
      const r = await app.xml(fn);
      expect(r.status, String(r.errors)).toBe('success');
      return r.data as Rec[];
    },
  };
  beforeAll(async () => {
    t = await createTestDatabase(backend);
    const catalog = buildCatalog(custom);
    await seedDemo(t.db, catalog, { size: 'small', seed: 1 });
    const server = buildApp({ db: t.db, catalog, bodyLimit: 10 * 1024 * 1024, logger: false });
    app.base = await server.listen({ host: '127.0.0.1', port: 0 });
    close = () => server.close();
    app.auth = bearer((await token(`${app.base}/ia/api/v1`)).access_token);
  });
  afterAll(async () => {
    await close?.();
    await t?.drop();
  });
  return app;
}
