// Timesheets written whole with their entries (the official SDK's TimesheetCreate/Update/Delete with
// TimesheetEntryCreate) and approvals: TimesheetApprove/Decline (whole timesheet or ENTRYKEYS), the payment request
// steps ApPaymentApprove/Decline/Send/Confirm (approve_ / decline_ / send_ / confirm_appaymentrequest) and
// PurchasingTransactionApprove/Decline, through the SDK and as raw XML, read back through read, query, readByQuery and
// REST. Sources: Intacct's timesheets reference (russellkt/intacct-mcp-server
// docs/project-resource-mgmt-timesheets.md: create/update tables, "Timesheet entries can be approved if they are in the
// Submitted state"), its AP payments reference (docs/accounts-payable-ap-payments.md, "Approve / Send / Confirm AP
// Payment Request (Legacy)": the functions' <appaymentkeys>, confirm "to confirm checks have been successfully
// printed"), Intacct's help "Payment status descriptions" (Approved: ready to be paid; Delivered: the payment process
// initiated, not yet complete; the request complete once confirmed to the General Ledger: APPYMT STATE Confirmed), its
// purchasing transactions reference (docs/purchasing-purchasing-transactions.md, "Approve Purchasing Transactions"),
// and the REST OpenAPI's purchasing approve ("the state changes from submitted or partiallyApproved to approved",
// lorenz-bus-service/node-intacct-rest-api spec/purchasing.json).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../support/databases.ts';
import { gatewayDatabase, IA, startGateway, type Gateway } from '../xml/support/gateway-harness.ts';
import {
  catalog,
  execute,
  expectWriteRefused,
  first,
  postFunction,
  query,
  read,
  readAlike,
  restDate,
  restGet,
  restMismatches,
  restToken,
  type Rec,
} from './write-harness.ts';

const P = IA.Functions.Projects;
const AP = IA.Functions.AccountsPayable;

/** One of the reference's `*_appaymentrequest` functions as raw XML, naming `keys`. */
const paymentRequestXml = (fn: string, ...keys: string[]) =>
  `<${fn}><appaymentkeys>${keys.map((k) => `<appaymentkey>${k}</appaymentkey>`).join('')}</appaymentkeys></${fn}>`;
const HEADER = ['RECORDNO', 'EMPLOYEEID', 'BEGINDATE', 'DESCRIPTION', 'STATE', 'APPROVEDBY'];
const REQUEST = ['RECORDNO', 'STATE', 'VENDORID', 'TOTALENTERED'];
const ENTRY = ['RECORDNO', 'TIMESHEETKEY', 'LINENO', 'STATE', 'ENTRYDATE', 'QTY', 'PROJECTID', 'TASKKEY', 'EMPLOYEEID'];

/** A top-level employee and a task of a top-level project: a timesheet of theirs stays at the top level. */
async function topLevelWork(g: Gateway): Promise<{ employee: string; task: Rec }> {
  const employees = await query(g, 'EMPLOYEE', ['EMPLOYEEID', 'MEGAENTITYID'], 'STATUS', 'active', 2000);
  const projects = new Set(
    (await query(g, 'PROJECT', ['PROJECTID', 'MEGAENTITYID'], undefined, undefined, 2000))
      .filter((p) => !p.MEGAENTITYID)
      .map((p) => p.PROJECTID),
  );
  const tasks = await query(g, 'TASK', ['RECORDNO', 'PROJECTID'], undefined, undefined, 2000);
  return {
    employee: employees.find((e) => !e.MEGAENTITYID)!.EMPLOYEEID!,
    task: tasks.find((t) => projects.has(t.PROJECTID))!,
  };
}

