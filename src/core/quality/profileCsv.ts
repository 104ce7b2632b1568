// A CSV's profile from its bytes: records are cut in the read buffer and each cell goes to its
// column's accumulator as a byte range, so no string or row object is made per cell (strings per
// cell were most of a profile's time). A big file is read in parts on several threads, whose figures
// are merged. The dialect (delimiter, header, column names) is the one openCsv sniffed; the figures
// are those profileTable gives over openCsv's rows.
import * as fs from 'node:fs';
import * as os from 'node:os';
import { raggedRow, type CsvOptions } from '../data/readers/csv';
import { CsvByteRecords, type ByteRecord } from '../data/readers/csvByteRecords';
import { DEFAULT_MAX_RECORD_CHARS, recordTooLong } from '../data/readers/csvParser';
import { TableReadError, type Table } from '../data/readers/types';
import { runInWorker } from '../worker/runInWorker';
import type { ColumnAccumulator, ColumnState } from './columnAccumulator';
import { columnAccumulators, exactNumbersPerColumn, finishProfile, ProfileAborted } from './profileAccumulators';
import type { TableProfile } from '../../shared/profileTypes';
import type { ProfileOptions } from './profileOptions';

/** 1 MiB reads: nothing per cell outlives a read here, so big reads cost the garbage collector nothing. */
const CHUNK_BYTES = 1 << 20;
const PART_BYTES = 32 << 20;
const MAX_THREADS = 4;

type Limits = Pick<ProfileOptions, 'distinctLimit' | 'exactNumbersLimit' | 'sampleSize'>;

/** Bytes [start, end) of a CSV whose records start at `start`. */
export interface CsvPart {
  file: string;
  start: number;
  end: number;
  delimiter: string;
  /** Char code of the comment character (its lines are skipped), -1 for none. */
  comment: number;
  /** The line the part's first record starts on (only the first part's is known: errors re-read in one pass). */
  line: number;
  width: number;
  /** The part's first record is the header (the first part of a file with one). */
  header: boolean;
  /** The part ends where the file did when profiling began: its last record may lack a line break. */
  last: boolean;
  limits: Limits;
  /** The part's share of the numbers kept for exact figures (see columnAccumulators). */
  share: number;
  csv: Pick<CsvOptions, 'ragged' | 'maxRecordChars' | 'chunkBytes'>;
}

export interface CsvPartResult {
  rows: number;
  ragged: number;
  /** The part ended between records: the next part, which assumed so, read its records right. */
  clean: boolean;
  columns: ColumnState[];
}

export async function profileCsv(table: Table, opts: ProfileOptions, csv: CsvOptions = {}): Promise<TableProfile> {
  await table.close();
  const size = (await fs.promises.stat(table.path)).size;
  // Lines before the data (a title, a count) were found by openCsv: the bytes start after them.
  const start = table.dataStart ?? { offset: 0, line: 1 };
  const part: CsvPart = {
    file: table.path,
    start: start.offset,
    end: size,
    delimiter: table.delimiter ?? ',',
    comment: table.comment ? table.comment.charCodeAt(0) : -1,
    line: start.line,
    width: table.columns.length,
    header: table.hasHeader ?? false,
    last: true,
    limits: { distinctLimit: opts.distinctLimit, exactNumbersLimit: opts.exactNumbersLimit, sampleSize: opts.sampleSize },
    share: 1,
    csv: { ragged: csv.ragged, maxRecordChars: csv.maxRecordChars, chunkBytes: csv.chunkBytes },
  };
  const threads = Math.min(opts.threads ?? Math.min(os.availableParallelism(), MAX_THREADS), Math.floor(size / (opts.partBytes ?? PART_BYTES)));
  const bounds = threads > 1 ? await recordBounds(table.path, start.offset, size, threads) : [start.offset, size];
  if (bounds.length > 2) {
    // A quarter to spare: parts hold about equal numbers of rows, not exactly equal.
    const share = Math.min(1, 1.25 / (bounds.length - 1));
    const parts = bounds.slice(0, -1).map((start, i) => ({ ...part, start, end: bounds[i + 1], header: i === 0 && part.header, last: bounds[i + 1] === size, share }));
    const merged = await profileParts(parts, opts);
    if (merged) return finishProfile(table, merged.cols, merged.rows, merged.ragged, opts);
  }
  const cols = columnAccumulators(part.width, opts);
  const { rows, ragged } = await readPart(part, cols, opts.signal, (bytes, n) => opts.onProgress?.(size ? bytes / size : 1, n));
  return finishProfile(table, cols, rows, ragged, opts);
}

/**
 * The first part on this thread, the others on workers, merged in file order; undefined when a part
 * began inside a quoted field that holds a line break (the previous part did not end between
 * records) or a later part failed: the caller then reads the file in one pass, which also names the
 * right line in any error.
 */
