// Fuzzing both endpoints: XML gateway requests generated from the function grammar and REST query bodies from the
// service's JSON shapes, valid and then mutated byte by byte. Whatever arrives, the answer is never a 5xx, always a
// well-formed Intacct success or error (protocol §4: a <response> whose control status is success or failure; REST:
// an ia::result or ia::error document), and the server keeps serving. LEDGERQ_FUZZ_RUNS sets the cases per endpoint
// and database (npm run test:fuzz runs many more); LEDGERQ_FUZZ_SEED replays a run.

import fc from 'fast-check';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { XML_GATEWAY_PATH } from '../../src/server/xml-gateway.ts';
import { BACKENDS } from '../support/databases.ts';
import { bearer, type RestServer, startRestServer, token } from '../rest/rest-server.ts';

const RUNS = Number(process.env.LEDGERQ_FUZZ_RUNS ?? 2500);
const SEED = Number(process.env.LEDGERQ_FUZZ_SEED ?? 20261204);
/** Thousands of requests on two shared cores: room for a loaded machine (a bound on hangs, not a speed check). */
const FUZZ_TIMEOUT_MS = Math.max(600_000, RUNS * 400);

// ---- values and names ---------------------------------------------------------------------------------------------

const OBJECTS = ['VENDOR', 'CUSTOMER', 'APBILL', 'APBILLITEM', 'GLACCOUNT', 'JOBQUEUERECORD', 'LOCATION', 'vendor'];
const FIELDS = ['RECORDNO', 'VENDORID', 'NAME', 'STATUS', 'STATE', 'TOTALDUE', 'WHENCREATED', 'WHENMODIFIED', 'JOBID'];
const name = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...FIELDS) },
  { weight: 1, arbitrary: fc.constantFrom('*', 'VENDOR.NAME', 'COUNT.RECORDNO', 'MEGAENTITYID', '') },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
);
const object = fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...OBJECTS) }, fc.string({ maxLength: 10 }));
const value = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.constantFrom('0', '-1', '1e309', '2026-01-31', '01/31/2026', 'true', "O'Brien", '%', '\u0000', '😀'),
  fc.integer().map(String),
  fc.double({ noNaN: false }).map(String),
);

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const tag = (t: string, inner: string) => `<${t}>${inner}</${t}>`;

// ---- the XML function grammar -------------------------------------------------------------------------------------

const COMPARISONS = ['equalto', 'notequalto', 'lessthan', 'lessthanorequalto', 'greaterthan', 'like', 'notlike'];
const filter: fc.Arbitrary<string> = fc.letrec<{ f: string }>((tie) => ({
  f: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc
      .tuple(fc.constantFrom(...COMPARISONS), name, value)
      .map(([op, f, v]) => tag(op, tag('field', esc(f)) + tag('value', esc(v)))),
    fc
      .tuple(fc.constantFrom('in', 'notin', 'between'), name, fc.array(value, { maxLength: 4 }))
      .map(([op, f, vs]) => tag(op, tag('field', esc(f)) + vs.map((v) => tag('value', esc(v))).join(''))),
    fc.tuple(fc.constantFrom('isnull', 'isnotnull'), name).map(([op, f]) => tag(op, tag('field', esc(f)))),
    fc
      .tuple(fc.constantFrom('and', 'or'), fc.array(tie('f'), { maxLength: 3 }))
      .map(([op, kids]) => tag(op, kids.join(''))),
  ),
})).f;

const query = fc
  .record(
    {
      object,
      fields: fc.array(name, { maxLength: 4 }),
      filter,
      orderby: fc.tuple(name, fc.constantFrom('ascending', 'descending')),
      pagesize: fc.integer({ min: -5, max: 3000 }),
      offset: fc.integer({ min: -5, max: 5000 }),
      caseinsensitive: fc.boolean(),
    },
    { requiredKeys: ['object'] },
  )
  .map(
    (q) =>
      `<query>${tag('object', esc(q.object))}${tag('select', (q.fields ?? []).map((f) => tag('field', esc(f))).join(''))}` +
      `${q.filter !== undefined ? tag('filter', q.filter) : ''}` +
      `${q.orderby ? tag('orderby', tag('order', `${tag('field', esc(q.orderby[0]))}<${q.orderby[1]}/>`)) : ''}` +
      `${q.pagesize !== undefined ? tag('pagesize', String(q.pagesize)) : ''}${q.offset !== undefined ? tag('offset', String(q.offset)) : ''}` +
      `${q.caseinsensitive ? tag('options', tag('caseinsensitive', 'true')) : ''}</query>`,
  );

const expression = fc
  .array(fc.tuple(name, fc.constantFrom('=', '<>', '<', '>=', 'like', 'in', 'is null', 'between'), value), {
    minLength: 1,
    maxLength: 3,
  })
  .chain((parts) =>
    fc
      .array(fc.constantFrom(' and ', ' or ', ' AND ', ') or ('), { minLength: parts.length, maxLength: parts.length })
      .map((joins) =>
        parts.map(([f, op, v], i) => `${i ? joins[i] : ''}${f} ${op} '${v.replace(/'/g, "''")}'`).join(''),
      ),
  );

