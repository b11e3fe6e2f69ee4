// Example: a vitest suite testing an integration against ledgerq through the library API and the official SDK, with
// one reset per test (README "ledgerq in your tests"). Runs on SQLite in memory and on PostgreSQL.

import * as IA from '@intacct/intacct-sdk';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Ledgerq, startLedgerq } from '../../src/index.ts';
import { BACKENDS, testDatabaseUrl } from '../support/databases.ts';
import { sdkEndpoint } from './sdk-dns.ts';

for (const backend of BACKENDS) {
  describe(`library API with the SDK (${backend})`, () => {
    let lq: Ledgerq;
    let client: IA.OnlineClient;
    const database = backend === 'postgres' ? testDatabaseUrl('postgres') : null;

    beforeAll(async () => {
      lq = await startLedgerq({ db: database?.url, workers: 0 });
      const config = new IA.ClientConfig();
      config.endpointUrl = sdkEndpoint(lq.xmlEndpoint);
      config.senderId = lq.credentials.senderId;
      config.senderPassword = lq.credentials.senderPassword;
      config.companyId = lq.credentials.companyId;
      config.userId = lq.credentials.userId;
      config.userPassword = lq.credentials.userPassword;
      client = new IA.OnlineClient(config);
    }, 120_000);
    afterAll(async () => {
      await lq?.close();
      await database?.cleanup();
    });
    beforeEach(() => lq.reset());

    async function vendorCount(): Promise<number> {
      const q = new IA.Functions.Common.ReadByQuery();
      q.objectName = 'VENDOR';
      q.fields = ['VENDORID'];
      q.pageSize = 1;
      const res = await client.execute(q);
      return res.getResult().totalCount;
    }

    async function createVendor(id: string): Promise<void> {
      const v = new IA.Functions.AccountsPayable.VendorCreate();
      v.vendorId = id;
      v.vendorName = `Example ${id}`;
      const res = await client.execute(v);
      res.getResult().ensureStatusSuccess();
    }

    it('a test creates a vendor', async () => {
      const before = await vendorCount();
      await createVendor('EX-1');
      expect(await vendorCount()).toBe(before + 1);
    });

    it('the next test starts from the seeded data again', async () => {
      const seeded = await vendorCount();
      await createVendor('EX-1'); // the same ID again: the previous test's vendor is gone
      expect(await vendorCount()).toBe(seeded + 1);
      await lq.reset();
      expect(await vendorCount()).toBe(seeded);
    });

    it('fault rules set through the admin client go away with the reset', async () => {
      await lq.admin.faults.add({ match: 'xml:readByQuery', error: 'XL03000006' });
      await expect(vendorCount()).rejects.toThrow();
      await lq.reset();
      expect(await vendorCount()).toBeGreaterThan(0);
    });

    it('fork() gives an independent copy', async () => {
      const other = await startLedgerqFork(lq);
      try {
        await createVendor('EX-FORK');
        const res = await fetch(`${other.url}/healthz`);
        expect((await res.json()).companies).toBe(2);
      } finally {
        await other.close();
      }
    }, 120_000);
  });
}

async function startLedgerqFork(lq: Ledgerq): Promise<Ledgerq> {
  return lq.fork();
}
