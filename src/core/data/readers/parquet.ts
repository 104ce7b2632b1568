// Parquet reader over hyparquet: one row group in memory at a time, decompressed with
// hyparquet-compressors (snappy, gzip, zstd, brotli, lz4). Rows carry their 1-based row number as `line`.
import * as fs from 'node:fs';
import { rowsOf, TableReadError, type Cell, type Table, type TableRow } from './types';

const CORRUPT_FIX = 'The file may be truncated or not Parquet: check that it was copied completely, or write it again.';

/** Parquet values as table cells: dates as ISO text, big integers as numbers while exact, else text;
 * nested values (lists, structs, maps) as their JSON text. */
function toCell(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  switch (typeof v) {
    case 'string':
    case 'number':
    case 'boolean':
      return v;
    case 'bigint':
      return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();
  }
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString();
  if (v instanceof Uint8Array) return Buffer.from(v).toString('base64');
  return JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x));
}

export async function openParquet(file: string): Promise<Table> {
  // hyparquet is ESM-only; a dynamic import keeps this CommonJS module loadable.
  const { asyncBufferFromFile, parquetMetadataAsync, parquetRead, parquetSchema } = await import('hyparquet');
  const { compressors } = await import('hyparquet-compressors');
  await fs.promises.access(file, fs.constants.R_OK);
  const buffer = await asyncBufferFromFile(file);
  let metadata: Awaited<ReturnType<typeof parquetMetadataAsync>>;
  let columns: string[];
  try {
    metadata = await parquetMetadataAsync(buffer);
    columns = parquetSchema(metadata).children.map((c) => c.element.name);
  } catch (err) {
    throw new TableReadError(file, 0, `not a readable Parquet file (${(err as Error).message}).`, CORRUPT_FIX);
  }
  let started = false;
  let rowsDone = 0;
  const totalRows = Number(metadata.num_rows);

  async function* batches(): AsyncGenerator<TableRow[]> {
    if (started) throw new Error(`${file} is already being read: open it again to read it again.`);
    started = true;
    const groups = metadata.row_groups;
    let rowStart = 0;
    for (let g = 0; g < groups.length; g++) {
      const count = Number(groups[g].num_rows);
      const rowEnd = rowStart + count;
      let rows: unknown[][] = [];
      try {
        await parquetRead({ file: buffer, metadata, rowStart, rowEnd, compressors, onComplete: (r: unknown[][]) => (rows = r) });
      } catch (err) {
        throw new TableReadError(
          file,
          rowStart + 1,
          `row group ${g + 1} of ${groups.length} (rows ${rowStart + 1}-${rowEnd}) cannot be decoded: ${(err as Error).message}.`,
          CORRUPT_FIX,
        );
      }
      const out: TableRow[] = new Array(rows.length);
      for (let i = 0; i < rows.length; i++) out[i] = { values: rows[i].map(toCell), line: rowStart + i + 1 };
      rowStart = rowEnd;
      rowsDone = rowEnd;
      if (out.length) yield out;
    }
  }

  return {
    path: file,
    format: 'parquet',
    columns,
    problemCount: 0,
    problems: [],
    batches,
    [Symbol.asyncIterator]: () => rowsOf(batches())[Symbol.asyncIterator](),
    progress: () => (totalRows ? rowsDone / totalRows : 1),
    close: async () => {},
  };
}
