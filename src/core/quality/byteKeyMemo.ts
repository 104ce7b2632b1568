// Distinct cell texts found by their bytes: a categorical column repeats a few values millions of
// times, and looking each one up by the bytes of the read buffer makes no string per cell.
import { fmix32 } from './hyperLogLog';

/** FNV-1a over the bytes, then MurmurHash3's finaliser for well-mixed low bits. */
export function hashBytes(buf: Uint8Array, s: number, e: number): number {
  let h = 0x811c9dc5;
  for (let i = s; i < e; i++) h = Math.imul(h ^ buf[i], 0x01000193);
  return fmix32(h) | 0;
}

/** Keys kept at most: past this a column is high-cardinality and a memo would only cost. */
const MAX_KEYS = 1 << 16;
const MAX_ARENA_BYTES = 16 << 20;

/** An open-addressing table from byte strings (copied into one arena) to values. */
export class ByteKeyMemo<T> {
  // Small to start, doubled as keys come: a wide table's columns each hold a few hundred bytes, not kilobytes.
  private slots = new Int32Array(16).fill(-1);
  private mask = 15;
  private hashes = new Int32Array(8);
  private starts = new Int32Array(8);
  private lengths = new Int32Array(8);
  private textLengths = new Int32Array(8);
  private arena = new Uint8Array(256);
  private used = 0;
  private readonly values: T[] = [];

  /** The index of the key equal to `buf[s, e)` (whose hash is h), or -1. */
  find(buf: Uint8Array, s: number, e: number, h: number): number {
    const len = e - s;
    const { slots, hashes, lengths, starts, arena, mask } = this;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const k = slots[i];
      if (k < 0) return -1;
      if (hashes[k] === h && lengths[k] === len) {
        const a = starts[k] - s;
        let j = s;
        while (j < e && arena[a + j] === buf[j]) j++;
        if (j === e) return k;
      }
    }
  }

  value(k: number): T {
    return this.values[k];
  }

  /** The length in UTF-16 code units of key k's text (its byte length for ASCII). */
  textLength(k: number): number {
    return this.textLengths[k];
  }

  /** Remembers `buf[s, e)` (not present; hash h) with its value, unless the memo is full. */
  add(buf: Uint8Array, s: number, e: number, h: number, value: T, textLength: number): void {
    const k = this.values.length;
    const len = e - s;
    if (k >= MAX_KEYS || this.used + len > MAX_ARENA_BYTES) return;
    if (this.used + len > this.arena.length) this.arena = grown(this.arena, Math.max(this.arena.length * 2, this.used + len));
    if (k === this.hashes.length) {
      const n = k * 2;
      this.hashes = grown(this.hashes, n);
      this.starts = grown(this.starts, n);
      this.lengths = grown(this.lengths, n);
      this.textLengths = grown(this.textLengths, n);
    }
    this.arena.set(buf.subarray(s, e), this.used);
    this.hashes[k] = h;
    this.starts[k] = this.used;
    this.lengths[k] = len;
    this.textLengths[k] = textLength;
    this.used += len;
    this.values.push(value);
    if ((k + 1) * 2 > this.slots.length) this.rehash();
    else this.place(k);
  }

  private place(k: number): void {
    let i = this.hashes[k] & this.mask;
    while (this.slots[i] >= 0) i = (i + 1) & this.mask;
    this.slots[i] = k;
  }

  private rehash(): void {
    this.slots = new Int32Array(this.slots.length * 2).fill(-1);
    this.mask = this.slots.length - 1;
    for (let k = 0; k < this.values.length; k++) this.place(k);
  }
}

function grown<A extends Int32Array | Uint8Array>(a: A, n: number): A {
  const b = new (a.constructor as new (n: number) => A)(n);
  b.set(a);
  return b;
}
