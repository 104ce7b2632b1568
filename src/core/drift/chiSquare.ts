// Pearson's chi-square test of the current batch's categories against the reference's shares.
import { chiSquareSurvival, observedExpected } from './powerDivergence';
import type { CountsTest } from './types';

/**
 * `scipy.stats.chisquare(f_obs=current, f_exp=reference * n_cur / n_ref)` over the categories
 * counted on either side: statistic sum((o - e)^2 / e), p-value from chi-square with k - 1 degrees
 * of freedom.
 *
 * A category the current batch has and the reference never had (expected 0) makes the statistic
 * Infinity and the p-value 0, as scipy returns and as Evidently reports it: under the reference's
 * distribution such a value cannot occur, so any occurrence is drift, however few. Callers that
 * print JSON must write Infinity explicitly (JSON.stringify turns it into null).
 * A single category: statistic 0 and a NaN p-value (0 degrees of freedom; scipy's NaN too). A side
 * counting nothing: NaN, as scipy (its expected counts are 0 / 0).
 */
export const chisquare: CountsTest = (reference, current) => {
  const { observed, expected } = observedExpected('chisquare', reference, current);
  let statistic = 0;
  for (let i = 0; i < observed.length; i++) {
    const difference = observed[i] - expected[i];
    statistic += (difference * difference) / expected[i];
  }
  return { statistic, pValue: chiSquareSurvival(statistic, observed.length - 1) };
};
