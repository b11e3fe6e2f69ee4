// The console's query workbench and object browser in real Chromium: each query kind, completion, explain, chart,
// errors, entities.

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../support/databases.ts';
import {
  launchBrowser,
  poll,
  openPage,
  restTotal,
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

const cells = (page: Page, column: number) =>
  page.locator(`#main section[aria-labelledby="result-title"] tbody tr td:nth-child(${column})`).allTextContents();
const summary = (page: Page) => page.locator('#main section[aria-labelledby="result-title"] p').first().textContent();

describe.each(BACKENDS)('console query workbench on %s', (backend) => {
  let s: ConsoleServer;
  let w: WatchedPage;

  beforeAll(async () => {
    s = await startConsoleServer(backend);
    w = await openPage(browser, s.url);
    await signIn(w.page, { company: 'demo', user: 'admin', password: 'admin' });
    await w.page.getByRole('button', { name: 'Query workbench' }).click();
    await w.page.getByRole('heading', { level: 2, name: 'Query workbench' }).waitFor();
  });
  afterAll(async () => {
    await w?.context.close();
    await s?.close();
  });

  it('runs an XML <query>, shows its rows and the exact request and response, and pages with <offset>', async () => {
    const { page } = w;
    const total = await restTotal(s.url, 'accounts-payable/vendor');
    await page.getByRole('button', { name: 'Run query' }).click();
    await poll(() => summary(page)).toBe(`Rows 1–20 of ${total}`);
    const first = await cells(page, 1);
    expect(first).toHaveLength(20);
    expect(first).toEqual([...first].sort());
    const request = await page.getByLabel('Request sent').textContent();
    expect(request).toMatch(/^POST \/ia\/xml\/xmlgw\.phtml\n/);
    expect(request).toContain('<sessionid>');
    expect(request).toContain('<object>VENDOR</object>');
    const response = await page.getByLabel('Response received').textContent();
    expect(response).toMatch(new RegExp(`<data listtype="VENDOR" totalcount="${total}" offset="0" count="20"`));
    await page.getByRole('button', { name: 'Next page ›' }).click();
    await poll(() => page.getByLabel('Request sent').textContent()).toContain('<offset>20</offset>');
    await poll(() => summary(page)).toBe(`Rows 21–40 of ${total}`);
    const second = await cells(page, 1);
    expect(second[0]! > first[19]!).toBe(true);
    await screenshots(page, backend, 'workbench-xml');
    w.assertClean();
  });

  it('completes field and relationship names from the catalog, by keyboard, into the editor', async () => {
    const { page } = w;
    const object = page.getByLabel('Object (for completion and readByQuery)');
    await object.fill('APBILL');
    await object.press('Tab');
    // The list comes from the gateway's lookup of APBILL and of the objects its relationships point to.
    await poll(() =>
      page.locator('#field-suggestions option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value)),
    ).toEqual(expect.arrayContaining(['RECORDID', 'VENDORID', 'VENDOR.NAME', 'VENDOR.VENDORID']));
    const editor = page.getByLabel('XML <query> function');
    await editor.fill('<query><object>APBILL</object><select></select></query>');
    await editor.evaluate((e) => {
      const t = e as HTMLTextAreaElement;
      const at = t.value.indexOf('</select>');
      t.setSelectionRange(at, at);
    });
    await page.getByLabel('Field or relationship').fill('VENDOR.NAME');
    await page.getByLabel('Field or relationship').press('Enter');
    expect(await editor.inputValue()).toBe(
      '<query><object>APBILL</object><select><field>VENDOR.NAME</field></select></query>',
    );
    w.assertClean();
  });

  it('runs a readByQuery and pages with readMore', async () => {
    const { page } = w;
    await page.getByRole('radio', { name: 'readByQuery' }).check();
    await page.getByLabel('Object (for completion and readByQuery)').fill('VENDOR');
    await page.getByLabel('Fields (comma-separated)').fill('VENDORID,NAME');
    await page.getByLabel('Query (readByQuery condition)').fill("NAME LIKE 'A%'");
    await page.getByLabel('Page size').fill('3');
    await page.getByRole('button', { name: 'Run query' }).click();
    await poll(() => summary(page)).toMatch(/^Rows 1–3 of \d+$/);
    for (const name of await cells(page, 2)) expect(name.startsWith('A')).toBe(true);
    expect(await page.getByLabel('Request sent').textContent()).toContain("<query>NAME LIKE 'A%'</query>");
    await page.getByRole('button', { name: 'Next page ›' }).click();
    await poll(() => page.getByLabel('Request sent').textContent()).toMatch(
      /<readMore><resultId>\w+<\/resultId><\/readMore>/,
    );
    await poll(() => summary(page)).toMatch(/^Rows 4–\d+ of \d+$/);
    for (const name of await cells(page, 2)) expect(name.startsWith('A')).toBe(true);
    w.assertClean();
  });

  it('runs a REST query with a group and aggregates, and draws its chart', async () => {
    const { page } = w;
    await page.getByRole('radio', { name: 'REST JSON' }).check();
    await page.getByLabel('REST query JSON (POST /ia/api/v1/services/core/query)').fill(
      JSON.stringify(
        {
          object: 'accounts-payable/bill',
          fields: ['state', 'count:id', 'sum:totalTxnAmount'],
          orderBy: [{ state: 'asc' }],
          size: 50,
        },
        null,
        2,
      ),
    );
    await page.getByRole('button', { name: 'Run query' }).click();
    await poll(() => summary(page)).toMatch(/^Rows 1–\d+ of \d+$/);
    const states = await cells(page, 1);
    expect(states.length).toBeGreaterThan(2);
    expect(states).toEqual([...states].sort());
    expect(await page.getByLabel('Request sent').textContent()).toMatch(
      /^POST \/ia\/api\/v1\/services\/core\/query\nauthorization: Bearer \S+/,
    );
    // One bar per group, named by the group's value.
    const chart = page.getByRole('img', { name: /count:id by state/ });
    await chart.waitFor();
    expect(await chart.locator('rect').count()).toBe(states.length);
    await screenshots(page, backend, 'workbench-chart', page.getByRole('heading', { name: 'Result' }));
    w.assertClean();
  });

  it('explains a query: the compiled SQL, its parameters and the database plan', async () => {
    const { page } = w;
    await page.getByRole('radio', { name: 'XML <query>' }).check();
    await page
      .getByLabel('XML <query> function')
      .fill(
        '<query><object>VENDOR</object><select><field>VENDORID</field></select>' +
          '<filter><equalto><field>VENDORID</field><value>V1234</value></equalto></filter></query>',
      );
    await page.getByRole('button', { name: 'Explain (SQL and plan)' }).click();
    await page.getByRole('heading', { name: 'SQL and plan' }).waitFor();
    const sqlText = await page.getByLabel('Compiled SQL').textContent();
    expect(sqlText).toMatch(/SELECT .*FROM "?o_vendor"?/s);
    expect(sqlText).not.toContain('V1234');
    expect(await page.getByLabel('Parameters').textContent()).toContain('"V1234"');
    const plan = (await page.getByLabel('Query plan').textContent())!;
    expect(plan).toMatch(backend === 'sqlite' ? /SEARCH|SCAN/ : /Scan|Seq|Index/);
    await screenshots(page, backend, 'workbench-explain', page.getByRole('heading', { name: 'SQL and plan' }));
    w.assertClean();
  });

  it("shows a bad query's own error in the page, with the exchange, and no console error", async () => {
    const { page } = w;
    await page
      .getByLabel('XML <query> function')
      .fill('<query><object>VENDOR</object><select><field>VENDORIDX</field></select></query>');
    await page.getByRole('button', { name: 'Run query' }).click();
    await poll(() => page.getByRole('alert').textContent()).toMatch(/BL01001973 .*VENDORIDX is not a field of VENDOR/);
    expect(await summary(page)).toMatch(/^The query failed: /);
    expect(await page.getByLabel('Response received').textContent()).toContain('<status>failure</status>');
    await page.getByLabel('XML <query> function').fill('<query><object>VENDOR</object><select>');
    await page.getByRole('button', { name: 'Run query' }).click();
    await poll(() => page.getByRole('alert').textContent()).toMatch(/not well-formed/);
    // The REST API refuses an unknown field with 400: its message reaches the page.
    await page.getByRole('radio', { name: 'REST JSON' }).check();
    await page
      .getByLabel('REST query JSON (POST /ia/api/v1/services/core/query)')
      .fill('{"object": "accounts-payable/vendor", "fields": ["nope"]}');
    await page.getByRole('button', { name: 'Run query' }).click();
    await poll(() => page.getByRole('alert').textContent()).toMatch(/nope/);
    expect(await page.getByLabel('Response received').textContent()).toMatch(/^HTTP 400/);
    await screenshots(page, backend, 'workbench-error', page.getByRole('alert'));
    w.assertClean([400]);
  });

  it('browses an object: fields and relationships from lookup, REST fields from the model, and follows a relationship', async () => {
    const { page } = w;
    await page.getByRole('button', { name: 'Objects' }).click();
    await page.getByLabel('Filter objects').fill('apbill');
    await page.getByRole('button', { name: /^APBILL — / }).click();
    await page.getByRole('heading', { level: 3, name: /^APBILL — / }).waitFor();
    const fields = page.getByRole('region', { name: 'Fields of APBILL (lookup)' });
    expect(await fields.locator('tbody tr td:nth-child(1)').allTextContents()).toEqual(
      expect.arrayContaining(['RECORDNO', 'VENDORID', 'TOTALENTERED']),
    );
    const rels = page.getByRole('region', { name: 'Relationships of APBILL' });
    expect(await rels.locator('tbody tr td:nth-child(1)').allTextContents()).toEqual(
      expect.arrayContaining(['VENDOR', 'APBILLITEMS']),
    );
    expect(
      await page
        .getByRole('region', { name: 'REST model of accounts-payable/bill' })
        .locator('tbody tr td:nth-child(1)')
        .allTextContents(),
    ).toEqual(expect.arrayContaining(['key', 'billNumber', 'vendor']));
    await screenshots(page, backend, 'objects');
    await rels.getByRole('button', { name: 'VENDOR', exact: true }).click();
    await page.getByRole('heading', { level: 3, name: /^VENDOR — / }).waitFor();
    w.assertClean();
  });

  it('switches entity: the gateway session moves to UK and queries see only UK rows', async () => {
    const { page } = w;
    await page.getByLabel('Entity', { exact: true }).selectOption('UK');
    await poll(() => page.getByRole('status').textContent()).toBe('Working in UK of demo');
    await page.getByRole('button', { name: 'Query workbench' }).click();
    await page.getByRole('radio', { name: 'XML <query>' }).check();
    await page.getByLabel('XML <query> function').fill(
      // seed xml-query-and-readbyquery.txt: "When using aggregate functions, the fields in the select
      // element are used to group the results" (the query XSD has no <groupby>).
      '<query><object>VENDOR</object><select><field>MEGAENTITYID</field><count>RECORDNO</count></select></query>',
    );
    await page.getByRole('button', { name: 'Run query' }).click();
    // UK's own vendors (and company-wide ones, entity empty); never another entity's.
    await poll(() => cells(page, 1)).toContain('UK');
    const entities = await cells(page, 1);
    expect(entities.filter((e) => e !== '' && e !== 'UK')).toEqual([]);
    expect(await page.getByLabel('Request sent').textContent()).toContain(`<sessionid>`);
    // An XML aggregate is charted too.
    await page.getByRole('img', { name: /COUNT.RECORDNO by MEGAENTITYID/ }).waitFor();
    w.assertClean();
  });

  it('an expired session shows a clear message and returns to sign-in', async () => {
    const { page } = w;
    // Every session of the database ends, as an hour without calls would end them.
    await s.server.db.run((await import('../../src/store/sql.ts')).sql`UPDATE lq_session SET expires_at = 0`);
    await page.getByRole('button', { name: 'Run query' }).click();
    await poll(() => page.getByRole('alert').textContent()).toMatch(
      /^Your session has expired or is no longer valid; sign in again\. \(.*XL03000006/,
    );
    await page.getByRole('heading', { level: 2, name: 'Sign in' }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('companyId');
    await screenshots(page, backend, 'session-expired');
    w.assertClean();
  });

  it('a user restricted to one entity signs in there and cannot switch', async () => {
    const { page } = w;
    await signIn(page, { company: 'demo', user: 'usclerk', password: 'usclerk' });
    const entity = page.getByLabel('Entity', { exact: true });
    expect(await entity.locator('option').allTextContents()).toEqual(['US — US Operations']);
    expect(await entity.isDisabled()).toBe(true);
    w.assertClean();
  });
});
