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
  let gs: Map<number, number>[] = [new Map([[0, 1]])];
  for (let v = 1; v <= m; v++) gs.push(new Map());
  for (let u = 0; u <= n; u++) {
    const next: Map<number, number>[] = [];
    let tmp = new Map<number, number>(); // paths into (u, v), carried down the column as v grows
    for (let v = 0; v <= m; v++) {
      // Paths reach (u, v) from (u, v - 1), already in tmp, or from (u - 1, v), in gs[v].
      const merged = new Map<number, number>(tmp);
      for (const [value, freq] of gs[v]) merged.set(value, (merged.get(value) ?? 0) + freq);
      const step = (a * v - b * u) ** 2;
      tmp = new Map<number, number>();
      for (const [value, freq] of merged) tmp.set(value + step, freq);
      next.push(tmp);
    }
    gs = next;
  }
  let atLeast = 0;
  for (const [value, freq] of gs[m]) if (value >= zeta) atLeast += freq;
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
