// Total variation distance between the two sides' shares, over shared bins or categories.
import { noDistance, sharesOfBoth } from './shares';
import type { CountsTest } from './types';

/**
 * 0.5 * sum(|r - c|) on the shares, no zero-fill: the largest difference in probability the two
 * sides give any set of bins, in [0, 1]. A distance: no p-value. NaN when a side counts nothing.
 */
export const tvd: CountsTest = (reference, current) => {
  const both = sharesOfBoth('tvd', reference, current);
  if (!both) return noDistance();
  const [r, c] = both;
  let sum = 0;
  for (let i = 0; i < r.length; i++) sum += Math.abs(r[i] - c[i]);
  return { statistic: 0.5 * sum, pValue: null };
};
