// Shared parts of the console's browser tests: a server on loopback, Debian's Chromium, a page watched for errors,
// screenshots.

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/serve.ts';
import { testDatabaseUrl, type Backend } from '../support/databases.ts';
import { testConfig } from '../xml/support/gateway-harness.ts';

/**
 * expect.poll with room for a loaded machine: two cores shared by many test files, PostgreSQL seeding beside them.
 * The default (one second) fails on a busy CI box although the page is right.
 */
export function poll<T>(fn: () => Promise<T> | T, timeout = 15_000) {
  return expect.poll(fn, { timeout, interval: 100 });
}

export const CHROMIUM = process.env.LEDGERQ_CHROMIUM ?? '/usr/bin/chromium';
export const SCREENSHOTS = join(import.meta.dirname, '../../test-output/screenshots');
export const WIDE = { width: 1280, height: 800 } as const;
export const NARROW = { width: 390, height: 844 } as const;

export async function launchBrowser(): Promise<Browser> {
  // --no-sandbox: CI and these machines run tests as root, where Chromium's sandbox cannot start.
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
}

export interface ConsoleServer {
  readonly server: RunningServer;
  readonly url: string;
  close(): Promise<void>;
}

/** A real server on a fresh database (demo companies seeded), with one job worker so imports run. */
export async function startConsoleServer(backend: Backend): Promise<ConsoleServer> {
  const { url, cleanup } = testDatabaseUrl(backend);
  const server = await startServer(testConfig(url), { logger: false, workers: 1 });
  return {
    server,
    url: server.url,
    close: async () => {
      await server.close();
      await cleanup();
    },
  };
}

/** A page whose console errors and uncaught exceptions are collected; `assertClean` fails the test on any. */
export interface WatchedPage {
  readonly page: Page;
  readonly context: BrowserContext;
  readonly problems: string[];
  /**
   * Fails on any console error or page error since the last call. Chromium also logs every HTTP 4xx a fetch receives
   * as a console error ("Failed to load resource"); a test that provokes a refusal on purpose names its statuses, and
   * exactly those network lines are accepted, nothing else.
   */
  assertClean(expectedRefusals?: readonly number[]): void;
}

export async function openPage(
  browser: Browser,
  baseURL: string,
  viewport: { width: number; height: number } = WIDE,
): Promise<WatchedPage> {
  const context = await browser.newContext({ baseURL, viewport, acceptDownloads: true });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  const assertClean = (expectedRefusals: readonly number[] = []) => {
    const left = [...problems];
    problems.length = 0;
    for (const status of expectedRefusals) {
      const i = left.findIndex((m) =>
        m.startsWith(`console: Failed to load resource: the server responded with a status of ${status} `),
      );
      expect(i, `a ${status} refusal was expected in the console`).toBeGreaterThanOrEqual(0);
      left.splice(i, 1);
    }
    expect(left).toEqual([]);
  };
  return { page, context, problems, assertClean };
}

export interface SignIn {
  company: string;
  user: string;
  password: string;
  entity?: string;
}

export async function signIn(page: Page, who: SignIn): Promise<void> {
  await page.goto('/');
  await page.getByLabel('Company ID').fill(who.company);
  await page.getByLabel('User ID').fill(who.user);
  await page.getByLabel('Password', { exact: true }).fill(who.password);
  if (who.entity) await page.getByLabel('Entity (optional)').fill(who.entity);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 2, name: /Offline job queue/ }).waitFor();
}

/** The same view at 1280×800 and 390×844, named `<backend>-<view>-<size>.png`. */
export async function screenshots(page: Page, backend: Backend, view: string, show?: Locator): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const before = page.viewportSize() ?? WIDE;
  for (const [name, size] of [
    ['1280x800', WIDE],
    ['390x844', NARROW],
  ] as const) {
    await page.setViewportSize(size);
    // The part of the view the screenshot is about, scrolled to the top of the window.
    await show?.evaluate((e) => e.scrollIntoView({ block: 'start' }));
    await page.screenshot({ path: join(SCREENSHOTS, `${backend}-${view}-${name}.png`), fullPage: false });
  }
  await page.setViewportSize(before);
}

/** totalCount of a REST query of `object` for admin@demo at the top level: an independent count to compare the page with. */
export async function restTotal(baseUrl: string, object: string): Promise<number> {
  const form = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: 'ledgerq-demo',
    client_secret: 'ledgerq-demo',
    username: 'admin@demo',
  });
  const token = (await (await fetch(`${baseUrl}/ia/api/v1/oauth2/token`, { method: 'POST', body: form })).json()) as {
    access_token: string;
  };
  const res = await fetch(`${baseUrl}/ia/api/v1/services/core/query`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token.access_token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ object, fields: ['key'], size: 1 }),
  });
  return ((await res.json()) as { 'ia::meta': { totalCount: number } })['ia::meta'].totalCount;
}
