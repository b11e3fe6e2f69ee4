// New JOBIDs in the shape of Intacct's: ten digits then 25 characters of [A-Za-z0-9@], opaque and unguessable.

import { randomInt } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789@';

/** seed queue-administration: JOBIDs look like 6465763130WyzaiwriEQoAAEvnxBQAAAxxx. */
export function newJobId(): string {
  let id = String(randomInt(6465700000, 6465800000));
  for (let i = 0; i < 25; i++) id += ALPHABET[randomInt(ALPHABET.length)];
  return id;
}
