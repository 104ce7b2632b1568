// Column type inference over cells of any reader: integer, float, boolean, datetime, string.
// CSV cells arrive as text and are recognised here; JSONL/Parquet values keep their native type.
import type { ColumnType } from '../../../shared/profileTypes';
import type { Cell } from './types';

/** A cell's kind is one of the column types a profile names ('null': empty or a null token). */
export type CellKind = ColumnType;

/** Read as null, as pandas' read_csv does by default, so profiles agree with what users compare. */
export const DEFAULT_NULL_TOKENS: ReadonlySet<string> = new Set([
  '', '#N/A', '#N/A N/A', '#NA', '-1.#IND', '-1.#QNAN', '-NaN', '-nan', '1.#IND', '1.#QNAN',
  '<NA>', 'N/A', 'NA', 'NULL', 'NaN', 'None', 'n/a', 'nan', 'null',
]);

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

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function utc(y: number, mo: number, d: number, h = 0, mi = 0, s = 0, frac = ''): number | null {
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return null;
  // A date that does not exist (Feb 30) is not a date; Date.UTC would roll it into March.
  const leap = mo === 2 && y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  if (d > DAYS_IN_MONTH[mo - 1] + (leap ? 1 : 0)) return null;
  return Date.UTC(y, mo - 1, d, h, mi, s, frac ? Number(frac.slice(0, 3).padEnd(3, '0')) : 0);
}

/** Epoch milliseconds (UTC unless the text has a zone) of a datetime in a recognised form, else null. */
export function parseDatetime(text: string): number | null {
  const n = text.length;
  if (n < 8 || n > 40) return null;
  const c0 = text.charCodeAt(0);
  if (c0 < 48 || c0 > 57) {
    // Only "Mar 5, 2024" starts with a letter.
    const named = NAMED_MDY.exec(text);
    const mo = named ? monthIndex(named[1]) : -1;
    return named && mo >= 0 ? utc(+named[3], mo + 1, +named[2]) : null;
  }
  if (n === 10 && text.charCodeAt(4) === 45 && text.charCodeAt(7) === 45) {
    // YYYY-MM-DD, the most common form, without a regex or a substring.
    let ok = true;
    for (let i = 0; i < 10; i++) {
      const c = text.charCodeAt(i);
      if (i !== 4 && i !== 7 && (c < 48 || c > 57)) ok = false;
    }
    if (ok) {
      const y = (text.charCodeAt(0) - 48) * 1000 + (text.charCodeAt(1) - 48) * 100 + (text.charCodeAt(2) - 48) * 10 + (text.charCodeAt(3) - 48);
      return utc(y, (text.charCodeAt(5) - 48) * 10 + text.charCodeAt(6) - 48, (text.charCodeAt(8) - 48) * 10 + text.charCodeAt(9) - 48);
    }
  }
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
  if ((m = NAMED_DMY.exec(text))) {
    const mo = monthIndex(m[2]);
    return mo < 0 ? null : utc(+m[3], mo + 1, +m[1]);
  }
  return null;
}

const tokenLengths = new WeakMap<ReadonlySet<string>, number>();
/** Length of the longest null token: longer text skips the set lookup (which hashes the whole text). */
function longestToken(tokens: ReadonlySet<string>): number {
  let n = tokenLengths.get(tokens);
  if (n === undefined) tokenLengths.set(tokens, (n = Math.max(0, ...[...tokens].map((t) => t.length))));
  return n;
}

/** 1 for an integer, 2 for a float, 0 otherwise: a hand scan, several times faster than a regex on short cells. */
function numberKind(t: string): 0 | 1 | 2 {
  const n = t.length;
  let i = 0;
  let c = t.charCodeAt(0);
  if (c === 43 || c === 45) c = t.charCodeAt(++i); // + -
  let digits = 0;
  while (c >= 48 && c <= 57) {
    digits++;
    c = t.charCodeAt(++i);
  }
  if (i === n) return digits > 0 ? 1 : 0;
  let frac = 0;
  if (c === 46) {
    c = t.charCodeAt(++i);
    while (c >= 48 && c <= 57) {
      frac++;
      c = t.charCodeAt(++i);
    }
  }
  if (digits + frac === 0) return 0;
  if (c === 101 || c === 69) {
    c = t.charCodeAt(++i);
    if (c === 43 || c === 45) c = t.charCodeAt(++i);
    let exp = 0;
    while (c >= 48 && c <= 57) {
      exp++;
      c = t.charCodeAt(++i);
    }
    if (exp === 0) return 0;
  }
  return i === n ? 2 : 0;
}

