// getDimensions and getDimensionRelationships as the official SDK sends them (DimensionsGet, DimensionRelationshipsGet).
// Sources: Intacct's dimensions reference (developer.intacct.com/api/platform-services/dimensions, mirrored in
// russellkt/intacct-mcp-server docs/platform-services-dimensions.md, "the reference" below); the path clients read
// the list at, `data.dimensions.dimension` (fylein/sageintacct-sdk-py sageintacctsdk/apis/dimensions.py); REST
// dimensions/list (dgaretz-oss/intacct-mcp docs/rest/company-configuration.md), which fyle's integration test
// TestUDDGet compares with getDimensions field by field (dimensionName = objectName, dimensionLabel = objectLabel,
// termName = termLabel, isUserDefinedDimension = userDefinedDimension, isEnabledInGL = enabledInGL).

import { describe, expect, it } from 'vitest';
import { BACKENDS } from '../support/databases.ts';
import { DEMO_UDD, STANDARD_DIMENSIONS } from '../support/dimensions.ts';
import { restToken } from '../writes/write-harness.ts';
import {
  envelope,
  errorNumbers,
  IA,
  postRaw,
  requestConfig,
  sdkClient,
  sdkParse,
  useGateway,
  type Gateway,
} from './support/gateway-harness.ts';

type Row = Record<string, unknown>;

/** The SDK parses with explicitArray false: one child is an object, several an array. */
const list = <T>(x: T | T[] | undefined): T[] => (x === undefined ? [] : Array.isArray(x) ? x : [x]);

async function getDimensions(g: Gateway, companyId: string): Promise<Row[]> {
  const r = (
    await sdkClient(g, { companyId }).execute(new IA.Functions.PlatformServices.DimensionsGet(), requestConfig())
  ).getResult();
  expect(r.status).toBe('success');
  expect(r.functionName).toBe('getDimensions');
  // <data> holds one <dimensions>, which holds the <dimension> elements.
  expect(r.data).toHaveLength(1);
  return list((r.data![0] as { dimension?: Row | Row[] }).dimension);
}

async function getRelationships(g: Gateway, companyId: string): Promise<Row[]> {
  const r = (
    await sdkClient(g, { companyId }).execute(
      new IA.Functions.PlatformServices.DimensionRelationshipsGet(),
      requestConfig(),
    )
  ).getResult();
  expect(r.status).toBe('success');
  expect(r.functionName).toBe('getDimensionRelationships');
  return r.data as Row[];
}

