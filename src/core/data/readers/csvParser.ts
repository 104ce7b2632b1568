// RFC 4180 record splitting over a stream of text chunks. Fields are found with indexOf and cut
// with slice (never char-by-char concatenation), so a 1 GB file parses at memory-scan speed.
import { TableReadError, type TableRow } from './types';

const QUOTE = 34;
const CR = 13;
const LF = 10;

/** A record longer than this is almost always an unclosed quote swallowing the rest of the file. */
export const DEFAULT_MAX_RECORD_CHARS = 64 * 1024 * 1024;

function countNewlines(buf: string, from: number, to: number): number {
  let count = 0;
  for (let i = buf.indexOf('\n', from); i >= 0 && i < to; i = buf.indexOf('\n', i + 1)) count++;
  return count;
}

/** A record that never ends: almost always an unclosed quote. */
export function recordTooLong(file: string, line: number, max: number): TableReadError {
  return new TableReadError(
    file,
    line,
    `the record starting here runs past ${Math.round(max / 1048576)} MB without ending.`,
    'This is usually a quoted field whose closing quote (") is missing: close it, and double any quote inside a field ("").',
  );
}

/** Splits pushed chunks into records, each with the 1-based line it starts on. Blank lines are skipped
 * (as pandas does); a row is never padded or cut here: field counts are checked by the caller. */
export class CsvParser {
  private pending = '';
  /** Line on which `pending` starts. */
  private line = 1;
  private atStart = true;
  /** After an incomplete record, wait until this many chars are buffered before parsing again, so a
   * huge quoted field spanning many chunks is rescanned a logarithmic number of times, not once per chunk. */
  private waitFor = 0;
  private waiting: string[] = [];
  private waitingLength = 0;

  /** Char code of the comment character: a line starting with it is skipped; -1 for none. */
  private readonly comment: number;

