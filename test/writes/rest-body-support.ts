// A REST write sent with a JSON body, its status and parsed answer, for the OpenAPI body tests.

import { expect } from 'vitest';

export async function send(method: string, url: string, body: unknown, headers: Record<string, string>) {
  const res = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text === '' ? null : JSON.parse(text) };
}

/** Each body sent by `method` to `url` is refused with 422, the error's errorId and first target as given. */
export async function expectRefused(
  method: string,
  url: string,
  cases: readonly (readonly [Record<string, unknown>, string, string])[],
  headers: Record<string, string>,
): Promise<void> {
  for (const [body, errorId, target] of cases) {
    const r = await send(method, url, body, headers);
    expect([
      r.status,
      r.body?.['ia::result']?.['ia::error']?.errorId,
      r.body?.['ia::result']?.['ia::error']?.details?.[0]?.target,
    ]).toEqual([422, errorId, target]);
  }
}

/** A line's dimensions (location, department, project, customer, vendor, employee, item, class) by the demo's ids. */
export function demoDimensions(ids: Readonly<Record<string, string>>): Record<string, { id: string | undefined }> {
  const names = ['location', 'department', 'project', 'customer', 'vendor', 'employee', 'item', 'class'];
  return Object.fromEntries(names.map((n) => [n, { id: ids[n] }]));
}
