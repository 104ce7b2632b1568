// The numbers of one column: all of them while they fit (exact quantiles and histogram, as numpy),
// then a uniform reservoir sample whose quantile rank error is stated (DKW bound).
import { seededRandom } from '../seededRandom';

export interface SampleState {
  kept: Float64Array;
  seen: number;
  exact: boolean;
}

export class NumericSample {
  private buf = new Float64Array(1024);
  private n = 0;
  /** Numbers seen in all, kept or not. */
  seen = 0;
  private sampling = false;
  /** Numbers still to pass over before the next is kept, once sampling. */
  private skip = 0;
  private readonly random = seededRandom(0x5eed);

  constructor(
    /** Keep every number up to this many. */
    private exactLimit: number,
    /** Reservoir size once past the limit. */
    private readonly sampleSize: number,
  ) {}

  /** Keeps every number up to `limit` from now on, when all so far are kept (a merge of parts). */
  widen(limit: number): void {
    if (!this.sampling) this.exactLimit = Math.max(this.exactLimit, limit);
  }

  get exact(): boolean {
    return !this.sampling;
  }

  add(x: number): void {
    this.seen++;
    if (!this.sampling) {
      if (this.n < this.exactLimit) {
        if (this.n === this.buf.length) {
          const next = new Float64Array(Math.min(this.buf.length * 2, this.exactLimit));
          next.set(this.buf);
          this.buf = next;
        }
        this.buf[this.n++] = x;
        return;
      }
      this.startSampling();
      this.skip = this.skipAfter(this.seen - 1);
    }
    if (this.skip > 0) {
      this.skip--;
      return;
    }
    this.buf[Math.floor(this.random() * this.n)] = x;
    this.skip = this.skipAfter(this.seen);
  }

  /**
   * How many numbers to pass over after the `processed`-th before one is kept: the i-th is kept with
   * probability k / i (reservoir sampling), and the gap is drawn at once (Vitter's Algorithm X)
   * rather than a random number per value, which cost more than the rest of a number's figures.
   */
  private skipAfter(processed: number): number {
    const k = this.n;
    let t = processed + 1;
    let quot = (t - k) / t;
    const u = this.random();
    let s = 0;
    while (quot > u) {
      s++;
      t++;
      quot *= (t - k) / t;
    }
    return s;
  }

  /** A uniform k-subset of the kept numbers (partial Fisher-Yates), then the big buffer is freed. */
  private startSampling(): void {
    const k = Math.min(this.sampleSize, this.n);
    this.buf = this.draw(this.buf.subarray(0, this.n), k).slice();
    this.n = k;
    this.sampling = true;
  }

  /** What a merge needs: the kept numbers, how many were seen, and whether they are all of them. */
  state(): SampleState {
    return { kept: this.buf.subarray(0, this.n), seen: this.seen, exact: !this.sampling };
  }

  /**
   * Folds in the numbers of another part of the column. All of both while they fit; else a uniform
   * sample of the union: how many come from each side is drawn as sampling without replacement
   * would (hypergeometric), then that many are drawn from each side's own uniform sample.
   */
  merge(other: SampleState): void {
    if (!this.sampling && other.exact && this.n + other.kept.length <= this.exactLimit) {
      for (const x of other.kept) this.add(x);
      return;
    }
    const k = Math.min(this.sampleSize, this.seen + other.seen);
    let left = this.seen;
    let right = other.seen;
    let fromLeft = 0;
    for (let i = 0; i < k; i++) {
      if (this.random() * (left + right) < left) {
        left--;
        fromLeft++;
      } else right--;
    }
    const merged = new Float64Array(Math.max(k, this.sampleSize));
    merged.set(this.draw(this.buf.subarray(0, this.n), fromLeft));
    merged.set(this.draw(Float64Array.from(other.kept), k - fromLeft), fromLeft);
    this.buf = merged;
    this.n = k;
    this.seen += other.seen;
    this.sampling = true;
    this.skip = this.skipAfter(this.seen);
  }

  /** A uniform m-subset of xs (partial Fisher-Yates, in place). */
  private draw(xs: Float64Array, m: number): Float64Array {
    for (let i = 0; i < m; i++) {
      const j = i + Math.floor(this.random() * (xs.length - i));
      const t = xs[i];
      xs[i] = xs[j];
      xs[j] = t;
    }
    return xs.subarray(0, m);
  }

  /** The kept numbers, sorted ascending. */
  sorted(): Float64Array {
    return this.buf.slice(0, this.n).sort();
  }

  /** Rank error of quantiles from the sample, at 99% confidence: sqrt(ln(2 / 0.01) / (2k)). */
  rankError(): number {
    return this.sampling ? Math.sqrt(Math.log(2 / 0.01) / (2 * this.n)) : 0;
  }
}
