// The numbers of one column: all of them while they fit (exact quantiles and histogram, as numpy),
// then a uniform reservoir sample whose quantile rank error is stated (DKW bound).
import { seededRandom } from '../seededRandom';

export class NumericSample {
  private buf = new Float64Array(1024);
  private n = 0;
  /** Numbers seen in all, kept or not. */
  seen = 0;
  private sampling = false;
  private readonly random = seededRandom(0x5eed);

  constructor(
    /** Keep every number up to this many. */
    private readonly exactLimit: number,
    /** Reservoir size once past the limit. */
    private readonly sampleSize: number,
  ) {}

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
    }
    // Algorithm R: the i-th number replaces a kept one with probability k / i.
    const j = Math.floor(this.random() * this.seen);
    if (j < this.sampleSize) this.buf[j] = x;
  }

  /** A uniform k-subset of the kept numbers (partial Fisher-Yates), then the big buffer is freed. */
  private startSampling(): void {
    const k = Math.min(this.sampleSize, this.n);
    for (let i = 0; i < k; i++) {
      const j = i + Math.floor(this.random() * (this.n - i));
      const t = this.buf[i];
      this.buf[i] = this.buf[j];
      this.buf[j] = t;
    }
    this.buf = this.buf.slice(0, k);
    this.n = k;
    this.sampling = true;
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
