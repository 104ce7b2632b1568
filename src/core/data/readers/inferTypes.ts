// Column type inference over cells of any reader: integer, float, boolean, datetime, string.
// CSV cells arrive as text and are recognised here; JSONL/Parquet values keep their native type.
import type { Cell } from './types';

export type CellKind = 'null' | 'integer' | 'float' | 'boolean' | 'datetime' | 'string';
/** 'null' means the column holds no value at all (every cell empty). */
export type ColumnType = CellKind;

/** Read as null, as pandas' read_csv does by default, so profiles agree with what users compare. */
export const DEFAULT_NULL_TOKENS: ReadonlySet<string> = new Set([
  '', '#N/A', '#N/A N/A', '#NA', '-1.#IND', '-1.#QNAN', '-NaN', '-nan', '1.#IND', '1.#QNAN',
  '<NA>', 'N/A', 'NA', 'NULL', 'NaN', 'None', 'n/a', 'nan', 'null',
]);

const INTEGER = /^[+-]?\d+$/;
const FLOAT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$|^[+-]?(?:inf|infinity)$/i;
const BOOLEAN = new Set(['true', 'false', 'True', 'False', 'TRUE', 'FALSE']);

// ISO 8601 date, optional time (T or space), fraction, zone: 2024-03-05, 2024-03-05T14:30:00.123Z, 2024-03-05 14:30+01:00
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/;
// Slashed/dotted forms: 2024/03/05, 03/05/2024 (US first, day-first when the first part is > 12), 05.03.2024
const YMD_SLASH = /^(\d{4})\/(\d{1,2})\/(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?$/;
const DMY_OR_MDY = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?$/;
// Month names: "Mar 5, 2024", "5 Mar 2024", "March 5 2024"
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const NAMED_MDY = /^([A-Za-z]{3,9})\.? (\d{1,2}),? (\d{4})$/;
const NAMED_DMY = /^(\d{1,2}) ([A-Za-z]{3,9})\.?,? (\d{4})$/;

function monthIndex(name: string): number {
  const lower = name.toLowerCase();
  const i = MONTHS.indexOf(lower.slice(0, 3));
  // "Mar" or "March", not "Marzipan"
  return i >= 0 && (lower.length === 3 || 'january february march april may june july august september october november december'.split(' ')[i] === lower || lower === 'sept') ? i : -1;
}

function utc(y: number, mo: number, d: number, h = 0, mi = 0, s = 0, frac = ''): number | null {
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return null;
  const t = Date.UTC(y, mo - 1, d, h, mi, s, frac ? Number(frac.slice(0, 3).padEnd(3, '0')) : 0);
  // Date.UTC rolls Feb 30 into March: a date that does not exist is not a date.
  return new Date(t).getUTCDate() === d ? t : null;
}

/** Epoch milliseconds (UTC unless the text has a zone) of a datetime in a recognised form, else null. */
export function parseDatetime(text: string): number | null {
  const n = text.length;
  if (n < 8 || n > 40) return null;
  let m = ISO.exec(text);
  if (m) {
    const t = utc(+m[1], +m[2], +m[3], m[4] ? +m[4] : 0, m[5] ? +m[5] : 0, m[6] ? +m[6] : 0, m[7]);
    if (t === null || !m[8] || m[8] === 'Z') return t;
    const sign = m[8][0] === '-' ? -1 : 1;
    const digits = m[8].slice(1).replace(':', '');
    return t - sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || 0)) * 60_000;
  }
  if ((m = YMD_SLASH.exec(text))) return utc(+m[1], +m[2], +m[3], m[4] ? +m[4] : 0, m[5] ? +m[5] : 0, m[6] ? +m[6] : 0, m[7]);
  if ((m = DMY_OR_MDY.exec(text))) {
    const [a, b] = [+m[1], +m[3]];
    // Dots are day-first by convention (05.03.2024); slashes and dashes month-first unless impossible.
    const dayFirst = m[2] === '.' || a > 12;
    return utc(+m[4], dayFirst ? b : a, dayFirst ? a : b, m[5] ? +m[5] : 0, m[6] ? +m[6] : 0, m[7] ? +m[7] : 0, m[8]);
  }
  if ((m = NAMED_MDY.exec(text))) {
    const mo = monthIndex(m[1]);
    return mo < 0 ? null : utc(+m[3], mo + 1, +m[2]);
  }
  if ((m = NAMED_DMY.exec(text))) {
    const mo = monthIndex(m[2]);
    return mo < 0 ? null : utc(+m[3], mo + 1, +m[1]);
  }
  return null;
}

/** The kind of one cell. Text is recognised by its form; native values keep theirs. */
export function cellKind(cell: Cell | undefined, nullTokens: ReadonlySet<string> = DEFAULT_NULL_TOKENS): CellKind {
  if (cell === null || cell === undefined) return 'null';
  if (typeof cell === 'number') return Number.isNaN(cell) ? 'null' : Number.isInteger(cell) ? 'integer' : 'float';
  if (typeof cell === 'boolean') return 'boolean';
  if (nullTokens.has(cell)) return 'null';
  const c = cell.charCodeAt(0);
  // Only text that starts like a number can be one: skips the regexes for most strings.
  if ((c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46 || c === 73 || c === 105) {
    if (INTEGER.test(cell)) return 'integer';
    if (FLOAT.test(cell)) return 'float';
  }
  if (BOOLEAN.has(cell)) return 'boolean';
  if (parseDatetime(cell) !== null) return 'datetime';
  return 'string';
}

/** Counts of each kind in one column; `type` resolves them to one column type. */
export class ColumnTypeCounter {
  readonly counts: Record<CellKind, number> = { null: 0, integer: 0, float: 0, boolean: 0, datetime: 0, string: 0 };

  add(kind: CellKind): void {
    this.counts[kind]++;
  }

  /** integer + float is float; any other mix of kinds is string (as pandas makes it object). */
  get type(): ColumnType {
    const c = this.counts;
    const present = (['integer', 'float', 'boolean', 'datetime', 'string'] as const).filter((k) => c[k] > 0);
    if (present.length === 0) return 'null';
    if (present.length === 1) return present[0];
    if (present.length === 2 && c.integer > 0 && c.float > 0) return 'float';
    return 'string';
  }
}

/** Streams rows through per-column counters. Columns may grow (JSONL); index i is column i. */
export class TypeInferrer {
  readonly columns: ColumnTypeCounter[] = [];

  constructor(private readonly nullTokens: ReadonlySet<string> = DEFAULT_NULL_TOKENS) {}

  addRow(values: readonly Cell[]): void {
    const cols = this.columns;
    while (cols.length < values.length) {
      const counter = new ColumnTypeCounter();
      // A column first seen at row n was null in the n earlier rows.
      const earlier = cols.length ? totalOf(cols[0]) : 0;
      counter.counts.null = earlier;
      cols.push(counter);
    }
    for (let i = 0; i < cols.length; i++) cols[i].add(cellKind(values[i], this.nullTokens));
  }

  types(): ColumnType[] {
    return this.columns.map((c) => c.type);
  }
}

function totalOf(counter: ColumnTypeCounter): number {
  const c = counter.counts;
  return c.null + c.integer + c.float + c.boolean + c.datetime + c.string;
}

/** Types of columns over a sample of rows (e.g. for header detection or a quick schema). */
export function inferColumnTypes(rows: readonly (readonly Cell[])[], nullTokens?: ReadonlySet<string>): ColumnType[] {
  const inferrer = new TypeInferrer(nullTokens);
  for (const r of rows) inferrer.addRow(r);
  return inferrer.types();
}
