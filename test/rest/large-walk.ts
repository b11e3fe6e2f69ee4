// The million-row paging walk (too slow for npm test): follows `next` at size 4,000 over every bill of the large demo,
// checks each row comes once, then walks back with `previous`.
//
//   npx tsx test/rest/large-walk.ts --db sqlite:./data/large.db --seed   # seeds the large demo first
//   npx tsx test/rest/large-walk.ts --db postgres://postgres@127.0.0.1/ledgerq_large

import { buildCatalog } from '../../src/catalog/catalog.ts';
import { loadConfig } from '../../src/app/config.ts';
import { openDatabase } from '../../src/store/open.ts';
import { startServer } from '../../src/server/serve.ts';
import { walkNext, walkPrevious } from './walk-pages.ts';
import { seedDemo } from '../../src/app/seed.ts';

const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const dbUrl = flag('--db') ?? 'sqlite:./data/large.db';
const size = Number(flag('--size') ?? 4000);
const object = flag('--object') ?? 'accounts-payable/bill';

if (args.includes('--seed')) {
  const db = await openDatabase(dbUrl);
  try {
    const s = await seedDemo(db, buildCatalog(), { size: 'large', seed: 1 });
    console.log(
      `seeded the large demo in ${(s.millis / 1000).toFixed(1)} s: ${s.rows.APBILL?.toLocaleString('en-US')} bills`,
    );
  } finally {
    await db.close();
  }
}

const server = await startServer(loadConfig({ db: dbUrl, port: 0 }, {}), { seedDemo: false, logger: false });
try {
  const api = `${server.url}/ia/api/v1`;
  const tokenRes = await fetch(`${api}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      grant_type: 'client_credentials',
      client_id: 'ledgerq-demo',
      client_secret: 'ledgerq-demo',
      username: 'admin@demo',
    }),
  });
  const { access_token } = (await tokenRes.json()) as { access_token: string };
  const auth = { authorization: `Bearer ${access_token}` };
  // includePrivate: the top level of demo hides the private entity PRIV's bills (about 15%); the walk covers them all.
  const body = { object, fields: ['key', 'id', 'href'], filterParameters: { includePrivate: true } };
  const url = `${api}/services/core/query`;

  const forward = await walkNext(url, auth, body, size);
  const distinct = new Set(forward.keys).size;
  console.log(
    `${server.db.displayUrl} ${object}: next from 1, size ${size}: ${forward.pages} pages, ${forward.keys.length.toLocaleString('en-US')} rows (${distinct.toLocaleString('en-US')} distinct) of totalCount ${forward.totalCount.toLocaleString('en-US')} in ${(forward.millis / 1000).toFixed(1)} s`,
  );
  const back = await walkPrevious(url, auth, body, size, forward.lastStart);
  const same = back.keys.length === forward.keys.length && back.keys.every((k, i) => k === forward.keys[i]);
  console.log(
    `previous from ${forward.lastStart}: ${back.pages} pages, ${back.keys.length.toLocaleString('en-US')} rows, ${same ? 'the same rows in the same order' : 'DIFFERENT rows'} in ${(back.millis / 1000).toFixed(1)} s`,
  );
  const ok =
    distinct === forward.keys.length &&
    forward.keys.length === forward.totalCount &&
    forward.totalCount >= 1_000_000 &&
    same;
  console.log(ok ? 'OK: every row once, both ways' : 'FAILED');
  process.exitCode = ok ? 0 : 1;
} finally {
  await server.close();
}
