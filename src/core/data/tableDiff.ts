// Summary diff of two versions of a table (CSV, JSONL, Parquet): rows added, removed and changed,
// columns added, removed and retyped. Both files are streamed once (a JSONL file twice, to learn its
// columns first); memory holds one small entry per row of the first table, never the rows themselves.
// The few example rows are read back whole, so a reader sees what changed, not only where.
import type { CsvReadOptions } from './readers/datasetReadOptions';
import { openTable } from './readers/openTable';
import type { ColumnType } from '../../shared/profileTypes';
import { TypeInferrer } from './readers/inferTypes';
import { TableReadError, type Cell, type Table, type TableFormat, type TableProblem } from './readers/types';
import { hashRow, type CellHash } from './rowHash';
import { RowHashCounts } from './rowHashCounts';

export interface TableDiffOptions {
  /** Key columns: rows with the same key are the same row, so an edit is "changed". Without keys rows
   * are matched by content (a multiset of row hashes), and an edit counts as one removed + one added. */
  keys?: string[];
  formatA?: TableFormat;
  formatB?: TableFormat;
  /** CSV lines to skip and comment lines, for both sides. */
  csv?: CsvReadOptions;
  /** How many example rows of each kind to list (default 10). */
  examples?: number;
}

export interface TableSide {
  path: string;
  format: TableFormat;
  rows: number;
  columns: string[];
}

/** A row's cells by column name, as its own table holds them. */
export type RowValues = Record<string, Cell>;

export interface RowRef {
  /** Where the row starts. For a removed duplicate (content mode), the line of its first copy. */
  line: number;
  key?: string[];
  /** The row's contents (in its own table's columns). */
  values: RowValues;
}

export interface ChangedRow {
  key: string[];
  lineA: number;
  lineB: number;
  columns: string[];
  /** The changed columns' cells in A and in B. */
  before: RowValues;
  after: RowValues;
}

export interface TableDiff {
  a: TableSide;
  b: TableSide;
  mode: 'key' | 'content';
  keys: string[];
  /** The columns both tables have, in A's order: rows are compared on these only. */
  compared: string[];
  rows: { added: number; removed: number; changed: number | null; unchanged: number };
  columns: { added: string[]; removed: string[]; retyped: { name: string; from: ColumnType; to: ColumnType }[]; reordered: boolean };
  /** Key mode: per compared column, how many matched rows changed in it. */
  changedCells: Record<string, number>;
  /** Key mode: rows whose key repeats an earlier row's in the same table (compared only once). */
  duplicateKeys: { a: number; b: number };
  examples: { added: RowRef[]; removed: RowRef[]; changed: ChangedRow[] };
  /** Reader problems (ragged rows) of either table. */
  problems: TableProblem[];
}

const cellKeyText = (v: Cell | undefined) => (v === null || v === undefined ? '' : String(v));

/** Column names of a table: known at open for CSV and Parquet; JSONL needs a pass to see every key. */
async function columnsOf(file: string, format: TableFormat | undefined, csv: CsvReadOptions | undefined): Promise<string[]> {
  const table = await openTable(file, { format, csv });
  if (table.format !== 'jsonl') {
    await table.close();
    return table.columns;
  }
  for await (const _ of table.batches());
  return table.columns;
}

function valuesOf(columns: readonly string[], values: readonly Cell[]): RowValues {
  const out: RowValues = {};
  columns.forEach((c, i) => (out[c] = values[i] ?? null));
  return out;
}

function pick(row: RowValues, columns: readonly string[]): RowValues {
  return Object.fromEntries(columns.map((c) => [c, row[c] ?? null]));
}

/** Reads back the rows of a table that start on the given lines (a third pass, stopping once all are found). */
async function rowsAt(file: string, format: TableFormat, csv: CsvReadOptions | undefined, lines: ReadonlySet<number>): Promise<Map<number, RowValues>> {
  const found = new Map<number, RowValues>();
  if (!lines.size) return found;
  const table = await openTable(file, { format, csv });
  try {
    outer: for await (const batch of table.batches()) {
      for (const row of batch) {
        if (!lines.has(row.line) || found.has(row.line)) continue;
        found.set(row.line, valuesOf(table.columns, row.values));
        if (found.size === lines.size) break outer;
      }
    }
  } finally {
    await table.close();
  }
  return found;
}

