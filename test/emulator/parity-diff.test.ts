// The structural comparison behind `ledgerq replay --compare`: which difference is behaviour, which is data, and what
// is not a difference at all.

import { describe, expect, it } from 'vitest';
import { compareAnswers, type ParityDifference } from '../../src/cli/parity-diff.ts';
import { parityText, buildParityReport } from '../../src/cli/parity-report.ts';

const xml = (body: string) => ({ status: 200, contentType: 'text/xml; charset=UTF-8', body });
const json = (value: unknown, status = 200) => ({
  status,
  contentType: 'application/json; charset=utf-8',
  body: JSON.stringify(value),
});

const response = (auth: string, result: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><response><control><status>success</status><senderid>s</senderid><controlid>c</controlid><uniqueid>false</uniqueid><dtdversion>3.0</dtdversion></control><operation><authentication><status>success</status>${auth}</authentication><result><status>success</status><function>query</function><controlid>q</controlid>${result}</result></operation></response>`;

const kinds = (ds: readonly ParityDifference[]) => ds.map((d) => d.kind);

describe('parity comparison', () => {
  it('ignores sessions, the clock outside records, result ids and the sign-in identity', () => {
    const a = response(
      '<userid>jdoe</userid><companyid>acme</companyid><sessiontimestamp>2026-12-05T08:00:00+00:00</sessiontimestamp>',
      '<data listtype="VENDOR" count="1" resultId="7765623330WJEBRjmo2bWmUz@ddB3AAAAAAA"><VENDOR><VENDORID>V1</VENDORID></VENDOR></data>',
    );
    const b = response(
      '<userid>admin</userid><companyid>demo</companyid><sessiontimestamp>2026-12-06T09:30:12+00:00</sessiontimestamp>',
      '<data listtype="VENDOR" count="1" resultId="7765623330abcdefghijklmnopqrstuvwxy"><VENDOR><VENDORID>V1</VENDORID></VENDOR></data>',
    );
    expect(compareAnswers(xml(a), xml(b))).toEqual([]);
  });

  it('classes record counts and values as data, formats and fields of records as behaviour', () => {
    const a = response(
      '',
      '<data listtype="VENDOR" count="2" totalcount="2"><VENDOR><NAME>A</NAME><WHENDUE>12/31/2024</WHENDUE><TOTAL>100.00</TOTAL><X>1</X></VENDOR><VENDOR><NAME>B</NAME><WHENDUE>01/31/2025</WHENDUE><TOTAL>5.1</TOTAL><X>1</X></VENDOR></data>',
    );
    const b = response(
      '',
      '<data listtype="VENDOR" count="1" totalcount="1"><VENDOR><NAME>Z</NAME><WHENDUE>2024-12-31</WHENDUE><TOTAL>100</TOTAL></VENDOR></data>',
    );
    const ds = compareAnswers(xml(a), xml(b));
    expect(ds).toEqual([
      expect.objectContaining({ kind: 'records', path: '/response/operation/result/data/@count' }),
      expect.objectContaining({ kind: 'records', path: '/response/operation/result/data/@totalcount' }),
      expect.objectContaining({ kind: 'records', expected: '2 records', actual: '1 records' }),
      expect.objectContaining({ kind: 'value', path: '/response/operation/result/data[0]/NAME' }),
      expect.objectContaining({ kind: 'value-format', expected: '12/31/2024', actual: '2024-12-31' }),
      expect.objectContaining({ kind: 'value-format', expected: '100.00', actual: '100' }),
      expect.objectContaining({ kind: 'field', path: '/response/operation/result/data[0]/X', actual: '(missing)' }),
    ]);
  });

  it('pairs records by their key: other records are data, the same records in another order are behaviour', () => {
    const rec = (no: number, name: string) => `<VENDOR><RECORDNO>${no}</RECORDNO><NAME>${name}</NAME></VENDOR>`;
    const a = response('', `<data count="3">${rec(1, 'a')}${rec(2, 'b')}${rec(3, 'c')}</data>`);
    const b = response('', `<data count="3">${rec(3, 'c')}${rec(1, 'A')}${rec(4, 'd')}</data>`);
    expect(compareAnswers(xml(a), xml(b))).toEqual([
      expect.objectContaining({ kind: 'records', expected: '1 only recorded', actual: '1 only replayed' }),
      expect.objectContaining({ kind: 'value', expected: 'a', actual: 'A' }),
      expect.objectContaining({ kind: 'records', expected: 'the same records', actual: 'in another order' }),
    ]);
    const rows = (r: unknown[]) => json({ 'ia::result': r });
    expect(
      compareAnswers(
        rows([
          { key: '1', id: 'V1' },
          { key: '2', id: 'V2' },
        ]),
        rows([
          { key: '2', id: 'V2' },
          { key: '1', id: 'V1' },
        ]),
      ),
    ).toEqual([expect.objectContaining({ kind: 'element-order', actual: 'another order of the same records' })]);
  });

  it('finds attributes, the envelope and the XML declaration', () => {
    const a = response('', '<data listtype="VENDOR" count="0"></data>');
    const b = response('', '<data listtype="vendor" count="0" extra="1"></data>')
      .replace('<dtdversion>3.0</dtdversion>', '<dtdversion>2.1</dtdversion>')
      .replace('<?xml version="1.0" encoding="UTF-8"?>', '');
    expect(kinds(compareAnswers(xml(a), xml(b)))).toEqual(['envelope', 'attribute', 'attribute', 'envelope']);
  });

  it('compares REST error members as errors, records as data, member order and types as behaviour', () => {
    const err = (code: string, message: string) => ({
      'ia::result': { 'ia::error': { code, message, errorId: 'REST-1001' } },
      'ia::meta': { totalCount: 1, totalSuccess: 0, totalError: 1 },
    });
    expect(kinds(compareAnswers(json(err('invalidRequest', 'a'), 400), json(err('notFound', 'b'), 404)))).toEqual([
      'status',
      'error',
      'error',
    ]);
    const rows = (r: unknown[]) => ({ 'ia::result': r, 'ia::meta': { totalCount: r.length, start: 1 } });
    const ds = compareAnswers(
      json(
        rows([
          { id: 'V1', total: '10.00' },
          { id: 'V2', total: '1' },
        ]),
      ),
      json(rows([{ total: 10, id: 'V9' }])),
    );
    expect(kinds(ds)).toEqual(['records', 'element-order', 'value', 'value-format', 'records']);
  });

  it('compares bodies the recording truncated as text, and non-XML, non-JSON bodies as text', () => {
    const cut = (s: string) => `${s.slice(0, 20)}…[truncated 99 characters]`;
    const body = response('', '<data count="0"></data>');
    expect(compareAnswers(xml(cut(body)), xml(cut(body)))).toEqual([]);
    expect(kinds(compareAnswers(xml(cut(body)), xml(cut(body.replace('<?xml', '<?XML')))))).toEqual(['body']);
    const page = { status: 524, contentType: 'text/html', body: '<html><body>timeout</body>' };
    expect(kinds(compareAnswers(page, xml(body)))).toEqual(['status', 'content-type', 'body-shape']);
  });

  it('counts the same difference in every record once, and reports an empty comparison as no differences', () => {
    const records = (order: string) => response('', `<data count="3">${`<VENDOR>${order}</VENDOR>`.repeat(3)}</data>`);
    const ds = compareAnswers(
      xml(records('<NAME>a</NAME><VENDORID>1</VENDORID>')),
      xml(records('<VENDORID>1</VENDORID><NAME>a</NAME>')),
    );
    expect(ds).toEqual([expect.objectContaining({ kind: 'element-order', times: 3 })]);
    const entry = {
      id: 1,
      company: 'demo',
      at: '2026-12-05T00:00:00.000Z',
      durationMs: 1,
      method: 'POST',
      url: '/ia/xml/xmlgw.phtml',
      operation: 'xml:query',
      request: { headers: {}, body: '' },
      response: { status: 200, headers: { 'content-type': 'text/xml' }, body: records('<NAME>a</NAME>') },
      fault: null,
    };
    const outcome = {
      id: 1,
      method: 'POST',
      url: entry.url,
      operation: entry.operation,
      verdict: 'same' as const,
      recordedStatus: 200,
      actualStatus: 200,
      detail: null,
      actual: { status: 200, contentType: 'text/xml', body: records('<NAME>a</NAME>') },
    };
    const report = buildParityReport('r.jsonl', 'http://t', [entry], [outcome]);
    expect(report.counts).toEqual({ same: 1, data: 0, behaviour: 0, 'not-compared': 0 });
    expect(parityText(report)).toContain('no differences');
  });
});
