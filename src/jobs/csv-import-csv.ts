// Reading an import file: its records with the line each starts on (line by line when csv-parse would read it so, else
// csv-parse, streamed), and its header row.

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
/** Records handed over at a time; between two batches, timers and I/O get their turn. */
const BATCH_RECORDS = 2000;

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

/** Every record as csv-parse reads it (relax_column_count, skip_empty_lines, bom), a slice of the file at a time. */
function* parsedRecords(csv: string): Generator<CsvRecord> {
  const bytes = Buffer.from(csv, 'utf8');
  const parser = new Parser({ relax_column_count: true, skip_empty_lines: true, bom: true });
  const core = (parser as unknown as { api: ParserCore }).api;
  // info.lines is where a record ends; it starts after the previous one's end and the blank lines skipped since.
  let prevEnd = 0;
  let prevEmpty = 0;
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
    yield* batch;
    batch.length = 0;
    if (end) return;
  }
}

/** A UTF-16 surrogate without its pair: csv-parse reads the file as UTF-8 bytes, where it becomes U+FFFD. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** In a CRLF file, a CR or LF that is not part of a CRLF. */
const BARE_CR_OR_LF = /\r(?!\n)|(?<!\r)\n/;

/**
 * The line end of a file that csv-parse would read as plain lines cut at commas, or null when it might read it
 * otherwise. That is a file with no quote character and one kind of line end, LF or CRLF: csv-parse takes the first
 * line end it meets as the record delimiter, so a file that starts with LF and holds a CR (which csv-parse would keep
 * in a cell and count as a line), one whose first line end is a bare CR, or a CRLF file with a bare CR or LF is left
 * to csv-parse, as is text with a lone surrogate.
 */
function plainLineEnd(csv: string): '\n' | '\r\n' | null {
  if (csv.includes('"') || LONE_SURROGATE.test(csv)) return null;
  const cr = csv.indexOf('\r');
  const lf = csv.indexOf('\n');
  if (cr < 0) return '\n';
  if (lf < 0 || cr + 1 !== lf) return null;
  return BARE_CR_OR_LF.test(csv) ? null : '\r\n';
}

/**
 * The records csv-parse reads from such a file, without its byte-by-byte state machine (about ten times faster): a
 * leading BOM is dropped, each non-empty line is a record of the cells between commas, an empty line is skipped, and
 * a record's line is its line's number. test/jobs/csv-import-csv.test.ts checks it against csv-parse.
 */
function* plainRecords(csv: string, lineEnd: string): Generator<CsvRecord> {
  let at = csv.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (let line = 1; at < csv.length; line++) {
    const found = csv.indexOf(lineEnd, at);
    const end = found < 0 ? csv.length : found;
    if (end > at) yield { line, cells: csv.slice(at, end).split(',') };
    at = end + lineEnd.length;
  }
}

/**
 * Every record including the header, in order, in batches. Rows may have any number of cells (the caller reports a
 * wrong count per row); blank lines are skipped; malformed quoting throws csv-parse's error, which names the line.
 */
export async function* csvRecordBatches(csv: string): AsyncGenerator<CsvRecord[]> {
  const lineEnd = plainLineEnd(csv);
  let batch: CsvRecord[] = [];
  for (const record of lineEnd === null ? parsedRecords(csv) : plainRecords(csv, lineEnd)) {
    batch.push(record);
    if (batch.length < BATCH_RECORDS) continue;
    yield batch;
    batch = [];
    // Reading a large file is a long run of microtasks: let timers and I/O in now and then.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  if (batch.length > 0) yield batch;
}

/** Every record including the header, in order, one at a time (csvRecordBatches unbatched). */
export async function* csvRecords(csv: string): AsyncGenerator<CsvRecord> {
  for await (const batch of csvRecordBatches(csv)) yield* batch;
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
