// Every XML example of the seed documents, sent to the gateway as written, gets a success response whose records carry
// the fields it asks for.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { p, sql } from '../../src/store/sql.ts';
import { BACKENDS } from '../support/databases.ts';
import { exampleFunctionXml, XML_EXAMPLES } from '../support/seed-examples.ts';
import { envelope, gatewayDatabase, postRaw, sdkParse, startGateway, type Gateway } from './support/gateway-harness.ts';

const examples = XML_EXAMPLES;

/** promote and cancel change the queue: they run after the reads, in the seed's order (promote, then cancel the same queued job). */
const QUEUE_FUNCTIONS = new Set(['promote', 'cancel']);

/** Seed rows whose data no demo holds (a vendor other than the one the demo has): they must succeed and may be empty. */
const MAY_BE_EMPTY = [/VENDOR List vendors with vendor IDs other than/];

/** The fields an example asks for, UPPER-CASE; null for `*`. */
function askedFields(xml: string): string[] | null {
  const select = /<select>([\s\S]*?)<\/select>/.exec(xml);
  if (select) {
    return [...select[1]!.matchAll(/<(field|count|sum|avg|min|max)>\s*([^<]+?)\s*<\/\1>/g)].map((m) =>
      (m[1] === 'field' ? m[2]! : `${m[1]!.toUpperCase()}.${m[2]!}`).toUpperCase(),
    );
  }
  const fields = /<fields>([^<]*)<\/fields>/.exec(xml)?.[1]?.trim();
  return !fields || fields === '*' ? null : fields.split(',').map((f) => f.trim().toUpperCase());
}

describe.each(BACKENDS)('seed XML examples through the gateway on %s', (backend) => {
  const { url, cleanup } = gatewayDatabase(backend);
  let g: Gateway;
  beforeAll(async () => {
    g = await startGateway(url);
  });
  afterAll(async () => {
    await g?.close();
    await cleanup();
  });

  const send = async (fnXml: string) => {
    const res = await postRaw(g.loopback, envelope(`<function controlid="seed">${fnXml}</function>`));
    expect(res.status).toBe(200);
    return sdkParse(res.body).getResult();
  };

  /** The seed's readMore examples continue an earlier readByQuery on APBILL; the second names its resultId, so that cursor is given the seed's id. */
  const prepareReadMore = async (xml: string) => {
    const first = await send(
      '<readByQuery><object>APBILL</object><fields>RECORDNO,VENDORNAME</fields><query></query><pagesize>2</pagesize></readByQuery>',
    );
    const seedId = /<resultId>([^<]+)<\/resultId>/.exec(xml)?.[1];
    if (seedId)
      await g.server.db.run(
        sql`UPDATE lq_result_cursor SET result_id = ${p(seedId)} WHERE result_id = ${p(first.resultId)}`,
      );
  };

  const runnable = examples.filter((e) => !QUEUE_FUNCTIONS.has(e.function));
  it.each(runnable.map((e) => [e.name, e] as const))('%s', async (name, example) => {
    const xml = exampleFunctionXml(example);
    if (example.function === 'readMore') await prepareReadMore(xml);
    const result = await send(xml);
    expect(result.status, String(result.errors)).toBe('success');
    if (example.function === 'lookup') {
      expect((result.data[0] as { $: { Name: string } }).$.Name).toBe(/<object>\s*([^<\s]+)/.exec(xml)![1]);
      return;
    }
    if (!MAY_BE_EMPTY.some((re) => re.test(name))) expect(result.data.length).toBeGreaterThan(0);
    // readMore continues the readByQuery prepared above, so its records carry that request's fields.
    const asked = example.function === 'readMore' ? ['RECORDNO', 'VENDORNAME'] : askedFields(xml);
    for (const record of result.data as Record<string, string>[]) {
      const keys = Object.keys(record).map((k) => k.toUpperCase());
      if (asked) expect(keys).toEqual(asked);
      else expect(keys.length).toBeGreaterThan(3);
    }
  });

  // seed queue-administration "Prioritize a Job" / "Cancel a Job": the sample JOBID is queued in company demo
  // (premium).
  it.each(examples.filter((e) => QUEUE_FUNCTIONS.has(e.function)).map((e) => [e.name, e] as const))(
    '%s',
    async (_name, example) => {
      const jobId = /<JOBID>([^<]+)<\/JOBID>/.exec(example.xml!)![1]!;
      const result = await send(example.xml!);
      expect(result.status, String(result.errors)).toBe('success');
      expect(result.data.map((r) => (r as { JOBID: string }).JOBID)).toEqual([jobId]);
      const read = await send(
        `<read><object>JOBQUEUERECORD</object><keys>${jobId}</keys><fields>STATE</fields></read>`,
      );
      expect((read.data[0] as { STATE: string }).STATE).toBe(example.function === 'cancel' ? 'Cancelled' : 'Queued');
    },
  );
});
