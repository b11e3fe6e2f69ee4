// promote and cancel through the unchanged Intacct SDK: premium companies only, a company's own jobs only, all JOBIDs
// or none.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { p, sql } from '../../src/store/sql.ts';
import { BACKENDS } from '../support/databases.ts';
import { seed } from '../support/seed.ts';
import {
  errorNumbers,
  gatewayDatabase,
  IA,
  rejection,
  requestConfig,
  sdkClient,
  startGateway,
  type Gateway,
} from './support/gateway-harness.ts';

/** The seed's promote/cancel body, written by the SDK's own XML writer (the SDK has no class for these functions). */
class QueueFunction extends IA.Functions.AbstractFunction {
  constructor(
    private readonly fn: 'promote' | 'cancel',
    private readonly jobIds: readonly string[],
    /** `record`: the seed's example; `keys`: its parameter table's <object> and <keys>. */
    private readonly form: 'record' | 'keys' = 'record',
  ) {
    super('queue');
  }
  writeXml(xml: IA.Xml.IaXmlWriter): void {
    xml.writeStartElement('function');
    xml.writeAttribute('controlid', this.controlId, true);
    xml.writeStartElement(this.fn);
    if (this.form === 'keys') {
      xml.writeElement('object', 'JOBQUEUERECORD', true);
      xml.writeElement('keys', this.jobIds.join(','), true);
    } else {
      xml.writeStartElement('JOBQUEUERECORD');
      for (const id of this.jobIds) xml.writeElement('JOBID', id, true);
      xml.writeEndElement();
    }
    xml.writeEndElement();
    xml.writeEndElement();
  }
}

/** seed queue-administration: the JOBID its promote and cancel examples name, queued in company demo. */
const SEED_JOB = '6465762230WuhjPAriEFQAAG91x@AAAAAK7';