describe.each(BACKENDS)('approvals and timesheets on %s', (backend) => {
  const { url, cleanup } = gatewayDatabase(backend);
  let g: Gateway;
  let token: string;
  let work: { readonly employee: string; readonly task: Rec };
  beforeAll(async () => {
    g = await startGateway(url);
    [token, work] = await Promise.all([restToken(g), topLevelWork(g)]);
  });
  afterAll(async () => {
    await g?.close();
    await cleanup();
  });

  /** The timesheet as query sees it, equal through read, readByQuery and REST GET time/timesheet/{key}. */
  async function timesheet(recordNo: string | number): Promise<Rec> {
    const row = await readAlike(g, 'TIMESHEET', HEADER, recordNo);
    const o = catalog.require('TIMESHEET');
    const rest = (await restGet(g, o, String(recordNo), token))!;
    const { BEGINDATE: date, ...others } = row;
    expect(restMismatches(o, others, rest)).toEqual([]);
    expect(rest.beginDate).toBe(restDate(date!));
    return row;
  }

  /** The timesheet's entries in line order: [LINENO, STATE, QTY, …]. */
  async function entries(recordNo: string | number): Promise<Rec[]> {
    const rows = await query(g, 'TIMESHEETENTRY', ENTRY, 'TIMESHEETKEY', String(recordNo));
    return rows.sort((a, b) => Number(a.LINENO) - Number(b.LINENO));
  }

  function entry(day: number, hours: number): InstanceType<typeof P.TimesheetEntryCreate> {
    const e = new P.TimesheetEntryCreate();
    e.entryDate = new Date(2025, 5, day);
    e.quantity = hours;
    e.description = `Day ${day}`;
    e.projectId = work.task.PROJECTID!;
    e.taskRecordNo = Number(work.task.RECORDNO);
    e.billable = true;
    return e;
  }

  async function createTimesheet(action: string | undefined, days: number[]): Promise<string> {
    const t = new P.TimesheetCreate();
    t.employeeId = work.employee;
    t.beginDate = new Date(2025, 5, 2);
    t.description = 'Week 23';
    if (action) t.action = action;
    t.entries = days.map((d) => entry(d, d % 2 === 0 ? 8 : 6.5));
    const r = await execute(g, t);
    return (r.data as Rec[])[0]!.RECORDNO!;
  }

  it('the demo has timesheets of its employees on its tasks, some submitted and waiting for approval', async () => {
    const sheets = await query(g, 'TIMESHEET', ['RECORDNO', 'STATE', 'EMPLOYEEID'], undefined, undefined, 2000);
    expect(sheets.length).toBeGreaterThan(3);
    expect(sheets.some((s) => s.STATE === 'Submitted')).toBe(true);
    const lines = await query(g, 'TIMESHEETENTRY', ENTRY, undefined, undefined, 2000);
    for (const s of sheets) {
      const mine = lines.filter((l) => l.TIMESHEETKEY === s.RECORDNO);
      expect(mine.length).toBeGreaterThan(0);
      expect(new Set(mine.map((l) => l.EMPLOYEEID))).toEqual(new Set([s.EMPLOYEEID]));
    }
    // The entry's timesheet and task read through the relationships.
    const [viaPath] = await query(
      g,
      'TIMESHEETENTRY',
      ['TIMESHEET.EMPLOYEEID', 'TASK.PROJECTID', 'PROJECTID'],
      undefined,
      undefined,
      1,
    );
    expect(viaPath!['TIMESHEET.EMPLOYEEID']).toBeTruthy();
    expect(viaPath!['TASK.PROJECTID']).toBe(viaPath!.PROJECTID);
  });

  it('TimesheetCreate writes the timesheet with its entries (Draft by default, numbered, in its state)', async () => {
    const draft = await createTimesheet(undefined, [2, 3]);
    expect(await timesheet(draft)).toMatchObject({
      EMPLOYEEID: work.employee,
      BEGINDATE: '06/02/2025',
      STATE: 'Draft',
    });
    const lines = await entries(draft);
    expect(lines.map((l) => [l.LINENO, l.STATE, l.QTY, l.ENTRYDATE, l.EMPLOYEEID])).toEqual([
      ['1', 'Draft', '8', '06/02/2025', work.employee],
      ['2', 'Draft', '6.5', '06/03/2025', work.employee],
    ]);
    const rest = (await restGet(g, catalog.require('TIMESHEETENTRY'), lines[0]!.RECORDNO!, token))!;
    expect(rest).toMatchObject({ lineNumber: 1, state: 'draft', timesheet: { key: draft } });
    const { ENTRYDATE: day, ...entryOthers } = lines[0]!;
    expect(restMismatches(catalog.require('TIMESHEETENTRY'), entryOthers, rest)).toEqual([]);
    expect(rest.entryDate).toBe(restDate(day!));
    const submitted = await createTimesheet('Submitted', [4]);
    expect((await timesheet(submitted)).STATE).toBe('Submitted');
    expect((await entries(submitted)).map((l) => l.STATE)).toEqual(['Submitted']);
  });

  it('REST POST time/timesheet writes the timesheet with its lines, as the XML create with TIMESHEETENTRIES', async () => {
    // scripts/openapi-subsets/time.json objects.time.timesheet: employee, beginDate, state, description and lines, an
    // array of objects.time.timesheet-line (entryDate, quantity, description, dimensions.project/task …); the entries'
    // employee and state are the timesheet's (dimensions.employee and state are readOnly there).
    const at = `http://127.0.0.1:${g.port}/ia/api/v1/objects/time/timesheet`;
    const post = (body: Record<string, unknown>) =>
      fetch(at, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, any> }));
    const line = (day: string, quantity: number) => ({
      entryDate: day,
      quantity,
      description: `REST ${day}`,
      dimensions: { project: { id: work.task.PROJECTID }, task: { key: work.task.RECORDNO } },
    });
    const body = {
      employee: { id: work.employee },
      beginDate: '2025-06-09',
      lines: [line('2025-06-09', 7), line('2025-06-10', 1.5)],
    };
    const created = await post(body);
    expect(created.status).toBe(201);
    const key = created.body['ia::result'].key as string;
    expect(await timesheet(key)).toMatchObject({ EMPLOYEEID: work.employee, BEGINDATE: '06/09/2025', STATE: 'Draft' });
    expect((await entries(key)).map((l) => [l.LINENO, l.STATE, l.QTY, l.ENTRYDATE, l.EMPLOYEEID, l.TASKKEY])).toEqual([
      ['1', 'Draft', '7', '06/09/2025', work.employee, work.task.RECORDNO],
      ['2', 'Draft', '1.5', '06/10/2025', work.employee, work.task.RECORDNO],
    ]);
    // As the XML create: at least one entry; a line's unknown key is refused naming it.
    const none = await post({ ...body, lines: [] });
    expect([none.status, none.body['ia::result']['ia::error'].errorId]).toEqual([422, 'write.required-field']);
    const typo = await post({ ...body, lines: [{ ...line('2025-06-09', 1), quantty: 2 }] });
    expect([typo.status, typo.body['ia::result']['ia::error'].details[0].target]).toEqual([422, 'quantty']);
  });

  it('a timesheet without entries, in a state a write cannot set, or a bare entry is refused', async () => {
    const t = new P.TimesheetCreate();
    t.employeeId = work.employee;
    t.beginDate = new Date(2025, 5, 2);
    await expectWriteRefused(execute(g, t), /needs at least one TIMESHEETENTRY/);
    t.entries = [entry(2, 8)];
    t.action = 'Approved';
    await expectWriteRefused(
      execute(g, t),
      /Invalid value for STATE of TIMESHEET: "Approved"; a write sets Draft or Submitted/,
    );
    const both = await postFunction(
      g,
      `<create><TIMESHEET><EMPLOYEEID>${work.employee}</EMPLOYEEID><BEGINDATE>06/02/2025</BEGINDATE><TIMESHEETENTRIES><TIMESHEETENTRY>` +
        `<ENTRYDATE>06/02/2025</ENTRYDATE><QTY>1</QTY><TASKKEY>${work.task.RECORDNO}</TASKKEY><TASKID>T1</TASKID></TIMESHEETENTRY></TIMESHEETENTRIES></TIMESHEET></create>`,
    );
    expect(both.body).toContain('names its task by TASKKEY or TASKID, not both');
    const bare = await postFunction(
      g,
      `<create><TIMESHEETENTRY><ENTRYDATE>06/02/2025</ENTRYDATE><QTY>1</QTY></TIMESHEETENTRY></create>`,
    );
    expect(bare.status).toBe('failure');
    expect(bare.body).toMatch(/TIMESHEETENTRY record is written/);
  });

  it('TimesheetApprove by ENTRYKEYS approves those entries (Partially Approved), then the rest; a second approval is refused', async () => {
    const key = await createTimesheet('Submitted', [2, 3, 4]);
    const [one, two, three] = await entries(key);
    const approve = new P.TimesheetApprove();
    approve.recordNo = Number(key);
    approve.lineRecordNo = [Number(one!.RECORDNO)];
    approve.comment = 'First day checked';
    await execute(g, approve);
    expect((await entries(key)).map((l) => l.STATE)).toEqual(['Approved', 'Submitted', 'Submitted']);
    expect(await timesheet(key)).toMatchObject({ STATE: 'Partially Approved', APPROVEDBY: 'admin' });
    // Approving an entry that is no longer submitted names it.
    await expectWriteRefused(
      execute(g, approve),
      new RegExp(`TIMESHEETENTRY ${one!.RECORDNO} is Approved, not awaiting approval`),
    );
    // The reference's raw example: without ENTRYKEYS every submitted entry is approved.
    const all = await postFunction(
      g,
      `<approve><TIMESHEET><RECORDNO>${key}</RECORDNO><COMMENT>Approved by James</COMMENT></TIMESHEET></approve>`,
    );
    expect(all.status).toBe('success');
    expect((await entries(key)).map((l) => l.STATE)).toEqual(['Approved', 'Approved', 'Approved']);
    expect((await timesheet(key)).STATE).toBe('Approved');
    const again = new P.TimesheetApprove();
    again.recordNo = Number(key);
    await expectWriteRefused(execute(g, again), new RegExp(`TIMESHEET ${key} is Approved, not awaiting approval`));
    // Approved time is not rewritten.
    const update = new P.TimesheetUpdate();
    update.recordNo = Number(key);
    update.description = 'Changed';
    await expectWriteRefused(execute(g, update), /has approved entries .* and cannot be updated/);
    expect([two, three].every(Boolean)).toBe(true);
  });

  it('TimesheetDecline declines entries (Partially Declined, then Declined); names, owners and drafts are checked', async () => {
    const key = await createTimesheet('Submitted', [2, 3]);
    const [one, two] = await entries(key);
    const decline = new P.TimesheetDecline();
    decline.recordNo = Number(key);
    decline.lineRecordNo = [Number(two!.RECORDNO)];
    decline.comment = 'Wrong task';
    await execute(g, decline);
    expect((await entries(key)).map((l) => l.STATE)).toEqual(['Submitted', 'Declined']);
    expect((await timesheet(key)).STATE).toBe('Partially Declined');
    // An entry of another timesheet, and an unknown user on whose behalf, are refused by name.
    const other = await createTimesheet('Submitted', [5]);
    const [foreign] = await entries(other);
    const wrong = await postFunction(
      g,
      `<decline><TIMESHEET><RECORDNO>${key}</RECORDNO><ENTRYKEYS>${foreign!.RECORDNO}</ENTRYKEYS></TIMESHEET></decline>`,
    );
    expect(wrong.status).toBe('failure');
    expect(wrong.body).toContain(`no TIMESHEETENTRY ${foreign!.RECORDNO} on TIMESHEET ${key}`);
    const proxy = await postFunction(
      g,
      `<decline><TIMESHEET><RECORDNO>${key}</RECORDNO><DECLINEDBY>nobody-here</DECLINEDBY></TIMESHEET></decline>`,
    );
    expect(proxy.body).toContain("Invalid DECLINEDBY 'nobody-here' specified");
    const all = new P.TimesheetDecline();
    all.recordNo = Number(key);
    await execute(g, all);
    expect((await entries(key)).map((l) => l.STATE)).toEqual(['Declined', 'Declined']);
    expect((await timesheet(key)).STATE).toBe('Declined');
    expect(one).toBeDefined();
    // A draft is not awaiting approval.
    const draft = await createTimesheet('Draft', [6]);
    const approveDraft = new P.TimesheetApprove();
    approveDraft.recordNo = Number(draft);
    await expectWriteRefused(
      execute(g, approveDraft),
      new RegExp(`TIMESHEET ${draft} is Draft, not awaiting approval`),
    );
  });

  it('TimesheetUpdate replaces the entries and resubmits a declined timesheet; TimesheetDelete takes its entries', async () => {
    const key = await createTimesheet('Submitted', [2]);
    const decline = new P.TimesheetDecline();
    decline.recordNo = Number(key);
    await execute(g, decline);
    const update = new P.TimesheetUpdate();
    update.recordNo = Number(key);
    update.description = 'Corrected';
    update.entries = [entry(2, 7), entry(3, 1)];
    await execute(g, update);
    expect(await timesheet(key)).toMatchObject({ DESCRIPTION: 'Corrected', STATE: 'Submitted' });
    expect((await entries(key)).map((l) => [l.LINENO, l.STATE, l.QTY])).toEqual([
      ['1', 'Submitted', '7'],
      ['2', 'Submitted', '1'],
    ]);
    const del = new P.TimesheetDelete();
    del.recordNo = Number(key);
    await execute(g, del);
    expect(await query(g, 'TIMESHEET', ['RECORDNO'], 'RECORDNO', key)).toEqual([]);
    expect(await entries(key)).toEqual([]);
  });

  it('ApPaymentApprove / ApPaymentDecline move submitted payment requests; a posted payment is refused', async () => {
    const requests = await query(g, 'APPYMT', ['RECORDNO', 'STATE'], 'STATE', 'Submitted', 10);
    expect(requests.length).toBeGreaterThanOrEqual(2);
    const [a, b] = requests;
    await execute(g, new IA.Functions.AccountsPayable.ApPaymentApprove(Number(a!.RECORDNO)));
    await execute(g, new IA.Functions.AccountsPayable.ApPaymentDecline(Number(b!.RECORDNO)));
    const o = catalog.require('APPYMT');
    for (const [r, state, rest] of [
      [a!, 'Approved', 'approved'],
      [b!, 'Declined', 'declined'],
    ] as const) {
      expect((await query(g, 'APPYMT', ['STATE'], 'RECORDNO', r.RECORDNO))[0]!.STATE).toBe(state);
      expect((await restGet(g, o, r.RECORDNO!, token))!.state).toBe(rest);
    }
    const posted = await first(g, 'APPYMT', ['RECORDNO'], 'STATE', 'Posted');
    await expectWriteRefused(
      execute(g, new IA.Functions.AccountsPayable.ApPaymentApprove(Number(posted.RECORDNO))),
      new RegExp(`APPYMT ${posted.RECORDNO} is Posted, not awaiting approval`),
    );
    // The reference's raw form: the already approved request is not approved twice.
    const raw = await postFunction(
      g,
      `<approve_appaymentrequest><appaymentkeys><appaymentkey>${a!.RECORDNO}</appaymentkey></appaymentkeys></approve_appaymentrequest>`,
    );
    expect(raw.status).toBe('failure');
    expect(raw.body).toContain(`APPYMT ${a!.RECORDNO} is Approved, not awaiting approval`);
  });

  /** The request's STATE, the same through query, read and readByQuery, and REST GET's state. */
  async function requestState(recordNo: string): Promise<{ xml: string; rest: unknown }> {
    const row = await readAlike(g, 'APPYMT', REQUEST, recordNo);
    const rest = await restGet(g, catalog.require('APPYMT'), recordNo, token);
    return { xml: row.STATE!, rest: rest!.state };
  }

  /** `n` demo payment requests in `state` (the demo seeds Submitted and Partially Approved ones, a few of each). */
  async function requests(n: number, state = 'Submitted'): Promise<string[]> {
    const rows = await query(g, 'APPYMT', ['RECORDNO'], 'STATE', state, n);
    expect(rows.length).toBe(n);
    return rows.map((r) => r.RECORDNO!);
  }

  it('ApPaymentApprove, ApPaymentSend, ApPaymentConfirm take a submitted request to Delivered, then Confirmed', async () => {
    const [key] = await requests(1);
    const before = await readAlike(g, 'APPYMT', REQUEST, key!);
    await execute(g, new AP.ApPaymentApprove(Number(key)));
    expect(await requestState(key!)).toEqual({ xml: 'Approved', rest: 'approved' });
    await execute(g, new AP.ApPaymentSend(Number(key)));
    expect(await requestState(key!)).toEqual({ xml: 'Delivered', rest: 'delivered' });
    await execute(g, new AP.ApPaymentConfirm(Number(key)));
    expect(await requestState(key!)).toEqual({ xml: 'Confirmed', rest: 'confirmed' });
    // Only the state moves: the vendor and amounts are the request's.
    expect(await readAlike(g, 'APPYMT', REQUEST, key!)).toEqual({ ...before, STATE: 'Confirmed' });
  });

  it('the reference raw XML: send and confirm several keys; an approved check request is confirmed without send', async () => {
    const [a, b, c] = await requests(3);
    expect((await postFunction(g, paymentRequestXml('approve_appaymentrequest', a!, b!, c!))).status).toBe('success');
    const sent = await postFunction(g, paymentRequestXml('send_appaymentrequest', a!, b!));
    expect(sent.status).toBe('success');
    for (const k of [a!, b!]) expect((await requestState(k)).xml).toBe('Delivered');
    const confirmed = await postFunction(g, paymentRequestXml('confirm_appaymentrequest', a!, c!));
    expect(confirmed.status).toBe('success');
    expect((await requestState(a!)).xml).toBe('Confirmed');
    expect((await requestState(b!)).xml).toBe('Delivered');
    expect((await requestState(c!)).xml).toBe('Confirmed');
  });

  it('a step out of order is refused by name and state, and nothing named moves', async () => {
    const [[s], [t]] = await Promise.all([requests(1), requests(1, 'Partially Approved')]);
    // Not yet approved: neither sent nor confirmed.
    await expectWriteRefused(
      execute(g, new AP.ApPaymentSend(Number(s))),
      new RegExp(`APPYMT ${s} is Submitted: only an Approved payment request can be sent`),
    );
    await expectWriteRefused(
      execute(g, new AP.ApPaymentConfirm(Number(s))),
      new RegExp(`APPYMT ${s} is Submitted: only an Approved or Delivered payment request can be confirmed`),
    );
    // A batch with one request out of order moves none of them.
    await execute(g, new AP.ApPaymentApprove(Number(t)));
    const mixed = await postFunction(g, paymentRequestXml('send_appaymentrequest', t!, s!));
    expect(mixed.status).toBe('failure');
    expect(mixed.body).toContain(`APPYMT ${s} is Submitted`);
    expect((await requestState(t!)).xml).toBe('Approved');
    // Sent once, not again; confirmed, neither sent, confirmed nor approved again.
    await execute(g, new AP.ApPaymentSend(Number(t)));
    await expectWriteRefused(
      execute(g, new AP.ApPaymentSend(Number(t))),
      new RegExp(`APPYMT ${t} is Delivered: only an Approved payment request can be sent`),
    );
    await execute(g, new AP.ApPaymentConfirm(Number(t)));
    const again = await postFunction(g, paymentRequestXml('confirm_appaymentrequest', t!));
    expect(again.status).toBe('failure');
    expect(again.body).toContain(`APPYMT ${t} is Confirmed: only an Approved or Delivered payment request`);
    await expectWriteRefused(
      execute(g, new AP.ApPaymentApprove(Number(t))),
      new RegExp(`APPYMT ${t} is Confirmed, not awaiting approval`),
    );
    // A declined or posted payment is no request to send.
    const posted = (await query(g, 'APPYMT', ['RECORDNO'], 'STATE', 'Posted', 1))[0]!.RECORDNO!;
    await expectWriteRefused(
      execute(g, new AP.ApPaymentSend(Number(posted))),
      new RegExp(`APPYMT ${posted} is Posted: only an Approved payment request can be sent`),
    );
    await execute(g, new AP.ApPaymentDecline(Number(s)));
    await expectWriteRefused(
      execute(g, new AP.ApPaymentConfirm(Number(s))),
      new RegExp(`APPYMT ${s} is Declined: only an Approved or Delivered payment request can be confirmed`),
    );
    // An unknown record number is refused, as approval refuses it.
    const unknown = await postFunction(g, paymentRequestXml('send_appaymentrequest', '99999999'));
    expect(unknown.status).toBe('failure');
  });
  it('PurchasingTransactionApprove / Decline move submitted purchasing transactions by DOCID', async () => {
    const submitted = await query(g, 'PODOCUMENT', ['RECORDNO', 'DOCID', 'STATE'], 'STATE', 'Submitted', 10);
    expect(submitted.length).toBeGreaterThanOrEqual(2);
    const [a, b] = submitted;
    const approve = new IA.Functions.Purchasing.PurchasingTransactionApprove();
    approve.externalId = a!.DOCID!;
    approve.comment = 'Final approval for the quarter';
    await execute(g, approve);
    const raw = await postFunction(
      g,
      `<decline><PODOCUMENT><DOCID>${b!.DOCID}</DOCID><COMMENT>Need to wait on this</COMMENT></PODOCUMENT></decline>`,
    );
    expect(raw.status).toBe('success');
    const o = catalog.require('PODOCUMENT');
    for (const [r, state, rest] of [
      [a!, 'Approved', 'approved'],
      [b!, 'Declined', 'declined'],
    ] as const) {
      expect((await read(g, 'PODOCUMENT', r.RECORDNO!))!.STATE).toBe(state);
      expect((await restGet(g, o, r.RECORDNO!, token))!.state).toBe(rest);
    }
    await expectWriteRefused(
      execute(g, approve),
      new RegExp(`PODOCUMENT ${a!.DOCID} is Approved, not awaiting approval`),
    );
    const unknown = new IA.Functions.Purchasing.PurchasingTransactionDecline();
    unknown.externalId = 'Purchase Order-NOPE';
    await expectWriteRefused(execute(g, unknown), /No PODOCUMENT record with DOCID 'Purchase Order-NOPE' exists/);
    const extra = await postFunction(
      g,
      `<approve><PODOCUMENT><DOCID>${b!.DOCID}</DOCID><STATE>Approved</STATE></PODOCUMENT></approve>`,
    );
    expect(extra.body).toContain('STATE is not a parameter of approve PODOCUMENT');
    const other = await postFunction(g, `<approve><APBILL><RECORDNO>1</RECORDNO></APBILL></approve>`);
    expect(other.status).toBe('failure');
    expect(other.body).toContain('approve takes one TIMESHEET or PODOCUMENT element');
  });

  it('a timesheet belongs to its employee’s entity: another entity cannot approve it, its own can', async () => {
    const employees = await query(g, 'EMPLOYEE', ['EMPLOYEEID', 'MEGAENTITYID'], undefined, undefined, 2000);
    const entityOf = new Map(employees.map((e) => [e.EMPLOYEEID!, e.MEGAENTITYID ?? '']));
    const sheets = await query(g, 'TIMESHEET', ['RECORDNO', 'EMPLOYEEID'], 'STATE', 'Submitted', 2000);
    const owned = sheets.find((s) => entityOf.get(s.EMPLOYEEID!));
    expect(owned).toBeDefined();
    const entity = entityOf.get(owned!.EMPLOYEEID!)!;
    const elsewhere = entity === 'US' ? 'UK' : 'US';
    const approve = `<approve><TIMESHEET><RECORDNO>${owned!.RECORDNO}</RECORDNO></TIMESHEET></approve>`;
    const r = await postFunction(g, approve, { entityId: elsewhere });
    expect(r.status).toBe('failure');
    expect(r.body).toContain(`No TIMESHEET record with RECORDNO '${owned!.RECORDNO}' exists`);
    expect((await postFunction(g, approve, { entityId: entity })).status).toBe('success');
    expect((await timesheet(owned!.RECORDNO!)).STATE).toBe('Approved');
    // Written at the top level for that employee, a timesheet and its entries go into the employee's entity.
    const t = new P.TimesheetCreate();
    t.employeeId = owned!.EMPLOYEEID!;
    t.beginDate = new Date(2025, 5, 9);
    const e = new P.TimesheetEntryCreate();
    e.entryDate = new Date(2025, 5, 9);
    e.quantity = 3;
    t.entries = [e];
    const key = ((await execute(g, t)).data as Rec[])[0]!.RECORDNO!;
    for (const [login, seen] of [
      [{ entityId: entity }, 1],
      [{ entityId: elsewhere }, 0],
    ] as const) {
      expect(await query(g, 'TIMESHEET', ['RECORDNO'], 'RECORDNO', key, 100, login)).toHaveLength(seen);
      expect(await query(g, 'TIMESHEETENTRY', ['RECORDNO'], 'TIMESHEETKEY', key, 100, login)).toHaveLength(seen);
    }
  });
});
