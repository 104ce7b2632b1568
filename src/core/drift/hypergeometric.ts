// Hypergeometric probabilities for Fisher's exact test: X counts the successes in n draws without
// replacement from N items of which K are successes.
import factorialln from '@stdlib/math-base-special-factorialln';
import cdf from '@stdlib/stats-base-dists-hypergeometric-cdf';

/** Sum in ascending order: the same four terms in any order give the same bits. */
function sortedSum(terms: number[]): number {
  terms.sort((a, b) => a - b);
  let sum = 0;
  for (const term of terms) sum += term;
  return sum;
}

/**
 * P(X = x). Computed from log-factorials summed in sorted order so that mirror-image outcomes (x
 * and n - x when K = N / 2, x and K - x when n = N / 2) get bit-identical probabilities: Fisher's
 * two-sided test decides which tables are "as extreme" by comparing probabilities within a relative
 * 1e-14, finer than a log-factorial sum taken in a fixed order keeps for counts in the thousands.
 */
export function hypergeometricPmf(x: number, N: number, K: number, n: number): number {
  if (x < Math.max(0, n + K - N) || x > Math.min(K, n)) return 0;
  const numerator = sortedSum([factorialln(n), factorialln(K), factorialln(N - n), factorialln(N - K)]);
  const denominator = sortedSum([factorialln(x), factorialln(n - x), factorialln(K - x), factorialln(N - K - n + x)]);
  return Math.exp(numerator - factorialln(N) - denominator);
}

/** P(X <= x). */
export function hypergeometricCdf(x: number, N: number, K: number, n: number): number {
  return cdf(x, N, K, n);
}

/** P(X > x), as the lower tail of the failures drawn (n - X), so a small tail keeps its digits. */
export function hypergeometricSf(x: number, N: number, K: number, n: number): number {
  return cdf(n - x - 1, N, N - K, n);
}
