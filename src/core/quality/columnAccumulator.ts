// Everything a profile needs from one column, gathered cell by cell in one streaming pass.
import { ColumnTypeCounter, cellKind, parseDatetime, type CellKind } from '../data/readers/inferTypes';
import type { Cell } from '../data/readers/types';
import { HLL_RELATIVE_ERROR, HyperLogLog } from './hyperLogLog';
import { NumericSample } from './numericSample';
import { histogramCounts, quantileLinear, sturgesEdges } from './numpyStats';
import { QUANTILES, type ColumnProfile, type QuantileName } from './profileTypes';

const TOP = 20;
const DOMAIN = 100;

/** "inf", "-Infinity" and the like, which Number() does not read. */
function toNumber(cell: string | number): number {
  if (typeof cell === 'number') return cell;
  const x = Number(cell);
  if (!Number.isNaN(x)) return x;
  return /^-/.test(cell) ? -Infinity : Infinity;
}

export class ColumnAccumulator {
  readonly types = new ColumnTypeCounter();
  count = 0;
  // Welford's running mean and sum of squared deviations: stable in one pass.
  private mean = 0;
  private m2 = 0;
  private min = Infinity;
  private max = -Infinity;
  private zeros = 0;
  private negatives = 0;
  private numbers = 0;
  private dateMin = Infinity;
  private dateMax = -Infinity;
  private lenMin = Infinity;
  private lenMax = 0;
  private lenSum = 0;
  /** Value -> count, exact until distinctLimit keys; then only known keys keep counting. */
  private readonly counts = new Map<string, number>();
  private hll: HyperLogLog | undefined;
  private readonly sample: NumericSample;

  constructor(
    private readonly distinctLimit: number,
    exactNumbers: number,
    sampleSize: number,
  ) {
    this.sample = new NumericSample(exactNumbers, sampleSize);
  }

  add(cell: Cell | undefined): void {
    const kind: CellKind = cellKind(cell);
    this.types.add(kind);
    if (kind === 'null') return;
    const value = cell as string | number | boolean;
    this.count++;
    let key: string;
    if (kind === 'integer' || kind === 'float') {
      const x = toNumber(value as string | number);
      key = String(x);
      this.addNumber(x);
    } else if (kind === 'boolean') {
      key = String(value).toLowerCase();
    } else {
      key = String(value);
      if (kind === 'datetime') {
        const t = parseDatetime(key);
        if (t !== null) {
          if (t < this.dateMin) this.dateMin = t;
          if (t > this.dateMax) this.dateMax = t;
        }
      }
    }
    const text = typeof value === 'string' ? value : key;
    const len = text.length;
    if (len < this.lenMin) this.lenMin = len;
    if (len > this.lenMax) this.lenMax = len;
    this.lenSum += len;
    this.addKey(key);
  }

  private addNumber(x: number): void {
    this.numbers++;
    const d = x - this.mean;
    this.mean += d / this.numbers;
    this.m2 += d * (x - this.mean);
    if (x < this.min) this.min = x;
    if (x > this.max) this.max = x;
    if (x === 0) this.zeros++;
    else if (x < 0) this.negatives++;
    this.sample.add(x);
  }

  private addKey(key: string): void {
    const c = this.counts.get(key);
    if (c !== undefined) this.counts.set(key, c + 1);
    else if (this.counts.size < this.distinctLimit) this.counts.set(key, 1);
    else if (!this.hll) {
      this.hll = new HyperLogLog();
      for (const k of this.counts.keys()) this.hll.add(k);
    }
    this.hll?.add(key);
  }

  finish(name: string, rows: number): ColumnProfile {
    const type = this.types.type;
    const nulls = rows - this.count;
    const numeric = (type === 'integer' || type === 'float') && this.numbers > 0;
    const p: ColumnProfile = {
      name,
      type,
      count: this.count,
      nulls,
      nullShare: rows ? nulls / rows : 0,
      distinct: this.hll ? this.hll.estimate() : this.counts.size,
      ...(this.hll ? { distinctError: HLL_RELATIVE_ERROR } : {}),
      min: null,
      max: null,
      mean: null,
      std: null,
      stdSample: null,
      quantiles: null,
      histogram: null,
      top: this.top(type),
      ...(this.hll ? { topApproximate: true } : {}),
      // The whole domain of a small categorical column, for schema inference (inSet).
      ...(!this.hll && this.counts.size <= DOMAIN && type !== 'integer' && type !== 'float' ? { domain: this.top(type, DOMAIN).map((t) => t.value) } : {}),
      lengths: this.count ? { min: this.lenMin, mean: this.lenSum / this.count, max: this.lenMax } : null,
      zerosShare: null,
      negativesShare: null,
    };
    if (numeric) {
      const n = this.numbers;
      p.min = this.min;
      p.max = this.max;
      p.mean = this.mean;
      p.std = Math.sqrt(this.m2 / n);
      p.stdSample = n > 1 ? Math.sqrt(this.m2 / (n - 1)) : null;
      p.zerosShare = this.zeros / n;
      p.negativesShare = this.negatives / n;
      const sorted = this.sample.sorted();
      p.quantiles = Object.fromEntries(Object.entries(QUANTILES).map(([k, q]) => [k, quantileLinear(sorted, q)])) as Record<QuantileName, number>;
      if (Number.isFinite(this.min) && Number.isFinite(this.max)) {
        // Edges depend only on n, min and max, so they are exact even when counts come from a sample.
        const edges = sturgesEdges(n, this.min, this.max, type === 'integer');
        let counts = histogramCounts(sorted, edges);
        if (!this.sample.exact) {
          const scale = n / sorted.length;
          counts = counts.map((c) => Math.round(c * scale));
        }
        p.histogram = { edges, counts, ...(this.sample.exact ? {} : { approximate: true }) };
      }
      if (!this.sample.exact) p.quantileRankError = this.sample.rankError();
    } else if (type === 'datetime' && this.dateMin <= this.dateMax) {
      p.min = new Date(this.dateMin).toISOString();
      p.max = new Date(this.dateMax).toISOString();
    }
    return p;
  }

  /** numpy.quantile(numbers, q) (linear) of the column's numbers, or null when it has none. */
  quantile(q: number): number | null {
    return this.numbers ? quantileLinear(this.sample.sorted(), q) : null;
  }

  private top(type: string, limit = TOP): ColumnProfile['top'] {
    const entries = [...this.counts.entries()];
    // Most frequent first; ties in first-seen order (Map order), as pandas' value_counts keeps them.
    entries.sort((a, b) => b[1] - a[1]);
    return entries.slice(0, limit).map(([k, count]) => ({
      value: type === 'integer' || type === 'float' ? Number(k) : type === 'boolean' ? k === 'true' : k,
      count,
    }));
  }
}
