// SLOW (a minute or more: builds the package and installs it): ledgerq as an npm user gets it. `npm pack` builds
// dist/ (the prepack script), the tarball is installed into an empty folder (its dependencies come from npm's cache
// when they are there, --prefer-offline, or from the registry), and in that folder `npx ledgerq serve --port 0` and
// the library API run without tsx, esbuild or the sources. better-sqlite3's own install script runs there as for a
// user; it finds the addon this checkout already compiled as a local prebuild (prebuild-install's
// `local-prebuilds`), which saves compiling SQLite again, minutes of both cores inside `npm test`.

import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, testDatabaseUrl } from '../support/databases.ts';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
const INSTALL_TIMEOUT = 20 * 60_000;

/** The child npm must not inherit the npm_* variables of an `npm test` that started vitest (lifecycle, prefix…). */
const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('npm_')));

/**
 * This checkout's compiled better-sqlite3 as a prebuild tarball in `dir`, named as prebuild-install looks for it
 * (`{name}-v{version}-{runtime}-v{abi}-{platform}-{arch}.tar.gz`): the install in the empty folder then unpacks it
 * instead of compiling. A version the tarball's range resolves differently simply compiles, as for a user.
 */
async function localPrebuild(dir: string): Promise<void> {
  const pkg = join(root, 'node_modules/better-sqlite3');
  const addon = 'build/Release/better_sqlite3.node';
  if (!existsSync(join(pkg, addon))) return;
  const { version } = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')) as { version: string };
  const name = `better-sqlite3-v${version}-node-v${process.versions.modules}-${process.platform}-${process.arch}.tar.gz`;
  await run('mkdir', ['-p', dir]);
  await run('tar', ['-czf', join(dir, name), '-C', pkg, addon]);
  env.npm_config_better_sqlite3_local_prebuilds = dir;
}

/** The README's demo contract; the query asks for two vendors. */
function vendorQuery(c: { senderId: string; senderPassword: string; userId: string; userPassword: string }): string {
  return (
    `<request><control><senderid>${c.senderId}</senderid><password>${c.senderPassword}</password>` +
    '<controlid>pack</controlid><uniqueid>false</uniqueid><dtdversion>3.0</dtdversion></control><operation>' +
    `<authentication><login><userid>${c.userId}</userid><companyid>demo</companyid><password>${c.userPassword}` +
    '</password></login></authentication><content><function controlid="vendors"><query><object>VENDOR</object>' +
    '<select><field>VENDORID</field></select><pagesize>2</pagesize></query></function></content></operation></request>'
  );
}

const DEMO = { senderId: 'ledgerq', senderPassword: 'ledgerq', userId: 'admin', userPassword: 'admin' };

