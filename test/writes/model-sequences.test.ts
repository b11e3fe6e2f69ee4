// Property: random sequences of creates, updates and deletes through XML and REST leave the database equal to a simple in-memory model of the same rules.

import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../support/databases.ts';
import { DEMO_CLIENT } from '../rest/rest-server.ts';
import { envelope, gatewayDatabase, postRaw, type Gateway, startGateway } from '../xml/support/gateway-harness.ts';

type Op =
  | { readonly kind: 'create'; readonly via: 'xml' | 'rest'; readonly id: string; readonly name: string }
  | { readonly kind: 'update'; readonly via: 'xml' | 'rest'; readonly id: string; readonly name: string; readonly active: boolean }
  | { readonly kind: 'delete'; readonly via: 'xml' | 'rest'; readonly id: string };

/** The rules the model keeps: IDs are unique, updates and deletes need an existing record, new records are active. */
interface ModelRow { readonly name: string; readonly status: 'active' | 'inactive' }

const ids = fc.constantFrom('a', 'b', 'c');
const via = fc.constantFrom('xml' as const, 'rest' as const);
const name = fc.stringMatching(/^[A-Za-z][A-Za-z0-9 ]{0,11}$/);
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('create' as const), via, id: ids, name }),
  fc.record({ kind: fc.constant('update' as const), via, id: ids, name, active: fc.boolean() }),
  fc.record({ kind: fc.constant('delete' as const), via, id: ids }),
);

const xmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

for (const backend of BACKENDS) {
  describe(`random write sequences against a model (${backend})`, () => {
    const { url, cleanup } = gatewayDatabase(backend);
    let g: Gateway;
    let token: string;
    let api: string;
    beforeAll(async () => {
      g = await startGateway(url);
      api = `http://127.0.0.1:${g.port}/ia/api/v1`;
      const res = await fetch(`${api}/oauth2/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ grant_type: 'client_credentials', ...DEMO_CLIENT, username: 'admin@demo' }) });
      token = ((await res.json()) as { access_token: string }).access_token;
    });
    afterAll(async () => { await g?.close(); await cleanup(); });

    const rest = (method: string, path: string, body?: unknown) => fetch(`${api}${path}`, {
      method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
    });
    const xml = async (fn: string) => (await postRaw(g.loopback, envelope(`<function controlid="m">${fn}</function>`))).body.includes('<status>success</status><function>');

    async function keyOf(classId: string): Promise<string | null> {
      const r = await rest('POST', '/services/core/query', { object: 'company-config/class', fields: ['key'], filters: [{ $eq: { id: classId } }] });
      const rows = ((await r.json()) as { 'ia::result': { key: string }[] })['ia::result'];
      return rows[0]?.key ?? null;
    }

    async function apply(o: Op, classId: string): Promise<boolean> {
      switch (o.kind) {
        case 'create':
          return o.via === 'xml'
            ? xml(`<create><CLASS><CLASSID>${classId}</CLASSID><NAME>${xmlEscape(o.name)}</NAME></CLASS></create>`)
            : (await rest('POST', '/objects/company-config/class', { id: classId, name: o.name })).status === 201;
        case 'update': {
          const status = o.active ? 'active' : 'inactive';
          if (o.via === 'xml') return xml(`<update><CLASS><CLASSID>${classId}</CLASSID><NAME>${xmlEscape(o.name)}</NAME><STATUS>${status}</STATUS></CLASS></update>`);
          const key = await keyOf(classId);
          return (await rest('PATCH', `/objects/company-config/class/${key ?? '999999999'}`, { name: o.name, status })).status === 200;
        }
        case 'delete': {
          if (o.via === 'xml') return xml(`<delete_class key="${classId}"/>`);
          const key = await keyOf(classId);
          return (await rest('DELETE', `/objects/company-config/class/${key ?? '999999999'}`)).status === 204;
        }
      }
    }

    it('the database equals the model after every sequence', async () => {
      let run = 0;
      await fc.assert(fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 8 }), async (ops) => {
        run += 1;
        const prefix = `FC${run}-`;
        const model = new Map<string, ModelRow>();
        for (const o of ops) {
          const classId = prefix + o.id;
          const exists = model.has(classId);
          const expected = o.kind === 'create' ? !exists : exists;
          expect(await apply(o, classId), `${o.kind} ${classId} via ${o.via}`).toBe(expected);
          if (!expected) continue;
          // XML element text is stored trimmed (the gateway reads values as trimmed text); REST JSON strings are kept as sent.
          const stored = o.kind === 'delete' ? '' : o.via === 'xml' ? o.name.trim() : o.name;
          if (o.kind === 'create') model.set(classId, { name: stored, status: 'active' });
          else if (o.kind === 'update') model.set(classId, { name: stored, status: o.active ? 'active' : 'inactive' });
          else model.delete(classId);
        }
        const r = await rest('POST', '/services/core/query', { object: 'company-config/class', fields: ['id', 'name', 'status'], filters: [{ $startsWith: { id: prefix } }], orderBy: [{ id: 'asc' }] });
        const rows = ((await r.json()) as { 'ia::result': { id: string; name: string; status: string }[] })['ia::result'];
        expect(rows).toEqual([...model].sort(([a], [b]) => (a < b ? -1 : 1)).map(([id, v]) => ({ id, name: v.name, status: v.status })));
      }), { numRuns: 25, seed: 8 });
    }, 120_000);
  });
}
