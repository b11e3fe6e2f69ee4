// The property behind test/writes/model-sequences.test.ts and `npm run test:writes-model`: random write sequences
// through XML and REST against an in-memory model of the same rules.

import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DEMO_CLIENT } from '../rest/rest-server.ts';
import { envelope, postRaw, type Gateway } from '../xml/support/gateway-harness.ts';

type Via = 'xml' | 'rest';

/** A gateway and a bearer token for its REST API. */
export interface ModelTarget {
  readonly g: Gateway;
  readonly token: string;
}

export async function modelTarget(g: Gateway): Promise<ModelTarget> {
  const res = await fetch(`http://127.0.0.1:${g.port}/ia/api/v1/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ grant_type: 'client_credentials', ...DEMO_CLIENT, username: 'admin@demo' }),
  });
  return { g, token: ((await res.json()) as { access_token: string }).access_token };
}

function rest(t: ModelTarget, method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`http://127.0.0.1:${t.g.port}/ia/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${t.token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function restRows<T>(t: ModelTarget, q: unknown): Promise<T[]> {
  const r = await rest(t, 'POST', '/services/core/query', q);
  return ((await r.json()) as { 'ia::result': T[] })['ia::result'];
}

/** The function's result when it succeeded, else null. */
async function xml(t: ModelTarget, fn: string): Promise<string | null> {
  const body = (await postRaw(t.g.loopback, envelope(`<function controlid="m">${fn}</function>`))).body;
  const m = /<result><status>success<\/status>(.*?)<\/result>/s.exec(body);
  return m ? m[1]! : null;
}

const xmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

// ---- master data: classes created, updated and deleted by ID ----

type ClassOp =
  | { readonly kind: 'create'; readonly via: Via; readonly id: string; readonly name: string }
  | { readonly kind: 'update'; readonly via: Via; readonly id: string; readonly name: string; readonly active: boolean }
  | { readonly kind: 'delete'; readonly via: Via; readonly id: string };

const via = fc.constantFrom<Via>('xml', 'rest');
const ids = fc.constantFrom('a', 'b', 'c');
const name = fc.stringMatching(/^[A-Za-z][A-Za-z0-9 ]{0,11}$/);
const classOp: fc.Arbitrary<ClassOp> = fc.oneof(
  fc.record({ kind: fc.constant('create' as const), via, id: ids, name }),
  fc.record({ kind: fc.constant('update' as const), via, id: ids, name, active: fc.boolean() }),
  fc.record({ kind: fc.constant('delete' as const), via, id: ids }),
);

async function classKey(t: ModelTarget, classId: string): Promise<string | null> {
  return (
    (
      await restRows<{ key: string }>(t, {
        object: 'company-config/class',
        fields: ['key'],
        filters: [{ $eq: { id: classId } }],
      })
    )[0]?.key ?? null
  );
}

async function applyClassOp(t: ModelTarget, o: ClassOp, classId: string): Promise<boolean> {
  switch (o.kind) {
    case 'create':
      return o.via === 'xml'
        ? (await xml(
            t,
            `<create><CLASS><CLASSID>${classId}</CLASSID><NAME>${xmlEscape(o.name)}</NAME></CLASS></create>`,
          )) !== null
        : (await rest(t, 'POST', '/objects/company-config/class', { id: classId, name: o.name })).status === 201;
    case 'update': {
      const status = o.active ? 'active' : 'inactive';
      if (o.via === 'xml')
        return (
          (await xml(
            t,
            `<update><CLASS><CLASSID>${classId}</CLASSID><NAME>${xmlEscape(o.name)}</NAME><STATUS>${status}</STATUS></CLASS></update>`,
          )) !== null
        );
      return (
        (
          await rest(t, 'PATCH', `/objects/company-config/class/${(await classKey(t, classId)) ?? '999999999'}`, {
            name: o.name,
            status,
          })
        ).status === 200
      );
    }
    case 'delete':
      if (o.via === 'xml') return (await xml(t, `<delete_class key="${classId}"/>`)) !== null;
      return (
        (await rest(t, 'DELETE', `/objects/company-config/class/${(await classKey(t, classId)) ?? '999999999'}`))
          .status === 204
      );
  }
}

/** Rules: IDs are unique, updates and deletes need an existing record, new records are active. */
export function classProperty(t: ModelTarget, runTag: string): fc.IAsyncProperty<[ClassOp[]]> {
  let run = 0;
  return fc.asyncProperty(fc.array(classOp, { minLength: 1, maxLength: 8 }), async (ops) => {
    run += 1;
    const prefix = `FC${runTag}${run}-`;
    const model = new Map<string, { name: string; status: 'active' | 'inactive' }>();
    for (const o of ops) {
      const classId = prefix + o.id;
      const exists = model.has(classId);
      const expected = o.kind === 'create' ? !exists : exists;
      assert.equal(await applyClassOp(t, o, classId), expected, `${o.kind} ${classId} via ${o.via}`);
      if (!expected) continue;
      // XML element text is stored trimmed (the gateway reads values as trimmed text); REST JSON strings are kept as
      // sent.
      const stored = o.kind === 'delete' ? '' : o.via === 'xml' ? o.name.trim() : o.name;
      if (o.kind === 'create') model.set(classId, { name: stored, status: 'active' });
      else if (o.kind === 'update') model.set(classId, { name: stored, status: o.active ? 'active' : 'inactive' });
      else model.delete(classId);
    }
    const rows = await restRows<{ id: string; name: string; status: string }>(t, {
      object: 'company-config/class',
      fields: ['id', 'name', 'status'],
      filters: [{ $startsWith: { id: prefix } }],
      orderBy: [{ id: 'asc' }],
    });
    assert.deepEqual(
      rows,
      [...model].sort(([a], [b]) => (a < b ? -1 : 1)).map(([id, v]) => ({ id, name: v.name, status: v.status })),
    );
  });
}

// ---- documents: bills with lines, payments applied, deleted and reversed ----

type DocOp =
  | { readonly kind: 'bill'; readonly lines: readonly number[] }
  | { readonly kind: 'line'; readonly bill: number; readonly line: number; readonly amount: number }
  | { readonly kind: 'pay'; readonly bill: number; readonly amount: number }
  | { readonly kind: 'unpay'; readonly payment: number; readonly how: 'xml-delete' | 'xml-reverse' | 'rest-delete' }
  | { readonly kind: 'deleteBill'; readonly bill: number; readonly via: Via };

/** Amounts in cents. */
const cents = fc.integer({ min: 1, max: 50_000 });
const docOp: fc.Arbitrary<DocOp> = fc.oneof(
  fc.record({ kind: fc.constant('bill' as const), lines: fc.array(cents, { minLength: 1, maxLength: 3 }) }),
  fc.record({ kind: fc.constant('line' as const), bill: fc.nat(3), line: fc.nat(3), amount: cents }),
  fc.record({ kind: fc.constant('pay' as const), bill: fc.nat(3), amount: cents }),
  fc.record({
    kind: fc.constant('unpay' as const),
    payment: fc.nat(3),
    how: fc.constantFrom('xml-delete' as const, 'xml-reverse' as const, 'rest-delete' as const),
  }),
  fc.record({ kind: fc.constant('deleteBill' as const), bill: fc.nat(3), via }),
);

const money = (c: number) => (c / 100).toFixed(2);

/** Operations applied, by kind and outcome (`pay:refused`), for the long run's figures. */
export type Tally = Record<string, number>;
const count = (tally: Tally, key: string) => {
  tally[key] = (tally[key] ?? 0) + 1;
};

interface ModelBill {
  recordNo: string;
  lines: number[];
  paid: number;
  deleted: boolean;
}
/** live: applied; reversed: kept, nothing applied; gone: deleted. */
interface ModelPayment {
  recordNo: string;
  bill: ModelBill;
  amount: number;
  state: 'live' | 'reversed' | 'gone';
}

/**
 * Rules: a bill's total is its lines' sum; a payment may not exceed what is due;
 * a line change may not bring the total below what is paid; a bill with
 * payments cannot be deleted; deleting or reversing a payment gives its amount
 * back. The vendor's due is the sum of what its bills have due.
 */
export function documentProperty(
  t: ModelTarget,
  account: string,
  runTag: string,
  tally: Tally = {},
): fc.IAsyncProperty<[DocOp[]]> {
  let run = 0;
  // Every sequence starts with a bill; indexes pick among the bills and payments that exist, so most operations apply.
  const firstBill = docOp.filter((o) => o.kind === 'bill');
  const sequence = fc.tuple(firstBill, fc.array(docOp, { maxLength: 9 })).map(([first, rest]) => [first, ...rest]);
  return fc.asyncProperty(sequence, async (ops) => {
    run += 1;
    // A fresh vendor per sequence, so its due is the sequence's alone.
    const vendorId = `MV${runTag}${run}`;
    assert.ok(
      await xml(t, `<create><VENDOR><VENDORID>${vendorId}</VENDORID><NAME>Model ${vendorId}</NAME></VENDOR></create>`),
      `vendor ${vendorId}`,
    );
    const bills: ModelBill[] = [];
    const payments: ModelPayment[] = [];
    for (const o of ops) {
      const label = JSON.stringify(o);
      switch (o.kind) {
        case 'bill': {
          const items = o.lines
            .map((c) => `<lineitem><glaccountno>${account}</glaccountno><amount>${money(c)}</amount></lineitem>`)
            .join('');
          const r = await xml(
            t,
            `<create_bill><vendorid>${vendorId}</vendorid><datecreated><year>2026</year><month>11</month><day>01</day></datecreated><billitems>${items}</billitems></create_bill>`,
          );
          assert.ok(r, label);
          count(tally, 'bill:ok');
          bills.push({ recordNo: /<key>(\d+)<\/key>/.exec(r)![1]!, lines: [...o.lines], paid: 0, deleted: false });
          break;
        }
        case 'line': {
          const b = bills[o.bill % bills.length];
          if (!b || b.deleted) continue;
          const lineNo = Math.min(o.line, b.lines.length - 1);
          const total = b.lines.reduce((s, c, i) => s + (i === lineNo ? o.amount : c), 0);
          const ok = total >= b.paid;
          const r = await xml(
            t,
            `<update_bill key="${b.recordNo}"><updatebillitems><updatelineitem line_num="${lineNo + 1}"><amount>${money(o.amount)}</amount></updatelineitem></updatebillitems></update_bill>`,
          );
          assert.equal(r !== null, ok, label);
          count(tally, `line:${ok ? 'ok' : 'refused'}`);
          if (ok) b.lines[lineNo] = o.amount;
          break;
        }
        case 'pay': {
          const b = bills[o.bill % bills.length];
          if (!b || b.deleted) continue;
          const ok = o.amount <= b.lines.reduce((s, c) => s + c, 0) - b.paid;
          const r = await xml(
            t,
            `<create><APPYMT><FINANCIALENTITY>BOA</FINANCIALENTITY><PAYMENTMETHOD>Cash</PAYMENTMETHOD><VENDORID>${vendorId}</VENDORID><PAYMENTDATE>11/20/2026</PAYMENTDATE>` +
              `<APPYMTDETAILS><APPYMTDETAIL><RECORDKEY>${b.recordNo}</RECORDKEY><TRX_PAYMENTAMOUNT>${money(o.amount)}</TRX_PAYMENTAMOUNT></APPYMTDETAIL></APPYMTDETAILS></APPYMT></create>`,
          );
          assert.equal(r !== null, ok, label);
          count(tally, `pay:${ok ? 'ok' : 'refused'}`);
          if (!ok) break;
          b.paid += o.amount;
          payments.push({
            recordNo: /<RECORDNO>(\d+)<\/RECORDNO>/.exec(r!)![1]!,
            bill: b,
            amount: o.amount,
            state: 'live',
          });
          break;
        }
        case 'unpay': {
          const p = payments[o.payment % Math.max(1, payments.length)];
          if (!p) continue;
          // A reversed payment stays (and cannot be reversed again) and can still be deleted; a deleted one is gone.
          let ok: boolean;
          if (o.how === 'xml-reverse')
            ok =
              (await xml(
                t,
                `<reverse_appayment key="${p.recordNo}"><datereversed><year>2026</year><month>11</month><day>21</day></datereversed></reverse_appayment>`,
              )) !== null;
          else if (o.how === 'xml-delete')
            ok = (await xml(t, `<delete><object>APPYMT</object><keys>${p.recordNo}</keys></delete>`)) !== null;
          else ok = (await rest(t, 'DELETE', `/objects/accounts-payable/payment/${p.recordNo}`)).status === 204;
          assert.equal(ok, o.how === 'xml-reverse' ? p.state === 'live' : p.state !== 'gone', label);
          count(tally, `${o.how}:${ok ? 'ok' : 'refused'}`);
          if (!ok) break;
          if (p.state === 'live') p.bill.paid -= p.amount;
          p.state = o.how === 'xml-reverse' ? 'reversed' : 'gone';
          break;
        }
        case 'deleteBill': {
          const b = bills[o.bill % bills.length];
          if (!b || b.deleted) continue;
          const ok = b.paid === 0;
          const done =
            o.via === 'xml'
              ? (await xml(t, `<delete_bill key="${b.recordNo}"/>`)) !== null
              : (await rest(t, 'DELETE', `/objects/accounts-payable/bill/${b.recordNo}`)).status === 204;
          assert.equal(done, ok, label);
          count(tally, `deleteBill-${o.via}:${ok ? 'ok' : 'refused'}`);
          if (ok) b.deleted = true;
          break;
        }
      }
    }
    // The database equals the model: each bill's totals and state, and the vendor's due.
    for (const b of bills) {
      const rows = await restRows<{ totalBaseAmount: string; totalBaseAmountDue: string; state: string }>(t, {
        object: 'accounts-payable/bill',
        fields: ['totalBaseAmount', 'totalBaseAmountDue', 'state'],
        filters: [{ $eq: { key: b.recordNo } }],
      });
      if (b.deleted) {
        assert.deepEqual(rows, [], `bill ${b.recordNo} deleted`);
        continue;
      }
      const total = b.lines.reduce((s, c) => s + c, 0);
      const state = b.paid === 0 ? 'posted' : b.paid === total ? 'paid' : 'partiallyPaid';
      assert.deepEqual(
        rows,
        [{ totalBaseAmount: money(total), totalBaseAmountDue: money(total - b.paid), state }],
        `bill ${b.recordNo}`,
      );
    }
    const [vendor] = await restRows<{ totalDue: string }>(t, {
      object: 'accounts-payable/vendor',
      fields: ['totalDue'],
      filters: [{ $eq: { id: vendorId } }],
    });
    const due = bills.filter((b) => !b.deleted).reduce((s, b) => s + b.lines.reduce((x, c) => x + c, 0) - b.paid, 0);
    assert.equal(vendor?.totalDue, money(due), `vendor ${vendorId} due`);
  });
}

export async function anyAccount(t: ModelTarget): Promise<string> {
  return (await restRows<{ id: string }>(t, { object: 'general-ledger/account', fields: ['id'] }))[0]!.id;
}
