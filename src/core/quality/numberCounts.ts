// Counts of a column's distinct numbers in an open-addressing table over typed arrays: a lookup per
// cell boxes no key and formats no string (a Map keyed by String(x) spent most of a profile there).
import { fmix32 } from './hyperLogLog';

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

/** A well-mixed 32-bit hash of a number's bits; 0 and -0 hash alike (they are one value). Small
 * integers (most of a table's numbers) skip the trip through a float's bits. */
export function hashNumber(x: number): number {
  if ((x | 0) === x) return fmix32((x | 0) ^ 0x5bd1e995);
  f64[0] = x;
  return fmix32(u32[1] ^ fmix32(u32[0] ^ 0x9e3779b9));
}

/** Keys in the table before the filter is made: 16k keys are 512 KB of table. */
const FILTER_FROM = 1 << 14;

function mark(seen: Int32Array, hash: number): void {
  seen[hash >>> 17] |= 1 << ((hash >>> 12) & 31);
}

/**
 * Keys and counts side by side in one Float64Array ([key, count] per slot, NaN marking an empty slot:
 * a cell is never NaN, NaN is null), so a probe costs one cache miss, not one per array.
 */
export class NumberCounts {
  private slots = new Float64Array(32).fill(NaN);
  /** One bit per hash prefix of the keys present (2^20 bits, 128 KB, cache-resident): a new number in
   * a high-cardinality column is mostly turned away here, without a probe of the big table in memory.
   * Made once the table outgrows the caches, so a wide table of small columns does not pay for it. */
  private seen: Int32Array | undefined;
  /** When each key was first seen, for ties in first-seen order. */
  private seqs = new Float64Array(16);
  private mask = 15;
  size = 0;

  /** Adds `by` to x's count when x is known (true); false when it is not (nothing changes). */
  increment(x: number, hash: number, by = 1): boolean {
    const seen = this.seen;
    if (seen && (seen[hash >>> 17] & (1 << ((hash >>> 12) & 31))) === 0) return false;
    const slots = this.slots;
    const mask = this.mask;
    for (let i = hash & mask; ; i = (i + 1) & mask) {
      const k = slots[2 * i];
      if (k === x) {
        slots[2 * i + 1] += by;
        return true;
      }
      if (k !== k) return false;
    }
  }

  /** Adds x, not yet known, with its count (1 for a new cell). */
  insert(x: number, hash: number, seq: number, count = 1): void {
    if ((this.size + 1) * 2 > this.seqs.length) this.grow();
    this.place(x === 0 ? 0 : x, hash, count, seq);
    this.size++;
    if (this.seen) mark(this.seen, hash);
    else if (this.size >= FILTER_FROM) {
      const seen = (this.seen = new Int32Array(1 << 15));
      this.forEach((key) => mark(seen, hashNumber(key)));
    }
  }

  /** Every key with its count and first-seen sequence number. */
  forEach(fn: (key: number, count: number, seq: number) => void): void {
    const slots = this.slots;
    for (let i = 0; i < this.seqs.length; i++) if (slots[2 * i] === slots[2 * i]) fn(slots[2 * i], slots[2 * i + 1], this.seqs[i]);
  }

  private place(x: number, hash: number, count: number, seq: number): void {
    const slots = this.slots;
    let i = hash & this.mask;
    while (slots[2 * i] === slots[2 * i]) i = (i + 1) & this.mask;
    slots[2 * i] = x;
    slots[2 * i + 1] = count;
    this.seqs[i] = seq;
  }

  private grow(): void {
    const { slots, seqs } = this;
    const size = seqs.length * 2;
    this.slots = new Float64Array(2 * size).fill(NaN);
    this.seqs = new Float64Array(size);
    this.mask = size - 1;
    for (let i = 0; i < seqs.length; i++) if (slots[2 * i] === slots[2 * i]) this.place(slots[2 * i], hashNumber(slots[2 * i]), slots[2 * i + 1], seqs[i]);
  }
}
