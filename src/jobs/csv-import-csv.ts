// Reading an import file: its records with the line each starts on (csv-parse, streamed), and its header row.

import { Parser } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import { LedgerqError } from '../errors.ts';

export interface CsvRecord {
  /** 1-based line of the file the record starts on (a quoted field may span lines). */
  readonly line: number;
  readonly cells: readonly string[];
}

/** Bytes handed to the parser at a time: the file is parsed as a stream, never split into one array of rows. */
const SLICE_BYTES = 64 * 1024;
const YIELD_EVERY = 2000;

/**
 * csv-parse's parser core, which its stream class wraps (`Parser.api`). Fed the slices directly, it skips the stream's
 * cost per record (a 10,000-row import read the file about twice as fast), and the parser's `info`, read as a record is
 * pushed, holds what the `info` option would have copied into that record.
 */
interface ParserCore {
  parse(
    slice: Buffer | undefined,
    end: boolean,
    push: (record: string[]) => void,
    close: () => void,
  ): Error | undefined;
}

/**
 * Every record including the header, in order. Rows may have any number of
 * cells (the caller reports a wrong count per row); blank lines are skipped;
 * malformed quoting throws csv-parse's error, which names the line.
 */
export async function* csvRecords(csv: string): AsyncGenerator<CsvRecord> {
  const bytes = Buffer.from(csv, 'utf8');
  const parser = new Parser({ relax_column_count: true, skip_empty_lines: true, bom: true });
  const core = (parser as unknown as { api: ParserCore }).api;
  // info.lines is where a record ends; it starts after the previous one's end and the blank lines skipped since.
  let prevEnd = 0;
  let prevEmpty = 0;
  let count = 0;
  const batch: CsvRecord[] = [];
  const push = (cells: string[]) => {
    const { lines, empty_lines } = parser.info;
    batch.push({ line: prevEnd + 1 + (empty_lines - prevEmpty), cells });
    prevEnd = lines;
    prevEmpty = empty_lines;
  };
  for (let at = 0; ; at += SLICE_BYTES) {
    const end = at + SLICE_BYTES >= bytes.length;
    const error = core.parse(bytes.subarray(at, at + SLICE_BYTES), end, push, () => {});
    if (error) throw error;
    for (const record of batch) {
      // Parsing a large file is a long run of microtasks: let timers and I/O in now and then.
      if (++count % YIELD_EVERY === 0) await new Promise<void>((resolve) => setImmediate(resolve));
      yield record;
    }
    batch.length = 0;
    if (end) return;
  }
}

/** The first record, read at upload time so a file that has none is refused before a job exists. */
export function csvHeader(csv: string): string[] {
  let rows: string[][];
  try {
    rows = parseSync(csv, { to: 1, relax_column_count: true, skip_empty_lines: true, bom: true }) as string[][];
  } catch (e) {
    throw new LedgerqError('parse.invalid-csv', `the file's header row is not valid CSV: ${(e as Error).message}`, {
      field: 'body',
    });
  }
  const header = rows[0];
  if (!header || header.every((c) => c.trim() === '')) {
    throw new LedgerqError(
      'parse.invalid-csv',
      'the file is empty: its first line must name the columns (VENDORID,NAME,…)',
      { field: 'body' },
    );
  }
  return header;
}
