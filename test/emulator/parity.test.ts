// Record/replay parity (issue 22): `ledgerq record` in front of a ledgerq upstream, then `ledgerq replay --compare`
// against a second ledgerq seeded the same way. An identical upstream gives an empty report; an upstream with an
// injected error, a changed element order or changed data gives a report that finds each and classes it.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JournalEntry } from '../../src/emulator/journal-store.ts';
import { buildParityReport, parityFails, type ParityReport } from '../../src/cli/parity-report.ts';
import { replayJournal } from '../../src/cli/replay-journal.ts';
import { importRecording } from '../../src/cli/import-recording.ts';
import { startRecordProxy, type RecordProxy } from '../../src/server/record-proxy.ts';
import { XML_GATEWAY_PATH } from '../../src/server/xml-gateway.ts';
import { BACKENDS, testDatabaseUrl } from '../support/databases.ts';
import { envelope, postRaw } from '../xml/support/gateway-harness.ts';
import { exampleFunctionXml, REST_EXAMPLES, restBodies, XML_EXAMPLES } from '../support/seed-examples.ts';
import { runCli, startStateServer, type StateServer } from './state-harness.ts';

const SLOW = 240_000;

const readRecording = (file: string): JournalEntry[] =>
  readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as JournalEntry);

/** Where the test's upstream changes its answers: a header asks it to swap two fields in each record it sends. */
function reorderFields(payload: unknown): unknown {
  if (typeof payload !== 'string') return payload;
  return payload
    .replace(/<VENDORID>([^<]*)<\/VENDORID><NAME>([^<]*)<\/NAME>/g, '<NAME>$2</NAME><VENDORID>$1</VENDORID>')
    .replace(/"id":("[^"]*"),"name":("[^"]*")/g, '"name":$2,"id":$1');
}

