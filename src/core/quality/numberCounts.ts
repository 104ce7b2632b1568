// Counts of a column's distinct numbers in an open-addressing table over typed arrays: a lookup per
// cell boxes no key and formats no string (a Map keyed by String(x) spent most of a profile there).

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

/** MurmurHash3's 32-bit finaliser: every input bit moves every output bit. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A well-mixed 32-bit hash of a number's bits; 0 and -0 hash alike (they are one value). */
export function hashNumber(x: number): number {
  f64[0] = x === 0 ? 0 : x;
  return fmix32(u32[1] ^ fmix32(u32[0] ^ 0x9e3779b9));
}

export class NumberCounts {
  private keys = new Float64Array(256);
  private counts = new Float64Array(256);
  /** When each key was first seen, for ties in first-seen order. */
  private seqs = new Float64Array(256);
  private used = new Uint8Array(256);
  private mask = 255;
  size = 0;

  /** Adds one to x's count when x is known (true); false when it is not (nothing changes). */
  increment(x: number, hash: number): boolean {
    const keys = this.keys;
    const used = this.used;
    const mask = this.mask;
    for (let i = hash & mask; used[i]; i = (i + 1) & mask) {
      if (keys[i] === x) {
        this.counts[i]++;
        return true;
      }
    }
    return false;
  }

  /** Adds x, not yet known, with count 1. */
  insert(x: number, hash: number, seq: number): void {
    if ((this.size + 1) * 2 > this.used.length) this.grow();
    this.place(x === 0 ? 0 : x, hash, 1, seq);
    this.size++;
  }

  /** Every key with its count and first-seen sequence number. */
  forEach(fn: (key: number, count: number, seq: number) => void): void {
    for (let i = 0; i < this.used.length; i++) if (this.used[i]) fn(this.keys[i], this.counts[i], this.seqs[i]);
  }

  private place(x: number, hash: number, count: number, seq: number): void {
    let i = hash & this.mask;
    while (this.used[i]) i = (i + 1) & this.mask;
    this.used[i] = 1;
    this.keys[i] = x;
    this.counts[i] = count;
    this.seqs[i] = seq;
  }

  private grow(): void {
    const { keys, counts, seqs, used } = this;
    const size = used.length * 2;
    this.keys = new Float64Array(size);
    this.counts = new Float64Array(size);
    this.seqs = new Float64Array(size);
    this.used = new Uint8Array(size);
    this.mask = size - 1;
    for (let i = 0; i < used.length; i++) if (used[i]) this.place(keys[i], hashNumber(keys[i]), counts[i], seqs[i]);
  }
}
