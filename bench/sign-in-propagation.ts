// How fast a sign-in change made through one `ledgerq serve` process reaches another on the same database (issue 20):
// two real processes, a token used on B, then through A a limit flipped (page-default-rest) or the token revoked, and B
// polled back to back until it answers the change. Prints the latency of each kind per database.
//
//   npx tsx bench/sign-in-propagation.ts [--db sqlite|postgres|both] [--trials 20] [--pg postgres://…/postgres]

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';

const ROOT = new URL('..', import.meta.url).pathname;
const ADMIN = 'sign-in-propagation-bench';
const { values } = parseArgs({
  options: {
    db: { type: 'string', default: 'both' },
    trials: { type: 'string', default: '20' },
    pg: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
  },
});
const TRIALS = Number(values.trials);

interface Serve {
  readonly url: string;
  readonly child: ChildProcess;
}

async function serve(db: string, dir: string, name: string): Promise<Serve> {
  const ready = join(dir, `${name}.url`);
  const child = spawn(
    process.execPath,
    [join(ROOT, 'bin/ledgerq.mjs'), 'serve', '--db', db, '--port', '0', '--ready-file', ready],
    {
      cwd: ROOT,
      env: { ...process.env, LEDGERQ_ADMIN_TOKEN: ADMIN, LEDGERQ_RATE_LIMIT: '0', LEDGERQ_LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const until = Date.now() + 180_000;
  while (!existsSync(ready) || readFileSync(ready, 'utf8').trim() === '') {
    if (child.exitCode !== null) throw new Error(`ledgerq serve (${name}) exited with ${child.exitCode}`);
    if (Date.now() > until) throw new Error(`ledgerq serve (${name}) did not start`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url: readFileSync(ready, 'utf8').trim().replace(/\/+$/, ''), child };
}

async function stop(s: Serve): Promise<void> {
  if (s.child.exitCode !== null) return;
  const done = new Promise((r) => s.child.once('exit', r));
  s.child.kill('SIGTERM');
  await done;
}

async function token(s: Serve): Promise<string> {
  const res = await fetch(`${s.url}/ia/api/v1/oauth2/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: 'ledgerq-demo',
      client_secret: 'ledgerq-demo',
      username: 'admin@demo',
    }),
  });
  return ((await res.json()) as { access_token: string }).access_token;
}

async function query(s: Serve, t: string): Promise<{ status: number; rows: number }> {
  const res = await fetch(`${s.url}/ia/api/v1/services/core/query`, {
    method: 'POST',
    headers: { authorization: `Bearer ${t}`, 'content-type': 'application/json' },
    body: JSON.stringify({ object: 'accounts-payable/vendor', fields: ['id'] }),
  });
  const body = (await res.json()) as { 'ia::result': unknown[] };
  return { status: res.status, rows: res.status === 200 ? body['ia::result'].length : 0 };
}

async function admin(s: Serve, method: string, path: string, body: unknown): Promise<void> {
  const res = await fetch(`${s.url}/ledgerq/admin${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
}

/** Milliseconds from the end of A's change to B's first answer showing it (B polled back to back). */
async function propagation(change: () => Promise<void>, seen: () => Promise<boolean>): Promise<number> {
  await change();
  const t0 = performance.now();
  while (!(await seen())) if (performance.now() - t0 > 10_000) throw new Error('no propagation within 10 s');
  return performance.now() - t0;
}

const pct = (xs: number[], q: number) =>
  [...xs].sort((x, y) => x - y)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;
const fmt = (xs: number[]) =>
  `p50 ${pct(xs, 0.5).toFixed(1)} ms, p90 ${pct(xs, 0.9).toFixed(1)} ms, max ${Math.max(...xs).toFixed(1)} ms`;

async function run(backend: 'sqlite' | 'postgres'): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'ledgerq-propagation-'));
  const pgName = `ledgerq_bench_propagation_${process.pid}`;
  let db = `sqlite:${join(dir, 'bench.db')}`;
  if (backend === 'postgres') {
    const u = new URL(values.pg!);
    u.pathname = `/${pgName}`;
    db = u.toString();
  }
  const a = await serve(db, dir, 'a');
  const b = await serve(db, dir, 'b');
  try {
    const limits: number[] = [];
    const revokes: number[] = [];
    const t = await token(b);
    for (let i = 0; i < TRIALS; i++) {
      const size = 3 + (i % 2);
      limits.push(
        await propagation(
          () => admin(a, 'PUT', '/limits', { company: 'demo', set: { 'page-default-rest': size } }),
          async () => (await query(b, t)).rows === size,
        ),
      );
      const r = await token(a);
      if ((await query(b, r)).status !== 200) throw new Error('a fresh token was refused');
      revokes.push(
        await propagation(
          async () => {
            await fetch(`${a.url}/ia/api/v1/oauth2/revoke`, {
              method: 'POST',
              body: new URLSearchParams({ token: r, client_id: 'ledgerq-demo', client_secret: 'ledgerq-demo' }),
            });
          },
          async () => (await query(b, r)).status === 401,
        ),
      );
    }
    await admin(a, 'PUT', '/limits', { company: 'demo', reset: ['page-default-rest'] });
    console.log(`${backend}: limit changed on A, applied by B (${TRIALS} trials): ${fmt(limits)}`);
    console.log(`${backend}: token revoked on A, refused by B (${TRIALS} trials): ${fmt(revokes)}`);
  } finally {
    await stop(b);
    await stop(a);
    rmSync(dir, { recursive: true, force: true });
    if (backend === 'postgres') {
      const c = new pg.Client({ connectionString: values.pg });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${pgName}" WITH (FORCE)`);
      await c.end();
    }
  }
}

for (const backend of values.db === 'both' ? (['sqlite', 'postgres'] as const) : [values.db as 'sqlite' | 'postgres'])
  await run(backend);
