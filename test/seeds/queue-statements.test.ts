// Statements of queue-administration.txt, each proved over real HTTP on both databases through the XML gateway: the
// offline job object's lookup, query, readByQuery and read, their parameters and the fields a job answers with.

import { describe, expect } from 'vitest';
import { BACKENDS } from '../support/databases.ts';
import { seed } from '../support/seed.ts';
import { envelope, postRaw, sdkParse, useGateway } from '../xml/support/gateway-harness.ts';

type Row = Record<string, string>;

/** queue-administration.txt lines 78 and 93: every job type Intacct queues. */
const JOB_TYPES = [
  'DDS job',
  'Asynchronous API requests',
  'CSV import',
  'Scheduled memorized report',
  'Scheduled financial report',
  'Update report',
  'Process & store report',
  'Scheduled report',
  'Email report',
  'Process & store report group',
  'Scheduled report group',
  'Recurring consolidation',
  'Offline consolidation',
  'Run action',
  'Contract invoices',
  'Project invoices',
  'Check run',
  'Confirm check run',
  'Void check run',
  'Wells Fargo payments',
];
const STATES = ['Queued', 'In Progress', 'Delivered', 'Failed', 'Deferred', 'Cancelled'];
const ISO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;
const DURATION = /^\d+:\d\d:\d\d$/;
const esc = (s: string) => s.replace(/&/g, '&amp;');

