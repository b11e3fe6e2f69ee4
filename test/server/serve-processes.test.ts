// `ledgerq serve --processes 2` (issue 20): two server processes on one port over one database. Each check pins its
// requests to a process by holding one keep-alive connection per process (the primary hands each new connection to the
// next worker in turn), so "another process" below is a fact checked through /healthz's pid, not a hope.
// The server runs as `ledgerq serve`, a process of its own (bin/ledgerq.mjs), as a user runs it.

import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, testDatabaseUrl } from '../support/databases.ts';

const BIN = fileURLToPath(new URL('../../bin/ledgerq.mjs', import.meta.url));
const XML_PATH = '/ia/xml/xmlgw.phtml';

/** One process's connection: an agent holding a single keep-alive socket, and the pid that answers on it. */
interface Pinned {
  readonly agent: Agent;
  readonly pid: number;
}

interface Answer {
  readonly status: number;
  readonly text: string;
}

function send(url: string, agent: Agent, method: string, path: string, body?: string, headers = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, url), { method, agent, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => {
        text += d;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function pidOn(url: string, agent: Agent): Promise<number> {
  const r = await send(url, agent, 'GET', '/healthz');
  expect(r.status, r.text).toBe(200);
  return (JSON.parse(r.text) as { pid: number }).pid;
}

/**
 * Opens connections until two different processes have answered; one pinned connection for each. Keeps trying for a
 * while: on a loaded machine a replaced worker can take many seconds to start listening.
 */
async function twoProcesses(url: string): Promise<[Pinned, Pinned]> {
  const seen = new Map<number, Pinned>();
  const end = Date.now() + 60_000;
  while (seen.size < 2 && Date.now() < end) {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const pid = await pidOn(url, agent);
    if (seen.has(pid)) {
      agent.destroy();
      await new Promise((r) => setTimeout(r, 50));
    } else seen.set(pid, { agent, pid });
  }
  expect(seen.size, 'two processes answer on the one port').toBe(2);
  return [...seen.values()] as [Pinned, Pinned];
}

/** The parent pid of `pid`, from /proc (Linux). */
function parentOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitFor(what: string, ok: () => boolean | Promise<boolean>, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

// Request shapes: xml-query-and-readbyquery.txt:1151 (readByQuery with a pagesize) and :1181-1186 (readMore by the
// resultId the readByQuery answer carries); the envelope is the one every XML test sends.
const xmlRequest = (fn: string) =>
  '<?xml version="1.0" encoding="UTF-8"?><request><control><senderid>ledgerq</senderid><password>ledgerq</password>' +
  '<controlid>procs</controlid><uniqueid>false</uniqueid><dtdversion>3.0</dtdversion></control>' +
  '<operation><authentication><login><userid>admin</userid><companyid>demo</companyid>' +
  `<password>admin</password></login></authentication><content><function controlid="f1">${fn}</function></content></operation></request>`;

const XML_HEADERS = { 'content-type': 'application/xml' };
/** Requests a minute per caller for this server: the rate-limit check spends it as `viewer`, no other check comes near. */
const RATE_LIMIT = 60;
const ADMIN_TOKEN = 'processes-test-admin-token';
const asViewer = (xml: string) =>
  xml
    .replace('<userid>admin</userid>', '<userid>viewer</userid>')
    .replace('<password>admin</password>', '<password>viewer</password>');

describe.each(BACKENDS)('serve --processes 2 on %s', (backend) => {
  let dir: string;
  let db: { url: string; cleanup: () => Promise<void> };
  let child: ChildProcess;
  let url: string;
  let stderr = '';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ledgerq-processes-'));
    db = testDatabaseUrl(backend);
    const ready = join(dir, 'ready');
    child = spawn(
      process.execPath,
      [BIN, 'serve', '--db', db.url, '--port', '0', '--processes', '2', '--ready-file', ready, '--log-level', 'warn'],
      {
        env: { ...process.env, LEDGERQ_RATE_LIMIT: String(RATE_LIMIT), LEDGERQ_ADMIN_TOKEN: ADMIN_TOKEN },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    child.stderr!.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    await waitFor(
      'the ready file',
      () => {
        if (child.exitCode !== null) throw new Error(`ledgerq serve exited with ${child.exitCode}: ${stderr}`);
        return existsSync(ready) && readFileSync(ready, 'utf8').trim() !== '';
      },
      120_000,
    );
    url = readFileSync(ready, 'utf8').trim();
  }, 150_000);

  afterAll(async () => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await db?.cleanup();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('answers from two worker processes of the one primary, on one port', async () => {
    const [a, b] = await twoProcesses(url);
    expect(a.pid).not.toBe(b.pid);
    for (const p of [a, b]) {
      expect(p.pid).not.toBe(child.pid);
      expect(parentOf(p.pid)).toBe(child.pid);
    }
    a.agent.destroy();
    b.agent.destroy();
  });

  it('continues a readByQuery with readMore on the other process', async () => {
    const [a, b] = await twoProcesses(url);
    const first = await send(
      url,
      a.agent,
      'POST',
      XML_PATH,
      xmlRequest(
        '<readByQuery><object>VENDOR</object><fields>VENDORID</fields><query></query><pagesize>3</pagesize></readByQuery>',
      ),
      XML_HEADERS,
    );
    expect(first.text).toContain('<status>success</status>');
    const resultId = /<data [^>]*resultId="([^"]+)"/.exec(first.text)?.[1];
    expect(resultId, first.text.slice(0, 800)).toBeTruthy();
    const firstIds = [...first.text.matchAll(/<VENDORID>([^<]*)<\/VENDORID>/g)].map((m) => m[1]);
    expect(firstIds).toHaveLength(3);

    const more = await send(
      url,
      b.agent,
      'POST',
      XML_PATH,
      xmlRequest(`<readMore><resultId>${resultId}</resultId></readMore>`),
      XML_HEADERS,
    );
    expect(more.text, more.text.slice(0, 800)).toContain('<status>success</status>');
    const moreIds = [...more.text.matchAll(/<VENDORID>([^<]*)<\/VENDORID>/g)].map((m) => m[1]);
    expect(moreIds).toHaveLength(3);
    // The next page: none of the first page's rows again, and in key order after them.
    for (const id of moreIds) expect(firstIds).not.toContain(id);
    expect(more.text).toMatch(/<data [^>]*numremaining="\d+"/);
    // Same process answered neither by accident: the pins still hold.
    expect(await pidOn(url, a.agent)).toBe(a.pid);
    expect(await pidOn(url, b.agent)).toBe(b.pid);
    a.agent.destroy();
    b.agent.destroy();
  });

  it('shows a write made in one process to a read in the other, and takes concurrent writes from both', async () => {
    const [a, b] = await twoProcesses(url);
    const create = (p: Pinned, id: string) =>
      send(
        url,
        p.agent,
        'POST',
        XML_PATH,
        xmlRequest(`<create><VENDOR><VENDORID>${id}</VENDORID><NAME>Process ${id}</NAME></VENDOR></create>`),
        XML_HEADERS,
      );
    const made = await create(a, 'PROCA1');
    expect(made.text, made.text.slice(0, 800)).toContain('<status>success</status>');
    const read = await send(
      url,
      b.agent,
      'POST',
      XML_PATH,
      xmlRequest(
        "<readByQuery><object>VENDOR</object><fields>VENDORID,NAME</fields><query>VENDORID = 'PROCA1'</query><pagesize>10</pagesize></readByQuery>",
      ),
      XML_HEADERS,
    );
    expect(read.text).toContain('<NAME>Process PROCA1</NAME>');

    // Writers in both processes at once (eight new connections, handed out in turn): none is refused (SQLite waits for the write
    // lock, PostgreSQL for its row locks), and every vendor is there after.
    const agents = Array.from({ length: 8 }, () => ({ agent: new Agent({ keepAlive: true, maxSockets: 1 }) }));
    const answers = await Promise.all(
      agents.map(async ({ agent }, i) => {
        const out: Answer[] = [];
        for (let k = 0; k < 5; k++) out.push(await create({ agent, pid: 0 }, `PROCW${i}X${k}`));
        return out;
      }),
    );
    for (const r of answers.flat()) expect(r.text, r.text.slice(0, 800)).toContain('<status>success</status>');
    const all = await send(
      url,
      a.agent,
      'POST',
      XML_PATH,
      xmlRequest(
        "<readByQuery><object>VENDOR</object><fields>VENDORID</fields><query>VENDORID LIKE 'PROCW%'</query><pagesize>1000</pagesize></readByQuery>",
      ),
      XML_HEADERS,
    );
    expect(all.text).toMatch(/<data [^>]*totalcount="40"/);
    for (const { agent } of agents) agent.destroy();
    a.agent.destroy();
    b.agent.destroy();
  });

  it('counts the rate limit once for both processes', async () => {
    const [a, b] = await twoProcesses(url);
    const query = asViewer(
      xmlRequest(
        '<readByQuery><object>VENDOR</object><fields>VENDORID</fields><query></query><pagesize>1</pagesize></readByQuery>',
      ),
    );
    // The window is a calendar minute. A run starts with at least 15 s of its minute left; one that still crosses into
    // the next minute has spent part of that minute's allowance, so the retry waits for a fresh minute.
    const untilNextMinute = () => 60_000 - (Date.now() % 60_000);
    const freshMinute = () => new Promise((resolve) => setTimeout(resolve, untilNextMinute() + 50));
    if (untilNextMinute() < 15_000) await freshMinute();
    for (;;) {
      const minute = Math.floor(Date.now() / 60_000);
      const statuses: number[] = [];
      // Alternating, so each process alone sees only half the allowance spent.
      for (let i = 0; i < RATE_LIMIT + 4; i++)
        statuses.push((await send(url, i % 2 ? b.agent : a.agent, 'POST', XML_PATH, query, XML_HEADERS)).status);
      if (Math.floor(Date.now() / 60_000) !== minute) {
        await freshMinute();
        continue;
      }
      expect(statuses.filter((s) => s === 200)).toHaveLength(RATE_LIMIT);
      expect(statuses.slice(RATE_LIMIT).every((s) => s === 429)).toBe(true);
      break;
    }
    a.agent.destroy();
    b.agent.destroy();
  }, 180_000);

  it("shows one process's journal entries to an admin read in the other at once", async () => {
    const [a, b] = await twoProcesses(url);
    const mark = `journal-${Date.now()}`;
    const r = await send(
      url,
      a.agent,
      'POST',
      XML_PATH,
      xmlRequest(
        '<readByQuery><object>VENDOR</object><fields>VENDORID</fields><query></query><pagesize>1</pagesize></readByQuery>',
      ).replace('controlid="f1"', `controlid="${mark}"`),
      XML_HEADERS,
    );
    expect(r.text).toContain('<status>success</status>');
    // No wait for the 200 ms write-behind: the read has the other process write what it holds first.
    const journal = await send(url, b.agent, 'GET', '/ledgerq/admin/journal?company=demo&limit=50', undefined, {
      authorization: `Bearer ${ADMIN_TOKEN}`,
    });
    expect(journal.status, journal.text.slice(0, 300)).toBe(200);
    expect(journal.text).toContain(mark);
    a.agent.destroy();
    b.agent.destroy();
  });

  it('replaces a worker process that is killed', async () => {
    const [a, b] = await twoProcesses(url);
    a.agent.destroy();
    b.agent.destroy();
    process.kill(a.pid, 'SIGKILL');
    await waitFor('the killed process to go', () => !alive(a.pid));
    // Its replacement: a new child of the primary answering on the same port, beside the survivor.
    await waitFor(
      'a replacement process',
      async () => {
        const pids = new Set<number>();
        for (let i = 0; i < 6; i++) {
          const agent = new Agent({ keepAlive: false });
          try {
            pids.add(await pidOn(url, agent));
          } catch {
            // a connection handed to a process that was dying: try another
          } finally {
            agent.destroy();
          }
        }
        return pids.size === 2 && pids.has(b.pid) && !pids.has(a.pid);
      },
      90_000,
    );
  }, 120_000);

  it('stops every process on SIGTERM', async () => {
    const [a, b] = await twoProcesses(url);
    a.agent.destroy();
    b.agent.destroy();
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    await waitFor('the worker processes to exit', () => !alive(a.pid) && !alive(b.pid), 30_000);
    expect(stderr).not.toMatch(/error/i);
  }, 120_000);
});
