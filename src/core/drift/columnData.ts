// A table read into what drift tests compare, in one streaming pass: per column either the finite
// numbers sorted ascending (with nulls, NaN and infinities counted apart) or the counts of each
// category. Types are inferred as profiles infer them (inferTypes.ts, the same null tokens), and
// since a column's type is known only at the end, each cell is kept in the form its kind needs:
//   integer, float -> numeric;  datetime -> numeric, as epoch milliseconds (UTC);
//   boolean -> categorical ("true" / "false", whatever the spelling);  string -> categorical;
//   a column of mixed kinds (pandas' object) -> categorical, its numbers spelled by String(n) and
//   its datetimes in ISO 8601, so "1.50" and "1.5" count as one category;
//   a column with no value at all -> categorical with no counts (a check reports it as a problem).
import { openTable, type OpenTableOptions } from '../data/readers/openTable';
import { cellKind, ColumnTypeCounter, DEFAULT_NULL_TOKENS, KIND_INDEX, parseDatetime, scanNumber, scanned } from '../data/readers/inferTypes';
import type { Cell, Table, TableFormat } from '../data/readers/types';
import type { ColumnType as InferredType } from '../../shared/profileTypes';
import { GrowableFloat64, GrowableInt32 } from './growableArray';
import { sortFloat64 } from './sortFloat64';
import type { SortedSample } from './types';

export interface MissingCounts {
  /** Empty cells and null tokens (NA, null, NaN as text, ...), as pandas reads them. */
  nulls: number;
  /** NaN numbers of JSONL or Parquet (CSV's "NaN" text is a null token, counted in nulls). */
  nan: number;
  /** +-Infinity (CSV's inf, Infinity): kept out of the tests, which need finite values. */
  infinite: number;
}

export interface NumericColumnData extends MissingCounts {
  name: string;
  type: 'numeric';
  /** The inferred type that made the column numeric. */
  sourceType: 'integer' | 'float' | 'datetime';
  /** The finite values, ascending. */
  values: SortedSample;
  /** The same values in row order (only with keepRowOrder): chunks for learned thresholds. */
  rowOrder?: Float64Array;
  /** One value per row, NaN where missing (only with keepRows): multivariate drift reads rows whole. */
  rows?: Float64Array;
}

export interface CategoricalColumnData extends MissingCounts {
  name: string;
  type: 'categorical';
  sourceType: 'boolean' | 'string' | 'null';
  /** Each non-null category and its count, in first-seen order. */
  counts: Map<string, number>;
  /** Row order as indexes into `categories` (only with keepRowOrder). */
  rowOrder?: { categories: string[]; codes: Int32Array };
  /** One category per row, null where missing (only with keepRows). */
  rows?: (string | null)[];
}

export type ColumnData = NumericColumnData | CategoricalColumnData;

export interface TableData {
  file: string;
  format: TableFormat;
  /** Rows read (ragged CSV rows are left out, as profiles leave them out). */
  rows: number;
  raggedRows: number;
  columns: ColumnData[];
}

export interface ReadColumnsOptions extends OpenTableOptions {
  signal?: AbortSignal;
  /** Fraction of the file read, 0 to 1. */
  onProgress?: (fraction: number) => void;
  /** Keep each column's values in row order too (a reference whose chunks learn thresholds). */
  keepRowOrder?: boolean;
  /** Keep one value per row, missing ones included, so columns line up row by row (multivariate drift). */
  keepRows?: boolean;
  /** Read only the columns this accepts (the others cost nothing). */
  include?: (name: string) => boolean;
}

/** A drift read stopped by its AbortSignal. */
export class DriftAborted extends Error {
  constructor() {
    super('The drift check was cancelled.');
    this.name = 'DriftAborted';
  }
}

const INFINITY = /^[+-]?(?:inf|infinity)$/i;

/** What a row's cell was, for keepRows: a category's index (>= 0) or one of these. */
const ROW_MISSING = -1;
const ROW_NUMBER = -2;
const ROW_DATE = -3;

/** Every row of a column as read, before its type is known: a code and, for numbers and dates, the value. */
class RowCells {
  readonly codes = new GrowableInt32();
  readonly values = new GrowableFloat64();

  mark(code: number, value = NaN): void {
    this.codes.push(code);
    this.values.push(value);
  }

