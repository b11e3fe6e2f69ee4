#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx, so a checkout needs no build step before `npm start`.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
