// The numbers of one column: all of them while they fit (exact quantiles and histogram, as numpy),
// then a uniform reservoir sample whose quantile rank error is stated (DKW bound).
import { seededRandom } from '../seededRandom';
import { betaVariate } from './betaVariate';

export interface SampleState {
  kept: Float64Array;
  seen: number;
  exact: boolean;
}

export class NumericSample {
  // Starts small and doubles: a table of 100,000 columns must not hold 8 KB per column up front.
  private buf = new Float64Array(16);
  private n = 0;
  /** Numbers seen in all, kept or not. */
  seen = 0;
  private sampling = false;
  /** Once sampling: the largest kept key (Algorithm L), and the count of numbers seen at which the next is kept. */
  private w = 0;
  private next = 0;
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
      this.resume(this.seen - 1);
    }
    if (this.seen < this.next) return;
    this.buf[Math.floor(this.random() * this.n)] = x;
    this.w *= Math.exp(Math.log(1 - this.random()) / this.n);
    this.next = this.seen + this.gap() + 1;
  }

  /**
   * Li's Algorithm L: each number has a uniform random key and the sample is the k with the smallest;
   * w is the largest kept key, so the gap to the next number that beats it is drawn at once, with no
   * work per number passed over. Started after `processed` numbers (with a uniform k-subset of them
   * kept), w is the k-th smallest of `processed` uniforms: Beta(k, processed - k + 1).
   */
  private resume(processed: number): void {
    const k = this.n;
    this.w = betaVariate(k, processed - k + 1, this.random);
    this.next = processed + this.gap() + 1;
  }

  private gap(): number {
    return Math.floor(Math.log(1 - this.random()) / Math.log1p(-this.w));
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
    this.resume(this.seen);
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
