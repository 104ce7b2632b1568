// Everything a profile needs from one column, gathered cell by cell in one streaming pass.
import { ColumnTypeCounter, KIND_INDEX, cellKind, parseDatetime, scanNumber, scanNumberBytes, scanned } from '../data/readers/inferTypes';
import type { Cell } from '../data/readers/types';
import { ByteKeyMemo, hashBytes } from './byteKeyMemo';
import { HLL_RELATIVE_ERROR, HyperLogLog } from './hyperLogLog';
import { NumberCounts, hashNumber } from './numberCounts';
import { NumericSample, type SampleState } from './numericSample';
import { histogramCounts, quantileLinear, sturgesEdges } from './numpyStats';
import { QUANTILES, type ColumnProfile, type QuantileName } from '../../shared/profileTypes';

const TOP = 20;
const DOMAIN = 100;
const NULL = KIND_INDEX.null;
const BOOLEAN = KIND_INDEX.boolean;

/** "inf", "-Infinity" and the like, which Number() does not read. */
function toNumber(cell: string | number): number {
  if (typeof cell === 'number') return cell;
  const x = Number(cell);
  if (!Number.isNaN(x)) return x;
  return /^-/.test(cell) ? -Infinity : Infinity;
}

/** A distinct non-numeric value (string, datetime or boolean) and its count. */
class TextKey {
  count = 0;
  constructor(
    readonly key: string,
    readonly kind: number,
    readonly seq: number,
  ) {}
}

/** An accumulator's figures as plain data: what a worker thread sends back for its part of a file. */
export interface ColumnState {
  types: Float64Array;
  scalars: Float64Array;
  /** Distinct numbers: keys, counts and first-seen sequence numbers side by side. */
  numbers: Float64Array;
  texts: { key: string; kind: number; seq: number; count: number }[];
  seq: number;
  hll?: Uint8Array;
  sample: SampleState;
}