describe('the npm package (slow: pack, install into an empty folder, run)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledgerq-pack-'));
  const app = join(dir, 'app');
  let packed: string[] = [];
  let installLog = '';

  beforeAll(async () => {
    await run('npm', ['pack', '--pack-destination', dir, '--silent'], { cwd: root, env, maxBuffer: 1 << 26 });
    const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz'));
    if (!tarball) throw new Error(`npm pack wrote no tarball into ${dir}`);
    packed = (await run('tar', ['-tzf', join(dir, tarball)], { maxBuffer: 1 << 26 })).stdout.trim().split('\n');

    rmSync(app, { recursive: true, force: true });
    await run('mkdir', [app]);
    await localPrebuild(join(dir, 'prebuilds'));
    writeFileSync(
      join(app, 'package.json'),
      JSON.stringify({ name: 'app', private: true, type: 'module', allowScripts: { 'better-sqlite3': true } }),
    );
    const { stdout, stderr } = await run(
      'npm',
      ['install', '--prefer-offline', '--no-audit', '--no-fund', join(dir, tarball)],
      { cwd: app, env, maxBuffer: 1 << 26, timeout: INSTALL_TIMEOUT },
    );
    installLog = stdout + stderr;
  }, INSTALL_TIMEOUT + 120_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('ships the compiled dist/ (JavaScript, declarations, the console) and the bin, not the sources', () => {
    for (const f of ['dist/index.js', 'dist/index.d.ts', 'dist/cli/main.js', 'dist/console/app.js', 'bin/ledgerq.mjs'])
      expect(packed).toContain(`package/${f}`);
    expect(packed).toContain('package/dist/catalog/standard-objects.json');
    expect(packed.filter((f) => f.startsWith('package/src/') || f.startsWith('package/test/'))).toEqual([]);
    expect(packed.filter((f) => f.endsWith('.map'))).toEqual([]);
  });

  it('installs without engine warnings and without tsx or esbuild', () => {
    expect(installLog).not.toMatch(/EBADENGINE/);
    expect(existsSync(join(app, 'node_modules/ledgerq/dist/index.js'))).toBe(true);
    expect(existsSync(join(app, 'node_modules/tsx'))).toBe(false);
    expect(existsSync(join(app, 'node_modules/esbuild'))).toBe(false);
  });

  it('npx ledgerq serve --port 0 answers the XML gateway and serves the console, then stops on SIGTERM', async () => {
    const ready = join(dir, 'ready.txt');
    const args = ['--no', 'ledgerq', 'serve', '--port', '0', '--db', 'sqlite::memory:', '--ready-file', ready];
    // Its own process group: npx does not pass SIGTERM on to the command it runs, so the group gets it, as a
    // terminal's Ctrl-C or a process supervisor would send it. 'close' waits for ledgerq too (it holds the pipes).
    const proc = spawn('npx', args, { cwd: app, env: { ...env, LEDGERQ_CONFIG: '' }, detached: true });
    let out = '';
    proc.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    proc.stderr.on('data', (d: Buffer) => {
      out += d.toString();
    });
    const closed = new Promise<void>((resolve) => proc.on('close', () => resolve()));
    let url = '';
    try {
      for (let i = 0; i < 1200 && !existsSync(ready) && proc.exitCode === null; i++) await sleep(100);
      expect(existsSync(ready), out).toBe(true);
      url = readFileSync(ready, 'utf8').trim();

      const health = (await (await fetch(`${url}/healthz`)).json()) as { status: string; companies: number };
      expect(health).toMatchObject({ status: 'ok', companies: 2 });
      const xml = await (
        await fetch(`${url}/ia/xml/xmlgw.phtml`, {
          method: 'POST',
          headers: { 'content-type': 'application/xml' },
          body: vendorQuery(DEMO),
        })
      ).text();
      expect(xml).toContain('<status>success</status>');
      expect(xml).toMatch(/<VENDORID>[^<]+<\/VENDORID>/);
      const script = await fetch(`${url}/console/app.js`);
      expect(script.status).toBe(200);
      expect((await script.text()).length).toBeGreaterThan(1000);
    } finally {
      process.kill(-proc.pid!, 'SIGTERM');
    }
    await closed;
    expect(out).toMatch(/SIGTERM: finishing requests in flight/);
    expect(out).toMatch(/"msg":"stopped"/);
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  }, 180_000);

  for (const backend of BACKENDS) {
    it(`the library API (import { startLedgerq } from 'ledgerq') serves, resets and closes on ${backend}`, async () => {
      const database = backend === 'postgres' ? testDatabaseUrl('postgres') : null;
      const script = join(app, `library-${backend}.mjs`);
      writeFileSync(
        script,
        [
          "import { startLedgerq } from 'ledgerq';",
          'const lq = await startLedgerq({ db: process.argv[2] });',
          `const body = ${JSON.stringify(vendorQuery(DEMO))};`,
          "const res = await fetch(lq.xmlEndpoint, { method: 'POST', headers: { 'content-type': 'application/xml' }, body });",
          'const xml = await res.text();',
          'await lq.reset();',
          "const health = await (await fetch(lq.url + '/healthz')).json();",
          'await lq.close();',
          'const { senderId, senderPassword, userId, userPassword } = lq.credentials;',
          'const credentials = { senderId, senderPassword, userId, userPassword };',
          'console.log(JSON.stringify({ method: lq.resetMethod, success: xml.includes("<status>success</status>"), health, credentials }));',
        ].join('\n'),
      );
      try {
        const { stdout } = await run(process.execPath, [script, database?.url ?? 'sqlite::memory:'], {
          cwd: app,
          env: { ...env, LEDGERQ_CONFIG: '' },
          timeout: 170_000,
        });
        const result = JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
        expect(result).toMatchObject({
          method: 'change-log',
          success: true,
          health: { status: 'ok', companies: 2 },
          credentials: DEMO,
        });
      } finally {
        await database?.cleanup();
      }
    }, 180_000);
  }

  it('its declarations type-check a TypeScript consumer', async () => {
    writeFileSync(
      join(app, 'consumer.ts'),
      [
        "import { type Ledgerq, startLedgerq } from 'ledgerq';",
        "const lq: Ledgerq = await startLedgerq({ db: 'sqlite::memory:', workers: 0 });",
        'const endpoint: string = lq.xmlEndpoint;',
        'await lq.admin.faults.list();',
        'console.log(endpoint);',
      ].join('\n'),
    );
    writeFileSync(
      join(app, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          target: 'ES2022',
          strict: true,
          noEmit: true,
          typeRoots: [join(root, 'node_modules/@types')],
          types: ['node'],
        },
        files: ['consumer.ts'],
      }),
    );
    const tsc = join(root, 'node_modules/typescript/bin/tsc');
    await expect(run(process.execPath, [tsc, '-p', app], { cwd: app })).resolves.toBeDefined();
  }, 120_000);
});