describe.each(BACKENDS)('promote and cancel through the SDK on %s', (backend) => {
  const { url, cleanup } = gatewayDatabase(backend);
  let g: Gateway;
  beforeAll(async () => {
    g = await startGateway(url);
  });
  afterAll(async () => {
    await g?.close();
    await cleanup();
  });

  const run = async (fn: 'promote' | 'cancel', ids: readonly string[], companyId = 'demo') =>
    (await sdkClient(g, { companyId }).execute(new QueueFunction(fn, ids), requestConfig())).getResult();
  const refused = (fn: 'promote' | 'cancel', ids: readonly string[], companyId = 'demo') =>
    rejection(sdkClient(g, { companyId }).execute(new QueueFunction(fn, ids), requestConfig()));

  const companyKey = async (companyId: string) =>
    (
      await g.server.db.all<{ company_key: number }>(
        sql`SELECT company_key FROM lq_company WHERE company_id = ${p(companyId)}`,
      )
    )[0]!.company_key;
  const jobs = async (companyId: string, state: string) =>
    await g.server.db.all<{ jobid: string; priority: number; timefinished: string | null }>(
      sql`SELECT jobid, priority, timefinished FROM o_jobqueuerecord WHERE company_key = ${p(await companyKey(companyId))} AND state = ${p(state)} ORDER BY jobid`,
    );
  const job = async (companyId: string, jobId: string) =>
    (
      await g.server.db.all<{ state: string; priority: number; timefinished: string | null }>(
        sql`SELECT state, priority, timefinished FROM o_jobqueuerecord WHERE company_key = ${p(await companyKey(companyId))} AND jobid = ${p(jobId)}`,
      )
    )[0]!;
  /** The order a worker claims queued jobs in: priority, then time queued. */
  const head = async (companyId: string) =>
    (
      await g.server.db.all<{ jobid: string }>(
        sql`SELECT jobid FROM o_jobqueuerecord WHERE company_key = ${p(await companyKey(companyId))} AND state = 'Queued' ORDER BY priority DESC, timequeued, jobid`,
      )
    ).map((r) => r.jobid);

  // demo has the premium service level, demo2 the standard one: promote puts demo's job first and is refused to demo2.
  seed(
    'queue-administration.txt:22',
    'If you have the right subscription (Premium Level of Service at Silver level or higher) you can cancel offline jobs or prioritize important jobs to the top of the queue.',
    async () => {
      const result = await run('promote', [SEED_JOB]);
      expect(result.status).toBe('success');
      expect(result.data.map((r: { JOBID: string }) => r.JOBID)).toEqual([SEED_JOB]);
      expect((await head('demo'))[0]).toBe(SEED_JOB);
      const before = await jobs('demo2', 'Queued');
      expect(before.length).toBeGreaterThan(0);
      expect(errorNumbers(await refused('promote', [before.at(-1)!.jobid], 'demo2'))).toEqual(['BL01001973']);
      expect(await jobs('demo2', 'Queued')).toEqual(before);
    },
  );

  // The seed's example form (<JOBQUEUERECORD><JOBID>…); several JOBIDs: the first listed first, the others right behind.
  seed(
    'queue-administration.txt:170',
    '<promote> <JOBQUEUERECORD> <JOBID>6465762230WuhjPAriEFQAAG91x@AAAAAK7</JOBID>',
    async () => {
      const [a, b] = (await jobs('demo', 'Queued')).filter((j) => j.jobid !== SEED_JOB).map((j) => j.jobid);
      await run('promote', [a!, b!]);
      expect((await head('demo')).slice(0, 3)).toEqual([a, b, SEED_JOB]);
    },
  );

  // The seed's example form: cancel ends a queued job at once, Cancelled, with its finish time.
  seed(
    'queue-administration.txt:181',
    '<cancel> <JOBQUEUERECORD> <JOBID>6465762230WuhjPAriEFQAAG91x@AAAAAK7</JOBID>',
    async () => {
      const [victim] = (await jobs('demo', 'Queued')).map((j) => j.jobid).filter((id) => id !== SEED_JOB);
      const result = await run('cancel', [victim!]);
      expect(result.status).toBe('success');
      const after = await job('demo', victim!);
      expect(after.state).toBe('Cancelled');
      expect(after.timefinished).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    },
  );

  // A job cancelled while it waited stopped waiting when it was cancelled: its wait ends at TIMEFINISHED, not "now".
  seed(
    'queue-administration.txt:99',
    'WAITINQUEUE: Time that the job has been waiting in the queue in HH:mm:ss format.',
    async () => {
      const [victim] = (await jobs('demo', 'Queued')).map((j) => j.jobid).filter((id) => id !== SEED_JOB);
      expect((await run('cancel', [victim!])).status).toBe('success');
      // As if the cancel happened 90 seconds after the job was queued, long ago.
      await g.server.db.run(sql`UPDATE o_jobqueuerecord SET timefinished = ${p('2025-01-01T00:01:30Z')}, timequeued = ${p('2025-01-01T00:00:00Z')}
      WHERE company_key = ${p(await companyKey('demo'))} AND jobid = ${p(victim!)}`);
      const read = new IA.Functions.Common.Read();
      read.objectName = 'JOBQUEUERECORD';
      read.fields = ['JOBID', 'STATE', 'WAITINQUEUE', 'ACTIVETIME'];
      // The SDK types keys as record numbers; JOBQUEUERECORD's keys are JOBIDs.
      read.keys = [victim!] as unknown as number[];
      const [record] = (await sdkClient(g).execute(read, requestConfig())).getResult().data as Record<string, string>[];
      expect(record).toMatchObject({ STATE: 'Cancelled', WAITINQUEUE: '0:01:30' });
    },
  );

  it('cancel of a running job records a stop request and leaves it In Progress until its worker stops', async () => {
    const [running] = (await jobs('demo', 'In Progress')).map((j) => j.jobid);
    await run('cancel', [running!]);
    expect((await job('demo', running!)).state).toBe('In Progress');
    const rows = await g.server.db.all<{ cancel_requested: unknown; kind: string | null }>(
      sql`SELECT cancel_requested, kind FROM lq_job WHERE job_id = ${p(running!)}`,
    );
    expect(rows).toHaveLength(1);
    expect([true, 1]).toContain(rows[0]!.cancel_requested);
    // A demo job ledgerq did not create is never claimed: its stop request has no kind.
    expect(rows[0]!.kind).toBeNull();
  });

  const cases: readonly (readonly [string, 'promote' | 'cancel', () => Promise<readonly string[]>, string, RegExp])[] =
    [
      [
        'promote of a delivered job is refused with its state',
        'promote',
        async () => [(await jobs('demo', 'Delivered'))[0]!.jobid],
        'demo',
        /BL01001973 .*it is Delivered; only Queued jobs can be promoted/,
      ],
      [
        'cancel of a failed job is refused with its state',
        'cancel',
        async () => [(await jobs('demo', 'Failed'))[0]!.jobid],
        'demo',
        /BL01001973 .*it is Failed/,
      ],
      [
        'promote of an unknown JOBID says it does not exist',
        'promote',
        async () => ['6465700000NoSuchJobAAAAAAAAAAAAAAAAA'],
        'demo',
        /BL01001973 Offline job 6465700000NoSuchJob\w+ does not exist/,
      ],
      [
        'a job of another company looks as if it did not exist',
        'cancel',
        async () => [(await jobs('demo2', 'Queued'))[0]!.jobid],
        'demo',
        /BL01001973 Offline job \S+ does not exist/,
      ],
      // seed: "If you have the right subscription (Premium Level of Service …) you can cancel offline jobs or
      // prioritize important jobs".
      [
        'promote is refused for a standard company (demo2)',
        'promote',
        async () => [(await jobs('demo2', 'Queued'))[0]!.jobid],
        'demo2',
        /BL01001973 promote needs the Premium level of service/,
      ],
      [
        'cancel is refused for a standard company (demo2)',
        'cancel',
        async () => [(await jobs('demo2', 'Queued'))[0]!.jobid],
        'demo2',
        /BL01001973 cancel needs the Premium level of service/,
      ],
    ];
  it.each(cases)('%s', async (_name, fn, ids, companyId, message) => {
    const e = await refused(fn, await ids(), companyId);
    expect(errorNumbers(e)).toContain('BL01001973');
    expect(e.errors!.join('\n')).toMatch(message);
  });

  const runKeys = async (fn: 'promote' | 'cancel', ids: readonly string[]) =>
    (await sdkClient(g).execute(new QueueFunction(fn, ids, 'keys'), requestConfig())).getResult();

  seed(
    'queue-administration.txt:178',
    'keys	Required	string	Comma-separated list of job JOBID to move to the top of the queue',
    async () => {
      const [a, b] = (await jobs('demo', 'Queued')).map((j) => j.jobid).slice(-2);
      const result = await runKeys('promote', [a!, b!]);
      expect(result.status).toBe('success');
      expect(result.data.map((r: { JOBID: string }) => r.JOBID)).toEqual([a, b]);
      expect((await head('demo')).slice(0, 2)).toEqual([a, b]);
    },
  );

  seed(
    'queue-administration.txt:189',
    'keys	Required	string	Comma-separated list of job JOBID to cancel',
    async () => {
      const [a, b] = (await jobs('demo', 'Queued')).map((j) => j.jobid).filter((id) => id !== SEED_JOB);
      const result = await runKeys('cancel', [a!, b!]);
      expect(result.status).toBe('success');
      expect((await job('demo', a!)).state).toBe('Cancelled');
      expect((await job('demo', b!)).state).toBe('Cancelled');
    },
  );

  it('one JOBID that cannot be cancelled leaves every other JOBID of the call as it was', async () => {
    const [good] = (await jobs('demo', 'Queued')).map((j) => j.jobid).filter((id) => id !== SEED_JOB);
    await refused('cancel', [good!, 'unknown-job']);
    expect((await job('demo', good!)).state).toBe('Queued');
  });

  it("demo2's queue is untouched by its refused calls", async () => {
    const before = await jobs('demo2', 'Queued');
    await refused('cancel', before.map((j) => j.jobid).slice(0, 3), 'demo2');
    expect(await jobs('demo2', 'Queued')).toEqual(before);
  });
});
