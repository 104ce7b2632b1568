// Hellinger distance between the two sides' shares, over shared bins or categories.
import { checkCounts, isEmpty, shares } from './shares';
import type { CountsTest } from './types';

/**
 * sqrt(sum((sqrt r - sqrt c)^2)) / sqrt 2 on the shares, no zero-fill: 0 for identical shares, 1
 * for shares with no bin in common. A distance: no p-value. NaN when a side counts nothing.
 */
export const hellinger: CountsTest = (reference, current) => {
  checkCounts('hellinger', reference, current);
  if (isEmpty(reference) || isEmpty(current)) return { statistic: NaN, pValue: null };
  const r = shares(reference);
  const c = shares(current);
  let sum = 0;
  for (let i = 0; i < r.length; i++) sum += (Math.sqrt(r[i]) - Math.sqrt(c[i])) ** 2;
  return { statistic: Math.sqrt(sum) / Math.SQRT2, pValue: null };
};
