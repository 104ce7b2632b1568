// Hellinger distance between the two sides' shares, over shared bins or categories.
import { noDistance, sharesOfBoth } from './shares';
import type { CountsTest } from './types';

/**
 * sqrt(sum((sqrt r - sqrt c)^2)) / sqrt 2 on the shares, no zero-fill: 0 for identical shares, 1
 * for shares with no bin in common. A distance: no p-value. NaN when a side counts nothing.
 */
export const hellinger: CountsTest = (reference, current) => {
  const both = sharesOfBoth('hellinger', reference, current);
  if (!both) return noDistance();
  const [r, c] = both;
  let sum = 0;
  for (let i = 0; i < r.length; i++) sum += (Math.sqrt(r[i]) - Math.sqrt(c[i])) ** 2;
  return { statistic: Math.sqrt(sum) / Math.SQRT2, pValue: null };
};
