// Example: a node:test suite using the library API with the official SDK, one reset per test. Run by
// test/examples/node-test.test.ts as `node --import tsx --test test/examples/node-test-sdk.node.ts`; LEDGERQ_DB picks
// the database (default: SQLite in memory). A project that installed ledgerq imports from 'ledgerq' instead.

import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import * as IA from '@intacct/intacct-sdk';
import { type Ledgerq, startLedgerq } from '../../src/index.ts';
import { sdkEndpoint } from './sdk-dns.ts';

describe('vendors through the SDK (node:test)', () => {
  let lq: Ledgerq;
  let client: IA.OnlineClient;

  before(async () => {
    lq = await startLedgerq({ db: process.env.LEDGERQ_DB, workers: 0 });
    const config = new IA.ClientConfig();
    config.endpointUrl = sdkEndpoint(lq.xmlEndpoint);
    config.senderId = lq.credentials.senderId;
    config.senderPassword = lq.credentials.senderPassword;
    config.companyId = lq.credentials.companyId;
    config.userId = lq.credentials.userId;
    config.userPassword = lq.credentials.userPassword;
    client = new IA.OnlineClient(config);
  });
  after(() => lq.close());
  beforeEach(() => lq.reset());

  async function vendorIds(): Promise<string[]> {
    const q = new IA.Functions.Common.ReadByQuery();
    q.objectName = 'VENDOR';
    q.fields = ['VENDORID'];
    q.query = "VENDORID LIKE 'NT-%'";
    const res = await client.execute(q);
    return res.getResult().data.map((r) => String((r as Record<string, unknown>).VENDORID));
  }

  for (const n of [1, 2]) {
    it(`test ${n} sees only its own vendor`, async () => {
      assert.deepEqual(await vendorIds(), []);
      const v = new IA.Functions.AccountsPayable.VendorCreate();
      v.vendorId = `NT-${n}`;
      v.vendorName = `node:test ${n}`;
      (await client.execute(v)).getResult().ensureStatusSuccess();
      assert.deepEqual(await vendorIds(), [`NT-${n}`]);
    });
  }
});
