// Every query example of the seed documents (copied into test/fixtures/seed-examples) runs against the demo data on
// both databases.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scopeFor } from '../../src/auth/scope.ts';
import { findCompany } from '../../src/auth/tenancy.ts';
import { buildCatalog } from '../../src/catalog/catalog.ts';
import { lowerRestQuery } from '../../src/protocols/rest/lower-query.ts';
import { lowerReadByQuery } from '../../src/protocols/xml/lower-read-by-query.ts';
import { lowerXmlQuery } from '../../src/protocols/xml/lower-query.ts';
import { parseXml } from '../../src/protocols/xml/xml-tree.ts';
import { bindQuery } from '../../src/query/bind.ts';
import type { Scope } from '../../src/query/ir/bound.ts';
import { queryRequest, type QueryRequest } from '../../src/query/ir/request.ts';
import { selectLabel } from '../../src/query/labels.ts';
import { runQuery } from '../../src/query/run-query.ts';
import { parseReadByQuery } from '../../src/protocols/xml/read-by-query-parser.ts';
import { BACKENDS, createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { REST_EXAMPLES, XML_EXAMPLES, type XmlExample } from '../support/seed-examples.ts';
import { seedDemo } from '../../src/app/seed.ts';

const xmlExamples = XML_EXAMPLES.filter((e) => e.function === 'query' || e.function === 'readByQuery');
const restExamples = REST_EXAMPLES;

function lowerXmlExample(e: XmlExample): QueryRequest {
  if (e.xml === undefined) {
    // A row of the seed's readByQuery table: object and condition only.
    const c = parseReadByQuery(e.query!);
    return queryRequest({
      object: e.object!,
      naming: 'xml',
      spelling: 'code',
      filter: c.filter,
      offset: c.offset,
      limit: c.limit ?? 100,
    });
  }
  const el = parseXml(e.xml);
  return el.name === 'query' ? lowerXmlQuery(el).request : lowerReadByQuery(el);
}

/** Examples whose seed names data no demo can hold: the request must still run and may return nothing. */
const _MAY_BE_EMPTY = [/readByQuery table: VENDOR List vendors with vendor IDs other than/];

describe.each(BACKENDS)('seed examples on %s', (backend) => {
  const catalog = buildCatalog();
  let t: TestDatabase;
  let scope: Scope;
  beforeAll(async () => {
    t = await createTestDatabase(backend);
    await seedDemo(t.db, catalog, { size: 'small', seed: 1 });
    scope = await scopeFor(t.db, (await findCompany(t.db, 'demo'))!, null);
  });
  afterAll(async () => {
    await t?.drop();
  });

  const run = async (request: QueryRequest) => {
    const bound = bindQuery(catalog, request, { scope, now: '2026-11-23T12:00:00Z' });
    const page = await runQuery(t.db, bound);
    return { labels: bound.select.map((s) => selectLabel(s, bound.naming)), page };
  };

  it.each(xmlExamples.map((e) => [e.name, e] as const))('%s', async (_name, example) => {
    const request = lowerXmlExample(example);
    const { labels, page } = await run(request);
    if (request.select.length > 0) {
      expect(labels.map((l) => l.toUpperCase())).toEqual(
        request.select.map((s) => (s.kind === 'field' ? s.path : `${s.fn}.${s.path}`).toUpperCase()),
      );
    }
    expect(page.totalCount).toBeGreaterThanOrEqual(page.rows.length);
    for (const row of page.rows) expect(row).toHaveLength(labels.length);
    console.log(`${backend} ${page.totalCount} ${example.name}`);
  });

  it.each(restExamples.map((e) => [e.name, e] as const))('%s', async (_name, example) => {
    const requests = Array.isArray(example.request) ? example.request : [example.request];
    for (const body of requests) {
      const rest = lowerRestQuery(body);
      const { labels, page } = await run(rest.request);
      const asked = (body as { fields: string[] }).fields.filter((f) => f !== 'href');
      expect(labels.slice(0, asked.length)).toEqual(asked);
      console.log(`${backend} ${page.totalCount} ${example.name}`);
    }
  });
});
