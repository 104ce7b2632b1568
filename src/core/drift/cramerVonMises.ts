// Cramér-von Mises two-sample test, as scipy.stats.cramervonmises_2samp(reference, current) with
// method "auto": the exact distribution of the rank statistic when both samples have at most 20
// values, else Anderson's (1962) normalisation referred to the one-sample limiting distribution.
import gammaln from '@stdlib/math-base-special-gammaln';
import { besselK } from './besselK';
import { CompensatedSum } from './compensatedSum';
import { floorDivide, gcd } from './integerArithmetic';
import { forEachTiedGroup } from './tiedGroups';
import type { NumericTest } from './types';

const MAX_EXACT_N = 20;

/** A frequency table: distinct values ascending, and how many paths reach each. */
interface Table {
  values: Float64Array;
  counts: Float64Array;
}

/**
 * Merges two tables, adds `step` to every value and lumps every value at or above `cap` into one
 * entry at `cap`: the increments are never negative, so a partial sum past the cap stays past it,
 * and only "at least the cap" matters for the p-value. Keeps the tables small and the merge linear.
 */
function mergeShiftCap(a: Table, b: Table, step: number, cap: number): Table {
  const values = new Float64Array(a.values.length + b.values.length);
  const counts = new Float64Array(values.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.values.length || j < b.values.length) {
    let value: number;
    let count: number;
    if (j >= b.values.length || (i < a.values.length && a.values[i] < b.values[j])) {
      value = a.values[i];
      count = a.counts[i++];
    } else if (i >= a.values.length || b.values[j] < a.values[i]) {
      value = b.values[j];
      count = b.counts[j++];
    } else {
      value = a.values[i];
      count = a.counts[i++] + b.counts[j++];
    }
    value = Math.min(value + step, cap);
    if (k > 0 && values[k - 1] === value) counts[k - 1] += count;
    else {
      values[k] = value;
      counts[k++] = count;
    }
  }
  return { values: values.subarray(0, k), counts: counts.subarray(0, k) };
}

/**
 * P(U >= s) for the rank statistic U of samples of sizes m and n (Xiao, Gordon and Yakovlev 2006):
 * the frequency table of the partial sums g(u, v) over lattice paths, one column at a time.
 */
function exactPValue(s: number, m: number, n: number): number {
  const lcm = (m / gcd(m, n)) * n;
  const a = lcm / m;
  const b = lcm / n;
  const mn = m * n;
  const zeta = floorDivide(lcm ** 2 * (m + n) * (6 * s - mn * (4 * mn - 1)), 6 * mn ** 2);
  const empty: Table = { values: new Float64Array(0), counts: new Float64Array(0) };
  let columns: Table[] = [{ values: Float64Array.of(0), counts: Float64Array.of(1) }];
  for (let v = 1; v <= m; v++) columns.push(empty);
  for (let u = 0; u <= n; u++) {
    const next: Table[] = [];
    let carried = empty; // paths into (u, v) from (u, v - 1); the rest come from (u - 1, v)
    for (let v = 0; v <= m; v++) {
      carried = mergeShiftCap(carried, columns[v], (a * v - b * u) ** 2, Math.max(zeta, 0));
      next.push(carried);
    }
    columns = next;
  }
  const last = columns[m];
  let atLeast = 0;
  for (let i = 0; i < last.values.length; i++) if (last.values[i] >= zeta) atLeast += last.counts[i];
  let combinations = 1;
  for (let i = 1; i <= m; i++) combinations = (combinations * (n + i)) / i;
  return atLeast / Math.round(combinations);
}

/** The limiting CDF of the one-sample statistic (Csörgő and Faraway 1996, eq. 1.2), summed until a term is below 1e-7 as scipy does. */
function limitingCdf(x: number): number {
  let total = 0;
  for (let k = 0; ; k++) {
    const u = Math.exp(gammaln(k + 0.5) - gammaln(k + 1)) / (Math.PI ** 1.5 * Math.sqrt(x));
    const y = 4 * k + 1;
    const q = (y * y) / (16 * x);
    const term = u * Math.sqrt(y) * Math.exp(-q) * besselK(0.25, q);
    total += term;
    if (!(Math.abs(term) >= 1e-7)) return total;
  }
}

export const cvm: NumericTest = (reference, current) => {
  const nx = reference.length;
  const ny = current.length;
  // scipy returns nan (its too-small-sample rule) when a side has a single value.
  if (nx <= 1 || ny <= 1) return { statistic: NaN, pValue: NaN };
  // Sum over each sample of (pooled midrank - rank within the sample)^2. Each term is exact (a
  // multiple of 1/4); the sums are compensated because t below subtracts two nearly equal numbers
  // of order n, which would magnify plain summation's rounding a millionfold on large samples.
  const sumX = new CompensatedSum();
  const sumY = new CompensatedSum();
  forEachTiedGroup(reference, current, (inReference, inCurrent, referenceBelow, currentBelow) => {
    const midrank = referenceBelow + currentBelow + (inReference + inCurrent + 1) / 2;
    for (let i = 1; i <= inReference; i++) sumX.add((midrank - (referenceBelow + i)) ** 2);
    for (let j = 1; j <= inCurrent; j++) sumY.add((midrank - (currentBelow + j)) ** 2);
  });
  const u = nx * sumX.value() + ny * sumY.value();
  const k = nx * ny;
  const N = nx + ny;
  const t = u / (k * N) - (4 * k - 1) / (6 * N);
  if (Math.max(nx, ny) <= MAX_EXACT_N) return { statistic: t, pValue: exactPValue(u, nx, ny) };
  const et = (1 + 1 / N) / 6;
  const vt = ((N + 1) * (4 * k * N - 3 * (nx ** 2 + ny ** 2) - 2 * k)) / (45 * N ** 2 * 4 * k);
  const tn = 1 / 6 + (t - et) / Math.sqrt(45 * vt);
  // Below 0.003 the limiting CDF is under 1.3e-18: scipy returns 1 without evaluating it.
  const p = tn >= 0.003 ? Math.max(1 - limitingCdf(tn), 0) : 1;
  return { statistic: t, pValue: p };
};
