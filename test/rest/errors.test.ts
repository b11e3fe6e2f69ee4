// The REST error table: one case per kind of bad request, each with its HTTP status, error id and message, in the REST
// error shape, never a stack trace.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../support/databases.ts';
import {
  bearer,
  getJson,
  postJson,
  startRestServer,
  token,
  type JsonResponse,
  type RestServer,
} from './rest-server.ts';

const LOC = { object: 'company-config/location', fields: ['key', 'id'] };
const q = (extra: Record<string, unknown>) => ({ ...LOC, ...extra });

type Request = { readonly post: unknown } | { readonly get: string } | { readonly raw: string };

/** [rule, request, status, errorId, message, target (the field or filter named in details)] */
const CASES: readonly (readonly [string, Request, number, string, RegExp, string | null])[] = [
  // parse: the body
  [
    'malformed JSON is 400',
    { raw: '{"object": "company-config/location", ' },
    400,
    'parse.malformed-json',
    /not valid JSON/,
    'body',
  ],
  ['an empty body is 400', { raw: '' }, 400, 'parse.malformed-json', /empty/, 'body'],
  [
    'a body over the size limit is 413',
    { raw: JSON.stringify({ ...LOC, filters: [{ $eq: { name: 'x'.repeat(70_000) } }] }) },
    413,
    'limit.body-too-large',
    /larger than the server's limit/,
    'body',
  ],
  ['a body that is not an object or array is 400', { post: 'hello' }, 400, 'parse.invalid-query', /JSON object/, null],
  [
    'a missing object is 400',
    { post: { fields: ['key'] } },
    400,
    'parse.invalid-query',
    /"object" is required/,
    'object',
  ],
  [
    'object of the wrong type is 400',
    { post: { object: 42, fields: ['key'] } },
    400,
    'parse.invalid-query',
    /"object" is required/,
    'object',
  ],
  [
    'missing fields is 400',
    { post: { object: 'company-config/location' } },
    400,
    'parse.invalid-query',
    /"fields" is required/,
    'fields',
  ],
  [
    'fields that are not strings is 400',
    { post: q({ fields: ['key', 7] }) },
    400,
    'parse.invalid-query',
    /"fields" is required/,
    'fields',
  ],
  [
    'an unknown query property is 400',
    { post: q({ limit: 5 }) },
    400,
    'parse.invalid-query',
    /unknown query property "limit"/,
    'limit',
  ],
  [
    'an unknown operator is 400, naming the filter',
    { post: q({ filters: [{ $like: { id: 'L%' } }] }) },
    400,
    'parse.invalid-query',
    /\$like is not an operator/,
    null,
  ],
  [
    'a filter with two fields is 400',
    { post: q({ filters: [{ $eq: { id: 'LAS', name: 'x' } }] }) },
    400,
    'parse.invalid-query',
    /takes one field/,
    null,
  ],
  [
    'a filter value that is an object is 400',
    { post: q({ filters: [{ $eq: { id: { x: 1 } } }] }) },
    400,
    'parse.invalid-query',
    /a value must be a string, number, boolean or null/,
    'id',
  ],
  [
    '$in without an array is 400',
    { post: q({ filters: [{ $in: { id: 'LAS' } }] }) },
    400,
    'parse.invalid-query',
    /takes an array/,
    'id',
  ],
  [
    '$between with three values is 400',
    { post: q({ filters: [{ $between: { startDate: ['2020-01-01', '2021-01-01', '2022-01-01'] } }] }) },
    400,
    'bind.value-count',
    /exactly two values/,
    'startDate',
  ],
  [
    'more than 1,000 $in values is 400',
    { post: q({ filters: [{ $in: { id: Array.from({ length: 1001 }, (_, i) => `L${i}`) } }] }) },
    400,
    'limit.too-many-values',
    /at most 1000 values/,
    'id',
  ],
  [
    'a malformed filterExpression is 400',
    { post: q({ filters: [{ $eq: { id: 'LAS' } }, { $eq: { id: 'SDI' } }], filterExpression: '(1 or 2' }) },
    400,
    'parse.invalid-query',
    /not closed/,
    'filterExpression',
  ],
  [
    'a filterExpression naming a missing filter is 400',
    { post: q({ filters: [{ $eq: { id: 'LAS' } }, { $eq: { id: 'SDI' } }], filterExpression: '1 or 3' }) },
    400,
    'parse.invalid-query',
    /refers to filter 3, but there are 2 filters/,
    'filterExpression',
  ],
  [
    'a filterExpression leaving a filter out is 400',
    { post: q({ filters: [{ $eq: { id: 'LAS' } }, { $eq: { id: 'SDI' } }], filterExpression: '1' }) },
    400,
    'parse.invalid-query',
    /does not use filter 2/,
    'filterExpression',
  ],
  [
    'a filterExpression of the wrong type is 400',
    { post: q({ filters: [{ $eq: { id: 'LAS' } }], filterExpression: 1 }) },
    400,
    'parse.invalid-query',
    /must be a string/,
    'filterExpression',
  ],
  [
    'an orderBy direction other than asc/desc is 400',
    { post: q({ orderBy: [{ id: 'up' }] }) },
    400,
    'parse.invalid-query',
    /"asc" or "desc"/,
    'id',
  ],
  [
    'an unknown aggregate function is 400',
    { post: q({ fields: ['median:key'] }) },
    400,
    'parse.invalid-query',
    /median is not an aggregate function/,
    'median:key',
  ],
  [
    'an unknown filter parameter is 400',
    { post: q({ filterParameters: { showPrivate: true } }) },
    400,
    'parse.invalid-query',
    /unknown filter parameter "showPrivate"/,
    'showPrivate',
  ],
  [
    'caseSensitiveComparison that is not boolean is 400',
    { post: q({ filterParameters: { caseSensitiveComparison: 'maybe' } }) },
    400,
    'parse.invalid-query',
    /must be true or false/,
    'caseSensitiveComparison',
  ],
  [
    'an asOfDate that is not yyyy-mm-dd is 400',
    { post: q({ filterParameters: { asOfDate: '03/31/2025' } }) },
    400,
    'parse.invalid-query',
    /asOfDate must be a date yyyy-mm-dd/,
    'asOfDate',
  ],
  // limits: paging
  [
    'size over 4,000 is 400 (seed: "The maximum number of records … is 4,000")',
    { post: q({ size: 4001 }) },
    400,
    'limit.out-of-range',
    /size must be an integer from 1 to 4000/,
    'size',
  ],
  ['size 0 is 400', { post: q({ size: 0 }) }, 400, 'limit.out-of-range', /size must be an integer from 1/, 'size'],
  [
    'start 0 is 400 (start is 1-based)',
    { post: q({ start: 0 }) },
    400,
    'limit.out-of-range',
    /start must be an integer from 1/,
    'start',
  ],
  [
    'start that is not a number is 400',
    { post: q({ start: 'ten' }) },
    400,
    'limit.out-of-range',
    /start must be an integer/,
    'start',
  ],
  ['an empty batch is 400', { post: [] }, 400, 'parse.invalid-query', /non-empty array/, 'body'],
  [
    'a batch over 100 queries is 400',
    { post: Array.from({ length: 101 }, () => LOC) },
    400,
    'limit.out-of-range',
    /at most 100 queries/,
    'body',
  ],
  // bind: names
  [
    'an unknown object is 404',
    { post: { object: 'accounts-payable/vendors', fields: ['key'] } },
    404,
    'bind.unknown-object',
    /accounts-payable\/vendors is not a known object/,
    'accounts-payable/vendors',
  ],
  [
    'an unknown field is 400 with suggestions',
    { post: q({ fields: ['key', 'nmae'] }) },
    400,
    'bind.unknown-field',
    /nmae is not a field of LOCATION; nearest: name/,
    'nmae',
  ],
  [
    'an unknown field in a filter is 400',
    { post: q({ filters: [{ $eq: { 'parent.idd': 'CA' } }] }) },
    400,
    'bind.unknown-field',
    /parent\.idd is not a field/,
    'parent.idd',
  ],
  [
    'an unknown field in orderBy is 400',
    { post: q({ orderBy: [{ stardDate: 'asc' }] }) },
    400,
    'bind.unknown-field',
    /stardDate is not a field/,
    'stardDate',
  ],
  [
    'a second hierarchical hop is 400 (parent.parent.id is one hop and a local field)',
    { post: q({ fields: ['parent.parent.parent.id'] }) },
    400,
    'bind.hierarchy-depth',
    /only one hierarchical relationship/,
    'parent.parent.parent.id',
  ],
  [
    'quotes and -- in a field name are just an unknown name',
    { post: q({ fields: ['id"; DROP TABLE o_location; --'] }) },
    400,
    'bind.unknown-field',
    /is not a field of LOCATION/,
    'id"; DROP TABLE o_location; --',
  ],
  // refused, though well-formed (422)
  [
    'href in filters is 422 (seed FAQ)',
    { post: q({ filters: [{ $eq: { href: '/objects/company-config/location/60' } }] }) },
    422,
    'bind.not-allowed',
    /href cannot be used in filters or orderBy/,
    'href',
  ],
  [
    'href in orderBy is 422 (seed FAQ)',
    { post: q({ orderBy: [{ href: 'asc' }] }) },
    422,
    'bind.not-allowed',
    /href cannot be used in filters or orderBy/,
    'href',
  ],
  [
    '* in fields is 400 (seed FAQ: "does not support the use of an asterisk")',
    { post: q({ fields: ['*'] }) },
    400,
    'parse.invalid-query',
    /"\*" is not supported/,
    '*',
  ],
  [
    'an owned collection is 422 (seed FAQ: "cannot query journal entry lines for a specific journal entry")',
    { post: { object: 'general-ledger/journal-entry', fields: ['key', 'lines.id'] } },
    422,
    'bind.collection-path',
    /lines is a one-to-many collection/,
    'lines.id',
  ],
  [
    'a date that is not a date is 422',
    { post: q({ filters: [{ $eq: { startDate: '2025-02-30' } }] }) },
    422,
    'bind.invalid-value',
    /"2025-02-30" is not a valid value for startDate: expected a date yyyy-mm-dd or a date macro/,
    'startDate',
  ],
  [
    'an enum value that does not exist is 422',
    // The values are the OpenAPI's (spec/company-configuration.json objects.company-config.location status).
    { post: q({ filters: [{ $eq: { status: 'dormant' } }] }) },
    422,
    'bind.invalid-value',
    /expected one of active, activeNonPosting, inactive/,
    'status',
  ],
  [
    'sum of a text field is 422',
    { post: q({ fields: ['sum:name'] }) },
    422,
    'bind.not-allowed',
    /sum needs a numeric field/,
    'name',
  ],
  [
    'href with aggregates is 400',
    { post: q({ fields: ['count:key', 'href'] }) },
    400,
    'parse.invalid-query',
    /cannot be combined with aggregate/,
    'href',
  ],
  // other endpoints
  [
    'an unknown REST path is 404',
    { get: '/services/core/nothing' },
    404,
    'bind.unknown-record',
    /is not an endpoint of the REST API/,
    null,
  ],
  [
    'reading an unknown object is 404',
    { get: '/objects/company-config/planet' },
    404,
    'bind.unknown-object',
    /company-config\/planet is not a known object/,
    'company-config/planet',
  ],
  [
    'reading a missing record is 404',
    { get: '/objects/company-config/location/999999' },
    404,
    'bind.unknown-record',
    /has no record with key 999999/,
    'key',
  ],
  [
    'reading a non-numeric key is 404',
    { get: '/objects/company-config/location/LAS' },
    404,
    'bind.unknown-record',
    /has no record with key LAS/,
    'key',
  ],
  [
    'the model of an unknown object is 404',
    { get: '/services/core/model?name=company-config/planet' },
    404,
    'bind.unknown-object',
    /is not a known object/,
    'company-config/planet',
  ],
  [
    'the model without a name is 400',
    { get: '/services/core/model' },
    400,
    'parse.invalid-query',
    /name is required/,
    'name',
  ],
  [
    'a list page size that is not a number is 400',
    { get: '/objects/company-config/location?size=lots' },
    400,
    'limit.out-of-range',
    /size must be a positive integer/,
    'size',
  ],
];

