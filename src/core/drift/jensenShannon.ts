// Jensen-Shannon distance between the two sides' shares, over shared bins or categories.
import { noDistance, sharesOfBoth } from './shares';
import type { CountsTest } from './types';

/** x * ln(x / y), 0 where x is 0 (scipy's rel_entr for x, y >= 0 with y > 0 wherever x > 0). */
function relativeEntropy(x: number, y: number): number {
  return x === 0 ? 0 : x * Math.log(x / y);
}

/**
 * `scipy.spatial.distance.jensenshannon(r, c)`: natural log, the square root of the divergence (a
 * distance, in [0, sqrt(ln 2)]), no zero-fill (the mixture is non-zero wherever either side is).
 * Where rounding leaves the divergence a hair below 0 for near-identical shares, scipy's square
 * root gives NaN; this gives 0, the distance those shares have. NaN when a side counts nothing.
 */
export const jensenshannon: CountsTest = (reference, current) => {
  const both = sharesOfBoth('jensenshannon', reference, current);
  if (!both) return noDistance();
  const [p, q] = both;
  let left = 0;
  let right = 0;
  for (let i = 0; i < p.length; i++) {
    const m = (p[i] + q[i]) / 2;
    left += relativeEntropy(p[i], m);
    right += relativeEntropy(q[i], m);
  }
  return { statistic: Math.sqrt(Math.max(0, (left + right) / 2)), pValue: null };
};
