// Mann-Whitney U test, two-sided, as scipy.stats.mannwhitneyu(reference, current,
// alternative="two-sided") with its default method "auto": the exact null distribution when one
// sample has at most 8 values and nothing is tied, else the normal approximation with the tie
// correction and the continuity correction. The statistic is U of the reference sample.
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import { forEachTiedGroup } from './tiedGroups';
import type { NumericTest } from './types';

/** binom(n, k) as a double (scipy.special.binom), by the running product. */
function binomial(n: number, k: number): number {
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return r;
}

/**
 * P(U <= k) under the null for samples of sizes m and n without ties: the coefficients of the
 * Gaussian binomial [m + n choose m]_q up to q^k, over binom(m + n, m). The product of
 * (1 - q^(n+i)) / (1 - q^i) is built on series truncated after q^k, dividing before multiplying so
 * the running coefficients stay positive.
 */
export function mannWhitneyCdf(m: number, n: number, k: number): number {
  const [small, large] = m <= n ? [m, n] : [n, m];
  const counts = new Float64Array(k + 1);
  counts[0] = 1;
  for (let i = 1; i <= small; i++) {
    for (let u = i; u <= k; u++) counts[u] += counts[u - i];
    const shift = large + i;
    for (let u = k; u >= shift; u--) counts[u] -= counts[u - shift];
  }
  let total = 0;
  for (let u = 0; u <= k; u++) total += counts[u];
  return total / binomial(m + n, small);
}

export const mannwhitney: NumericTest = (reference, current) => {
  const n1 = reference.length;
  const n2 = current.length;
  let rankSum = 0;
  let tieTerm = 0;
  forEachTiedGroup(reference, current, (inReference, inCurrent, referenceBelow, currentBelow) => {
    const t = inReference + inCurrent;
    rankSum += inReference * (referenceBelow + currentBelow + (t + 1) / 2); // the group's average rank
    tieTerm += t ** 3 - t;
  });
  const u1 = rankSum - (n1 * (n1 + 1)) / 2;
  const u = Math.max(u1, n1 * n2 - u1);
  let p: number;
  if ((n1 <= 8 || n2 <= 8) && tieTerm === 0) {
    // The distribution is symmetric: P(U >= u) = P(U <= n1 n2 - u), and u >= n1 n2 / 2.
    p = 2 * mannWhitneyCdf(n1, n2, n1 * n2 - u);
  } else {
    const n = n1 + n2;
    const s = Math.sqrt(((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1))));
    // Every value tied (s = 0): z is -Infinity and p clips to 1, as in scipy.
    const z = (u - (n1 * n2) / 2 - 0.5) / s;
    p = 2 * normalCdf(-z, 0, 1);
  }
  return { statistic: u1, pValue: Math.min(1, Math.max(0, p)) };
};
