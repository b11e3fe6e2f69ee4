#!/usr/bin/env node
// In a checkout (src/ beside bin/) the TypeScript sources run through tsx, so `npm install && npm start` needs no build
// step and never runs a stale dist/. The installed package ships no src/: it runs the compiled dist/ (`npm run build`).
import { existsSync } from 'node:fs';

if (existsSync(new URL('../src/cli/main.ts', import.meta.url))) {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
} else {
  await import('../dist/cli/main.js');
}