/** What the text memo holds for a null token: counted as null, never as a value. */
const NULL_KEY = new TextKey('', NULL, -1);
/** Texts remembered beyond the distinct keys: null tokens and boolean spellings ("True" for "true"). */
const MAX_ALIASES = 64;

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
  /** Distinct numbers and distinct texts with their counts, exact until distinctLimit keys in all;
   * then only known keys keep counting and the HyperLogLog estimates the distinct count. */
  private readonly numberCounts = new NumberCounts();
  /** Cell text -> its key: each distinct text is classified (and a datetime parsed) once. */
  private readonly texts = new Map<string, TextKey>();
  private readonly textKeys: TextKey[] = [];
  private aliases = 0;
  /** The same keys found by the bytes of a cell, for readers that make no string per cell. */
  private readonly byteKeys = new ByteKeyMemo<TextKey>();
  /** First-seen order across numbers and texts, for ties in the top values. */
  private seq = 0;
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
    if (typeof cell === 'string') {
      this.addText(cell);
      return;
    }
    const kind = cellKind(cell);
    this.types.add(kind);
    if (kind === 'null') return;
    this.count++;
    if (kind === 'boolean') {
      this.addLength(cell ? 4 : 5);
      this.countText(cell ? 'true' : 'false', BOOLEAN);
      return;
    }
    const x = cell as number;
    this.addLength(String(x).length);
    this.addNumber(x);
  }

  /**
   * A CSV cell as the bytes `buf[s, e)`: plain numbers are scanned in place, other texts found by
   * their bytes; only a text not seen before is decoded (and classified once, by addText). The steps
   * addText shares are written out here, not called: this runs once per cell of a big CSV, and the
   * calls measured 5-10% slower.
   */
  addBytes(buf: Buffer, s: number, e: number): void {
    if (s === e) {
      this.types.addIndex(NULL); // the empty text is a null token
      return;
    }
    const c = buf[s];
    if ((c >= 48 && c <= 57) || c === 45 || c === 43 || c === 46) {
      const x = scanNumberBytes(buf, s, e);
      if (scanned.kind) {
        this.types.addIndex(scanned.kind);
        this.count++;
        this.addLength(e - s);
        this.addNumber(x);
        return;
      }
    }
    const memo = this.byteKeys;
    const h = hashBytes(buf, s, e);
    const k = memo.find(buf, s, e, h);
    if (k >= 0) {
      const key = memo.value(k);
      this.types.addIndex(key.kind);
      if (key === NULL_KEY) return;
      this.count++;
      this.addLength(memo.textLength(k));
      key.count++;
      return;
    }
    const text = buf.toString('utf8', s, e);
    const key = this.addText(text);
    if (key) memo.add(buf, s, e, h, key, text.length);
  }

  /**
   * CSV cells: plain numbers are read in one scan; other texts are classified once per distinct text.
   * Returns the key the text was counted under (NULL_KEY for a null), undefined for a number or a
   * text past the distinct limit.
   */
  private addText(text: string): TextKey | undefined {
    const c = text.charCodeAt(0);
    if ((c >= 48 && c <= 57) || c === 45 || c === 43 || c === 46) {
      const x = scanNumber(text);
      if (scanned.kind) {
        this.types.addIndex(scanned.kind);
        this.count++;
        this.addLength(text.length);
        this.addNumber(x);
        return undefined;
      }
    }
    const known = this.texts.get(text);
    if (known !== undefined) {
      this.types.addIndex(known.kind);
      if (known === NULL_KEY) return known;
      this.count++;
      this.addLength(text.length);
      known.count++;
      return known;
    }
    const kind = cellKind(text);
    this.types.add(kind);
    if (kind === 'null') {
      if (this.aliases < MAX_ALIASES) this.alias(text, NULL_KEY);
      return NULL_KEY;
    }
    this.count++;
    this.addLength(text.length);
    if (kind === 'integer' || kind === 'float') {
      this.addNumber(toNumber(text));
      return undefined;
    }
    if (kind === 'datetime') {
      const t = parseDatetime(text);
      if (t !== null) {
        if (t < this.dateMin) this.dateMin = t;
        if (t > this.dateMax) this.dateMax = t;
      }
    }
    const key = kind === 'boolean' ? text.toLowerCase() : text;
    const entry = this.countText(key, KIND_INDEX[kind]);
    // "True" counts as "true": remember the spelling so it is not classified again.
    if (entry && key !== text && this.aliases < MAX_ALIASES) this.alias(text, entry);
    return entry;
  }

  private alias(text: string, key: TextKey): void {
    this.texts.set(text, key);
    this.aliases++;
  }

  private addLength(len: number): void {
    if (len < this.lenMin) this.lenMin = len;
    if (len > this.lenMax) this.lenMax = len;
    this.lenSum += len;
  }

  /** See NumericSample.widen. */
  widenExact(limit: number): void {
    this.sample.widen(limit);
  }

  state(): ColumnState {
    const numbers = new Float64Array(3 * this.numberCounts.size);
    let n = 0;
    this.numberCounts.forEach((x, count, seq) => {
      numbers[n++] = x;
      numbers[n++] = count;
      numbers[n++] = seq;
    });
    return {
      types: this.types.state(),
      scalars: Float64Array.of(this.count, this.mean, this.m2, this.min, this.max, this.zeros, this.negatives, this.numbers, this.dateMin, this.dateMax, this.lenMin, this.lenMax, this.lenSum),
      numbers: bySeq(numbers),
      texts: this.textKeys.map((t) => ({ key: t.key, kind: t.kind, seq: t.seq, count: t.count })),
      seq: this.seq,
      hll: this.hll?.state(),
      sample: this.sample.state(),
    };
  }

  /**
   * Folds in the figures of the rows that follow this accumulator's (a later part of the file): the
   * result is what one pass over both would give, save the reservoir sample (a different, equally
   * uniform one) and, past the distinct limit, which keys keep counting. Mean and variance combine
   * by Chan et al.'s pairwise formula.
   */
  merge(o: ColumnState): void {
    this.types.merge(o.types);
    const [count, mean, m2, min, max, zeros, negatives, numbers, dateMin, dateMax, lenMin, lenMax, lenSum] = o.scalars;
    if (numbers > 0) {
      const n = this.numbers + numbers;
      const d = mean - this.mean;
      if (Number.isFinite(d) || !Number.isFinite(mean) || !Number.isFinite(this.mean)) this.mean += (d * numbers) / n;
      else this.mean = this.mean * (this.numbers / n) + mean * (numbers / n);
      this.m2 += m2 + (d * d * this.numbers * numbers) / n;
      this.numbers = n;
    }
    this.count += count;
    this.min = Math.min(this.min, min);
    this.max = Math.max(this.max, max);
    this.zeros += zeros;
    this.negatives += negatives;
    this.dateMin = Math.min(this.dateMin, dateMin);
    this.dateMax = Math.max(this.dateMax, dateMax);
    this.lenMin = Math.min(this.lenMin, lenMin);
    this.lenMax = Math.max(this.lenMax, lenMax);
    this.lenSum += lenSum;
    this.sample.merge(o.sample);
    // The other part's keys in its first-seen order (numbers and texts each come in it), after this part's.
    const offset = this.seq;
    const nums = o.numbers;
    let i = 0;
    let j = 0;
    while (i < nums.length || j < o.texts.length) {
      if (j >= o.texts.length || (i < nums.length && nums[i + 2] < o.texts[j].seq)) {
        this.mergeNumber(nums[i], nums[i + 1], offset + nums[i + 2]);
        i += 3;
      } else {
        const t = o.texts[j++];
        this.mergeText(t.key, t.kind, t.count, offset + t.seq);
      }
    }
    this.seq = offset + o.seq;
    if (o.hll) this.sketch().merge(o.hll);
  }

  private mergeNumber(x: number, times: number, seq: number): void {
    const h = hashNumber(x);
    if (this.numberCounts.increment(x, h, times)) return;
    if (this.room()) this.numberCounts.insert(x, h, seq, times);
    else this.hll!.addHash(h);
  }

  private mergeText(key: string, kind: number, times: number, seq: number): void {
    const known = this.texts.get(key);
    if (known !== undefined && known !== NULL_KEY) {
      known.count += times;
      return;
    }
    if (!this.room()) {
      this.hll!.add(key);
      return;
    }
    const entry = new TextKey(key, kind, seq);
    entry.count = times;
    this.texts.set(key, entry);
    this.textKeys.push(entry);
  }

  /** Counts a text key; returns its entry, or undefined past the distinct limit for a new key. */
  private countText(key: string, kind: number): TextKey | undefined {
    const known = this.texts.get(key);
    if (known !== undefined) {
      known.count++;
      return known;
    }
    if (!this.room()) {
      this.hll!.add(key);
      return undefined;
    }
    const entry = new TextKey(key, kind, this.seq++);
    entry.count = 1;
    this.texts.set(key, entry);
    this.textKeys.push(entry);
    return entry;
  }

  /** Whether one more distinct key may be counted; at the limit, starts the HyperLogLog with every known key. */
  private room(): boolean {
    if (this.numberCounts.size + this.textKeys.length < this.distinctLimit) return true;
    this.sketch();
    return false;
  }

  /** The HyperLogLog, started with every known key the first time. */
  private sketch(): HyperLogLog {
    if (!this.hll) {
      const hll = (this.hll = new HyperLogLog());
      this.numberCounts.forEach((x) => hll.addHash(hashNumber(x)));
      for (const t of this.textKeys) hll.add(t.key);
    }
    return this.hll;
  }

  private addNumber(x: number): void {
    this.numbers++;
    const d = x - this.mean;
    // A step wider than the largest double (1e308 after -1e308): the mean by weights, which stays in
    // range, and the squared deviations overflow to Infinity, as numpy's std does.
    if (Number.isFinite(d) || !Number.isFinite(x)) this.mean += d / this.numbers;
    else this.mean += x / this.numbers - this.mean / this.numbers;
    this.m2 += d * (x - this.mean);
    if (x < this.min) this.min = x;
    if (x > this.max) this.max = x;
    if (x === 0) this.zeros++;
    else if (x < 0) this.negatives++;
    this.sample.add(x);
    const h = hashNumber(x);
    if (this.numberCounts.increment(x, h)) return;
    if (this.room()) this.numberCounts.insert(x, h, this.seq++);
    else this.hll!.addHash(h);
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
      distinct: this.hll ? this.hll.estimate() : this.distinctKeys,
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
      ...(!this.hll && this.distinctKeys <= DOMAIN && type !== 'integer' && type !== 'float' ? { domain: this.top(type, DOMAIN).map((t) => t.value) } : {}),
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
      // Edges depend only on n, min and max, so they are exact even when counts come from a sample.
      const edges = Number.isFinite(this.min) && Number.isFinite(this.max) ? sturgesEdges(n, this.min, this.max, type === 'integer') : null;
      if (edges) {
        let counts = histogramCounts(sorted, edges);
        if (!this.sample.exact) {
          const scale = n / sorted.length;
          counts = counts.map((c) => Math.round(c * scale));
        }
        p.histogram = { edges, counts, ...(this.sample.exact ? {} : { approximate: true }) };
      } else {
        p.histogramNote = Number.isFinite(this.min) && Number.isFinite(this.max)
          ? `No histogram: the range from ${this.min} to ${this.max} is wider than the largest number (${Number.MAX_VALUE}), so its bins cannot be measured.`
          : 'No histogram: the column holds infinite values, which no bin can hold.';
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

  private get distinctKeys(): number {
    return this.numberCounts.size + this.textKeys.length;
  }

  private top(type: string, limit = TOP): ColumnProfile['top'] {
    // Most frequent first; ties in first-seen order, as pandas' value_counts keeps them. One pass
    // keeping the best `limit` (sorting 100k keys to show 20 cost more than the rest of finish).
    const best: { count: number; seq: number; value: () => string | number | boolean }[] = [];
    const offer = (count: number, seq: number, value: () => string | number | boolean) => {
      if (best.length === limit) {
        const last = best[limit - 1];
        if (count < last.count || (count === last.count && seq > last.seq)) return;
        best.pop();
      }
      let i = best.length;
      while (i > 0 && (best[i - 1].count < count || (best[i - 1].count === count && best[i - 1].seq > seq))) i--;
      best.splice(i, 0, { count, seq, value });
    };
    const numeric = type === 'integer' || type === 'float';
    // A number in a mixed (string) column shows as the text String() gives it.
    this.numberCounts.forEach((x, count, seq) => offer(count, seq, () => (numeric ? x : String(x))));
    for (const t of this.textKeys) offer(t.count, t.seq, () => (type === 'boolean' ? t.key === 'true' : t.key));
    return best.map((b) => ({ value: b.value(), count: b.count }));
  }
}

/** [key, count, seq] triples ordered by seq. */
function bySeq(triples: Float64Array): Float64Array {
  const order = Uint32Array.from({ length: triples.length / 3 }, (_, i) => i).sort((a, b) => triples[3 * a + 2] - triples[3 * b + 2]);
  const out = new Float64Array(triples.length);
  order.forEach((k, i) => out.set(triples.subarray(3 * k, 3 * k + 3), 3 * i));
  return out;
}
