// Kullback-Leibler divergence of the reference from the current batch, over shared bins or categories.
import { noDistance, shares, sharesOfBoth } from './shares';
import type { CountsTest } from './types';
import { zeroFill } from './zeroFill';

/**
 * `scipy.stats.entropy(r, c)` (natural log) on the zero-filled shares: like scipy, the filled
 * shares are normalised again to sum to 1, then sum(r * ln(r / c)). No zero is left, so the
 * divergence is finite. A distance: no p-value. NaN when a side counts nothing.
 */
export const kl: CountsTest = (reference, current) => {
  const both = sharesOfBoth('kl', reference, current);
  if (!both) return noDistance();
  const r = shares(zeroFill(both[0]));
  const c = shares(zeroFill(both[1]));
  let sum = 0;
  for (let i = 0; i < r.length; i++) sum += r[i] * Math.log(r[i] / c[i]);
  return { statistic: sum, pValue: null };
};
