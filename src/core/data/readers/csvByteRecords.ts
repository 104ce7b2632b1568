// CSV records cut straight from the file's bytes, for passes that read every cell of a big file
// (profiles): a field is handed over as a byte range of the read buffer, so no string is made per
// cell. The dialect rules are CsvParser's (quotes, doubled quotes, newlines in quotes, CRLF, a lone CR
// after a quoted field, blank lines skipped, text after a closing quote kept as Python's csv does);
// only quoted fields become strings, as their quotes must be taken out.
import { TableReadError } from './types';

const QUOTE = 34;
const CR = 13;
const LF = 10;

/** One record: field i is `buf[starts[i], ends[i])`, or `texts[i]` when it was quoted. */
export interface ByteRecord {
  buf: Buffer;
  starts: Int32Array;
  ends: Int32Array;
  /** The text of each quoted field (quotes removed, doubled quotes undone); undefined for the others. */
  texts: (string | undefined)[];
  count: number;
  /** 1-based line of the file on which the record starts. */
  line: number;
}

export class CsvByteRecords {
  private rec: ByteRecord = { buf: Buffer.alloc(0), starts: new Int32Array(64), ends: new Int32Array(64), texts: [], count: 0, line: 1 };
  /** The line on which the next record (or the incomplete one handed back) starts. */
  line = 1;
  private anyQuoted = false;

  constructor(
    readonly file: string,
    private readonly delimiter: number,
    private readonly onRecord: (rec: ByteRecord) => void,
    /** A line starting with this byte is a comment, skipped whole; -1 for none. */
    private readonly comment = -1,
  ) {}

  /**
   * Hands every complete record in `buf[from, to)` to onRecord and returns where the first incomplete
   * one starts (`to` when none is); `final` says the input ends at `to`.
   */
  parse(buf: Buffer, from: number, to: number, final: boolean): number {
    const rec = this.rec;
    rec.buf = buf;
    const dc = this.delimiter;
    let pos = from;
    while (pos < to) {
      const recStart = pos;
      const recLine = this.line;
      if (buf[pos] === this.comment) {
        const lf = buf.indexOf(LF, pos);
        if (lf < 0 || lf >= to) {
          if (!final) return recStart;
          return to;
        }
        pos = lf + 1;
        this.line++;
        continue;
      }
      rec.count = 0;
      this.anyQuoted = false;
      for (;;) {
        if (buf[pos] === QUOTE && pos < to) {
          const next = this.quoted(buf, pos, to, final, recStart, recLine);
          if (next < 0) return this.restart(recStart, recLine);
          if (next >= to) {
            pos = to;
            break;
          }
          const c = buf[next];
          if (c === dc) {
            pos = next + 1;
            continue;
          }
          if (c === LF) pos = next + 1;
          else {
            // CR: part of CRLF, or a lone CR, a line end too.
            if (next + 1 >= to && !final) return this.restart(recStart, recLine);
            pos = buf[next + 1] === LF ? next + 2 : next + 1;
          }
          this.line++;
          break;
        }
        let j = pos;
        let c = 0;
        while (j < to) {
          c = buf[j];
          if (c === dc || c === LF) break;
          j++;
        }
        if (j >= to) {
          if (!final) return this.restart(recStart, recLine);
          this.field(pos, j > pos && buf[j - 1] === CR ? j - 1 : j);
          pos = to;
          break;
        }
        if (c === dc) {
          this.field(pos, j);
          pos = j + 1;
          if (pos === to) {
            if (!final) return this.restart(recStart, recLine);
            // A trailing delimiter at the very end of the input: one more, empty field.
            this.field(pos, pos);
            break;
          }
          continue;
        }
        this.field(pos, j > pos && buf[j - 1] === CR ? j - 1 : j);
        pos = j + 1;
        this.line++;
        break;
      }
      // A blank line (one empty, unquoted field) is skipped, as pandas does.
      if (rec.count === 1 && !this.anyQuoted && rec.ends[0] === rec.starts[0]) continue;
      rec.line = recLine;
      this.onRecord(rec);
      if (this.anyQuoted) rec.texts.length = 0;
    }
    return to;
  }

  /** The record at `recStart` is incomplete: it is parsed again, from its first line, with more input. */
  private restart(recStart: number, recLine: number): number {
    this.line = recLine;
    if (this.anyQuoted) this.rec.texts.length = 0;
    return recStart;
  }

  private field(start: number, end: number): void {
    const rec = this.rec;
    if (rec.count === rec.starts.length) {
      const grow = (a: Int32Array) => {
        const b = new Int32Array(a.length * 2);
        b.set(a);
        return b;
      };
      rec.starts = grow(rec.starts);
      rec.ends = grow(rec.ends);
    }
    rec.starts[rec.count] = start;
    rec.ends[rec.count] = end;
    rec.count++;
  }

  /**
   * The quoted field opening at `open`: records its text and returns the position after it (at a
   * delimiter, a line end or `to`), or -1 when the input ends inside it and more may come.
   */
  private quoted(buf: Buffer, open: number, to: number, final: boolean, recStart: number, recLine: number): number {
    let text = '';
    let seg = open + 1;
    let p = seg;
    for (;;) {
      const q = buf.indexOf(QUOTE, p);
      if (q < 0 || q >= to || (q + 1 >= to && !final)) {
        if (!final) return -1;
        throw new TableReadError(
          this.file,
          recLine + countLineFeeds(buf, recStart, open),
          'unclosed quote: the quoted field that opens on this line never ends (the file ends inside it).',
          'Close the field with a quote ("), and double any quote inside a field ("").',
        );
      }
      if (buf[q + 1] === QUOTE && q + 1 < to) {
        text += buf.toString('utf8', seg, q + 1);
        p = seg = q + 2;
        continue;
      }
      text += buf.toString('utf8', seg, q);
      p = q + 1;
      break;
    }
    this.line += countLineFeeds(buf, open, p);
    // After the closing quote, anything but a delimiter or a line end (`"ab"c`) is kept as text up to
    // the next delimiter or line end.
    if (p < to && buf[p] !== this.delimiter && buf[p] !== LF && buf[p] !== CR) {
      let stop = p;
      while (stop < to && buf[stop] !== this.delimiter && buf[stop] !== LF) stop++;
      if (stop >= to && !final) return -1;
      text += buf.toString('utf8', p, stop < to && buf[stop] === LF && stop > p && buf[stop - 1] === CR ? stop - 1 : stop);
      p = stop;
    }
    const i = this.rec.count;
    this.field(open, p);
    this.rec.texts[i] = text;
    this.anyQuoted = true;
    return p;
  }
}

function countLineFeeds(buf: Buffer, from: number, to: number): number {
  let n = 0;
  for (let i = buf.indexOf(LF, from); i >= 0 && i < to; i = buf.indexOf(LF, i + 1)) n++;
  return n;
}
