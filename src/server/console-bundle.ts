// The console's script: web/main.ts and its imports bundled for the browser by esbuild. Run from the sources, ledgerq
// bundles it on first request; the package's build (scripts/build.mjs) writes it once to dist/console/app.js beside the
// page and style, so an installed ledgerq needs neither esbuild nor web/'s TypeScript.

import { fileURLToPath } from 'node:url';

/** True when this module runs from src/ (tsx, vitest), false in the compiled package. */
export const FROM_SOURCES = import.meta.url.endsWith('.ts');

/** The folder the console's page, style and (compiled) script are read from. */
export const CONSOLE_DIR = fileURLToPath(new URL(FROM_SOURCES ? '../../web/' : '../console/', import.meta.url));

/** The bundle's text; esbuild is a build-time tool, loaded only here. */
export async function bundleConsole(webDir: string): Promise<string> {
  const esbuild = await import('esbuild');
  const out = await esbuild.build({
    entryPoints: [`${webDir}main.ts`],
    bundle: true,
    write: false,
    format: 'esm',
    target: 'es2022',
    platform: 'browser',
    minify: true,
    legalComments: 'none',
    logLevel: 'silent',
  });
  return out.outputFiles[0]!.text;
}
