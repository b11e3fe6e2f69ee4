#!/usr/bin/env node
// Builds what the npm package ships (`npm pack` runs it as prepack): dist/ compiled by tsc (JavaScript and
// declarations), the catalog's data and the REST property lists beside their modules, and the console (page, style, and its script bundled once) in
// dist/console/. A checkout needs none of it: bin/ledgerq.mjs runs the sources there.

import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

rmSync(dist, { recursive: true, force: true });
execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
copyFileSync(join(root, 'src/catalog/standard-objects.json'), join(dist, 'catalog/standard-objects.json'));
copyFileSync(join(root, 'src/writes/rest-properties.json'), join(dist, 'writes/rest-properties.json'));

mkdirSync(join(dist, 'console'));
for (const file of ['index.html', 'console.css']) copyFileSync(join(root, 'web', file), join(dist, 'console', file));
const { bundleConsole } = await import(join(dist, 'server/console-bundle.js'));
writeFileSync(join(dist, 'console/app.js'), await bundleConsole(join(root, 'web/')));
