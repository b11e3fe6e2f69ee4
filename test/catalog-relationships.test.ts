// Issue 16: the relationships scripts/extract-relationships-and-enums.mjs adds are followed by the XML query's dot paths
// (`OBJECT.FIELD`, as Intacct's query reference shows with `VENDOR.CREDITLIMIT` on APBILL: russellkt/intacct-mcp-server
// docs/contracts-rev-mgmt-contract-lines.md, query parameters), and the demo rows of objects without a hand-written
// generator point at existing rows through them (src/demo/generic-rows.ts). showprivate (query options in the same
// reference) lets the top level see the rows of the private entity that hand-written rows point at. Answers parsed by
// the official SDK.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findField } from '../src/catalog/catalog.ts';
import { XML_GATEWAY_PATH } from '../src/server/xml-gateway.ts';
import { startRestServer, type RestServer } from './rest/rest-server.ts';
import { BACKENDS } from './support/databases.ts';
import { envelope, postRaw, sdkParse } from './xml/support/gateway-harness.ts';

const EXTRACTED = 'scripts/extract-relationships-and-enums.mjs';

describe.each(BACKENDS)('extracted relationships on %s', (backend) => {
  let s: RestServer;
  beforeAll(async () => {
    s = await startRestServer(backend);
  });
  afterAll(async () => {
    await s?.close();
  });

  it('follows every extracted relationship to the row the local field names', async () => {
    const checked: string[] = [];
    const reached: string[] = [];
    const problems: string[] = [];
    for (const o of s.catalog.objects) {
      const rels = o.relationships.filter((r) => r.kind === 'many-to-one' && r.note?.includes(EXTRACTED));
      if (rels.length === 0) continue;
      const functions = rels.map((r, i) => {
        const local = findField(o, r.relatedBy.local)!.xmlId;
        const related = findField(s.catalog.require(r.relatedObject), r.relatedBy.related)!.xmlId;
        return `<function controlid="r${i}"><query><object>${o.xmlName}</object><select><field>${local}</field><field>${r.xmlPath}.${related}</field></select><filter><isnotnull><field>${local}</field></isnotnull></filter><options><showprivate>true</showprivate></options><pagesize>5</pagesize></query></function>`;
      });
      const answer = await postRaw(`${s.url}${XML_GATEWAY_PATH}`, envelope(functions.join('')));
      const results = sdkParse(answer.body).results;
      rels.forEach((r, i) => {
        const where = `${o.xmlName}.${r.xmlPath}`;
        const res = results[i]!;
        if (res.status !== 'success') return problems.push(`${where}: ${res.status}`);
        if (res.count > 0) reached.push(where);
        const local = findField(o, r.relatedBy.local)!.xmlId;
        const related = findField(s.catalog.require(r.relatedObject), r.relatedBy.related)!.xmlId;
        for (const row of res.data as Record<string, unknown>[]) {
          const here = String(row[local]);
          const there = String(row[`${r.xmlPath}.${related}`]);
          if (here !== there) problems.push(`${where}: ${local} ${here} reached ${there}`);
        }
        checked.push(where);
      });
    }
    expect(problems).toEqual([]);
    expect(checked.length).toBeGreaterThan(250);
    // Demo rows of objects without a hand-written generator hold a reference in every such field.
    expect(reached.length).toBeGreaterThan(250);
  });
});