  constructor(
    readonly file: string,
    readonly delimiter: string,
    private readonly maxRecordChars = DEFAULT_MAX_RECORD_CHARS,
    /** `line`: the line the first pushed text starts on (after skipped lines); `comment`: see above. */
    start: { line?: number; comment?: string } = {},
  ) {
    if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
      throw new TableReadError(file, 0, `the delimiter ${JSON.stringify(delimiter)} cannot be used.`, 'Use one character other than a quote or a line break.');
    }
    this.line = start.line ?? 1;
    this.comment = start.comment ? start.comment.charCodeAt(0) : -1;
  }

  /** Parses every record that `chunk` completes into `out`. */
  push(chunk: string, out: TableRow[]): void {
    if (this.atStart) {
      this.atStart = false;
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
    }
    if (this.waitFor > 0) {
      this.waiting.push(chunk);
      this.waitingLength += chunk.length;
      if (this.pending.length + this.waitingLength < this.waitFor) return;
      chunk = this.waiting.join('');
      this.waiting = [];
      this.waitingLength = 0;
      this.waitFor = 0;
    }
    this.parse(this.pending.length ? this.pending + chunk : chunk, false, out);
  }

  /** Parses what is left at the end of the input; throws on an unclosed quote. */
  end(out: TableRow[]): void {
    const rest = this.pending + this.waiting.join('');
    this.pending = '';
    this.waiting = [];
    if (rest.length) this.parse(rest, true, out);
  }

  private incomplete(buf: string, recStart: number, recLine: number): void {
    this.pending = recStart === 0 ? buf : buf.slice(recStart);
    this.line = recLine;
    if (this.pending.length > this.maxRecordChars) throw recordTooLong(this.file, recLine, this.maxRecordChars);
    // Big pending record: gather at least as much again before the next attempt.
    if (this.pending.length > 1 << 20) this.waitFor = this.pending.length * 2;
  }

  private parse(buf: string, final: boolean, out: TableRow[]): void {
    const d = this.delimiter;
    const dc = d.charCodeAt(0);
    const n = buf.length;
    let pos = 0;
    let line = this.line;
    // Cached positions of the next delimiter and line feed: each is searched for once per occurrence,
    // keeping the scan linear even though fields are cut one by one.
    let nextDelim = -1;
    let nextNl = -1;
    this.pending = '';

    let nextQuote = -1;

    while (pos < n) {
      const recStart = pos;
      const recLine = line;
      // Fast path: a complete line without quotes.
      if (nextNl < pos) nextNl = buf.indexOf('\n', pos) >>> 0;
      if (buf.charCodeAt(pos) === this.comment) {
        // A comment line: skipped whole, quotes in it included.
        if (nextNl >= n && !final) return this.incomplete(buf, recStart, recLine);
        pos = nextNl >= n ? n : nextNl + 1;
        line++;
        continue;
      }
      if (nextQuote < pos) nextQuote = buf.indexOf('"', pos) >>> 0;
      if (nextNl < n && nextQuote > nextNl) {
        const end = nextNl > pos && buf.charCodeAt(nextNl - 1) === CR ? nextNl - 1 : nextNl;
        if (end > pos) {
          // Cut at the cached next delimiter: 40% faster than slicing the line and splitting it.
          const values: string[] = [];
          let from = pos;
          for (;;) {
            if (nextDelim < from) nextDelim = buf.indexOf(d, from) >>> 0;
            if (nextDelim >= end) break;
            values.push(buf.slice(from, nextDelim));
            from = nextDelim + 1;
          }
          values.push(buf.slice(from, end));
          out.push({ values, line });
        }
        pos = nextNl + 1;
        line++;
        continue;
      }
      let fields: string[];
      // The fields before the line's first quote, when it opens a field, are split natively too.
      if (nextQuote < nextNl && nextQuote > pos && buf.charCodeAt(nextQuote - 1) === dc) {
        fields = buf.slice(pos, nextQuote - 1).split(d);
        pos = nextQuote;
      } else fields = [];
      let firstQuoted = false;
      let done = false;
      while (!done) {
        if (buf.charCodeAt(pos) === QUOTE) {
          if (fields.length === 0) firstQuoted = true;
          let value = '';
          let seg = pos + 1;
          let p = seg;
          for (;;) {
            const q = buf.indexOf('"', p);
            if (q < 0 || (q + 1 >= n && !final)) {
              if (!final) return this.incomplete(buf, recStart, recLine);
              const opened = recLine + countNewlines(buf, recStart, pos);
              throw new TableReadError(
                this.file,
                opened,
                'unclosed quote: the quoted field that opens on this line never ends (the file ends inside it).',
                'Close the field with a quote ("), and double any quote inside a field ("").',
              );
            }
            if (buf.charCodeAt(q + 1) === QUOTE) {
              value += buf.slice(seg, q + 1);
              p = seg = q + 2;
              continue;
            }
            value += buf.slice(seg, q);
            p = q + 1;
            break;
          }
          // Newlines inside the quotes: usually none, which the cached next line feed already tells.
          if (nextNl < pos) nextNl = buf.indexOf('\n', pos) >>> 0;
          if (nextNl < p) line += countNewlines(buf, nextNl, p);
          // After the closing quote: a delimiter, a line end or the end of the input. Anything else
          // (`"ab"c`) is kept as text up to the next delimiter, as Python's csv module does.
          if (p < n && buf.charCodeAt(p) !== dc && buf.charCodeAt(p) !== LF && buf.charCodeAt(p) !== CR) {
            if (nextDelim < p) nextDelim = buf.indexOf(d, p) >>> 0;
            if (nextNl < p) nextNl = buf.indexOf('\n', p) >>> 0;
            const stop = Math.min(nextDelim, nextNl, n);
            if (stop === n && !final) return this.incomplete(buf, recStart, recLine);
            value += buf.slice(p, stop > p && stop === nextNl && buf.charCodeAt(stop - 1) === CR ? stop - 1 : stop);
            p = stop;
          }
          fields.push(value);
          if (p >= n) {
            if (!final) return this.incomplete(buf, recStart, recLine);
            pos = n;
            done = true;
          } else {
            const c = buf.charCodeAt(p);
            if (c === dc) pos = p + 1;
            else if (c === LF) {
              pos = p + 1;
              line++;
              done = true;
            } else {
              // CR: part of CRLF (or a lone CR, treated as a line end too)
              if (p + 1 >= n && !final) return this.incomplete(buf, recStart, recLine);
              pos = buf.charCodeAt(p + 1) === LF ? p + 2 : p + 1;
              line++;
              done = true;
            }
          }
        } else {
          // `>>> 0` maps indexOf's -1 to 2^32 - 1: "not in this buffer" compares greater than any position.
          if (nextDelim < pos) nextDelim = buf.indexOf(d, pos) >>> 0;
          if (nextNl < pos) nextNl = buf.indexOf('\n', pos) >>> 0;
          if (nextDelim < nextNl && nextDelim < n) {
            fields.push(buf.slice(pos, nextDelim));
            pos = nextDelim + 1;
            if (pos === n && final) {
              // A trailing delimiter at the very end of the input: one more, empty field.
              fields.push('');
              done = true;
            }
            continue;
          }
          if (nextNl >= n) {
            if (!final) return this.incomplete(buf, recStart, recLine);
            let end = n;
            if (end > pos && buf.charCodeAt(end - 1) === CR) end--;
            fields.push(buf.slice(pos, end));
            pos = n;
          } else {
            const end = nextNl > pos && buf.charCodeAt(nextNl - 1) === CR ? nextNl - 1 : nextNl;
            fields.push(buf.slice(pos, end));
            pos = nextNl + 1;
            line++;
          }
          done = true;
        }
      }
      if (fields.length === 1 && fields[0] === '' && !firstQuoted) continue; // blank line
      out.push({ values: fields, line: recLine });
    }
    this.line = line;
  }
}