async function profileParts(parts: CsvPart[], opts: ProfileOptions): Promise<{ cols: ColumnAccumulator[]; rows: number; ragged: number } | undefined> {
  const stop = new AbortController();
  const onAbort = () => stop.abort(opts.signal?.reason);
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  const size = parts[parts.length - 1].end;
  const progress = parts.map(() => ({ bytes: 0, rows: 0 }));
  const report = (i: number, bytes: number, rows: number) => {
    progress[i] = { bytes, rows };
    opts.onProgress?.(progress.reduce((s, p) => s + p.bytes, 0) / size, progress.reduce((s, p) => s + p.rows, 0));
  };
  try {
    const later = parts.slice(1).map((p, i) => runInWorker('profileCsvPart', p, { signal: stop.signal, onProgress: (bytes: number, rows: number) => report(i + 1, bytes, rows) }));
    // Settled at once, so a failure of the first part leaves no rejection unobserved.
    const settled = Promise.allSettled(later);
    const cols = columnAccumulators(parts[0].width, opts, parts[0].share);
    let first: Awaited<ReturnType<typeof readPart>>;
    try {
      first = await readPart(parts[0], cols, opts.signal, (bytes, rows) => report(0, bytes, rows));
    } catch (err) {
      stop.abort(err);
      await settled;
      throw err;
    }
    const results = await settled;
    if (opts.signal?.aborted) throw new ProfileAborted();
    let { rows, ragged } = first;
    let clean = first.clean;
    const exact = exactNumbersPerColumn(parts[0].width, opts);
    for (const c of cols) c.widenExact(exact);
    for (const r of results) {
      if (!clean || r.status === 'rejected') return undefined;
      r.value.columns.forEach((state, c) => cols[c].merge(state));
      rows += r.value.rows;
      ragged += r.value.ragged;
      clean = r.value.clean;
    }
    return { cols, rows, ragged };
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
  }
}

/** A worker's part: its figures as plain data for the merge. */
export async function profileCsvPart(part: CsvPart, signal: AbortSignal, onProgress: (bytes: number, rows: number) => void): Promise<CsvPartResult> {
  const cols = columnAccumulators(part.width, part.limits, part.share);
  const result = await readPart(part, cols, signal, onProgress);
  return { ...result, columns: cols.map((c) => c.state()) };
}

/** `threads` byte offsets at which records start (`first`, then just after line feeds), and the file's size. */
async function recordBounds(file: string, first: number, size: number, threads: number): Promise<number[]> {
  const bounds = [first];
  const fh = await fs.promises.open(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(1 << 16);
    for (let i = 1; i < threads; i++) {
      for (let at = first + Math.floor(((size - first) * i) / threads); at < size; at += buf.length) {
        const { bytesRead } = await fh.read(buf, 0, buf.length, at);
        const lf = buf.subarray(0, bytesRead).indexOf(10);
        if (lf >= 0) {
          if (at + lf + 1 < size && at + lf + 1 > bounds[bounds.length - 1]) bounds.push(at + lf + 1);
          break;
        }
      }
    }
  } finally {
    await fh.close();
  }
  bounds.push(size);
  return bounds;
}

/** Reads a part's records into the accumulators. */
async function readPart(part: CsvPart, cols: ColumnAccumulator[], signal: AbortSignal | undefined, onProgress: (bytes: number, rows: number) => void): Promise<{ rows: number; ragged: number; clean: boolean }> {
  const { file, width, delimiter, csv } = part;
  const maxRecord = csv.maxRecordChars ?? DEFAULT_MAX_RECORD_CHARS;
  let rows = 0;
  let ragged = 0;
  let header = part.header;

  const onRecord = (rec: ByteRecord) => {
    if (header) {
      header = false;
      return;
    }
    if (rec.count !== width) {
      ragged++;
      if (csv.ragged === 'error') {
        const { message, fix } = raggedRow(rec.count, width, delimiter, part.header);
        throw new TableReadError(file, rec.line, message, fix);
      }
      return;
    }
    const { buf, starts, ends, texts } = rec;
    if (texts.length) {
      for (let i = 0; i < width; i++) {
        const text = texts[i];
        if (text !== undefined) cols[i].add(text);
        else cols[i].addBytes(buf, starts[i], ends[i]);
      }
    } else for (let i = 0; i < width; i++) cols[i].addBytes(buf, starts[i], ends[i]);
    rows++;
  };

  const records = new CsvByteRecords(file, delimiter.charCodeAt(0), onRecord, part.comment);
  records.line = part.line;
  const fh = await fs.promises.open(file, 'r');
  try {
    let buf = Buffer.allocUnsafe(Math.max(16, csv.chunkBytes ?? CHUNK_BYTES));
    let filled = 0;
    let position = part.start;
    for (;;) {
      if (signal?.aborted) throw new ProfileAborted();
      if (filled > buf.length / 2) {
        // One record fills half the buffer: read on into a bigger one, up to the record limit.
        if (filled > maxRecord) throw recordTooLong(file, records.line, maxRecord);
        const bigger = Buffer.allocUnsafe(buf.length * 2);
        buf.copy(bigger, 0, 0, filled);
        buf = bigger;
      }
      const { bytesRead } = await fh.read(buf, filled, Math.min(buf.length - filled, part.end - position), position);
      const from = position === 0 && bytesRead >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
      position += bytesRead;
      const end = filled + bytesRead;
      if (bytesRead === 0) {
        // The end of the part: the file's end closes its last record; a part's must end between records.
        const rest = records.parse(buf, from, end, part.last);
        // A header still awaited (the part held only comment lines) belongs to the next part: not clean.
        return { rows, ragged, clean: (part.last || rest === end) && !header };
      }
      const rest = records.parse(buf, from, end, false);
      // The incomplete record at the end moves to the front, and the next read completes it.
      buf.copyWithin(0, rest, end);
      filled = end - rest;
      onProgress(position - part.start, rows);
    }
  } finally {
    await fh.close();
  }
}
