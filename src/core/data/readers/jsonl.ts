// Streaming JSON Lines reader: one object per line, nested objects flattened to dotted column
// names (`{"user": {"age": 3}}` -> `user.age`). Columns are the union of keys, in order of first use.
import * as fs from 'node:fs';
import { addProblem, rowsOf, TableReadError, type Cell, type Table, type TableRow } from './types';

export interface JsonlOptions {
  /** An invalid line stops the read with an error naming its line ('error', default), or is counted
   * in `problems` and left out ('skip'). */
  invalid?: 'error' | 'skip';
  chunkBytes?: number;
  /** A longer line stops the read: memory stays bounded even on a file with no line breaks. */
  maxLineChars?: number;
}

const FIX = 'Each line must hold one complete JSON object ({"column": value, ...}); a record may not span lines.';

const STRING_OR_NUMBER = /"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;

/**
 * The line with every number whose text String() would not give back (1.0, 1e308, 0.50) turned into a
 * string marked by a leading NUL, so its cell keeps the text the file has: typed float like CSV's
 * "1.0", its length measured as written. Null when the line has none (the usual case) or already
 * holds an escaped NUL, which the mark could be taken for.
 */
export function numbersAsWritten(text: string): string | null {
  if (text.includes('\\u0000')) return null;
  let parts: string[] | null = null;
  let last = 0;
  STRING_OR_NUMBER.lastIndex = 0;
  for (let m = STRING_OR_NUMBER.exec(text); m; m = STRING_OR_NUMBER.exec(text)) {
    const t = m[0];
    if (t.charCodeAt(0) === 34 || String(Number(t)) === t) continue;
    (parts ??= []).push(text.slice(last, m.index), `"\\u0000${t}"`);
    last = m.index + t.length;
  }
  return parts ? parts.join('') + text.slice(last) : null;
}

/** Arrays stay one cell (their JSON text); objects become dotted columns. */
function flatten(obj: Record<string, unknown>, prefix: string, index: Map<string, number>, columns: string[], values: Cell[]): void {
  for (const key in obj) {
    const v = obj[key];
    const name = prefix ? `${prefix}.${key}` : key;
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      // Nested object: its keys become dotted columns; an empty one adds none.
      flatten(v as Record<string, unknown>, name, index, columns, values);
      continue;
    }
    let i = index.get(name);
    if (i === undefined) {
      i = columns.length;
      columns.push(name);
      index.set(name, i);
    }
    while (values.length < i) values.push(null);
    // A string starting with NUL is a number as written (numbersAsWritten): its text, without the mark.
    values[i] = typeof v === 'string' ? (v.charCodeAt(0) === 0 ? v.slice(1) : v) : v === null || typeof v === 'number' || typeof v === 'boolean' ? v : JSON.stringify(v);
  }
}

export async function openJsonl(file: string, opts: JsonlOptions = {}): Promise<Table> {
  // Fail now, with the path, rather than on first read.
  const { size } = await fs.promises.stat(file);
  const stream = fs.createReadStream(file, { encoding: 'utf8', highWaterMark: opts.chunkBytes ?? 1 << 16 });
  const index = new Map<string, number>();
  let started = false;
  const maxLine = opts.maxLineChars ?? 64 * 1024 * 1024;

  const table: Table = {
    path: file,
    format: 'jsonl',
    columns: [],
    problemCount: 0,
    problems: [],
    notices: [],
    batches,
    [Symbol.asyncIterator]: () => rowsOf(batches())[Symbol.asyncIterator](),
    progress: () => (size ? Math.min(1, stream.bytesRead / size) : 1),
    close: async () => {
      stream.destroy();
    },
  };

  function parseLine(text: string, line: number, out: TableRow[]): void {
    let start = 0;
    let end = text.length;
    while (start < end && text.charCodeAt(start) <= 32) start++;
    while (end > start && text.charCodeAt(end - 1) <= 32) end--;
    if (start === end) return; // blank line
    let problem: string | undefined;
    const values: Cell[] = [];
    try {
      const trimmed = start === 0 && end === text.length ? text : text.slice(start, end);
      const obj: unknown = JSON.parse(numbersAsWritten(trimmed) ?? trimmed);
      if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) problem = `not a JSON object (found ${obj === null ? 'null' : Array.isArray(obj) ? 'an array' : `a ${typeof obj}`}).`;
      else flatten(obj as Record<string, unknown>, '', index, table.columns, values);
    } catch (err) {
      // A record nested many thousands deep exhausts the stack (of flatten, or of JSON.stringify for an
      // array cell): it is a bad record at its line like any other, not a crash.
      problem = err instanceof RangeError ? `nested too deeply to read (${err.message}); keep records to a few hundred levels.` : `invalid JSON: ${(err as Error).message}.`;
    }
    if (problem) {
      if (opts.invalid !== 'skip') throw new TableReadError(file, line, problem, FIX);
      addProblem(table, { file, line, message: `${problem} ${FIX}` });
      return;
    }
    out.push({ values, line });
  }

  async function* batches(): AsyncGenerator<TableRow[]> {
    if (started) throw new Error(`${file} is already being read: open it again to read it again.`);
    started = true;
    let pending = '';
    let line = 1;
    let first = true;
    try {
      for await (let chunk of stream as AsyncIterable<string>) {
        if (first) {
          first = false;
          if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
        }
        const buf = pending ? pending + chunk : chunk;
        const out: TableRow[] = [];
        let pos = 0;
        for (let nl = buf.indexOf('\n'); nl >= 0; nl = buf.indexOf('\n', pos)) {
          parseLine(buf.slice(pos, nl), line++, out);
          pos = nl + 1;
        }
        pending = buf.slice(pos);
        if (pending.length > maxLine) {
          throw new TableReadError(file, line, `this line runs past ${Math.round(maxLine / 1048576)} MB without a line break.`, 'JSON Lines needs one object per line: is this a JSON array or a pretty-printed file? Write one object per line.');
        }
        if (out.length) yield out;
      }
      const out: TableRow[] = [];
      if (pending) parseLine(pending, line, out);
      if (out.length) yield out;
    } finally {
      stream.destroy();
    }
  }

  return table;
}