/** The kind `scanNumber` found: 1 integer, 2 float, 0 not a number. */
export const scanned = { kind: 0 as 0 | 1 | 2 };

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/**
 * numberKind and Number() in one scan: the value of text in numberKind's grammar (kind in
 * `scanned.kind`), NaN otherwise. Up to 15 digits without an exponent, the digits form an exact
 * integer m and the value is m / 10^f: one correctly rounded division, the double Number() gives.
 * Longer mantissas and exponents are left to Number().
 */
export function scanNumber(t: string): number {
  const n = t.length;
  let i = 0;
  let c = t.charCodeAt(0);
  const negative = c === 45;
  if (negative || c === 43) c = t.charCodeAt(++i);
  let m = 0;
  let digits = 0;
  while (c >= 48 && c <= 57) {
    m = m * 10 + (c - 48);
    digits++;
    c = t.charCodeAt(++i);
  }
  if (i === n) {
    scanned.kind = digits > 0 ? 1 : 0;
    if (digits === 0) return NaN;
    if (digits > 15) return Number(t);
    return negative ? -m : m;
  }
  let frac = 0;
  if (c === 46) {
    c = t.charCodeAt(++i);
    while (c >= 48 && c <= 57) {
      m = m * 10 + (c - 48);
      frac++;
      c = t.charCodeAt(++i);
    }
  }
  scanned.kind = 0;
  if (digits + frac === 0) return NaN;
  if (c === 101 || c === 69) {
    scanned.kind = numberKind(t);
    return scanned.kind ? Number(t) : NaN;
  }
  if (i !== n) return NaN;
  scanned.kind = 2;
  if (digits + frac > 15) return Number(t);
  const v = frac ? m / POW10[frac] : m;
  return negative ? -v : v;
}

/**
 * scanNumber over the bytes `buf[s, e)` of a cell, for readers that make no string per cell. A twin
 * of scanNumber rather than one generic scan: reading through a callback per character cost a third
 * of a profile. What it leaves to Number() is ASCII, so a latin1 decode gives Number() the same text.
 */
export function scanNumberBytes(buf: Uint8Array, s: number, e: number): number {
  let i = s;
  let c = buf[i];
  const negative = c === 45;
  if (negative || c === 43) c = buf[++i];
  let m = 0;
  let digits = 0;
  while (c >= 48 && c <= 57 && i < e) {
    m = m * 10 + (c - 48);
    digits++;
    c = buf[++i];
  }
  if (i === e) {
    scanned.kind = digits > 0 ? 1 : 0;
    if (digits === 0) return NaN;
    if (digits > 15) return Number(latin1(buf, s, e));
    return negative ? -m : m;
  }
  let frac = 0;
  if (c === 46) {
    c = buf[++i];
    while (c >= 48 && c <= 57 && i < e) {
      m = m * 10 + (c - 48);
      frac++;
      c = buf[++i];
    }
  }
  scanned.kind = 0;
  if (digits + frac === 0) return NaN;
  if ((c === 101 || c === 69) && i < e) {
    const text = latin1(buf, s, e);
    scanned.kind = numberKind(text);
    return scanned.kind ? Number(text) : NaN;
  }
  if (i !== e) return NaN;
  scanned.kind = 2;
  if (digits + frac > 15) return Number(latin1(buf, s, e));
  const v = frac ? m / POW10[frac] : m;
  return negative ? -v : v;
}

function latin1(buf: Uint8Array, s: number, e: number): string {
  return Buffer.from(buf.buffer, buf.byteOffset + s, e - s).toString('latin1');
}