  numeric(): Float64Array {
    return this.values.view().slice();
  }

  /** Rows as categories, spelled as the counts spell them; infinities and NaN are missing. */
  categorical(categories: readonly string[]): (string | null)[] {
    const codes = this.codes.view();
    const values = this.values.view();
    const out = new Array<string | null>(codes.length);
    for (let i = 0; i < codes.length; i++) {
      const c = codes[i];
      const x = values[i];
      out[i] = c >= 0 ? categories[c] : c === ROW_NUMBER && Number.isFinite(x) ? String(x) : c === ROW_DATE ? new Date(x).toISOString() : null;
    }
    return out;
  }
}

/** One column's cells, kept by kind until the column's type is known. */
class ColumnCollector implements MissingCounts {
  readonly kinds = new ColumnTypeCounter(DEFAULT_NULL_TOKENS);
  readonly numbers = new GrowableFloat64();
  readonly dates = new GrowableFloat64();
  /** Text category -> its index in `categories`; counts in `textCounts`. */
  readonly textIndex = new Map<string, number>();
  readonly categories: string[] = [];
  /** Whether each category is a boolean spelling (true) or a string (false): memo of its kind. */
  readonly categoryIsBoolean: boolean[] = [];
  textCounts: number[] = [];
  readonly codes?: GrowableInt32;
  readonly rowCells?: RowCells;
  nulls = 0;
  nan = 0;
  infinite = 0;

  constructor(
    readonly name: string,
    keepRowOrder: boolean,
    earlierRows: number,
    keepRows = false,
  ) {
    if (keepRowOrder) this.codes = new GrowableInt32();
    if (keepRows) {
      this.rowCells = new RowCells();
      for (let i = 0; i < earlierRows; i++) this.rowCells.mark(ROW_MISSING);
    }
    // A JSONL column first seen late was null in the rows before it.
    this.nulls = earlierRows;
    if (earlierRows) this.kinds.add('null', earlierRows);
  }

  private addText(text: string, isBoolean: boolean): void {
    let i = this.textIndex.get(text);
    if (i === undefined) {
      i = this.categories.length;
      this.textIndex.set(text, i);
      this.categories.push(text);
      this.categoryIsBoolean.push(isBoolean);
      this.textCounts.push(0);
    }
    this.textCounts[i]++;
    this.kinds.add(isBoolean ? 'boolean' : 'string');
    this.codes?.push(i);
    this.rowCells?.mark(i);
  }

  private addNumber(x: number): void {
    this.rowCells?.mark(ROW_NUMBER, x);
    if (Number.isNaN(x)) this.nan++;
    else if (x === Infinity || x === -Infinity) this.infinite++;
    else this.numbers.push(x);
  }

  add(cell: Cell | undefined): void {
    if (cell === null || cell === undefined) {
      this.rowCells?.mark(ROW_MISSING);
      this.nulls++;
      this.kinds.add('null');
      return;
    }
    if (typeof cell === 'number') {
      // NaN counts as a null kind for the type (as pandas), and apart as NaN for the report.
      this.kinds.add(Number.isNaN(cell) ? 'null' : Number.isInteger(cell) ? 'integer' : 'float');
      this.addNumber(cell);
      return;
    }
    if (typeof cell === 'boolean') {
      this.addText(cell ? 'true' : 'false', true);
      return;
    }
    // Most cells of a numeric column: one scan gives the kind and the value.
    const c0 = cell.charCodeAt(0);
    if ((c0 >= 48 && c0 <= 57) || c0 === 45 || c0 === 43 || c0 === 46) {
      const x = scanNumber(cell);
      if (scanned.kind !== 0) {
        this.kinds.addIndex(scanned.kind === 1 ? KIND_INDEX.integer : KIND_INDEX.float);
        this.addNumber(x);
        return;
      }
    }
    // A text seen before is a category: no need to classify it again.
    const known = this.textIndex.get(cell);
    if (known !== undefined) {
      this.textCounts[known]++;
      this.kinds.add(this.categoryIsBoolean[known] ? 'boolean' : 'string');
      this.codes?.push(known);
      this.rowCells?.mark(known);
      return;
    }
    const kind = cellKind(cell, DEFAULT_NULL_TOKENS);
    switch (kind) {
      case 'null':
        this.rowCells?.mark(ROW_MISSING);
        this.nulls++;
        this.kinds.add('null');
        return;
      case 'integer':
      case 'float': {
        this.kinds.add(kind);
        const x = scanNumber(cell);
        this.addNumber(Number.isNaN(x) && INFINITY.test(cell) ? (cell.startsWith('-') ? -Infinity : Infinity) : Number.isNaN(x) ? Number(cell) : x);
        return;
      }
      case 'datetime': {
        this.kinds.add('datetime');
        const t = parseDatetime(cell)!;
        this.dates.push(t);
        this.rowCells?.mark(ROW_DATE, t);
        return;
      }
      case 'boolean':
        // "True", "TRUE" and "true" are one category, as a boolean column has two values.
        this.addText(cell.toLowerCase(), true);
        return;
      default:
        this.addText(cell, false);
    }
  }

