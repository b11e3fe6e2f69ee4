// Documents of order entry, purchasing and inventory control under their transaction definitions: docparid (XML) and
// document::{definition} (REST) pick one, and custom fields declared per transaction definition in the configuration
// are visible only through that definition (issue 16).

import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../src/catalog/catalog.ts';
import type { CustomDeclarations } from '../src/catalog/raw.ts';
import { useCustomApp } from './support/custom-app.ts';
import { BACKENDS } from './support/databases.ts';
import { seed } from './support/seed.ts';
import { getJson, postJson } from './rest/rest-server.ts';

/** A header field of purchase orders and a line field of receivers, as a company would declare them. */
const CUSTOM: CustomDeclarations = {
  customFields: {
    PODOCUMENT: [
      {
        xmlId: 'RECEIVING_DOCK',
        restPath: 'nsp::RECEIVING_DOCK',
        label: 'Receiving dock',
        type: 'text',
        transactionDefinitions: ['Purchase Order'],
      },
    ],
    PODOCUMENTENTRY: [
      {
        xmlId: 'INSPECTED',
        restPath: 'nsp::INSPECTED',
        label: 'Inspected',
        type: 'boolean',
        transactionDefinitions: ['PO Receiver', 'Vendor Invoice'],
      },
    ],
  },
};

type Rec = Record<string, string>;

