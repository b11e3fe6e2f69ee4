// Custom fields of a transaction definition written with the document: the legacy `customfields` of
// create_potransaction (the reference's `customfield`, the SDK's customFields) and REST POST to document::<definition>
// keep a field declared for that definition; a name that is no custom field there is refused by name (issue 17).

import { describe, expect, it } from 'vitest';
import type { CustomDeclarations } from '../../src/catalog/raw.ts';
import { useCustomApp } from '../support/custom-app.ts';
import { BACKENDS } from '../support/databases.ts';
import { postJson } from '../rest/rest-server.ts';

/** A header field of purchase orders and a line field of purchase orders, as a company would declare them. */
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
        transactionDefinitions: ['Purchase Order'],
      },
    ],
  },
};

describe.each(BACKENDS)('custom fields of transaction definitions written on %s', (backend) => {
  const app = useCustomApp(backend, CUSTOM);
  const { xml, rows } = app;
  const one = async (object: string, field: string) =>
    (
      await rows(
        `<query><object>${object}</object><select><field>${field}</field></select><filter><equalto><field>STATUS</field><value>active</value></equalto></filter><pagesize>1</pagesize></query>`,
      )
    )[0]![field]!;
  const po = (vendor: string, item: string, header: string, line: string) =>
    `<create_potransaction><transactiontype>Purchase Order</transactiontype><datecreated><year>2026</year><month>11</month><day>20</day></datecreated>` +
    `<vendorid>${vendor}</vendorid><documentno>CF-${Math.random().toString(36).slice(2, 8)}</documentno><returnto><contactname/></returnto><payto><contactname/></payto>` +
    `<customfields>${header}</customfields><potransitems><potransitem><itemid>${item}</itemid><quantity>2</quantity><price>3</price>` +
    `<customfields>${line}</customfields></potransitem></potransitems></create_potransaction>`;
  const cf = (name: string, value: string) =>
    `<customfield><customfieldname>${name}</customfieldname><customfieldvalue>${value}</customfieldvalue></customfield>`;

  it('keeps the definition custom fields of the header and lines, through the legacy customfields and REST', async () => {
    const vendor = await one('VENDOR', 'VENDORID');
    const item = await one('ITEM', 'ITEMID');
    const r = await xml(po(vendor, item, cf('RECEIVING_DOCK', 'Dock 7'), cf('INSPECTED', 'true')));
    expect(r.status, String(r.errors)).toBe('success');
    const key = String(r.key);
    const [header] = await rows(
      `<query><object>PODOCUMENT</object><select><field>RECORDNO</field><field>RECEIVING_DOCK</field></select><filter><equalto><field>DOCID</field><value>${key}</value></equalto></filter><docparid>Purchase Order</docparid></query>`,
    );
    expect(header!.RECEIVING_DOCK).toBe('Dock 7');
    const [line] = await rows(
      `<query><object>PODOCUMENTENTRY</object><select><field>INSPECTED</field></select><filter><equalto><field>DOCHDRNO</field><value>${header!.RECORDNO}</value></equalto></filter><docparid>Purchase Order</docparid></query>`,
    );
    expect(line!.INSPECTED).toBe('true');

    // REST: the definition in the path shows its custom fields, so a POST may set them.
    const res = await postJson(
      `${app.base}/ia/api/v1/objects/purchasing/document::Purchase%20Order`,
      {
        vendor: { id: vendor },
        txnDate: '2026-11-21',
        'nsp::RECEIVING_DOCK': 'Dock 9',
        lines: [{ item: { id: item }, quantity: '1', price: '4' }],
      },
      app.auth,
    );
    expect(res.status).toBe(201);
    const [written] = await rows(
      `<query><object>PODOCUMENT</object><select><field>RECEIVING_DOCK</field></select><filter><equalto><field>RECORDNO</field><value>${res.body['ia::result'].key}</value></equalto></filter><docparid>Purchase Order</docparid></query>`,
    );
    expect(written!.RECEIVING_DOCK).toBe('Dock 9');
  });

  it('refuses a custom field the definition does not have, naming it', async () => {
    const vendor = await one('VENDOR', 'VENDORID');
    const item = await one('ITEM', 'ITEMID');
    for (const [header, line, name] of [
      [cf('NO_SUCH_FIELD', 'x'), '', /NO_SUCH_FIELD/],
      ['', cf('RECEIVING_DOCK', 'x'), /RECEIVING_DOCK/],
    ] as const) {
      const r = await xml(po(vendor, item, header, line));
      expect(r.status).toBe('failure');
      expect(JSON.stringify(r.errors)).toMatch(name);
    }
  });
});