describe.each(BACKENDS)('queue-administration.txt statements on %s', (backend) => {
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
  const jobs = (select: string[], inner = '', pagesize = 2000) =>
    rows(
      `<query><object>JOBQUEUERECORD</object><select>${select.map((f) => `<field>${f}</field>`).join('')}</select>${inner}<pagesize>${pagesize}</pagesize></query>`,
    );
  const ALL = [
    'JOBID',
    'TIMEQUEUED',
    'JOBTYPE',
    'ACTION',
    'DETAILS',
    'USERS',
    'STATE',
    'ACTIVETIME',
    'WAITINQUEUE',
    'TIMESTARTED',
  ];
  let every: Row[] = [];
  const allJobs = async () => {
    if (every.length === 0) every = await jobs(ALL);
    expect(every.length).toBeGreaterThan(0);
    expect(every.length).toBeLessThan(2000);
    return every;
  };
  const failure = async (fn: string, mention: RegExp) => {
    const r = await call(fn);
    expect(r.status).toBe('failure');
    expect(r.errors.join(' ')).toMatch(mention);
  };

  seed(
    'queue-administration.txt:20',
    'Queue administration lets you get a list of all offline jobs queued to run in your company.',
    async () => {
      const queued = await jobs(
        ['JOBID', 'STATE'],
        '<filter><equalto><field>STATE</field><value>Queued</value></equalto></filter>',
      );
      expect(queued.length).toBeGreaterThan(0);
      expect(queued).toEqual(
        (await allJobs()).filter((j) => j.STATE === 'Queued').map((j) => ({ JOBID: j.JOBID, STATE: j.STATE })),
      );
      // Only the signed-in company's jobs: demo2 has its own queue.
      const other = await postRaw(
        gateway().loopback,
        envelope(
          '<function controlid="f"><query><object>JOBQUEUERECORD</object><select><field>JOBID</field></select><pagesize>2000</pagesize></query></function>',
          { login: { companyId: 'demo2' } },
        ),
      );
      const theirs = (sdkParse(other.body).results[0]!.data as Row[]).map((r) => r.JOBID);
      expect(theirs.some((id) => every.some((j) => j.JOBID === id))).toBe(false);
    },
  );

  seed(
    'queue-administration.txt:24',
    'Offline jobs can include CSV imports, reports, contract invoices, check runs, Data Delivery Service jobs, and more. Smart Events are not currently supported.',
    async () => {
      const types = new Set((await allJobs()).map((j) => j.JOBTYPE));
      expect(types.size).toBeGreaterThan(3);
      for (const t of types) expect(JOB_TYPES).toContain(t);
      const smart = await call(
        '<query><object>JOBQUEUERECORD</object><select><field>JOBID</field></select><filter><equalto><field>JOBTYPE</field><value>Smart Events</value></equalto></filter></query>',
      );
      expect(smart.data).toEqual([]);
    },
  );

  seed('queue-administration.txt:31', 'List all the fields and relationships for the offline job object:', async () => {
    const r = await call('<lookup><object>JOBQUEUERECORD</object></lookup>');
    expect(r.status).toBe('success');
    const ids = [...r.raw.matchAll(/<Field><ID>([^<]+)<\/ID>/g)].map((m) => m[1]);
    for (const f of ALL) expect(ids).toContain(f);
    expect(r.raw).toMatch(/<Relationships\s*\/?>/);
  });

  seed('queue-administration.txt:38', 'object	Required	string	Use JOBQUEUERECORD', async () => {
    await failure('<lookup></lookup>', /object/);
  });

  seed('queue-administration.txt:42', 'List the job ID, job type, and time queued for each offline job:', async () => {
    const found = await jobs(['JOBID', 'JOBTYPE', 'TIMEQUEUED']);
    expect(found).toEqual(
      (await allJobs()).map((j) => ({ JOBID: j.JOBID, JOBTYPE: j.JOBTYPE, TIMEQUEUED: j.TIMEQUEUED })),
    );
  });

  seed('queue-administration.txt:54', 'object	Required	string	Use JOBQUEUERECORD', async () => {
    await failure('<query><select><field>JOBID</field></select></query>', /object/);
  });

  seed(
    'queue-administration.txt:55',
    'filter	Optional	object	Filter expression to limit the response to only objects that match the expression.',
    async () => {
      const all = await allJobs();
      const csv = await jobs(
        ['JOBID', 'JOBTYPE', 'STATE'],
        '<filter><and><equalto><field>JOBTYPE</field><value>CSV import</value></equalto><like><field>STATE</field><value>D%</value></like></and></filter>',
      );
      const expected = all.filter((j) => j.JOBTYPE === 'CSV import' && j.STATE!.startsWith('D'));
      expect(expected.length).toBeGreaterThan(0);
      expect(csv).toEqual(expected.map((j) => ({ JOBID: j.JOBID, JOBTYPE: j.JOBTYPE, STATE: j.STATE })));
    },
  );

  seed(
    'queue-administration.txt:56',
    'select	Required	sequence	The names of the fields that you want included in the response, and an optional aggregate function such as count or sum. Returning all fields is not supported.',
    async () => {
      await failure('<query><object>JOBQUEUERECORD</object></query>', /select/);
      await failure('<query><object>JOBQUEUERECORD</object><select><field>*</field></select></query>', /\*/);
      const counts = await rows(
        '<query><object>JOBQUEUERECORD</object><select><field>STATE</field><count>JOBID</count></select></query>',
      );
      const all = await allJobs();
      for (const c of counts) expect(Number(c['COUNT.JOBID'])).toBe(all.filter((j) => j.STATE === c.STATE).length);
    },
  );

  seed(
    'queue-administration.txt:57',
    'orderby	Optional	object	Provide an order element with a field name and choose an ascending or descending sort order, for example:',
    async () => {
      const desc = await jobs(
        ['JOBID', 'TIMEQUEUED'],
        '<orderby><order><field>TIMEQUEUED</field><descending/></order></orderby>',
      );
      const asc = await jobs(
        ['JOBID', 'TIMEQUEUED'],
        '<orderby><order><field>TIMEQUEUED</field><ascending/></order></orderby>',
      );
      const times = asc.map((j) => j.TIMEQUEUED!);
      expect(new Set(times).size).toBeGreaterThan(1);
      expect(times).toEqual([...times].sort());
      expect(desc.map((j) => j.TIMEQUEUED)).toEqual([...times].sort().reverse());
    },
  );

  seed('queue-administration.txt:62', 'options	Optional	object	Query options:', async () => {
    const like = (options: string) =>
      jobs(
        ['JOBID'],
        `<filter><like><field>JOBTYPE</field><value>csv%</value></like></filter><options>${options}</options>`,
      );
    expect(await like('')).toEqual([]);
    const insensitive = await like('<caseinsensitive>true</caseinsensitive>');
    expect(insensitive.length).toBe((await allJobs()).filter((j) => j.JOBTYPE === 'CSV import').length);
    expect(insensitive.length).toBeGreaterThan(0);
    const json = await postRaw(
      gateway().loopback,
      envelope(
        '<function controlid="f"><query><object>JOBQUEUERECORD</object><select><field>JOBID</field></select><options><returnformat>json</returnformat></options><pagesize>3</pagesize></query></function>',
      ),
    );
    expect(JSON.parse(json.body)).toEqual(every.slice(0, 3).map((j) => ({ JOBID: j.JOBID })));
  });

  seed(
    'queue-administration.txt:70',
    'pagesize	Optional	integer	Maximum number of matching objects to return in the response, between 1 and 2000 items (Default: 100)',
    async () => {
      const all = await allJobs();
      expect(all.length).toBeGreaterThan(100);
      const q = (inner: string) =>
        call(`<query><object>JOBQUEUERECORD</object><select><field>JOBID</field></select>${inner}</query>`);
      expect((await q('')).data).toHaveLength(100);
      expect((await q('<pagesize>1</pagesize>')).data).toHaveLength(1);
      expect((await q('<pagesize>0</pagesize>')).status).toBe('failure');
      expect((await q('<pagesize>2001</pagesize>')).status).toBe('failure');
    },
  );

  seed(
    'queue-administration.txt:71',
    'offset	Optional	integer	Point at which to start indexing into records (Default: 0)',
    async () => {
      const all = await allJobs();
      expect(await jobs(['JOBID'], '<offset>0</offset>', 5)).toEqual(await jobs(['JOBID'], '', 5));
      expect(await jobs(['JOBID'], '<offset>7</offset>', 5)).toEqual(all.slice(7, 12).map((j) => ({ JOBID: j.JOBID })));
    },
  );

  seed(
    'queue-administration.txt:76',
    'TIMEQUEUED	Optional	string	Date that the job was queued in format mm/dd/yyyy',
    async () => {
      const all = await allJobs();
      const day = all[Math.floor(all.length / 2)]!.TIMEQUEUED!.slice(0, 10);
      const mmddyyyy = `${day.slice(5, 7)}/${day.slice(8, 10)}/${day.slice(0, 4)}`;
      const found = await jobs(
        ['JOBID'],
        `<filter><greaterthanorequalto><field>TIMEQUEUED</field><value>${mmddyyyy}</value></greaterthanorequalto></filter>`,
      );
      const expected = all.filter((j) => j.TIMEQUEUED!.slice(0, 10) >= day);
      expect(found.length).toBeGreaterThan(0);
      expect(found.length).toBeLessThan(all.length);
      expect(found).toEqual(expected.map((j) => ({ JOBID: j.JOBID })));
    },
  );

  seed(
    'queue-administration.txt:77',
    'STATE	Optional	string	Status of the job. For active jobs, use Q for Queued or T for In progress/In Transit. For processed jobs, use S for Delivered, D for Failed, R for Deferred, or C for Cancelled.',
    async () => {
      const all = await allJobs();
      const codes: Record<string, string> = {
        Q: 'Queued',
        T: 'In Progress',
        S: 'Delivered',
        D: 'Failed',
        R: 'Deferred',
        C: 'Cancelled',
      };
      const byState = (label: string) => all.filter((j) => j.STATE === label).map((j) => ({ JOBID: j.JOBID }));
      for (const [code, label] of Object.entries(codes)) {
        const found = await jobs(
          ['JOBID'],
          `<filter><equalto><field>STATE</field><value>${code}</value></equalto></filter>`,
        );
        expect(found, code).toEqual(byState(label));
      }
      // The demo's history holds delivered and failed jobs at least, so the codes select something.
      expect(byState('Delivered').length).toBeGreaterThan(0);
      const active = await jobs(
        ['JOBID'],
        '<filter><in><field>STATE</field><value>Q</value><value>T</value></in></filter>',
      );
      expect(active).toEqual(
        all.filter((j) => ['Queued', 'In Progress'].includes(j.STATE!)).map((j) => ({ JOBID: j.JOBID })),
      );
      // The answer shows the label (line 97), and a filter by the label keeps working.
      const processed = await jobs(
        ['JOBID', 'STATE'],
        '<filter><notequalto><field>STATE</field><value>S</value></notequalto></filter>',
      );
      expect(processed).toEqual(
        all.filter((j) => j.STATE !== 'Delivered').map((j) => ({ JOBID: j.JOBID, STATE: j.STATE })),
      );
      expect(processed.every((j) => STATES.includes(j.STATE ?? ''))).toBe(true);
      expect(
        await jobs(['JOBID'], '<filter><equalto><field>STATE</field><value>Delivered</value></equalto></filter>'),
      ).toEqual(byState('Delivered'));
      // Codes are exact: case-sensitive unless caseinsensitive (xml-query-and-readbyquery.txt:1047).
      expect(await jobs(['JOBID'], '<filter><equalto><field>STATE</field><value>s</value></equalto></filter>')).toEqual(
        [],
      );
    },
  );

  seed('queue-administration.txt:78', 'JOBTYPE	Optional	string	Job type.', async () => {
    const all = await allJobs();
    for (const type of new Set(all.map((j) => j.JOBTYPE!))) {
      const found = await jobs(
        ['JOBID'],
        `<filter><equalto><field>JOBTYPE</field><value>${esc(type)}</value></equalto></filter>`,
      );
      expect(found, type).toEqual(all.filter((j) => j.JOBTYPE === type).map((j) => ({ JOBID: j.JOBID })));
    }
  });

  seed('queue-administration.txt:91', 'JOBID	string	Unique identifier for the job.', async () => {
    const ids = (await allJobs()).map((j) => j.JOBID);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => id!.length > 0)).toBe(true);
  });

  seed(
    'queue-administration.txt:92',
    'TIMEQUEUED	string	Date that the job was queued in ISO 8601 date time format.',
    async () => {
      for (const j of await allJobs()) expect(j.TIMEQUEUED).toMatch(ISO_TIME);
    },
  );

  seed(
    'queue-administration.txt:93',
    'JOBTYPE	string	Job type. One of DDS job, Asynchronous API requests, CSV import, Scheduled memorized report, Scheduled financial report, Update report, Process & store report, Scheduled report, Email report, Process & store report group, Scheduled report group, Recurring consolidation, Offline consolidation, Run action, Contract invoices, Project invoices, Check run, Confirm check run, Void check run, or Wells Fargo payments.',
    async () => {
      const r = await call('<lookup><object>JOBQUEUERECORD</object></lookup>');
      const field = /<Field><ID>JOBTYPE<\/ID>.*?<\/Field>/s.exec(r.raw)![0];
      const valid = [...field.matchAll(/<VALIDVALUE>([^<]+)<\/VALIDVALUE>/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));
      expect(valid).toEqual(JOB_TYPES);
      for (const j of await allJobs()) expect(JOB_TYPES).toContain(j.JOBTYPE);
    },
  );

  seed(
    'queue-administration.txt:94',
    'ACTION	string	Either the name of the report or record affected by the job, or the action performed by the job.',
    async () => {
      expect((await allJobs()).every((j) => j.ACTION !== '')).toBe(true);
    },
  );

  seed(
    'queue-administration.txt:95',
    'DETAILS	string	Additional details of the job, which might include the record information, report information, send-to email address, or more.',
    async () => {
      expect((await allJobs()).some((j) => j.DETAILS !== '')).toBe(true);
    },
  );

  seed('queue-administration.txt:96', 'USERS	string	User who submitted the job.', async () => {
    const users = new Set(
      (
        await rows(
          '<query><object>USERINFO</object><select><field>LOGINID</field></select><pagesize>2000</pagesize></query>',
        )
      ).map((u) => u.LOGINID),
    );
    for (const j of await allJobs()) expect(users).toContain(j.USERS);
  });

  seed(
    'queue-administration.txt:97',
    'STATE	string	Status of the job. For active jobs, Queued or In Progress. For processed jobs, Delivered, Failed, Deferred, or Cancelled.',
    async () => {
      const states = new Set((await allJobs()).map((j) => j.STATE));
      for (const s of states) expect(STATES).toContain(s);
      expect(states.size).toBeGreaterThan(3);
    },
  );

  seed(
    'queue-administration.txt:98',
    'ACTIVETIME	string	Total time the job took from the start of processing to completion of processing in HH:mm:ss format (called active time in the UI).',
    async () => {
      const done = (await allJobs()).filter((j) => ['Delivered', 'Failed'].includes(j.STATE!));
      expect(done.length).toBeGreaterThan(0);
      for (const j of done) expect(j.ACTIVETIME).toMatch(DURATION);
      for (const j of every.filter((x) => x.STATE === 'Queued')) expect(j.ACTIVETIME).toBe('');
    },
  );

  seed(
    'queue-administration.txt:100',
    'TIMESTARTED	string	Date and time the job started processing in ISO 8601 date time format.',
    async () => {
      const started = (await allJobs()).filter((j) => ['Delivered', 'Failed', 'In Progress'].includes(j.STATE!));
      expect(started.length).toBeGreaterThan(0);
      for (const j of started) {
        expect(j.TIMESTARTED).toMatch(ISO_TIME);
        expect(j.TIMESTARTED! >= j.TIMEQUEUED!).toBe(true);
      }
    },
  );

  const readByQuery = (inner: string) => call(`<readByQuery>${inner}</readByQuery>`);

  seed('queue-administration.txt:111', 'object	Required	string	Use JOBQUEUERECORD', async () => {
    await failure('<readByQuery><fields>JOBID</fields><query></query></readByQuery>', /object/);
  });

  seed(
    'queue-administration.txt:112',
    'fields	Optional	string	Comma-separated list of fields on the object to list. For best performance and predictability, limit the number of fields. To return all fields, omit the element or provide * for the value.',
    async () => {
      const star = await readByQuery(
        '<object>JOBQUEUERECORD</object><fields>*</fields><query></query><pagesize>3</pagesize>',
      );
      const omitted = await readByQuery('<object>JOBQUEUERECORD</object><query></query><pagesize>3</pagesize>');
      const two = await readByQuery(
        '<object>JOBQUEUERECORD</object><fields>JOBID,STATE</fields><query></query><pagesize>3</pagesize>',
      );
      for (const f of ALL) expect(Object.keys(star.data[0]!)).toContain(f);
      expect(omitted.data).toEqual(star.data);
      expect(Object.keys(two.data[0]!)).toEqual(['JOBID', 'STATE']);
    },
  );

  seed(
    'queue-administration.txt:113',
    "query	Required	string	SQL-like query based on fields on the object. The following operators are supported: <, >, >=, <=, =, like, not like, in, not in, IS NOT NULL, IS NULL, AND, OR. Illegal XML characters must be properly encoded, and single quotes must be escaped with backslashes ('Jane\\'s Deli'). Joins are not supported.",
    async () => {
      const all = await allJobs();
      const count = async (query: string) => {
        const r = await readByQuery(
          `<object>JOBQUEUERECORD</object><fields>JOBID</fields><query>${query}</query><pagesize>1</pagesize>`,
        );
        expect(r.status, `${query}: ${r.errors}`).toBe('success');
        return r.r.totalCount;
      };
      const n = (keep: (j: Row) => boolean) => all.filter(keep).length;
      const day = all[Math.floor(all.length / 2)]!.TIMEQUEUED!.slice(0, 10);
      const when = `'${day.slice(5, 7)}/${day.slice(8, 10)}/${day.slice(0, 4)}'`;
      expect(await count(`TIMEQUEUED &lt; ${when}`)).toBe(n((j) => j.TIMEQUEUED!.slice(0, 10) < day));
      expect(await count(`TIMEQUEUED >= ${when}`)).toBe(n((j) => j.TIMEQUEUED!.slice(0, 10) >= day));
      expect(await count("JOBTYPE like 'C%'")).toBe(n((j) => j.JOBTYPE!.startsWith('C')));
      expect(await count("JOBTYPE not like 'C%'")).toBe(n((j) => !j.JOBTYPE!.startsWith('C')));
      expect(await count("STATE in ('Q','S')")).toBe(n((j) => ['Queued', 'Delivered'].includes(j.STATE!)));
      expect(await count("STATE not in ('Q','S')")).toBe(n((j) => !['Queued', 'Delivered'].includes(j.STATE!)));
      expect(await count('TIMESTARTED IS NULL')).toBe(n((j) => j.TIMESTARTED === ''));
      expect(await count("TIMESTARTED IS NOT NULL AND STATE = 'S'")).toBe(
        n((j) => j.TIMESTARTED !== '' && j.STATE === 'Delivered'),
      );
      expect(await count("STATE = 'Q' OR STATE = 'C'")).toBe(n((j) => ['Queued', 'Cancelled'].includes(j.STATE!)));
      expect(await count("ACTION = 'Jane\\'s Deli'")).toBe(0);
      await failure('<readByQuery><object>JOBQUEUERECORD</object><fields>JOBID</fields></readByQuery>', /query/);
      await failure(
        "<readByQuery><object>JOBQUEUERECORD</object><fields>JOBID</fields><query>USERS.LOGINID = 'admin'</query></readByQuery>",
        /join/,
      );
    },
  );

  seed(
    'queue-administration.txt:114',
    'pagesize	Optional	integer	Custom page size between 1 and 1000 items (Default: 100)',
    async () => {
      const q = (size: string) =>
        readByQuery(`<object>JOBQUEUERECORD</object><fields>JOBID</fields><query></query>${size}`);
      expect((await q('')).data).toHaveLength(100);
      expect((await q('<pagesize>1</pagesize>')).data).toHaveLength(1);
      expect((await q('<pagesize>1000</pagesize>')).status).toBe('success');
      expect((await q('<pagesize>1001</pagesize>')).status).toBe('failure');
      expect((await q('<pagesize>0</pagesize>')).status).toBe('failure');
    },
  );

  seed(
    'queue-administration.txt:120',
    'STATE	Optional	string	Status of the job. For active jobs, use Q for Queued or T for In progress/In Transit. For processed jobs, use S for Delivered, D for Failed, R for Deferred, or C for Cancelled.',
    async () => {
      const all = await allJobs();
      const r = await readByQuery(
        "<object>JOBQUEUERECORD</object><fields>JOBID,STATE</fields><query>STATE = 'D'</query><pagesize>1000</pagesize>",
      );
      expect(r.data.length).toBeGreaterThan(0);
      expect(r.data).toEqual(all.filter((j) => j.STATE === 'Failed').map((j) => ({ JOBID: j.JOBID, STATE: j.STATE })));
    },
  );

  const read = (inner: string) => call(`<read>${inner}</read>`);

  seed('queue-administration.txt:160', 'object	Required	string	Use JOBQUEUERECORD', async () => {
    const id = (await allJobs())[0]!.JOBID;
    await failure(`<read><keys>${id}</keys></read>`, /object/);
    expect((await read(`<object>JOBQUEUERECORD</object><keys>${id}</keys>`)).data).toHaveLength(1);
  });

  seed(
    'queue-administration.txt:162',
    'fields	Optional	string	Comma-separated list of fields on the object to get. To return all fields, omit the element or provide * for the value.',
    async () => {
      const [a, b] = (await allJobs()).slice(0, 2).map((j) => j.JOBID);
      const star = await read(`<object>JOBQUEUERECORD</object><keys>${a},${b}</keys><fields>*</fields>`);
      const omitted = await read(`<object>JOBQUEUERECORD</object><keys>${a},${b}</keys>`);
      const one = await read(`<object>JOBQUEUERECORD</object><keys>${a},${b}</keys><fields>STATE</fields>`);
      expect(star.data.map((j) => j.JOBID)).toEqual([a, b]);
      for (const f of ALL) expect(Object.keys(star.data[0]!)).toContain(f);
      expect(omitted.data).toEqual(star.data);
      expect(one.data.map((j) => Object.keys(j))).toEqual([['STATE'], ['STATE']]);
    },
  );

  seed('queue-administration.txt:188', 'object	Required	string	Use JOBQUEUERECORD', async () => {
    const queued = (await allJobs()).find((j) => j.STATE === 'Queued')!.JOBID;
    await failure(`<cancel><keys>${queued}</keys></cancel>`, /object/);
    await failure(`<cancel><object>APBILL</object><keys>${queued}</keys></cancel>`, /JOBQUEUERECORD|APBILL/);
    // Neither refused call cancelled the job.
    expect((await read(`<object>JOBQUEUERECORD</object><keys>${queued}</keys><fields>STATE</fields>`)).data).toEqual([
      { STATE: 'Queued' },
    ]);
  });
});
