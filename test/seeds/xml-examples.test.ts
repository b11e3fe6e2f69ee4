// The examples and operator tables of xml-query-and-readbyquery.txt, each proved over real HTTP on both databases: the
// rows the gateway returns are the ones the statement describes, checked row by row (and by count against a wider query).

import { describe, expect } from 'vitest';
import { BACKENDS } from '../support/databases.ts';
import { seed } from '../support/seed.ts';
import { envelope, postRaw, sdkParse, useGateway } from '../xml/support/gateway-harness.ts';

type Row = Record<string, string>;

/** Intacct's mm/dd/yyyy (or an ISO date) as yyyy-mm-dd, so dates compare as strings. */
const iso = (d: string) => (/^\d\d\/\d\d\/\d{4}/.test(d) ? `${d.slice(6, 10)}-${d.slice(0, 2)}-${d.slice(3, 5)}` : d);

describe.each(BACKENDS)('xml-query-and-readbyquery.txt examples on %s', (backend) => {
  const gateway = useGateway(backend);

  /** One function; the SDK's reading of its result. */
  async function call(fn: string) {
    const res = await postRaw(gateway().loopback, envelope(`<function controlid="f">${fn}</function>`));
    expect(res.status).toBe(200);
    const r = sdkParse(res.body).results[0]!;
    return { raw: res.body, status: r.status, errors: r.errors ?? [], data: (r.data ?? []) as Row[] };
  }

  /** The rows of a successful function. */
  async function rows(fn: string): Promise<Row[]> {
    const r = await call(fn);
    expect(r.status, String(r.errors)).toBe('success');
    return r.data;
  }

  /** A query's rows: object, select fields, filter XML and anything else (pagesize, orderby, options). */
  const query = (object: string, fields: string[], filter = '', extra = '<pagesize>2000</pagesize>') =>
    rows(
      `<query><object>${object}</object><select>${fields.map((f) => `<field>${f}</field>`).join('')}</select>${filter ? `<filter>${filter}</filter>` : ''}${extra}</query>`,
    );

  /** The rows of a filter, and every row of the object, so a test checks both that they match and that none is missed. */
  async function matching(object: string, fields: string[], filter: string, keep: (r: Row) => boolean) {
    const found = await query(object, fields, filter);
    const all = await query(object, fields);
    expect(all.length).toBeLessThan(2000);
    const expected = all.filter(keep);
    expect(found.length).toBeGreaterThan(0);
    expect(found.length).toBeLessThan(all.length);
    expect(found).toEqual(expected);
    return found;
  }

  const num = (v: string | undefined) => Number(v);
  const cond = (op: string, field: string, ...values: string[]) =>
    `<${op}><field>${field}</field>${values.map((v) => `<value>${v}</value>`).join('')}</${op}>`;

  seed(
    'xml-query-and-readbyquery.txt:1',
    'You can query the data in a Sage Intacct company to return a list of objects that match given conditions.',
    async () => {
      await matching(
        'VENDOR',
        ['RECORDNO', 'STATUS'],
        cond('equalto', 'STATUS', 'active'),
        (r) => r.STATUS === 'active',
      );
    },
  );

  seed(
    'xml-query-and-readbyquery.txt:19',
    'Let’s take a closer look at the query that lists AP bills where the vendor name is Regal Services.',
    async () => {
      const found = await matching(
        'APBILL',
        ['RECORDNO', 'VENDORNAME'],
        cond('equalto', 'VENDORNAME', 'Regal Services'),
        (r) => r.VENDORNAME === 'Regal Services',
      );
      expect(Object.keys(found[0]!)).toEqual(['RECORDNO', 'VENDORNAME']);
    },
  );

  seed(
    'xml-query-and-readbyquery.txt:37',
    '<data listtype="APBILL" totalcount="2" offset="0" count="2" numremaining="0">',
    async () => {
      const r = await call(
        `<query><object>APBILL</object><select><field>RECORDNO</field></select><filter>${cond('equalto', 'VENDORNAME', 'Regal Services')}</filter><pagesize>1</pagesize><offset>1</offset></query>`,
      );
      const total = (await query('APBILL', ['RECORDNO'], cond('equalto', 'VENDORNAME', 'Regal Services'))).length;
      expect(total).toBeGreaterThan(2);
      expect(r.raw).toContain(
        `<data listtype="APBILL" totalcount="${total}" offset="1" count="1" numremaining="${total - 2}">`,
      );
    },
  );

  seed(
    'xml-query-and-readbyquery.txt:54',
    'Use the lookup function to find all of an object’s queryable fields, their data types, valid values (for enums) and relationships to other objects.',
    async () => {
      const r = await call('<lookup><object>GLBATCH</object></lookup>');
      expect(r.status).toBe('success');
      expect(r.raw).toContain('<Type Name="GLBATCH"');
      const state = /<Field><ID>STATE<\/ID>.*?<\/Field>/s.exec(r.raw)?.[0] ?? '';
      expect(state).toMatch(/<DATATYPE>TEXT<\/DATATYPE>/);
      expect(state).toMatch(/<VALIDVALUE>Posted<\/VALIDVALUE>/);
      expect(r.raw).toMatch(/<Relationships>.*<OBJECTPATH>JOURNAL<\/OBJECTPATH>/s);
      // Each field of the lookup can be selected.
      const ids = [...r.raw.matchAll(/<Field><ID>([^<]+)<\/ID>/g)].map((m) => m[1]!);
      expect(ids.length).toBeGreaterThan(5);
      expect(Object.keys((await query('GLBATCH', ids, '', '<pagesize>1</pagesize>'))[0]!)).toEqual(ids);
    },
  );

  seed(
    'xml-query-and-readbyquery.txt:112',
    'Continuing with the example, you can now query for posted entries using one of the valid values for the STATE field:',
    async () => {
      await matching('GLBATCH', ['RECORDNO', 'STATE'], cond('equalto', 'STATE', 'Posted'), (r) => r.STATE === 'Posted');
    },
  );

  seed(
    'xml-query-and-readbyquery.txt:132',
    'To access the value of the journal’s SYMBOL field from within the GLBATCH query, provide the OBJECTPATH value of the related object (from the GLBATCH lookup output above), followed by the dot operator (.), then the name of the field.',
    async () => {
      const found = await matching(
        'GLBATCH',
        ['RECORDNO', 'STATE', 'JOURNAL.SYMBOL'],
        cond('equalto', 'JOURNAL.SYMBOL', 'APJ'),
        (r) => r['JOURNAL.SYMBOL'] === 'APJ',
      );
      expect(Object.keys(found[0]!)).toEqual(['RECORDNO', 'STATE', 'JOURNAL.SYMBOL']);
    },
  );

  seed(
    'xml-query-and-readbyquery.txt:165',
    'You can query across multiple relationships using multiple dot operators in many cases. For example, the following expression resolves correctly when querying a vendor object:',
    async () => {
      const found = await query('VENDOR', ['VENDORID', 'PAYTOCONTACT.MAILADDRESS.ZIP']);
      expect(found.some((r) => r['PAYTOCONTACT.MAILADDRESS.ZIP'])).toBe(true);
    },
  );

  seed(
    'xml-query-and-readbyquery.txt:169',
    'For hierarchical relationships, such as a customer to a parent customer, you can query across one relationship:',
    async () => {
      const found = await query('ARINVOICE', ['RECORDNO', 'CUSTOMER.PARENT.NAME']);
      expect(found.some((r) => r['CUSTOMER.PARENT.NAME'])).toBe(true);
    },
  );

  seed(
    'xml-query-and-readbyquery.txt:173',
    'Querying across more than one hierarchical relationship is not allowed. The following results in an error:',
    async () => {
      const r = await call(
        '<query><object>ARINVOICE</object><select><field>RECORDNO</field><field>CUSTOMER.PARENT.PARENT.NAME</field></select></query>',
      );
      expect(r.status).toBe('failure');
      expect(r.errors[0]).toMatch(/CUSTOMER\.PARENT\.PARENT\.NAME/);
    },
  );

  seed('xml-query-and-readbyquery.txt:179', 'You can query across custom relationships:', async () => {
    const found = await query('MCA_attendee', ['NAME', 'R_attendee_customer.CUSTOMERID']);
    expect(found.some((r) => r['R_attendee_customer.CUSTOMERID'])).toBe(true);
  });

  seed(
    'xml-query-and-readbyquery.txt:196',
    'Lists paid bills, returning the record number, vendor name, and state for each.',
    async () => {
      await matching(
        'APBILL',
        ['RECORDNO', 'VENDORNAME', 'STATE'],
        cond('equalto', 'STATE', 'Paid'),
        (r) => r.STATE === 'Paid',
      );
    },
  );

  seed(
    'xml-query-and-readbyquery.txt:211',
    'Lists bills where the total due is greater than 500 and sort the results from the highest amount to the lowest.',
    async () => {
      const order = '<orderby><order><field>TOTALDUE</field><descending/></order></orderby><pagesize>2000</pagesize>';
      const found = await query('APBILL', ['RECORDNO', 'TOTALDUE'], cond('greaterthan', 'TOTALDUE', '500'), order);
      expect(found.length).toBeGreaterThan(1);
      const dues = found.map((r) => num(r.TOTALDUE));
      expect(dues.every((d) => d > 500)).toBe(true);
      expect(dues).toEqual([...dues].sort((a, b) => b - a));
      const all = await query('APBILL', ['RECORDNO', 'TOTALDUE']);
      expect(found).toHaveLength(all.filter((r) => num(r.TOTALDUE) > 500).length);
    },
  );

  seed(
    'xml-query-and-readbyquery.txt:231',
    "Lists bills where the related vendor's credit limit is greater than 50,000. Note the use of the dot operator (.) to access the related field.",
    async () => {
      await matching(
        'APBILL',
        ['RECORDNO', 'VENDORNAME', 'VENDOR.CREDITLIMIT'],
        cond('greaterthan', 'VENDOR.CREDITLIMIT', '50000'),
        (r) => r['VENDOR.CREDITLIMIT'] !== '' && num(r['VENDOR.CREDITLIMIT']) > 50000,
      );
    },
  );

  seed(
    'xml-query-and-readbyquery.txt:246',
    'Lists bills, showing the due dates for the terms for the related vendors:',
    async () => {
      const found = await query('APBILL', ['RECORDNO', 'VENDOR.TERM.DUEDATE']);
      expect(found.some((r) => r['VENDOR.TERM.DUEDATE'] !== '')).toBe(true);
    },
  );

  seed(
    'xml-query-and-readbyquery.txt:254',
    'Lists bill lines where the department ID is in the given set.',
    async () => {
      const set = ['04', '05', '06', '07'];
      const all = await query('APBILLITEM', ['RECORDNO', 'DEPARTMENTID'], '', '<pagesize>2000</pagesize>');
      const found = await query('APBILLITEM', ['RECORDNO', 'DEPARTMENTID'], cond('in', 'DEPARTMENTID', ...set));
      expect(found.length).toBeGreaterThan(0);
      expect(found.every((r) => set.includes(r.DEPARTMENTID!))).toBe(true);
      if (all.length < 2000) expect(found).toEqual(all.filter((r) => set.includes(r.DEPARTMENTID!)));
    },
  );

  seed(
    'xml-query-and-readbyquery.txt:271',
    'Lists bills where the vendor name is Acme Supply and the bills were created after 04/26/2021.',
    async () => {
      // The seed's filter says "not equal to" Acme Supply; the rows are what its filter says.
      await matching(
        'APBILL',
        ['RECORDNO', 'VENDORNAME', 'WHENCREATED'],
        `<and>${cond('greaterthanorequalto', 'WHENCREATED', '01/01/2025')}${cond('notequalto', 'VENDORNAME', 'Regal Services')}</and>`,
        (r) => iso(r.WHENCREATED!) >= '2025-01-01' && r.VENDORNAME !== 'Regal Services',
      );
    },
  );

  seed('xml-query-and-readbyquery.txt:292', 'Lists bills where the vendor name starts with the letter B.', async () => {
    await matching('APBILL', ['RECORDNO', 'VENDORNAME'], cond('like', 'VENDORNAME', 'B%'), (r) =>
      r.VENDORNAME!.startsWith('B'),
    );
  });

  seed(
    'xml-query-and-readbyquery.txt:321',
    'Lists bills where the third letter of the vendor name is n (note the two underscores before the n).',
    async () => {
      await matching('APBILL', ['RECORDNO', 'VENDORNAME'], cond('like', 'VENDORNAME', '__n%'), (r) =>
        /^..n/s.test(r.VENDORNAME!),
      );
    },
  );

  seed('xml-query-and-readbyquery.txt:335', 'Lists bills with empty descriptions.', async () => {
    await matching(
      'APBILL',
      ['RECORDNO', 'DESCRIPTION'],
      '<isnull><field>DESCRIPTION</field></isnull>',
      (r) => r.DESCRIPTION === '',
    );
  });

  seed(
    'xml-query-and-readbyquery.txt:348',
    'Lists bills with empty descriptions, skipping the first five results.',
    async () => {
      const filter = '<isnull><field>DESCRIPTION</field></isnull>';
      const order = '<orderby><order><field>RECORDNO</field></order></orderby><pagesize>2000</pagesize>';
      const all = await query('APBILL', ['RECORDNO', 'DESCRIPTION'], filter, order);
      expect(all.length).toBeGreaterThan(5);
      expect(await query('APBILL', ['RECORDNO', 'DESCRIPTION'], filter, `${order}<offset>5</offset>`)).toEqual(
        all.slice(5),
      );
    },
  );

  seed(
    'xml-query-and-readbyquery.txt:362',
    'Lists bills where the total due is between 10 and 500 dollars, inclusive.',
    async () => {
      const all = await query('APBILL', ['RECORDNO', 'TOTALDUE']);
      const found = await query('APBILL', ['RECORDNO', 'TOTALDUE'], cond('between', 'TOTALDUE', '10', '500'));
      expect(found.length).toBeGreaterThan(0);
      expect(found).toEqual(all.filter((r) => num(r.TOTALDUE) >= 10 && num(r.TOTALDUE) <= 500));
      // Inclusive: a range of one amount finds the bills of that amount.
      const one = found[0]!.TOTALDUE!;
      const same = await query('APBILL', ['RECORDNO', 'TOTALDUE'], cond('between', 'TOTALDUE', one, one));
      expect(same).toEqual(all.filter((r) => num(r.TOTALDUE) === num(one)));
    },
  );

  seed(
    'xml-query-and-readbyquery.txt:378',
    'Lists bills with empty descriptions where either the total due is over 5000 or the payment priority is urgent (or both).',
    async () => {
      const fields = ['RECORDNO', 'DESCRIPTION', 'TOTALDUE', 'PAYMENTPRIORITY'];
      const all = await query('APBILL', fields);
      const found = await query(
        'APBILL',
        fields,
        `<and><isnull><field>DESCRIPTION</field></isnull><or>${cond('greaterthan', 'TOTALDUE', '5000')}${cond('equalto', 'PAYMENTPRIORITY', 'urgent')}</or></and>`,
      );
      expect(found.length).toBeGreaterThan(0);
      expect(found).toEqual(
        all.filter((r) => r.DESCRIPTION === '' && (num(r.TOTALDUE) > 5000 || r.PAYMENTPRIORITY === 'urgent')),
      );
    },
  );

  seed(
    'xml-query-and-readbyquery.txt:405',
    'Lists customers where the value of the CUSTOM_HEALTH custom field is Good.',
    async () => {
      await matching(
        'CUSTOMER',
        ['NAME', 'CUSTOMER_HEALTH'],
        cond('equalto', 'CUSTOMER_HEALTH', 'Good'),
        (r) => r.CUSTOMER_HEALTH === 'Good',
      );
    },
  );

  seed(
    'xml-query-and-readbyquery.txt:419',
    'Lists invoices where the customer ID starts with the letter c or C and provides a sum of the total due by customer ID. Results are grouped by the first two fields.',
    async () => {
      const sums = await rows(
        `<query><object>ARINVOICE</object><filter>${cond('like', 'CUSTOMERID', 'c%')}</filter><select><field>CUSTOMERID</field><field>CUSTOMERNAME</field><sum>TOTALDUE</sum></select><options><caseinsensitive>true</caseinsensitive></options><pagesize>2000</pagesize></query>`,
      );
      const all = await query('ARINVOICE', ['CUSTOMERID', 'CUSTOMERNAME', 'TOTALDUE']);
      const expected = new Map<string, number>();
      for (const r of all.filter((x) => /^c/i.test(x.CUSTOMERID!)))
        expected.set(
          `${r.CUSTOMERID}|${r.CUSTOMERNAME}`,
          (expected.get(`${r.CUSTOMERID}|${r.CUSTOMERNAME}`) ?? 0) + num(r.TOTALDUE),
        );
      expect(sums.length).toBeGreaterThan(0);
      expect(sums).toHaveLength(expected.size);
      for (const s of sums)
        expect(num(s['SUM.TOTALDUE'])).toBeCloseTo(expected.get(`${s.CUSTOMERID}|${s.CUSTOMERNAME}`)!, 2);
    },
  );

  seed('xml-query-and-readbyquery.txt:466', 'Lists the number of bill records for each vendor.', async () => {
    const counts = await rows(
      '<query><object>APBILL</object><select><field>VENDORNAME</field><count>RECORDNO</count></select><pagesize>2000</pagesize></query>',
    );
    const all = await query('APBILL', ['RECORDNO', 'VENDORNAME']);
    const expected = new Map<string, number>();
    for (const r of all) expected.set(r.VENDORNAME!, (expected.get(r.VENDORNAME!) ?? 0) + 1);
    expect(new Map(counts.map((c) => [c.VENDORNAME!, num(c['COUNT.RECORDNO'])]))).toEqual(expected);
  });

  seed(
    'xml-query-and-readbyquery.txt:494',
    "Lists the task ID as well as related field values for each task where the parent project's end date is in the given range.",
    async () => {
      const fields = ['TASKID', 'NAME', 'PROJECT.PROJECTID', 'PROJECT.ENDDATE', 'PROJECT.CUSTOMER.CUSTOMERID'];
      const all = await query('TASK', fields);
      const found = await query('TASK', fields, cond('between', 'PROJECT.ENDDATE', '01/01/2024', '12/31/2025'));
      expect(found.length).toBeGreaterThan(0);
      expect(found).toEqual(
        all.filter(
          (r) =>
            r['PROJECT.ENDDATE'] &&
            iso(r['PROJECT.ENDDATE']) >= '2024-01-01' &&
            iso(r['PROJECT.ENDDATE']) <= '2025-12-31',
        ),
      );
      expect(found.some((r) => r['PROJECT.CUSTOMER.CUSTOMERID'] !== '')).toBe(true);
    },
  );

  seed(
    'xml-query-and-readbyquery.txt:535',
    'Lists AR invoice items where the item ID starts with the letter B and the customer has a credit limit within the given range.',
    async () => {
      const fields = ['RECORDNO', 'ITEMID', 'ARINVOICE.CUSTOMERID', 'ARINVOICE.CUSTOMER.CREDITLIMIT'];
      const filter = `<and>${cond('between', 'ARINVOICE.CUSTOMER.CREDITLIMIT', '500', '100000')}${cond('like', 'ITEMID', 'B%')}</and>`;
      const found = await query('ARINVOICEITEM', fields, filter);
      expect(found.length).toBeGreaterThan(0);
      for (const r of found) {
        expect(r.ITEMID).toMatch(/^B/);
        expect(num(r['ARINVOICE.CUSTOMER.CREDITLIMIT'])).toBeGreaterThanOrEqual(500);
        expect(num(r['ARINVOICE.CUSTOMER.CREDITLIMIT'])).toBeLessThanOrEqual(100000);
      }
    },
  );

  seed(
    'xml-query-and-readbyquery.txt:576',
    'Lists MCA_attendee custom objects where the related customer (via R_attendee_customer relationship) owes more than 5,000.',
    async () => {
      await matching(
        'MCA_attendee',
        ['NAME', 'R_attendee_customer.CUSTOMERID', 'R_attendee_customer.TOTALDUE'],
        cond('greaterthan', 'R_attendee_customer.TOTALDUE', '5000'),
        (r) => r['R_attendee_customer.TOTALDUE'] !== '' && num(r['R_attendee_customer.TOTALDUE']) > 5000,
      );
    },
  );

  seed('xml-query-and-readbyquery.txt:64', '<Type Name="GLBATCH" DocumentType="">', async () => {
    const r = await call('<lookup><object>GLBATCH</object></lookup>');
    expect(r.raw).toContain('<Type Name="GLBATCH" DocumentType="">');
    expect(/<Field><ID>RECORDNO<\/ID>.*?<\/Field>/s.exec(r.raw)?.[0]).toMatch(
      /^<Field><ID>RECORDNO<\/ID><LABEL>[^<]+<\/LABEL><DESCRIPTION>[^<]*<\/DESCRIPTION><REQUIRED>(true|false)<\/REQUIRED><READONLY>(true|false)<\/READONLY><DATATYPE>INTEGER<\/DATATYPE><ISCUSTOM>false<\/ISCUSTOM><\/Field>$/,
    );
    const state = /<Field><ID>STATE<\/ID>.*?<\/Field>/s.exec(r.raw)![0];
    const valid = [...state.matchAll(/<VALIDVALUE>([^<]+)<\/VALIDVALUE>/g)].map((m) => m[1]);
    for (const v of [
      'Draft',
      'Submitted',
      'Partially Approved',
      'Approved',
      'Posted',
      'Declined',
      'Reversal pending',
      'Reversed',
    ])
      expect(valid).toContain(v);
  });

  seed(
    'xml-query-and-readbyquery.txt:457',
    'Lists Order Entry transactions where the transaction definition (docparid) is Sales Order.',
    async () => {
      const q = (docparid: string) =>
        query('SODOCUMENT', ['RECORDNO', 'DOCPARID'], '', `${docparid}<pagesize>2000</pagesize>`);
      const every = await q('');
      const orders = await q('<docparid>Sales Order</docparid>');
      expect(orders.length).toBeGreaterThan(0);
      expect(orders.length).toBeLessThan(every.length);
      expect(orders).toEqual(every.filter((r) => r.DOCPARID === 'Sales Order'));
    },
  );

  seed(
    'xml-query-and-readbyquery.txt:128',
    'You can access the value of a field on a many-to-one related object that was returned by lookup.',
    async () => {
      const lookup = await call('<lookup><object>APBILL</object></lookup>');
      const vendor = /<Relationship><OBJECTPATH>VENDOR<\/OBJECTPATH>.*?<\/Relationship>/s.exec(lookup.raw)?.[0];
      expect(vendor).toMatch(/<RELATIONSHIPTYPE>MANY2ONE<\/RELATIONSHIPTYPE>/);
      const found = await query('APBILL', ['VENDORID', 'VENDOR.VENDORID', 'VENDOR.NAME']);
      const vendors = new Map(
        (await query('VENDOR', ['VENDORID', 'NAME'])).map((v) => [v.VENDORID!, v.NAME!] as const),
      );
      expect(found.length).toBeGreaterThan(0);
      for (const r of found) {
        expect(r['VENDOR.VENDORID']).toBe(r.VENDORID);
        expect(r['VENDOR.NAME']).toBe(vendors.get(r.VENDORID!));
      }
    },
  );
});

