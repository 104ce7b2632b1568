// A multiset of row hashes (53-bit integers) with the line of each hash's first row, in typed arrays:
// about 40 bytes per distinct row at most, and no boxed numbers, unlike a Map keyed by large numbers.

const EMPTY = 0;

export class RowHashCounts {
  private keys: Float64Array;
  private lines: Float64Array;
  private counts: Uint32Array;
  private used = 0;

  constructor(capacity = 1 << 16) {
    let size = 16;
    while (size < capacity * 2) size *= 2;
    this.keys = new Float64Array(size);
    this.lines = new Float64Array(size);
    this.counts = new Uint32Array(size);
  }

  /** Hash 0 would read as an empty slot: it is stored as -1 (hashes are never negative). */
  private static key(h: number): number {
    return h === EMPTY ? -1 : h;
  }

  private slot(k: number): number {
    const mask = this.keys.length - 1;
    // Mix the high and low bits: the hash's low 21 bits and high 32 are independent lanes.
    let i = ((k % 0x100000000) ^ Math.floor(k / 0x200000)) & mask;
    while (this.keys[i] !== EMPTY && this.keys[i] !== k) i = (i + 1) & mask;
    return i;
  }

  /** Counts one more row with hash `h`, first seen at `line`. */
  add(h: number, line: number): void {
    const k = RowHashCounts.key(h);
    const i = this.slot(k);
    if (this.keys[i] === EMPTY) {
      this.keys[i] = k;
      this.lines[i] = line;
      this.counts[i] = 1;
      if (++this.used * 2 > this.keys.length) this.grow();
    } else this.counts[i]++;
  }

  /** Takes one row with hash `h` away; false when none is left. */
  take(h: number): boolean {
    const i = this.slot(RowHashCounts.key(h));
    if (this.keys[i] === EMPTY || this.counts[i] === 0) return false;
    this.counts[i]--;
    return true;
  }

  /** Rows left, and the first lines of up to `max` of them in line order. */
  remaining(max: number): { count: number; lines: number[] } {
    let count = 0;
    const lines: number[] = [];
    for (let i = 0; i < this.keys.length; i++) {
      if (this.keys[i] === EMPTY || this.counts[i] === 0) continue;
      count += this.counts[i];
      lines.push(this.lines[i]);
    }
    lines.sort((a, b) => a - b);
    return { count, lines: lines.slice(0, max) };
  }

  private grow(): void {
    const { keys, lines, counts } = this;
    this.keys = new Float64Array(keys.length * 2);
    this.lines = new Float64Array(keys.length * 2);
    this.counts = new Uint32Array(keys.length * 2);
    for (let j = 0; j < keys.length; j++) {
      if (keys[j] === EMPTY) continue;
      const i = this.slot(keys[j]);
      this.keys[i] = keys[j];
      this.lines[i] = lines[j];
      this.counts[i] = counts[j];
    }
  }
}
