// readByQuery + readMore walks over thousands of rows: exactly once each while others insert, isolated per session and
// company, and across two processes.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findCompany } from '../../src/auth/tenancy.ts';
import type { Database } from '../../src/store/database.ts';
import { BACKENDS } from '../support/databases.ts';
import {
  gatewayDatabase,
  IA,
  rejection,
  requestConfig,
  sdkConfig,
  startGateway,
  type Gateway,
  type Login,
} from './support/gateway-harness.ts';

/** Rows put straight into ACTIVITYLOG (bulk load, as another client's writes would land); keys above anything the demo holds. */
const BASE_KEY = 1_000_000;
const ROWS = 6000;
const OBJ = { demo: 900_000, demo2: 700_000 } as const;

async function insertLogs(
  db: Database,
  companyKey: number,
  firstKey: number,
  count: number,
  objBase: number,
): Promise<void> {
  const rows = Array.from(
    { length: count },
    (_, i) => [companyKey, firstKey + i, objBase + i, `walk row ${firstKey + i}`] as const,
  );
  await db.copyRows('o_activitylog', ['company_key', 'recordno', 'obj_id', 'trail_text'], rows);
}

interface Page {
  keys: number[];
  total: number;
  remaining: number;
  resultId: string;
}

function toPage(r: IA.Xml.Response.Result): Page {
  return {
    keys: (r.data as Record<string, string>[]).map((x) => Number(x.RECORDNO)),
    total: r.totalCount,
    remaining: r.numRemaining,
    resultId: r.resultId,
  };
}

function readByQuery(condition: string, pageSize: number): IA.Functions.Common.ReadByQuery {
  const f = new IA.Functions.Common.ReadByQuery();
  f.objectName = 'ACTIVITYLOG';
  f.fields = ['RECORDNO', 'OBJ_ID'];
  f.query = new IA.Functions.Common.Query.QueryString(condition);
  f.pageSize = pageSize;
  return f;
}

function readMore(resultId: string): IA.Functions.Common.ReadMore {
  const m = new IA.Functions.Common.ReadMore();
  m.resultId = resultId;
  return m;
}

async function sessionOn(g: Gateway, login: Login = {}): Promise<IA.ClientConfig> {
  return IA.SessionProvider.factory(sdkConfig(g, login));
}

/** Walks to the end; `between` runs concurrently with each readMore (another client's writes). `clients` alternate page by page. */
async function walk(
  clients: IA.OnlineClient[],
  first: IA.Functions.IFunction,
  between: () => Promise<void> = async () => {},
): Promise<Page[]> {
  const pages = [toPage((await clients[0]!.execute(first, requestConfig())).getResult())];
  for (let i = 1; pages[pages.length - 1]!.remaining > 0; i++) {
    const client = clients[i % clients.length]!;
    const [res] = await Promise.all([client.execute(readMore(pages[0]!.resultId), requestConfig()), between()]);
    pages.push(toPage(res.getResult()));
  }
  return pages;
}

function expectEachOnce(pages: Page[], expected: number[]): void {
  const seen = pages.flatMap((p) => p.keys);
  expect(seen.length).toBe(expected.length);
  expect(new Set(seen).size).toBe(seen.length);
  expect([...seen].sort((a, b) => a - b)).toEqual(expected);
  // totalcount is fixed at the first page; numremaining counts down to 0.
  let left = pages[0]!.total;
  for (const p of pages) {
    expect(p.total).toBe(pages[0]!.total);
    left -= p.keys.length;
    expect(p.remaining).toBe(left);
  }
  expect(left).toBe(0);
}

const keys = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);

