// Parquet reader over hyparquet: one row group in memory at a time, decompressed with
// hyparquet-compressors (snappy, gzip, zstd, brotli, lz4). Rows carry their 1-based row number as `line`.
import * as fs from 'node:fs';
import { checkRowGroupPages } from './parquetPages';
import { rowsOf, TableReadError, type Cell, type Table, type TableRow } from './types';

const CORRUPT_FIX = 'The file may be truncated or not Parquet: check that it was copied completely, or write it again.';

/** Parquet values as table cells: dates as ISO text, big integers as numbers while exact, else text;
 * lists and maps as their JSON text (structs are split into dotted columns before this). */
function toCell(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  switch (typeof v) {
    case 'string':
    case 'number':
    case 'boolean':
      return v;
    case 'bigint':
      return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();
    default:
      break; // objects: below
  }
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString();
  if (v instanceof Uint8Array) return Buffer.from(v).toString('base64');
  return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x));
}

type SchemaNode = { element: { name: string; type?: string; converted_type?: string; logical_type?: { type: string } }; children: SchemaNode[] };

/** A whole number from a DOUBLE or FLOAT column as text with its point ("3.0"), so it is typed float, as CSV's "3.0" is. */
function floatCell(v: Cell): Cell {
  return typeof v === 'number' && Number.isInteger(v) ? (Math.abs(v) < 1e21 ? v.toFixed(1) : String(v)) : v;
}

/** Whether each leaf under a top-level column (leafPaths' order) is stored as a DOUBLE or FLOAT. */
function leafIsFloat(node: SchemaNode): boolean[] {
  if (!isStruct(node)) return [node.element.type === 'DOUBLE' || node.element.type === 'FLOAT'];
  return node.children.flatMap(leafIsFloat);
}

/** A group that is neither a list, a map nor a variant: a struct, read as dotted columns like JSONL. */
function isStruct(node: SchemaNode): boolean {
  const converted = node.element.converted_type;
  const logical = node.element.logical_type?.type;
  return node.children.length > 0 && converted !== 'LIST' && converted !== 'MAP' && converted !== 'MAP_KEY_VALUE' && logical !== 'LIST' && logical !== 'MAP' && logical !== 'VARIANT';
}

/** The leaf paths under a top-level column: [[]] for a plain column, [['a'], ['b', 'c']] for a struct. */
function leafPaths(node: SchemaNode): string[][] {
  if (!isStruct(node)) return [[]];
  return node.children.flatMap((child) => leafPaths(child).map((p) => [child.element.name, ...p]));
}

function dig(v: unknown, path: string[]): unknown {
  for (const key of path) {
    if (v === null || v === undefined || typeof v !== 'object') return null;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

export async function openParquet(file: string): Promise<Table> {
  // hyparquet is ESM-only; a dynamic import keeps this CommonJS module loadable.
  const { asyncBufferFromFile, parquetMetadataAsync, parquetRead, parquetSchema } = await import('hyparquet');
  const { compressors } = await import('hyparquet-compressors');
  const { parquetHeader } = await import('hyparquet/src/column.js');
  await fs.promises.access(file, fs.constants.R_OK);
  const buffer = await asyncBufferFromFile(file);
  let metadata: Awaited<ReturnType<typeof parquetMetadataAsync>>;
  let columns: string[];
  let paths: string[][][];
  let floats: boolean[][];
  try {
    metadata = await parquetMetadataAsync(buffer);
    const top = parquetSchema(metadata).children as unknown as SchemaNode[];
    paths = top.map(leafPaths);
    floats = top.map(leafIsFloat);
    columns = top.flatMap((c, i) => paths[i].map((p) => [c.element.name, ...p].join('.')));
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
      const where = `row group ${g + 1} of ${groups.length} (rows ${rowStart + 1}-${rowEnd})`;
      let problem: string | undefined;
      try {
        // Pages are checked first: damaged bytes can decode without an error, to wrong values.
        problem = await checkRowGroupPages(buffer, groups[g], parquetHeader);
        if (problem) problem = `${where} cannot be decoded: ${problem}.`;
        else {
          await parquetRead({ file: buffer, metadata, rowStart, rowEnd, compressors, onComplete: (r: unknown[][]) => (rows = r) });
          if (rows.length !== count) problem = `${where} decodes to ${rows.length} rows where the metadata says ${count}.`;
        }
      } catch (err) {
        problem = `${where} cannot be decoded: ${(err as Error).message}.`;
      }
      if (problem) throw new TableReadError(file, rowStart + 1, problem, CORRUPT_FIX);
      const out = new Array<TableRow>(rows.length);
      const flat = paths.every((p) => p.length === 1 && p[0].length === 0);
      for (let i = 0; i < rows.length; i++) {
        const row = rows[i];
        let values: Cell[];
        if (flat) values = row.map((v, c) => (floats[c][0] ? floatCell(toCell(v)) : toCell(v)));
        else {
          values = [];
          for (let c = 0; c < row.length; c++) paths[c].forEach((p, k) => values.push((floats[c][k] ? floatCell : (x: Cell) => x)(toCell(p.length ? dig(row[c], p) : row[c]))));
        }
        out[i] = { values, line: rowStart + i + 1 };
      }
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
    notices: [],
    batches,
    [Symbol.asyncIterator]: () => rowsOf(batches())[Symbol.asyncIterator](),
    progress: () => (totalRows ? rowsDone / totalRows : 1),
    close: async () => {},
  };
}
