// Streaming CSV reader: reads the file in 64 KiB chunks, sniffs the dialect from the first records,
// and yields rows in batches with the line each starts on. Memory is bounded by the chunk size plus
// the longest record (capped), never the file size.
import * as fs from 'node:fs';
import { CsvParser, DEFAULT_MAX_RECORD_CHARS } from './csvParser';
import { columnNames, detectHeader, sniffDelimiter } from './csvSniff';
import { cellKind, inferColumnTypes } from './inferTypes';
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
  /**
   * Lines before the data (a title, a count) to skip. Absent: leading lines whose field count differs
   * from that of the lines after them are skipped, with a notice; 0 reads every line.
   */
  skipRows?: number;
  /** A line starting with this character is a comment, skipped wherever it is (e.g. "#"). */
  comment?: string;
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
    const bom = sample.charCodeAt(0) === 0xfeff;
    if (bom) sample = sample.slice(1);
    checkReadOptions(file, opts);
    const skipped = opts.skipRows ?? 0;
    const skipTo = afterLines(sample, skipped);
    if (skipTo < 0) throw new TableReadError(file, 0, `skipRows ${skipped} skips every line of the file.`, 'Give a smaller number of lines to skip.');
    const body = sample.slice(skipTo);
    const delimiter = opts.delimiter ?? sniffDelimiter(opts.comment ? withoutComments(body, opts.comment) : body);
    const parser = new CsvParser(file, delimiter, opts.maxRecordChars ?? DEFAULT_MAX_RECORD_CHARS, { line: skipped + 1, comment: opts.comment });
    const first: TableRow[] = [];
    parser.push(body, first);
    while (first.length < SAMPLE_RECORDS && !eof) {
      const next = await chunks.next();
      if (next.done) eof = true;
      else parser.push(next.value, first);
    }
    if (eof) parser.end(first);
    const notices: string[] = [];
    let dataLine = skipped + 1;
    if (opts.skipRows === undefined) {
      const odd = leadingOddRecords(first);
      if (odd.count > 0) {
        dataLine = first[odd.count].line;
        const lines = dataLine - 1;
        const text = sample.slice(0, afterLines(sample, lines)).trimEnd();
        const shown = JSON.stringify(text.length > 80 ? text.slice(0, 77) + '...' : text);
        notices.push(
          `${lines > 1 ? `lines 1-${lines}` : 'line 1'} skipped before the data (${shown}): ${odd.reason}. ` +
            `To read ${lines > 1 ? 'them' : 'it'} as data, set the dataset's "skipRows": 0 (or --skip-rows 0).`,
        );
        first.splice(0, odd.count);
      }
    }
    // Where the data starts in bytes, for readers of the raw file (profileCsv).
    const dataStart = { offset: (bom ? 3 : 0) + Buffer.byteLength(sample.slice(0, afterLines(sample, dataLine - 1)), 'utf8'), line: dataLine };
    const table = csvTable(file, size, stream, chunks, parser, first, eof, delimiter, opts);
    table.dataStart = dataStart;
    if (opts.comment) table.comment = opts.comment;
    for (const n of notices) table.notices.push(n);
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

/** skipRows and comment as mlops.json and the CLI give them: a bad one is named with its fix. */
function checkReadOptions(file: string, opts: CsvOptions): void {
  if (opts.skipRows !== undefined && !(Number.isInteger(opts.skipRows) && opts.skipRows >= 0)) {
    throw new TableReadError(file, 0, `skipRows ${opts.skipRows} is not a number of lines.`, 'Give a whole number, 0 or more.');
  }
  if (opts.comment !== undefined && (opts.comment.length !== 1 || opts.comment === '"' || opts.comment === '\n' || opts.comment === '\r')) {
    throw new TableReadError(file, 0, `comment ${JSON.stringify(opts.comment)} is not one character.`, 'Give the one character comment lines start with, e.g. "#".');
  }
}

/** The offset in `text` just after its first `lines` line feeds (0 for none); -1 when it has fewer. */
function afterLines(text: string, lines: number): number {
  let at = 0;
  for (let i = 0; i < lines; i++) {
    const lf = text.indexOf('\n', at);
    if (lf < 0) return -1;
    at = lf + 1;
  }
  return at;
}

function withoutComments(text: string, comment: string): string {
  return text
    .split('\n')
    .filter((l) => !l.startsWith(comment))
    .join('\n');
}

/** Leading records skipped at most: a title, a count line, a comment or two. */
const MAX_ODD_LEADING = 5;

/**
 * The leading records that are not rows of the table, and why: a title or a count line (as
 * scikit-learn's bundled CSVs start with) whose field count differs from the records after it, when
 * those agree (90% of one width, at least 2 records); a count line with as many fields as the rows
 * (iris.csv: `150,4,setosa,versicolor,virginica` over rows of five numbers); or a "#" line above a
 * header.
 */
export function leadingOddRecords(records: readonly TableRow[]): { count: number; reason: string } {
  let count = 0;
  let reason = '';
  while (count < MAX_ODD_LEADING && records.length - count >= 3) {
    const line = records[count].values;
    const rest = records.slice(count + 1);
    const width = rest[0].values.length;
    const agree = rest.filter((r) => r.values.length === width).length >= 0.9 * rest.length;
    if (line.length !== width && agree) {
      reason ||= `${line.length} field${line.length === 1 ? '' : 's'} where the rows after ${count ? 'them' : 'it'} have ${width}`;
    } else if (isCountLine(line, rest)) {
      reason ||= `a count line (${String(line[0])} rows, ${String(line[1])} features, then names) above rows of numbers without a header`;
    } else if (String(line[0]).startsWith('#') && detectHeader(rest)) {
      reason ||= 'a # comment above the header';
    } else break;
    count++;
  }
  return { count, reason };
}

const WHOLE = /^\d+$/;

/**
 * scikit-learn's layout with as many fields as the rows: two whole numbers (rows, features), the
 * second one less than the width (the features and a target column), then names, each above a
 * column of numbers; the rows after it have no header. A header of numbers over numbers would be
 * unusual; names over numbers alone are a header, so the two counts must fit.
 */
function isCountLine(line: readonly unknown[], rest: readonly TableRow[]): boolean {
  const width = line.length;
  if (width < 3 || !WHOLE.test(String(line[0])) || !WHOLE.test(String(line[1])) || Number(line[1]) !== width - 1) return false;
  const body = rest.filter((r) => r.values.length === width).map((r) => r.values);
  if (body.length < 2 || detectHeader(rest)) return false;
  const types = inferColumnTypes(body);
  for (let i = 2; i < width; i++) {
    if (cellKind(line[i] as string) !== 'string' || (types[i] !== 'integer' && types[i] !== 'float')) return false;
  }
  return true;
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
    notices: [],
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