describe.each(BACKENDS)('record and replay --compare (%s)', (backend) => {
  const a = testDatabaseUrl(backend);
  const b = testDatabaseUrl(backend);
  const dir = mkdtempSync(join(tmpdir(), 'ledgerq-parity-'));
  let upstream: StateServer;
  let target: StateServer;

  beforeAll(async () => {
    [upstream, target] = await Promise.all([
      startStateServer(a.url, (app) =>
        app.addHook('onSend', async (req, _reply, payload) =>
          req.headers['x-test-reorder'] ? reorderFields(payload) : payload,
        ),
      ),
      startStateServer(b.url),
    ]);
  }, SLOW);
  afterAll(async () => {
    await upstream?.close();
    await target?.close();
    await a.cleanup();
    await b.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A client through the proxy: XML with a session, REST with a token. */
  async function client(proxy: RecordProxy) {
    const gw = `${proxy.url}${XML_GATEWAY_PATH}`;
    const signedIn = (await postRaw(gw, envelope('<function controlid="s"><getAPISession/></function>'))).body;
    const sessionId = /<sessionid>([^<]+)<\/sessionid>/.exec(signedIn)![1]!;
    const endpoint = /<endpoint>([^<]+)<\/endpoint>/.exec(signedIn)![1]!;
    const api = `${proxy.url}/ia/api/v1`;
    const token = (await (
      await fetch(`${api}/oauth2/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'grant_type=client_credentials&client_id=ledgerq-demo&client_secret=ledgerq-demo&username=admin@demo',
      })
    ).json()) as { access_token: string };
    return {
      sessionId,
      endpoint,
      xml: (fn: string, headers: Record<string, string> = {}) =>
        fetch(gw, {
          method: 'POST',
          headers: { 'content-type': 'application/xml', ...headers },
          body: envelope(`<function controlid="f">${fn}</function>`, { sessionId }),
        }).then((r) => r.text()),
      rest: (body: unknown, headers: Record<string, string> = {}) =>
        fetch(`${api}/services/core/query`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${token.access_token}`,
            'content-type': 'application/json',
            ...headers,
          },
          body: JSON.stringify(body),
        }).then(async (r) => ({ status: r.status, text: await r.text() })),
    };
  }

  const vendorQuery =
    '<query><object>VENDOR</object><select><field>VENDORID</field><field>NAME</field></select><orderby><order><field>VENDORID</field></order></orderby><pagesize>5</pagesize></query>';
  const vendorRest = {
    object: 'accounts-payable/vendor',
    fields: ['id', 'name'],
    orderBy: [{ id: 'asc' }],
    size: 5,
  };

  it(
    'records the seed examples through the proxy, redacted, and replays them against a second ledgerq with an empty report',
    async () => {
      const out = join(dir, 'seed-examples.jsonl');
      const proxy = await startRecordProxy({ upstream: upstream.base, out });
      const c = await client(proxy);
      // The session's endpoint is moved to the proxy, so an SDK that follows it stays recorded.
      expect(c.endpoint).toBe(`${proxy.url}${XML_GATEWAY_PATH}`);
      for (const e of XML_EXAMPLES) await c.xml(exampleFunctionXml(e, 20));
      for (const e of REST_EXAMPLES) for (const body of restBodies(e)) await c.rest(body);
      await proxy.close();

      const entries = readRecording(out);
      expect(entries).toHaveLength(2 + XML_EXAMPLES.length + REST_EXAMPLES.flatMap(restBodies).length);
      const text = readFileSync(out, 'utf8');
      expect(text).not.toContain(c.sessionId);
      expect(text).not.toMatch(/<password>(admin|ledgerq)<\/password>|client_secret=ledgerq-demo|"access_token":"[^[]/);
      // The same session is the same alias in every request, and the company follows it.
      const aliases = new Set(entries.slice(2, 10).map((e) => /<sessionid>([^<]+)</.exec(e.request.body)?.[1]));
      expect([...aliases]).toEqual([expect.stringMatching(/^\[session:[0-9a-f]{12}\]$/)]);
      expect(entries.every((e) => e.company === 'demo')).toBe(true);

      const report = join(dir, 'seed-report');
      const run = await runCli(['replay', out, '--compare', '--url', target.base, '--report', report]);
      expect(run.stderr).toBe('');
      expect(run.stdout).toContain('no differences');
      expect(run.code).toBe(0);
      const parity = JSON.parse(readFileSync(join(report, 'parity.json'), 'utf8')) as ParityReport;
      expect(parity.counts).toEqual({ same: entries.length, data: 0, behaviour: 0, 'not-compared': 0 });
      expect(readFileSync(join(report, 'parity.html'), 'utf8')).toContain('No differences.');
    },
    SLOW,
  );

  it(
    'finds an injected error, a changed element order and a status as behaviour, and changed records as data',
    async () => {
      const out = join(dir, 'variations.jsonl');
      const proxy = await startRecordProxy({ upstream: upstream.base, out });
      const c = await client(proxy);
      await c.xml(vendorQuery); // 3: unchanged
      const fault = await upstream.admin<{ id: string }>('POST', '/faults', {
        match: 'xml:readByQuery',
        error: 'BL01001973',
      });
      await c.xml(
        '<readByQuery><object>CUSTOMER</object><fields>CUSTOMERID</fields><query></query><pagesize>3</pagesize></readByQuery>',
      ); // 4: error
      await upstream.admin('DELETE', `/faults/${fault.body.id}`);
      await c.xml(vendorQuery, { 'x-test-reorder': '1' }); // 5: element order
      expect((await c.rest(vendorRest, { 'x-test-reorder': '1' })).status).toBe(200); // 6: member order
      const unavailable = await upstream.admin<{ id: string }>('POST', '/faults', { match: 'rest:query', status: 503 });
      expect((await c.rest(vendorRest)).status).toBe(503); // 7: status
      await upstream.admin('DELETE', `/faults/${unavailable.body.id}`);
      // The upstream's data changes (written directly, not through the proxy): the same query differs only in data.
      const firstVendor = /<VENDORID>([^<]+)<\/VENDORID>/.exec(await c.xml(vendorQuery))![1]!;
      await postRaw(
        `${upstream.base}${XML_GATEWAY_PATH}`,
        envelope(
          `<function controlid="u"><update><VENDOR><VENDORID>${firstVendor}</VENDORID><NAME>Renamed upstream</NAME></VENDOR></update></function>`,
        ),
      );
      await c.xml(vendorQuery); // 9: data
      await proxy.close();
      expect(readRecording(out)).toHaveLength(9);

      const report = join(dir, 'variations-report');
      const run = await runCli(['replay', out, '--compare', '--url', target.base, '--report', report]);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(1);
      const parity = JSON.parse(readFileSync(join(report, 'parity.json'), 'utf8')) as ParityReport;
      const verdicts = parity.exchanges.map((x) => x.verdict);
      expect(verdicts).toEqual([
        'same',
        'same',
        'same',
        'behaviour',
        'behaviour',
        'behaviour',
        'behaviour',
        'same',
        'data',
      ]);
      const kinds = (i: number) => [...new Set(parity.exchanges[i]!.differences.map((d) => d.kind))].sort();
      expect(kinds(3)).toContain('error');
      expect(parity.exchanges[3]!.differences).toContainEqual(
        expect.objectContaining({
          kind: 'error',
          expected: expect.stringContaining('BL01001973'),
          actual: '(missing)',
        }),
      );
      expect(kinds(4)).toEqual(['element-order']);
      expect(parity.exchanges[4]!.differences[0]).toMatchObject({
        expected: 'NAME, VENDORID',
        actual: 'VENDORID, NAME',
      });
      expect(kinds(5)).toEqual(['element-order']);
      expect(kinds(6)).toContain('status');
      expect(parity.exchanges[8]!.differences).toEqual([
        expect.objectContaining({ kind: 'value', expected: 'Renamed upstream' }),
      ]);
      expect(parity.kinds.find((k) => k.kind === 'element-order')).toMatchObject({ behaviour: true, exchanges: 2 });
      const text = readFileSync(join(report, 'parity.txt'), 'utf8');
      expect(text).toMatch(/behaviour differences by kind:\n(.*\n)*\s+element-order\s+2 in 2 exchanges/);
      expect(text).toMatch(/data differences by kind:\n\s+value\s+1 in 1 exchanges/);
      const html = readFileSync(join(report, 'parity.html'), 'utf8');
      expect(html).toContain('class="del"');
      expect(html).toContain('&lt;NAME&gt;');
    },
    SLOW,
  );

  it(
    'records upstream timeouts and dropped connections as such, streams a large answer whole and records its head',
    async () => {
      const out = join(dir, 'failures.jsonl');
      const proxy = await startRecordProxy({ upstream: upstream.base, out, bodyLimit: 20_000 });
      const c = await client(proxy);
      const gatewayCall = (base: string, fn: string) =>
        fetch(`${base}${XML_GATEWAY_PATH}`, {
          method: 'POST',
          headers: { 'content-type': 'application/xml' },
          body: envelope(`<function controlid="f">${fn}</function>`, { sessionId: c.sessionId }),
        });
      // A second proxy that waits 300 ms for the upstream, for one request the upstream delays by 3 s.
      const impatientOut = join(dir, 'timeout.jsonl');
      const impatient = await startRecordProxy({ upstream: upstream.base, out: impatientOut, timeoutMs: 300 });
      const slow = await upstream.admin<{ id: string }>('POST', '/faults', { match: 'xml:lookup', delay: '3s' });
      const timedOut = await gatewayCall(impatient.url, '<lookup><object>VENDOR</object></lookup>');
      expect(timedOut.status).toBe(504);
      expect(await timedOut.text()).toMatch(/upstream timed out after 300 ms/);
      await upstream.admin('DELETE', `/faults/${slow.body.id}`);
      await impatient.close();
      const [late] = readRecording(impatientOut);
      expect(late).toMatchObject({
        response: { status: 504 },
        fault: { id: 'upstream', description: 'upstream timed out after 300 ms' },
      });

      const drop = await upstream.admin<{ id: string }>('POST', '/faults', { match: 'xml:read', drop: true });
      const dropped = await gatewayCall(
        proxy.url,
        '<read><object>VENDOR</object><keys>1</keys><fields>*</fields></read>',
      );
      expect(dropped.status).toBe(502);
      await upstream.admin('DELETE', `/faults/${drop.body.id}`);
      // The proxy still serves after the failure; this answer is far over the recording's body limit.
      const big = await c.xml(
        '<readByQuery><object>APBILL</object><fields>*</fields><query></query><pagesize>200</pagesize></readByQuery>',
      );
      expect(big.length).toBeGreaterThan(100_000);
      expect(big.trimEnd()).toMatch(/<\/response>$/);
      expect(big.match(/<apbill>/g)).toHaveLength(200);
      await proxy.close();

      const entries = readRecording(out);
      expect(entries.map((e) => [e.response.status, e.fault?.id ?? null])).toEqual([
        [200, null],
        [200, null],
        [502, 'upstream'],
        [200, null],
      ]);
      expect(entries[2]!.fault!.description).toMatch(/^upstream error: /);
      const recorded = entries[3]!.response.body;
      expect(recorded).toMatch(/…\[truncated \d+ characters\]$/);
      expect(big.startsWith(recorded.slice(0, 1000))).toBe(true);

      // Replay skips what the upstream never answered, and compares the truncated answer on its recorded head.
      const summary = await replayJournal(entries, target.base);
      const report = buildParityReport(out, target.base, entries, summary.outcomes);
      expect(report.exchanges.map((x) => x.verdict)).toEqual(['same', 'same', 'not-compared', 'same']);
      expect(parityFails(report)).toBe(false);
    },
    SLOW,
  );

  it(
    'imports the records a recording saw into a company, after which the replay finds no difference',
    async () => {
      // The upstream's data drifts from the target's: one vendor renamed there.
      const second = /<VENDORID>([^<]+)<\/VENDORID>/g;
      const listed = (
        await postRaw(
          `${upstream.base}${XML_GATEWAY_PATH}`,
          envelope(`<function controlid="q">${vendorQuery}</function>`),
        )
      ).body;
      const vendorId = [...listed.matchAll(second)][1]![1]!;
      await postRaw(
        `${upstream.base}${XML_GATEWAY_PATH}`,
        envelope(
          `<function controlid="u"><update><VENDOR><VENDORID>${vendorId}</VENDORID><NAME>Renamed for import</NAME></VENDOR></update></function>`,
        ),
      );
      const out = join(dir, 'reads.jsonl');
      const proxy = await startRecordProxy({ upstream: upstream.base, out });
      const c = await client(proxy);
      await c.xml(
        '<readByQuery><object>VENDOR</object><fields>*</fields><query></query><pagesize>1000</pagesize></readByQuery>',
      );
      expect((await c.rest(vendorRest)).status).toBe(200);
      await proxy.close();
      const entries = readRecording(out);

      const before = buildParityReport(out, target.base, entries, (await replayJournal(entries, target.base)).outcomes);
      expect(before.exchanges.map((x) => x.verdict)).toEqual(['same', 'same', 'data', 'data']);

      const summary = await importRecording(target.db, target.catalog, 'demo', entries, { replace: false });
      expect(summary.written.VENDOR).toBeGreaterThan(50);
      expect(summary.skipped).toEqual({});
      const after = buildParityReport(out, target.base, entries, (await replayJournal(entries, target.base)).outcomes);
      expect(after.exchanges.flatMap((x) => x.differences)).toEqual([]);
    },
    SLOW,
  );
});
