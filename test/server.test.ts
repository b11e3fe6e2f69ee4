// The server as a user meets it: the ledgerq command starts, serves /healthz on both databases, stops cleanly, and
// keeps its data.

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { buildCatalog } from '../src/catalog/catalog.ts';
import { buildApp } from '../src/server/app.ts';
import { BACKENDS, createTestDatabase, testDatabaseUrl } from './support/databases.ts';

const BIN = new URL('../bin/ledgerq.mjs', import.meta.url).pathname;

interface Started {
  proc: ChildProcessWithoutNullStreams;
  url: string;
  output: () => string;
}

/** Runs `ledgerq serve` and resolves once it prints the URL it listens on. */
function serve(args: string[]): Promise<Started> {
  const proc = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--log-level', 'warn', ...args], {
    env: { ...process.env, LEDGERQ_CONFIG: '' },
  });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL within 60 s:\n${out}`)), 60_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ proc, url: m[1]!, output: () => out });
      }
    };
    proc.stdout.on('data', onData);
    proc.stderr.on('data', (d: Buffer) => {
      out += d.toString();
    });
    proc.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited ${code}:\n${out}`));
    });
  });
}

function stop(s: Started, signal: NodeJS.Signals = 'SIGINT'): Promise<number | null> {
  return new Promise((resolve) => {
    s.proc.removeAllListeners('exit');
    s.proc.on('exit', (code) => resolve(code));
    s.proc.kill(signal);
  });
}

describe.each(BACKENDS)('ledgerq serve on %s', (backend) => {
  const { url: dbUrl, cleanup } = testDatabaseUrl(backend);
  afterAll(cleanup);

  it('prints URL, credentials and a working command; stops on a signal; a second start keeps the data', async () => {
    const first = await serve(['--db', dbUrl]);
    const banner = first.output();
    expect(banner).toContain('user admin / password admin');
    expect(banner).toContain('sender ledgerq / ledgerq');
    expect(banner).toContain('client ledgerq-demo / secret ledgerq-demo');
    expect(banner).toContain('demo companies seeded');
    const command = /curl -s (\S+\/healthz)/.exec(banner)![1]!;
    const res = await fetch(command);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', database: backend, companies: 2, pid: expect.any(Number) });
    expect(await stop(first)).toBe(0);

    const second = await serve(['--db', dbUrl]);
    expect(second.output()).not.toContain('demo companies seeded');
    expect((await (await fetch(`${second.url}/healthz`)).json()).companies).toBe(2);
    expect(await stop(second, 'SIGTERM')).toBe(0);
  });
});

describe.each(BACKENDS)('HTTP server on %s', (backend) => {
  it('finishes a request in flight before it closes, and refuses bodies over the limit', async () => {
    const t = await createTestDatabase(backend);
    const app = buildApp({ db: t.db, catalog: buildCatalog(), bodyLimit: 1024, logger: false });
    let release!: () => void;
    let arrived!: () => void;
    const arrival = new Promise<void>((r) => (arrived = r));
    app.get('/slow', async () => {
      arrived();
      await new Promise<void>((r) => (release = r));
      return { done: true };
    });
    app.post('/echo', async (req) => req.body);
    try {
      const base = await app.listen({ host: '127.0.0.1', port: 0 });
      const big = await fetch(`${base}/echo`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ x: 'y'.repeat(2048) }),
      });
      expect(big.status).toBe(413);
      expect((await big.json())['ia::result']['ia::error']).toMatchObject({ errorId: 'limit.body-too-large' });
      const inFlight = fetch(`${base}/slow`).then((r) => r.json());
      await arrival;
      const closed = app.close();
      release();
      expect(await inFlight).toEqual({ done: true });
      await closed;
    } finally {
      await app.close();
      await t.drop();
    }
  });
});