describe.each(BACKENDS)('xml-query-and-readbyquery.txt operators and elements on %s', (backend) => {
  const gateway = useGateway(backend);

  async function call(fn: string) {
    const res = await postRaw(gateway().loopback, envelope(`<function controlid="f">${fn}</function>`));
    expect(res.status).toBe(200);
    const r = sdkParse(res.body).results[0]!;
    return { raw: res.body, status: r.status, errors: r.errors ?? [], data: (r.data ?? []) as Row[], r };
  }
  async function rows(fn: string): Promise<Row[]> {
    const r = await call(fn);
    expect(r.status, String(r.errors)).toBe('success');
    return r.data;
  }
  const cond = (op: string, field: string, ...values: string[]) =>
    `<${op}><field>${field}</field>${values.map((v) => `<value>${v}</value>`).join('')}</${op}>`;
  const FIELDS = ['RECORDNO', 'VENDORNAME', 'TOTALDUE', 'DESCRIPTION', 'WHENDUE'];
  const bills = (filter = '', extra = '') =>
    rows(
      `<query><object>APBILL</object><select>${FIELDS.map((f) => `<field>${f}</field>`).join('')}</select>${filter ? `<filter>${filter}</filter>` : ''}<pagesize>2000</pagesize>${extra}</query>`,
    );
  let all: Row[] = [];
  const num = (v: string | undefined) => Number(v);

  /** The bills a filter finds are exactly those the predicate keeps, some but not all. */
  async function expectBills(filter: string, keep: (r: Row) => boolean): Promise<void> {
    if (all.length === 0) all = await bills();
    expect(all.length).toBeLessThan(2000);
    const found = await bills(filter);
    expect(found.length).toBeGreaterThan(0);
    expect(found.length).toBeLessThan(all.length);
    expect(found).toEqual(all.filter(keep));
  }

  seed('xml-query-and-readbyquery.txt:905', 'equalto Equal to', () =>
    expectBills(cond('equalto', 'TOTALDUE', '0'), (r) => num(r.TOTALDUE) === 0),
  );
  seed('xml-query-and-readbyquery.txt:906', 'notequalto Not equal to', () =>
    expectBills(cond('notequalto', 'TOTALDUE', '0'), (r) => num(r.TOTALDUE) !== 0),
  );
  seed('xml-query-and-readbyquery.txt:907', 'lessthan Less than', () =>
    expectBills(cond('lessthan', 'TOTALDUE', '100'), (r) => num(r.TOTALDUE) < 100),
  );
  seed('xml-query-and-readbyquery.txt:908', 'lessthanorequalto Less than or equal to', () =>
    expectBills(cond('lessthanorequalto', 'TOTALDUE', '0'), (r) => num(r.TOTALDUE) <= 0),
  );
  seed('xml-query-and-readbyquery.txt:909', 'greaterthan Greater than', () =>
    expectBills(cond('greaterthan', 'TOTALDUE', '0'), (r) => num(r.TOTALDUE) > 0),
  );
  seed('xml-query-and-readbyquery.txt:910', 'greaterthanorequalto Greater than or equal to', () =>
    expectBills(cond('greaterthanorequalto', 'TOTALDUE', '100'), (r) => num(r.TOTALDUE) >= 100),
  );
  seed('xml-query-and-readbyquery.txt:911', 'isnull Is a null value', () =>
    expectBills('<isnull><field>DESCRIPTION</field></isnull>', (r) => r.DESCRIPTION === ''),
  );
  seed('xml-query-and-readbyquery.txt:912', 'isnotnull Is not a null value', () =>
    expectBills('<isnotnull><field>DESCRIPTION</field></isnotnull>', (r) => r.DESCRIPTION !== ''),
  );
  seed('xml-query-and-readbyquery.txt:921', 'between Value is within the given range', () =>
    expectBills(cond('between', 'TOTALDUE', '100', '1000'), (r) => num(r.TOTALDUE) >= 100 && num(r.TOTALDUE) <= 1000),
  );
  seed('xml-query-and-readbyquery.txt:922', 'in Value is one of the given values', () =>
    expectBills(cond('in', 'VENDORNAME', 'Regal Services', 'No Such Vendor'), (r) => r.VENDORNAME === 'Regal Services'),
  );
  seed('xml-query-and-readbyquery.txt:923', 'notin Value is not one of the given values', () =>
    expectBills(
      cond('notin', 'VENDORNAME', 'Regal Services', 'No Such Vendor'),
      (r) => r.VENDORNAME !== 'Regal Services',
    ),
  );
  seed('xml-query-and-readbyquery.txt:924', 'like Value matches a given pattern', () =>
    expectBills(cond('like', 'VENDORNAME', '%e%s'), (r) => /e.*s$/s.test(r.VENDORNAME!)),
  );
  seed('xml-query-and-readbyquery.txt:925', 'notlike Value does not match a given pattern', () =>
    expectBills(cond('notlike', 'VENDORNAME', 'R%'), (r) => !r.VENDORNAME!.startsWith('R')),
  );

  seed('xml-query-and-readbyquery.txt:963', 'Specifies the order for results based on the chosen field.', async () => {
    const order = (dir: string) =>
      bills(
        '',
        `<orderby><order><field>TOTALDUE</field>${dir}</order><order><field>RECORDNO</field></order></orderby>`,
      );
    const byDue = (a: Row, b: Row) => num(a.TOTALDUE) - num(b.TOTALDUE) || num(a.RECORDNO) - num(b.RECORDNO);
    if (all.length === 0) all = await bills();
    expect(await order('')).toEqual([...all].sort(byDue));
    expect(await order('<ascending/>')).toEqual([...all].sort(byDue));
    expect(await order('<descending/>')).toEqual(
      [...all].sort((a, b) => num(b.TOTALDUE) - num(a.TOTALDUE) || num(a.RECORDNO) - num(b.RECORDNO)),
    );
  });

  /** The five aggregates of TOTALDUE per vendor, each group beside the amounts of its bills. */
  async function perVendor(): Promise<{ g: Row; dues: number[]; sum: number }[]> {
    const groups = await rows(
      '<query><object>APBILL</object><select><field>VENDORNAME</field><sum>TOTALDUE</sum><count>RECORDNO</count><avg>TOTALDUE</avg><min>TOTALDUE</min><max>TOTALDUE</max></select><pagesize>2000</pagesize></query>',
    );
    if (all.length === 0) all = await bills();
    const byVendor = new Map<string, number[]>();
    for (const r of all) byVendor.set(r.VENDORNAME!, [...(byVendor.get(r.VENDORNAME!) ?? []), num(r.TOTALDUE)]);
    expect(groups).toHaveLength(byVendor.size);
    expect(groups.some((g) => num(g['COUNT.RECORDNO']) > 1)).toBe(true);
    return groups.map((g) => {
      const dues = byVendor.get(g.VENDORNAME!)!;
      return { g, dues, sum: dues.reduce((a, b) => a + b, 0) };
    });
  }

  seed(
    'xml-query-and-readbyquery.txt:861',
    'When using aggregate functions, the fields in the select element are used to group the results.',
    async () => {
      for (const { g } of await perVendor())
        expect(Object.keys(g)).toEqual([
          'VENDORNAME',
          'SUM.TOTALDUE',
          'COUNT.RECORDNO',
          'AVG.TOTALDUE',
          'MIN.TOTALDUE',
          'MAX.TOTALDUE',
        ]);
    },
  );
  seed('xml-query-and-readbyquery.txt:864', 'count Return the number of fields', async () => {
    for (const { g, dues } of await perVendor()) expect(num(g['COUNT.RECORDNO'])).toBe(dues.length);
  });
  seed('xml-query-and-readbyquery.txt:865', 'avg Return the average of fields', async () => {
    for (const { g, dues, sum } of await perVendor()) expect(num(g['AVG.TOTALDUE'])).toBeCloseTo(sum / dues.length, 1);
  });
  seed('xml-query-and-readbyquery.txt:866', 'min Return the smallest value', async () => {
    for (const { g, dues } of await perVendor()) expect(num(g['MIN.TOTALDUE'])).toBe(Math.min(...dues));
  });
  seed('xml-query-and-readbyquery.txt:867', 'max Return the largest value', async () => {
    for (const { g, dues } of await perVendor()) expect(num(g['MAX.TOTALDUE'])).toBe(Math.max(...dues));
  });
  seed('xml-query-and-readbyquery.txt:868', 'sum Return the sum of the fields', async () => {
    for (const { g, sum } of await perVendor()) expect(num(g['SUM.TOTALDUE'])).toBeCloseTo(sum, 2);
  });

  seed(
    'xml-query-and-readbyquery.txt:870',
    'For example, the following provides the total number of ARINVOICE records for the given CUSTOMERID:',
    async () => {
      const counts = await rows(
        '<query><select><field>CUSTOMERID</field><count>RECORDNO</count></select><object>ARINVOICE</object><pagesize>2000</pagesize></query>',
      );
      const invoices = await rows(
        '<query><object>ARINVOICE</object><select><field>CUSTOMERID</field></select><pagesize>2000</pagesize></query>',
      );
      const expected = new Map<string, number>();
      for (const r of invoices) expected.set(r.CUSTOMERID!, (expected.get(r.CUSTOMERID!) ?? 0) + 1);
      expect(new Map(counts.map((c) => [c.CUSTOMERID!, num(c['COUNT.RECORDNO'])]))).toEqual(expected);
    },
  );

  seed(
    'xml-query-and-readbyquery.txt:1113',
    'The results will provide a separate entry for each record in order to include its record number, so your count does not work as expected. (Each record has an entry with a count of 1):',
    async () => {
      const counts = await rows(
        '<query><select><field>CUSTOMERID</field><field>RECORDNO</field><count>RECORDNO</count></select><object>ARINVOICE</object><pagesize>2000</pagesize></query>',
      );
      expect(counts.length).toBeGreaterThan(1);
      expect(new Set(counts.map((c) => c.RECORDNO)).size).toBe(counts.length);
      expect(counts.every((c) => c['COUNT.RECORDNO'] === '1')).toBe(true);
    },
  );

  seed(
    'xml-query-and-readbyquery.txt:850',
    'The dot operator (.) lets you access the values of fields on a related object that has a many-to-one relationship to the object being queried. You can use the dot operator in fields you supply in the select or filter tags.',
    async () => {
      const found = await rows(
        `<query><object>APBILL</object><select><field>RECORDNO</field><field>VENDORID</field><field>VENDOR.VENDORID</field></select><filter>${cond('like', 'VENDOR.NAME', 'R%')}</filter><pagesize>2000</pagesize></query>`,
      );
      expect(found.length).toBeGreaterThan(0);
      for (const r of found) expect(r['VENDOR.VENDORID']).toBe(r.VENDORID);
      // A one-to-many relationship (the bill's lines) is not reached by the dot operator.
      const many = await call(
        '<query><object>APBILL</object><select><field>RECORDNO</field><field>APBILLITEMS.AMOUNT</field></select></query>',
      );
      expect(many.status).toBe('failure');
    },
  );

  seed(
    'xml-query-and-readbyquery.txt:832',
    'Use object to specify which object to query, for example, APBILL. Both standard and custom objects are supported.',
    async () => {
      expect(
        (await rows('<query><object>APBILL</object><select><field>RECORDNO</field></select></query>')).length,
      ).toBeGreaterThan(0);
      expect(
        (await rows('<query><object>MCA_attendee</object><select><field>NAME</field></select></query>')).length,
      ).toBeGreaterThan(0);
      const unknown = await call('<query><object>VENDOR2</object><select><field>RECORDNO</field></select></query>');
      expect(unknown.status).toBe('failure');
    },
  );

  seed('xml-query-and-readbyquery.txt:603', '<xs:element name="select" minOccurs="1" maxOccurs="1">', async () => {
    const r = await call('<query><object>APBILL</object></query>');
    expect(r.status).toBe('failure');
    expect(r.errors[0]).toMatch(/select/);
  });

  seed(
    'xml-query-and-readbyquery.txt:615',
    '<xs:element name="object" minOccurs="1" maxOccurs="1" type=\'xs:string\'/>',
    async () => {
      const r = await call('<query><select><field>RECORDNO</field></select></query>');
      expect(r.status).toBe('failure');
      expect(r.errors[0]).toMatch(/object/);
    },
  );

  seed(
    'xml-query-and-readbyquery.txt:652',
    '<xs:element name="offset" minOccurs="0" maxOccurs="1" default="0">',
    async () => {
      const first = await rows(
        '<query><object>APBILL</object><select><field>RECORDNO</field></select><pagesize>3</pagesize></query>',
      );
      expect(
        await rows(
          '<query><object>APBILL</object><select><field>RECORDNO</field></select><pagesize>3</pagesize><offset>0</offset></query>',
        ),
      ).toEqual(first);
      const negative = await call(
        '<query><object>APBILL</object><select><field>RECORDNO</field></select><offset>-1</offset></query>',
      );
      expect(negative.status).toBe('failure');
    },
  );

  seed(
    'xml-query-and-readbyquery.txt:780',
    '<xs:element name="value" type="xs:string" minOccurs="1" maxOccurs="1000"/>',
    async () => {
      const values = (n: number) => Array.from({ length: n }, (_, i) => `<value>${i + 1}</value>`).join('');
      const q = (n: number) =>
        call(
          `<query><object>APBILL</object><select><field>RECORDNO</field></select><filter><in><field>RECORDNO</field>${values(n)}</in></filter></query>`,
        );
      expect((await q(1000)).status).toBe('success');
      const over = await q(1001);
      expect(over.status).toBe('failure');
    },
  );

  seed(
    'xml-query-and-readbyquery.txt:980',
    'The default format for query responses is XML, but you can use the returnformat option to have data returned in CSV or JSON format.',
    async () => {
      const res = await postRaw(
        gateway().loopback,
        envelope(
          '<function controlid="f"><query><object>VENDOR</object><select><field>VENDORID</field></select><pagesize>2</pagesize></query></function>',
        ),
      );
      expect(res.contentType).toMatch(/xml/);
      expect(res.body).toMatch(/<data listtype="VENDOR"[^>]*count="2"/);
    },
  );

  seed(
    'xml-query-and-readbyquery.txt:988',
    'Here is a sample response containing two vendor objects with three fields each in all three formats:',
    async () => {
      const send = (format: string) =>
        postRaw(
          gateway().loopback,
          envelope(
            `<function controlid="f"><query><object>VENDOR</object><select><field>RECORDNO</field><field>PAYTOCONTACT.CONTACTNAME</field><field>TOTALDUE</field></select><filter><like><field>PAYTOCONTACT.CONTACTNAME</field><value>%,%</value></like></filter><options><returnformat>${format}</returnformat></options><pagesize>2</pagesize></query></function>`,
          ),
        );
      const json = JSON.parse((await send('json')).body) as Row[];
      expect(json).toHaveLength(2);
      // Every value a string, as in the seed's JSON; a comma in a CSV value puts it in quotes.
      for (const r of json) {
        expect(Object.keys(r)).toEqual(['RECORDNO', 'PAYTOCONTACT.CONTACTNAME', 'TOTALDUE']);
        expect(Object.values(r).every((v) => typeof v === 'string')).toBe(true);
      }
      const csv = (await send('csv')).body.trim().split('\n');
      expect(csv).toEqual([
        'RECORDNO,PAYTOCONTACT.CONTACTNAME,TOTALDUE',
        ...json.map((r) => `${r.RECORDNO},"${r['PAYTOCONTACT.CONTACTNAME']}",${r.TOTALDUE}`),
      ]);
    },
  );

  seed(
    'xml-query-and-readbyquery.txt:1080',
    'Note: Each call with a different offset is a new query and not a continuation of any previous query.',
    async () => {
      const page = async (offset: number) => {
        const r = await call(
          `<query><object>APBILL</object><select><field>RECORDNO</field></select><orderby><order><field>RECORDNO</field></order></orderby><pagesize>2</pagesize><offset>${offset}</offset></query>`,
        );
        return { ids: r.data.map((x) => x.RECORDNO), total: r.r.totalCount };
      };
      const [a, b] = [await page(2), await page(0)];
      // Any offset can be asked in any order, and each answer stands alone: no resultId to continue.
      expect(b.total).toBe(a.total);
      const four = await page(0).then(async (p) => [...p.ids, ...(await page(2)).ids]);
      expect(four.slice(2)).toEqual(a.ids);
      const res = await call(
        '<query><object>APBILL</object><select><field>RECORDNO</field></select><pagesize>2</pagesize></query>',
      );
      expect(res.raw).not.toMatch(/resultId=/);
    },
  );

  seed('xml-query-and-readbyquery.txt:1082', 'For example, the following skips the first 10 results.', async () => {
    const order = '<orderby><order><field>RECORDNO</field></order></orderby>';
    const q = (extra: string) =>
      rows(`<query><object>APBILL</object><select><field>RECORDNO</field></select>${order}${extra}</query>`);
    const twenty = await q('<pagesize>20</pagesize>');
    expect(await q('<pagesize>10</pagesize><offset>10</offset>')).toEqual(twenty.slice(10));
  });

  /** A readByQuery's rows, its fields and query as given. */
  const readByQuery = (object: string, fields: string, query: string, pagesize = 1000) =>
    call(
      `<readByQuery><object>${object}</object><fields>${fields}</fields><query>${query}</query><pagesize>${pagesize}</pagesize></readByQuery>`,
    );

  seed(
    'xml-query-and-readbyquery.txt:1132',
    'Queries are interpreted as part of a readyByQuery function call in the content element of an XML request:',
    async () => {
      const r = await readByQuery('APBILL', '*', "VENDORNAME = 'Regal Services'", 100);
      expect(r.status).toBe('success');
      expect(r.data.length).toBeGreaterThan(0);
      expect(r.data.every((x) => x.VENDORNAME === 'Regal Services')).toBe(true);
      // * is every field of the object.
      expect(Object.keys(r.data[0]!).length).toBeGreaterThan(10);
    },
  );

  seed(
    'xml-query-and-readbyquery.txt:1179',
    'When you get to the last set of results, numremaining="0" is shown in the listtype attribute of the data element.',
    async () => {
      const first = await readByQuery('APBILL', 'RECORDNO', "VENDORNAME = 'Regal Services'", 2);
      let remaining = first.r.numRemaining;
      expect(remaining).toBeGreaterThan(0);
      let last = first;
      while (remaining > 0) {
        last = await call(`<readMore><resultId>${first.r.resultId}</resultId></readMore>`);
        expect(last.status).toBe('success');
        remaining = last.r.numRemaining;
      }
      expect(last.raw).toMatch(/<data listtype="apbill"[^>]* numremaining="0"/i);
    },
  );

  /** readByQuery finds exactly the bills a predicate keeps: every row it returns, and its total count. */
  async function expectReadByQuery(query: string, keep: (r: Row) => boolean) {
    const found = await readByQuery('APBILL', 'RECORDNO,VENDORNAME,TOTALDUE,DESCRIPTION', query);
    expect(found.status, String(found.errors)).toBe('success');
    if (all.length === 0) all = await bills();
    const expected = all.filter(keep).length;
    expect(expected).toBeGreaterThan(0);
    expect(expected).toBeLessThan(all.length);
    expect(found.r.totalCount).toBe(expected);
    expect(found.data.every(keep)).toBe(true);
  }

  seed('xml-query-and-readbyquery.txt:1192', '<, >, >=, <=, =, like, not like, in, not in', async () => {
    const due = (r: Row) => num(r.TOTALDUE);
    await expectReadByQuery('TOTALDUE &lt; 100', (r) => due(r) < 100);
    await expectReadByQuery('TOTALDUE > 100', (r) => due(r) > 100);
    await expectReadByQuery('TOTALDUE >= 100', (r) => due(r) >= 100);
    await expectReadByQuery('TOTALDUE &lt;= 100', (r) => due(r) <= 100);
    await expectReadByQuery('TOTALDUE = 0', (r) => due(r) === 0);
    await expectReadByQuery("VENDORNAME like 'R%'", (r) => r.VENDORNAME!.startsWith('R'));
    await expectReadByQuery("VENDORNAME not like 'R%'", (r) => !r.VENDORNAME!.startsWith('R'));
    await expectReadByQuery("VENDORNAME in ('Regal Services','x')", (r) => r.VENDORNAME === 'Regal Services');
    await expectReadByQuery("VENDORNAME not in ('Regal Services','x')", (r) => r.VENDORNAME !== 'Regal Services');
  });

  seed(
    'xml-query-and-readbyquery.txt:1194',
    'When doing NULL comparisons, you can use IS NOT NULL or IS NULL.',
    async () => {
      await expectReadByQuery('DESCRIPTION IS NULL', (r) => r.DESCRIPTION === '');
      await expectReadByQuery('DESCRIPTION IS NOT NULL', (r) => r.DESCRIPTION !== '');
    },
  );

  seed(
    'xml-query-and-readbyquery.txt:1196',
    'You can combine conditions using AND and OR operators, and you can query for an untrue condition by prefixing it with NOT.',
    async () => {
      const due = (r: Row) => num(r.TOTALDUE);
      const regal = (r: Row) => r.VENDORNAME === 'Regal Services';
      await expectReadByQuery("VENDORNAME = 'Regal Services' AND TOTALDUE > 0", (r) => regal(r) && due(r) > 0);
      await expectReadByQuery("VENDORNAME = 'Regal Services' OR TOTALDUE > 1000", (r) => regal(r) || due(r) > 1000);
      await expectReadByQuery("NOT VENDORNAME = 'Regal Services'", (r) => !regal(r));
    },
  );

  seed(
    'xml-query-and-readbyquery.txt:1210',
    'When composing your queries, be aware that the less than (<) and ampersand (&) characters are illegal in XML. The greater than (>) character is legal, but it is a good practice to replace it with the XML entity reference.',
    async () => {
      const raw = await postRaw(
        gateway().loopback,
        envelope(
          '<function controlid="f"><readByQuery><object>APBILL</object><fields>RECORDNO</fields><query>TOTALDUE < 100</query></readByQuery></function>',
        ),
      );
      expect(raw.body).toMatch(/<status>failure<\/status>/);
      const gt = await readByQuery('APBILL', 'RECORDNO', 'TOTALDUE > 100');
      const entity = await readByQuery('APBILL', 'RECORDNO', 'TOTALDUE &gt; 100');
      expect(gt.data.length).toBeGreaterThan(0);
      expect(entity.data).toEqual(gt.data);
    },
  );

  /** A readByQuery row of the seed's table: rows found, all kept by the predicate, fewer than the object holds. */
  async function expectTableRow(object: string, query: string, keep: (r: Row) => boolean) {
    const found = await readByQuery(object, '*', query);
    expect(found.status, String(found.errors)).toBe('success');
    const every = await readByQuery(object, '*', '', 1);
    expect(found.data.length).toBeGreaterThan(0);
    expect(found.r.totalCount).toBeLessThan(every.r.totalCount);
    for (const r of found.data) expect(keep(r), JSON.stringify(r)).toBe(true);
    return found;
  }

  seed(
    'xml-query-and-readbyquery.txt:1222',
    "VENDOR STATUS = 'F' AND ONETIME = 'T' List inactive and one-time vendors (by querying on boolean values).",
    async () => {
      await expectTableRow(
        'VENDOR',
        "STATUS = 'F' AND ONETIME = 'T'",
        (r) => r.STATUS === 'inactive' && r.ONETIME === 'true',
      );
    },
  );
  seed(
    'xml-query-and-readbyquery.txt:1223',
    "DEPARTMENT DEPARTMENTID IN ('10','20','15','11','12','8','3','4','100','99') List departments with any of these IDs.",
    async () => {
      const ids = ['10', '20', '15', '11', '12', '8', '3', '4', '100', '99'];
      await expectTableRow('DEPARTMENT', `DEPARTMENTID IN (${ids.map((i) => `'${i}'`).join(',')})`, (r) =>
        ids.includes(r.DEPARTMENTID!),
      );
    },
  );
  seed(
    'xml-query-and-readbyquery.txt:1224',
    "CONTACT CONTACTNAME = 'Erin\\'s Software' List contacts with the given name. Note the escaped apostrophe.",
    async () => {
      await expectTableRow('CONTACT', "CONTACTNAME = 'Erin\\'s Software'", (r) => r.CONTACTNAME === "Erin's Software");
    },
  );
  seed(
    'xml-query-and-readbyquery.txt:1225',
    'When working with dates, the greater than operator means more recent than.',
    async () => {
      const found = await expectTableRow(
        'ACTIVITYLOG',
        "OBJ_ID &gt; 2000 AND CREATED_AT &gt;= '04/19/2021 12:00:00' AND CREATED_AT &lt; '04/20/2021 12:00:00'",
        (r) => Number(r.OBJ_ID) > 2000,
      );
      for (const r of found.data) {
        const at = new Date(r.CREATED_AT!).getTime();
        expect(at).toBeGreaterThanOrEqual(Date.parse('2021-04-19T12:00:00Z'));
        expect(at).toBeLessThan(Date.parse('2021-04-20T12:00:00Z'));
      }
    },
  );
  seed('xml-query-and-readbyquery.txt:1226', "GLBATCH JOURNAL = 'GJ' List Journal Entries.", async () => {
    await expectTableRow('GLBATCH', "JOURNAL = 'GJ'", (r) => r.JOURNAL === 'GJ');
  });
  seed(
    'xml-query-and-readbyquery.txt:1228',
    "GLACCOUNTBALANCE PERIOD = 'Month Ended June 2021' List account balances for the given period.",
    async () => {
      await expectTableRow(
        'GLACCOUNTBALANCE',
        "PERIOD = 'Month Ended June 2021'",
        (r) => r.PERIOD === 'Month Ended June 2021',
      );
    },
  );
  seed(
    'xml-query-and-readbyquery.txt:1229',
    'List account balances, excluding entries with the specified zero balances.',
    async () => {
      const zero = ['TOTDEBIT', 'TOTCREDIT', 'TOTADJDEBIT', 'TOTADJCREDIT', 'FORBAL', 'ENDBAL'];
      const period = "PERIOD = 'Month Ended June 2021'";
      const found = await expectTableRow(
        'GLACCOUNTBALANCE',
        `${period} AND NOT (${zero.map((f) => `${f} = 0`).join(' AND ')})`,
        (r) => r.PERIOD === 'Month Ended June 2021' && zero.some((f) => Number(r[f]) !== 0),
      );
      const inPeriod = await readByQuery('GLACCOUNTBALANCE', '*', period);
      const allZero = inPeriod.data.filter((r) => zero.every((f) => Number(r[f]) === 0)).length;
      expect(inPeriod.r.numRemaining).toBe(0);
      expect(found.r.totalCount).toBe(inPeriod.r.totalCount - allZero);
    },
  );
  seed(
    'xml-query-and-readbyquery.txt:1230',
    "USERINFO usertype = 'B' List user information records of the business user type.",
    async () => {
      await expectTableRow('USERINFO', "usertype = 'B'", (r) => /^business/i.test(r.USERTYPE!));
    },
  );
  seed(
    'xml-query-and-readbyquery.txt:1231',
    "depreciation_schedule depreciation_amount &lt;= 50 AND Rasset = 'Thinkpad T61' AND posting_date &gt;= '02/01/2022' List custom deprecation_schedule objects that meet the conditions.",
    async () => {
      await expectTableRow(
        'depreciation_schedule',
        "depreciation_amount &lt;= 50 AND Rasset = 'Thinkpad T61' AND posting_date &gt;= '02/01/2022'",
        (r) => Number(r.depreciation_amount) <= 50 && r.Rasset === 'Thinkpad T61',
      );
    },
  );
  seed(
    'xml-query-and-readbyquery.txt:1232',
    'depreciation_schedule STATUS IS NULL List custom deprecation_schedule objects whose status is set to NULL.',
    async () => {
      await expectTableRow('depreciation_schedule', 'STATUS IS NULL', (r) => !r.STATUS && !r.status);
    },
  );
  seed(
    'xml-query-and-readbyquery.txt:1233',
    "VENDOR NOT VENDORID = 'V1234' List vendors with vendor IDs other than V1234.",
    async () => {
      const some = (await readByQuery('VENDOR', 'VENDORID', '', 1)).data[0]!.VENDORID!;
      await expectTableRow('VENDOR', `NOT VENDORID = '${some}'`, (r) => r.VENDORID !== some);
      const every = await readByQuery('VENDOR', 'VENDORID', '', 1);
      const v1234 = (await readByQuery('VENDOR', 'VENDORID', "VENDORID = 'V1234'", 1)).r.totalCount;
      expect((await readByQuery('VENDOR', 'VENDORID', "NOT VENDORID = 'V1234'", 1)).r.totalCount).toBe(
        every.r.totalCount - v1234,
      );
    },
  );
  seed(
    'xml-query-and-readbyquery.txt:1234',
    "EMPLOYEE EMPLOYEEID like 'b%' List employees whose IDs start with the letter b.",
    async () => {
      await expectTableRow('EMPLOYEE', "EMPLOYEEID like 'b%'", (r) => r.EMPLOYEEID!.startsWith('b'));
    },
  );
  seed(
    'xml-query-and-readbyquery.txt:1235',
    "EMPLOYEE EMPLOYEEID like '%b%' List employees whose IDs include the letter b at any position.",
    async () => {
      await expectTableRow('EMPLOYEE', "EMPLOYEEID like '%b%'", (r) => r.EMPLOYEEID!.includes('b'));
    },
  );
  seed(
    'xml-query-and-readbyquery.txt:1236',
    "EMPLOYEE EMPLOYEEID like '_b%' List employees whose IDs have the letter b as the second character.",
    async () => {
      await expectTableRow('EMPLOYEE', "EMPLOYEEID like '_b%'", (r) => r.EMPLOYEEID![1] === 'b');
    },
  );

  seed(
    'xml-query-and-readbyquery.txt:1160',
    'The rownum condition returns a number for each row that readByQuery returns, so you can reduce the amount of data returned to just what you need.',
    async () => {
      const every = await readByQuery('depreciation_schedule', 'id', '', 10);
      expect(every.status, String(every.errors)).toBe('success');
      expect(every.r.totalCount).toBeGreaterThan(5);
      const first = await readByQuery('depreciation_schedule', 'id', 'rownum = 1', 10);
      expect(first.status, String(first.errors)).toBe('success');
      expect(first.data).toEqual(every.data.slice(0, 1));
      const five = await readByQuery('depreciation_schedule', 'id', 'rownum &lt;= 5', 10);
      expect(five.data).toEqual(every.data.slice(0, 5));
    },
  );
});