  finish(): ColumnData {
    const type: InferredType = this.kinds.type;
    const missing = { nulls: this.nulls, nan: this.nan, infinite: this.infinite };
    if (type === 'integer' || type === 'float' || type === 'datetime') {
      const inRowOrder = (type === 'datetime' ? this.dates : this.numbers).view();
      const sorted = sortFloat64(inRowOrder.slice());
      return { name: this.name, type: 'numeric', sourceType: type, values: sorted, ...missing, ...(this.codes ? { rowOrder: inRowOrder.slice() } : {}), ...(this.rowCells ? { rows: this.rowCells.numeric() } : {}) };
    }
    const counts = new Map<string, number>();
    for (let i = 0; i < this.categories.length; i++) counts.set(this.categories[i], this.textCounts[i]);
    if (type === 'string') {
      // A mixed column: its numbers and datetimes become categories too (not in rowOrder's codes).
      for (const x of this.numbers.view()) counts.set(String(x), (counts.get(String(x)) ?? 0) + 1);
      for (const t of this.dates.view()) {
        const key = new Date(t).toISOString();
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      if (this.infinite) {
        // Infinities are values of a text column, not missing ones.
        missing.infinite = 0;
      }
    }
    return {
      name: this.name,
      type: 'categorical',
      sourceType: type === 'boolean' ? 'boolean' : type === 'string' ? 'string' : 'null',
      counts,
      ...missing,
      ...(this.codes ? { rowOrder: { categories: this.categories, codes: this.codes.view().slice() } } : {}),
      ...(this.rowCells ? { rows: this.rowCells.categorical(this.categories) } : {}),
    };
  }
}

/** Reads an opened table to its end (and closes it) into per-column drift data. */
export async function readTableColumns(table: Table, opts: ReadColumnsOptions = {}): Promise<TableData> {
  const collectors: (ColumnCollector | null)[] = [];
  let rows = 0;
  let ragged = 0;
  try {
    for await (const batch of table.batches()) {
      if (opts.signal?.aborted) throw new DriftAborted();
      for (const row of batch) {
        if (row.ragged) {
          ragged++;
          continue;
        }
        const values = row.values;
        while (collectors.length < Math.max(values.length, table.columns.length)) {
          const name = table.columns[collectors.length] ?? `column_${collectors.length + 1}`;
          collectors.push(opts.include && !opts.include(name) ? null : new ColumnCollector(name, opts.keepRowOrder === true, rows, opts.keepRows === true));
        }
        for (let i = 0; i < collectors.length; i++) collectors[i]?.add(values[i]);
        rows++;
      }
      opts.onProgress?.(table.progress());
    }
  } finally {
    await table.close();
  }
  // A header with columns and no rows: each column is there, with no values.
  while (collectors.length < table.columns.length) {
    const name = table.columns[collectors.length];
    collectors.push(opts.include && !opts.include(name) ? null : new ColumnCollector(name, opts.keepRowOrder === true, 0, opts.keepRows === true));
  }
  opts.onProgress?.(1);
  return {
    file: table.path,
    format: table.format,
    rows,
    raggedRows: ragged,
    columns: collectors.filter((c): c is ColumnCollector => c !== null).map((c) => c.finish()),
  };
}

/** A table file's per-column drift data; a malformed file throws TableReadError (file:line). */
export async function readColumnData(file: string, opts: ReadColumnsOptions = {}): Promise<TableData> {
  return readTableColumns(await openTable(file, opts), opts);
}
