// Welch's t-test (unequal variances), as scipy.stats.ttest_ind(reference, current, equal_var=False):
// t and its two-sided p-value from Student's t with the Welch-Satterthwaite degrees of freedom.
import tCdf from '@stdlib/stats-base-dists-t-cdf';
import { meanAndSumOfSquares } from './sampleMoments';
import type { NumericTest } from './types';

function meanAndVariance(values: Float64Array): [mean: number, variance: number] {
  const n = values.length;
  const [mean, squares] = meanAndSumOfSquares(values);
  // ddof 1: NaN for a single value, as numpy gives (and so t and p are NaN, as scipy's are).
  return [mean, n > 1 ? squares / (n - 1) : NaN];
}

export const ttest: NumericTest = (reference, current) => {
  const n1 = reference.length;
  const n2 = current.length;
  const [mean1, var1] = meanAndVariance(reference);
  const [mean2, var2] = meanAndVariance(current);
  const vn1 = var1 / n1;
  const vn2 = var2 / n2;
  let df = (vn1 + vn2) ** 2 / (vn1 ** 2 / (n1 - 1) + vn2 ** 2 / (n2 - 1));
  // Both variances zero: df is 0/0. scipy then uses 1, which only matters for an infinite t (p 0).
  if (Number.isNaN(df)) df = 1;
  // Two constant samples: t is +-Infinity when their values differ and NaN (0/0) when they are equal, as in scipy.
  const t = (mean1 - mean2) / Math.sqrt(vn1 + vn2);
  if (Number.isNaN(t)) return { statistic: NaN, pValue: NaN };
  const p = Math.min(1, 2 * tCdf(-Math.abs(t), df));
  return { statistic: t, pValue: p };
};
