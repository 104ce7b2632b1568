// Streaming CSV reader: reads the file in 64 KiB chunks, sniffs the dialect from the first records,
// and yields rows in batches with the line each starts on. Memory is bounded by the chunk size plus
// the longest record (capped), never the file size.
import * as fs from 'node:fs';
import { CsvParser, DEFAULT_MAX_RECORD_CHARS } from './csvParser';
import { columnNames, detectHeader, sniffDelimiter } from './csvSniff';
import { addProblem, rowsOf, TableReadError, type Table, type TableRow } from './types';

export interface CsvOptions {
  /** One of `,` `;` tab `|` (or any single character); sniffed from the first records when absent. */
  delimiter?: string;
  /** Whether line 1 holds column names; detected when absent. */
  header?: boolean;
  /**
   * A row whose field count differs from the header's is always counted in `problems`. Then:
   * 'flag' (default) yields it unchanged with `row.ragged` set; 'skip' leaves it out; 'error' stops.
   */
  ragged?: 'flag' | 'skip' | 'error';
  chunkBytes?: number;
  maxRecordChars?: number;
}

const SAMPLE_RECORDS = 51;

export async function openCsv(file: string, opts: CsvOptions = {}): Promise<Table> {
  const { size } = await fs.promises.stat(file);
  // 64 KiB chunks: a batch's rows then die young; 1 MiB batches outlived scavenges and made the
  // garbage collector a third of a profile.
  const stream = fs.createReadStream(file, { encoding: 'utf8', highWaterMark: opts.chunkBytes ?? 1 << 16 });
  const chunks = stream[Symbol.asyncIterator]() as AsyncIterator<string>;
  try {
    // Gather enough text to sniff: 64 KiB, or more until SAMPLE_RECORDS records are complete.
    const sampleParts: string[] = [];
    let sampleLength = 0;
    let eof = false;
    while (sampleLength < 65536) {
      const next = await chunks.next();
      if (next.done) {
        eof = true;
        break;
      }
      sampleParts.push(next.value);
      sampleLength += next.value.length;
    }
    let sample = sampleParts.join('');
    if (sample.charCodeAt(0) === 0xfeff) sample = sample.slice(1);
    const delimiter = opts.delimiter ?? sniffDelimiter(sample);
    const parser = new CsvParser(file, delimiter, opts.maxRecordChars ?? DEFAULT_MAX_RECORD_CHARS);
    const first: TableRow[] = [];
    parser.push(sample, first);
    while (first.length < SAMPLE_RECORDS && !eof) {
      const next = await chunks.next();
      if (next.done) eof = true;
      else parser.push(next.value, first);
    }
    if (eof) parser.end(first);
    const table = csvTable(file, size, stream, chunks, parser, first, eof, delimiter, opts);
    // Bytes that are not UTF-8 (a Latin-1 or Windows-1252 export) decode to U+FFFD: say so once, early.
    const bad = sample.indexOf('\uFFFD');
    if (bad >= 0) {
      const line = 1 + (sample.slice(0, bad).match(/\n/g)?.length ?? 0);
      addProblem(table, { file, line, message: 'not UTF-8: some characters could not be decoded and read as \uFFFD. Save the file as UTF-8 (e.g. iconv -f cp1252 -t utf-8).' });
    }
    return table;
  } catch (err) {
    stream.destroy();
    throw err;
  }
}

/** What is wrong with a row of `actual` fields where the header (or first row) has `width`, and the fix. */
export function raggedRow(actual: number, width: number, delimiter: string, hasHeader: boolean): { message: string; fix: string } {
  const shownDelimiter = delimiter === '\t' ? 'tab' : `"${delimiter}"`;
  const fix =
    actual > width
      ? `Quote fields that contain the delimiter ${shownDelimiter}, or add the missing column names to the header.`
      : `Add the missing fields (empty ones are written as ${delimiter === '\t' ? 'consecutive tabs' : `${delimiter}${delimiter}`}).`;
  return { message: `ragged row: ${actual} field${actual === 1 ? '' : 's'} where the ${hasHeader ? 'header has' : 'first row has'} ${width}.`, fix };
}

function csvTable(
  file: string,
  size: number,
  stream: fs.ReadStream,
  chunks: AsyncIterator<string>,
  parser: CsvParser,
  first: TableRow[],
  eof: boolean,
  delimiter: string,
  opts: CsvOptions,
): Table {
  const hasHeader = opts.header ?? detectHeader(first);
  const headerRow = hasHeader ? first.shift() : undefined;
  const width = headerRow ? headerRow.values.length : (first[0]?.values.length ?? 0);
  const mode = opts.ragged ?? 'flag';
  let started = false;

  const table: Table = {
    path: file,
    format: 'csv',
    columns: columnNames(headerRow ? (headerRow.values as string[]) : null, width),
    delimiter,
    hasHeader,
    problemCount: 0,
    problems: [],
    batches,
    [Symbol.asyncIterator]: () => rowsOf(batches())[Symbol.asyncIterator](),
    progress: () => (size ? Math.min(1, stream.bytesRead / size) : 1),
    close: async () => {
      stream.destroy();
    },
  };

  // Ragged rows are counted and, by mode, flagged, skipped or fatal; never padded.
  function check(rows: TableRow[]): TableRow[] {
    let kept = rows;
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i];
      const actual = row.values.length;
      if (actual !== width) {
        const { message, fix } = raggedRow(actual, width, delimiter, hasHeader);
        if (mode === 'error') throw new TableReadError(file, row.line, message, fix);
        addProblem(table, { file, line: row.line, message: `${message} ${fix}` });
        if (mode === 'skip') {
          if (kept === rows) kept = rows.slice(0, i);
          continue;
        }
        row.ragged = { expected: width, actual };
      }
      if (kept !== rows) kept.push(row);
    }
    return kept;
  }

  async function* batches(): AsyncGenerator<TableRow[]> {
    if (started) throw new Error(`${file} is already being read: open it again to read it again.`);
    started = true;
    try {
      if (first.length) yield check(first);
      if (eof) return;
      for (;;) {
        const next = await chunks.next();
        const out: TableRow[] = [];
        if (next.done) parser.end(out);
        else parser.push(next.value, out);
        if (out.length) yield check(out);
        if (next.done) return;
      }
    } finally {
      stream.destroy();
    }
  }

  return table;
}
