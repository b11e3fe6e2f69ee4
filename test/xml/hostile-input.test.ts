// Hostile and broken requests: each gets an Intacct error response (HTTP 200, text/xml), and the server keeps serving.
// (How fast is measured by the benchmarks, not here.)

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../support/databases.ts';
import { envelope, gatewayDatabase, postRaw, sdkParse, startGateway, type Gateway } from './support/gateway-harness.ts';

const CONTROL =
  '<control><senderid>ledgerq</senderid><password>ledgerq</password><controlid>c</controlid><uniqueid>false</uniqueid><dtdversion>3.0</dtdversion></control>';
const request = (inner: string) => `<?xml version="1.0" encoding="UTF-8"?><request>${CONTROL}${inner}</request>`;

const XXE = `<?xml version="1.0"?><!DOCTYPE request [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>${request('<operation><authentication><login><userid>&xxe;</userid><companyid>demo</companyid><password>admin</password></login></authentication><content><function controlid="f"><lookup><object>VENDOR</object></lookup></function></content></operation>')}`;
const LAUGHS = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('')}]><request><control><senderid>&lol9;</senderid></control></request>`;
const DEEP = request(`<operation>${'<a>'.repeat(10_000)}${'</a>'.repeat(10_000)}</operation>`);
const EMPTY_EVERYTHING =
  '<request><control><senderid></senderid><password></password><controlid></controlid><uniqueid></uniqueid><dtdversion></dtdversion><includewhitespace></includewhitespace></control>' +
  '<operation transaction=""><authentication><login><userid></userid><companyid></companyid><password></password></login></authentication><content><function controlid=""><query></query></function></content></operation></request>';
const EMPTY_AUTH = request(
  '<operation><authentication><login><userid></userid><companyid></companyid><password></password></login></authentication><content><function controlid="f"><query/></function></content></operation>',
);

/** [rule, body, where the error must be, its errorno] */
const CASES: [string, string | (() => string), 'control' | 'authentication', string][] = [
  ['malformed XML (unclosed element)', '<request><control><senderid>ledgerq</senderid>', 'control', 'XL03000003'],
  ['text that is not XML', 'this is not xml at all', 'control', 'XL03000003'],
  ['an empty body', '', 'control', 'XL03000003'],
  ['a JSON body', '{"request": {"control": {}}}', 'control', 'XL03000003'],
  ['a DOCTYPE with an external entity (XXE)', XXE, 'control', 'XL03000003'],
  ['entity expansion ("billion laughs")', LAUGHS, 'control', 'XL03000003'],
  ['10,000-deep nesting', DEEP, 'control', 'XL03000003'],
  ['a document that is not a <request>', '<response><control/></response>', 'control', 'XL03000003'],
  ['a request without operation', request(''), 'control', 'XL03000003'],
  [
    'a dtdversion other than 3.0',
    request('').replace('<dtdversion>3.0</dtdversion>', '<dtdversion>9.9</dtdversion>'),
    'control',
    'XL03000003',
  ],
  ['every element left empty', EMPTY_EVERYTHING, 'control', 'XL03000006'],
  ['an empty login', EMPTY_AUTH, 'authentication', 'XL03000006'],
  [
    'more than 100 functions in one request',
    request(
      `<operation><authentication><login><userid>admin</userid><companyid>demo</companyid><password>admin</password></login></authentication><content>${'<function controlid="f"><inspect><object>*</object></inspect></function>'.repeat(5000)}</content></operation>`,
    ),
    'control',
    'XL03000003',
  ],
  [
    'a 50 MB body',
    () =>
      request(
        `<operation><content><function controlid="f"><lookup><object>${'x'.repeat(50 * 1024 * 1024)}</object></lookup></function></content></operation>`,
      ),
    'control',
    'XL03000003',
  ],
];

/** Unknown and empty functions fail at the result level, each alone. */
const FUNCTIONS: [string, string][] = [
  ['an unknown function', '<launchMissiles><target>all</target></launchMissiles>'],
  ['a function element holding nothing', ''],
  [
    'two elements in one function',
    '<lookup><object>VENDOR</object></lookup><inspect><object>VENDOR</object></inspect>',
  ],
  ['an empty query', '<query/>'],
  ['an empty readByQuery', '<readByQuery/>'],
  ['an empty readMore', '<readMore/>'],
  ['an empty read', '<read/>'],
  ['an empty readByName', '<readByName/>'],
  ['an empty lookup', '<lookup/>'],
  [
    'a query with empty children',
    '<query><select><field></field></select><object></object><filter></filter><pagesize></pagesize></query>',
  ],
  [
    'a query nested filter without a field',
    '<query><object>VENDOR</object><select><field>VENDORID</field></select><filter><and><equalto><value>x</value></equalto><isnull/></and></filter></query>',
  ],
  [
    'a readByQuery that injects SQL',
    "<readByQuery><object>VENDOR</object><fields>VENDORID</fields><query>VENDORID = 'x'' OR 1=1 --' OR NAME = '); DROP TABLE o_vendor; --</query></readByQuery>",
  ],
];

describe.each(BACKENDS)('hostile input to the XML gateway on %s', (backend) => {
  const { url, cleanup } = gatewayDatabase(backend);
  let g: Gateway;
  beforeAll(async () => {
    g = await startGateway(url);
  });
  afterAll(async () => {
    await g?.close();
    await cleanup();
  });

  const stillServing = async () => {
    const ok = await postRaw(
      g.loopback,
      envelope(
        '<function controlid="ok"><query><object>VENDOR</object><select><field>VENDORID</field></select><pagesize>1</pagesize></query></function>',
      ),
    );
    expect(sdkParse(ok.body).getResult().status).toBe('success');
  };

  it.each(CASES)('%s gets an Intacct error response', async (_rule, body, level, errorno) => {
    const res = await postRaw(g.loopback, typeof body === 'function' ? body() : body);
    expect(res.status).toBe(200);
    expect(res.contentType).toMatch(/^text\/xml/);
    expect(res.body).not.toMatch(/root:|\.ts:\d+|at [A-Za-z.]+ \(/);
    expect(res.body).toContain(`<errorno>${errorno}</errorno>`);
    if (level === 'control') {
      expect(res.body).toMatch(
        /^<\?xml[^>]*>\s*<response><control><status>failure<\/status>.*<\/control><errormessage><error><errorno>/s,
      );
      expect(res.body).not.toContain('<operation>');
    } else {
      expect(() => sdkParse(res.body)).toThrow(/Response authentication status failure/);
    }
    await stillServing();
  });

  it.each(FUNCTIONS)('%s fails alone at the result level, the next function still runs', async (_rule, fn) => {
    const res = await postRaw(
      g.loopback,
      envelope(
        `<function controlid="bad">${fn}</function><function controlid="good"><lookup><object>VENDOR</object></lookup></function>`,
      ),
    );
    expect(res.status).toBe(200);
    const results = sdkParse(res.body).results;
    expect(results.map((r) => [r.controlId, r.status])).toEqual([
      ['bad', 'failure'],
      ['good', 'success'],
    ]);
    expect(results[0]!.errors[0]).toMatch(/^(BL01001973|XL03000003) /);
  });

  it('many hostile requests at once leave the server answering', async () => {
    const bodies = CASES.filter(([rule]) => !rule.includes('50 MB')).map(([, b]) =>
      typeof b === 'function' ? b() : b,
    );
    const answers = await Promise.all(
      Array.from({ length: 4 }, () => bodies)
        .flat()
        .map((b) => postRaw(g.loopback, b)),
    );
    expect(answers.every((a) => a.status === 200 && a.body.includes('<errorno>'))).toBe(true);
    await stillServing();
  });
});