const readByQuery = fc
  .tuple(
    object,
    fc.array(name, { maxLength: 3 }),
    expression,
    fc.integer({ min: -1, max: 2000 }),
    fc.constantFrom('xml', 'json', 'csv', 'yaml'),
  )
  .map(
    ([o, fs, q, n, fmt]) =>
      `<readByQuery>${tag('object', esc(o))}${tag('fields', esc(fs.join(',') || '*'))}${tag('query', esc(q))}${tag('pagesize', String(n))}${tag('returnFormat', fmt)}</readByQuery>`,
  );
const read = fc
  .tuple(object, fc.array(fc.oneof(fc.nat().map(String), value), { maxLength: 5 }), fc.array(name, { maxLength: 3 }))
  .map(
    ([o, keys, fs]) =>
      `<read>${tag('object', esc(o))}${tag('keys', esc(keys.join(',')))}${tag('fields', esc(fs.join(',') || '*'))}</read>`,
  );
const simple = fc.oneof(
  object.map((o) => `<lookup>${tag('object', esc(o))}</lookup>`),
  object.map((o) => `<inspect detail="1">${tag('object', esc(o))}</inspect>`),
  value.map((v) => `<readMore>${tag('resultId', esc(v))}</readMore>`),
  fc
    .tuple(object, value)
    .map(([o, v]) => `<readByName>${tag('object', esc(o))}${tag('keys', esc(v))}${tag('fields', '*')}</readByName>`),
);
const create = fc
  .tuple(fc.constantFrom('VENDOR', 'CUSTOMER', 'CLASS', 'NOSUCH'), fc.array(fc.tuple(name, value), { maxLength: 4 }))
  .map(
    ([o, fvs]) =>
      `<create><${o}>${fvs.map(([f, v]) => (/^[A-Z_.]+$/.test(f) ? tag(f, esc(v)) : '')).join('')}</${o}></create>`,
  );
const fn = fc.oneof(
  { weight: 4, arbitrary: query },
  { weight: 3, arbitrary: readByQuery },
  { weight: 2, arbitrary: read },
  { weight: 2, arbitrary: simple },
  { weight: 1, arbitrary: create },
);

const xmlRequest = fc
  .tuple(fc.array(fn, { minLength: 1, maxLength: 3 }), fc.boolean())
  .map(
    ([fns, transaction]) =>
      `<?xml version="1.0" encoding="UTF-8"?><request><control><senderid>ledgerq</senderid><password>ledgerq</password>` +
      '<controlid>fuzz</controlid><uniqueid>false</uniqueid><dtdversion>3.0</dtdversion></control>' +
      `<operation transaction="${transaction}"><authentication><login><userid>admin</userid><companyid>demo</companyid>` +
      `<password>admin</password></login></authentication><content>${fns
        .map((f, i) => `<function controlid="f${i}">${f}</function>`)
        .join('')}</content></operation></request>`,
  );

// ---- REST query shapes --------------------------------------------------------------------------------------------

const restField = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      'key',
      'id',
      'name',
      'status',
      'state',
      'totalDue',
      'vendor.id',
      'audit.createdDateTime',
    ),
  },
  fc.string({ maxLength: 10 }),
);
const restValue = fc.oneof(value, fc.integer(), fc.boolean(), fc.constant(null), fc.array(value, { maxLength: 3 }));
const restFilter = fc
  .tuple(
    fc.constantFrom(
      '$eq',
      '$ne',
      '$lt',
      '$lte',
      '$gt',
      '$gte',
      '$in',
      '$notIn',
      '$between',
      '$contains',
      '$startsWith',
      '$bogus',
    ),
    restField,
    restValue,
  )
  .map(([op, f, v]) => ({ [op]: { [f]: v } }));
const restBody = fc.record(
  {
    object: fc.oneof(
      {
        weight: 4,
        arbitrary: fc.constantFrom(
          'accounts-payable/vendor',
          'accounts-payable/bill',
          'general-ledger/account',
          'company-config/location',
        ),
      },
      fc.string({ maxLength: 20 }),
    ),
    fields: fc.array(restField, { maxLength: 4 }),
    filters: fc.array(restFilter, { maxLength: 3 }),
    filterExpression: fc.oneof(
      fc.constantFrom('1 and 2', '1 or (2 and 3)', '(1', '1 AND 2'),
      fc.string({ maxLength: 8 }),
    ),
    filterParameters: fc.record(
      { caseSensitiveComparison: fc.boolean(), includePrivate: fc.boolean() },
      { requiredKeys: [] },
    ),
    orderBy: fc.array(
      fc.tuple(restField, fc.constantFrom('asc', 'desc', 'sideways')).map(([f, d]) => ({ [f]: d })),
      { maxLength: 2 },
    ),
    start: fc.integer({ min: -2, max: 5000 }),
    size: fc.integer({ min: -2, max: 5000 }),
  },
  { requiredKeys: ['object'] },
);

