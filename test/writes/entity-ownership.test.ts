// Where a written record lives in a multi-entity company: inside the entity signed into, or, written at the top
// level, in the entity of the records it names. Intacct's reference says a record created in an entity belongs to it
// and other entities do not see it (MEGAENTITYID); what a top-level write naming an entity's vendor becomes is not
// public, so this is the stricter reading, the one that shows nothing of one entity to another (docs/writes.md).
// test/server/isolation.test.ts found the leak these cases close: a top-level document copied a UK vendor's name into
// a record US users could read.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../support/databases.ts';
import { gatewayDatabase, type Gateway, startGateway } from '../xml/support/gateway-harness.ts';
import { first, postFunction, query } from './write-harness.ts';

const US = { entityId: 'US' };
const UK = { entityId: 'UK' };

/** The RECORDNO a generic create answers in its data. */
const recordNo = (body: string) => /<RECORDNO>(\d+)<\/RECORDNO>/.exec(body)![1]!;

const bill = (vendorId: string, accountNo: string, line = '') =>
  `<create><APBILL><VENDORID>${vendorId}</VENDORID><WHENCREATED>11/03/2026</WHENCREATED><WHENDUE>12/03/2026</WHENDUE>
   <APBILLITEMS><APBILLITEM><ACCOUNTNO>${accountNo}</ACCOUNTNO><TRX_AMOUNT>10</TRX_AMOUNT>${line}</APBILLITEM></APBILLITEMS>
   </APBILL></create>`;

