// Fisher's exact test on the 2 x 2 table of two categories' counts in the reference and the batch.
import { hypergeometricCdf, hypergeometricPmf, hypergeometricSf } from './hypergeometric';
import { twoCategories } from './twoCategories';
import type { CountsTest } from './types';

/** scipy's tolerance: a table whose probability is within this relative distance of the observed one counts as equally extreme. */
const EPSILON = 1e-14;
const GAMMA = 1 + EPSILON;

/**
 * Largest i in [lo, hi] with f(i) <= d, f ascending on the range (lo - 1 if none): the search
 * scipy uses to find where the other tail starts.
 */
function searchTail(f: (x: number) => number, d: number, lo: number, hi: number): number {
  while (lo < hi) {
    const mid = lo + Math.floor((hi - lo) / 2);
    const value = f(mid);
    if (value < d) lo = mid + 1;
    else if (value > d) hi = mid - 1;
    else return mid;
  }
  return f(lo) <= d ? lo : lo - 1;
}

/**
 * `scipy.stats.fisher_exact([[ref A, ref B], [cur A, cur B]])`, two-sided: the statistic is the
 * sample odds ratio (ref A * cur B) / (ref B * cur A), Infinity when the denominator is 0; the
 * p-value sums the probabilities, given the margins, of every table no more likely than the
 * observed one (within a relative 1e-14, as scipy). A row or column of zeros (one category, or an
 * empty side): odds ratio NaN and p-value 1, as scipy. Counts must be whole numbers.
 */
export const fisher: CountsTest = (reference, current) => {
  const t = twoCategories('fisher', reference, current);
  for (const [name, value] of Object.entries(t)) {
    if (!Number.isSafeInteger(value)) throw new Error(`fisher: ${name} is ${value}; Fisher's exact test needs whole counts`);
  }
  const { referenceA: a, referenceB: b, currentA: c, currentB: d } = t;
  if (a + b === 0 || c + d === 0 || a + c === 0 || b + d === 0) return { statistic: NaN, pValue: 1 };
  const statistic = c > 0 && b > 0 ? (a * d) / (c * b) : Infinity;

  const n1 = a + b;
  const N = n1 + c + d;
  const n = a + c;
  const pmf = (x: number): number => hypergeometricPmf(x, N, n1, n);
  const mode = Math.trunc(((n + 1) * (n1 + 1)) / (N + 2));
  const pExact = pmf(a);
  const pMode = pmf(mode);
  if (Math.abs(pExact - pMode) / Math.max(pExact, pMode) <= EPSILON) return { statistic, pValue: 1 };

  let pValue: number;
  if (a < mode) {
    const lower = hypergeometricCdf(a, N, n1, n);
    if (pmf(n) > pExact * GAMMA) return { statistic, pValue: lower };
    const guess = searchTail((x) => -pmf(x), -pExact * GAMMA, mode, n);
    pValue = lower + hypergeometricSf(guess, N, n1, n);
  } else {
    const upper = hypergeometricSf(a - 1, N, n1, n);
    if (pmf(0) > pExact * GAMMA) return { statistic, pValue: upper };
    const guess = searchTail(pmf, pExact * GAMMA, 0, mode);
    pValue = upper + hypergeometricCdf(guess, N, n1, n);
  }
  return { statistic, pValue: Math.min(pValue, 1) };
};
