// The --ready-file of `ledgerq serve` and `ledgerq record`: the URL, written once the server listens.

import { renameSync, writeFileSync } from 'node:fs';

/** Written whole under a temporary name and renamed, so a script polling for the file never reads half a URL. */
export function writeReadyFile(file: string, url: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${url}\n`);
  renameSync(tmp, file);
}