function indexesOf(names: readonly string[], columns: readonly string[]): number[] {
  return names.map((n) => columns.indexOf(n));
}

/** Growable parallel arrays: one slot per keyed row of table A. */
class Slots {
  size = 0;
  hash = new Float64Array(1024);
  line = new Float64Array(1024);
  matched = new Uint8Array(1024);
  cells: Int32Array;
  constructor(readonly width: number) {
    this.cells = new Int32Array(1024 * Math.max(width, 1));
  }
  add(): number {
    if (this.size === this.hash.length) {
      const grow = <T extends Float64Array | Uint8Array | Int32Array>(a: T, n: number): T => {
        const b = new (a.constructor as new (n: number) => T)(n);
        b.set(a);
        return b;
      };
      const n = this.hash.length * 2;
      this.hash = grow(this.hash, n);
      this.line = grow(this.line, n);
      this.matched = grow(this.matched, n);
      this.cells = grow(this.cells, n * Math.max(this.width, 1));
    }
    return this.size++;
  }
}

export async function diffTables(fileA: string, fileB: string, opts: TableDiffOptions = {}): Promise<TableDiff> {
  const keys = opts.keys ?? [];
  const maxExamples = opts.examples ?? 10;
  const [colsA, colsB] = await Promise.all([columnsOf(fileA, opts.formatA, opts.csv), columnsOf(fileB, opts.formatB, opts.csv)]);
  const inB = new Set(colsB);
  const inA = new Set(colsA);
  const compared = colsA.filter((c) => inB.has(c));
  for (const [k, file, cols] of keys.flatMap((k) => [[k, fileA, colsA] as const, [k, fileB, colsB] as const])) {
    if (!cols.includes(k)) throw new TableReadError(file, 0, `has no key column "${k}" (its columns: ${cols.join(', ') || 'none'}).`, 'Name key columns that both tables have.');
  }
  const diff: TableDiff = {
    a: { path: fileA, format: 'csv', rows: 0, columns: colsA },
    b: { path: fileB, format: 'csv', rows: 0, columns: colsB },
    mode: keys.length ? 'key' : 'content',
    keys,
    compared,
    rows: { added: 0, removed: 0, changed: keys.length ? 0 : null, unchanged: 0 },
    columns: {
      added: colsB.filter((c) => !inA.has(c)),
      removed: colsA.filter((c) => !inB.has(c)),
      retyped: [],
      reordered: compared.join('\u0000') !== colsB.filter((c) => inA.has(c)).join('\u0000'),
    },
    changedCells: keys.length ? Object.fromEntries(compared.map((c) => [c, 0])) : {},
    duplicateKeys: { a: 0, b: 0 },
    examples: { added: [], removed: [], changed: [] },
    problems: [],
  };
  const scratch: CellHash = { h1: 0, h2: 0 };
  const width = compared.length;
  const slots = new Slots(width);
  const byKey = new Map<string, number>();
  // Content mode: the multiset of A's row hashes, with the line of each one's first row.
  const contentA = new RowHashCounts();
  const typesA = new TypeInferrer();
  const typesB = new TypeInferrer();

  const keyOf = (values: readonly Cell[], keyIdx: readonly number[]) => (keyIdx.length === 1 ? cellKeyText(values[keyIdx[0]]) : keyIdx.map((i) => cellKeyText(values[i])).join('\u001f'));

  // Pass over A: remember each row's hash (and, by key, its cell hashes for per-column changes).
  const tableA = await openTable(fileA, { format: opts.formatA, csv: opts.csv });
  diff.a.format = tableA.format;
  const idxA = indexesOf(compared, colsA); // JSONL columns come in the same order on every read
  const keyIdxA = indexesOf(keys, colsA);
  for await (const batch of tableA.batches()) {
    for (const row of batch) {
      diff.a.rows++;
      typesA.addRow(row.values);
      if (keys.length) {
        const key = keyOf(row.values, keyIdxA);
        if (byKey.has(key)) {
          diff.duplicateKeys.a++;
          continue;
        }
        const s = slots.add();
        byKey.set(key, s);
        slots.hash[s] = hashRow(row.values, idxA, scratch, slots.cells, s * width);
        slots.line[s] = row.line;
      } else {
        contentA.add(hashRow(row.values, idxA, scratch), row.line);
      }
    }
  }
  collectProblems(diff, tableA);

  // Pass over B: match each row against A.
  const tableB = await openTable(fileB, { format: opts.formatB, csv: opts.csv });
  diff.b.format = tableB.format;
  const idxB = indexesOf(compared, colsB);
  const keyIdxB = indexesOf(keys, colsB);
  const cellsB = new Int32Array(Math.max(width, 1));
  const addedKeys = new Set<string>();
  for await (const batch of tableB.batches()) {
    for (const row of batch) {
      diff.b.rows++;
      typesB.addRow(row.values);
      if (keys.length) {
        const key = keyOf(row.values, keyIdxB);
        const s = byKey.get(key);
        if (s === undefined) {
          if (addedKeys.has(key)) {
            diff.duplicateKeys.b++;
            continue;
          }
          addedKeys.add(key);
          diff.rows.added++;
          if (diff.examples.added.length < maxExamples) diff.examples.added.push({ line: row.line, key: keyIdxB.map((i) => cellKeyText(row.values[i])), values: valuesOf(colsB, row.values) });
          continue;
        }
        if (slots.matched[s]) {
          diff.duplicateKeys.b++;
          continue;
        }
        slots.matched[s] = 1;
        const h = hashRow(row.values, idxB, scratch, cellsB, 0);
        if (h === slots.hash[s]) {
          diff.rows.unchanged++;
          continue;
        }
        (diff.rows as { changed: number }).changed++;
        const changedCols: string[] = [];
        for (let j = 0; j < width; j++) {
          if (slots.cells[s * width + j] !== cellsB[j]) {
            diff.changedCells[compared[j]]++;
            changedCols.push(compared[j]);
          }
        }
        if (diff.examples.changed.length < maxExamples) {
          const after = pick(valuesOf(colsB, row.values), changedCols);
          diff.examples.changed.push({ key: keyIdxB.map((i) => cellKeyText(row.values[i])), lineA: slots.line[s], lineB: row.line, columns: changedCols, before: {}, after });
        }
      } else {
        if (contentA.take(hashRow(row.values, idxB, scratch))) diff.rows.unchanged++;
        else {
          diff.rows.added++;
          if (diff.examples.added.length < maxExamples) diff.examples.added.push({ line: row.line, values: valuesOf(colsB, row.values) });
        }
      }
    }
  }
  collectProblems(diff, tableB);

  // What A has left unmatched was removed.
  if (keys.length) {
    const unmatched: RowRef[] = [];
    for (const [key, s] of byKey) {
      if (slots.matched[s]) continue;
      diff.rows.removed++;
      if (unmatched.length < maxExamples) unmatched.push({ line: slots.line[s], key: keys.length === 1 ? [key] : key.split('\u001f'), values: {} });
    }
    diff.examples.removed = unmatched;
  } else {
    const left = contentA.remaining(maxExamples);
    diff.rows.removed = left.count;
    diff.examples.removed = left.lines.map((line) => ({ line, values: {} }));
  }
  // A's side of the examples: its rows were not kept, so the few shown are read again.
  const wanted = new Set([...diff.examples.removed.map((r) => r.line), ...diff.examples.changed.map((c) => c.lineA)]);
  const rowsA = await rowsAt(fileA, diff.a.format, opts.csv, wanted);
  for (const r of diff.examples.removed) r.values = rowsA.get(r.line) ?? {};
  for (const c of diff.examples.changed) c.before = pick(rowsA.get(c.lineA) ?? {}, c.columns);

  if (!compared.length && (diff.a.rows || diff.b.rows)) {
    // No column in common: no row of one table can be a row of the other.
    diff.rows = { added: diff.b.rows, removed: diff.a.rows, changed: null, unchanged: 0 };
    diff.examples = { added: [], removed: [], changed: [] };
  }

  const tA = typesA.types();
  const tB = typesB.types();
  for (const name of compared) {
    const from = tA[colsA.indexOf(name)] ?? 'null';
    const to = tB[colsB.indexOf(name)] ?? 'null';
    if (from !== to) diff.columns.retyped.push({ name, from, to });
  }
  return diff;
}

function collectProblems(diff: TableDiff, table: Table): void {
  diff.problems.push(...table.problems);
}