for (const backend of BACKENDS) {
  describe(`entity ownership of written records on ${backend}`, () => {
    const { url, cleanup } = gatewayDatabase(backend);
    let g: Gateway;
    let account: string;
    beforeAll(async () => {
      g = await startGateway(url);
      account = (await first(g, 'GLACCOUNT', ['ACCOUNTNO'])).ACCOUNTNO!;
      for (const [id, login] of [
        ['EO-UK', UK],
        ['EO-US', US],
      ] as const) {
        const made = await postFunction(
          g,
          `<create><VENDOR><VENDORID>${id}</VENDORID><NAME>Vendor ${id}</NAME></VENDOR></create>`,
          login,
        );
        expect(made.status).toBe('success');
      }
    });
    afterAll(async () => {
      await g?.close();
      await cleanup();
    });

    it('a top-level bill for a UK vendor is the UK entity’s, lines included: US users do not see it', async () => {
      const made = await postFunction(g, bill('EO-UK', account));
      expect(made.status).toBe('success');
      const key = recordNo(made.body);
      expect(await query(g, 'APBILL', ['MEGAENTITYID', 'VENDORNAME'], 'RECORDNO', key)).toEqual([
        { MEGAENTITYID: 'UK', VENDORNAME: 'Vendor EO-UK' },
      ]);
      expect(await query(g, 'APBILL', ['RECORDNO'], 'RECORDNO', key, 100, UK)).toHaveLength(1);
      expect(await query(g, 'APBILL', ['RECORDNO'], 'RECORDNO', key, 100, US)).toEqual([]);
      expect(await query(g, 'APBILLITEM', ['RECORDNO'], 'RECORDKEY', key, 100, UK)).toHaveLength(1);
      expect(await query(g, 'APBILLITEM', ['RECORDNO'], 'RECORDKEY', key, 100, US)).toEqual([]);
    });

    it('a top-level write naming records of two entities is refused, naming the field', async () => {
      const usLocation = (await first(g, 'LOCATION', ['LOCATIONID'], 'MEGAENTITYID', 'US')).LOCATIONID!;
      const refused = await postFunction(g, bill('EO-UK', account, `<LOCATIONID>${usLocation}</LOCATIONID>`));
      expect(refused.status).toBe('failure');
      expect(refused.errors.join(' ')).toMatch(
        new RegExp(`Invalid LOCATIONID '${usLocation}' specified: that LOCATION belongs to entity US`),
      );
    });

    it('a top-level bill for a top-level vendor takes the entity of its lines’ location; lines of two entities are refused', async () => {
      const made = await postFunction(
        g,
        '<create><VENDOR><VENDORID>EO-T2</VENDORID><NAME>Top 2</NAME></VENDOR></create>',
      );
      expect(made.status).toBe('success');
      const ukLocation = (await first(g, 'LOCATION', ['LOCATIONID'], 'MEGAENTITYID', 'UK')).LOCATIONID!;
      const usLocation = (await first(g, 'LOCATION', ['LOCATIONID'], 'MEGAENTITYID', 'US')).LOCATIONID!;
      const uk = await postFunction(g, bill('EO-T2', account, `<LOCATIONID>${ukLocation}</LOCATIONID>`));
      expect(uk.status).toBe('success');
      const key = recordNo(uk.body);
      expect(await query(g, 'APBILL', ['MEGAENTITYID'], 'RECORDNO', key)).toEqual([{ MEGAENTITYID: 'UK' }]);
      expect(await query(g, 'APBILL', ['RECORDNO'], 'RECORDNO', key, 100, US)).toEqual([]);
      expect(await query(g, 'APBILLITEM', ['RECORDNO'], 'RECORDKEY', key, 100, US)).toEqual([]);
      expect(await query(g, 'APBILLITEM', ['RECORDNO'], 'RECORDKEY', key, 100, UK)).toHaveLength(1);
      const line = (location: string) =>
        `<APBILLITEM><ACCOUNTNO>${account}</ACCOUNTNO><TRX_AMOUNT>5</TRX_AMOUNT><LOCATIONID>${location}</LOCATIONID></APBILLITEM>`;
      const two = await postFunction(
        g,
        `<create><APBILL><VENDORID>EO-T2</VENDORID><WHENCREATED>11/03/2026</WHENCREATED><WHENDUE>12/03/2026</WHENDUE>
         <RECORDID>EO-TWO</RECORDID><APBILLITEMS>${line(ukLocation)}${line(usLocation)}</APBILLITEMS></APBILL></create>`,
      );
      expect(two.status).toBe('failure');
      expect(two.errors.join(' ')).toMatch(
        new RegExp(
          `Invalid LOCATIONID '${usLocation}' specified: that LOCATION belongs to entity US, and its APBILL belongs to entity UK`,
        ),
      );
      expect(await query(g, 'APBILL', ['RECORDNO'], 'RECORDID', 'EO-TWO')).toEqual([]);
    });

    it('an update keeps the record where it is: a top-level vendor cannot be pointed at a UK vendor', async () => {
      const top = await postFunction(
        g,
        '<create><VENDOR><VENDORID>EO-TOP</VENDORID><NAME>Top</NAME></VENDOR></create>',
      );
      expect(top.status).toBe('success');
      const refused = await postFunction(
        g,
        '<update><VENDOR><VENDORID>EO-TOP</VENDORID><PARENTID>EO-UK</PARENTID></VENDOR></update>',
      );
      expect(refused.status).toBe('failure');
      expect(refused.errors.join(' ')).toMatch(
        /that VENDOR belongs to entity UK, and this VENDOR is a top-level record/,
      );
      expect(await query(g, 'VENDOR', ['PARENTID', 'MEGAENTITYID'], 'VENDORID', 'EO-TOP')).toEqual([
        { PARENTID: '', MEGAENTITYID: '' },
      ]);
    });

    it('a record every entity shares cannot name an entity’s record, even from inside that entity', async () => {
      const supervisor = (await first(g, 'EMPLOYEE', ['EMPLOYEEID'], 'MEGAENTITYID', 'UK')).EMPLOYEEID!;
      const refused = await postFunction(
        g,
        `<create><DEPARTMENT><DEPARTMENTID>EO-D</DEPARTMENTID><TITLE>D</TITLE><SUPERVISORID>${supervisor}</SUPERVISORID></DEPARTMENT></create>`,
        UK,
      );
      expect(refused.status).toBe('failure');
      expect(refused.errors.join(' ')).toMatch(/that EMPLOYEE belongs to entity UK, and DEPARTMENT records are shared/);
      expect(await query(g, 'DEPARTMENT', ['DEPARTMENTID'], 'DEPARTMENTID', 'EO-D')).toEqual([]);
    });

    it('inside an entity nothing changes: a US bill for a US vendor is the US entity’s', async () => {
      const made = await postFunction(g, bill('EO-US', account), US);
      expect(made.status).toBe('success');
      expect(await query(g, 'APBILL', ['MEGAENTITYID'], 'RECORDNO', recordNo(made.body))).toEqual([
        { MEGAENTITYID: 'US' },
      ]);
      expect(await query(g, 'APBILL', ['RECORDNO'], 'RECORDNO', recordNo(made.body), 100, UK)).toEqual([]);
    });
  });
}