/** The kind of one cell. Text is recognised by its form; native values keep theirs. */
export function cellKind(cell: Cell | undefined, nullTokens: ReadonlySet<string> = DEFAULT_NULL_TOKENS): CellKind {
  if (cell === null || cell === undefined) return 'null';
  if (typeof cell === 'number') return Number.isNaN(cell) ? 'null' : Number.isInteger(cell) ? 'integer' : 'float';
  if (typeof cell === 'boolean') return 'boolean';
  if (cell.length <= longestToken(nullTokens) && nullTokens.has(cell)) return 'null';
  const c = cell.charCodeAt(0);
  // Only text that starts like a number can be one.
  if ((c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46) {
    const k = numberKind(cell);
    if (k) return k === 1 ? 'integer' : 'float';
  }
  if ((c === 73 || c === 105 || c === 43 || c === 45) && FLOAT.test(cell)) return 'float'; // inf, Infinity
  if (BOOLEAN.has(cell)) return 'boolean';
  // Datetimes start with a digit, or with a month name and end with a year.
  const last = cell.charCodeAt(cell.length - 1);
  if (((c >= 48 && c <= 57) || (last >= 48 && last <= 57)) && parseDatetime(cell) !== null) return 'datetime';
  return 'string';
}

const MEMO_SIZE = 256;
const KINDS: readonly CellKind[] = ['null', 'integer', 'float', 'boolean', 'datetime', 'string'];
export const KIND_INDEX: Record<CellKind, number> = { null: 0, integer: 1, float: 2, boolean: 3, datetime: 4, string: 5 };

/** Counts of each kind in one column; `type` resolves them to one column type. */
export class ColumnTypeCounter {
  /** Indexed like KINDS: an array, as a string-keyed increment per cell costs more than the check. */
  private readonly n = new Float64Array(6);
  /** Kinds of the first distinct texts seen: categorical columns repeat a few values millions of times. */
  private readonly memo = new Map<string, number>();
  private readonly tokenMax: number;

  constructor(private readonly nullTokens: ReadonlySet<string> = DEFAULT_NULL_TOKENS) {
    this.tokenMax = longestToken(nullTokens);
  }

  get counts(): Record<CellKind, number> {
    return Object.fromEntries(KINDS.map((k, i) => [k, this.n[i]])) as Record<CellKind, number>;
  }

  add(kind: CellKind, times = 1): void {
    this.n[KIND_INDEX[kind]] += times;
  }

  /** The counts in KIND_INDEX order, to merge into another counter. */
  state(): Float64Array {
    return this.n;
  }

  merge(counts: Float64Array): void {
    for (let i = 0; i < 6; i++) this.n[i] += counts[i];
  }

  /** One more cell of the kind at `index` in KIND_INDEX order (null, integer, float, boolean, datetime, string). */
  addIndex(index: number): void {
    this.n[index]++;
  }

  addCell(cell: Cell | undefined): void {
    if (typeof cell !== 'string') {
      this.n[KIND_INDEX[cellKind(cell, this.nullTokens)]]++;
      return;
    }
    const len = cell.length;
    const c = len ? cell.charCodeAt(0) : 0;
    // Numbers and numeric dates: classified faster than a memo lookup could hash them.
    if (len && c >= 48 && c <= 57) {
      if (len <= this.tokenMax && this.nullTokens.has(cell)) this.n[0]++;
      else {
        const k = numberKind(cell);
        this.n[k === 1 ? 1 : k === 2 ? 2 : KIND_INDEX[cellKind(cell, this.nullTokens)]]++;
      }
      return;
    }
    let kind = this.memo.get(cell);
    if (kind === undefined) {
      kind = KIND_INDEX[cellKind(cell, this.nullTokens)];
      if (this.memo.size < MEMO_SIZE) this.memo.set(cell, kind);
    }
    this.n[kind]++;
  }

  /** integer + float is float; any other mix of kinds is string (as pandas makes it object). */
  get type(): ColumnType {
    const c = this.n;
    const present: CellKind[] = [];
    for (let i = 1; i < 6; i++) if (c[i] > 0) present.push(KINDS[i]);
    if (present.length === 0) return 'null';
    if (present.length === 1) return present[0];
    if (present.length === 2 && c[1] > 0 && c[2] > 0) return 'float';
    return 'string';
  }

  get total(): number {
    const c = this.n;
    return c[0] + c[1] + c[2] + c[3] + c[4] + c[5];
  }
}

/** Streams rows through per-column counters. Columns may grow (JSONL); index i is column i. */
export class TypeInferrer {
  readonly columns: ColumnTypeCounter[] = [];
  private rows = 0;

  constructor(private readonly nullTokens: ReadonlySet<string> = DEFAULT_NULL_TOKENS) {}

  addRow(values: readonly Cell[]): void {
    const cols = this.columns;
    while (cols.length < values.length) {
      const counter = new ColumnTypeCounter(this.nullTokens);
      // A column first seen at row n was null in the n earlier rows.
      counter.add('null', this.rows);
      cols.push(counter);
    }
    this.rows++;
    for (let i = 0; i < cols.length; i++) cols[i].addCell(values[i]);
  }

  types(): ColumnType[] {
    return this.columns.map((c) => c.type);
  }
}

/** Types of columns over a sample of rows (e.g. for header detection or a quick schema). */
export function inferColumnTypes(rows: readonly (readonly Cell[])[], nullTokens?: ReadonlySet<string>): ColumnType[] {
  const inferrer = new TypeInferrer(nullTokens);
  for (const r of rows) inferrer.addRow(r);
  return inferrer.types();
}
