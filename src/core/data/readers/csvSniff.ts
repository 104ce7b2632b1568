// Guessing a CSV's dialect from its first records: the delimiter, and whether row 1 is a header.
import { CsvParser } from './csvParser';
import { cellKind, inferColumnTypes, type CellKind } from './inferTypes';
import type { TableRow } from './types';

export const CANDIDATE_DELIMITERS = [',', ';', '\t', '|'] as const;
const SNIFF_RECORDS = 50;

function sampleRecords(sample: string, delimiter: string): TableRow[] {
  const out: TableRow[] = [];
  // Parse without finishing: a record cut off by the end of the sample is not counted.
  new CsvParser('', delimiter, Infinity).push(sample, out);
  if (out.length === 0) new CsvParser('', delimiter, Infinity).end(out);
  return out.slice(0, SNIFF_RECORDS);
}

/**
 * The candidate that splits the sample's records into the same number (> 1) of fields most
 * consistently; ties go to more fields, then to the order `,` `;` tab `|`. Quotes are honoured, so a
 * delimiter inside a quoted field does not count. When none splits the records, a space does if it
 * splits every record alike into numbers (scikit-learn's linnerud files: `Chins Situps Jumps` over
 * `5 162 60`); text with spaces in it stays one column. A file with one column sniffs as `,`.
 */
export function sniffDelimiter(sample: string): string {
  let best: { d: string; consistency: number; fields: number } = { d: ',', consistency: 0, fields: 1 };
  for (const d of CANDIDATE_DELIMITERS) {
    let records: TableRow[];
    try {
      records = sampleRecords(sample, d);
    } catch {
      continue; // an unclosed quote in the sample: the reader will report it properly
    }
    if (records.length === 0) continue;
    const freq = new Map<number, number>();
    for (const r of records) freq.set(r.values.length, (freq.get(r.values.length) ?? 0) + 1);
    let mode = 1;
    let modeCount = 0;
    for (const [fields, count] of freq) if (count > modeCount || (count === modeCount && fields > mode)) [mode, modeCount] = [fields, count];
    if (mode < 2) continue;
    const consistency = modeCount / records.length;
    if (consistency > best.consistency || (consistency === best.consistency && mode > best.fields)) best = { d, consistency, fields: mode };
  }
  if (best.fields === 1 && spaceSeparatedNumbers(sample)) return ' ';
  return best.d;
}

/**
 * Whether single spaces split every record of the sample into the same number (> 1) of fields, and
 * at least half the cells after the first record are numbers: a space is a delimiter only then, as
 * a column of names or sentences has spaces too.
 */
function spaceSeparatedNumbers(sample: string): boolean {
  let records: TableRow[];
  try {
    records = sampleRecords(sample, ' ');
  } catch {
    return false;
  }
  if (records.length < 2) return false;
  const width = records[0].values.length;
  if (width < 2 || records.some((r) => r.values.length !== width)) return false;
  let numbers = 0;
  let cells = 0;
  for (const r of records.slice(1)) {
    for (const v of r.values) {
      const kind = cellKind(v);
      if (kind === 'integer' || kind === 'float') numbers++;
      cells++;
    }
  }
  return numbers >= cells / 2;
}

const TYPED: ReadonlySet<CellKind> = new Set(['integer', 'float', 'boolean', 'datetime']);

/**
 * Whether the first record is a header, by votes per column (as Python's csv.Sniffer.has_header):
 * a typed column (numbers, booleans, dates) whose first cell is text votes header, one whose first
 * cell has the column's type votes data; a text column whose values all have one length votes header
 * when the first cell's length differs. No votes (all-text columns): header, the common case.
 */
export function detectHeader(records: readonly TableRow[]): boolean {
  if (records.length === 0) return false;
  const first = records[0].values;
  const body = records.slice(1).filter((r) => r.values.length === first.length).map((r) => r.values);
  if (body.length === 0) return !first.every((c) => TYPED.has(cellKind(c))); // header-only file (or one data row)
  const types = inferColumnTypes(body);
  let header = 0;
  let data = 0;
  for (let i = 0; i < first.length; i++) {
    const kind = cellKind(first[i]);
    const type = types[i];
    if (kind === 'null' || type === 'null') continue;
    if (TYPED.has(type)) {
      if (kind === type || (type === 'float' && kind === 'integer')) data++;
      else if (kind === 'string') header++;
    } else {
      const lengths = new Set(body.map((r) => (r[i] ?? '').toString().length));
      if (lengths.size === 1) {
        if (lengths.has(String(first[i]).length)) data++;
        else header++;
      }
    }
  }
  return header >= data;
}

/** Column names from a header record: empty names become `columnN`, repeats get `.1`, `.2` (as pandas). */
export function columnNames(header: readonly string[] | null, count: number): string[] {
  if (!header) return Array.from({ length: count }, (_, i) => `column${i + 1}`);
  const used = new Set<string>();
  // Per name, the next suffix worth trying: every `name.j` below it is taken already, so a header
  // of n repeats costs O(n) rather than trying .1, .2, ... again for each repeat.
  const nextSuffix = new Map<string, number>();
  return header.map((raw, i) => {
    const base = raw.trim() === '' ? `column${i + 1}` : raw;
    let name = base;
    if (used.has(name)) {
      let k = nextSuffix.get(base) ?? 1;
      while (used.has(`${base}.${k}`)) k++;
      name = `${base}.${k}`;
      nextSuffix.set(base, k + 1);
    }
    used.add(name);
    return name;
  });
}