// ---- byte-level mutations of valid requests -----------------------------------------------------------------------

type Mutation = { kind: 'flip' | 'delete' | 'insert' | 'duplicate'; at: number; len: number; byte: number };
const mutation = fc.record({
  kind: fc.constantFrom<Mutation['kind']>('flip', 'delete', 'insert', 'duplicate'),
  at: fc.nat(),
  len: fc.integer({ min: 1, max: 40 }),
  byte: fc.integer({ min: 0, max: 255 }),
});
function mutate(text: string, ms: readonly Mutation[]): Buffer {
  let b = Buffer.from(text, 'utf8');
  for (const m of ms) {
    const at = b.length === 0 ? 0 : m.at % b.length;
    if (m.kind === 'flip') b[at] = m.byte;
    else if (m.kind === 'delete') b = Buffer.concat([b.subarray(0, at), b.subarray(at + m.len)]);
    else if (m.kind === 'insert') b = Buffer.concat([b.subarray(0, at), Buffer.alloc(m.len, m.byte), b.subarray(at)]);
    else b = Buffer.concat([b.subarray(0, at + m.len), b.subarray(at)]);
  }
  return b;
}
const mutations = fc.array(mutation, { minLength: 1, maxLength: 4 });

// ---- the checks ---------------------------------------------------------------------------------------------------

const xml = new XMLParser({ ignoreAttributes: false });

/** A well-formed gateway answer: a <response> with a control status, and a status on every operation result. */
function checkXmlAnswer(status: number, contentType: string, body: string): void {
  expect(status, body.slice(0, 300)).toBeLessThan(500);
  expect(contentType).toMatch(/xml/);
  expect(XMLValidator.validate(body), body.slice(0, 300)).toBe(true);
  const doc = xml.parse(body) as { response?: { control?: { status?: string } } };
  expect(['success', 'failure']).toContain(doc.response?.control?.status);
}

function checkJsonAnswer(status: number, contentType: string, body: string): void {
  expect(status, body.slice(0, 300)).toBeLessThan(500);
  expect(contentType).toMatch(/json/);
  const doc = JSON.parse(body) as Record<string, unknown>;
  expect('ia::result' in doc || 'ia::error' in doc, body.slice(0, 300)).toBe(true);
}

async function post(url: string, body: string | Buffer, contentType: string, headers: Record<string, string> = {}) {
  const payload = typeof body === 'string' ? body : new Uint8Array(body);
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': contentType, ...headers }, body: payload });
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', body: await res.text() };
}

describe.each(BACKENDS)('fuzzing the XML gateway and the REST query service on %s', (backend) => {
  let s: RestServer;
  let auth: Record<string, string>;
  beforeAll(async () => {
    s = await startRestServer(backend, { rateLimitPerMinute: 1_000_000 });
    auth = bearer((await token(s.api)).access_token);
  });
  afterAll(async () => {
    await s?.close();
  });
  const gateway = () => `${s.url}${XML_GATEWAY_PATH}`;
  const restQuery = () => `${s.api}/services/core/query`;
  const half = Math.ceil(RUNS / 2);

  it(
    `answers ${half} generated gateway requests and ${RUNS - half} byte-mutated ones with Intacct XML, never a 5xx`,
    async () => {
      await fc.assert(
        fc.asyncProperty(xmlRequest, async (body) => {
          const r = await post(gateway(), body, 'application/xml');
          checkXmlAnswer(r.status, r.contentType, r.body);
        }),
        { numRuns: half, seed: SEED },
      );
      await fc.assert(
        fc.asyncProperty(xmlRequest, mutations, async (body, ms) => {
          const r = await post(gateway(), mutate(body, ms), 'application/xml');
          checkXmlAnswer(r.status, r.contentType, r.body);
        }),
        { numRuns: RUNS - half, seed: SEED + 1 },
      );
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    `answers ${half} generated REST queries and ${RUNS - half} byte-mutated ones with ia::result or ia::error, never a 5xx`,
    async () => {
      await fc.assert(
        fc.asyncProperty(restBody, async (body) => {
          const r = await post(restQuery(), JSON.stringify(body), 'application/json', auth);
          checkJsonAnswer(r.status, r.contentType, r.body);
        }),
        { numRuns: half, seed: SEED + 2 },
      );
      await fc.assert(
        fc.asyncProperty(restBody, mutations, async (body, ms) => {
          const r = await post(restQuery(), mutate(JSON.stringify(body), ms), 'application/json', auth);
          checkJsonAnswer(r.status, r.contentType, r.body);
        }),
        { numRuns: RUNS - half, seed: SEED + 3 },
      );
    },
    FUZZ_TIMEOUT_MS,
  );

  it('still serves a plain request after the fuzzing', async () => {
    const r = await post(
      restQuery(),
      JSON.stringify({ object: 'accounts-payable/vendor', fields: ['id'], size: 1 }),
      'application/json',
      auth,
    );
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)['ia::result']).toHaveLength(1);
  });
});