describe.each(BACKENDS)('readMore walks on %s', (backend) => {
  const { url, cleanup } = gatewayDatabase(backend);
  let g: Gateway;
  let companyKey: { demo: number; demo2: number };
  let nextKey = BASE_KEY + ROWS;

  beforeAll(async () => {
    g = await startGateway(url);
    companyKey = {
      demo: (await findCompany(g.server.db, 'demo'))!.key,
      demo2: (await findCompany(g.server.db, 'demo2'))!.key,
    };
    await insertLogs(g.server.db, companyKey.demo, BASE_KEY, ROWS, OBJ.demo);
    await insertLogs(g.server.db, companyKey.demo2, BASE_KEY, ROWS, OBJ.demo2);
  });
  afterAll(async () => {
    await g?.close();
    await cleanup();
  });

  it('a 6,000-row walk returns each row exactly once while another client inserts rows between and during pages', async () => {
    const client = new IA.OnlineClient(await sessionOn(g));
    const insertMore = async () => {
      const first = nextKey;
      nextKey += 250;
      await insertLogs(g.server.db, companyKey.demo, first, 250, OBJ.demo + (first - BASE_KEY));
    };
    const pages = await walk([client], readByQuery(`OBJ_ID >= ${OBJ.demo}`, 1000), insertMore);
    expect(pages.map((p) => p.keys.length)).toEqual([1000, 1000, 1000, 1000, 1000, 1000]);
    expectEachOnce(pages, keys(BASE_KEY, ROWS));
    // The rows inserted meanwhile are real: a new readByQuery sees them.
    const after = (await client.execute(readByQuery(`OBJ_ID >= ${OBJ.demo}`, 1), requestConfig())).getResult();
    expect(after.totalCount).toBe(nextKey - BASE_KEY);
  });

  it("concurrent walks on different sessions and companies never see each other's results", async () => {
    const [a, b, c] = await Promise.all([
      sessionOn(g),
      sessionOn(g, { userId: 'viewer', password: 'viewer' }),
      sessionOn(g, { companyId: 'demo2' }),
    ]);
    const clients = [a, b, c].map((x) => new IA.OnlineClient(x));
    const condition = `OBJ_ID >= ${OBJ.demo2} AND RECORDNO < ${BASE_KEY + ROWS}`;
    const [wa, wb, wc] = await Promise.all(clients.map((cl) => walk([cl], readByQuery(condition, 700))));
    expectEachOnce(wa!, keys(BASE_KEY, ROWS));
    expectEachOnce(wb!, keys(BASE_KEY, ROWS));
    expectEachOnce(wc!, keys(BASE_KEY, ROWS));
    expect(new Set([wa![0]!.resultId, wb![0]!.resultId, wc![0]!.resultId]).size).toBe(3);
    // A resultId is its session's alone.
    const mid = (await clients[0]!.execute(readByQuery(condition, 100), requestConfig())).getResult();
    for (const other of [clients[1]!, clients[2]!]) {
      const e = await rejection(other.execute(readMore(mid.resultId), requestConfig()));
      expect(e).toBeInstanceOf(IA.Exceptions.ResultException);
      expect(e.errors![0]).toMatch(/^BL01001973 .*invalid or expired resultId/);
    }
    // The companies' rows differ (OBJ_ID ranges), and each walk saw only its own.
    const demo2Rows = (await clients[2]!.execute(readByQuery(`OBJ_ID >= ${OBJ.demo}`, 1), requestConfig())).getResult();
    expect(demo2Rows.totalCount).toBe(0);
  });
});

describe.skipIf(!BACKENDS.includes('postgres'))('two ledgerq processes on one postgres database', () => {
  const { url, cleanup } = gatewayDatabase('postgres');
  let one: Gateway;
  let two: Gateway;
  beforeAll(async () => {
    one = await startGateway(url);
    two = await startGateway(url);
    await insertLogs(one.server.db, (await findCompany(one.server.db, 'demo'))!.key, BASE_KEY, ROWS, OBJ.demo);
  });
  afterAll(async () => {
    await one?.close();
    await two?.close();
    await cleanup();
  });

  it('on postgres a session made on one process works on the other, and a walk alternating between them returns every row once', async () => {
    const onOne = await sessionOn(one);
    const onTwo = new IA.ClientConfig();
    Object.assign(onTwo, onOne);
    onTwo.endpointUrl = two.endpoint;
    const clientOne = new IA.OnlineClient(onOne);
    const clientTwo = new IA.OnlineClient(onTwo);
    const res = await clientTwo.execute(readByQuery(`OBJ_ID >= ${OBJ.demo}`, 1), requestConfig());
    expect(res.authentication.companyId).toBe('demo');
    const pages = await walk([clientOne, clientTwo], readByQuery(`OBJ_ID >= ${OBJ.demo}`, 900));
    expect(pages.length).toBe(7);
    expectEachOnce(pages, keys(BASE_KEY, ROWS));
  });
});
