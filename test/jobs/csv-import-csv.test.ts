// Reading an import file: every record with the line it starts on, across blank lines, quoted line breaks, a BOM and
// the 64 KiB slices the parser is fed, as csv-parse's own API with its `info` option reads it; malformed quoting fails
// with csv-parse's message naming the line.

import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvRecords } from '../../src/jobs/csv-import-csv.ts';

const OPTIONS = { relax_column_count: true, skip_empty_lines: true, bom: true } as const;

const read = async (csv: string) => {
  const out: [number, string[]][] = [];
  for await (const r of csvRecords(csv)) out.push([r.line, [...r.cells]]);
  return out;
};

/** csv-parse's sync API with `info`: a record starts after the previous one's end and the blank lines skipped since. */
function reference(csv: string): [number, string[]][] {
  const rows = parse(csv, { ...OPTIONS, info: true }) as unknown as {
    record: string[];
    info: { lines: number; empty_lines: number };
  }[];
  let end = 0;
  let empty = 0;
  return rows.map(({ record, info }) => {
    const line = end + 1 + (info.empty_lines - empty);
    end = info.lines;
    empty = info.empty_lines;
    return [line, record];
  });
}

describe('csvRecords', () => {
  it('gives each record the line it starts on', async () => {
    const csv = '\uFEFFID,NAME\r\nA,one\r\n\r\n\r\nB,"two\r\nlines"\r\nC,"x ""quoted"""\r\n\r\nD,last';
    expect(await read(csv)).toEqual([
      [1, ['ID', 'NAME']],
      [2, ['A', 'one']],
      [5, ['B', 'two\r\nlines']],
      // csv-parse counts a quoted CRLF as two line ends.
      [8, ['C', 'x "quoted"']],
      [10, ['D', 'last']],
    ]);
    expect(await read(csv)).toEqual(reference(csv));
  });

  it('reads records across the slices the parser is fed, multi-byte characters included, as csv-parse does', async () => {
    const rows = Array.from(
      { length: 6000 },
      (_, i) => `R${i},"Zoë ${i}\nline two",${i % 7 === 0 ? '' : '€'}${i % 500 === 0 ? '\n\n' : ''}`,
    );
    const csv = `ID,NAME,X\n${rows.join('\n')}\n`;
    expect(Buffer.byteLength(csv)).toBeGreaterThan(2 * 64 * 1024);
    const got = await read(csv);
    expect(got).toHaveLength(6001);
    expect(got).toEqual(reference(csv));
  });

  it('reads files without quotes (read line by line, not by csv-parse) exactly as csv-parse does', async () => {
    // LF and CRLF files take the line-by-line reader; a CR in an LF file, a bare CR or LF in a CRLF file, a first line
    // end that is a bare CR and a lone surrogate send the file back to csv-parse: either way the answer is its.
    const files = [
      '',
      '\uFEFF',
      'ID',
      'ID,NAME\n',
      '\uFEFFID,NAME\r\nA,\r\n\r\n,\r\nB,x',
      'ID,NAME\n\n\nA,b\n\n',
      'ID,NAME\nA,b\rc\n',
      'ID,NAME\r\nA,b\nc\r\n',
      'ID,NAME\rA,b\r',
      'ID,NAME\nA,\uD800\n',
      'ID,NAME\n  ,\t\n,,,\n',
      '\n\nID\n',
    ];
    for (const csv of files) expect(await read(csv), JSON.stringify(csv)).toEqual(reference(csv));
    const piece = fc.constantFrom(
      'A',
      'bc',
      ',',
      ' ',
      '\n',
      '\r\n',
      '\r',
      '\uFEFF',
      'é',
      '€',
      '\uDC00',
      '\uD83D\uDE00',
    );
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { maxLength: 40 }), async (pieces) => {
        const csv = pieces.join('');
        expect(await read(csv)).toEqual(reference(csv));
      }),
      { numRuns: 500 },
    );
    const crlf = fc.array(fc.array(fc.constantFrom('A', 'bc', ',', ' ', '€', '\uFEFF'), { maxLength: 6 }), {
      maxLength: 20,
    });
    await fc.assert(
      fc.asyncProperty(crlf, fc.constantFrom('\n', '\r\n'), async (lines, end) => {
        const csv = lines.map((l) => l.join('')).join(end);
        expect(await read(csv)).toEqual(reference(csv));
      }),
      { numRuns: 300 },
    );
  });

  it("fails on malformed quoting with csv-parse's message naming the line", async () => {
    await expect(read('ID,NAME\nA,fine\nB,"no closing quote\nC,x\n')).rejects.toThrow(/Quote Not Closed.*line 4/);
    await expect(read('ID,NAME\nA,fine\nB,"closed" early\n')).rejects.toThrow(/Invalid Closing Quote.*line 3/);
  });
});
