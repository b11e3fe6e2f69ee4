// The console's queue administration in real Chromium: sign-in, filters, paging, live refresh, promote/cancel, imports,
// downloads.

import { readFile } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findCompany } from '../../src/auth/tenancy.ts';
import { join, p, sql } from '../../src/store/sql.ts';
import { BACKENDS } from '../support/databases.ts';
import {
  launchBrowser,
  poll,
  restTotal,
  openPage,
  screenshots,
  signIn,
  startConsoleServer,
  type ConsoleServer,
  type WatchedPage,
} from './console-support.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe.each(BACKENDS)('console queue administration on %s', (backend) => {
  let s: ConsoleServer;
  let w: WatchedPage;

  beforeAll(async () => {
    s = await startConsoleServer(backend);
    w = await openPage(browser, s.url);
  });
  afterAll(async () => {
    await w?.context.close();
    await s?.close();
  });

  const jobIds = async (company: string, state: string) => {
    const c = (await findCompany(s.server.db, company))!;
    const rows = await s.server.db.all<{ job_id: string }>(
      sql`SELECT jobid AS job_id FROM o_jobqueuerecord WHERE company_key = ${p(c.key)} AND state = ${p(state)} ORDER BY jobid`,
    );
    return rows.map((r) => r.job_id);
  };

  it('serves the page at / and keeps JSON 404s for other paths', async () => {
    const page = await fetch(`${s.url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const missing = await fetch(`${s.url}/no/such/path`);
    expect(missing.status).toBe(404);
    expect((await missing.json())['ia::result']['ia::error']).toMatchObject({ errorId: 'bind.unknown-record' });
    // The console's own API: explain needs a bearer token; a refused OAuth client leaves no gateway session behind.
    const explain = await fetch(`${s.url}/console/api/explain`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query":"{}"}',
    });
    expect(explain.status).toBe(401);
    const before = await s.server.db.all(sql`SELECT session_hash FROM lq_session`);
    const refused = await fetch(`${s.url}/console/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        companyId: 'demo',
        userId: 'admin',
        password: 'admin',
        senderId: 'ledgerq',
        senderPassword: 'ledgerq',
        clientId: 'ledgerq-demo',
        clientSecret: 'wrong',
      }),
    });
    expect(refused.status).toBe(401);
    expect((await refused.json())['ia::result']['ia::error']).toMatchObject({ errorId: 'auth.invalid-client' });
    expect(await s.server.db.all(sql`SELECT session_hash FROM lq_session`)).toHaveLength(before.length);
  });

  it('refuses a wrong password with the sign-in error in the page, then signs in and lists the queue', async () => {
    const { page } = w;
    await page.goto('/');
    await screenshots(page, backend, 'sign-in');
    await page.getByLabel('Company ID').fill('demo');
    await page.getByLabel('User ID').fill('admin');
    await page.getByLabel('Password', { exact: true }).fill('wrong');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await poll(() => page.getByRole('alert').textContent()).toMatch(
      /Sign-in failed: .*Sign-in information is incorrect/,
    );
    await signIn(page, { company: 'demo', user: 'admin', password: 'admin' });
    const summary = page.locator('#queue-summary');
    await poll(() => summary.textContent()).toMatch(/^Jobs 1–50 of \d+/);
    const total = Number(/of (\d+)/.exec((await summary.textContent())!)![1]);
    const c = (await findCompany(s.server.db, 'demo'))!;
    const [count] = await s.server.db.all<{ n: number | string }>(
      sql`SELECT COUNT(*) AS n FROM o_jobqueuerecord WHERE company_key = ${p(c.key)}`,
    );
    expect(total).toBe(Number(count!.n));
    // The seed's ten columns, the five a reader scans first leading.
    const headers = await page.locator('table thead th').allTextContents();
    expect(headers.map((h) => h.replace(/[ ▲▼]+$/, ''))).toEqual([
      'JOBID',
      'JOBTYPE',
      'STATE',
      'TIMEQUEUED',
      'ACTION',
      'DETAILS',
      'USERS',
      'ACTIVETIME',
      'WAITINQUEUE',
      'TIMESTARTED',
    ]);
    // At 1280 px those five lie inside the table's visible box: no sideways scrolling to see a job's state.
    const box = (await page.locator('.table-wrap').first().boundingBox())!;
    for (const name of ['JOBID', 'JOBTYPE', 'STATE', 'TIMEQUEUED', 'ACTION']) {
      const th = (await page.locator('table thead th').filter({ hasText: name }).first().boundingBox())!;
      expect(th.x + th.width, name).toBeLessThanOrEqual(box.x + box.width);
    }
    await screenshots(page, backend, 'queue');
    // The wrong password's 401 from the console's sign-in API, and nothing else.
    w.assertClean([401]);
  });

  it('filters by state, type and date, sorts by a column and pages through the result', async () => {
    const { page } = w;
    await page.getByLabel('State', { exact: true }).selectOption('Delivered');
    await page.getByLabel('Job type', { exact: true }).selectOption('CSV import');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    const summary = page.locator('#queue-summary');
    await poll(async () => [...new Set(await page.locator('tbody tr td:nth-child(3)').allTextContents())]).toEqual([
      'Delivered',
    ]);
    expect([...new Set(await page.locator('tbody tr td:nth-child(2)').allTextContents())]).toEqual(['CSV import']);
    const c = (await findCompany(s.server.db, 'demo'))!;
    const [n] = await s.server.db.all<{ n: number | string }>(
      sql`SELECT COUNT(*) AS n FROM o_jobqueuerecord WHERE company_key = ${p(c.key)} AND state = ${p('Delivered')} AND jobtype = ${p('CSV import')}`,
    );
    await poll(() => summary.textContent()).toMatch(new RegExp(`of ${Number(n!.n)} `));

    // Date range: only jobs queued in the window the filter names.
    await page.getByRole('button', { name: 'Clear' }).click();
    const times = (
      await s.server.db.all<{ t: string }>(
        sql`SELECT timequeued AS t FROM o_jobqueuerecord WHERE company_key = ${p(c.key)} ORDER BY timequeued`,
      )
    ).map((r) => String(r.t));
    const day = times[Math.floor(times.length / 2)]!.slice(0, 10);
    await page.getByLabel('Queued from', { exact: true }).fill(day);
    await page.getByLabel('Queued to', { exact: true }).fill(day);
    await page.getByRole('button', { name: 'Apply filters' }).click();
    const expected = times.filter((t) => t.slice(0, 10) === day).length;
    await poll(() => summary.textContent()).toMatch(new RegExp(`of ${expected} `));
    for (const t of await page.locator('tbody tr td:nth-child(4)').allTextContents()) expect(t.slice(0, 10)).toBe(day);

    // Sorting by JOBID ascending, then paging: page 2 continues where page 1 ended.
    await page.getByRole('button', { name: 'Clear' }).click();
    await poll(() => summary.textContent()).toMatch(/^Jobs 1–50 of 300 /);
    await page.getByRole('button', { name: 'Sort by JOBID' }).click();
    await poll(() => page.locator('th[aria-sort="ascending"]').textContent()).toMatch(/JOBID/);
    const all = (
      await s.server.db.all<{ jobid: string }>(sql`SELECT jobid FROM o_jobqueuerecord WHERE company_key = ${p(c.key)}`)
    )
      .map((r) => r.jobid)
      .sort();
    await poll(() => page.locator('tbody tr td:nth-child(1)').allTextContents()).toEqual(all.slice(0, 50));
    await page.getByRole('button', { name: 'Next page ›' }).click();
    await poll(() => page.locator('tbody tr td:nth-child(1)').allTextContents()).toEqual(all.slice(50, 100));
    await poll(() => summary.textContent()).toMatch(/^Jobs 51–100 of 300 /);
    w.assertClean();
  });

  it('opens a job with the keyboard, promotes a queued job and cancels another, as the XML gateway records them', async () => {
    const { page } = w;
    await page.getByLabel('State', { exact: true }).selectOption('Queued');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await poll(async () => [...new Set(await page.locator('tbody tr td:nth-child(3)').allTextContents())]).toEqual([
      'Queued',
    ]);
    const [first, second] = await page.locator('tbody tr td:nth-child(1)').allTextContents();
    // Keyboard only: focus the job's link and press Enter; focus moves to the detail's heading.
    await page.getByRole('button', { name: `Job ${first}` }).focus();
    await page.keyboard.press('Enter');
    await poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe(`Job ${first}`);
    await poll(() => page.locator('dl.detail').textContent()).toContain('Queued');
    await screenshots(page, backend, 'job-detail', page.locator('#job-detail-title'));
    await page.getByRole('button', { name: 'Promote' }).click();
    await poll(() => page.getByRole('status').textContent()).toBe(`Job ${first} promoted to the head of the queue`);
    const c = (await findCompany(s.server.db, 'demo'))!;
    const priorities = await s.server.db.all<{ jobid: string; priority: number | string }>(
      sql`SELECT jobid, priority FROM o_jobqueuerecord WHERE company_key = ${p(c.key)} AND state = ${p('Queued')} ORDER BY priority DESC, jobid`,
    );
    expect(priorities[0]!.jobid).toBe(first);
    expect(Number(priorities[0]!.priority)).toBeGreaterThan(Number(priorities[1]!.priority));

    await page.getByRole('button', { name: `Job ${second}` }).click();
    await page.getByRole('heading', { name: `Job ${second}` }).waitFor();
    await page.getByRole('button', { name: 'Cancel job' }).click();
    await poll(() => page.getByRole('status').textContent()).toBe(`Cancel of job ${second} accepted`);
    expect(await jobIds('demo', 'Cancelled')).toContain(second);
    // The list refreshed: the cancelled job left the Queued filter, and its detail shows the new state with both
    // actions off.
    await poll(() => page.locator('tbody tr td:nth-child(1)').allTextContents()).not.toContain(second);
    await poll(() => page.locator('dl.detail').textContent()).toContain('Cancelled');
    expect(await page.getByRole('button', { name: 'Promote' }).isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Cancel job' }).isDisabled()).toBe(true);
    w.assertClean();
  });

  it('refreshes the list live: a job queued meanwhile appears without a click', async () => {
    const { page } = w;
    await page.reload();
    await page.getByRole('heading', { level: 2, name: /Offline job queue/ }).waitFor();
    const c = (await findCompany(s.server.db, 'demo'))!;
    const jobId = `6465CONSOLELIVE${backend}`;
    await s.server.db.run(sql`INSERT INTO o_jobqueuerecord (company_key, jobid, timequeued, jobtype, action, details, users, state, priority)
      VALUES (${p(c.key)}, ${p(jobId)}, ${p('2099-01-01T00:00:00Z')}, ${p('CSV import')}, ${p('Vendor import')}, ${p('live.csv: 3 rows')}, ${p('admin')}, ${p('Queued')}, 0)`);
    await poll(() => page.locator('tbody tr:first-child td:nth-child(1)').textContent()).toBe(jobId);
    w.assertClean();
  });

  it('queues a stored report from the workbench, follows it to Delivered and downloads its result CSV', async () => {
    const { page } = w;
    await page.getByRole('button', { name: 'Query workbench' }).click();
    await page.getByRole('button', { name: 'Run as stored report' }).click();
    const heading = page.getByRole('heading', { level: 3, name: /^Job / });
    await heading.waitFor();
    const jobId = (await heading.textContent())!.replace('Job ', '');
    await poll(() => page.locator('dl.detail').textContent(), 30_000).toContain('Delivered');
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download result CSV' }).click();
    const file = await (await download).path();
    const lines = (await readFile(file, 'utf8')).trim().split(/\r?\n/);
    expect(lines[0]).toBe('VENDORID,NAME,TOTALDUE');
    // As many rows as the same user sees at the top level (private entities hidden), asked of the REST API.
    expect(lines.length - 1).toBe(await restTotal(s.url, 'accounts-payable/vendor'));
    expect(jobId).toMatch(/^\w/);
    w.assertClean();
  });

  it('uploads a CSV with bad rows: the import job runs in the queue, and its error file downloads', async () => {
    const { page } = w;
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Queue' }).click();
    const csv =
      'VENDORID,NAME,STATUS\nVC-1,Console One,active\nVC-2,,active\nVC-3,Console Three,bogus\nVC-4,Console Four,active\n';
    await page.getByLabel('Object', { exact: true }).fill('VENDOR');
    await page
      .getByLabel('CSV file', { exact: true })
      .setInputFiles({ name: 'vendors.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByRole('button', { name: 'Upload and queue' }).click();
    await poll(() => page.getByRole('status').textContent()).toMatch(/^Import job \S+ (queued|ended: Delivered)$/);
    const jobId = /^Import job (\S+) /.exec((await page.getByRole('status').textContent())!)![1]!;
    await page.getByRole('heading', { level: 3, name: `Job ${jobId}` }).waitFor();
    // The job is in the queue list too, as a CSV import of the user.
    const c = (await findCompany(s.server.db, 'demo'))!;
    const [row] = await s.server.db.all<{ jobtype: string; users: string }>(
      sql`SELECT jobtype, users FROM o_jobqueuerecord WHERE company_key = ${p(c.key)} AND jobid = ${p(jobId)}`,
    );
    expect(row).toEqual({ jobtype: 'CSV import', users: 'admin' });
    await poll(() => page.locator('dl.detail').textContent(), 30_000).toContain('Delivered');
    await poll(() => page.getByText(/rows read:/).textContent()).toBe(
      '4 of 4 rows read: 2 created, 0 updated, 2 errors',
    );
    expect(await page.locator('progress').getAttribute('value')).toBe('100');
    await screenshots(page, backend, 'import-done', page.locator('#job-detail-title'));
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download error CSV' }).click();
    const lines = (await readFile(await (await download).path(), 'utf8')).trim().split(/\r?\n/);
    expect(lines[0]).toBe('VENDORID,NAME,STATUS,LINE,ERROR');
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 1)[0])).toEqual(['VC-2', 'VC-3']);
    expect(lines[1]).toMatch(/,3,Required field NAME of VENDOR is missing$/);
    const written = await s.server.db.all<{ vendorid: string }>(
      sql`SELECT vendorid FROM o_vendor WHERE company_key = ${p(c.key)} AND vendorid IN (${p('VC-1')}, ${p('VC-2')}, ${p('VC-3')}, ${p('VC-4')}) ORDER BY vendorid`,
    );
    expect(written.map((r) => r.vendorid)).toEqual(['VC-1', 'VC-4']);
    w.assertClean();
  });

  it('pages over thousands of jobs: 2,000 queued on one day, 500 a page, to the last page', async () => {
    const { page } = w;
    const c = (await findCompany(s.server.db, 'demo'))!;
    const ids = Array.from({ length: 2000 }, (_, i) => `6465BULK${String(i).padStart(5, '0')}`);
    for (let from = 0; from < ids.length; from += 500) {
      const rows = ids
        .slice(from, from + 500)
        .map(
          (id, i) =>
            sql`(${p(c.key)}, ${p(id)}, ${p(`2000-01-01T${String(Math.floor((from + i) / 120) % 24).padStart(2, '0')}:${String((from + i) % 60).padStart(2, '0')}:00Z`)}, ${p('DDS job')}, ${p('Vendor')}, ${p('bulk')}, ${p('admin')}, ${p('Delivered')}, 0)`,
        );
      await s.server.db.run(
        sql`INSERT INTO o_jobqueuerecord (company_key, jobid, timequeued, jobtype, action, details, users, state, priority) VALUES ${join(rows, ', ')}`,
      );
    }
    // Live refresh off: each poll would redraw 500 rows while the test pages.
    await page.getByLabel('Live refresh every 5 s').uncheck();
    await page.getByLabel('Rows per page').selectOption('500');
    await page.getByLabel('Queued from', { exact: true }).fill('2000-01-01');
    await page.getByLabel('Queued to', { exact: true }).fill('2000-01-01');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    const summary = page.locator('#queue-summary');
    await poll(() => summary.textContent()).toMatch(/^Jobs 1–500 of 2000 /);
    await page.getByRole('button', { name: 'Sort by JOBID' }).click();
    await poll(() => page.locator('th[aria-sort="ascending"]').textContent()).toMatch(/JOBID/);
    for (const range of ['501–1000', '1001–1500', '1501–2000']) {
      await page.getByRole('button', { name: 'Next page ›' }).click();
      await poll(() => summary.textContent()).toMatch(new RegExp(`^Jobs ${range} of 2000 `));
    }
    expect(await page.locator('tbody tr td:nth-child(1)').allTextContents()).toEqual(ids.slice(1500));
    expect(await page.getByRole('button', { name: 'Next page ›' }).isDisabled()).toBe(true);
    w.assertClean();
  });

  it('for demo2 (standard service level) promote and cancel are disabled, with the reason shown', async () => {
    const { page } = w;
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn(page, { company: 'demo2', user: 'admin', password: 'admin' });
    await page.getByLabel('State', { exact: true }).selectOption('Queued');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await poll(async () => [...new Set(await page.locator('tbody tr td:nth-child(3)').allTextContents())]).toEqual([
      'Queued',
    ]);
    const first = await page.locator('tbody tr:first-child td:nth-child(1)').textContent();
    await page.getByRole('button', { name: `Job ${first}` }).click();
    await page.getByRole('heading', { name: `Job ${first}` }).waitFor();
    const reason = 'Promote and cancel need the Premium level of service; company demo2 has the standard level.';
    await poll(() => page.locator('.reason').textContent()).toBe(reason);
    for (const name of ['Promote', 'Cancel job']) {
      const button = page.getByRole('button', { name });
      expect(await button.isDisabled()).toBe(true);
      // The reason is the buttons' accessible description, so a screen reader says why.
      expect(await button.getAttribute('aria-describedby')).toBe('job-actions-reason');
    }
    expect(await jobIds('demo2', 'Queued')).toContain(first);
    await screenshots(page, backend, 'job-detail-standard', page.locator('#job-detail-title'));
    w.assertClean();
  });
});
