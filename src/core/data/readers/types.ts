// The shapes every table reader (CSV, JSONL, Parquet) shares, so profiles, validation and diffs
// read any format through one interface.

export type TableFormat = 'csv' | 'jsonl' | 'parquet';

/** One cell as a reader yields it: CSV gives strings (typed later), JSONL and Parquet native values. */
export type Cell = string | number | boolean | null;

export interface TableRow {
  /** Aligned with Table.columns. May be shorter than columns when a later JSONL row added a column
   * (the missing cells are null), or longer/shorter for a CSV row flagged `ragged`. */
  values: Cell[];
  /** 1-based line of the file on which the row starts (CSV, JSONL); 1-based row number for Parquet. */
  line: number;
  /** Set on a CSV row whose field count differs from the header's. The row is never padded or cut. */
  ragged?: { expected: number; actual: number };
}

export interface TableProblem {
  file: string;
  /** 1-based line (CSV, JSONL) or row number (Parquet) the problem is at; 0 when it is about the file. */
  line: number;
  message: string;
}

/** A reader's failure on malformed input: names the file, the line (or row group) and the fix. */
export class TableReadError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly problem: string,
    readonly hint?: string,
  ) {
    super(`${file}${line > 0 ? `:${line}` : ''}: ${problem}${hint ? ` ${hint}` : ''}`);
    this.name = 'TableReadError';
  }
}

export interface Table {
  path: string;
  format: TableFormat;
  /** Column names. For JSONL the list grows as new keys appear; read it again after iterating. */
  columns: string[];
  /** CSV: the sniffed delimiter and whether the first record was taken as the header. */
  delimiter?: string;
  hasHeader?: boolean;
  /** CSV: where the data begins after skipped lines (byte offset, BOM included; 1-based line). */
  dataStart?: { offset: number; line: number };
  /** CSV: the comment character, when lines starting with it are skipped. */
  comment?: string;
  /** What the reader decided that the user should know, each naming its line, not the file (a skipped title line). */
  notices: string[];
  /** Ragged rows (and skipped invalid lines) seen so far; the first 100 are listed in `problems`. */
  problemCount: number;
  problems: TableProblem[];
  /** Rows in batches (one per chunk read): the fast path for profiling millions of rows.
   * A table streams its file once: open it again to read it again. */
  batches(): AsyncIterable<TableRow[]>;
  /** Row by row, for callers that prefer simplicity to speed. */
  [Symbol.asyncIterator](): AsyncIterator<TableRow>;
  /** How much of the file has been read, 0 to 1: for progress bars (bytes for CSV/JSONL, rows for Parquet). */
  progress(): number;
  /** Releases the file when the rows are not read to the end (iterating to the end closes it). */
  close(): Promise<void>;
}

export const MAX_LISTED_PROBLEMS = 100;

/** Records a problem on a table: always counted, listed up to MAX_LISTED_PROBLEMS. */
export function addProblem(table: Pick<Table, 'problems' | 'problemCount'>, problem: TableProblem): void {
  table.problemCount++;
  if (table.problems.length < MAX_LISTED_PROBLEMS) table.problems.push(problem);
}

/** Shared by every reader: a row iterator built from the batch iterator. */
export async function* rowsOf(batches: AsyncIterable<TableRow[]>): AsyncGenerator<TableRow> {
  for await (const batch of batches) yield* batch;
}