async function restDimensions(g: Gateway, username: string): Promise<Row[]> {
  const res = await fetch(`http://127.0.0.1:${g.port}/ia/api/v1/services/company-config/dimensions/list`, {
    headers: { authorization: `Bearer ${await restToken(g, username)}` },
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { 'ia::result': Row[] })['ia::result'];
}

for (const backend of BACKENDS) {
  describe(`getDimensions and getDimensionRelationships (${backend})`, () => {
    const gateway = useGateway(backend);

    it('getDimensions lists the standard dimensions, then the company UDD, in the reference shape', async () => {
      const rows = await getDimensions(gateway(), 'demo');
      expect(rows.map((d) => d.objectName)).toEqual([...STANDARD_DIMENSIONS, DEMO_UDD]);
      // The reference's sample, element for element: DEPARTMENT / Department / Department / false / true.
      expect(rows[0]).toEqual({
        objectName: 'DEPARTMENT',
        objectLabel: 'Department',
        termLabel: 'Department',
        userDefinedDimension: 'false',
        enabledInGL: 'true',
      });
      expect(rows[1]).toEqual({
        objectName: 'LOCATION',
        objectLabel: 'Location',
        termLabel: 'Location',
        userDefinedDimension: 'false',
        enabledInGL: 'true',
      });
      // REST reference values: CONTRACT, TASK, WAREHOUSE and COSTTYPE are not enabled in the GL.
      const inGl = Object.fromEntries(rows.map((d) => [d.objectName, d.enabledInGL]));
      expect(inGl).toMatchObject({ PROJECT: 'true', CLASS: 'true', CONTRACT: 'false', COSTTYPE: 'false' });
      // The reference's UDD (LINE_OF_BUSINESS): userDefinedDimension true, enabledInGL true ("A UDD is simply a custom
      // object that is enabled as a user defined GL dimension"); the name in upper case as REST lists nsp::channel.
      expect(rows.at(-1)).toEqual({
        objectName: DEMO_UDD,
        objectLabel: 'Attendee (custom object example)',
        termLabel: 'Attendee (custom object example)',
        userDefinedDimension: 'true',
        enabledInGL: 'true',
      });
    });

    it('a company without a UDD answers the standard dimensions only, with the same values', async () => {
      const demo = await getDimensions(gateway(), 'demo');
      const demo2 = await getDimensions(gateway(), 'demo2');
      expect(demo2.map((d) => d.objectName)).toEqual(STANDARD_DIMENSIONS);
      expect(demo2).toEqual(demo.slice(0, STANDARD_DIMENSIONS.length));
      expect(demo2.every((d) => d.userDefinedDimension === 'false')).toBe(true);
    });

    it('getDimensions and REST dimensions/list name the same dimensions with the same values', async () => {
      for (const [companyId, username] of [
        ['demo', 'admin@demo'],
        ['demo2', 'admin@demo2'],
      ] as const) {
        const xml = await getDimensions(gateway(), companyId);
        const rest = await restDimensions(gateway(), username);
        expect(
          rest.map((d) => ({
            objectName: d.dimensionName,
            objectLabel: d.dimensionLabel,
            termLabel: d.termName,
            userDefinedDimension: String(d.isUserDefinedDimension),
            enabledInGL: String(d.isEnabledInGL),
          })),
          companyId,
        ).toEqual(xml);
      }
      // The REST reference's UDD endpoint: /objects/platform-apps/nsp::<object name>.
      const udd = (await restDimensions(gateway(), 'admin@demo')).at(-1);
      expect(udd).toMatchObject({
        dimensionName: DEMO_UDD,
        dimensionEndpoint: '/objects/platform-apps/nsp::MCA_attendee',
      });
    });

    it('getDimensionRelationships: one relationship per dimension; the UDD and CUSTOMER are related both ways', async () => {
      const rows = await getRelationships(gateway(), 'demo');
      expect(rows.map((r) => r.dimension)).toEqual([...STANDARD_DIMENSIONS, DEMO_UDD]);
      const by = new Map(rows.map((r) => [r.dimension as string, r]));
      // The reference: "the LOCATION standard dimension has no relationships": dimension, object_id, autofillrelated
      // false, enableoverride false and no <related>.
      expect(by.get('LOCATION')).toEqual({
        dimension: 'LOCATION',
        object_id: expect.stringMatching(/^\d+$/),
        autofillrelated: 'false',
        enableoverride: 'false',
      });
      // MCA_attendee's R_attendee_customer is many-to-one CUSTOMER: from the UDD source_side Many / related_side One,
      // and the same relationship_id from CUSTOMER with the sides swapped (the reference's LINE_OF_BUSINESS and
      // PARTNER_TYPE pair).
      const udd = by.get(DEMO_UDD)!;
      const customer = by.get('CUSTOMER')!;
      const fromUdd = list(udd.related as Row | Row[]);
      const fromCustomer = list(customer.related as Row | Row[]);
      expect(fromUdd).toEqual([
        {
          dimension: 'CUSTOMER',
          object_id: customer.object_id,
          relationship_id: expect.stringMatching(/^\d+$/),
          source_side: 'Many',
          related_side: 'One',
        },
      ]);
      expect(fromCustomer).toEqual([
        {
          dimension: DEMO_UDD,
          object_id: udd.object_id,
          relationship_id: fromUdd[0]!.relationship_id,
          source_side: 'One',
          related_side: 'Many',
        },
      ]);
      // Every dimension has its own object_id; only the UDD and CUSTOMER have relationships.
      expect(new Set(rows.map((r) => r.object_id)).size).toBe(rows.length);
      expect(rows.filter((r) => r.related !== undefined).map((r) => r.dimension)).toEqual(['CUSTOMER', DEMO_UDD]);
    });

    it("another company's UDD never shows: demo2's answers do not name it, nor relate CUSTOMER to it", async () => {
      const rows = await getRelationships(gateway(), 'demo2');
      expect(rows.map((r) => r.dimension)).toEqual(STANDARD_DIMENSIONS);
      expect(rows.filter((r) => r.related !== undefined)).toEqual([]);
      // Object ids do not depend on the company asking.
      const demo = new Map((await getRelationships(gateway(), 'demo')).map((r) => [r.dimension, r.object_id]));
      for (const r of rows) expect(r.object_id, String(r.dimension)).toBe(demo.get(r.dimension));
      for (const fn of ['getDimensions', 'getDimensionRelationships']) {
        const res = await postRaw(
          gateway().loopback,
          envelope(`<function controlid="f"><${fn}/></function>`, { login: { companyId: 'demo2' } }),
        );
        expect(sdkParse(res.body).results[0]!.status).toBe('success');
        expect(res.body).not.toMatch(/MCA_ATTENDEE|attendee/i);
      }
    });

    it('refuses any element inside the function, as every function refuses an undeclared one', async () => {
      // The reference: "No parameters"; the SDK writes <getDimensions/> and <getDimensionRelationships/> empty.
      for (const fn of ['getDimensions', 'getDimensionRelationships']) {
        const res = await postRaw(
          gateway().loopback,
          envelope(`<function controlid="f"><${fn}><object>DEPARTMENT</object></${fn}></function>`),
        );
        const r = sdkParse(res.body).results[0]!;
        expect(r.status).toBe('failure');
        expect(errorNumbers(r)).toEqual(['XL03000003']);
        expect(r.errors!.join(' ')).toContain(`${fn}/object: object is not an element of ${fn} (it takes none)`);
      }
      // Element names are case-sensitive: only the SDK's spelling is the function.
      const res = await postRaw(gateway().loopback, envelope('<function controlid="f"><getdimensions/></function>'));
      const r = sdkParse(res.body).results[0]!;
      expect(r.status).toBe('failure');
      expect(errorNumbers(r)).toEqual(['BL01001973']);
    });
  });
}
