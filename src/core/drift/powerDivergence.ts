// What the chi-square and G-tests share: the current batch's observed counts against the counts
// the reference's shares predict for a batch of its size, and the chi-square upper tail.
import gammainc from '@stdlib/math-base-special-gammainc';
import { checkCounts } from './shares';

export interface ObservedExpected {
  observed: Float64Array;
  expected: Float64Array;
}

/**
 * f_obs = current counts, f_exp = reference counts * (n_cur / n_ref), over the categories counted
 * on at least one side: a category zero on both sides is in neither sample, and left in, it would
 * make scipy's statistic 0 / 0 (NaN). The degrees of freedom are the categories kept, less one.
 */
export function observedExpected(test: string, reference: Float64Array, current: Float64Array): ObservedExpected {
  checkCounts(test, reference, current);
  let nReference = 0;
  let nCurrent = 0;
  for (let i = 0; i < reference.length; i++) {
    nReference += reference[i];
    nCurrent += current[i];
  }
  const scale = nCurrent / nReference;
  const observed: number[] = [];
  const expected: number[] = [];
  for (let i = 0; i < reference.length; i++) {
    if (reference[i] === 0 && current[i] === 0) continue;
    observed.push(current[i]);
    expected.push(reference[i] * scale);
  }
  return { observed: Float64Array.from(observed), expected: Float64Array.from(expected) };
}

/**
 * P(X >= statistic) for X ~ chi-square(df), as scipy's `chi2.sf`: the regularised upper incomplete
 * gamma function Q(df / 2, statistic / 2), exact in the far tail where 1 - cdf would round to 0.
 * NaN for df < 1 (one category: scipy's p-value is NaN too) and for a NaN statistic; 0 for an
 * infinite one.
 */
export function chiSquareSurvival(statistic: number, df: number): number {
  if (!(df >= 1) || Number.isNaN(statistic)) return NaN;
  if (statistic === Infinity) return 0;
  if (statistic <= 0) return 1;
  return gammainc(statistic / 2, df / 2, true, true);
}