describe.each(BACKENDS)('transaction definitions and docparid on %s', (backend) => {
  const app = useCustomApp(backend, CUSTOM);
  const { xml, rows } = app;
  const select = (object: string, fields: string[], docparid?: string) =>
    `<query><object>${object}</object><select>${fields.map((f) => `<field>${f}</field>`).join('')}</select>` +
    `${docparid ? `<docparid>${docparid}</docparid>` : ''}<pagesize>2000</pagesize></query>`;
  const rest = (body: unknown) => postJson(`${app.base}/ia/api/v1/services/core/query`, body, app.auth);

  seed(
    'xml-query-and-readbyquery.txt:1088',
    'Specifies the transaction definition type (or document type) for SODOCUMENT, PODOCUMENT, or INVDOCUMENT records.',
    async () => {
      for (const [object, docparid] of [
        ['SODOCUMENT', 'Sales Order'],
        ['PODOCUMENT', 'Purchase Order'],
        ['PODOCUMENT', 'PO Receiver'],
        ['PODOCUMENTENTRY', 'Vendor Invoice'],
        ['INVDOCUMENT', 'Adjustment Increase'],
        ['INVDOCUMENTENTRY', 'Inventory Transfer'],
      ] as const) {
        const all = await rows(select(object, ['RECORDNO', 'DOCPARID']));
        const picked = await rows(select(object, ['RECORDNO', 'DOCPARID'], docparid));
        expect(picked.length, `${object} ${docparid}`).toBeGreaterThan(0);
        expect(picked.length).toBeLessThan(all.length);
        expect(new Set(picked.map((r) => r.DOCPARID))).toEqual(new Set([docparid]));
        expect(picked.length).toBe(all.filter((r) => r.DOCPARID === docparid).length);
      }
    },
  );

  it('every document names a transaction definition of its application, and receivers copy their order lines', async () => {
    for (const [object, params] of [
      ['SODOCUMENT', 'SODOCUMENTPARAMS'],
      ['PODOCUMENT', 'PODOCUMENTPARAMS'],
      ['INVDOCUMENT', 'INVDOCUMENTPARAMS'],
    ] as const) {
      const definitions = new Set((await rows(select(params, ['DOCID']))).map((r) => r.DOCID));
      const used = new Set((await rows(select(object, ['DOCPARID']))).map((r) => r.DOCPARID));
      expect(
        [...used].filter((d) => !definitions.has(d!)),
        object,
      ).toEqual([]);
    }
    const lines = await rows(
      select('PODOCUMENTENTRY', ['PODOCUMENT.DOCID', 'DOCHDRID', 'WAREHOUSE.NAME'], 'PO Receiver'),
    );
    expect(lines.length).toBeGreaterThan(0);
    for (const l of lines) {
      expect(l['PODOCUMENT.DOCID']).toBe(l.DOCHDRID);
      expect(l['WAREHOUSE.NAME']).toBeTruthy();
    }
  });

  seed(
    'xml-query-and-readbyquery.txt:1088',
    'You must use this to take advantage of any custom fields on the transaction definition.',
    async () => {
      // With its definition's docparid: the field is there, with values.
      const po = await rows(select('PODOCUMENT', ['RECORDNO', 'RECEIVING_DOCK'], 'Purchase Order'));
      expect(po.length).toBeGreaterThan(0);
      expect(po.every((r) => r.RECEIVING_DOCK)).toBe(true);
      const byQuery = await rows(
        '<readByQuery><object>PODOCUMENT</object><fields>*</fields><query></query><pagesize>5</pagesize><docparid>Purchase Order</docparid></readByQuery>',
      );
      expect(byQuery[0]).toHaveProperty('RECEIVING_DOCK');
      const lines = await rows(select('PODOCUMENTENTRY', ['RECORDNO', 'INSPECTED'], 'PO Receiver'));
      expect(new Set(lines.map((r) => r.INSPECTED))).toEqual(new Set(['true', 'false']));
      // Without docparid, or with another definition's, the field does not exist.
      for (const [object, field, docparid] of [
        ['PODOCUMENT', 'RECEIVING_DOCK', undefined],
        ['PODOCUMENT', 'RECEIVING_DOCK', 'Vendor Invoice'],
        ['PODOCUMENTENTRY', 'INSPECTED', 'Purchase Order'],
        ['PODOCUMENTENTRY', 'PODOCUMENT.RECEIVING_DOCK', 'Purchase Order'],
      ] as const) {
        const r = await xml(select(object, ['RECORDNO', field], docparid));
        expect(r.status, `${object}.${field} ${docparid}`).toBe('failure');
      }
      const plain = await rows(
        '<readByQuery><object>PODOCUMENT</object><fields>*</fields><query></query><pagesize>5</pagesize></readByQuery>',
      );
      expect(plain[0]).not.toHaveProperty('RECEIVING_DOCK');
      // lookup lists the field under its definition only.
      const lookup = async (docparid: string) =>
        JSON.stringify(
          (await xml(`<lookup><object>PODOCUMENT</object><docparid>${docparid}</docparid></lookup>`)).data,
        );
      expect(await lookup('Purchase Order')).toContain('RECEIVING_DOCK');
      expect(await lookup('PO Receiver')).not.toContain('RECEIVING_DOCK');
    },
  );

  it('REST names a transaction definition as document::{name}; its custom fields and line hrefs follow', async () => {
    const picked = await rest({
      object: 'purchasing/document::Purchase Order',
      fields: ['key', 'documentType', 'nsp::RECEIVING_DOCK', 'vendor.id'],
      size: 4000,
    });
    expect(picked.status, JSON.stringify(picked.body)).toBe(200);
    const result = picked.body['ia::result'] as Rec[];
    expect(result.length).toBeGreaterThan(0);
    expect(new Set(result.map((r) => r.documentType))).toEqual(new Set(['Purchase Order']));
    expect(result.every((r) => r['nsp::RECEIVING_DOCK'] && r['vendor.id'])).toBe(true);
    const plain = await rest({ object: 'purchasing/document', fields: ['key', 'nsp::RECEIVING_DOCK'] });
    expect(plain.status).toBe(400);
    const one = await getJson(
      `${app.base}/ia/api/v1/objects/purchasing/document::Purchase%20Order/${result[0]!.key}`,
      app.auth,
    );
    expect(one.status).toBe(200);
    expect(one.body['ia::result']['nsp::RECEIVING_DOCK']).toBe(result[0]!['nsp::RECEIVING_DOCK']);
    // Lines are addressed under their document type, as the REST reference's document-line::{documentName} paths.
    const lines = await rest({
      object: 'inventory-control/document-line::Adjustment Decrease',
      fields: ['key', 'documentHeader.id', 'href'],
      size: 1,
    });
    expect(lines.status).toBe(200);
    const line = lines.body['ia::result'][0] as Rec;
    expect(line.href).toBe(`/objects/inventory-control/document-line::Adjustment%20Decrease/${line.key}`);
    const model = await getJson(
      `${app.base}/ia/api/v1/services/core/model?name=${encodeURIComponent('purchasing/document::Purchase Order')}`,
      app.auth,
    );
    expect(model.status).toBe(200);
    expect(JSON.stringify(model.body)).toContain('RECEIVING_DOCK');
  });

  it('a configuration may declare transactionDefinitions only on documents', () => {
    expect(() =>
      buildCatalog({ customFields: { VENDOR: [{ xmlId: 'X_Y', type: 'text', transactionDefinitions: ['Any'] }] } }),
    ).toThrow(/VENDOR has no transaction definitions/);
    expect(() =>
      buildCatalog({ customFields: { PODOCUMENT: [{ xmlId: 'X_Y', type: 'text', transactionDefinitions: [] }] } }),
    ).toThrow(/list of transaction definition names/);
  });
});
