// Reading back the detail records of a payment (APPYMTDETAIL, ARPYMTDETAIL) the way the references answer them: query
// by PAYMENTKEY, read by RECORDNO and REST GET of the payment-detail object, which must all agree.

import { expect } from 'vitest';
import type { Gateway } from '../xml/support/gateway-harness.ts';
import { catalog, postFunction, query, type Rec, read, restGet, restMismatches } from './write-harness.ts';

/** A payment's details through query, in RECORDNO order, each checked equal through read and REST GET. */
export async function paymentDetailsOf(
  g: Gateway,
  token: string,
  object: 'APPYMTDETAIL' | 'ARPYMTDETAIL',
  fields: string[],
  payment: number,
): Promise<Rec[]> {
  const detail = catalog.require(object);
  const link = object === 'APPYMTDETAIL' ? 'apPayment' : 'arPayment';
  const rows = (await query(g, object, fields, 'PAYMENTKEY', String(payment))).sort(
    (a, b) => Number(a.RECORDNO) - Number(b.RECORDNO),
  );
  for (const row of rows) {
    expect(await read(g, object, row.RECORDNO!)).toMatchObject(row);
    const rest = await restGet(g, detail, row.RECORDNO!, token);
    expect(rest).not.toBeNull();
    expect(restMismatches(detail, row, rest!)).toEqual([]);
    expect(rest).toMatchObject({ [link]: { key: String(payment) } });
  }
  return rows;
}

/** A bare REST POST of `path` (a payment detail sent alone): the status and the body's text. */
export async function restPost(g: Gateway, token: string, path: string, body: unknown): Promise<[number, string]> {
  const res = await fetch(`http://127.0.0.1:${g.port}/ia/api/v1/objects/${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return [res.status, JSON.stringify(await res.json())];
}

/** A detail is not deleted alone through the XML gateway (the references delete the payment, by its RECORDNO). */
export async function expectDetailNotDeletedAlone(
  g: Gateway,
  object: 'APPYMTDETAIL' | 'ARPYMTDETAIL',
  recordNo: string,
  payment: string,
): Promise<void> {
  const del = await postFunction(g, `<delete><object>${object}</object><keys>${recordNo}</keys></delete>`);
  expect(del.status).toBe('failure');
  expect(del.errors.join(' ')).toMatch(new RegExp(`A ${object} record is written by its payment`));
  expect(await read(g, object, recordNo)).toMatchObject({ PAYMENTKEY: payment });
}