function expectRestError(
  r: JsonResponse,
  status: number,
  errorId: string,
  message: RegExp,
  target: string | null,
): void {
  expect(r.status, JSON.stringify(r.body)).toBe(status);
  expect(Object.keys(r.body)).toEqual(['ia::result', 'ia::meta']);
  const e = r.body['ia::result']['ia::error'];
  expect(Object.keys(e)).toEqual(['code', 'message', 'errorId', 'details']);
  expect(e.errorId).toBe(errorId);
  expect(e.message).toMatch(message);
  expect(e.details[0]).toMatchObject({ code: errorId, message: e.message, ...(target === null ? {} : { target }) });
  expect(r.body['ia::meta']).toEqual({ totalCount: 1, totalSuccess: 0, totalError: 1 });
  // Never internals: no stack frames or source paths on the wire.
  expect(JSON.stringify(r.body)).not.toMatch(/\bat .+:\d+:\d+|\.ts\b|node_modules/);
}

describe.each(BACKENDS)('REST error table on %s', (backend) => {
  let s: RestServer;
  let auth: Record<string, string>;
  beforeAll(async () => {
    // A 64 KiB body limit, so the too-large case stays small.
    s = await startRestServer(backend, { rateLimitPerMinute: 0, bodyLimit: 64 * 1024 });
    auth = bearer((await token(s.api)).access_token);
  });
  afterAll(async () => {
    await s?.close();
  });

  it.each(CASES.map((c) => [c[0], c] as const))('%s', async (_rule, [, req, status, errorId, message, target]) => {
    let r: JsonResponse;
    if ('get' in req) r = await getJson(`${s.api}${req.get}`, auth);
    else if ('raw' in req) r = await postJson(`${s.api}/services/core/query`, req.raw, auth);
    else r = await postJson(`${s.api}/services/core/query`, JSON.stringify(req.post), auth);
    expectRestError(r, status, errorId, message, target);
  });

  it('one failing query of a batch does not fail the others (seed §Querying multiple objects)', async () => {
    const r = await postJson(
      `${s.api}/services/core/query`,
      [LOC, { object: 'company-config/location', fields: ['nmae'] }, { ...LOC, size: 1 }],
      auth,
    );
    expect(r.status).toBe(200);
    expect(r.body['ia::meta']).toEqual({ totalCount: 3, totalSuccess: 2, totalError: 1 });
    const [ok, failed, small] = r.body['ia::result'];
    expect(ok['ia::meta'].totalCount).toBeGreaterThan(1);
    expectRestError(
      { status: 400, headers: r.headers, body: failed },
      400,
      'bind.unknown-field',
      /nmae is not a field/,
      'nmae',
    );
    expect(small['ia::result']).toHaveLength(1);
  });

  it('bodies are JSON whatever their content type says (curl -d sends form-urlencoded)', async () => {
    const r = await fetch(`${s.api}/services/core/query`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/x-www-form-urlencoded' },
      body: JSON.stringify(LOC),
    });
    expect(r.status).toBe(200);
  });

  it('too many requests is 429 with Retry-After, in the REST error shape', async () => {
    const limited = await startRestServer(backend, { t: s.t, rateLimitPerMinute: 3 });
    try {
      const tok = bearer((await token(limited.api)).access_token);
      const statuses: number[] = [];
      let last: JsonResponse | undefined;
      for (let i = 0; i < 5; i++) {
        last = await postJson(`${limited.api}/services/core/query`, LOC, tok);
        statuses.push(last.status);
      }
      // The window may roll over between requests; at least the 4th or 5th of one window is refused.
      expect(statuses.filter((x) => x === 429).length).toBeGreaterThanOrEqual(1);
      const refused = last!.status === 429 ? last! : await postJson(`${limited.api}/services/core/query`, LOC, tok);
      expectRestError(refused, 429, 'limit.rate', /more than 3 requests in a minute/, null);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    } finally {
      await limited.close();
    }
  });
});
