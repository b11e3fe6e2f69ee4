// Reading an import file: every record with the line it starts on, across blank lines, quoted line breaks, a BOM and
// the 64 KiB slices the parser is fed, as csv-parse's own API with its `info` option reads it; malformed quoting fails
// with csv-parse's message naming the line.

import { parse } from 'csv-parse/sync';
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

  it("fails on malformed quoting with csv-parse's message naming the line", async () => {
    await expect(read('ID,NAME\nA,fine\nB,"no closing quote\nC,x\n')).rejects.toThrow(/Quote Not Closed.*line 4/);
    await expect(read('ID,NAME\nA,fine\nB,"closed" early\n')).rejects.toThrow(/Invalid Closing Quote.*line 3/);
  });
});
