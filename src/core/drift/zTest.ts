// Two-proportion z-test: does the batch hold the first category in the same proportion as the reference?
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import { twoCategories } from './twoCategories';
import type { CountsTest } from './types';

/**
 * Pooled two-proportion z-test, two-sided, on the share of the first category (statsmodels'
 * `proportions_ztest([ref A, cur A], [n_ref, n_cur])`): z = (p_ref - p_cur) / sqrt(p (1 - p)
 * (1 / n_ref + 1 / n_cur)) with p the pooled share, p-value 2 * Phi(-|z|). When both sides hold
 * one category only (p is 0 or 1) z is 0 / 0: NaN, as statsmodels; likewise for an empty side.
 */
export const ztest: CountsTest = (reference, current) => {
  const { referenceA, referenceB, currentA, currentB } = twoCategories('ztest', reference, current);
  const nReference = referenceA + referenceB;
  const nCurrent = currentA + currentB;
  const difference = referenceA / nReference - currentA / nCurrent;
  const pooled = (referenceA + currentA) / (nReference + nCurrent);
  const variance = pooled * (1 - pooled) * (1 / nReference + 1 / nCurrent);
  const statistic = difference / Math.sqrt(variance);
  return { statistic, pValue: Number.isNaN(statistic) ? NaN : 2 * normalCdf(-Math.abs(statistic), 0, 1) };
};
