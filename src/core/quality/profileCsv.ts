// A CSV's profile from its bytes: records are cut in the read buffer and each cell goes to its
// column's accumulator as a byte range, so no string or row object is made per cell (strings per
// cell were most of a profile's time). The dialect (delimiter, header, column names) is the one
// openCsv sniffed; the figures are those profileTable gives over openCsv's rows.
import * as fs from 'node:fs';
import { raggedRow, type CsvOptions } from '../data/readers/csv';
import { CsvByteRecords, type ByteRecord } from '../data/readers/csvByteRecords';
import { DEFAULT_MAX_RECORD_CHARS, recordTooLong } from '../data/readers/csvParser';
import { TableReadError, type Table } from '../data/readers/types';
import { columnAccumulators, finishProfile, ProfileAborted } from './profileAccumulators';
import type { ProfileOptions, TableProfile } from './profileTypes';

/** 1 MiB reads: nothing per cell outlives a read here, so big reads cost the garbage collector nothing. */
const CHUNK_BYTES = 1 << 20;

export async function profileCsv(table: Table, opts: ProfileOptions, csv: CsvOptions = {}): Promise<TableProfile> {
  await table.close();
  const file = table.path;
  const delimiter = table.delimiter ?? ',';
  const width = table.columns.length;
  const cols = columnAccumulators(width, opts);
  const maxRecord = csv.maxRecordChars ?? DEFAULT_MAX_RECORD_CHARS;
  let rows = 0;
  let ragged = 0;
  let header = table.hasHeader ?? false;

  const onRecord = (rec: ByteRecord) => {
    if (header) {
      header = false;
      return;
    }
    if (rec.count !== width) {
      ragged++;
      if (csv.ragged === 'error') {
        const { message, fix } = raggedRow(rec.count, width, delimiter, table.hasHeader ?? false);
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

  const records = new CsvByteRecords(file, delimiter.charCodeAt(0), onRecord);
  const fh = await fs.promises.open(file, 'r');
  try {
    const size = (await fh.stat()).size;
    let buf = Buffer.allocUnsafe(Math.max(16, csv.chunkBytes ?? CHUNK_BYTES));
    let filled = 0;
    let position = 0;
    for (;;) {
      if (opts.signal?.aborted) throw new ProfileAborted();
      if (filled > buf.length / 2) {
        // One record fills half the buffer: read on into a bigger one, up to the record limit.
        if (filled > maxRecord) throw recordTooLong(file, records.line, maxRecord);
        const bigger = Buffer.allocUnsafe(buf.length * 2);
        buf.copy(bigger, 0, 0, filled);
        buf = bigger;
      }
      const { bytesRead } = await fh.read(buf, filled, buf.length - filled, position);
      const from = position === 0 && bytesRead >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
      position += bytesRead;
      const end = filled + bytesRead;
      const final = bytesRead === 0;
      const rest = records.parse(buf, from, end, final);
      if (final) break;
      // The incomplete record at the end moves to the front, and the next read completes it.
      buf.copyWithin(0, rest, end);
      filled = end - rest;
      opts.onProgress?.(size ? Math.min(1, position / size) : 1, rows);
    }
  } finally {
    await fh.close();
  }
  return finishProfile(table, cols, rows, ragged, opts);
}
