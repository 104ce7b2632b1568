// G-test (log-likelihood ratio) of the current batch's categories against the reference's shares.
import { chiSquareSurvival, observedExpected } from './powerDivergence';
import type { CountsTest } from './types';

/**
 * `scipy.stats.power_divergence(f_obs=current, f_exp=reference * n_cur / n_ref,
 * lambda_="log-likelihood")`: G = 2 * sum(o * ln(o / e)), a term 0 where o is 0, p-value from
 * chi-square with k - 1 degrees of freedom. The same edge cases as `chisquare`: a category only in
 * the current batch gives Infinity and p 0 (drift), one category a NaN p-value, an empty side NaN.
 */
export const gtest: CountsTest = (reference, current) => {
  const { observed, expected } = observedExpected('gtest', reference, current);
  let sum = 0;
  for (let i = 0; i < observed.length; i++) {
    const ratio = observed[i] / expected[i];
    // scipy's xlogy(o, o / e) is 0 where o is 0, unless the ratio is 0 / 0 (an empty side): NaN
    sum += observed[i] === 0 && !Number.isNaN(ratio) ? 0 : 2 * (observed[i] * Math.log(ratio));
  }
  return { statistic: sum, pValue: chiSquareSurvival(sum, observed.length - 1) };
};
